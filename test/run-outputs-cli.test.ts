// End-to-end: the files a run writes (reports, the run log, the step summary, the --update-doc document) are checked
// before anything runs; none of them can be the document, and none can hold the run blocked in open().
import { describe, expect, test } from "bun:test";
import { chmodSync, chownSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { BIN, runCli, startCli, tempDir, waitFor, writeScenario } from "./helpers/cli.ts";
import { startChild } from "./helpers/bounded-spawn.ts";
import { describeRequiring } from "./helpers/requires.ts";
import { runUnprivileged, unprivilegedMissing } from "./helpers/unprivileged.ts";

/** A one-step scenario whose step leaves a marker file: whether it ran. */
function okScenario(dir: string, name = "ok", file = "ok.yaml"): { file: string; ran: string } {
  const ran = join(dir, `${name}-ran`);
  return { file: writeScenario(dir, `name: ${name}\nsteps:\n  - name: fine\n    shell: { run: "touch ${ran}" }\n`, file), ran };
}

/** The CLI with a time limit: a run blocked in open() fails the test instead of hanging it. */
function boundedCli(args: string[], cwd: string, env: Record<string, string> = {}) {
  return startChild([process.execPath, BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", GITHUB_STEP_SUMMARY: "", ...env } }, 30_000).done;
}

function mkfifo(path: string): void {
  expect(Bun.spawnSync(["mkfifo", path]).exitCode).toBe(0);
}

describe("--update-doc naming a file the run writes itself", () => {
  test("latest.md of the report folder is refused before the run: exit 2, the document kept whole, nothing written", async () => {
    const dir = tempDir();
    const { file, ran } = okScenario(dir);
    mkdirSync(join(dir, "reports"));
    const doc = join(dir, "reports", "latest.md");
    writeFileSync(doc, "# my doc\nimportant text\n");
    const r = await runCli([file, "--update-doc", "reports/latest.md"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "scenario: --update-doc reports/latest.md: the run writes this file itself (the latest Markdown report of the report folder reports), " +
        "and would replace the document with it; give the Markdown document the block goes in (e.g. docs/references/LOGGING.md)\nnothing was run.\n",
    );
    expect(readFileSync(doc, "utf8")).toBe("# my doc\nimportant text\n");
    expect(existsSync(ran)).toBe(false);
    expect(readdirSync(join(dir, "reports"))).toEqual(["latest.md"]);
    expect(existsSync(join(dir, ".context"))).toBe(false);
  });

  test("through a link, a `..` or another --report-dir: each report, summary and run log path is refused", async () => {
    const dir = tempDir();
    const { file, ran } = okScenario(dir);
    const second = okScenario(dir, "other", "other.yaml");
    mkdirSync(join(dir, "out"));
    mkdirSync(join(dir, "docs"));
    const cases: [args: string[], why: string][] = [
      [["--report-dir", "out", "--update-doc", "docs/../out/latest.json"], "the latest JSON report of the report folder out"],
      [["--report-dir", "out", "--update-doc", "docs/link.md"], "the latest HTML report of the report folder out"],
      [["--report-dir", "out", "--update-doc", "out/ok-20260101T000000Z.md"], "a Markdown report of scenario ok"],
      [["--report-dir", "out", "--update-doc", "out/ok-20260101T000000Z-1a2b3c4d.xml"], "a JUnit report of scenario ok"],
      [["--report-dir", "out", "--update-doc", "out/latest-summary.md"], "the latest combined summary (Markdown) of the report folder out"],
      [["--report-dir", "out", "--update-doc", "out/summary-20260101T000000Z-2.json"], "a combined summary (JSON) of the report folder out"],
      [["--update-doc", ".context/terminal/integration_test_1796580505.log"], "a run log of .context/terminal"],
    ];
    symlinkSync(join(dir, "out", "latest.html"), join(dir, "docs", "link.md"));
    for (const [args, why] of cases) {
      const target = args.at(-1)!;
      for (const files of [[file], [file, second.file]]) {
        const r = await runCli([...files, ...args], { cwd: dir });
        expect(r.code).toBe(2);
        expect(r.stderr).toContain(`scenario: --update-doc ${target}: the run writes this file itself (${why})`);
        expect(r.stderr).toEndWith("nothing was run.\n");
      }
    }
    // The step summary the run appends to (GitHub Actions): the same file under another name.
    writeFileSync(join(dir, "step-summary.md"), "");
    symlinkSync(join(dir, "step-summary.md"), join(dir, "docs", "summary-link.md"));
    const summary = await runCli([file, "--update-doc", "docs/summary-link.md"], { cwd: dir, env: { GITHUB_STEP_SUMMARY: join(dir, "step-summary.md") } });
    expect(summary.code).toBe(2);
    expect(summary.stderr).toContain("scenario: --update-doc docs/summary-link.md: the run writes this file itself (the GitHub step summary, GITHUB_STEP_SUMMARY)");
    expect(existsSync(ran)).toBe(false);
    expect(existsSync(second.ran)).toBe(false);
    expect(readdirSync(join(dir, "out"))).toEqual([]);
    // A document beside the reports, with a name no report has, is updated as before.
    const kept = join(dir, "out", "NOTES.md");
    writeFileSync(kept, "# notes\nkept\n");
    const fine = await runCli([file, "--report-dir", "out", "--update-doc", "out/NOTES.md"], { cwd: dir });
    expect(fine.code).toBe(0);
    expect(readFileSync(kept, "utf8")).toStartWith("# notes\nkept\n\n<!-- scenario:ok:begin -->");
  });
});

describe("--update-doc naming a file the run reads", () => {
  const advice = "the report would be written into it; give the Markdown document the block goes in (e.g. docs/references/LOGGING.md)";

  test("an --env-file of the command, under its name, a link or a hard link, is refused before the run: exit 2, the file kept", async () => {
    // The report appended to the env file made it unreadable: the next run refused its Markdown lines.
    const dir = tempDir();
    const { file, ran } = okScenario(dir);
    writeFileSync(join(dir, "s.env"), "X=1\n");
    writeFileSync(join(dir, "other.env"), "Y=2\n");
    mkdirSync(join(dir, "docs"));
    symlinkSync(join(dir, "s.env"), join(dir, "docs", "link.md"));
    linkSync(join(dir, "s.env"), join(dir, "docs", "hard.md"));
    for (const doc of ["s.env", "docs/link.md", "docs/hard.md", "docs/../s.env"]) {
      const r = await runCli([file, "--env-file", "other.env", "--env-file", "s.env", "--update-doc", doc], { cwd: dir });
      expect([doc, r.code, r.stderr]).toEqual([doc, 2, `scenario: --update-doc: ${join(dir, doc)} is the --env-file s.env: ${advice}\nnothing was run.\n`]);
      const dry = await runCli([file, "--dry-run", "--env-file", "s.env", "--update-doc", doc], { cwd: dir });
      expect([doc, dry.code, dry.stdout]).toEqual([doc, 2, ""]);
    }
    expect(readFileSync(join(dir, "s.env"), "utf8")).toBe("X=1\n");
    expect(existsSync(ran)).toBe(false);
    expect(existsSync(join(dir, "reports"))).toBe(false);
  });

  test("a compose file or env_file a compose step names (after its variables, from the scenario's folder) is refused before the run", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "sc"));
    writeFileSync(join(dir, "sc", "compose.yaml"), "services:\n  web: { image: x }\n");
    writeFileSync(join(dir, "sc", "stack.env"), "TAG=1\n");
    symlinkSync(join(dir, "sc", "compose.yaml"), join(dir, "compose-link.md"));
    linkSync(join(dir, "sc", "stack.env"), join(dir, "stack-hard.md"));
    const file = writeScenario(join(dir, "sc"), `name: c\nvars:\n  STACK: compose\nsteps:\n  - name: up\n    compose: { files: ["\${STACK}.yaml"], env_file: stack.env }\n`, "c.yaml");
    const cases: [doc: string, why: string][] = [
      ["sc/compose.yaml", `the compose file compose.yaml of sc/c.yaml (its compose step "up", line 5)`],
      ["compose-link.md", `the compose file compose.yaml of sc/c.yaml (its compose step "up", line 5)`],
      ["stack-hard.md", `the env_file stack.env of sc/c.yaml (its compose step "up", line 5)`],
    ];
    for (const [doc, why] of cases) {
      // --dry-run: checked as a run checks it, and no compose engine is needed.
      const r = await runCli(["sc/c.yaml", "--dry-run", "--update-doc", doc], { cwd: dir });
      expect([doc, r.code, r.stderr, r.stdout]).toEqual([doc, 2, `scenario: --update-doc: ${join(dir, doc)} is ${why}: ${advice}\nnothing was run.\n`, ""]);
    }
    expect(readFileSync(join(dir, "sc", "compose.yaml"), "utf8")).toBe("services:\n  web: { image: x }\n");
    // compose.yaml of the working folder is not the step's file (it resolves from the scenario's folder): accepted.
    writeFileSync(join(dir, "compose.yaml"), "# notes\n");
    const other = await runCli([file, "--dry-run", "--update-doc", "compose.yaml"], { cwd: dir });
    expect([other.code, other.stderr]).toEqual([0, ""]);
  });

  test("the compose file a compose step that names none reads (the default one, from the scenario's folder up) is refused too", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "sc", "deeper"), { recursive: true });
    writeFileSync(join(dir, "sc", "compose.yaml"), "services:\n  web: { image: x }\n");
    writeScenario(join(dir, "sc", "deeper"), `name: d\nsteps:\n  - name: up\n    compose: {}\n`, "d.yaml");
    const r = await runCli(["sc/deeper/d.yaml", "--dry-run", "--update-doc", "sc/compose.yaml"], { cwd: dir });
    expect([r.code, r.stderr]).toEqual([2, `scenario: --update-doc: ${join(dir, "sc/compose.yaml")} is the compose file ../compose.yaml of sc/deeper/d.yaml (its compose step "up", line 3): ${advice}\nnothing was run.\n`]);
    expect(readFileSync(join(dir, "sc", "compose.yaml"), "utf8")).toBe("services:\n  web: { image: x }\n");
  });

  test("the scenario file through a hard link is refused as the scenario file", async () => {
    const dir = tempDir();
    const { file, ran } = okScenario(dir);
    linkSync(file, join(dir, "hard.md"));
    const r = await runCli([file, "--update-doc", "hard.md"], { cwd: dir });
    expect([r.code, r.stderr]).toEqual([2, `scenario: --update-doc: ${join(dir, "hard.md")} is the scenario file ok.yaml: ${advice}\nnothing was run.\n`]);
    expect(existsSync(ran)).toBe(false);
  });
});

