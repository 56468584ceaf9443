// Tests of when the CLI may end at once after main(): only with plain descriptor output and no child process group alive.
import { expect, test } from "bun:test";
import { join } from "node:path";

const here = import.meta.dir;

/** Runs `body` in a fresh Bun process (std-streams and exec keep process-wide state) with mayExitAtOnce in scope; returns what it printed to stderr. */
async function probe(body: string, stdout: "pipe" | ReturnType<typeof Bun.file> = "pipe"): Promise<string> {
  const script = `
    import { standardOutputs } from ${JSON.stringify(join(here, "std-streams.ts"))};
    import { mayExitAtOnce } from ${JSON.stringify(join(here, "exit-at-once.ts"))};
    import { exec } from ${JSON.stringify(join(here, "../util/exec.ts"))};
    const say = (v) => require("node:fs").writeSync(2, String(v) + "\\n");
    ${body}`;
  const proc = Bun.spawn([process.execPath, "-e", script], { stdout, stderr: "pipe" });
  const [err, code] = await Promise.all([new Response(proc.stderr).text(), proc.exited]);
  expect({ code, err }).toMatchObject({ code: 0 });
  return err;
}

test("output through descriptors (pipes) and no child: the process may end at once", async () => {
  expect(await probe("say(mayExitAtOnce()); const io = standardOutputs(); io.stdout.write(''); say(mayExitAtOnce());")).toBe("true\ntrue\n");
});

test("output through a Node stream (a character device that may be a terminal): the process waits for its event loop", async () => {
  expect(await probe("const io = standardOutputs(); say(mayExitAtOnce()); io.stdout.write('x'); say(mayExitAtOnce());", Bun.file("/dev/zero"))).toBe("false\nfalse\n");
});

test("a child process group still running: the process waits; once it is gone, it may end at once", async () => {
  const body = `
    standardOutputs();
    const stop = new AbortController();
    const running = exec(["sleep", "30"], { signal: stop.signal, killAfterMs: 100 });
    say(mayExitAtOnce());
    stop.abort();
    await running;
    say(mayExitAtOnce());`;
  expect(await probe(body)).toBe("false\ntrue\n");
});
