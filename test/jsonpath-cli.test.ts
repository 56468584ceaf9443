// End-to-end (the CLI as a child process): a refused JSONPath's file:line:col is the character its message names, in
// every way YAML writes a string; and JSONPath captures of several, one and no matches against a local server.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, tempDir, writeScenario } from "./helpers/cli.ts";

describe("a refused JSONPath is located at its character (file:line:col), after characters beyond the BMP too", () => {
  // Each line holds one "~", the character refused; the message's position counts characters, the column is the
  // line's as every other error's (its characters: code points, "😀" one, as editors count).
  const lines = [
    `        json:`,
    `          "$.é😀[?(@.a ~ 1)]": 1`,
    `          '$[''😀''][?(@.b ~ 2)]': 1`,
    `          "$[\\"\\u00e9\\"][?(@.c ~ 3)]": 1`,
    `          "$.\\u00e9😀[?(@.d ~ 4)]": 1`,
    `          $.x😀[?(@.e ~ 5)]: 1`,
    `      capture:`,
    `        X: "$.😀[?(@.f ~ 6)]"`,
    `        Y: $.😀😀[?(@.g ~ 7)]`,
    `        Z: '$[''é''][?(@.h ~ 8)]'`,
  ];
  const yaml = `name: located
steps:
  - name: one
    http:
      url: http://127.0.0.1:9/x
      expect:
${lines.join("\n")}
  - name: two
    http: { url: "http://127.0.0.1:9/y", expect: { json: { "$['😀'][?(@.i ~ 9)]": 1 } } }
`;
  // [line number in the file, the path as the scenario holds it]
  const want: [number, string][] = [
    [8, "$.é😀[?(@.a ~ 1)]"],
    [9, "$['😀'][?(@.b ~ 2)]"],
    [10, '$["é"][?(@.c ~ 3)]'],
    [11, "$.é😀[?(@.d ~ 4)]"],
    [12, "$.x😀[?(@.e ~ 5)]"],
    [14, "$.😀[?(@.f ~ 6)]"],
    [15, "$.😀😀[?(@.g ~ 7)]"],
    [16, "$['é'][?(@.h ~ 8)]"],
    [18, "$['😀'][?(@.i ~ 9)]"],
  ];

  test("scenario validate: exit 2, each error at its \"~\"", async () => {
    const dir = tempDir();
    const file = writeScenario(dir, yaml);
    const r = await runCli(["validate", file], { cwd: dir });
    expect(r.code).toBe(2);
    const fileLines = yaml.split("\n");
    for (const [line, path] of want) {
      // the characters before "~" (😀 is one), from 1
      const position = [...path.slice(0, path.indexOf("~"))].length + 1;
      const col = [...fileLines[line - 1]!.slice(0, fileLines[line - 1]!.indexOf("~"))].length + 1;
      expect(col).toBeGreaterThan(0);
      expect(r.stderr + r.stdout).toContain(`scenario.yaml:${line}:${col}: `);
      expect(r.stderr + r.stdout).toContain(`"~" is not supported in a filter`);
      expect(r.stderr + r.stdout).toContain(`at position ${position} of JSONPath ${JSON.stringify(path)}`);
    }
    expect(r.stderr + r.stdout).toContain(`${want.length} errors: nothing was run.`);
  });
});

