// End-to-end: bin/scenario.ts runs the prebuilt bundle only while it is current; after a source edit the sources run.
// Every child has a time limit (test/helpers/bounded-spawn.ts): a hang fails the test naming the command.
import { describe, expect, test } from "bun:test";
import { appendFileSync, cpSync, existsSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { agedSourceDirectories, REPO, tempDir, writeScenario } from "./helpers/cli.ts";
import { runWithin } from "./helpers/bounded-spawn.ts";

/** A copy of the package's code, manifests and JSON Schema, node_modules linked. */
function packageCopy(): string {
  const root = tempDir("scenario-bundle-copy-");
  for (const path of ["bin", "lib", "scripts/build-bundle.ts", "scripts/build-native.ts", "scripts/bundle-split.ts", "scripts/bundle-zod.ts", "package.json", "package-lock.json", "scenario.schema.json"]) {
    cpSync(join(REPO, path), join(root, path), { recursive: true, filter: (src) => !src.endsWith(".test.ts") && !src.includes("/fixtures") });
  }
  symlinkSync(join(REPO, "node_modules"), join(root, "node_modules"));
  agedSourceDirectories(root);
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
async function builtCopy(): Promise<string> {
  const root = packageCopy();
  // Printed when the logql kind is loaded: a scenario without logql steps must not load it, bundle or not.
  appendFileSync(join(root, "lib/steps/logql.ts"), '\nprocess.stderr.write("[logql kind]\\n");\n');
  const cli = join(root, "lib/cli.ts");
  const original = readFileSync(cli, "utf8");
  writeFileSync(cli, original + MARK("bundle"));
  utimesSync(cli, FIXED_TIME, FIXED_TIME);
  const build = await runWithin([process.execPath, join(root, "scripts/build-bundle.ts")]);
  expect({ code: build.code, stderr: build.stderr }).toMatchObject({ code: 0 });
  expect(readFileSync(join(root, ".bundle/fingerprint"), "utf8")).toContain("\ndirectories:\nbin ");
  writeFileSync(cli, original + MARK("source"));
  utimesSync(cli, FIXED_TIME, FIXED_TIME);
  return root;
}

/** The CLI of a copy, run as a child (a server in this process may answer its requests). */
function run(root: string, args: string[], cwd: string) {
  return runWithin([process.execPath, join(root, "bin/scenario.ts"), ...args], { cwd, env: { ...process.env, NO_COLOR: "1", GITHUB_STEP_SUMMARY: "" } });
}

/** Console output with what differs between two runs of one scenario (times, rates, run ids, report names) left out. */
const steady = (text: string) =>
  text.replace(/\d+(\.\d+)?(ms|s)\b/g, "T").replace(/[\d.]+( \w*B)?\/s/g, "R").replace(/run [0-9a-f]+/g, "run ID").replace(/\S*\d{8}T\d{6}Z\S*|\S*integration_test_\d+(_[0-9a-f]+)?\.log/g, "FILE");

describe("the bundle", () => {
  test("runs while current (files found beside its modules as beside the sources, step kinds loaded only when used), and after a source edit the edited sources run instead", async () => {
    const root = await builtCopy();
    const at = `${pathToFileURL(join(root, "lib/cli.ts")).href}\n`;
    const dir = tempDir();
    const file = writeScenario(dir, 'name: one\nsteps:\n  - shell: { run: "true" }\n');
    const version = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")).version as string;

    expect(await run(root, ["--version"], dir)).toEqual({ code: 0, stdout: `scenario ${version}\n`, stderr: `[bundle] ${at}` });
    expect(await run(root, ["validate", file], dir)).toMatchObject({ code: 0, stdout: "scenario.yaml: ok (1 step, 0 teardown)\n", stderr: `[bundle] ${at}` });
    const init = await run(root, ["init", join(dir, "new")], dir);
    expect(init).toMatchObject({ code: 0, stderr: `[bundle] ${at}` });
    const query = writeScenario(dir, "name: q\nsteps:\n  - logql: { query: '{job=\"a\"}', files: { \"*.log\": { job: a } }, expect: { lines: 0 } }\n", "query.yaml");
    expect(await run(root, ["validate", query], dir)).toMatchObject({ code: 0, stderr: `[bundle] ${at}[logql kind]\n` });
    const schemaRef = `$schema=${relative(join(dir, "new/scenarios"), join(root, "scenario.schema.json"))}\n`;
    expect(readFileSync(join(dir, "new/scenarios/smoke.yaml"), "utf8")).toContain(schemaRef);

    appendFileSync(join(root, "lib/cli.ts"), MARK("edited"));
    expect(await run(root, ["--version"], dir)).toEqual({ code: 0, stdout: `scenario ${version}\n`, stderr: `[source] ${at}[edited] ${at}` });
    expect(await run(root, ["validate", file], dir)).toMatchObject({ code: 0, stderr: `[source] ${at}[edited] ${at}` });
  }, 120_000);

  test("a build that fails (here: a top-level await, which CommonJS cannot hold) leaves no bundle, says so, and the sources run", async () => {
    const root = packageCopy();
    appendFileSync(join(root, "lib/cli/args.ts"), "\nexport const settled = await Promise.resolve(true);\n");
    const build = await runWithin([process.execPath, join(root, "scripts/build-bundle.ts")]);
    expect(build.code).toBe(0);
    expect(build.stderr).toContain("the bundle was not built (the sources will run, more slowly)");
    expect(build.stderr).toContain("await");
    expect(existsSync(join(root, ".bundle"))).toBe(false);
    const version = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")).version as string;
    expect(await run(root, ["--version"], tempDir())).toEqual({ code: 0, stdout: `scenario ${version}\n`, stderr: "" });
  }, 120_000);

  test("the packages built apart (ajv of every draft, chalk, the LogQL grammar, yaml) give the run the sources give", async () => {
    const root = await builtCopy();
    // The rare step kinds (logql among them) are in .bundle/rare.js (scripts/bundle-split.ts), and so is their require of the LogQL grammar.
    const bundleText = ["cli.js", "rare.js"].map((file) => readFileSync(join(root, ".bundle", file), "utf8")).join("\n");
    for (const file of ["vendor-ajv.js", "vendor-ajv-2019.js", "vendor-ajv-2020.js", "vendor-chalk.js", "vendor-lezer-logql.js", "vendor-ora.mjs", "vendor-yaml.js", "vendor-zod.js"]) {
      expect(bundleText).toContain(`"./${file}"`);
    }
    const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => Response.json({ id: 3, items: [{ id: 1 }, { id: 2 }] }) });
    try {
      const dir = tempDir();
      writeFileSync(join(dir, "app.log"), "level=error msg=x\nlevel=info msg=y\n");
      const url = `http://127.0.0.1:${server.port}/x`;
      const schema = (draft: string, items: number) => `{ ${draft ? `$schema: "${draft}", ` : ""}type: object, required: [id], properties: { items: { type: array, maxItems: ${items} } } }`;
      const file = writeScenario(dir, [
        "name: apart",
        "steps:",
        `  - http: { url: "${url}", expect: { status: 200, json: { "$..id": [3, 1, 2] }, json_schema: ${schema("", 2)} } }`,
        `  - http: { url: "${url}", expect: { json_schema: ${schema("https://json-schema.org/draft/2019-09/schema", 2)} } }`,
        "  - logql: { query: 'count_over_time({job=\"a\"} |= \"error\" [1000d])', files: { \"app.log\": { job: a } }, expect: { value: 1 } }",
        `  - http: { url: "${url}", expect: { json_schema: ${schema("http://json-schema.org/draft-07/schema#", 1)} } }`,
      ].join("\n") + "\n");
      const args = ["run", file, "--color", "--report-dir", join(dir, "reports")];
      // An invalid file takes the exact path (the yaml package) for its file:line:col.
      const invalid = writeScenario(dir, "name: bad\nsteps:\n  - http: { url: 1, bogus: 2 }\n  - shell: { run: true }\n", "bad.yaml");
      const bundled = await run(root, args, dir);
      const bundledInvalid = await run(root, ["validate", invalid], dir);
      appendFileSync(join(root, "lib/cli.ts"), MARK("edited"));
      const sources = await run(root, args, dir);
      const sourcesInvalid = await run(root, ["validate", invalid], dir);
      expect(bundledInvalid.code).toBe(2);
      expect(bundledInvalid.stderr).toContain("bad.yaml:3:18: steps[0].http.url: expected string, got number 1");
      expect(bundledInvalid.stderr.replace(/^\[bundle\].*\n/, "")).toBe(sourcesInvalid.stderr.replace(/^\[source\].*\n\[edited\].*\n/, ""));
      expect(bundled.stderr).toBe(`[bundle] ${pathToFileURL(join(root, "lib/cli.ts")).href}\n[logql kind]\n`);
      expect(sources.stderr).toContain("[edited]");
      expect(bundled.code).toBe(1);
      expect(bundled.stdout).toContain("must NOT have more than 1 items");
      expect(bundled.stdout).toContain("\u001b[32m✓\u001b[39m");
      expect({ code: bundled.code, stdout: steady(bundled.stdout) }).toEqual({ code: sources.code, stdout: steady(sources.stdout) });
    } finally {
      server.stop(true);
    }
  }, 120_000);

  test("the spinner and colour packages built apart draw what the packages themselves draw", async () => {
    const root = await builtCopy();
    const frames = async (mod: { default: (options: object) => { start(): unknown; render(): unknown; succeed(text: string): unknown } }) => {
      const written: string[] = [];
      const stream = { isTTY: true, columns: 80, write: (t: string) => written.push(t) > 0, clearLine() {}, cursorTo() {}, moveCursor() {} };
      // A frame lasts far longer than the test: ora moves to the next frame when its interval has passed between two renders,
      // which a loaded machine made happen in one of the two spinners and not in the other.
      const spinner = mod.default({ text: "waiting", stream, isEnabled: true, discardStdin: false, hideCursor: false, color: "cyan", spinner: { interval: 3_600_000, frames: ["⠋", "⠙"] } });
      spinner.start();
      spinner.render();
      spinner.succeed("done");
      return written;
    };
    const [apart, own] = await Promise.all([import(join(root, ".bundle/vendor-ora.mjs")), import("ora")]);
    expect(await frames(apart)).toEqual(await frames(own));
    const [chalkApart, chalkOwn] = [require(join(root, ".bundle/vendor-chalk.js")), require("chalk")];
    for (const level of [1, 2, 3]) expect(new chalkApart.Chalk({ level }).cyan.bold("x")).toBe(new chalkOwn.Chalk({ level }).cyan.bold("x"));
  }, 120_000);
});
