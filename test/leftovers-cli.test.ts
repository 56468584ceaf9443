// End-to-end: what a shell step leaves running (`cmd > file 2>&1 &`, `setsid cmd &`, `nohup cmd &`) is stopped when its run
// ends — after a pass, a failure or a Ctrl-C — named on stderr and in the run log; with --jobs, never another run's.
import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, startCli, tempDir, waitFor, writeScenario } from "./helpers/cli.ts";
import { alive } from "./helpers/processes.ts";
import { SAME_INTERRUPT_MS } from "../lib/cli/interrupts.ts";

/** Pids the steps wrote: SIGKILLed after each test if still a `sleep` or a `trap "" TERM` loop of theirs (a failing test leaves nothing running). */
const seen: number[] = [];
afterEach(() => {
  for (const pid of seen.splice(0)) {
    try {
      if (alive(pid) && /sleep 30\d|trap "" TERM/.test(readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " "))) process.kill(pid, "SIGKILL");
    } catch {
      // gone
    }
  }
});

/** The pid a step wrote to `file` (written to a temporary name and moved: never read half written). */
function pidIn(dir: string, file: string): number {
  const pid = Number(readFileSync(join(dir, file), "utf8").trim());
  seen.push(pid);
  return pid;
}

/** A shell line that starts `cmd` in the background and writes its pid to `file` in the scenario's directory. */
const leave = (cmd: string, file: string) => `${cmd} > /dev/null 2>&1 & echo $! > ${file}.tmp && mv ${file}.tmp ${file}`;

/**
 * `leave`, then wait until the process runs `sleep` (the forked shell has run `setsid` and it has run `sleep`): a run
 * that ends at once would otherwise find it still named by the shell's own command line.
 */
const leaveSleeping = (cmd: string, file: string) => `${leave(cmd, file)} && until [ \\"$(cat /proc/$(cat ${file})/comm)\\" = sleep ]; do sleep 0.01; done`;

/**
 * A line naming what a step left running: its command is `sleep N` once `setsid` or `nohup` has run it (a run that ends
 * at once may find it before, still `setsid sleep N`).
 */
function named(prefix: string, pid: number, seconds: number, rest: string): RegExp {
  const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`${escape(prefix)}pid ${pid} \\((?:setsid |nohup )?sleep ${seconds}\\)${escape(rest)}`);
}

/** A duration as formatDuration writes it. */
const DURATION = String.raw`(?:\d+ms|\d+\.\d+s)`;

/** The run log the run wrote under dir/.context/terminal/. */
function runLog(dir: string): string {
  const logs = join(dir, ".context", "terminal");
  return readdirSync(logs).map((name) => readFileSync(join(logs, name), "utf8")).join("\n");
}

