// `between` with bounds captured during the run: judged once the values are known, as gte and lte are (at load the
// list was read as the text written, ["${ZERO}", "${BIG}"], and refused as no numbers: exit 2, nothing run).
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runInProcess } from "../../test/helpers/in-process.ts";

const dir = mkdtempSync(join(tmpdir(), "between-at-run-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const server = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch(req) {
    const url = new URL(req.url);
    if (url.pathname === "/cap") return Response.json({ zero: "0", big: "300", low: "200", word: "lots" });
    return new Response("ok", { status: Number(url.searchParams.get("s") ?? 200) });
  },
});
afterAll(() => server.stop(true));
const base = `http://127.0.0.1:${server.port}`;

async function run(yaml: string) {
  const r = await runInProcess(dir, yaml);
  return { code: r.code, stderr: r.stderr, steps: Object.fromEntries(r.steps.map((s) => [s.name, s.error ?? s.status])) };
}

/** A scenario capturing ZERO=0, LOW=200, BIG=300 and WORD=lots (by http, or by a shell step's stdout), then `rest`. */
const scenario = (rest: string, by: "http" | "shell" = "http") => `name: bw
steps:
  - name: cap
${by === "http"
    ? `    http: { url: "${base}/cap", capture: { ZERO: $.zero, LOW: $.low, BIG: $.big, WORD: $.word } }`
    : `    shell: { run: "echo 0", capture: { ZERO: stdout } }
  - name: cap2
    shell: { run: "echo 300", capture: { BIG: stdout } }`}
${rest}`;

describe("between with bounds captured during the run", () => {
  test("loads, and a shell step's output is judged with the values: inside passes, outside fails", async () => {
    for (const by of ["http", "shell"] as const) {
      const inside = await run(scenario('  - name: b\n    shell: { run: [echo, "5"], expect: { stdout: { between: ["${ZERO}", "${BIG}"] } } }\n', by));
      expect({ by, stderr: inside.stderr, code: inside.code, b: inside.steps.b }).toEqual({ by, stderr: "", code: 0, b: "passed" });
      const outside = await run(scenario('  - name: b\n    shell: { run: [echo, "500"], expect: { stdout: { between: ["${ZERO}", "${BIG}"] } } }\n', by));
      expect({ by, code: outside.code, b: outside.steps.b }).toEqual({ by, code: 1, b: "failed" });
    }
  });

  test("one bound captured, the other written", async () => {
    expect((await run(scenario('  - name: b\n    shell: { run: [echo, "5"], expect: { stdout: { between: [1, "${BIG}"] } } }\n'))).steps.b).toBe("passed");
    expect((await run(scenario('  - name: b\n    shell: { run: [echo, "5"], expect: { stdout: { between: ["${LOW}", 1000] } } }\n'))).steps.b).toBe("failed");
  });

  test("a status between captured bounds: 250 passes, 404 fails", async () => {
    const step = (s: number) => `  - name: b\n    http: { url: "${base}/s?s=${s}", expect: { status: { between: ["\${LOW}", "\${BIG}"] } } }\n`;
    const passed = await run(scenario(step(250)));
    expect({ stderr: passed.stderr, code: passed.code, b: passed.steps.b }).toEqual({ stderr: "", code: 0, b: "passed" });
    expect((await run(scenario(step(404)))).steps.b).toBe("failed");
  });

  test("values that make no bounds fail the step when it runs, saying why", async () => {
    const reversed = await run(scenario('  - name: b\n    shell: { run: [echo, "5"], expect: { stdout: { between: ["${BIG}", "${ZERO}"] } } }\n'));
    expect(reversed.code).toBe(1);
    expect(reversed.steps.b).toContain('between ["300","0"] holds for no value: write the lower bound first');
    const word = await run(scenario('  - name: b\n    shell: { run: [echo, "5"], expect: { stdout: { between: ["${WORD}", 5] } } }\n'));
    expect(word.code).toBe(1);
    expect(word.steps.b).toContain('expect.stdout.between: between takes two numbers, durations (2s) or sizes (10MiB); got ["lots",5]');
  });

  test("a written bound that is no number is still refused at load, beside a captured one", async () => {
    const r = await run(scenario('  - name: b\n    shell: { run: [echo, "5"], expect: { stdout: { between: ["${ZERO}", lots] } } }\n'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('steps[1].shell.expect.stdout.between: between takes two numbers, durations (2s) or sizes (10MiB); got ["${ZERO}","lots"]');
    expect(r.steps).toEqual({});
  });
});
