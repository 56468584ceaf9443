// Loader errors: every problem at once, each at file:line:col with a message a new user understands.
import { describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadScenario } from "./load.ts";
import { mayHaveDuplicateKeys } from "./fast-parse.ts";
import { resolveScenarioPath } from "./find-file.ts";
import { builtins } from "../vars/scope.ts";
import { interpolate } from "../vars/interpolate.ts";
import { loadErrorText } from "../../test/helpers/load-errors.ts";
import { tempDir } from "../../test/helpers/cli.ts";

const dir = tempDir("scenario-load-");

function load(yaml: string, cli: Record<string, string> = {}, env: Record<string, string> = {}) {
  const file = join(dir, `s${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, yaml);
  return loadScenario(file, { sources: { cli, envFile: {}, env }, builtins: (d) => builtins("r1", new Date(0), d) }, dir);
}

/** The formatted error text, or "" when the scenario loads. */
async function errors(yaml: string, cli: Record<string, string> = {}): Promise<string> {
  return (await loadErrorText(load(yaml, cli))).replace(/s[a-z0-9]+\.yaml/g, "s.yaml");
}

const minimal = "name: t\nsteps:\n  - sleep: 1ms\n";

describe("loadScenario", () => {
  test("a column counts characters (code points), an emoji one, as editors count: in a key's, a reference's and a YAML error's position", async () => {
    // 日本😀 is three characters (four UTF-16 units) before each refused place
    const key = await errors('name: t\nsteps:\n  - { name: "日本😀", shell: { run: echo, bogus: 1 } }\n');
    expect(key).toContain(`s.yaml:3:${[..."  - { name: \"日本😀\", shell: { run: echo, "].length + 1}: steps[0].shell: unknown key "bogus"`);
    const ref = await errors('name: t\nsteps:\n  - { name: "日本😀 ${A:?x}", sleep: 1ms }\n');
    expect(ref).toContain(`s.yaml:3:${[..."  - { name: \"日本😀 "].length + 1}: `);
    const yaml = await errors('name: t\nsteps:\n  - { name: "日本😀", sleep: 1ms }}\n');
    expect(yaml).toContain(`s.yaml:3:${[..."  - { name: \"日本😀\", sleep: 1ms }"].length + 1}: invalid YAML`);
  });

  test("a NUL byte in a shell step's command, argument, env or cwd (no program can be given one) is refused at its file:line:col, not failed at run", async () => {
    // `validate` said ok and the run failed the step (exit 1: "The argument 'args[2]' must be a string without null bytes").
    const step = (shell: string) => `name: t\nsteps:\n  - shell: { ${shell}, expect: { stdout: { contains: a } } }\n`;
    for (const [shell, where] of [
      ['run: "echo a\\0b"', "run"],
      ['run: "echo a\u0000b"', "run"],
      ['run: [echo, "a\\0b"]', "run[1]"],
      ['run: echo a, env: { X: "a\\0b" }', "env.X"],
      ['run: echo a, env: { "X\\0": b }', "env"],
      ['run: echo a, cwd: "a\\0b"', "cwd"],
    ] as const) {
      const text = await errors(step(shell));
      const col = step(shell).split("\n")[2]!.indexOf(shell.slice(0, 3)) + 1;
      expect(text).toContain(where === "env" ? 'env: the key "X\\u0000", which is no environment variable\'s name: it holds a control character' : `steps[0].shell.${where}: it holds a NUL byte, which no command's argument, environment value or working directory can carry`);
      expect(text).toMatch(new RegExp(`^s\\.yaml:3:(\\d+): `));
      expect(Number(/^s\.yaml:3:(\d+)/.exec(text)![1])).toBeGreaterThanOrEqual(col);
    }
    // A check may look for one: output can hold it.
    expect(await errors('name: t\nsteps:\n  - shell: { run: "printf a", expect: { stdout: { not_contains: "\\0" } } }\n')).toBe("");
  });

  test("eventually, retries or hold on a background shell step (each attempt started another copy) is refused at its file:line:col", async () => {
    // `hold: 2s` on a background command that exited 3 at once passed, having started five copies.
    expect(await errors("name: t\nsteps:\n  - shell: { run: \"exit 3\", background: true }\n    hold: 2s\n  - shell: { run: \"true\" }\n")).toContain(
      "s.yaml:4:11: steps[0].hold: hold on a background shell step: it starts its command once and passes as soon as it has started, so each further attempt would start another copy",
    );
    expect(await errors("name: t\nsteps:\n  - shell: { run: \"sleep 9\", background: true }\n    retries: 2\n  - shell: { run: \"true\" }\n")).toContain("s.yaml:4:14: steps[0].retries: retries on a background shell step");
    // The step after it may wait for the process: that is how to check it.
    expect(await errors("name: t\nsteps:\n  - shell: { run: \"sleep 9\", background: true }\n  - shell: { run: \"true\" }\n    eventually: 5s\n    hold: 1s\n")).toBe("");
  });

  test("timeout on a background shell step (accepted, and the process ran on past it) is refused at its file:line:col", async () => {
    expect(await errors("name: t\nsteps:\n  - shell: { run: \"sleep 9\", background: true }\n    timeout: 1s\n  - shell: { run: \"true\" }\n")).toContain(
      "s.yaml:4:14: steps[0].timeout: timeout on a background shell step: the step passes as soon as its command has started, and the process runs until the run ends, so no timeout ever stopped it",
    );
    // A list-form command and a teardown step alike; defaults.timeout is every step's and stays allowed.
    expect(await errors("name: t\nsteps:\n  - shell: { run: \"true\" }\nteardown:\n  - timeout: 5s\n    shell: { run: [sleep, \"9\"], background: true }\n")).toContain("s.yaml:5:14: teardown[0].timeout: timeout on a background shell step");
    expect(await errors("name: t\ndefaults: { timeout: 5s }\nsteps:\n  - shell: { run: \"sleep 9\", background: true }\n  - shell: { run: \"true\" }\n    timeout: 5s\n")).toBe("");
  });

  test("a number a text check compares with, written otherwise than it prints, is refused at its file:line:col, asking to quote it", async () => {
    // YAML reads 0x1F as 31: `not_contains: 0x1F` looked for "31" and passed on `id=0x1F`; `contains: 007` passed on `id=7`.
    const step = (expect: string) => `name: t\nsteps:\n  - shell: { run: "echo id=0x1F", expect: ${expect} }\n`;
    for (const [e, where, literal] of [
      ["{ stdout: { not_contains: 0x1F } }", "stdout.not_contains: 0x1F is read by YAML as the number 31, so the text is compared with 31, not with \"0x1F\". Quote it to compare with the text exactly: '0x1F' (or write 31)", "0x1F"],
      ["{ stdout: { contains: 007 } }", "stdout.contains: 007 is read by YAML as the number 7", "007"],
      ["{ stderr: { ne: 0x10 } }", "stderr.ne: 0x10 is read by YAML as the number 16", "0x10"],
      ["{ stdout: { not: { in: [1, 0o17] } } }", "stdout.not.in[1]: 0o17 is read by YAML as the number 15", "0o17"],
      ["{ stdout: { not: { not: { contains: 1e3 } } } }", "stdout.not.not.contains: 1e3 is read by YAML as the number 1000", "1e3"],
      ["{ stdout: 0x11 }", "stdout: 0x11 is read by YAML as the number 17", "0x11"],
    ] as const) {
      const col = step(e).split("\n")[2]!.lastIndexOf(literal) + 1;
      expect(await errors(step(e))).toContain(`s.yaml:3:${col}: steps[0].shell.expect.${where}`);
    }
    // YAML reads .inf as infinity, which no text holds as written: `contains: .inf` passed on "result=null", and
    // `not_contains: .inf` on "Infinity". Refused as any other number written otherwise than it prints.
    for (const [e, where, literal] of [
      ["{ stdout: { contains: .inf } }", "stdout.contains: .inf is read by YAML as the number Infinity, so the text is compared with Infinity, not with \".inf\". Quote it to compare with the text exactly: '.inf' (or write Infinity)", ".inf"],
      ["{ stdout: { not_contains: -.inf } }", "stdout.not_contains: -.inf is read by YAML as the number -Infinity", "-.inf"],
      ["{ stderr: { not: { contains: .NaN } } }", "stderr.not.contains: .NaN is read by YAML as the number NaN", ".NaN"],
    ] as const) {
      const col = step(e).split("\n")[2]!.lastIndexOf(literal) + 1;
      expect(await errors(step(e))).toContain(`s.yaml:3:${col}: steps[0].shell.expect.${where}`);
    }
    const body = (expect: string) => `name: t\nsteps:\n  - http: { url: "http://127.0.0.1:9/", expect: ${expect} }\n`;
    expect(await errors(body("{ body: { not_contains: .nan } }"))).toContain("steps[0].http.expect.body.not_contains: .nan is read by YAML as the number NaN");
    expect(await errors(body("{ headers: { x-v: { contains: .inf } } }"))).toContain("steps[0].http.expect.headers.x-v.contains: .inf is read by YAML as the number Infinity");
    expect(await errors(body("{ body: { not_contains: 1.10 } }"))).toContain("steps[0].http.expect.body.not_contains: 1.10 is read by YAML as the number 1.1");
    expect(await errors(body("{ headers: { x-v: 0x1F, x-w: { contains: 2.50 } } }"))).toContain("steps[0].http.expect.headers.x-v: 0x1F is read by YAML as the number 31");
    expect(await errors(body("{ headers: { x-v: 0x1F, x-w: { contains: 2.50 } } }"))).toContain("steps[0].http.expect.headers.x-w.contains: 2.50 is read by YAML as the number 2.5");
    // Quoted, as it prints, .inf, or a number no text check reads (a status, a length, an exit code): loads.
    // eq, ne and in compare a text that reads as a number as that number (`eq: 1.0` holds on "1.00"): decimal spellings load.
    for (const e of ["{ stdout: { not_contains: '0x1F', contains: 31, ne: 1.5, not: .inf } }", "{ stdout: { length: 01 }, exit_code: 00 }", "{ stdout: { eq: 1.0, ne: 007, not: { in: [1e3] } } }", "{ stdout: 1.10 }"]) expect(await errors(step(e))).toBe("");
    expect(await errors(body("{ status: 0200, body: { contains: '007' } }"))).toBe("");
  });
  test("a file that is not UTF-8 is refused where its first such byte stands; a real U+FFFD is text", async () => {
    // Saved as Latin-1, `not_contains: "caf\xe9"` had become "caf\ufffd", which no output holds: the step passed.
    const latin = Buffer.concat([Buffer.from('name: t\nsteps:\n  - shell: { run: "echo", expect: { stdout: { not_contains: "caf'), Buffer.from([0xe9]), Buffer.from('" } } }\n')]);
    const file = join(dir, "latin.yaml");
    writeFileSync(file, latin);
    const text = await loadErrorText(loadScenario(file, { sources: { cli: {}, envFile: {}, env: {} }, builtins: (d) => builtins("r1", new Date(0), d) }, dir));
    expect(text).toContain("latin.yaml:3:65: the file is not UTF-8 text (a byte here is none): save it as UTF-8");
    expect(await errors('name: t\nsteps:\n  - shell: { run: "echo \ufffd", expect: { stdout: { contains: "\ufffd" } } }\n')).toBe("");
  });

  test("positions count as an editor does: a byte order mark shifts no column; a CR alone (an old Mac file) ends a line", async () => {
    // The BOM was a character of line 1: an error at its first column was told at 1:2.
    expect(await errors("\ufeffbogus: 1\nname: t\nsteps:\n  - sleep: 1ms\n")).toStartWith('s.yaml:1:1: unknown key "bogus"');
    // YAML 1.2 takes a CR alone as a line break; the parser read such a file as one line and refused it.
    expect(await errors('name: t\rsteps:\r  - shell: { run: "echo a", bad: 1 }\r')).toStartWith('s.yaml:3:29: steps[0].shell: unknown key "bad"');
    expect(await errors("name: t\rsteps:\r  - sleep: 1ms\r")).toBe("");
    expect(await errors("\ufeffname: t\r\nsteps:\r\n  - sleep: 1ms\r\n")).toBe("");
  });

  test("a load error quoting a secret's value masks it, from the environment or --var", async () => {
    const yaml = "name: t\nsecrets: [API_KEY]\nsteps:\n  - sleep: ${API_KEY}\n  - http: { url: http://127.0.0.1:9/, timeout: '${API_KEY}' }\n";
    for (const text of [await loadErrorText(load(yaml, {}, { API_KEY: "pa ss/word+9" })), await loadErrorText(load(yaml, { API_KEY: "pa ss/word+9" }))]) {
      expect(text).toContain('steps[0].sleep: invalid duration "***"');
      expect(text).toContain("steps[1].http.timeout");
      expect(text).not.toContain("pa ss/word+9");
    }
  });

  test("a load error's quoted line masks a secret's value written in it (under vars:, in a script), the caret still on its character", async () => {
    const yaml = 'name: t\nsecrets: [MYKEY, ENVKEY]\nvars: { MYKEY: "lit-Secr3t-123", 1BAD: 1 }\nsteps:\n  - shell: { run: "echo lit-Secr3t-123 env-Secr3t-456", tiemout: 1 }\n';
    const text = (await loadErrorText(load(yaml, {}, { ENVKEY: "env-Secr3t-456" }))).replace(/s[a-z0-9]+\.yaml/g, "s.yaml");
    expect(text).toContain('s.yaml:3:34: vars.1BAD: not a variable name: a variable name takes letters, digits and _ and does not start with a digit\n  3 | vars: { MYKEY: "***", 1BAD: 1 }\n    |                       ^');
    expect(text).toContain('  5 |   - shell: { run: "echo *** ***", tiemout: 1 }\n    |                                   ^');
    expect(text).not.toContain("Secr3t");
  });

  test("a secret's value written as a list or a mapping under vars: (an error about the value itself) is masked in the quoted line", async () => {
    for (const vars of ["  API_KEY:\n    - lit-Secr3t-123\n    - lit-Secr3t-456\n", "  API_KEY: [lit-Secr3t-123, lit-Secr3t-456]\n", "  API_KEY:\n    k: lit-Secr3t-123\n", "  API_KEY: { k: lit-Secr3t-123 }\n"]) {
      const text = await loadErrorText(load(`name: t\nsecrets: [API_KEY]\nvars:\n${vars}steps:\n  - shell: { run: "true" }\n`, {}));
      expect(text).toContain("vars.API_KEY: expected string or number or boolean, got a");
      expect(text).toContain("***");
      expect(text).not.toContain("Secr3t");
    }
  });

  test("a vars: name that is no variable name is refused at its key, in the words of the other name errors", async () => {
    const text = await errors('name: t\nvars:\n  good: 1\n  "bad name": 2\n  9lives: 3\nsteps:\n  - shell: { run: "true" }\n');
    expect(text).toContain('s.yaml:4:3: vars.bad name: not a variable name: a variable name takes letters, digits and _ and does not start with a digit\n  4 |   "bad name": 2\n    |   ^');
    expect(text).toContain("s.yaml:5:3: vars.9lives: not a variable name");
    expect(text).not.toContain("Invalid key");
  });

  test("a ${ that starts no ${NAME} or ${NAME:-default} is refused where it stands, except in a shell's script, where bash reads it", async () => {
    // `${ERR:?…}` (compose's form) was no reference: the text itself was used, and `not_contains` held on every body.
    const text = await errors('name: t\nvars: { A: a, B: "${A:+x}" }\nsteps:\n  - http: { url: "http://127.0.0.1:1/${A:=x}", expect: { body: { not_contains: "${ERR:?must be set}" } } }\n  - shell: { run: [printf, "${A:0:2}", "${A"] }\n');
    expect(text).toContain('s.yaml:2:19: "${A:+x}" is no reference this tool fills in');
    expect(text).toContain('s.yaml:4:38: "${A:=x}" is no reference this tool fills in');
    expect(text).toContain('s.yaml:4:81: "${ERR:?must be set}" is no reference this tool fills in');
    expect(text).toContain('s.yaml:5:29: "${A:0:2}" is no reference');
    expect(text).toContain('s.yaml:5:41: "${A" has no closing "}"');
    expect(text).toContain("5 errors");
    // bash's own expansions in a script, and the escaped form anywhere, load.
    expect(await errors('name: t\nvars: { A: a }\nsteps:\n  - shell: { run: "echo ${A:0:2} ${A:?x}", expect: { stdout: { not_contains: "$${A:?x}" } } }\n  - shell: { run: [bash, -c, "echo ${A:+y}"] }\n')).toBe("");
  });

  test("a vars: entry that refers to itself, directly or through others, is refused where nothing above vars: defines it", async () => {
    // `API_KEY: ${API_KEY}` (compose's way to say "from the environment") had the text as its value: a not_contains of it held on anything.
    const yaml = 'name: t\nsecrets: [API_KEY]\nvars:\n  API_KEY: ${API_KEY}\n  A: "x${B}"\n  B: "${A}y"\n  C: ${C:-d}\n  D: "${A}/${D}"\nsteps:\n  - shell: { run: "echo hi", expect: { stdout: { not_contains: "${API_KEY} ${A}" } } }\n';
    const text = await errors(yaml);
    expect(text).toContain("s.yaml:4:12: vars: API_KEY refers to itself, and nothing else defines it: no value can come of it. Set API_KEY in the environment, pass --var API_KEY=… or --env-file (they come before vars:), and leave it out of vars:; or give it a default, ${API_KEY:-…}\n  4 |   API_KEY: ${API_KEY}");
    expect(text).toContain("s.yaml:5:8: vars: A refers to itself through B (A → B → A), and nothing else defines them");
    expect(text).toContain("s.yaml:6:7: vars: B refers to itself through A (B → A → B)");
    expect(text).toContain("s.yaml:8:12: vars: D refers to itself,");
    // One issue per entry; the uses of a looping name are not reported again as undefined.
    expect(text).toContain("4 errors");
    // Defined above vars: (the environment, --var), the entry is never read: no loop.
    expect(await loadErrorText(load(yaml, { A: "1", D: "4" }, { API_KEY: "k3y-value" }))).toBe("");
    const { scope } = await load(yaml, { A: "1", D: "4" }, { API_KEY: "k3y-value" });
    expect([scope.lookup("API_KEY"), scope.lookup("B"), scope.lookup("C")]).toEqual(["k3y-value", "1y", "d"]);
  });

  test("entries that each name the next twice, 40 deep, load: each is looked through once per entry, not once per way to it", async () => {
    // The walk for loops followed every path: 2^25 of them at 25 deep (83 s for validate).
    const vars = Array.from({ length: 40 }, (_, i) => `  V${i}: "\${V${i + 1}}\${V${i + 1}}"`).join("\n");
    const { scope } = await load(`name: t\nvars:\n${vars}\n  V40: ""\nsteps:\n  - sleep: 1ms\n`);
    expect(scope.lookup("V0")).toBe("");
    // That doubling with a value at its end is a bomb: refused where a value passes 16 MiB, nothing built past it.
    expect(await errors(`name: t\nvars:\n${vars}\n  V40: "a"\nsteps:\n  - sleep: 1ms\n`)).toContain("vars: V15 is 33,554,432 characters once its references are filled in, more than a value may hold (16,777,216): its references name the same entries over and over");
  });

  test("a vars: entry too long to export (128 KiB) is a load error where a step starts programs, not at the first step", async () => {
    const big = "a".repeat(140_000);
    // It failed every shell step with E2BIG, validate saying ok.
    expect(await errors(`name: t\nvars:\n  BIG: "${big}"\nsteps:\n  - shell: { run: "echo hi" }\n`)).toContain("s.yaml:3:8: vars: BIG is 140,004 bytes once filled in: every variable is exported to each command, and Linux passes none longer than 128 KiB, so no shell or compose step could start");
    expect(await errors(`name: t\nvars:\n  A: "${"a".repeat(70_000)}"\n  BIG: "\${A}\${A}"\nsteps:\n  - shell: { run: "echo hi" }\n`)).toContain("vars: BIG is 140,004 bytes once filled in");
    // Only http steps: nothing is exported.
    expect(await errors(`name: t\nvars:\n  BIG: "${big}"\nsteps:\n  - http: { url: "http://127.0.0.1:1/" }\n`)).toBe("");
  });

  test("an entry may name one further down: each is resolved once its references are (A: ${B}/x, B: ${C}, C: c gave A the text ${C}/x)", async () => {
    const { scope } = await load('name: t\nvars:\n  A: "${B}/x"\n  B: "${C}"\n  C: c\n  D: "${E:-d}"\n  E: "${D:-e}"\nsteps:\n  - sleep: 1ms\n');
    expect([scope.lookup("A"), scope.lookup("B"), scope.lookup("D"), scope.lookup("E")]).toEqual(["c/x", "c", "e", "e"]);
  });

  test("a vars: value or an --env-file value holding a NUL byte is refused at its position: it would be exported to every command, which cannot carry it", async () => {
    const why = "its value holds a NUL byte, which no command's environment or argument can carry (every variable is exported to each shell, compose and background command)";
    expect(await errors('name: t\nvars:\n  OK: fine\n  X: "a\\0b"\nsteps:\n  - sleep: 1ms\n')).toContain(`s.yaml:4:6: vars.X: ${why}`);
    expect(await errors('name: t\nvars: { X: "a\\0b" }\nsteps:\n  - sleep: 1ms\n')).toContain(`vars.X: ${why}`);
    expect(await errors('name: t\nvars: { X: "a\\x00" }\nsteps:\n  - sleep: 1ms\n')).toContain(`vars.X: ${why}`);
    expect(await errors('name: t\nvars: { X: "a\\u0000" }\nsteps:\n  - sleep: 1ms\n')).toContain(`vars.X: ${why}`);
    // The text \\0 (a backslash and a zero, as single quotes keep it) is no NUL.
    expect(await errors("name: t\nvars: { X: 'a\\0b' }\nsteps:\n  - sleep: 1ms\n")).toBe("");
  });

  test("a list or a mapping as a key is refused at its position (Bun's parser read {[a]: b} as the key a, the yaml package as \"[ a ]\")", async () => {
    const why = "invalid YAML: a mapping key is a name, not a list or a mapping";
    const cases: [string, string][] = [
      ["name: t\nsteps:\n  - http: { url: http://127.0.0.1:1/, query: {[a]: b} }\n", "s.yaml:3:47"],
      ["name: t\nsteps:\n  - http: { url: http://127.0.0.1:1/, query: {[a] : b} }\n", "s.yaml:3:47"],
      ["name: t\nsteps:\n  - http:\n      url: http://127.0.0.1:1/\n      query:\n        [a, b]: c\n", "s.yaml:6:9"],
      ["name: t\nsteps:\n  - http:\n      url: http://127.0.0.1:1/\n      query:\n        ? {x: 1}\n        : c\n", "s.yaml:6:11"],
    ];
    for (const [yaml, at] of cases) expect({ yaml, text: await errors(yaml) }).toEqual({ yaml, text: expect.stringContaining(`${at}: ${why}`) });
    // An explicit key that is a name still loads (the exact path reads it).
    expect(await errors("name: t\nsteps:\n  - http:\n      url: http://127.0.0.1:1/\n      query:\n        ? a\n        : c\n")).toBe("");
  });

  test("a key whose variables, known at load, make it __proto__ is refused at its position too", async () => {
    const yaml = 'name: t\nvars:\n  K: __proto__\nsteps:\n  - shell:\n      run: "true"\n      env:\n        "${K}": v\n';
    expect(await errors(yaml)).toContain('s.yaml:8:9: the key "${K}" becomes "__proto__", which cannot be used: JavaScript reads it as an object\'s prototype');
    expect(await errors(yaml.replace("K: __proto__", "K: proto"))).toBe("");
  });

  test("two keys that the values known at load make one are refused at the second, both named: one value would vanish", async () => {
    const json = 'name: t\nvars: { P: "$.a" }\nsteps:\n  - shell:\n      run: "true"\n      expect: { json: { "$.a": 2, "${P}": 1 } }\n';
    expect(await errors(json)).toBe(
      's.yaml:6:35: the keys "$.a" and "${P}" both become "$.a" once their variables are filled in: a mapping holds a key once, and the value of one would be dropped without a word\n' +
        '  6 |       expect: { json: { "$.a": 2, "${P}": 1 } }\n    |                                   ^\n1 error: nothing was run.',
    );
    const env = 'name: t\nvars: { A: K, B: K }\nsteps:\n  - shell:\n      run: "true"\n      env:\n        "${A}": first\n        "${B}": second\n';
    expect(await errors(env)).toContain('s.yaml:8:9: the keys "${A}" and "${B}" both become "K"');
    expect(await errors(env.replace("B: K", "B: L"))).toBe("");
    // A key a captured value makes is checked when the step runs; the vars: value it has now is not the one it will have.
    const captured = 'name: t\nvars: { P: "$.a" }\nsteps:\n  - shell: { run: "echo x", capture: { P: stdout } }\n  - shell:\n      run: "true"\n      expect: { json: { "$.a": 2, "${P}": 1 } }\n';
    expect(await errors(captured)).toBe("");
  });

  test("an env: key that names what a program reads as code is refused where a value decides it: made so by a variable, or given a captured value", async () => {
    const yaml = 'name: t\nvars: { K: ENV, V: /opt/bin }\nsteps:\n  - shell: { run: "echo f", capture: { F: stdout } }\n  - shell:\n      run: "true"\n      env:\n        "${K}": x\n        PATH: "${V}:/bin"\n        LD_LIBRARY_PATH: /lib\n        BASH_ENV: "${F}"\n';
    const lines = (await errors(yaml)).split("\n").filter((l) => /^s\.yaml:\d+:\d+: /.test(l));
    expect(lines).toEqual([
      's.yaml:8:9: env: the key "${K}" becomes ENV: a variable may not make an env: key ENV (nor may a capture take that name): sh runs the file it names; write the key itself, with a value of your own',
      "s.yaml:11:9: env: BASH_ENV's value holds a variable a step captures, so an answer would set it (bash runs the file it names before each script): set BASH_ENV from a value of your own (vars:, --var, the environment), or check the captured value first and use it in the script",
    ]);
    expect(await errors('name: t\nvars: { K: MY_ENV }\nsteps:\n  - shell: { run: "true", env: { "${K}": x, "$${K}": y } }\n')).toBe("");
    // A name an earlier step captures is known at run only: the step checks it then (lib/steps/shell.ts).
    expect(await errors('name: t\nvars: { K: BASH_ENV }\nsteps:\n  - shell: { run: "echo A", capture: { K: stdout } }\n  - shell: { run: "true", env: { "${K}": x } }\n')).toBe("");
  });

  test("git's config names are names no capture takes and no variable makes an env: key: an answer made git status run a command", async () => {
    // The capture handed every later step GIT_CONFIG_PARAMETERS='core.fsmonitor'='…', and `git status` ran the command.
    const yaml = `name: t\nsteps:\n  - name: read config\n    shell:\n      run: printf '%s\\n' "'core.fsmonitor'='echo RAN'"\n      capture: { GIT_CONFIG_PARAMETERS: stdout }\n  - name: repo status\n    shell: { run: git status --short }\n`;
    expect(await errors(yaml)).toContain("s.yaml:6:41: steps[0].shell.capture.GIT_CONFIG_PARAMETERS: capture name GIT_CONFIG_PARAMETERS: every later step's programs get it in their environment, where git reads it as config settings, and core.fsmonitor, core.pager, aliases and the like run commands");
    expect(await errors(yaml.replace("GIT_CONFIG_PARAMETERS", "GIT_CONFIG_VALUE_0"))).toContain("capture name GIT_CONFIG_VALUE_0: every later step's programs get it in their environment, where git reads GIT_CONFIG_KEY_<n>");
    const made = 'name: t\nvars: { K: GIT_CONFIG_PARAMETERS }\nsteps:\n  - shell: { run: "git status", env: { "${K}": x } }\n';
    expect(await errors(made)).toContain('s.yaml:4:40: env: the key "${K}" becomes GIT_CONFIG_PARAMETERS: a variable may not make an env: key GIT_CONFIG_PARAMETERS');
    // Written so, with a value of the author's, the key is the author's.
    expect(await errors('name: t\nsteps:\n  - shell: { run: "git status", env: { GIT_CONFIG_COUNT: "1", GIT_CONFIG_KEY_0: core.pager, GIT_CONFIG_VALUE_0: cat } }\n')).toBe("");
  });

  test("an env: key that is no environment variable's name (holding = or a control character) is refused, written or made by a known value", async () => {
    // A key "FOO=bar" reached the child as FOO with the value "bar=x": a key a variable made could set any variable.
    const yaml = 'name: t\nvars: { KV: "FOO=bar", NL: "A\\nB" }\nsteps:\n  - shell: { run: "true", env: { "A=B": x, "${KV}": y, "${NL}": z, OK_1: w } }\n';
    const lines = (await errors(yaml)).split("\n").filter((l) => /^s\.yaml:\d+:\d+: /.test(l));
    expect(lines).toEqual([
      's.yaml:4:34: env: the key "A=B", which is no environment variable\'s name: it holds "=", so a program reads the name as ending at the first "=" and the rest as part of its value; write a name of letters, digits and _',
      's.yaml:4:44: env: the key "${KV}" becomes "FOO=bar", which is no environment variable\'s name: it holds "=", so a program reads the name as ending at the first "=" and the rest as part of its value; check the value that makes it first, or write the key itself',
      's.yaml:4:56: env: the key "${NL}" becomes "A\\nB", which is no environment variable\'s name: it holds a control character (a line break, a tab); check the value that makes it first, or write the key itself',
    ]);
    // A secret that makes the key: the message names no part of it (the part before its "=" was shown, unmasked).
    const secret = await errors('name: t\nsecrets: [V]\nvars: { V: "correcthorsebattery=staple" }\nsteps:\n  - shell: { run: "true", env: { "${V}": hi } }\n');
    expect(secret).toContain("which is no environment variable's name");
    expect(secret).not.toContain("correcthorse");
        // Made by a captured value, it is judged at run (madeEnvKeyError).
    expect(await errors('name: t\nsteps:\n  - shell: { run: "echo A=B", capture: { K: stdout } }\n  - shell: { run: "true", env: { "${K}": x } }\n')).toBe("");
  });

  test("an env: key written with a value an http step captured is refused as one a shell step captured is: the answer chose the file bash ran", async () => {
    const yaml = 'name: t\nsteps:\n  - http: { url: "http://127.0.0.1:1/", capture: { F: body } }\n  - shell: { run: "true", env: { BASH_ENV: "${F}", GIT_CONFIG_VALUE_0: "${F}" } }\n';
    const lines = (await errors(yaml)).split("\n").filter((l) => /^s\.yaml:\d+:\d+: /.test(l));
    expect(lines).toEqual([
      "s.yaml:4:34: env: BASH_ENV's value holds a variable a step captures, so an answer would set it (bash runs the file it names before each script): set BASH_ENV from a value of your own (vars:, --var, the environment), or check the captured value first and use it in the script",
      "s.yaml:4:52: env: GIT_CONFIG_VALUE_0's value holds a variable a step captures, so an answer would set it (git reads GIT_CONFIG_KEY_<n> and GIT_CONFIG_VALUE_<n> as config settings, and core.fsmonitor, core.pager, aliases and the like run commands): set GIT_CONFIG_VALUE_0 from a value of your own (vars:, --var, the environment), or check the captured value first and use it in the script",
    ]);
  });

  test("a captured value where a shell step's program goes is refused at each reference: the answer would choose the program", async () => {
    // `echo start; ${CMD}; x=1 ${CMD}` ran whoami twice, the program a command's output named.
    const yaml = "name: t\nsteps:\n  - name: get\n    shell: { run: echo whoami, capture: { CMD: stdout } }\n  - name: use\n    shell: { run: 'echo start; ${CMD}; x=1 ${CMD}' }\n";
    const why = 'stands where the program to run goes, and step 1 ("get") captures it: what answered would choose the program. Name the program yourself and pass the value as its argument, or compare it with the programs you allow first (case "${CMD}" in whoami) whoami ;; esac)';
    expect(await errors(yaml)).toBe(
      `s.yaml:6:32: \${CMD} ${why}\n  6 |     shell: { run: 'echo start; \${CMD}; x=1 \${CMD}' }\n    |                                ^\n` +
        `s.yaml:6:44: \${CMD} ${why}\n  6 |     shell: { run: 'echo start; \${CMD}; x=1 \${CMD}' }\n    |                                            ^\n2 errors: nothing was run.`,
    );
    // The list form's program, and what a wrapper runs; an http step's capture too; a teardown step after the steps.
    const list = 'name: t\nsteps:\n  - http: { url: "http://127.0.0.1:1/", capture: { CMD: body, DIR: body } }\n  - shell: { run: ["${CMD}", "-x"] }\n  - shell: { run: "sudo -u app ${DIR}/bin/tool" }\nteardown:\n  - shell: { run: [sh, -c, "echo; ${CMD}"] }\n';
    const lines = (await errors(list)).split("\n").filter((l) => /^s\.yaml:\d+:\d+: /.test(l));
    expect(lines.map((l) => l.slice(0, l.indexOf(" stands")))).toEqual(["s.yaml:4:21: ${CMD}", "s.yaml:5:32: ${DIR}", "s.yaml:7:35: ${CMD}"]);
    expect(lines[0]).toContain('and step 1 captures it');
  });

  test("a captured value where the program goes in a script a shell reads from its input or a generated file is refused too: the answer ran as a command", async () => {
    // X captured as `touch /tmp/pwned` (no shell syntax): `echo "${X}" | sh`, `sh <<< "${X}"` and `bash <(echo "${X}")` ran touch.
    const step1 = "name: t\nsteps:\n  - name: get\n    shell: { run: echo touch, capture: { X: stdout } }\n  - name: use\n    shell:\n      run: ";
    const why = 'stands where the program to run goes in the script sh reads from its standard input, and step 1 ("get") captures it: what answered would choose the program. Name the program yourself and pass the value as its argument, or compare it with the programs you allow first (case "${X}" in whoami) whoami ;; esac)';
    expect((await errors(`${step1}'echo "\${X}" | sh'\n`)).split("\n")[0]).toBe(`s.yaml:7:19: \${X} ${why}`);
    for (const [run, col, reader] of [
      ['\'sh <<< "${X}"\'', 21, "sh reads from its standard input"],
      ['\'bash <(echo "${X}")\'', 26, "bash runs as its script file (a process substitution's output, <(…))"],
      ['\'bash --rcfile <(echo "${X}") -i -c true\'', 35, "bash runs as its startup file (a process substitution's output, <(…), given to --rcfile)"],
      ['\'BASH_ENV=<(echo "${X}") bash -c true\'', 30, "bash runs as its startup file (a process substitution's output, <(…), named by BASH_ENV)"],
      ['\'bash -c "source /dev/fd/3" 3<<< "${X}"\'', 46, "bash reads from descriptor 3"],
      ["\"sh <<EOF\\n${X}\\nEOF\"", 23, "sh reads from a heredoc"],
    ] as const)
      expect([run, (await errors(`${step1}${run}\n`)).split("\n")[0]]).toEqual([run, `s.yaml:7:${col}: \${X} ${why.replace("sh reads from its standard input", reader)}`]);
    // trap's text, env -S's string, a script on a descriptor spelled otherwise or around a group: the same.
    for (const run of ['\'trap "${X}" EXIT\'', '\'env -S "${X}"\'', '\'sh -- /dev/fd/3 3<<< "${X}"\'', '\'{ sh //dev/fd/3; } 3<<< "${X}"\'', '\'BASH_ENV=/dev/fd/3 bash -c true 3<<< "${X}"\'', '\'f() { sh /dev/fd/3; }; f 3<<< "${X}"\''])
      expect([run, (await errors(`${step1}${run}\n`)).split("\n")[0]]).toEqual([run, expect.stringContaining("${X} stands where the program to run goes")]);
    // The author's own value there is the author's choice; a captured value as the script's argument waits for its value (run).
    expect(await errors('name: t\nvars: { CMD: "true" }\nsteps:\n  - shell: { run: \'echo "${CMD}" | sh; sh <<< "${CMD}"; bash <(echo "${CMD}")\' }\n')).toBe("");
    expect(await errors(`${step1}'echo "echo \${X}" | sh; sh <<< "echo \${X}"'\n`)).toBe("");
  });

  test("a captured value fed to a shell whose script path may be the descriptor it comes on stands where the program goes; a path of the author's values is read as them", async () => {
    const step1 = "name: t\nvars: { DIR: /opt/app }\nsteps:\n  - name: get\n    shell: { run: echo touch, capture: { X: stdout, P: stdout } }\n  - name: use\n    shell:\n      run: ";
    for (const run of ["'sh /dev/std?n <<< \"${X}\"'", "'f() { sh \"$1\"; }; f /dev/stdin <<< \"${X}\"'", "'sh \"${P}\" <<< \"${X}\"'", "'cd /dev && sh stdin <<< \"${X}\"'", "'g() { sh /dev/fd/3; }; f() { g; }; f 3<<< \"${X}\"'"])
      expect([run, await errors(`${step1}${run}\n`)]).toEqual([run, expect.stringContaining("${X} stands where the program to run goes in the script sh reads from")]);
    // P, the script file sh runs, is a program the answer picks too.
    expect((await errors(`${step1}'sh "\${P}" <<< "\${X}"'\n`)).split("\n")[0]).toStartWith("s.yaml:8:17: ${P} is the script file sh runs, and step 1");
    expect((await errors(`${step1}'sh /dev/std?n <<< "\${X}"'\n`)).split("\n")[0]).toContain('sh reads from its standard input (its program path, "/dev/std?n", cannot be known to be no descriptor\'s file: a pattern bash fills in)');
    // The author's DIR makes an ordinary file's path; a plain relative path is one from any directory.
    for (const run of ["'sh \"${DIR}/run.sh\" <<< \"${X}\"'", "'cd /tmp && sh ./run.sh <<< \"${X}\"'", "'python3 \"${DIR}/load.py\" <<< \"${X}\"'"])
      expect([run, await errors(`${step1}${run}\n`)]).toEqual([run, ""]);
    // An interpreter's program is refused whatever the value, when the scenario loads: a reference in its path is read
    // when the step runs, bash's own expansion there may be any path.
    const own = "name: t\nvars: { V: x, DIR: /opt/app, PY: /opt/app/load.py }\nsteps:\n  - shell:\n      run: ";
    expect(await errors(`${own}'python3 "\${DIR}/load.py" <<< "\${V}"; python3 "\${PY}" <<< "\${V}"'\n`)).toBe("");
    expect((await errors(`${own}'python3 "$HOME/load.py" <<< "\${V}"'\n`)).split("\n")[0]).toContain('(its program path, "$HOME/load.py", cannot be known to be no descriptor\'s file: an expansion bash fills in)');
  });

  test("a captured script file, a wrapper's program, su -c's script and an assignment to a name a program reads as code are refused at load", async () => {
    const step1 = "name: t\nsteps:\n  - name: get\n    shell: { run: echo touch, capture: { X: stdout, F: stdout } }\n  - shell:\n      run: ";
    const first = async (run: string) => (await errors(`${step1}${run}\n`)).split("\n")[0];
    // ([su, -c, "${X}"] is refused as a list's su -c script with any reference, too.)
    for (const run of ["'strace -o /dev/null ${X}'", "'unshare -r ${X}'", "'su -c \"${X}\"'", "'sg root \"echo; ${X}\"'", "'ssh -oProxyCommand=\"${X}\" h true'", '[su, -c, "${X}"]', '[strace, "${X}"]'])
      expect([run, await errors(`${step1}${run}\n`)]).toEqual([run, expect.stringContaining("${X} stands where the program to run goes, and step 1")]);
    // A script file is said to be one.
    for (const [run, what] of [["'bash ${X}'", "the script file bash runs"], ["'. ${X}'", "the file . reads and runs as a script"], ["'perl ${X}'", "the script file perl runs"], ['[bash, "${X}"]', "the script file bash runs"]])
      expect([run, await errors(`${step1}${run}\n`)]).toEqual([run, expect.stringContaining(`\${X} is ${what}, and step 1`)]);
    for (const [run, name] of <[string, string][]>[["'BASH_ENV=\"${F}\" bash -c true'", "BASH_ENV"], ["'export BASH_ENV=${F}'", "BASH_ENV"], ["'env BASH_ENV=\"${F}\" sh -c true'", "BASH_ENV"], ["'PATH=\"${F}:$PATH\" ls'", "PATH"], ['[env, "GIT_SSH_COMMAND=${F}", git, fetch]', "GIT_SSH_COMMAND"]])
      expect([run, await first(run)]).toEqual([run, expect.stringContaining(`\${F} is assigned to ${name} (`)]);
    // The value as an argument, or assigned to a name no program reads as code, stays data.
    for (const run of ["'bash check.sh ${X}'", "'su -c \"echo ok\" ${X}'", "'LEVEL=${X} env'", "'echo BASH_ENV=${F}'"]) expect([run, await errors(`${step1}${run}\n`)]).toEqual([run, ""]);
  });

  test("the retest's captured values are refused at load at the reference: settings after env -i, command export, a startup or preloaded file, su -s, watch -x, ssh's host and config, a script read from a file", async () => {
    const step1 = "name: t\nsteps:\n  - name: get\n    shell: { run: echo touch, capture: { X: stdout, F: stdout, CMD: stdout, DIR: stdout, H: stdout, C: stdout } }\n  - shell:\n      run: ";
    const first = async (run: string) => (await errors(`${step1}${run}\n`)).split("\n")[0];
    for (const [run, says] of <[string, string][]>[
      ["'env -i BASH_ENV=\"${F}\" bash -c true'", "${F} is assigned to BASH_ENV ("],
      ["'env - BASH_ENV=\"${F}\" bash -c true'", "${F} is assigned to BASH_ENV ("],
      ["'env --ignore-environment LD_PRELOAD=\"${F}\" ls'", "${F} is assigned to LD_PRELOAD ("],
      ["'env -i PATH=\"${DIR}\" ls'", "${DIR} is assigned to PATH ("],
      ["'sudo -E BASH_ENV=\"${F}\" bash -c true'", "${F} is assigned to BASH_ENV ("],
      ['[env, -i, "BASH_ENV=${F}", bash, -c, "true"]', "${F} is assigned to BASH_ENV ("],
      ["'command export BASH_ENV=\"${C}\"'", "${C} is assigned to BASH_ENV ("],
      ["'builtin declare -x BASH_ENV=\"${C}\"'", "${C} is assigned to BASH_ENV ("],
      ["'command -- export BASH_ENV=\"${C}\"'", "${C} is assigned to BASH_ENV ("],
      ["'bash --rcfile \"${F}\" -i -c true'", "${F} is the startup file bash runs first (--rcfile), and step 1 (\"get\") captures it: what answered would choose the code that runs"],
      ['[bash, --init-file, "${F}", -i, -c, "true"]', "${F} is the startup file bash runs first (--init-file)"],
      ["'node -r \"${F}\" app.js'", "${F} is a file node loads and runs before its program (-r)"],
      ["'node --require=\"${F}\" app.js'", "${F} is a file node loads and runs before its program (--require)"],
      ['[ruby, -r, "${F}", app.rb]', "${F} is a file ruby loads and runs before its program (-r)"],
      ["'gawk -i \"${F}\" 1'", "${F} is a file gawk loads and runs before its program (-i)"],
      ["'lua -l \"${X}\" app.lua'", "${X} is a file lua loads and runs before its program (-l)"],
      ["'php -d auto_prepend_file=\"${F}\" app.php'", "${F} is the value of auto_prepend_file, the setting php takes from -d"],
      ["'php -c \"${F}\" app.php'", "${F} is a file php loads and runs before its program (-c)"],
      ["'su -s \"${CMD}\" root -c true'", "${CMD} stands where the program to run goes"],
      ["'su --shell=\"${CMD}\" app'", "${CMD} stands where the program to run goes"],
      ["'watch -x \"${CMD}\"'", "${CMD} stands where the program to run goes"],
      ['[watch, --exec, "${CMD}"]', "${CMD} stands where the program to run goes"],
      ["'ssh \"${H}\" true'", "${H} begins ssh's host with no -- before it, and step 1 (\"get\") captures it: a value beginning with - would be read as ssh's option, and -oProxyCommand=CMD runs a command on this machine. Write -- before it"],
      ['[ssh, "${H}", "true"]', "${H} begins ssh's host with no -- before it"],
      ["'ssh -F \"${F}\" host true'", "${F} is the config file ssh reads (-F)"],
      ["'scp -o ProxyCommand=\"${CMD}\" h:a b'", "${CMD} stands where the program to run goes"],
      ["'scp -S \"${CMD}\" h:a b'", "${CMD} stands where the program to run goes"],
      ["'sftp -o ProxyCommand=\"${CMD}\" h'", "${CMD} stands where the program to run goes"],
      ["'rsync -e \"${CMD}\" a h:b'", "${CMD} stands where the program to run goes"],
      ["'rsync --rsh=\"${CMD}\" a h:b'", "${CMD} stands where the program to run goes"],
      ["'bash < \"${F}\"'", "${F} is the file bash reads its script from (< FILE)"],
      ["'bash -s < \"${F}\"'", "${F} is the file bash reads its script from (< FILE)"],
      ["'python3 < \"${F}\"'", "${F} is the file python3 reads its program from (< FILE)"],
      ["'. /dev/stdin < \"${F}\"'", "${F} is the file . reads its script from (< FILE)"],
      ["'cat \"${F}\" | bash'", "${F} is the file cat hands bash as its script"],
      ["'eval \"$(cat \"${F}\")\"'", "${F} is the file eval reads its script from ($(cat FILE))"],
      ["'tail -n +1 \"${F}\" | bash'", "${F} is the file whose lines tail hands bash as its script"],
      ["'grep \"\" \"${F}\" | sh'", "${F} is the file whose lines grep hands sh as its script"],
      ["'eval \"$(cat \"${F}\" | grep x)\"'", "${F} is the file eval reads its script from ($(cat FILE | grep …))"],
      ["'exec 3< \"${F}\"; bash /dev/fd/3'", "${F} is the file bash reads its script from (exec 3< FILE)"],
      ["'ssh $X\"${H}\" true'", "${H} begins ssh's host with no -- before it"],
      ["'bash -c \"$(< \"${F}\")\"'", "${F} is the file bash -c reads its script from ($(< FILE))"],
      ["'. <(< \"${F}\")'", "${F} is the file . reads its script from (<(< FILE))"],
      ["'retry() { until \"$@\"; do sleep 1; done; }; retry \"${CMD}\" --verbose'", "${CMD} stands where the program to run goes"],
    ])
      // At the reference: its line and column.
      expect([run, await first(run)]).toEqual([run, expect.stringContaining(`s.yaml:6:${"      run: ".length + run.indexOf("${") + 1}: ${says}`)]);
  });

  test("a captured script file or module is said to be one, with a remedy that names a file", async () => {
    const step1 = "name: t\nsteps:\n  - name: get\n    shell: { run: echo touch, capture: { X: stdout, F: stdout } }\n  - shell:\n      run: ";
    const first = async (run: string) => (await errors(`${step1}${run}\n`)).split("\n")[0];
    expect(await first("'bash \"${F}\"'")).toBe(
      's.yaml:6:19: ${F} is the script file bash runs, and step 1 ("get") captures it: what answered would choose the code that runs. Name the script file yourself and pass the value as its argument (bash ./check.sh "${F}"), or compare it with the script files you allow first (case "${F}" in ./check.sh) bash ./check.sh ;; esac)',
    );
    expect(await first("'source \"${F}\"'")).toContain('${F} is the file source reads and runs as a script, and step 1 ("get") captures it: what answered would choose the code that runs. Name the script file yourself');
    expect(await first("'python3 -m \"${X}\"'")).toContain('${X} is the module python3 runs (-m), and step 1 ("get") captures it: what answered would choose the code that runs. Name the module yourself and pass the value as its argument (python3 -m tool "${X}")');
    expect(await first('[perl, "${F}"]')).toContain("${F} is the script file perl runs, and");
    expect(await first("'awk -f \"${F}\" data'")).toContain("${F} is the program file awk runs (-f), and");
    // A program's name keeps its message.
    expect(await first("'\"${X}\" --version'")).toContain("${X} stands where the program to run goes, and step 1");
  });

  test("ordinary scripts with captured values as arguments still load", async () => {
    const step1 = "name: t\nsteps:\n  - name: get\n    shell: { run: echo touch, capture: { ID: stdout, H: stdout, F: stdout } }\n  - shell:\n      run: ";
    for (const run of [
      "'bash scripts/check.sh \"${ID}\"'",
      "'python3 tool.py --id \"${ID}\"'",
      "'ssh host \"echo ok\"'",
      "'PATH=\"$PWD/bin:$PATH\" make'",
      "'node app.js \"${ID}\"'",
      "'ssh -p 2222 host true'",
      "'ssh -- \"${H}\" true'",
      "'ssh \"deploy@${H}\" true'",
      "'env -i HOME=/tmp LEVEL=\"${ID}\" ./check.sh'",
      "'command export LEVEL=\"${ID}\"'",
      "'grep -c x < \"${F}\"'",
      "'cat \"${F}\" | wc -l'",
      "'tail -n 5 \"${F}\"'",
      "'grep x \"${F}\" | wc -l'",
      "'grep -c x \"${F}\" | sh -c \"read -r n; echo $n\"'",
      "'eval \"$(grep -c x \"${F}\")\"'",
      "'exec 3< \"${F}\"; while read -r l <&3; do echo \"$l\"; done'",
      "'ssh \"deploy@$X${H}\" true'",
      "'node -r ./setup.js app.js \"${ID}\"'",
      "'scp -- \"${F}\" host:/tmp/'",
      "'rsync -a -- \"${F}\" host:/tmp/'",
      "'watch -x ls \"${F}\"'",
      "'su -s /bin/sh app -c \"echo ok\"'",
    ])
      expect([run, await errors(`${step1}${run}\n`)]).toEqual([run, ""]);
  });

  test("the retest's false refusals load: a later reference behind text in ssh's host (${USER}@${HOST}), a descriptor a read took lines from and exec closed", async () => {
    const step1 = "name: t\nvars: { USER: deploy }\nsteps:\n  - name: get\n    shell: { run: echo touch, capture: { HOST: stdout, LOG: stdout, F: stdout } }\n  - shell:\n      run: ";
    for (const run of [
      "'ssh \"${USER}@${HOST}\" uptime'",
      "'ssh -p 2222 \"${USER}@${HOST}\"'",
      "'scp \"${USER}@${HOST}:/tmp/a\" ./a'",
      "'sftp \"${USER}@${HOST}\"'",
      "'rsync -a ./dist/ \"${USER}@${HOST}:/srv/app/\"'",
      "'ssh \"${USER}\"@\"${HOST}\" true'",
      "'ssh \"deploy@${HOST}\" true'",
      "'ssh -- \"${HOST}\" true'",
      "'grep -c ERROR \"${LOG}\"'",
      "'sort \"${F}\" | uniq -c'",
      "'zcat \"${F}\" | grep -c x'",
      "|\n        exec 3< \"${F}\"; read -r hdr <&3; exec 3<&-; python3 - <<'EOT'\n        print(\"hi\")\n        EOT",
      "'exec 3< \"${F}\"; read -r a <&3; exec 3<&-; exec 3< ./local.sh; bash /dev/fd/3'",
      "'exec 3< \"${F}\"; while read -r l <&3; do echo \"$l\"; done; exec 3<&-; bash -c \"echo hi\"'",
    ])
      expect([run, await errors(`${step1}${run}\n`)]).toEqual([run, ""]);
  });

  test("a backtick substitution in double quotes, a program printing a file's lines whole (decompressed, decoded, sorted) to a shell, eval of an exec'd descriptor or a filter printing it to a shell: refused at the reference", async () => {
    const step1 = "name: t\nsteps:\n  - name: get\n    shell: { run: echo touch, capture: { F: stdout } }\n  - shell:\n      run: ";
    const first = async (run: string) => (await errors(`${step1}${run}\n`)).split("\n")[0];
    const rest = (named: string) => `, and step 1 ("get") captures it: what answered would choose the code that runs. Name the file yourself and pass the value as its argument (${named} "\${F}"), or compare it with the files you allow first (case "\${F}" in ./check.sh) ${named} ;; esac)`;
    const restFile = (named: string) => `, and step 1 ("get") captures it: what answered would choose the code that runs. Name the file yourself (${named}), or compare it with the files you allow first (case "\${F}" in ./check.sh) ${named} ;; esac)`;
    for (const [run, says] of <[string, string][]>[
      ["'eval \"`cat \"${F}\"`\"'", `\${F} is the file eval reads its script from (\`cat FILE\`)${rest("source ./check.sh")}`],
      ["'bash -c \"`cat \"${F}\"`\"'", `\${F} is the file bash -c reads its script from (\`cat FILE\`)${rest("bash ./check.sh")}`],
      ["'sh -c \"`tail -n +1 \"${F}\"`\"'", `\${F} is the file sh -c reads its script from (\`tail … FILE\`)${rest("sh ./check.sh")}`],
      ["'zcat \"${F}\" | sh'", `\${F} is the file whose text zcat decompresses and hands sh as its script${rest("sh ./check.sh")}`],
      ["'gzip -dc \"${F}\" | bash'", `\${F} is the file whose text gzip decompresses and hands bash as its script${rest("bash ./check.sh")}`],
      ["'base64 -d \"${F}\" | sh'", `\${F} is the file whose text base64 decodes and hands sh as its script${rest("sh ./check.sh")}`],
      ["'sort \"${F}\" | sh'", `\${F} is the file whose lines sort hands sh as its script${rest("sh ./check.sh")}`],
      ["'eval \"$(sort \"${F}\")\"'", `\${F} is the file eval reads its script from ($(sort … FILE))${rest("source ./check.sh")}`],
      ["'bash <(uniq \"${F}\")'", `\${F} is the file whose lines uniq hands bash as its script${rest("bash ./check.sh")}`],
      ["'source <(zcat \"${F}\")'", `\${F} is the file whose text zcat decompresses and hands source as its script${rest("source ./check.sh")}`],
      ["'exec 3< \"${F}\"; eval \"$(cat <&3)\"'", `\${F} is the file eval reads its script from (exec 3< FILE)${restFile("source ./check.sh")}`],
      ["'exec 3< \"${F}\"; tail -n +1 /dev/fd/3 | sh'", `\${F} is the file sh reads its script from (exec 3< FILE)${restFile("sh ./check.sh")}`],
      // A substitution bash expands inside eval's words or a -c script, wherever it stands there: the file's text is code.
      ["'eval \"x=$(cat \"${F}\")\"'", `\${F} is the file eval reads part of its script from ($(cat FILE), which bash expands before eval reads it)${rest("source ./check.sh")}`],
      ["'bash -c \"grep x $(cat \"${F}\")\"'", `\${F} is the file bash -c reads part of its script from ($(cat FILE), which bash expands before bash -c reads it)${rest("bash ./check.sh")}`],
      ["'sh -c \"echo $(< \"${F}\")\"'", `\${F} is the file sh -c reads part of its script from ($(< FILE), which bash expands before sh -c reads it)${rest("sh ./check.sh")}`],
    ])
      expect([run, await first(run)]).toEqual([run, `s.yaml:6:${"      run: ".length + run.indexOf("${") + 1}: ${says}`]);
    for (const run of [
      "'sort \"${F}\" | uniq -c'",
      "'zcat \"${F}\" | grep -c x'",
      "'gzip -c \"${F}\" > out.gz'",
      "'base64 \"${F}\" | sh'",
      "'sort -o out \"${F}\"; sh ./run.sh'",
      "'x=\"`cat \"${F}\"`\"; echo \"$x\"'",
      "'exec 3< \"${F}\"; echo \"$(cat <&3)\"'",
      "'exec 3< \"${F}\"; tail -n +1 /dev/fd/3 > out.txt'",
      "'eval \"echo $(cat \"${F}\" | wc -l)\"'",
      "'eval \"echo $(basename \"${F}\")\"'",
      "\"eval 'x=$(cat \\\"${F}\\\")'\"",
    ])
      expect([run, await errors(`${step1}${run}\n`)]).toEqual([run, ""]);
  });

  test("env's settings after --, a value that begins ssh's -o argument, node's env file and --import: refused (or not) at the reference", async () => {
    const step1 = "name: t\nsteps:\n  - name: get\n    shell: { run: echo touch, capture: { M: stdout, F: stdout, O: stdout } }\n  - shell:\n      run: ";
    const first = async (run: string) => (await errors(`${step1}${run}\n`)).split("\n")[0];
    // GNU env reads settings after -- (env -i -- MODEL=x printenv MODEL prints x): a setting, not the program.
    for (const run of ["'env -i -- MODEL=\"${M}\" ./app'", '[env, -i, "--", "MODEL=${M}", ./app]']) expect([run, await errors(`${step1}${run}\n`)]).toEqual([run, ""]);
    expect(await first("'env -- X=1 BASH_ENV=\"${F}\" bash -c true'")).toStartWith("s.yaml:6:34: ${F} is assigned to BASH_ENV (");
    expect(await first('[env, "--", "X=1", "BASH_ENV=${F}", bash, -c, "true"]')).toContain("${F} is assigned to BASH_ENV (");
    expect(await first("'ssh -o \"${O}\" h true'")).toStartWith("s.yaml:6:21: ${O} begins the argument of ssh's -o, so the value chooses the option's key");
    expect(await first("'node --env-file \"${F}\" app.js'")).toStartWith("s.yaml:6:30: ${F} is the env file node reads (--env-file), whose NODE_OPTIONS=--require FILE loads and runs a file first");
    expect(await first("'node --import \"${F}\" app.js'")).toStartWith("s.yaml:6:28: ${F} is a file node loads and runs before its program (--import), and step 1");
    // A data: URL is code, whoever's value it holds.
    expect(await first("'node --import \"data:text/javascript,${F}\" app.js'")).toContain("is written into the code node takes from --import");
  });

  test("an invalid name in a shell script's ${…} (bash's array expansion) says how to write bash's own", async () => {
    const run = "name: t\nsteps:\n  - shell:\n      run: 'for s in \"${svcs[@]}\"; do echo $s; done'\n";
    expect((await errors(run)).split("\n")[0]).toBe('s.yaml:4:23: invalid variable name "svcs[@]" in "${svcs[@]}": use letters, digits and _; for bash\'s own variable or expansion (an array\'s, a loop\'s), write $${svcs[@]}');
    // Outside a script there is no bash to read it.
    expect((await errors("name: t\nsteps:\n  - shell: { run: echo, cwd: \"${a[@]}\" }\n")).split("\n")[0]).toEndWith("use letters, digits and _");
  });

  test("a list's or string's refusal that holds whatever the value is made at load for a captured name too, not set aside for the run", async () => {
    const step1 = "name: t\nsteps:\n  - name: get\n    shell: { run: echo touch, capture: { X: stdout } }\n  - shell:\n      run: ";
    for (const [run, says] of <[string, string][]>[
      ['[su, -c, "echo ${X}"]', "su -c hands to the user's shell would run as code"],
      ['[python3, -c, "print(\'${X}\')"]', "is written into the code python3 takes from -c"],
      ["'python3 -c \"print(\'\'${X}\'\')\"'", "is written into the code python3 takes from -c"],
    ])
      expect([run, (await errors(`${step1}${run}\n`)).split("\n")[0]]).toEqual([run, expect.stringContaining(says)]);
  });

  test("the author's own value where the program goes, an argument from an answer, and a name captured only later, are allowed", async () => {
    // vars:, --var and the environment are the author's choice, as `${PYTHON} script.py` is.
    expect(await errors('name: t\nvars: { PYTHON: python3 }\nsteps:\n  - shell: { run: "${PYTHON} -V; ${TOOL:-true}" }\n  - shell: { run: ["${PYTHON}", "-V"] }\n', { TOOL: "true" })).toBe("");
    // A captured value as an argument, an assignment, a redirection's target, or compared before it picks a program.
    const args = 'name: t\nsteps:\n  - shell: { run: echo x, capture: { X: stdout } }\n  - shell: { run: \'echo "${X}"; y=${X}; cat > ${X}.txt; sudo -u "${X}" id; case "${X}" in whoami) whoami ;; esac\' }\n  - shell: { run: [echo, "${X}"] }\n';
    expect(await errors(args)).toBe("");
    // The step that captures a name comes after the one that uses it: there the value is the author's (vars:).
    expect(await errors('name: t\nvars: { CMD: "true" }\nsteps:\n  - shell: { run: "${CMD}", capture: { CMD: stdout } }\n')).toBe("");
  });

  test("a __proto__ key is refused at its position, in block and flow style: its value would vanish from the input", async () => {
    const block = "name: t\nsteps:\n  - logql:\n      files: { \"*.log\": {} }\n      query: '{a=\"b\"}'\n      expect:\n        labels:\n          __proto__: [x]\n";
    expect(await errors(block)).toContain('s.yaml:8:11: the key "__proto__" cannot be used: JavaScript reads it as an object\'s prototype, and its value would be dropped without a word');
    const flow = "name: t\nsteps:\n  - http: { url: http://127.0.0.1:1/, headers: { __proto__: x } }\n";
    expect(await errors(flow)).toContain("s.yaml:3:50: the key \"__proto__\" cannot be used");
  });

  test("__proto__ keys do not hide the file's other errors: each is refused, and the rest is checked without them", async () => {
    const text = await errors("name: t\nsteps:\n  - http: { url: http://127.0.0.1:1/, headers: { __proto__: x } }\n  - sleep: soon\n  - shell: { run: \"true\", env: { __proto__: y } }\n");
    expect(text.split("\n").filter((l) => /^s\.yaml:\d+:\d+: /.test(l))).toEqual([
      's.yaml:3:50: the key "__proto__" cannot be used: JavaScript reads it as an object\'s prototype, and its value would be dropped without a word',
      's.yaml:4:12: steps[1].sleep: invalid duration "soon": use a number with a unit, e.g. 500ms, 2s, 1m30s, 1h, 7d',
      's.yaml:5:34: the key "__proto__" cannot be used: JavaScript reads it as an object\'s prototype, and its value would be dropped without a word',
    ]);
  });

  test("a value no branch of a union takes: the branch that knows the keys written, or the union's own words", async () => {
    const text = await errors([
      "name: t",
      "steps:",
      '  - promql: { url: "http://127.0.0.1:1", query: up, auth: { bearer: 12345 } }',
      '  - promql: { url: "http://127.0.0.1:1", query: up, auth: { bearer: x, basic: { username: a, password: b } } }',
      "  - logql: { url: \"http://127.0.0.1:1\", query: '{a=\"b\"}', expect: { contains: 5 } }",
      "",
    ].join("\n"));
    // The bearer's value is masked in the message as in the line it quotes: a token of digits is still a credential.
    expect(text).toContain("s.yaml:3:69: steps[0].promql.auth.bearer: expected string, got number ***");
    expect(text).not.toContain('missing required key "basic"');
    expect(text).toContain("s.yaml:4:59: steps[1].promql.auth: auth takes {basic: {username, password}} or {bearer: TOKEN}; got a mapping of bearer, basic");
    expect(text).toContain("steps[2].logql.expect.contains: give a string, {matches: REGEX}, or a list of them; got number 5");
  });

  test("a bound broken is said in the errors' own words, not zod's ('Too small: expected number to be >0')", async () => {
    const text = await errors([
      "name: t",
      "steps:",
      "  - logql: { files: { \"*.log\": {} }, query: '{a=\"b\"}', limit: 0 }",
      '  - http: { url: "http://127.0.0.1:1/", repeat: 20000 }',
      '  - promql: { url: "http://127.0.0.1:1", query: "" }',
      "",
    ].join("\n"));
    expect(text).toContain("steps[0].logql.limit: must be more than 0, got number 0");
    expect(text).toContain("steps[1].http.repeat: must be at most 10000, got number 20000");
    expect(text).toContain("steps[2].promql.query: must not be empty");
    expect(text).not.toContain("Too ");
  });

  test("a valid scenario loads with defaults", async () => {
    const { scenario } = await load(minimal);
    expect(scenario.name).toBe("t");
    expect(scenario.defaults).toEqual({ timeoutMs: 30_000, intervalMs: 500 });
    expect(scenario.steps[0]).toMatchObject({ kind: "sleep", index: 0, phase: "main", name: expect.any(String) });
  });

  test("a default name shows ${NAME} where an earlier step captures the name, not the value known at load, which the run replaces", async () => {
    const { scenario } = await load(`name: t
vars: {V: fromvars}
steps:
  - http: { url: "http://127.0.0.1:9/a?v=\${V}" }
  - shell: { run: "echo hi", capture: { V: stdout } }
  - http: { url: "http://127.0.0.1:9/b?v=\${V}&w=\${W:-d}" }
  - name: "own \${V}"
    http: { url: "http://127.0.0.1:9/c?v=\${V}" }
teardown:
  - http: { url: "http://127.0.0.1:9/d?v=\${V:-x}" }
`);
    // Before the capture the value known at load is the one sent.
    expect([...scenario.steps, ...scenario.teardown].map((s) => s.name)).toEqual([
      "GET http://127.0.0.1:9/a?v=fromvars",
      "$ echo hi",
      "GET http://127.0.0.1:9/b?v=${V}&w=d",
      "own ${V}",
      "GET http://127.0.0.1:9/d?v=${V}",
    ]);
  });

  test("a shell step's default name checked at run keeps its references as written: the run shows no value spliced in", async () => {
    const { scenario } = await load(`name: t
steps:
  - shell: { run: "echo x", capture: { K: stdout } }
  - shell: { run: [ls, "\${K}"], expect: { stdout: { matches: "\${K}(" } } }
`);
    // The run fills a step's name in (lib/engine/run-state.ts stepName): a captured `$(touch …)` showed in it.
    expect(scenario!.steps.map((s) => interpolate(s.name, () => "$(touch /tmp/p)"))).toEqual(["$ echo x", "shell {run: [ls, ${K}], expect: {stdout: {matches: ${K}(}}}"]);
  });

  test("a default name shows a ${NAME} of query: as written, not percent-encoded, beside the parameters as sent", async () => {
    const { scenario } = await load(`name: t
steps:
  - shell: { run: "echo hi", capture: { V: stdout, P: stdout } }
  - http: { url: "http://127.0.0.1:9/a/\${P}?x=1", query: { v: "\${V}", w: "a b&\${V}" } }
  - http: { url: "http://127.0.0.1:9/b#top", query: { v: "\${V}" } }
`);
    expect(scenario.steps.map((s) => s.name)).toEqual([
      "$ echo hi",
      "GET http://127.0.0.1:9/a/${P}?x=1&v=${V}&w=a%20b%26${V}",
      "GET http://127.0.0.1:9/b?v=${V}#top",
    ]);
  });

  test("common fields are parsed: durations to ms, eventually both forms", async () => {
    const { scenario } = await load(`name: t
steps:
  - sleep: 1ms
    timeout: 1m30s
    eventually: 2m
    hold: 5s
  - sleep: 1ms
    eventually: { timeout: 1m, interval: 1s, backoff: 2 }
teardown:
  - sleep: 1ms
`);
    expect(scenario.steps[0]).toMatchObject({ timeoutMs: 90_000, eventually: { timeoutMs: 120_000 }, holdMs: 5000 });
    expect(scenario.steps[1]!.eventually).toEqual({ timeoutMs: 60_000, intervalMs: 1000, backoff: 2, maxIntervalMs: undefined });
    expect(scenario.teardown[0]).toMatchObject({ phase: "teardown", index: 2 });
  });

  test("eventually: defaults.interval, when the scenario sets it, is the interval of every step that sets none", async () => {
    const steps = "steps:\n  - sleep: 1ms\n    eventually: 2m\n  - sleep: 1ms\n    eventually: { timeout: 1m, backoff: 2 }\n  - sleep: 1ms\n    eventually: { timeout: 1m, interval: 1s }\n";
    const set = (await load(`name: t\ndefaults: { interval: 2s }\n${steps}`)).scenario;
    expect(set.steps.map((s) => s.eventually?.intervalMs)).toEqual([2000, 2000, 1000]);
    const unset = (await load(`name: t\n${steps}`)).scenario;
    expect(unset.steps.map((s) => s.eventually?.intervalMs)).toEqual([undefined, undefined, 1000]);
  });

  const table: [string, string, string[]][] = [
    ["malformed YAML: a [ never closed is named where it opens", "name: t\nsteps:\n  - sleep: [1ms\n", ['s.yaml:3:12: invalid YAML: this "[" is not closed: the flow sequence it opens needs its "]" before the end of the file']],
    ["a { never closed, with the next step after it: one error, where it opens (not the next step's three)", 'name: t\nsteps:\n  - name: a\n    shell: { run: "echo ${X} {a} #{" # {\n  - name: b\n    sleep: 1ms\n', ['s.yaml:4:12: invalid YAML: this "{" is not closed: the flow mapping it opens needs its "}" before line 5']],
    // In a flow mapping the `{` of an unquoted ${P} opens a mapping: a line of errors followed. One, at the `$`, with the fix.
    ["an unquoted ${VAR} inside { }: one error, at the $, saying to quote it", "name: t\nsteps:\n  - promql: {url: ${P}, query: up}\n", ['s.yaml:3:19: invalid YAML: inside { … } or [ … ] an unquoted ${P} opens a mapping: quote the value that holds it ("${P}")']],
    ["a mapping item out of line: the caret under it", "name: t\nsteps:\n  - shell:\n      run: echo\n     cwd: /tmp\n", ["s.yaml:5:6: invalid YAML: All mapping items must start at the same column"]],
    ["a sequence item out of line: one error, under its dash (not a second about the line after it)", 'name: t\nsteps:\n  - sleep: 1ms\n   - name: b\n    sleep: 1ms\n', ["s.yaml:4:4: invalid YAML: All sequence items must start at the same column", "1 error: nothing was run."]],
    ["tab indentation", "name: t\nsteps:\n\t- sleep: 1ms\n", ["s.yaml:3:1: invalid YAML"]],
    // (A header takes it as written, `.inf`: lib/loader/written-scalars.test.ts.)
    ["YAML infinity as an argument of a command", "name: t\nsteps:\n  - shell:\n      run: [echo, .inf]\n", ["s.yaml:4:19: steps[0].shell.run[1]: expected string, got .inf, YAML's infinity (not a finite number; quote it to mean the text)"]],
    ["two YAML documents", "name: t\nsteps:\n  - sleep: 1ms\n---\nname: u\n", ["s.yaml:4:1: invalid YAML: a second YAML document starts here: a scenario file holds one"]],
    ["not a mapping", "- a\n- b\n", ["s.yaml:1:1: a scenario is a mapping"]],
    ["missing steps", "name: t\n", ["scenario: missing required key \"steps\""]],
    ["a missing key whose value may take several shapes (shell.run: a string or a list)", "name: t\nsteps:\n  - shell:\n      cwd: /tmp\n", ['s.yaml:4:7: steps[0].shell: missing required key "run"']],
    ["unknown top-level key with suggestion", "name: t\nstep:\n  - sleep: 1ms\n", ['s.yaml:2:1: unknown key "step" (did you mean "steps"?)']],
    ["unknown step key with suggestion", "name: t\nsteps:\n  - sleep: 1ms\n    timout: 5s\n", ['s.yaml:4:5: steps[0]: unknown key "timout" (did you mean "timeout"?)']],
    ["no kind", "name: t\nsteps:\n  - name: x\n", ["a step needs exactly one kind key"]],
    ["two kinds", "name: t\nsteps:\n  - sleep: 1ms\n    shell: { run: echo }\n", ["s.yaml:3:", "a step has exactly one kind key, this one has shell and sleep"]],
    ["bad duration", "name: t\nsteps:\n  - sleep: 1ms\n    timeout: 5 minutes\n", ['s.yaml:4:14: steps[0].timeout: invalid duration "5 minutes"']],
    // A deadline of 0 failed every attempt on its own clock ("timed out after 0ms"), or with eventually ran once.
    ["a timeout of 0", "name: t\nsteps:\n  - sleep: 1ms\n    timeout: 0s\n", ["s.yaml:4:14: steps[0].timeout: a deadline of 0 leaves no time to run"]],
    ["a default timeout of 0", "name: t\ndefaults: { timeout: 0 }\nsteps:\n  - sleep: 1ms\n", ["s.yaml:2:22: defaults.timeout: a deadline of 0"]],
    ["an eventually of 0", "name: t\nsteps:\n  - sleep: 1ms\n    eventually: 0ms\n", ["s.yaml:4:17: steps[0].eventually: a deadline of 0"]],
    ["an eventually timeout of 0", "name: t\nsteps:\n  - sleep: 1ms\n    eventually: { timeout: 0, interval: 1s }\n", ["s.yaml:4:28: steps[0].eventually.timeout: a deadline of 0"]],
    // An interval of 0 asked again at once (895 requests a second); a hold of 0 held nothing; a max_interval below the
    // interval was clamped silently.
    ["an interval of 0", "name: t\nsteps:\n  - sleep: 1ms\n    eventually: { timeout: 5s, interval: 0s }\n", ["steps[0].eventually.interval: an interval of 0 asks again at once"]],
    ["a default interval of 0", "name: t\ndefaults: { interval: 0 }\nsteps:\n  - sleep: 1ms\n", ["defaults.interval: an interval of 0 asks again at once"]],
    ["a hold of 0", "name: t\nsteps:\n  - sleep: 1ms\n    hold: 0s\n", ["s.yaml:4:11: steps[0].hold: hold: 0 holds for no time"]],
    ["a max_interval below the interval", "name: t\nsteps:\n  - sleep: 1ms\n    eventually: { timeout: 5s, interval: 2s, max_interval: 1s }\n", ["steps[0].eventually.max_interval: max_interval is below interval"]],
    ["a request timeout of 0", "name: t\nsteps:\n  - http: { url: http://127.0.0.1:1/, timeout: 0s }\n", ["s.yaml:3:48: steps[0].http.timeout: a deadline of 0"]],
    ["wrong type", "name: t\nsteps:\n  - sleep: 1ms\n    retries: many\n", ['s.yaml:4:14: steps[0].retries: expected number, got string "many"']],
    ["undefined variable", "name: t\nsteps:\n  - shell: { run: \"echo ${NOPE}\" }\n", ["s.yaml:3:25: undefined variable ${NOPE}"]],
    // In a block scalar the caret was on its `|`, in a quoted scalar over two lines at the `${`'s offset from the quote.
    ["undefined variable in a | block", "name: t\nsteps:\n  - shell:\n      run: |\n        echo one\n        echo ${NOPE}\n", ["s.yaml:6:14: undefined variable ${NOPE}"]],
    ["undefined variable in a >- block, after an escaped $${", "name: t\nsteps:\n  - shell:\n      run: >-\n        echo $${KEEP}\n        ${A:-x} ${NOPE}\n", ["s.yaml:6:17: undefined variable ${NOPE}"]],
    ["undefined variable in a quoted scalar over two lines", "name: t\nsteps:\n  - shell:\n      run: \"echo one\n        echo ${NOPE}\"\n", ["s.yaml:5:14: undefined variable ${NOPE}"]],
    ["undefined variable in a key", "name: t\nsteps:\n  - http:\n      url: http://127.0.0.1:1/\n      headers:\n        x-${NOPE}: v\n", ["s.yaml:6:11: undefined variable ${NOPE}"]],
    ["undefined variable with suggestion", "name: t\nvars: { API_URL: x }\nsteps:\n  - shell: { run: \"echo ${API_UR}\" }\n", ['(did you mean "API_URL"?)']],
    ["variable used before its capture", "name: t\nsteps:\n  - shell: { run: \"echo ${ID}\" }\n  - shell: { run: echo, capture: { ID: stdout } }\n", ["undefined variable ${ID}"]],
    ["bad regex in a matcher", "name: t\nsteps:\n  - shell:\n      run: echo\n      expect:\n        stdout: { matches: \"(\" }\n", ["s.yaml:6:28", "invalid regular expression"]],
    ["enum value with suggestion", "name: t\nsteps:\n  - compose: { action: upp }\n", ['s.yaml:3:24: steps[0].compose.action: expected one of up, down, stop, restart, ps, logs, got string "upp" (did you mean "up"?)']],
    ["unknown matcher operator", "name: t\nsteps:\n  - shell:\n      run: echo\n      expect:\n        exit_code: { gtee: 0 }\n", ['unknown matcher operator "gtee" (did you mean "gte"?)']],
    // stdout and stderr are text: a boolean, null, list or mapping never equals them, so such a check never passed (or, under ne, never failed).
    ["stdout: true (a boolean, never the text)", "name: t\nsteps:\n  - shell:\n      run: echo true\n      expect:\n        stdout: true\n", ['s.yaml:6:17: steps[0].shell.expect.stdout: stdout is text: true is a boolean, which no text equals, so the check could never pass; quote it to compare with the text: stdout: "true"']],
    ["stdout: null (an empty value)", "name: t\nsteps:\n  - shell:\n      run: 'true'\n      expect:\n        stdout:\n", ['steps[0].shell.expect.stdout: stdout is text: null is null, which no text equals, so the check could never pass; quote it to compare with the text: stdout: "null", or stdout: "" for no output']],
    ["stdout: a list", "name: t\nsteps:\n  - shell:\n      run: echo\n      expect:\n        stdout: [1, 2]\n", ["s.yaml:6:17: steps[0].shell.expect.stdout: stdout is text: [1,2] is a list, which no text equals, so the check could never pass; quote it to compare with the text: stdout: '[1,2]'"]],
    ["stderr: {ne: false} (never fails)", "name: t\nsteps:\n  - shell:\n      run: echo\n      expect:\n        stderr: { ne: false }\n", ['s.yaml:6:23: steps[0].shell.expect.stderr.ne: stderr is text: false is a boolean, which no text equals, so the check could never fail; quote it to compare with the text: stderr: {ne: "false"}']],
    ["stdout: {eq: {a: 1}} (a mapping)", "name: t\nsteps:\n  - shell:\n      run: echo\n      expect:\n        stdout: { eq: { a: 1 } }\n", ["steps[0].shell.expect.stdout.eq: stdout is text: {\"a\":1} is a mapping, which no text equals, so the check could never pass; quote it to compare with the text: stdout: {eq: '{\"a\":1}'}"]],
    ["stdout: {not: {eq: null}} (never fails)", "name: t\nsteps:\n  - shell:\n      run: echo\n      expect:\n        stdout: { not: { eq: null } }\n", ['steps[0].shell.expect.stdout.not.eq: stdout is text: null is null, which no text equals, so the check could never fail; quote it to compare with the text: stdout: {not: {eq: "null"}}, or stdout: {not: {eq: ""}} for no output']],
    // An http step's body is text too (the body of a HEAD or 204 is ""): the same literals never equal it.
    ["http body: true (a boolean, never the text)", "name: t\nsteps:\n  - http:\n      url: http://127.0.0.1:9/x\n      expect:\n        body: true\n", ['s.yaml:6:15: steps[0].http.expect.body: body is text: true is a boolean, which no text equals, so the check could never pass; quote it to compare with the text: body: "true"']],
    ["http body: {ne: null} (never fails)", "name: t\nsteps:\n  - http:\n      url: http://127.0.0.1:9/x\n      expect:\n        body: { ne: null }\n", ['steps[0].http.expect.body.ne: body is text: null is null, which no text equals, so the check could never fail; quote it to compare with the text: body: {ne: "null"}, or body: {ne: ""} for an empty body']],
    // A response header's value is text, or undefined when the header is absent: x-a: true never passed, and
    // x-a: {ne: false} passed on the value "false" (it failed only on an absent header).
    ["http headers: true (a boolean, never the text)", "name: t\nsteps:\n  - http:\n      url: http://127.0.0.1:9/x\n      expect:\n        headers:\n          X-Cache: true\n", ['s.yaml:7:20: steps[0].http.expect.headers.X-Cache: header X-Cache is text: true is a boolean, which no text equals, so the check could never pass; quote it to compare with the text: X-Cache: "true"']],
    ["http headers: {ne: false} (fails only on an absent header)", "name: t\nsteps:\n  - http:\n      url: http://127.0.0.1:9/x\n      expect:\n        headers: { x-a: { ne: false } }\n", ['s.yaml:6:31: steps[0].http.expect.headers.x-a.ne: header x-a is text: false is a boolean, which no text equals, so the check could never fail while the header is there (only when it is absent); quote it to compare with the text: x-a: {ne: "false"}']],
    ["http headers: null (absence is exists: false)", "name: t\nsteps:\n  - http:\n      url: http://127.0.0.1:9/x\n      expect:\n        headers:\n          x-a: null\n", ['steps[0].http.expect.headers.x-a: header x-a is text: null is null, which no text equals, so the check could never pass; quote it to compare with the text: x-a: "null", or x-a: {exists: false} for an absent header']],
    ["http headers: {not: {eq: null}}", "name: t\nsteps:\n  - http:\n      url: http://127.0.0.1:9/x\n      expect:\n        headers:\n          x-a: { not: { eq: null } }\n", ['steps[0].http.expect.headers.x-a.not.eq: header x-a is text: null is null, which no text equals, so the check could never fail while the header is there (only when it is absent); quote it to compare with the text: x-a: {not: {eq: "null"}}, or x-a: {exists: true} for a header that is there']],
    ["http headers: a list, a mapping under eq, an item of in", "name: t\nsteps:\n  - http:\n      url: http://127.0.0.1:9/x\n      expect:\n        headers:\n          x-a: [a]\n          x-b: { eq: { a: 1 } }\n          x-c: { in: [a, true] }\n", ["s.yaml:7:16: steps[0].http.expect.headers.x-a: header x-a is text: [\"a\"] is a list, which no text equals, so the check could never pass; quote it to compare with the text: x-a: '[\"a\"]'", "steps[0].http.expect.headers.x-b.eq: header x-b is text: {\"a\":1} is a mapping, which no text equals, so the check could never pass; quote it to compare with the text: x-b: {eq: '{\"a\":1}'}", 's.yaml:9:26: steps[0].http.expect.headers.x-c.in[1]: header x-c is text: true is a boolean, which no text equals; quote it to compare with the text: x-c: {in: ["a", "true"]}', "3 errors"]],
    // A body (stdout) is always text: a matcher every text meets checked nothing, beside a status every response meets
    // too (the step passed on a 503 error page); one no text meets never passed.
    ["http body: {exists: true} beside status: {gte: 0} (never fails)", "name: t\nsteps:\n  - http:\n      url: http://127.0.0.1:9/x\n      expect:\n        status: { gte: 0 }\n        body: { exists: true }\n", ['s.yaml:7:15: steps[0].http.expect.body: body is always text: {"exists":true} holds for every text, so the check could never fail; say what the text must hold (body: {contains: …}), or write body: {not: {eq: ""}} against an empty body']],
    ["http body: {length: {gte: 0}} (never fails)", "name: t\nsteps:\n  - http:\n      url: http://127.0.0.1:9/x\n      expect: { body: { length: { gte: 0 } } }\n", ['s.yaml:5:23: steps[0].http.expect.body: body is always text: {"length":{"gte":0}} holds for every text, so the check could never fail']],
    ["http body: {not: {type: number}}, stdout: {type: string} (never fail), stderr: {type: number} (never passes)", "name: t\nsteps:\n  - http:\n      url: http://127.0.0.1:9/x\n      expect: { body: { not: { type: number } } }\n  - shell:\n      run: echo\n      expect: { stdout: { type: string }, stderr: { type: number } }\n", ['s.yaml:5:23: steps[0].http.expect.body: body is always text: {"not":{"type":"number"}} holds for every text', 's.yaml:8:25: steps[1].shell.expect.stdout: stdout is always text: {"type":"string"} holds for every text, so the check could never fail; say what the text must hold (stdout: {contains: …}), or write stdout: {not: {eq: ""}} against no output', "s.yaml:8:59: steps[1].shell.expect.stderr.type: stderr is always text: type: number holds for no text, so the check could never pass"]],
    // A line break written in a header's value failed the step only when it ran, after everything before it.
    ["http headers: a value with a line break", "name: t\nsteps:\n  - shell: { run: echo, capture: { C: stdout } }\n  - http:\n      url: http://127.0.0.1:9/x\n      headers: { X-A: \"a\\nb\", X-B: \"${C}\" }\n", ["s.yaml:6:23: steps[1].http.headers.X-A: its value holds a line break or NUL, which HTTP does not allow in a header; it was not sent", "1 error"]],
    ["http headers: type other than string, every, some", "name: t\nsteps:\n  - http:\n      url: http://127.0.0.1:9/x\n      expect:\n        headers:\n          content-length: { type: number }\n          x-b: { not: { type: number } }\n          x-c: { not: { type: string } }\n          x-d: { some: { eq: a } }\n          x-e: { not: { type: string, contains: x } }\n", ["s.yaml:7:35: steps[0].http.expect.headers.content-length.type: header content-length is text, or absent: type: number holds for no text, so the check could never pass", "steps[0].http.expect.headers.x-b.not.type: header x-b is text, or absent: type: number holds for no text, so the check could never fail while the header is there (only when it is absent)", "steps[0].http.expect.headers.x-c.not.type: header x-c is text, or absent: type: string holds for every text, so the check could never pass while the header is there (only when it is absent: write x-c: {exists: false} for that)", "steps[0].http.expect.headers.x-d.some: header x-d is text, or absent: some holds for no text (it takes a list), so the check could never pass", "4 errors"]],
    // A wrong type for a key taking one of several forms said zod's own words too ("…; or Invalid input: expected array,
    // received number"): now what the key takes, in plain words.
    ["files contains: a number", "name: t\nsteps:\n  - files: { glob: '*.log', expect: { contains: 5 } }\n", ["s.yaml:3:49: steps[0].files.expect.contains: contains takes a literal string, or {matches: REGEX, count: MATCHER}, or a list of these; got number 5\n"]],
    ["files not_contains: a boolean", "name: t\nsteps:\n  - files: { glob: '*.log', expect: { not_contains: true } }\n", ["s.yaml:3:53: steps[0].files.expect.not_contains: not_contains takes a literal string, or {matches: REGEX}, or a list of these; got boolean true\n"]],
    ["files contains: {matches: 5}", "name: t\nsteps:\n  - files: { glob: '*.log', expect: { contains: { matches: 5 } } }\n", ["s.yaml:3:49: steps[0].files.expect.contains: contains takes a literal string, or {matches: REGEX, count: MATCHER}, or a list of these; got a mapping of matches\n"]],
    ["eventually: a list", "name: t\nsteps:\n  - sleep: 1ms\n    eventually: [1]\n", ["s.yaml:4:17: steps[0].eventually: eventually takes a duration (2m, 30s, or a number of seconds) or a mapping {timeout, interval, backoff, max_interval}; got a list\n"]],
    ["eventually: null", "name: t\nsteps:\n  - sleep: 1ms\n    eventually:\n", ["steps[0].eventually: eventually takes a duration (2m, 30s, or a number of seconds) or a mapping {timeout, interval, backoff, max_interval}; got null\n"]],
    ["eventually: a text that is no duration", "name: t\nsteps:\n  - sleep: 1ms\n    eventually: soon\n", ['s.yaml:4:17: steps[0].eventually: invalid duration "soon": use a number with a unit, e.g. 500ms, 2s, 1m30s, 1h, 7d\n']],
    ["stdout: {not: {in: [ok, true]}}", "name: t\nsteps:\n  - shell:\n      run: echo\n      expect:\n        stdout: { not: { in: [ok, true] } }\n", ['s.yaml:6:35: steps[0].shell.expect.stdout.not.in[1]: stdout is text: true is a boolean, which no text equals; quote it to compare with the text: stdout: {not: {in: ["ok", "true"]}}']],
  ];
  test("stdout and stderr take text, numbers (compared with the text's digits) and operators on text", async () => {
    expect(await errors("name: t\nsteps:\n  - shell:\n      run: echo\n      expect:\n        stdout: 12\n        stderr: { ne: \"true\", in: [\"\", 1.5], not: { eq: \"null\" }, length: 0, type: string }\n")).toBe("");
  });
  test("http headers take text, numbers (compared with the value read as a decimal number), presence and operators on text", async () => {
    expect(await errors("name: t\nsteps:\n  - http:\n      url: http://127.0.0.1:9/x\n      expect:\n        headers:\n          content-length: { gt: 0 }\n          x-count: 1\n          x-ratio: { eq: 1.0, ne: \"true\" }\n          x-cache: \"true\"\n          x-gone: { exists: false }\n          x-there: { type: string, not: { eq: \"null\" }, length: { gte: 1 } }\n          x-in: { in: [a, 2, \"false\"], contains: true }\n")).toBe("");
  });
  for (const [name, yaml, wanted] of table) {
    test(name, async () => {
      const text = await errors(yaml);
      for (const w of wanted) expect(text).toContain(w);
      expect(text).toContain("nothing was run.");
    });
  }

  test("a wrong type for any documented key is said in plain words at file:line:col, never in zod's (Invalid input, received …)", async () => {
    const docs = join(import.meta.dir, "../../docs");
    const tableKeys = (text: string) => [...new Set([...text.matchAll(/^\| `([a-z_]+)`/gm)].map((m) => m[1]!))];
    const minimal: Record<string, string> = {
      compose: "action: up", files: "glob: '*.log'", http: "url: http://127.0.0.1:9/", logql: "query: '{a=\"b\"}'\n      url: http://127.0.0.1:9",
      promql: "query: up\n      url: http://127.0.0.1:9", shell: "run: 'true'",
    };
    const yamls: string[] = [];
    const values = ["5", "x", "[1]", "{a: 1}", "true", "null"];
    for (const [kind, base] of Object.entries(minimal))
      for (const key of tableKeys(readFileSync(join(docs, "steps", `${kind}.md`), "utf8")))
        for (const v of values) {
          yamls.push(`name: t\nsteps:\n  - ${kind}:\n      ${base}\n      ${key}: ${v}\n`);
          yamls.push(`name: t\nsteps:\n  - ${kind}:\n      ${base}\n      expect:\n        ${key}: ${v}\n`);
          yamls.push(`name: t\nsteps:\n  - ${kind}:\n      ${base}\n      expect:\n        ${key}: [${v}]\n`);
        }
    const format = readFileSync(join(docs, "format.md"), "utf8");
    const stepKeys = tableKeys(format.slice(format.indexOf("## Steps"), format.indexOf("## Expectations")));
    const topKeys = [...format.slice(0, format.indexOf("## ")).matchAll(/^([a-z_]+):/gm)].map((m) => m[1]!);
    expect(stepKeys).toContain("eventually");
    expect(topKeys).toContain("thresholds");
    for (const v of values) {
      for (const key of stepKeys) yamls.push(`name: t\nsteps:\n  - sleep: 1ms\n    ${key}: ${v}\n`);
      for (const key of topKeys) yamls.push(key === "steps" || key === "name" ? `name: ${key === "name" ? v : "t"}\nsteps: ${key === "steps" ? v : "[]"}\n` : `name: t\n${key}: ${v}\nsteps:\n  - sleep: 1ms\n`);
      // Inside a mapping or a list under the key too (`vars: {N: null}` crashed the check of variables' values).
      for (const key of [...stepKeys, ...topKeys].filter((k) => k !== "steps" && k !== "name")) {
        const at = stepKeys.includes(key) ? (body: string) => `name: t\nsteps:\n  - sleep: 1ms\n    ${key}:\n${body.replace(/^/gm, "      ")}\n` : (body: string) => `name: t\n${key}:\n${body.replace(/^/gm, "  ")}\nsteps:\n  - sleep: 1ms\n`;
        yamls.push(at(`k1: ${v}`), at(`- ${v}`));
      }
    }
    const leaks: string[] = [];
    for (const yaml of yamls) {
      const text = await errors(yaml);
      if (text === "") continue;
      const messages = text.split("\n").filter((line) => /^s\.yaml:\d+:\d+: /.test(line));
      if (messages.length === 0 || !text.includes("nothing was run.")) leaks.push(`${JSON.stringify(yaml)}: ${text}`);
      for (const m of messages) if (/Invalid input|received |expected [a-z]+, received|; or Invalid/.test(m)) leaks.push(`${JSON.stringify(yaml)}: ${m}`);
    }
    expect(leaks).toEqual([]);
    expect(yamls.length).toBeGreaterThan(1000);
  });

  test("every error is reported at once, in file order", async () => {
    const text = await errors("name: t\nsteps:\n  - sleep: 1ms\n    timout: 5s\n  - sleep: soon\n  - shell: { run: \"${X}\" }\n");
    expect(text).toContain("4:5");
    expect(text).toContain("5:12");
    expect(text).toContain("6:20");
    expect(text).toContain("3 errors");
    expect(text.indexOf("4:5")).toBeLessThan(text.indexOf("5:12"));
  });

  test("the offending line is quoted with a caret", async () => {
    expect(await errors("name: t\nsteps:\n  - sleep: 1ms\n    timout: 5s\n")).toContain("  4 |     timout: 5s\n    |     ^");
  });

  test("variables resolve from captures, --var, the environment, vars and defaults", async () => {
    expect(await errors("name: t\nsteps:\n  - shell: { run: echo, capture: { ID: stdout } }\n  - shell: { run: \"echo ${ID}\" }\n")).toBe("");
    expect(await errors("name: t\nsteps:\n  - shell: { run: \"echo ${FROM_CLI}\" }\n", { FROM_CLI: "x" })).toBe("");
    expect(await errors("name: t\nsteps:\n  - shell: { run: \"echo ${X:-default}\" }\n")).toBe("");
    expect(await errors("name: t\nsteps:\n  - shell: { run: \"echo ${RUN_ID} ${SCENARIO_DIR} ${START_EPOCH} ${START_ISO}\" }\n")).toBe("");
  });

  test("variables are substituted before typed fields are validated", async () => {
    const { scenario } = await load("name: t\nvars: { WAIT: 2s }\nsteps:\n  - sleep: ${WAIT}\n");
    expect(scenario.steps[0]!.input).toBe("${WAIT}");
  });

  test("a step's own durations take variables known before the run (timeout, eventually, hold), as format.md says", async () => {
    const { scenario } = await load('name: t\nvars: { T: 5s, E: 2s }\nsteps:\n  - sleep: 1ms\n    timeout: "${T}"\n    eventually: { timeout: "${E}", interval: "${I:-100ms}" }\n  - sleep: 1ms\n    hold: "${E}"\n');
    expect([scenario.steps[0]!.timeoutMs, scenario.steps[0]!.eventually?.timeoutMs, scenario.steps[0]!.eventually?.intervalMs, scenario.steps[1]!.holdMs]).toEqual([5000, 2000, 100, 2000]);
  });

  test("a missing file says where it looked", async () => {
    await expect(loadScenario("nope.yaml", { sources: { cli: {}, envFile: {}, env: {} }, builtins: () => ({}) }, dir)).rejects.toThrow(/no such scenario file/);
  });

  test("a folder or an absolute path that names no file is said so, without a search it did not make", async () => {
    const opts = { sources: { cli: {}, envFile: {}, env: {} }, builtins: () => ({}) };
    mkdirSync(join(dir, "a-folder"), { recursive: true });
    await expect(loadScenario("a-folder", opts, dir)).rejects.toThrow("a-folder: is a folder, not a scenario file");
    const absent = join(dir, "absent.yaml");
    await expect(loadScenario(absent, opts, dir)).rejects.toThrow(/absent\.yaml: no such scenario file$/);
  });

  test("a path from ./ or ../ is looked up where it says only, not under scenarios/ too", async () => {
    const opts = { sources: { cli: {}, envFile: {}, env: {} }, builtins: () => ({}) };
    mkdirSync(join(dir, "scenarios"), { recursive: true });
    writeFileSync(join(dir, "scenarios", "only-here.yaml"), "name: x\nsteps: []\n");
    await expect(loadScenario("../scenarios/only-here.yaml", opts, dir)).rejects.toThrow(`../scenarios/only-here.yaml: no such scenario file (${join(dir, "..", "scenarios", "only-here.yaml")})`);
  });

  test("a name finds scenarios/NAME.yaml even when a directory NAME sits beside scenarios/ (the repo's demo/)", async () => {
    const root = tempDir("scenario-resolve-");
    mkdirSync(join(root, "demo"));
    mkdirSync(join(root, "scenarios"));
    writeFileSync(join(root, "scenarios", "demo.yaml"), "name: d\nsteps:\n  - sleep: 1ms\n");
    expect(resolveScenarioPath("demo", root)).toBe(join(root, "scenarios", "demo.yaml"));
  });

  test("duplicate keys are an error, also inside a step", async () => {
    expect(await errors("name: t\nname: u\nsteps:\n  - sleep: 1ms\n")).toContain("invalid YAML");
    expect(await errors("name: t\nsteps:\n  - name: a\n    sleep: 1ms\n    name: b\n")).toContain("s.yaml:5:5: invalid YAML: Map keys must be unique");
  });
});

