// Hardening: variables holding command substitutions, quotes, separators, newlines and flags never run, and never break a report's structure.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, tempDir, writeScenario } from "../helpers/cli.ts";
import { all, parseXml } from "../helpers/xml.ts";
import { markdownProblems, readTree } from "./leaks.ts";

const dir = tempDir("injection-");
const marker = join(dir, "pwned");

/** Values that run `touch <marker>` if any shell ever reads them as code, and text that breaks reports if not escaped. */
function payloads(marker: string): string[] {
  return [
    `$(touch ${marker})`,
    `\`touch ${marker}\``,
    `x; touch ${marker}`,
    `x' ; touch ${marker} ; echo '`,
    `x" ; touch ${marker} ; echo "`,
    `a\ntouch ${marker}\nEOF\ntouch ${marker}`,
    `--flag=$(touch ${marker}) -rf`,
    `'"\`$(touch ${marker})\`"'`,
    `a[0]=$(touch ${marker})`,
    `| cell | break |\n\`\`\`\n# heading\n</details><details>`,
    `]]></failure><x a="<&'>"/>\u0001\u001b[31m`,
  ];
}

const PAYLOADS = payloads(marker);
const NAMES = PAYLOADS.map((_, i) => `P${i}`);

let server: ReturnType<typeof Bun.serve>;
beforeAll(() => {
  server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: (req) => Response.json({ v: new URL(req.url).searchParams.get("v") }) });
});
afterAll(() => server.stop(true));

/** One shell step per variable: every quoting shape, output to a file the test compares exactly. */
function shellStep(name: string, out: string): string {
  const script = [
    `{ printf '[%s]' \${${name}} "\${${name}}" 'x\${${name}}x' "$(printf %s "\${${name}}")" "$(printf %s \${${name}})" "\`printf %s \${${name}}\`" "$X"`,
    `cat <<EOF`,
    `\${${name}}`,
    `EOF`,
    `} > ${name}.txt`,
  ].join("\n");
  return `  - name: "${name} is \${${name}}"
    shell:
      run: ${JSON.stringify(script)}
      env: { X: "\${${name}}" }
      cwd: ${JSON.stringify(out)}
  - name: "${name} in argv and a query"
    shell: { run: [printf, "%s", "\${${name}}"], expect: { stdout: "\${${name}}" } }
  - name: "${name} through http"
    http: { url: "http://127.0.0.1:${server.port}/", query: { v: "\${${name}}" }, capture: { C${name}: $.v } }
  - name: "${name} captured"
    shell: { run: 'printf %s "\${C${name}}" > ${name}.captured', cwd: ${JSON.stringify(out)} }
`;
}

/** What the shell step must print for a value: each shape gives it once (substitutions drop trailing line breaks). */
function expectedOutput(v: string): string {
  const s = v.replace(/\n+$/, "");
  return `[${v}][${v}][x${v}x][${s}][${s}][${s}][${v}]${v}\n`;
}