describe("JSONPath captures, end to end against a local server", () => {
  let server: ReturnType<typeof Bun.serve>;
  let base: string;
  const body = { items: [{ id: "m-1", n: 1 }, { id: "m-2", n: 2 }], one: [{ id: "m-3", n: 3 }], none: [], big: [{ id: 9007199254740993 }] };
  beforeAll(() => {
    server = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      fetch: (req) => {
        const url = new URL(req.url);
        if (url.pathname === "/id") return Response.json({ id: "zzz' || @.id != 'zzz" });
        // the big id written as digits (JSON.stringify of the body would round it first)
        return new Response(JSON.stringify(body).replace("9007199254740992", "9007199254740993"), { headers: { "content-type": "application/json" } });
      },
    });
    base = `http://127.0.0.1:${server.port}`;
  });
  afterAll(() => server.stop(true));

  test("several matches: a JSON list; one match of such a path: the match itself; a path naming one place: its value", async () => {
    const dir = tempDir();
    const file = writeScenario(dir, `name: captures
steps:
  - name: get
    http:
      url: ${base}/items
      capture:
        SEVERAL: $.items[*].id
        ONE: $.one[*].id
        FIRST: $.items[0].id
        FILTERED: $.items[?@.n > 1].id
        OBJECT: $.one[0]
        NUMBERS: $..n
  - name: use
    shell:
      run: 'printf "%s|%s|%s|%s|%s|%s" "\${SEVERAL}" "\${ONE}" "\${FIRST}" "\${FILTERED}" "\${OBJECT}" "\${NUMBERS}"'
      expect:
        stdout: '["m-1","m-2"]|m-3|m-1|m-2|{"id":"m-3","n":3}|[1,2,3]'
`);
    const r = await runCli([file, "--report", "md", "--report-dir", join(dir, "reports")], { cwd: dir });
    // the shell step's stdout check holds the captured values
    expect(r.code).toBe(0);
  });

  test("no match fails the step (a check named capture NAME), and a later step does not run with it", async () => {
    const dir = tempDir();
    const file = writeScenario(dir, `name: capture none
steps:
  - name: get
    http:
      url: ${base}/items
      capture:
        NONE: $.none[*].id
        MISSING: $.items[5].id
  - name: use
    shell: { run: 'echo "\${NONE}"' }
`);
    const r = await runCli([file, "--report", "md", "--report-dir", join(dir, "reports")], { cwd: dir });
    const out = r.stdout + r.stderr;
    expect(r.code).toBe(1);
    expect(out).toContain("capture NONE");
    expect(out).toContain("capture MISSING");
    expect(out).toContain("nothing matched");
    // the shell step that would use the value is skipped, not run with an empty or made-up value
    const report = readFileSync(join(dir, "reports", "latest.md"), "utf8");
    expect(report).toMatch(/\| 2 \| use \|[^\n]*skipped/);
    expect(report).toContain("1 failed, 1 skipped");
  });

  test("a value with a quote in a JSONPath's quoted text is that text: it does not end the text and write a filter of its own", async () => {
    const dir = tempDir();
    const file = writeScenario(dir, `name: injection
steps:
  - name: get id
    http: { url: "${base}/id", capture: { ID: $.id } }
  - name: the item with the captured id is m-1
    continue_on_failure: true
    http:
      url: ${base}/items
      expect:
        json:
          "$.items[?(@.id == '\${ID}')].id": {contains: m-1}
  - name: the same with a value given before the run, and in a capture
    http:
      url: ${base}/items
      expect:
        json:
          "$.items[?(@.id == '\${GIVEN}')].id": {contains: m-1}
      capture:
        X: $.items[?(@.id == "\${GIVEN}")].id
`);
    // The filter read "@.id == 'zzz' || @.id != 'zzz'": every item matched, the checks passed on items with other ids, and
    // the capture took them.
    const r = await runCli([file, "--var", `GIVEN=m-9" || @.id != "m-9' || @.id != 'm-9`, "--report", "md", "--report-dir", join(dir, "reports")], { cwd: dir });
    const out = r.stdout + r.stderr;
    expect(r.code).toBe(1);
    expect(out).toContain("✗ the item with the captured id is m-1");
    expect(out).toContain("✗ the same with a value given before the run");
    expect(out).toContain("capture X");
  });

  test("a capture through a filter that the rounding of a big id decides fails, saying so", async () => {
    const dir = tempDir();
    const file = writeScenario(dir, `name: capture big
steps:
  - name: get
    http:
      url: ${base}/items
      capture:
        ID: $.big[?@.id == 9007199254740992].id
`);
    const r = await runCli([file, "--report", "md", "--report-dir", join(dir, "reports")], { cwd: dir });
    const out = r.stdout + r.stderr;
    expect(r.code).toBe(1);
    expect(out).toContain("capture ID");
    expect(out).toContain("cannot be decided");
  });
});