describe("merge keys and x- keys", () => {
  const base = `name: t
x-http: &http
  url: http://127.0.0.1:1/health
  method: GET
x-step: &step
  timeout: 5s
  continue_on_failure: true
steps:
  - <<: *step
    http:
      <<: *http
      method: POST
`;

  test("a merge key applies the same way on the fast and the exact path", async () => {
    const fast = (await load(base)).scenario.steps[0]!;
    // A duplicate key in an unrelated mapping sends the file down the exact path; it is then reported alone.
    expect(fast).toMatchObject({ timeoutMs: 5000, continueOnFailure: true, input: { url: "http://127.0.0.1:1/health", method: "POST" } });
    expect(mayHaveDuplicateKeys(`${base}teardown:\n  - sleep: 1ms\n    tags: [a]\n    tags: [b]\n`)).toBe(true);
    const text = await errors(`${base}teardown:\n  - sleep: 1ms\n    tags: [a]\n    tags: [b]\n`);
    expect(text).toContain("Map keys must be unique");
    expect(text).not.toContain('"<<"');
  });

  test("merge keys and another mistake: only the mistake is reported", async () => {
    const text = await errors(`${base}  - sleep: 1ms\n    timout: 5s\n`);
    expect(text).toContain('s.yaml:14:5: steps[1]: unknown key "timout"');
    expect(text).toContain("1 error:");
    expect(text).not.toContain("<<");
  });

  test("an error inside merged content points at where it is written", async () => {
    const text = await errors(`name: t
x-expect: &expect
  expect:
    staus: 200
steps:
  - http:
      url: http://127.0.0.1:1/
      <<: *expect
`);
    expect(text).toContain('s.yaml:4:5: steps[0].http.expect: unknown key "staus" (did you mean "status"?)');
    expect(text).toContain("  4 |     staus: 200");
  });

  test("a status matcher with a class under a bound, or a text that is no status, is refused where it is written", async () => {
    const text = await errors("name: t\nsteps:\n  - http:\n      url: http://127.0.0.1:9/\n      expect:\n        status: { not: { gte: 4xx }, in: [2xx, ok] }\n");
    expect(text).toContain("s.yaml:6:31: steps[0].http.expect.status.not.gte: 4xx is a class, not a number: gte takes a code (gte: 400); for the class itself write status: 4xx (or {not: 4xx})");
    expect(text).toContain('s.yaml:6:48: steps[0].http.expect.status.in[1]: "ok" is not a status: write a code (200), a class (2xx), or a list of them');
    expect(text).toContain("2 errors");
    // Alone in an input the fast check otherwise vouches for (it took any matcher mapping the generic shape allows).
    for (const [status, col, message] of [
      ["{ ne: ok }", 63, 'steps[0].http.expect.status.ne: "ok" is not a status'],
      ["{ contains: 4xx }", 69, "steps[0].http.expect.status.contains: contains: 4xx reads the status as text"],
      ["{ in: [2xx, 5xxx] }", 69, 'steps[0].http.expect.status.in[1]: "5xxx" is not a status'],
    ] as const) {
      const one = await errors(`name: t\nsteps:\n  - http: { url: http://127.0.0.1:9/, expect: { status: ${status} } }\n`);
      expect(one).toContain(`s.yaml:3:${col}: ${message}`);
    }
  });

  test("an unknown matcher operator is refused at the operator, as an unknown key is, not at its value", async () => {
    const text = await errors(
      [
        "name: t",
        "steps:",
        "  - http:",
        "      url: http://127.0.0.1:9/",
        "      expect:",
        "        status: { betwen: [200, 299] }",
        '        json: { "$.a": { not: { mtches: x } } }',
        "        headers:",
        "          x-a:",
        "            eq: y",
        "            contain: z",
        "  - shell:",
        "      run: 'true'",
        "      expect: { exit_code: { eqq: 0 } }",
        "  - promql:",
        "      url: http://127.0.0.1:9/",
        "      query: up",
        "      expect: { value: { gtee: 1 }, labels: { job: { bogus: [a] } } }",
        "",
      ].join("\n"),
    );
    expect(text).toContain('s.yaml:6:19: steps[0].http.expect.status.betwen: unknown matcher operator "betwen"');
    expect(text).toContain("  6 |         status: { betwen: [200, 299] }\n    |                   ^");
    expect(text).toContain('s.yaml:7:33: steps[0].http.expect.json.$.a.not.mtches: unknown matcher operator "mtches"');
    expect(text).toContain('s.yaml:11:13: steps[0].http.expect.headers.x-a.contain: unknown matcher operator "contain"');
    expect(text).toContain('s.yaml:14:30: steps[1].shell.expect.exit_code.eqq: unknown matcher operator "eqq"');
    expect(text).toContain('s.yaml:18:26: steps[2].promql.expect.value.gtee: unknown matcher operator "gtee"');
    expect(text).toContain('s.yaml:18:54: steps[2].promql.expect.labels.job.bogus: unknown matcher operator "bogus"');
  });

  test("a url whose variable holds a line break is refused where the url is written (it was requested with the break removed)", async () => {
    const text = await errors('name: t\nvars: { P: x }\nsteps:\n  - http: { url: "http://127.0.0.1:9/${P}" }\n', { P: "nu\nl.json" });
    expect(text).toContain("s.yaml:4:18: steps[0].http.url: its value holds a line break, a tab or NUL, which a URL does not allow (URL parsing drops line breaks and tabs, so another URL would be requested); it was not sent");
    expect(text).toContain("1 error");
  });

  test("a bad value brought in by a merge is located in the anchor", async () => {
    expect(await errors("name: t\nx-t: &t\n  timeout: soon\nsteps:\n  - sleep: 1ms\n    <<: *t\n")).toContain("s.yaml:3:12: steps[0].timeout: invalid duration");
  });

  test("an undefined variable inside merged content is located in the anchor", async () => {
    expect(await errors("name: t\nx-s: &s\n  shell: { run: \"echo ${NOPE}\" }\nsteps:\n  - <<: *s\n")).toContain("s.yaml:3:23: undefined variable ${NOPE}");
  });

  test("an undefined variable in an anchor two steps merge is one error, said once (docs/format.md's x-loki example without LOKI_URL)", async () => {
    const text = await errors("name: t\nx-loki: &loki\n  url: ${LOKI_URL}\nsteps:\n  - logql: { <<: *loki, query: '{a=\"b\"}' }\n  - logql: { <<: *loki, query: '{a=\"c\"}' }\n");
    expect(text.split("\n").filter((l) => l.startsWith("s.yaml:"))).toEqual([
      "s.yaml:3:8: undefined variable ${LOKI_URL}: define it under vars:, pass --var LOKI_URL=…, set it in the environment, capture it in an earlier step, or write ${LOKI_URL:-default}",
    ]);
    expect(text).toContain("1 error: nothing was run.");
  });

  test("a step's timeout, eventually, hold and service take values known at load: a captured name is refused there, once; service is filled in", async () => {
    const text = await errors('name: t\nsteps:\n  - shell: { run: "echo 2s", capture: { T: stdout } }\n  - timeout: "${T}"\n    eventually: { timeout: "${T}" }\n    service: "svc-${T}"\n    shell: { run: "true" }\n');
    expect(text.split("\n").filter((l) => l.startsWith("s.yaml:"))).toEqual([
      "s.yaml:4:15: ${T} is captured by a step, but a step's timeout is set when the scenario loads, before any step runs: give it a value known then (vars:, --var, the environment)",
      "s.yaml:5:29: ${T} is captured by a step, but a step's eventually is set when the scenario loads, before any step runs: give it a value known then (vars:, --var, the environment)",
      "s.yaml:6:19: ${T} is captured by a step, but a step's service is set when the scenario loads, before any step runs: give it a value known then (vars:, --var, the environment)",
    ]);
    // A service named by a variable known at load is its value in every report (it stood as the text "${SVC}").
    const { scenario } = await load('name: t\nsteps:\n  - service: "${SVC}"\n    timeout: "${T}"\n    shell: { run: "true" }\n', { SVC: "web", T: "2s" });
    expect([scenario.steps[0]!.service, scenario.steps[0]!.timeoutMs, [...(scenario.fieldRefs ?? [])].sort()]).toEqual(["web", 2000, ["SVC", "T"]]);
  });

  test("a vars: entry naming a variable a step captures says vars: are filled in before any step (not 'capture it in an earlier step')", async () => {
    const text = await errors('name: t\nvars: { B: "b-${T}", C: "${UNSET_X}" }\nsteps:\n  - shell: { run: "echo x", capture: { T: stdout } }\n');
    expect(text.split("\n").filter((l) => l.startsWith("s.yaml:"))).toEqual([
      "s.yaml:2:15: ${T} is captured by a step, but vars: are filled in before any step runs: write ${T} in the steps that use it, not in vars:",
      "s.yaml:2:26: undefined variable ${UNSET_X}: define it under vars:, pass --var UNSET_X=…, set it in the environment, capture it in an earlier step, or write ${UNSET_X:-default}",
    ]);
  });

  test("an undefined ${s} in a shell script also says how to write bash's own variable ($${s}); elsewhere it does not", async () => {
    const text = await errors('name: t\nsteps:\n  - shell: { run: "for s in a b; do echo ${s}; done" }\n  - shell: { run: [bash, -c, "echo ${s}"] }\n  - http: { url: "http://127.0.0.1:9/${s}" }\n');
    const hint = "; for bash's own variable (a loop's, the script's), write $${s}";
    expect(text.split("\n").filter((l) => l.startsWith("s.yaml:"))).toEqual([
      `s.yaml:3:42: undefined variable \${s}: define it under vars:, pass --var s=…, set it in the environment, capture it in an earlier step, or write \${s:-default}${hint}`,
      `s.yaml:4:36: undefined variable \${s}: define it under vars:, pass --var s=…, set it in the environment, capture it in an earlier step, or write \${s:-default}${hint}`,
      "s.yaml:5:38: undefined variable ${s}: define it under vars:, pass --var s=…, set it in the environment, capture it in an earlier step, or write ${s:-default}",
    ]);
    // Written so, the script loads: bash gets ${s}.
    expect(await errors('name: t\nsteps:\n  - shell: { run: "for s in a b; do echo $${s}; done" }\n')).toBe("");
  });

  test("a merge of something that is not a mapping is an error where it is written", async () => {
    expect(await errors("name: t\nx-n: &n 1\nsteps:\n  - sleep: 1ms\n    <<: *n\n")).toContain("s.yaml:5:9: invalid YAML: a `<<:` merge key takes a mapping");
  });

  test("two steps with the same id are an error at the second id (a --step or {step:…} names one step); names may repeat", async () => {
    const twice = "name: t\nsteps:\n  - id: up\n    sleep: 1ms\n  - sleep: 2ms\n  - id: up\n    sleep: 3ms\n";
    expect(await errors(twice)).toContain('s.yaml:6:9: steps[2].id: id "up" is also the id of steps[0]: an id names one step');
    expect(await errors("name: t\nsteps:\n  - id: up\n    sleep: 1ms\nteardown:\n  - id: up\n    sleep: 1ms\n")).toContain('s.yaml:6:9: teardown[0].id: id "up" is also the id of steps[0]');
    // Through zod's path too (a step of a kind without a fast check), and names may repeat.
    expect(await errors("name: t\nsteps:\n  - { id: a, name: same, files: { root: ., globs: ['*'] } }\n  - { id: a, name: same, sleep: 1ms }\n")).toContain('steps[1].id: id "a" is also the id of steps[0]');
    expect(await errors("name: t\nsteps:\n  - { id: a, name: same, sleep: 1ms }\n  - { id: b, name: same, sleep: 1ms }\n")).toBe("");
  });

  test("a duplicate id is reported beside the file's other mistakes, not only once they are fixed", async () => {
    const text = await errors("name: t\nsteps:\n  - id: a\n    sleep: 1ms\n  - id: a\n    shell: { run: \"true\", bogus: 1 }\nteardown:\n  - id: 01\n    sleep: 1ms\n");
    expect(text).toContain('s.yaml:5:9: steps[1].id: id "a" is also the id of steps[0]: an id names one step');
    expect(text).toContain('s.yaml:6:27: steps[1].shell: unknown key "bogus"');
    expect(text).toContain("s.yaml:8:9: teardown[0].id: expected string, got number 1");
    expect(text).toContain("3 errors: nothing was run.");
    // A threshold's selector is checked against the steps only once they parse: a wrong step must not make it look wrong.
    const selector = await errors("name: t\nsteps:\n  - tags: [x]\n    shell: { run: \"true\", bogus: 1 }\nthresholds:\n  \"checks{tag:x}\": [\"rate==1\"]\n");
    expect(selector).toContain("1 error: nothing was run.");
  });

  test("an id is letters, digits, _ and - in any order, as format.md says: 01-up and -x load, a dot or a space does not", async () => {
    // Through the fast check (sleep, shell) and through zod's path (files) alike.
    expect(await errors("name: t\nsteps:\n  - { id: 01-up, sleep: 1ms }\n  - { id: -x, shell: { run: 'true' } }\n  - { id: 9lives, files: { root: ., globs: ['*'] } }\n")).toBe("");
    expect(await errors("name: t\nsteps:\n  - { id: a.b, sleep: 1ms }\n")).toContain("s.yaml:3:11: steps[0].id: id: letters, digits, _ and - only");
    expect(await errors("name: t\nsteps:\n  - { id: 'a b', files: { root: ., globs: ['*'] } }\n")).toContain("steps[0].id: id: letters, digits, _ and - only");
  });

  test("a text field given an unquoted number or boolean says YAML read it so, and to quote it", async () => {
    const text = await errors("name: t\nsteps:\n  - { id: 01, name: true, sleep: 1ms }\n");
    expect(text).toContain("s.yaml:3:11: steps[0].id: expected string, got number 1 (YAML's reading of an unquoted value: quote it to mean the text as written)");
    expect(text).toContain("steps[0].name: expected string, got boolean true (YAML's reading of an unquoted value: quote it to mean the text as written)");
  });

  test("top-level x- keys are ignored; other unknown keys are still errors", async () => {
    expect(await errors("name: t\nx-notes: { anything: [1, 2] }\nsteps:\n  - sleep: 1ms\n")).toBe("");
    expect(await errors("name: t\nx_notes: 1\nsteps:\n  - sleep: 1ms\n")).toContain('unknown key "x_notes" (allowed: name, description, vars, secrets, defaults, steps, teardown, thresholds, and x-… keys of your own)');
    expect(await errors("name: t\nsteps:\n  - sleep: 1ms\n    x-note: 1\n")).toContain('unknown key "x-note"');
  });

  test("an unknown key inside one form of a union lists that form's keys, not the scenario's top level", async () => {
    const out = await errors("name: t\nsteps:\n  - shell: { run: echo, capture: { V: { stdout: x } } }\n");
    expect(out).toContain('steps[0].shell.capture.V: unknown key "stdout" (allowed: regex)');
    expect(out).not.toContain("teardown");
  });

  test("an alias cycle, an alias bomb and absurd nesting are errors, not crashes", async () => {
    expect(await errors("name: t\nsteps: &s\n  - sleep: 1ms\n  - *s\n")).toContain("cycle");
    const bomb = ["name: t", "a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(", ")}]`);
    expect(await errors([...bomb, "steps:\n  - sleep: 1ms", ""].join("\n"))).toMatch(/alias bomb/);
    expect(await errors(`name: t\nsteps:\n  - sleep: 1ms\nx-deep: ${"[".repeat(100)}${"]".repeat(100)}\n`)).toContain("nested more than 64 levels deep");
  });

  test("an alias with no anchor before it is reported as undefined, at the alias, not as an alias bomb", async () => {
    const text = await errors("name: t\nsteps:\n  - sleep: *dur\n");
    expect(text).toContain("s.yaml:3:12: invalid YAML: undefined alias *dur: no anchor &dur is set before it");
    expect(text).not.toContain("alias bomb");
    // An anchor set only after the alias does not define it.
    expect(await errors("name: t\nsteps:\n  - sleep: *d\nx-d: &d 1ms\n")).toContain("s.yaml:3:12: invalid YAML: undefined alias *d");
  });

  test("over 1000 alias uses that expand to few values load, and a mistake beside them is reported as itself", async () => {
    const uses = `name: t\nx-v: &v a\nx-list: [${Array(1500).fill("*v").join(", ")}]\nsteps:\n  - sleep: 1ms\n`;
    expect(await errors(uses)).toBe("");
    const text = await errors(`${uses}    bogus: 1\n`);
    expect(text).toContain('s.yaml:6:5: steps[0]: unknown key "bogus"');
    expect(text).not.toContain("alias bomb");
    expect(await errors(`name: t\nx-v: &v a\nx-list: [${Array(1500).fill("*v").join(", ")}]\nsteps: [{ sleep: 1ms }]\n`)).toBe("");
  });

  test("a variable in a mapping key is checked at load time, at its column", async () => {
    const text = await errors("name: t\nsteps:\n  - logql:\n      query: '{job=\"a\"}'\n      files:\n        \"${WWW}/logs/*.log\": {}\n");
    expect(text).toContain("s.yaml:6:10: undefined variable ${WWW}");
  });
});

describe("hostile files end in a short, clear error", () => {
  test("a long line is quoted around the column, not whole", async () => {
    const text = await errors(`name: t\nsteps:\n  - sleep: 1ms\n    tags: [${"a, ".repeat(5000)}1]]\n`);
    const quoted = text.split("\n").find((l) => l.startsWith("  4 | "))!;
    expect(quoted.length).toBeLessThan(200);
    expect(text.length).toBeLessThan(2000);
  });

  test("thousands of problems print the first 50 and say how many more", async () => {
    const text = await errors(`name: t\nsteps:\n${"  - sleep: soon\n".repeat(120)}`);
    expect(text).toContain("…and 70 more");
    expect(text).toContain("120 errors: nothing was run.");
  });

  test("a file over 16 MiB is refused without parsing", async () => {
    expect(await errors(`name: ${"n".repeat(17 * 1024 * 1024)}\nsteps: [{sleep: 1ms}]\n`)).toContain("a scenario file is at most 16.0 MiB");
  });

  test("far too many values are refused before the exact parser", async () => {
    expect(await errors(`name: t\nx-big: [${"1, ".repeat(150_000)}1]\nsteps: [{sleep: 1ms}]\n`)).toContain("more than 100,000 values");
  });
});

describe("mayHaveDuplicateKeys", () => {
  const table: [string, string, boolean][] = [
    ["none", "a: 1\nb:\n  c: 1\n  d: 2\n", false],
    ["top level", "a: 1\na: 2\n", true],
    ["nested", "a:\n  c: 1\n  c: 2\n", true],
    ["same key in sibling list items", "steps:\n  - name: a\n    sleep: 1\n  - name: b\n    sleep: 2\n", false],
    ["inside one list item", "steps:\n  - name: a\n    name: b\n", true],
    ["same key in different mappings", "a:\n  x: 1\nb:\n  x: 1\n", false],
    ["block scalar content is not keys", "run: |\n  a: 1\n  a: 2\n", false],
    ["comments and blank lines", "a: 1\n# a: 2\n\nb: 2\n", false],
    ["quoted keys", "json:\n  \"$.a\": 1\n  \"$.a\": 2\n", true],
  ];
  for (const [name, yaml, dup] of table) test(name, () => expect(mayHaveDuplicateKeys(yaml)).toBe(dup));
});

describe("a ${NAME} captured during the run, in a field that must be a duration or a pattern", () => {
  const captured = (rest: string) => `name: t\nsteps:\n  - shell: { run: "echo 10ms", capture: { WAIT: stdout } }\n${rest}`;

  test("loads: the field is checked at each attempt, once the value is known", async () => {
    const { scenario } = await load(captured('  - sleep: ${WAIT}\n  - http: { url: "http://127.0.0.1:1/x", timeout: "${WAIT}" }\n'));
    expect(scenario.steps.map((s) => ({ kind: s.kind, input: s.input, staticInput: s.staticInput, name: s.name }))).toEqual([
      { kind: "shell", input: { run: "echo 10ms", capture: { WAIT: "stdout" } }, staticInput: expect.anything(), name: "$ echo 10ms" },
      { kind: "sleep", input: "${WAIT}", staticInput: undefined, name: "sleep ${WAIT}" },
      { kind: "http", input: { url: "http://127.0.0.1:1/x", timeout: "${WAIT}" }, staticInput: undefined, name: "http {url: http://127.0.0.1:1/x, timeout: ${WAIT}}" },
    ]);
  });

  test("the step's other problems are still errors at load, and a name nothing defines is said as such", async () => {
    const text = await errors(captured('  - http: { url: "http://127.0.0.1:1/x", timeout: "${WAIT}", bogus: 1 }\n  - sleep: ${NOPE}\n'));
    expect(text).toContain('unknown key "bogus"');
    expect(text).toContain("undefined variable ${NOPE}");
    expect(text).not.toContain("invalid duration");
  });

  test("the scenario's other problems are said as such, not the field checked at run", async () => {
    const text = await errors(captured('  - http: { url: "http://h/", timeout: "${WAIT}" }\n    id: a\nthresholds:\n  "http_req_duration{step:b}": ["p(95)<500"]\n'));
    expect(text).toContain('threshold "http_req_duration{step:b}": no step has step "b"');
    expect(text).not.toContain("invalid duration");
  });

  // [what, the scenario, the error said at load]
  const refusedAtLoad: [string, string, string][] = [
    ["a field that takes no text (a number) refuses it at load, whatever is captured", captured('  - http: { url: "http://127.0.0.1:1/x", repeat: "${WAIT}" }\n'), 'steps[1].http.repeat: expected number, got string "${WAIT}"'],
    ["an escaped $${WAIT} is the literal text \"${WAIT}\", no reference: refused at load", captured('  - sleep: "$${WAIT}"\n'), 's.yaml:4:12: steps[1].sleep: invalid duration "${WAIT}"'],
    ["a default is checked at load: ${WAIT:-soon} is refused for its default", captured('  - sleep: "${WAIT:-soon}"\n'), 'steps[1].sleep: invalid duration "soon"'],
    ["a value known before the run is still checked at load", 'name: t\nvars: { WAIT: soon }\nsteps:\n  - sleep: ${WAIT}\n', 's.yaml:4:12: steps[0].sleep: invalid duration "soon"'],
    ["a compose project name compose would refuse (compose.md: lower-case letters, digits, -, _)", 'name: t\nsteps:\n  - compose: { action: ps, project: "Bad Name" }\n', 's.yaml:3:37: steps[0].compose.project: invalid compose project name "Bad Name"'],
    ["a compose service name that would reach compose as a flag", 'name: t\nsteps:\n  - compose: { action: ps, services: [web, "--all"] }\n', 's.yaml:3:44: steps[0].compose.services[1]: invalid compose service name "--all"'],
  ];
  for (const [what, yaml, said] of refusedAtLoad) test(what, async () => expect(await errors(yaml)).toContain(said));
  // As gte and lte: between: ["${ZERO}", "${BIG}"] was refused at load as "between takes two numbers" (the text read as
  // written), while {gte: "${ZERO}", lte: "${BIG}"} loaded and was judged at run.
  test("between's bounds holding a value captured during the run are judged when the step runs, status's too", async () => {
    const caps = 'name: t\nsteps:\n  - shell: { run: "echo 0", capture: { ZERO: stdout, BIG: stdout } }\n';
    for (const bounds of ['["${ZERO}", "${BIG}"]', '["${ZERO}", 10]', '[0, "${BIG}"]', '["${ZERO}s", 10s]']) {
      const yaml = `${caps}  - shell: { run: [echo, "5"], expect: { stdout: { between: ${bounds} } } }\n  - http: { url: "http://127.0.0.1:1/", expect: { status: { between: ${bounds} } } }\n  - shell: { run: [echo, "5"], expect: { stdout: { not: { between: ${bounds} } } } }\n`;
      expect({ bounds, said: await errors(yaml) }).toEqual({ bounds, said: "" });
    }
    const { scenario } = await load(`${caps}  - shell: { run: [echo, "5"], expect: { stdout: { between: ["\${ZERO}", "\${BIG}"] } } }\n`);
    expect(scenario.steps[1]!.input).toEqual({ run: ["echo", "5"], expect: { stdout: { between: ["${ZERO}", "${BIG}"] } } });
  });
  test("between's bounds known at load are still judged at load, beside one captured during the run too", async () => {
    const caps = 'name: t\nvars: { LO: "5", HI: "1", WORD: lots }\nsteps:\n  - shell: { run: "echo 0", capture: { ZERO: stdout } }\n';
    const step = (bounds: string) => `${caps}  - shell: { run: [echo, "5"], expect: { stdout: { between: ${bounds} } } }\n`;
    expect(await errors(step('["${LO}", "${HI}"]'))).toContain('steps[1].shell.expect.stdout.between: between ["5","1"] holds for no value: write the lower bound first');
    expect(await errors(step('["${WORD}", 10]'))).toContain('s.yaml:5:61: steps[1].shell.expect.stdout.between: between takes two numbers, durations (2s) or sizes (10MiB); got ["lots",10]');
    expect(await errors(step('["${ZERO}", lots]'))).toContain('s.yaml:5:61: steps[1].shell.expect.stdout.between: between takes two numbers, durations (2s) or sizes (10MiB); got ["${ZERO}","lots"]');
    expect(await errors(step('["${ZERO}", 1k]'))).toContain("steps[1].shell.expect.stdout.between: \"1k\": a unit of one letter");
    expect(await errors(step("[1, 2, 3]"))).toContain("steps[1].shell.expect.stdout.between: between takes a list of two bounds");
  });
  test("a compose project name captured during the run is checked when the step runs", async () => {
    expect(await errors('name: t\nsteps:\n  - shell: { run: "echo p1", capture: { P: stdout } }\n  - compose: { action: ps, project: "${P}" }\n')).toBe("");
  });
});

test("a misspelt kind key is one error naming the kind meant, not also \"needs exactly one kind key\"", async () => {
  expect(await errors("name: t\nsteps:\n  - slep: 1s\nteardown:\n  - shel: { run: \"true\" }\n")).toBe([
    's.yaml:3:5: steps[0]: unknown key "slep" (did you mean "sleep"?)', "  3 |   - slep: 1s", "    |     ^",
    's.yaml:5:5: teardown[0]: unknown key "shel" (did you mean "shell"?)', '  5 |   - shel: { run: "true" }', "    |     ^",
    "2 errors: nothing was run.",
  ].join("\n"));
  // A step whose unknown key is no kind's near miss still hears that it has no kind.
  expect(await errors("name: t\nsteps:\n  - name: y\n    foo: 1\n")).toContain("steps[0]: a step needs exactly one kind key: compose, http, files, logql, promql, shell, sleep");
});