describe.if(process.platform === "linux")(`processes a step left running${process.platform === "linux" ? "" : " (skipped: needs Linux /proc)"}`, () => {
  test("are stopped when the run ends, after a later step failed; stderr and the run log name step, pid and command", async () => {
    const dir = tempDir();
    const file = writeScenario(dir, `name: leftovers
steps:
  - name: Start a server the wrong way
    shell: { run: "${leaveSleeping("sleep 301", "same-group.pid")}" }
  - name: Leave the group
    shell: { run: "${leaveSleeping("setsid sleep 302", "own-group.pid")}" }
  - name: Ignore hang-ups
    shell: { run: "${leaveSleeping("nohup sleep 303", "nohup.pid")}" }
  - name: A worker whose child leaves its group
    shell: { run: "${leaveSleeping("setsid sleep 304", "bg-child.pid")} && touch bg-child.ready; exec sleep 305", background: true }
  - name: The worker's child runs
    shell: { run: "test -e bg-child.ready" }
    eventually: 20s
  - name: Fails
    shell: { run: "exit 3" }
`);
    const r = await runCli([file], { cwd: dir });
    expect(r.code).toBe(1);
    const pids = { "Start a server the wrong way": pidIn(dir, "same-group.pid"), "Leave the group": pidIn(dir, "own-group.pid"), "Ignore hang-ups": pidIn(dir, "nohup.pid"), "A worker whose child leaves its group": pidIn(dir, "bg-child.pid") };
    for (const pid of Object.values(pids)) expect(alive(pid)).toBe(false);
    const log = runLog(dir);
    const steps = Object.keys(pids);
    for (const [i, [step, pid]] of Object.entries(pids).entries()) {
      expect(r.stderr).toMatch(named("stopped after the run: ", pid, 301 + i, `, left running by step ${steps.indexOf(step) + 1} (${step}): SIGTERM\n`));
      expect(log).toMatch(named("cleanup: ", pid, 301 + i, `, left running by step ${steps.indexOf(step) + 1} (${step})\n`));
      expect(log).toContain(`pid ${pid} stopped (SIGTERM)\n`);
    }
  });

  test("a Ctrl-C during a later sleep: the run ends interrupted (130) with what the earlier step left stopped", async () => {
    const dir = tempDir();
    const file = writeScenario(dir, `name: leftover-interrupted
steps:
  - name: Leave the group
    shell: { run: "${leave("setsid sleep 306", "own-group.pid")}" }
  - name: Wait
    sleep: 5m
`);
    const { proc, done } = startCli([file], { cwd: dir });
    await waitFor(() => existsSync(join(dir, ".context", "terminal")) && runLog(dir).includes("step 2 start"), "the sleep step to start");
    const pid = pidIn(dir, "own-group.pid");
    expect(alive(pid)).toBe(true);
    proc.kill("SIGINT");
    const r = await done;
    expect(r.code).toBe(130);
    expect(alive(pid)).toBe(false);
    expect(r.stderr).toMatch(named("stopped after the run: ", pid, 306, ", left running by step 1 (Leave the group): SIGTERM\n"));
    // It ended on the SIGTERM (it neither ignores nor handles it): there was no wait to say.
    expect(r.stderr).not.toContain("waiting for");
  });

  test("a Ctrl-C during a later sleep, one left running ignores SIGTERM: stderr says the run waits for it until its SIGKILL", async () => {
    const dir = tempDir();
    const file = writeScenario(dir, `name: leftover-deaf
steps:
  - name: Leave a deaf one
    shell: { run: "${leave(`setsid bash -c 'trap \\"\\" TERM; touch deaf.ready; exec sleep 3091'`, "deaf.pid")}" }
  - name: Wait
    sleep: 5m
`);
    const { proc, done } = startCli([file], { cwd: dir });
    await waitFor(() => existsSync(join(dir, "deaf.ready")) && existsSync(join(dir, "deaf.pid")) && runLog(dir).includes("step 2 start"), "the sleep step to start");
    const pid = pidIn(dir, "deaf.pid");
    proc.kill("SIGINT");
    const r = await done;
    expect(r.code).toBe(130);
    expect(alive(pid)).toBe(false);
    expect(r.stderr).toMatch(new RegExp(`\nwaiting for the processes step 1 \\(Leave a deaf one\\) left running to stop \\(SIGKILL in ${DURATION}\\)…\n`));
    // Its command is `sleep 3091` once bash has run its exec, `bash -c trap …` before.
    expect(r.stderr).toMatch(new RegExp(`stopped after the run: pid ${pid} \\(.*\\), left running by step 1 \\(Leave a deaf one\\): SIGKILL\n`));
  });

  test("a second Ctrl-C, which skips teardown and cleanup, kills them at once too", async () => {
    const dir = tempDir();
    const file = writeScenario(dir, `name: leftover-killed
steps:
  - name: Leave the group
    shell: { run: "${leave("setsid sleep 309", "own-group.pid")}" }
  - name: Wait
    sleep: 5m
teardown:
  - name: Slow teardown
    shell: { run: "touch teardown-started; sleep 300" }
    timeout: 10m
`);
    const { proc, done, stderrSoFar } = startCli([file], { cwd: dir });
    await waitFor(() => existsSync(join(dir, "own-group.pid")) && runLog(dir).includes("step 2 start"), "the sleep step to start");
    const pid = pidIn(dir, "own-group.pid");
    proc.kill("SIGINT");
    await waitFor(() => stderrSoFar().includes("SIGINT: "), "the first SIGINT to be handled");
    const handledAt = performance.now();
    await waitFor(() => existsSync(join(dir, "teardown-started")), "the teardown to start");
    // A person presses again later: after the window in which copies of the first Ctrl-C count as that one.
    await waitFor(() => performance.now() - handledAt > SAME_INTERRUPT_MS, "the first Ctrl-C's window to pass");
    expect(alive(pid)).toBe(true);
    proc.kill("SIGINT");
    const r = await done;
    expect(r.code).toBe(130);
    expect(r.stderr).toContain("killed every child process");
    await waitFor(() => !alive(pid), "the process left running to be gone", 5000);
  });

  test("--jobs 2: a run that ends stops its own and leaves the other run's running until that run ends", async () => {
    const dir = tempDir();
    // A process runs while its state (/proc/PID/stat, third field) is there and not Z (a zombie PID 1 has not reaped).
    const running = (pidFile: string) => `{ s=$(cut -d' ' -f3 /proc/$(cat ${pidFile})/stat 2>/dev/null); [ -n "$s" ] && [ $s != Z ]; }`;
    const a = writeScenario(dir, `name: first
steps:
  - name: Leave one running
    shell: { run: "${leaveSleeping("setsid sleep 307", "a.pid")}" }
  - name: Wait for the other run to end
    shell:
      run: |
        until [ -e b.pid ] && ! ${running("b.pid")}; do sleep 0.05; done
    timeout: 30s
  - name: Its own still runs
    shell:
      run: |
        ${running("a.pid")}
`, "a.yaml");
    const b = writeScenario(dir, `name: second
steps:
  - name: Leave one running
    shell: { run: "${leaveSleeping("setsid sleep 308", "b.pid")}" }
`, "b.yaml");
    const r = await runCli([a, b, "--jobs", "2"], { cwd: dir });
    expect(r.stderr).not.toContain("error");
    expect(r.code).toBe(0);
    const [pa, pb] = [pidIn(dir, "a.pid"), pidIn(dir, "b.pid")];
    expect(alive(pa)).toBe(false);
    expect(alive(pb)).toBe(false);
    expect(r.stderr).toMatch(named("stopped after the run: ", pa, 307, ", left running by step 1 (Leave one running): SIGTERM\n"));
    expect(r.stderr).toMatch(named("stopped after the run: ", pb, 308, ", left running by step 1 (Leave one running): SIGTERM\n"));
  });
});