describe("an output that is not a regular file never holds the run blocked in open()", () => {
  test("--update-doc naming a FIFO, a device or a socket is refused before the run: exit 2, saying what it is", async () => {
    const dir = tempDir();
    const { file, ran } = okScenario(dir);
    mkfifo(join(dir, "dfifo"));
    const fifo = await boundedCli([file, "--update-doc", "dfifo"], dir);
    expect(fifo.code).toBe(2);
    expect(fifo.stderr).toBe(`scenario: --update-doc: ${join(dir, "dfifo")}: it is a FIFO (named pipe), not a regular file: the update reads the document and writes a new copy over it; give a Markdown file\nnothing was run.\n`);
    const device = await boundedCli([file, "--update-doc", "/dev/null"], dir);
    expect(device.code).toBe(2);
    expect(device.stderr).toStartWith("scenario: --update-doc: /dev/null: it is a character device, not a regular file");
    const socketPath = join(dir, "sock");
    const listener = Bun.listen({ unix: socketPath, socket: { data() {} } });
    try {
      const socket = await boundedCli([file, "--update-doc", "sock"], dir);
      expect(socket.code).toBe(2);
      expect(socket.stderr).toStartWith(`scenario: --update-doc: ${socketPath}: it is a socket, not a regular file`);
    } finally {
      listener.stop(true);
    }
    expect(existsSync(ran)).toBe(false);
    expect(existsSync(join(dir, "reports"))).toBe(false);
  });

  test("a GITHUB_STEP_SUMMARY that is a FIFO is not written, with a warning; the run and its other reports go on, exit 0", async () => {
    const dir = tempDir();
    const { file, ran } = okScenario(dir);
    const fifo = join(dir, "summary-fifo");
    mkfifo(fifo);
    const r = await boundedCli([file], dir, { GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: fifo });
    expect(r.code).toBe(0);
    expect(existsSync(ran)).toBe(true);
    expect(r.stderr).toBe(`warning: the GitHub step summary (GITHUB_STEP_SUMMARY ${fifo}) is a FIFO (named pipe), not a regular file: it was not written\n`);
    expect(r.stdout).toContain("reports: reports/ok-");
    expect(r.stdout).not.toContain(fifo);
    expect(readFileSync(join(dir, "reports", "latest.md"), "utf8")).toContain("passed");
  });
});

