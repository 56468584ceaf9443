// End-to-end: bin/scenario.ts runs the prebuilt bundle only while it is current; after a source edit the sources run.
import { describe, expect, test } from "bun:test";
import { appendFileSync, cpSync, existsSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { REPO, tempDir, writeScenario } from "./helpers/cli.ts";

/** A copy of the package's code, manifests and JSON Schema, node_modules linked. */
function packageCopy(): string {
  const root = tempDir("scenario-bundle-copy-");
  for (const path of ["bin", "lib", "scripts/build-bundle.ts", "package.json", "package-lock.json", "scenario.schema.json"]) {
    cpSync(join(REPO, path), join(root, path), { recursive: true, filter: (src) => !src.endsWith(".test.ts") && !src.includes("/fixtures") });
  }
  symlinkSync(join(REPO, "node_modules"), join(root, "node_modules"));
  return root;
}

/** A line that prints a word and where the module that holds it says it is. */
const MARK = (word: string) => `\nprocess.stderr.write(\`[${word}] \${import.meta.url}\\n\`);\n`;
/** A fixed modification time, so a file rewritten with the same size has the same fingerprint. */
const FIXED_TIME = new Date(1_700_000_000_000);

/**
 * A copy of the package (code, manifests, the JSON Schema; node_modules linked) whose bundle was built from a lib/cli.ts that
 * prints "[bundle]"; lib/cli.ts now prints "[source]" instead, with the same size and time, so the bundle still counts as
 * current and the word printed tells which code ran.
 */
function builtCopy(): string {
  const root = packageCopy();
  // Printed when the logql kind is loaded: a scenario without logql steps must not load it, bundle or not.
  appendFileSync(join(root, "lib/steps/logql.ts"), '\nprocess.stderr.write("[logql kind]\\n");\n');
  const cli = join(root, "lib/cli.ts");
  const original = readFileSync(cli, "utf8");
  writeFileSync(cli, original + MARK("bundle"));
  utimesSync(cli, FIXED_TIME, FIXED_TIME);
  const build = Bun.spawnSync([process.execPath, join(root, "scripts/build-bundle.ts")], { stderr: "pipe" });
  expect({ code: build.exitCode, stderr: build.stderr.toString() }).toMatchObject({ code: 0 });
  writeFileSync(cli, original + MARK("source"));
  utimesSync(cli, FIXED_TIME, FIXED_TIME);
  return root;
}

function run(root: string, args: string[], cwd: string) {
  const p = Bun.spawnSync([process.execPath, join(root, "bin/scenario.ts"), ...args], { cwd, env: { ...process.env, NO_COLOR: "1", GITHUB_STEP_SUMMARY: "" }, stdout: "pipe", stderr: "pipe" });
  return { code: p.exitCode, stdout: p.stdout.toString(), stderr: p.stderr.toString() };
}

describe("the bundle", () => {
  test("runs while current (files found beside its modules as beside the sources, step kinds loaded only when used), and after a source edit the edited sources run instead", () => {
    const root = builtCopy();
    const at = `${pathToFileURL(join(root, "lib/cli.ts")).href}\n`;
    const dir = tempDir();
    const file = writeScenario(dir, 'name: one\nsteps:\n  - shell: { run: "true" }\n');
    const version = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")).version as string;

    expect(run(root, ["--version"], dir)).toEqual({ code: 0, stdout: `scenario ${version}\n`, stderr: `[bundle] ${at}` });
    expect(run(root, ["validate", file], dir)).toMatchObject({ code: 0, stdout: "scenario.yaml: ok (1 step, 0 teardown)\n", stderr: `[bundle] ${at}` });
    const init = run(root, ["init", join(dir, "new")], dir);
    expect(init).toMatchObject({ code: 0, stderr: `[bundle] ${at}` });
    const query = writeScenario(dir, "name: q\nsteps:\n  - logql: { query: '{job=\"a\"}', files: { \"*.log\": { job: a } }, expect: { lines: 0 } }\n", "query.yaml");
    expect(run(root, ["validate", query], dir)).toMatchObject({ code: 0, stderr: `[bundle] ${at}[logql kind]\n` });
    const schemaRef = `$schema=${relative(join(dir, "new/scenarios"), join(root, "scenario.schema.json"))}\n`;
    expect(readFileSync(join(dir, "new/scenarios/smoke.yaml"), "utf8")).toContain(schemaRef);

    appendFileSync(join(root, "lib/cli.ts"), MARK("edited"));
    expect(run(root, ["--version"], dir)).toEqual({ code: 0, stdout: `scenario ${version}\n`, stderr: `[source] ${at}[edited] ${at}` });
    expect(run(root, ["validate", file], dir)).toMatchObject({ code: 0, stderr: `[source] ${at}[edited] ${at}` });
  }, 120_000);

  test("a build that fails (here: a top-level await, which CommonJS cannot hold) leaves no bundle, says so, and the sources run", () => {
    const root = packageCopy();
    appendFileSync(join(root, "lib/cli/args.ts"), "\nexport const settled = await Promise.resolve(true);\n");
    const build = Bun.spawnSync([process.execPath, join(root, "scripts/build-bundle.ts")], { stderr: "pipe" });
    expect(build.exitCode).toBe(0);
    expect(build.stderr.toString()).toContain("the bundle was not built (the sources will run, more slowly)");
    expect(build.stderr.toString()).toContain("await");
    expect(existsSync(join(root, ".bundle"))).toBe(false);
    const version = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")).version as string;
    expect(run(root, ["--version"], tempDir())).toEqual({ code: 0, stdout: `scenario ${version}\n`, stderr: "" });
  }, 120_000);
});