/**
 * A shell script that starts a process in the step's own group which ignores SIGTERM (its output elsewhere: nothing holds
 * the step's pipes), appends its pid to `file`, and waits until the trap is in place (bit 15 of its SigIgn mask).
 */
const deafChild = (file: string) => `bash -c 'trap "" TERM; while :; do sleep 0.1; done' > /dev/null 2>&1 &
d=$!; echo $d >> ${file}
until [ -r /proc/$d/status ] && [ $(( 0x$(awk '/^SigIgn/ {print $2}' /proc/$d/status) & 0x4000 )) != 0 ]; do sleep 0.01; done
touch ${file}.ready`;

/** A shell test that no pid in `file` runs (a zombie PID 1 has not reaped does not). */
const noneRunning = (file: string) => `for p in $(cat ${file}); do s=$(cut -d' ' -f3 /proc/$p/stat 2>/dev/null); if [ -n "$s" ] && [ "$s" != Z ]; then echo "pid $p still runs"; exit 1; fi; done`;

/** Indents a script as a YAML block scalar under `run: |` at 8 spaces. */
const block = (script: string) => script.split("\n").map((l) => `        ${l}`).join("\n");

/**
 * A scenario whose one step (`fields` before its shell, `before` first in its script) starts deafChild into deaf.pids and
 * sleeps; `teardown` is its teardown's steps, by default one named `gone` that fails while a pid in deaf.pids runs.
 */