describe("injection", () => {
  test("the Markdown structure check finds a broken table, an open fence and an open <details>", () => {
    expect(markdownProblems("| a | b |\n| --- | --- |\n| x | y | z |\n")).toHaveLength(1);
    expect(markdownProblems("| a | b |\n| --- | --- |\n| x \\| y | z |\n")).toEqual([]);
    expect(markdownProblems("```text\nx\n")).toEqual(["an unclosed code fence ```"]);
    expect(markdownProblems("<details><summary>x</summary>\n")).toEqual(["1 unbalanced <details>"]);
  });

  test("no value runs, from vars:, --var, the environment or a capture; every report parses and keeps its shape", async () => {
    const out = join(dir, "out");
    mkdirSync(out);
    // Half the values come from vars:, one from --var, one from the environment; every one is also captured.
    const fromVars = NAMES.slice(2).map((n, i) => `  ${n}: ${JSON.stringify(PAYLOADS[i + 2])}`).join("\n");
    const yaml = `name: injection
vars:
${fromVars}
steps:
${NAMES.map((n) => shellStep(n, out)).join("")}
  - name: "Every value in a failing step's output"
    shell: { run: 'printf "%s\\n" ${NAMES.map((n) => `"\${${n}}"`).join(" ")}; exit 1' }
`;
    const file = writeScenario(dir, yaml);
    const r = await runCli(
      [file, "--var", `P0=${PAYLOADS[0]}`, "--report", "junit,json,html", "--report-dir", join(dir, "reports")],
      { cwd: dir, env: { P1: PAYLOADS[1]! } },
    );
    expect(existsSync(marker)).toBe(false);
    expect(r.code).toBe(1);
    for (const [i, name] of NAMES.entries()) {
      expect([name, readFileSync(join(out, `${name}.txt`), "utf8")]).toEqual([name, expectedOutput(PAYLOADS[i]!)]);
      expect([name, readFileSync(join(out, `${name}.captured`), "utf8")]).toEqual([name, PAYLOADS[i]!]);
    }

    const files = readTree(join(dir, "reports"));
    const steps = NAMES.length * 4 + 1;
    const junit = parseXml([...files].find(([f]) => f.endsWith("latest.xml"))![1]);
    expect(all(junit, "testcase").length).toBe(steps);
    expect(all(junit, "failure").length).toBe(1);
    const json = JSON.parse([...files].find(([f]) => f.endsWith("latest.json"))![1]) as { steps: { name: string; status: string }[] };
    expect(json.steps.length).toBe(steps);
    expect(json.steps.filter((s) => s.status === "failed").length).toBe(1);
    expect(json.steps[0]!.name).toBe(`P0 is ${PAYLOADS[0]}`);
    expect(markdownProblems([...files].find(([f]) => f.endsWith("latest.md"))![1])).toEqual([]);
  }, 120_000);

  test("a value holding a command inside brackets, from vars:, --var or a capture, stops the shell steps before bash can evaluate it", async () => {
    // Bash runs a[$(…)]'s command wherever it reads the value as a number or a name, here through the exported variable.
    const subscript = `a[$(touch ${marker})]`;
    const check = join(dir, "check.sh");
    await Bun.write(check, "[[ $V -eq 1 ]]; echo checked\n");
    const yaml = `name: subscripts
vars: { V: ${JSON.stringify(subscript)} }
steps:
  - shell: { run: "[[ $V -eq 1 ]]" }
    continue_on_failure: true
  - shell: { run: [bash, ${JSON.stringify(check)}] }
    continue_on_failure: true
`;
    const file = writeScenario(dir, yaml, "subscripts.yaml");
    const r = await runCli([file], { cwd: dir });
    expect(existsSync(marker)).toBe(false);
    expect(r.code).toBe(1);
    expect(r.stdout.match(/the value of V holds a command inside an array subscript/g)).toHaveLength(2);
    // --var overrides vars: with it, the same.
    const w = await runCli([file, "--var", `V=${subscript}x`], { cwd: dir });
    expect(existsSync(marker)).toBe(false);
    expect(w.stdout.match(/the value of V holds a command inside an array subscript/g)).toHaveLength(2);
    // Captured from a command's output, as a log line or a response would be.
    const captured = `name: captured-subscript
steps:
  - shell: { run: ${JSON.stringify(`printf %s '${subscript}'`)}, capture: { C: stdout } }
  - shell: { run: "n=\${C}; echo $((n))" }
`;
    const c = await runCli([writeScenario(dir, captured, "captured-subscript.yaml")], { cwd: dir });
    expect(existsSync(marker)).toBe(false);
    expect(c.code).toBe(1);
    expect(c.stdout).toContain("the value of C holds a command inside an array subscript");
    expect(c.stdout).toContain("1 passed, 1 failed");
  }, 120_000);

  test("a value in a script a shell reads from its standard input (here-string, heredoc, pipe) fails its step before anything runs", async () => {
    const before = join(dir, "before");
    const steps = ["bash <<< 'echo ${X}'", 'echo "echo ${X}" | sh', "bash <<'EOF'\necho ${X}\nEOF"];
    const yaml = `name: stdin-scripts
vars: { X: ${JSON.stringify(`a;touch ${marker}`)} }
steps:
${steps.map((run) => `  - shell: { run: ${JSON.stringify(`touch ${before}; ${run}`)} }\n    continue_on_failure: true`).join("\n")}
  - shell: { run: "cat <<< '\${X}'", expect: { stdout: ${JSON.stringify(`a;touch ${marker}`)} } }
`;
    const r = await runCli([writeScenario(dir, yaml, "stdin-scripts.yaml")], { cwd: dir });
    expect(existsSync(marker)).toBe(false);
    expect(existsSync(before)).toBe(false);
    expect(r.code).toBe(1);
    expect(r.stdout.match(/\$\{X\} is inside the script (bash|sh) reads from (its standard input|a heredoc)/g)).toHaveLength(3);
    expect(r.stdout).toContain("3 failed");
  }, 120_000);
});
