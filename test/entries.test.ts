// End-to-end: every documented way to start the tool passes every flag through intact, and exits without runner noise.
import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO, tempDir, writeScenario } from "./helpers/cli.ts";
import { ENTRIES, ENTRY_PATH } from "./helpers/entries.ts";
import { runWithin } from "./helpers/bounded-spawn.ts";

function runEntry(argv: string[], env: Record<string, string> = {}) {
  return runWithin(argv, { cwd: REPO, env: { ...process.env, PATH: ENTRY_PATH, GITHUB_STEP_SUMMARY: "", NO_COLOR: "", FORCE_COLOR: "1", ...env } });
}

/** A value no shell, runner or option parser in between may touch: spaces, quotes, $(…), backticks, a glob, a flag. */
const ODD = `a  b "c" 'd' $(touch /tmp/scenario-entry-pwned) \`id\` ; * --tag nope --env-file=x ü`;

describe("entries: every flag reaches the tool intact", () => {
  const T = 60_000;
  for (const [entry, prefix] of Object.entries(ENTRIES)) {
    test(`${entry}: a run with every run flag`, async () => {
      const dir = tempDir("scenario-entry-");
      const out = join(dir, "values.txt");
      const envFile = join(dir, "vars.env");
      writeFileSync(envFile, "FROM_FILE=from the env file\n");
      const doc = join(dir, "LOGGING.md");
      writeFileSync(doc, "# Logging\n");
      const reports = join(dir, "reports");
      const file = writeScenario(dir, `name: entry flags
steps:
  - id: check
    tags: [pick]
    shell: { run: 'printf "%s|%s|%s" "$ODD" "$PLAIN" "$FROM_FILE" > "$OUT"' }
  - name: check
    tags: [pick, never]
    shell: { run: "exit 1" }
  - name: check
    shell: { run: "exit 1" }
  - id: not-named
    tags: [pick]
    shell: { run: "exit 1" }
`);
      // Each flag leaves out a step that fails: --skip-tag and --tag the 2nd and 3rd of the steps --step check names
      // (a --step whose every step they leave out is refused), --step the last.
      const r = await runEntry([
        ...prefix, "run",
        "--var", `ODD=${ODD}`, `--var=PLAIN=x=y`, "--var", `OUT=${out}`,
        "--env-file", envFile,
        "--tag", "pick", "--skip-tag", "never",
        "--step", "check",
        "--bail", "--keep-stack", "--color", "--no-color", "--quiet",
        "--report", "md,log,junit,json", "--report-dir", reports,
        "--", file,
      ]);
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
      expect(readFileSync(out, "utf8")).toBe(`${ODD}|x=y|from the env file`);
      expect(existsSync("/tmp/scenario-entry-pwned")).toBe(false);
      const written = readdirSync(reports);
      for (const ext of [".md", ".json", ".xml"]) expect(written.some((f) => f.endsWith(ext))).toBe(true);
      const json = JSON.parse(readFileSync(join(reports, written.find((f) => f.endsWith(".json"))!), "utf8")) as { steps: { status: string }[] };
      expect(json.steps.map((s) => s.status)).toEqual(["passed", "skipped", "skipped", "skipped"]);
      // --quiet: the summary line and the report paths only; --no-color after --color: no escape codes although FORCE_COLOR=1.
      expect(r.stdout).toStartWith("✓ entry flags: passed · 1 passed, 3 skipped · ");
      const lines = r.stdout.trimEnd().split("\n");
      expect(lines.length).toBe(2);
      expect(lines[1]).toStartWith("reports: ");
      expect(r.stdout).not.toContain("\x1b[");
      // --update-doc records a whole run: with the selection above it is refused (exit 2), so it goes through on its own.
      const refused = await runEntry([...prefix, "run", "--step", "check", "--update-doc", doc, "--quiet", "--", file]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain("--update-doc records a whole run");
      const wholeFile = writeScenario(dir, "name: entry flags\nsteps:\n  - { id: check, shell: { run: 'true' } }\n", "whole.yaml");
      const whole = await runEntry([...prefix, "run", "--update-doc", doc, "--report-dir", reports, "--quiet", "--", wholeFile]);
      expect({ code: whole.code, stderr: whole.stderr }).toEqual({ code: 0, stderr: "" });
      expect(readFileSync(doc, "utf8")).toContain("<!-- scenario:entry-flags:begin -->");
    }, T);

    test(`${entry}: a failing run exits 1 and adds no runner noise`, async () => {
      const dir = tempDir("scenario-entry-");
      const file = writeScenario(dir, `name: entry fails\nsteps:\n  - { id: fails, shell: { run: "exit 3" } }\n`);
      const r = await runEntry([...prefix, file, "--report-dir", join(dir, "reports"), "--no-color"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe("");
      expect(r.stdout).not.toContain('script "scenario"');
      expect(r.stdout.trimEnd().split("\n").at(-1)).toStartWith("reports: ");
    }, T);
  }
});

describe("entries: a `--` first, as docs/command-line.md says to write it under each", () => {
  // Bun takes a `--` right after the script's path, and `bun run` its first `--` after the script's name.
  const odd = "--odd-name.yaml";
  const written: Record<string, string[]> = {
    "bun bin/scenario.ts": ["run", "--", odd],
    "npx bun bin/scenario.ts": ["--", "--", odd],
    "bun run scenario": ["--", "--", odd],
    "npx bun run scenario": ["--", "--", odd],
    "npx scenario": ["--", odd],
    "bunx scenario": ["--", odd],
    "node_modules/.bin/scenario": ["--", odd],
  };
  test("every entry is covered", () => expect(Object.keys(written).sort()).toEqual(Object.keys(ENTRIES).sort()));
  for (const [entry, prefix] of Object.entries(ENTRIES)) {
    test(`${entry} ${written[entry]!.join(" ")}: the name after the \`--\` is a file`, async () => {
      const r = await runEntry([...prefix, ...written[entry]!]);
      expect({ code: r.code, stderr: r.stderr.split("\n")[0] }).toEqual({ code: 2, stderr: `${odd}: no such scenario file (looked in ${REPO} and ${join(REPO, "scenarios")})` });
    }, 60_000);
  }
});

describe("entries: node's own --env-file under npx", () => {
  // node (which runs npx) reads any `--env-file F` in its arguments up to a `--`, and stops when F is missing.
  test("npx -- scenario … --env-file MISSING reaches the tool, which says what is wrong (exit 2)", async () => {
    const dir = tempDir("scenario-entry-");
    const file = writeScenario(dir, `name: env file\nsteps:\n  - shell: { run: "true" }\n`);
    const missing = join(dir, "missing.env");
    const r = await runEntry(["npx", "--", "scenario", "validate", file, "--env-file", missing]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${missing}: cannot read --env-file: no such file`);
  }, 60_000);
});

describe("entries: started from outside the checkout", () => {
  // npm can fetch nothing here: any request goes to a closed loopback port, and offline mode refuses it first.
  const noRegistry = { npm_config_registry: "http://127.0.0.1:9/", npm_config_offline: "true", PATH: process.env.PATH ?? "" };
  const runIn = (cwd: string, argv: string[]) => runWithin(argv, { cwd, env: { ...process.env, ...noRegistry, GITHUB_STEP_SUMMARY: "" } });

  test("npx --prefix CHECKOUT scenario and CHECKOUT/bin/scenario work from any folder, paths taken from it; plain npx scenario does not", async () => {
    const dir = tempDir("scenario-outside-");
    expect(dir.startsWith(`${REPO}/`)).toBe(false);
    writeScenario(dir, `name: outside\nsteps:\n  - shell: { run: "true" }\n`, "here.yaml");
    for (const argv of [["npx", "--prefix", REPO, "scenario"], [join(REPO, "bin/scenario")]]) {
      const r = await runIn(dir, [...argv, "validate", "here.yaml"]);
      expect({ argv, code: r.code, stdout: r.stdout }).toEqual({ argv, code: 0, stdout: "here.yaml: ok (1 step, 0 teardown)\n" });
    }
    // Outside the checkout, npx looks for a package named scenario in the registry (here it may not: it fails).
    const plain = await runIn(dir, ["npx", "scenario", "validate", "here.yaml"]);
    expect(plain.code).not.toBe(0);
    expect(plain.stdout).toBe("");
    // Inside the checkout, in any folder of it, npx scenario finds the checkout's command and keeps the working directory.
    const sub = await runIn(join(REPO, "lib"), ["npx", "scenario", "validate", join(dir, "here.yaml")]);
    expect(sub.code).toBe(0);
    // npx bun run scenario too, from a folder inside it, with paths taken from the checkout's root.
    const script = await runIn(join(REPO, "lib"), ["npx", "bun", "run", "scenario", "validate", "scenarios/demo.yaml"]);
    expect({ code: script.code, stdout: script.stdout }).toEqual({ code: 0, stdout: "scenarios/demo.yaml: ok (11 steps, 0 teardown)\n" });
  }, 120_000);
});

describe("entries: a .env in the working folder is read by none (Bun's own loading of it is undone)", () => {
  // Bun reads .env, .env.local, .env.<NODE_ENV> of its working folder into the environment; `bun run` reads the
  // checkout's and hands it to the script. A scenario's variables come from --var, --env-file, the environment and
  // vars: only, the same through every entry: a .env beside the checkout (API_URL of another stack) is no source.
  const PROBE = "SCENARIO_DOTENV_PROBE";
  const scenarioText = (out: string) => `name: dotenv probe\nsteps:\n  - shell: { run: 'printf "%s" "\${${PROBE}:-unset}" > ${out}' }\n`;

  test("from the checkout, through every entry", async () => {
    const dir = tempDir("scenario-dotenv-");
    const out = join(dir, "probe.txt");
    const file = writeScenario(dir, scenarioText(out));
    const dotenv = join(REPO, ".env");
    expect(existsSync(dotenv)).toBe(false);
    writeFileSync(dotenv, `${PROBE}=read from the checkout's .env\n`);
    try {
      for (const [entry, prefix] of Object.entries(ENTRIES)) {
        const r = await runEntry([...prefix, "run", "--quiet", "--report-dir", join(dir, "reports"), "--", file]);
        expect({ entry, code: r.code, stderr: r.stderr, value: readFileSync(out, "utf8") }).toEqual({ entry, code: 0, stderr: "", value: "unset" });
      }
      // Given on purpose, it is read.
      const given = await runEntry(["bun", "bin/scenario.ts", "run", "--quiet", "--env-file", ".env", "--report-dir", join(dir, "reports"), "--", file]);
      expect({ code: given.code, value: readFileSync(out, "utf8") }).toEqual({ code: 0, value: "read from the checkout's .env" });
    } finally {
      rmSync(dotenv, { force: true });
    }
  }, 120_000);

  test("from another folder, bun CHECKOUT/bin/scenario.ts and CHECKOUT/bin/scenario; the environment's own value is kept", async () => {
    const dir = tempDir("scenario-dotenv-");
    const out = join(dir, "probe.txt");
    writeScenario(dir, scenarioText(out), "here.yaml");
    writeFileSync(join(dir, ".env"), `${PROBE}=read from the folder's .env\nOTHER=x\n`);
    writeFileSync(join(dir, ".env.local"), `${PROBE}=read from .env.local\n`);
    for (const argv of [[process.execPath, join(REPO, "bin/scenario.ts")], [join(REPO, "bin/scenario")]]) {
      const r = await runWithin([...argv, "run", "--quiet", "here.yaml"], { cwd: dir, env: { ...process.env, GITHUB_STEP_SUMMARY: "" } });
      expect({ argv, code: r.code, value: readFileSync(out, "utf8") }).toEqual({ argv, code: 0, value: "unset" });
      const set = await runWithin([...argv, "run", "--quiet", "here.yaml"], { cwd: dir, env: { ...process.env, GITHUB_STEP_SUMMARY: "", [PROBE]: "from the environment" } });
      expect({ argv, code: set.code, value: readFileSync(out, "utf8") }).toEqual({ argv, code: 0, value: "from the environment" });
    }
  }, 120_000);
});