function deafScenario(name: string, opts: { step?: string; fields?: string; before?: string; gone?: string; teardown?: string } = {}): string {
  const { step = "Ignores TERM", fields = "", before = "", gone = "It is gone" } = opts;
  const teardown = opts.teardown ?? `  - name: ${gone}
    shell:
      run: |
${block(noneRunning("deaf.pids"))}
`;
  return `name: ${name}
steps:
  - name: ${step}
${fields}    shell:
      run: |
${before}${block(deafChild("deaf.pids"))}
        sleep 300
teardown:
${teardown}`;
}

/** The pids deafChild wrote to deaf.pids in `dir` (one an attempt), pushed onto `seen`. */
function deafPids(dir: string): number[] {
  const pids = readFileSync(join(dir, "deaf.pids"), "utf8").trim().split("\n").map(Number);
  seen.push(...pids);
  return pids;
}

describe.if(process.platform === "linux")(`a stopped step's process group${process.platform === "linux" ? "" : " (skipped: needs Linux /proc)"}`, () => {
  test("a timed-out step ends once its group is gone: a member that ignores SIGTERM was SIGKILLed before teardown, and the run's end finds nothing", async () => {
    const dir = tempDir();
    const file = writeScenario(dir, deafScenario("deaf-timeout", { fields: "    timeout: 2s\n" }));
    const r = await runCli([file], { cwd: dir });
    deafPids(dir);
    expect(r.stdout).toContain("error: timed out after 2.00s");
    expect(r.stdout).toContain("✓ teardown: It is gone");
    // No Ctrl-C: nobody waits on the console for it.
    expect(r.stderr).not.toContain("waiting for");
    // It said `stopped after the run: pid … (bash -c trap "" TERM; …): SIGTERM`, of a process the SIGTERM never stopped.
    expect(r.stderr).not.toContain("stopped after the run");
    expect(r.code).toBe(1);
  });

  test("under eventually, an attempt stopped by its deadline ends once its group is gone: the next attempt never overlaps it", async () => {
    const dir = tempDir();
    const file = writeScenario(
      dir,
      deafScenario("deaf-eventually", {
        step: "Ignores TERM, each attempt",
        fields: "    timeout: 1s\n    eventually: 4s\n",
        before: `        test -e deaf.pids && ( ${noneRunning("deaf.pids")} ) > overlap.txt\n`,
        gone: "None is left",
      }),
    );
    const r = await runCli([file], { cwd: dir });
    const pids = deafPids(dir);
    expect(pids.length).toBeGreaterThanOrEqual(2);
    expect(readFileSync(join(dir, "overlap.txt"), "utf8")).toBe("");
    expect(r.stdout).toContain("✓ teardown: None is left");
    expect(r.stderr).not.toContain("stopped after the run");
  });

  test("a Ctrl-C'd step ends once its group is gone, before teardown starts", async () => {
    const dir = tempDir();
    const file = writeScenario(dir, deafScenario("deaf-interrupted"));
    const { proc, done } = startCli([file], { cwd: dir });
    await waitFor(() => existsSync(join(dir, "deaf.pids.ready")), "the step's member to ignore SIGTERM");
    deafPids(dir);
    proc.kill("SIGINT");
    const r = await done;
    expect(r.code).toBe(130);
    expect(r.stdout).toContain("✓ teardown: It is gone");
    expect(r.stderr).not.toContain("stopped after the run");
  });

  test("a Ctrl-C'd step whose processes ignore SIGTERM: stderr says the run waits for them until their SIGKILL, the step's name masked; teardown runs after", async () => {
    const dir = tempDir();
    const file = writeScenario(dir, `name: deaf-wait
vars:
  TOKEN: hunter2-secret
secrets: [TOKEN]
steps:
  - name: Ignores TERM for \${TOKEN}
    shell: { run: "trap '' TERM; echo $BASHPID > deaf.pid; touch deaf.ready; sleep 300" }
teardown:
  - name: After
    shell: { run: "touch teardown-ran" }
`);
    const { proc, done } = startCli([file], { cwd: dir });
    await waitFor(() => existsSync(join(dir, "deaf.ready")), "the step to ignore SIGTERM");
    const pid = pidIn(dir, "deaf.pid");
    proc.kill("SIGINT");
    const r = await done;
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(new RegExp(`\nwaiting for step 1 \\(Ignores TERM for \\*\\*\\*\\)'s processes to stop \\(SIGKILL in ${DURATION}\\)…\n`));
    expect(r.stderr + r.stdout).not.toContain("hunter2");
    expect(existsSync(join(dir, "teardown-ran"))).toBe(true);
    expect(alive(pid)).toBe(false);
  });

  test("a Ctrl-C'd step whose processes end on SIGTERM: no waiting line", async () => {
    const dir = tempDir();
    const file = writeScenario(dir, `name: hears-term
steps:
  - name: Ends on TERM
    shell: { run: "touch started; sleep 300" }
`);
    const { proc, done } = startCli([file], { cwd: dir });
    await waitFor(() => existsSync(join(dir, "started")), "the step to start");
    proc.kill("SIGINT");
    const r = await done;
    expect(r.code).toBe(130);
    expect(r.stderr).toContain("SIGINT: ");
    expect(r.stderr).not.toContain("waiting for");
  });

  test("a Ctrl-C during a later sleep, a background process ignores SIGTERM: stderr says the run waits for it until its SIGKILL", async () => {
    const dir = tempDir();
    const file = writeScenario(dir, `name: deaf-background
steps:
  - name: Deaf server
    shell: { run: "trap '' TERM; echo $BASHPID > deaf.pid; touch deaf.ready; exec sleep 3092", background: true }
  - name: Wait
    shell: { run: "sleep 300" }
`);
    const { proc, done } = startCli([file], { cwd: dir });
    await waitFor(() => existsSync(join(dir, "deaf.ready")) && runLog(dir).includes("step 2 start"), "the sleep step to start");
    const pid = pidIn(dir, "deaf.pid");
    proc.kill("SIGINT");
    const r = await done;
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(new RegExp(`\nwaiting for step 1 \\(Deaf server\\)'s processes to stop \\(SIGKILL in ${DURATION}\\)…\n`));
    expect(alive(pid)).toBe(false);
  });

  test("a second Ctrl-C while the step waits for its group to go still ends the run at once, killing the member that ignores SIGTERM", async () => {
    const dir = tempDir();
    const file = writeScenario(dir, deafScenario("deaf-killed", { teardown: '  - name: Never runs\n    shell: { run: "touch teardown-ran" }\n' }));
    // No window in which a second signal counts as a copy of the first: the second comes while the step still waits.
    const { proc, done, stderrSoFar } = startCli([file], { cwd: dir, env: { SCENARIO_INTERRUPT_WINDOW_MS: "0" } });
    await waitFor(() => existsSync(join(dir, "deaf.pids.ready")), "the step's member to ignore SIGTERM");
    const [pid] = deafPids(dir) as [number];
    proc.kill("SIGINT");
    await waitFor(() => stderrSoFar().includes("SIGINT: "), "the first SIGINT to be handled");
    proc.kill("SIGINT");
    const r = await done;
    expect(r.code).toBe(130);
    expect(r.stderr).toContain("SIGINT again: killed every child process; exiting now");
    expect(existsSync(join(dir, "teardown-ran"))).toBe(false);
    await waitFor(() => !alive(pid), "the member that ignores SIGTERM to be gone", 5000);
  });
});