describe("the report folder and the run log's folder are made before the run", () => {
  test("a --report-dir that is a dangling link is refused before anything runs, naming the link", async () => {
    const dir = tempDir();
    const { file, ran } = okScenario(dir);
    symlinkSync(join(dir, "nonexist"), join(dir, "rd"));
    const r = await runCli([file, "--report-dir", "rd"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`scenario: --report-dir rd: ${join(dir, "rd")} is a symbolic link to ${join(dir, "nonexist")}, which does not exist: create that folder, or remove the link\nnothing was run.\n`);
    expect(existsSync(ran)).toBe(false);
    expect(existsSync(join(dir, ".context"))).toBe(false);
    // Under a dangling link too.
    const under = await runCli([file, "--report-dir", "rd/sub"], { cwd: dir });
    expect(under.code).toBe(2);
    expect(under.stderr).toStartWith(`scenario: --report-dir rd/sub: ${join(dir, "rd")} is a symbolic link to ${join(dir, "nonexist")}, which does not exist`);
    expect(existsSync(ran)).toBe(false);
  });

  test("a --report-dir that cannot be made (under /proc) is refused before anything runs", async () => {
    const dir = tempDir();
    const { file, ran } = okScenario(dir);
    const r = await runCli([file, "--report-dir", "/proc/x/reports"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toStartWith("scenario: --report-dir /proc/x/reports: the folder cannot be made: ENOENT");
    expect(r.stderr).toEndWith("\nnothing was run.\n");
    expect(existsSync(ran)).toBe(false);
    expect(existsSync(join(dir, ".context"))).toBe(false);
  });

  test("a .context that is a file (the run log cannot be written) is refused before anything runs, and the report folder is not made", async () => {
    const dir = tempDir();
    const { file, ran } = okScenario(dir);
    writeFileSync(join(dir, ".context"), "");
    const r = await runCli([file], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`scenario: the run log's folder .context/terminal: ${join(dir, ".context")} is a file, not a folder\nnothing was run.\n`);
    expect(existsSync(ran)).toBe(false);
    expect(existsSync(join(dir, "reports"))).toBe(false);
  });

  test("--dry-run and validate refuse the output folders run refuses (a --report-dir or .context that is a file), writing nothing", async () => {
    // Both exited 0 where run, given the same flags, exits 2: a CI check of the command line passed a run that cannot start.
    const dir = tempDir();
    const { file, ran } = okScenario(dir);
    writeFileSync(join(dir, "afile"), "");
    const refused = `scenario: --report-dir afile: ${join(dir, "afile")} is a file, not a folder\nnothing was run.\n`;
    for (const args of [["run", file, "--report-dir", "afile"], ["run", file, "--dry-run", "--report-dir", "afile"], ["validate", file, "--report-dir", "afile"]]) {
      const r = await runCli(args, { cwd: dir });
      expect([args.join(" "), r.code, r.stderr, r.stdout]).toEqual([args.join(" "), 2, refused, ""]);
    }
    const logDir = tempDir();
    writeFileSync(join(logDir, ".context"), "");
    for (const args of [["run", file, "--dry-run"], ["validate", file]]) {
      const r = await runCli(args, { cwd: logDir });
      expect([args.join(" "), r.code, r.stderr]).toEqual([args.join(" "), 2, `scenario: the run log's folder .context/terminal: ${join(logDir, ".context")} is a file, not a folder\nnothing was run.\n`]);
    }
    expect(existsSync(ran)).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(["afile", "ok.yaml"]);
    expect(readdirSync(logDir)).toEqual([".context"]);
  });

  test("a run makes both folders before its first step", async () => {
    const dir = tempDir();
    const seen = join(dir, "seen");
    const file = writeScenario(dir, `name: made\nsteps:\n  - shell: { run: "ls -d deep/reports .context/terminal > ${seen}" }\n`);
    const r = await runCli([file, "--report-dir", "deep/reports"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(readFileSync(seen, "utf8")).toBe(".context/terminal\ndeep/reports\n");
  });
});

describe("a second Ctrl-C while --update-doc waits for another run's lock", () => {
  test("says the document is what it skips: the reports are written", async () => {
    const dir = tempDir();
    const { file } = okScenario(dir);
    const doc = join(dir, "doc.md");
    writeFileSync(doc, "# doc\n");
    // Held by a live process of this host: this test's own.
    writeFileSync(`${doc}.lock`, `${process.pid} ${hostname()}\n`);
    const { proc, done, stderrSoFar } = startCli([file, "--update-doc", doc], { cwd: dir, env: { SCENARIO_INTERRUPT_WINDOW_MS: "0" } });
    await waitFor(() => stderrSoFar().includes("another run"), "the wait for the lock to be said");
    proc.kill("SIGINT");
    await waitFor(() => stderrSoFar().includes("SIGINT: "), "the first SIGINT to be handled");
    proc.kill("SIGINT");
    const r = await done;
    expect(r.code).toBe(130);
    expect(r.stderr).toContain(`SIGINT: the run has ended and its reports are written; waiting for another run's lock to update --update-doc ${doc} (press Ctrl-C again to exit now without updating it)\n`);
    expect(r.stderr).toContain(`SIGINT again: killed every child process; exiting now without updating the --update-doc document; the reports are written\n`);
    expect(r.stderr).not.toContain("without reports");
    expect(readFileSync(join(dir, "reports", "latest.md"), "utf8")).toContain("passed");
    expect(readFileSync(doc, "utf8")).toBe("# doc\n");
  });
});

describe("a held step stopped by Ctrl-C", () => {
  test("its cause says it was stopped, and how far into its hold, in the Markdown and JUnit reports", async () => {
    const dir = tempDir();
    const file = writeScenario(dir, `name: held\nsteps:\n  - name: keeps\n    shell: { run: "echo fine" }\n    hold: 20s\n`);
    const { proc, done } = startCli([file, "--report", "junit,json"], { cwd: dir });
    const logDir = join(dir, ".context", "terminal");
    const logText = () => (existsSync(logDir) ? readdirSync(logDir).map((f) => readFileSync(join(logDir, f), "utf8")).join("") : "");
    await waitFor(() => logText().includes("step 1 attempt 3 passed"), "the hold's third attempt to pass");
    proc.kill("SIGINT");
    const r = await done;
    expect(r.code).toBe(130);
    const cause = /stopped by Ctrl-C or SIGTERM \d+(\.\d+)?m?s into its hold of 20\.0s/;
    const md = readFileSync(join(dir, "reports", "latest.md"), "utf8");
    expect(md).toMatch(new RegExp(`\\*\\*Cause:\\*\\* \`${cause.source}\``));
    expect(md).not.toContain("did not keep passing");
    const xml = readFileSync(join(dir, "reports", "latest.xml"), "utf8");
    expect(xml).toMatch(new RegExp(`<error message="${cause.source}" type="interrupted">`));
    const json = readFileSync(join(dir, "reports", "latest.json"), "utf8");
    expect(json).not.toContain("did not keep passing");
    expect(logText()).not.toContain("did not keep passing");
  });
});

describe("the lines naming the files a run wrote are no workflow commands", () => {
  /** Lines as GitHub's runner reads them (its ReadLine ends one at \r too; a NEL or U+2028/9 may be shown as one). */
  const runnerCommands = (text: string) => text.split(/\r\n|[\n\r\u0085\u2028\u2029]/).filter((l) => l.trimStart().startsWith("::") || l.includes("##["));

  // Skipped on Windows: its file names cannot hold a line break, `:` or `|`.
  test.skipIf(process.platform === "win32")("a report folder or file whose name holds `::warning::` after a line break, or `##[`, is named with a zero-width space in it", async () => {
    const dir = tempDir();
    const one = okScenario(dir, "one", "a##[error]1.yaml");
    const two = okScenario(dir, "two", "b.yaml");
    for (const folder of ["r\n::warning::x", "r\u0085::error::y", "r##[error]z"]) {
      const env = { GITHUB_ACTIONS: "true" };
      const single = await boundedCli([one.file, "--report-dir", folder], dir, env);
      expect([folder, single.code, runnerCommands(single.stdout)]).toEqual([folder, 0, []]);
      const shown = single.stdout.replaceAll("\u200B", "");
      expect(shown).toContain(`\nreports: ${folder}/one-`);
      expect(shown).toContain(`, ${folder}/latest.md, `);
      // Several files: each file's reports: line, the summary's table naming the files, and its summary: line.
      const many = await boundedCli([one.file, two.file, "--report-dir", folder], dir, env);
      expect([folder, many.code, runnerCommands(many.stdout)]).toEqual([folder, 0, []]);
      const plain = many.stdout.replaceAll("\u200B", "");
      expect(plain).toContain(`\nsummary: ${folder}/summary-`);
      expect(plain).toContain(`, ${folder}/latest-summary.md, `);
      expect(plain).toContain("a##[error]1.yaml");
    }
    const validate = await boundedCli(["validate", "a##[error]1.yaml"], dir, { GITHUB_ACTIONS: "true" });
    expect([validate.code, runnerCommands(validate.stdout), validate.stdout.replaceAll("\u200B", "")]).toEqual([0, [], "a##[error]1.yaml: ok (1 step, 0 teardown)\n"]);
  });

  // Skipped on Windows: written with the one above and tried on Linux only (the project's CI), not on Windows' file names.
  test.skipIf(process.platform === "win32")("list and --dry-run name the file, the scenario and its steps with no workflow command in them", async () => {
    const dir = tempDir();
    writeScenario(dir, 'name: "nm\u0085::error::scenario-name"\nsteps:\n  - name: "x\\n::error::s ##[error]y"\n    shell: { run: "true" }\n', "a##[error]1.yaml");
    for (const args of [["list", "a##[error]1.yaml"], ["run", "a##[error]1.yaml", "--dry-run"]]) {
      const r = await boundedCli(args, dir, { GITHUB_ACTIONS: "true" });
      expect([args, r.code, runnerCommands(r.stdout)]).toEqual([args, 0, []]);
      const plain = r.stdout.replaceAll("\u200B", "");
      expect(plain).toContain("::error::scenario-name");
      expect(plain).toContain("##[error]y");
    }
  });
});

describeRequiring("an output folder that is there but cannot be written is refused before the run", "a user permissions apply to (as root, setpriv as nobody)", unprivilegedMissing(), () => {
  // Permissions are real: as root (which ignores them) the CLI runs under an unprivileged user. The folder's reports were
  // written only after the run, and failed: latest.md went on saying the run before it passed.
  const asRoot = process.getuid?.() === 0;
  /** A folder this test's user can write, holding a passing and a failing scenario of one name, each leaving a marker file. */
  function tree(): { dir: string; pass: string; fail: string; ran: string } {
    const dir = tempDir();
    chmodSync(dir, 0o777);
    const ran = join(dir, "ran");
    const pass = writeScenario(dir, `name: same\nsteps:\n  - name: fine\n    shell: { run: "true" }\n`, "pass.yaml");
    const fail = writeScenario(dir, `name: same\nsteps:\n  - name: bad\n    shell: { run: "touch ${ran}; false" }\n`, "fail.yaml");
    return { dir, pass, fail, ran };
  }
  const cli = (args: string[], dir: string) => runUnprivileged([process.execPath, BIN, ...args], { cwd: dir, env: { ...process.env, HOME: dir, NO_COLOR: "1", FORCE_COLOR: "0", GITHUB_STEP_SUMMARY: "" } });
  /** The folder made unwritable to the CLI's user: owned by root, mode 755, as root; else mode 555. */
  function lock(folder: string): void {
    if (asRoot) chownSync(folder, 0, 0);
    chmodSync(folder, asRoot ? 0o755 : 0o555);
  }

  test("a report folder that cannot be written: exit 2, nothing run or written, latest.md keeps the run before it; --dry-run and validate refuse it too", async () => {
    const { dir, pass, fail, ran } = tree();
    const first = await cli([pass], dir);
    expect([first.code, first.stderr]).toEqual([0, ""]);
    const latest = readFileSync(join(dir, "reports", "latest.md"), "utf8");
    expect(latest).toContain("✅ same — passed");
    const reports = readdirSync(join(dir, "reports")).sort();
    const logs = readdirSync(join(dir, ".context", "terminal")).sort();
    lock(join(dir, "reports"));
    const refused = `scenario: --report-dir reports: the folder ${join(dir, "reports")} cannot be written (permission denied): the reports are written there; make it writable, or give another --report-dir\nnothing was run.\n`;
    for (const args of [[fail], ["run", fail, "--dry-run"], ["validate", fail]]) {
      const r = await cli(args, dir);
      expect([args.join(" "), r.code, r.stderr, r.stdout]).toEqual([args.join(" "), 2, refused, ""]);
    }
    expect(existsSync(ran)).toBe(false);
    expect(readdirSync(join(dir, "reports")).sort()).toEqual(reports);
    expect(readFileSync(join(dir, "reports", "latest.md"), "utf8")).toBe(latest);
    expect(readdirSync(join(dir, ".context", "terminal")).sort()).toEqual(logs);
  });

  test("a report folder made unwritable during the run: exit 2, and stderr says the latest.md it could not remove still shows the run before", async () => {
    // The run's own step takes the folder's write permission away: latest.md can be neither replaced nor removed, and it
    // went on saying the run before passed while stderr said only that the report could not be written.
    const { dir, pass } = tree();
    expect((await cli([pass], dir)).code).toBe(0);
    const locking = writeScenario(dir, `name: same\nsteps:\n  - name: bad\n    shell: { run: "chmod 555 reports; false" }\n`, "locking.yaml");
    const r = await cli([locking], dir);
    chmodSync(join(dir, "reports"), 0o755);
    expect(r.code).toBe(2);
    expect(readFileSync(join(dir, "reports", "latest.md"), "utf8")).toContain("✅ same — passed");
    expect(r.stderr).toContain("latest.md could not be removed either (");
    expect(r.stderr).toContain("): it still shows an earlier run\n");
  });

  test("a run log's folder that cannot be written: exit 2, nothing run, and the report folder is not made", async () => {
    const { dir, fail, ran } = tree();
    mkdirSync(join(dir, ".context", "terminal"), { recursive: true });
    chmodSync(join(dir, ".context"), 0o777);
    lock(join(dir, ".context", "terminal"));
    const r = await cli([fail], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`scenario: the run log's folder .context/terminal: the folder ${join(dir, ".context", "terminal")} cannot be written (permission denied): the run log is written there; make it writable\nnothing was run.\n`);
    expect(existsSync(ran)).toBe(false);
    expect(existsSync(join(dir, "reports"))).toBe(false);
    expect(readdirSync(join(dir, ".context", "terminal"))).toEqual([]);
  });

  test("a report folder to be made in a folder that cannot be written: run, --dry-run and validate refuse it alike, nothing made", async () => {
    // --dry-run and validate passed it (exit 0) while the run, given the same flags, was refused by mkdir.
    const { dir, fail, ran } = tree();
    mkdirSync(join(dir, "out"));
    lock(join(dir, "out"));
    const refused = `scenario: --report-dir out/new: the folder cannot be made: ${join(dir, "out")} cannot be written (permission denied)\nnothing was run.\n`;
    for (const args of [[fail, "--report-dir", "out/new"], ["run", fail, "--dry-run", "--report-dir", "out/new"], ["validate", fail, "--report-dir", "out/new"]]) {
      const r = await cli(args, dir);
      expect([args.join(" "), r.code, r.stderr, r.stdout]).toEqual([args.join(" "), 2, refused, ""]);
    }
    expect(existsSync(ran)).toBe(false);
    expect(readdirSync(join(dir, "out"))).toEqual([]);
    expect(existsSync(join(dir, ".context"))).toBe(false);
  });

  test.skipIf(!asRoot)(`as root, which writes where the mode bits say no, the same folders are written: the check asks access(), not the mode${asRoot ? "" : " (skipped: needs root)"}`, async () => {
    const { dir, pass } = tree();
    mkdirSync(join(dir, "reports"));
    chmodSync(join(dir, "reports"), 0o555);
    const r = await runCli([pass], { cwd: dir });
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(readFileSync(join(dir, "reports", "latest.md"), "utf8")).toContain("✅ same — passed");
  });
});
