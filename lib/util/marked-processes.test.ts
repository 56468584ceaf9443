// Tests of finding processes by their SCENARIO_EXEC_MARK and stopping them: the mark's entry, SIGTERM then SIGKILL, own groups, reused pids.
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { alive, groupsKilledAfterEach } from "../../test/helpers/processes.ts";
import { waitFor } from "../../test/helpers/cli.ts";
import { EXEC_MARK_VAR, markedProcesses, markOf, newMark, outlivesTerm, PROCESS_MARK, stopMarked } from "./marked-processes.ts";
import { groupAlive } from "./exec.ts";

const linux = process.platform === "linux";
const dir = mkdtempSync(join(tmpdir(), "marked-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Processes a test started (detached, so each leads its own group as `setsid cmd` would): SIGKILLed after each test. */
const started = groupsKilledAfterEach();

/** Starts `bash -c script` with the environment given (and PATH), in a group of its own. */
function start(script: string, env: Record<string, string>): number {
  const proc = Bun.spawn(["bash", "-c", script], { env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env }, stdin: "ignore", stdout: "ignore", stderr: "ignore", detached: true });
  started.push(proc.pid);
  return proc.pid;
}

describe.if(linux)(`marked processes${linux ? "" : " (skipped: needs Linux /proc)"}`, () => {
  test("the mark is the environment's entry: a value that only holds the text is none", async () => {
    const mark = newMark("test-entry");
    const unmarked = start("exec sleep 300", { OTHER: `${EXEC_MARK_VAR}=${mark}` });
    const marked = start("exec sleep 300", { OTHER: "x", [EXEC_MARK_VAR]: mark });
    // Until it has run `sleep`, a process shows its parent's environment (this test process's): wait for both.
    const running = (pid: number) => existsSync(`/proc/${pid}/cmdline`) && readFileSync(`/proc/${pid}/cmdline`, "utf8").startsWith("sleep");
    await waitFor(() => markOf(marked) === mark && running(marked) && running(unmarked), "both processes to run sleep");
    expect(markOf(unmarked)).toBeUndefined();
    expect(mark.startsWith(`${PROCESS_MARK}/`)).toBe(true);
    const found = markedProcesses((m) => m === mark);
    expect(found.map((p) => p.pid)).toEqual([marked]);
    expect(found[0]!.pgrp).toBe(marked);
  });

  test("a process whose command name holds `) (` and spaces is found with its group, and its group is alive", async () => {
    // Read up to the first `)`, this name is a zombie in group 1: the process would be left out, and its group taken for gone.
    const name = "a) Z 1 1 (b";
    const mark = newMark("test-comm");
    const renamed = start(`printf '%s' '${name}' > /proc/$$/comm && sleep 300; :`, { [EXEC_MARK_VAR]: mark });
    await waitFor(() => existsSync(`/proc/${renamed}/comm`) && readFileSync(`/proc/${renamed}/comm`, "utf8").trimEnd() === name, "the shell to rename itself");
    // Its `sleep` carries the mark too.
    expect(markedProcesses((m) => m === mark).find((p) => p.pid === renamed)?.pgrp).toBe(renamed);
    expect(groupAlive(renamed)).toBe(true);
  });

  test("SIGTERM first; a process still running after the grace period gets SIGKILL", async () => {
    const mark = newMark("test-stop");
    const polite = start("exec sleep 300", { [EXEC_MARK_VAR]: mark });
    const ready = join(dir, "trapped");
    const stubborn = start(`trap '' TERM; touch ${ready}; while :; do sleep 0.05; done`, { [EXEC_MARK_VAR]: mark });
    await waitFor(() => existsSync(ready) && markOf(polite) === mark, "both to start, one ignoring SIGTERM");
    const found = markedProcesses((m) => m === mark).filter((p) => p.pid === polite || p.pid === stubborn);
    const outcome = await stopMarked(found, 300);
    expect(outcome.get(polite)).toBe("SIGTERM");
    expect(outcome.get(stubborn)).toBe("SIGKILL");
    await waitFor(() => !alive(polite) && !alive(stubborn), "both to be gone", 5000);
  });

  test("`slow` is told of the processes that outlive the SIGTERM (ignored or handled), not of one that ends on it", async () => {
    const mark = newMark("test-slow");
    const polite = start("exec sleep 300", { [EXEC_MARK_VAR]: mark });
    const ignores = start(`trap '' TERM; touch ${join(dir, "ignores")}; while :; do sleep 0.05; done`, { [EXEC_MARK_VAR]: mark });
    const handles = start(`trap 'echo' TERM; touch ${join(dir, "handles")}; while :; do sleep 0.05; done`, { [EXEC_MARK_VAR]: mark });
    const running = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, "utf8").startsWith("sleep");
    await waitFor(() => existsSync(join(dir, "ignores")) && existsSync(join(dir, "handles")) && markOf(polite) === mark && running(polite), "all three to start");
    expect([polite, ignores, handles].map((pid) => outlivesTerm(pid))).toEqual([false, true, true]);
    const found = markedProcesses((m) => m === mark).filter((p) => [polite, ignores, handles].includes(p.pid));
    const told: { pids: number[]; killInMs: number }[] = [];
    const outcome = await stopMarked(found, 2000, undefined, (holding, killInMs) => void told.push({ pids: holding.map((p) => p.pid).sort((a, b) => a - b), killInMs }));
    expect(told.map((t) => t.pids)).toEqual([[ignores, handles].sort((a, b) => a - b)]);
    expect(told[0]!.killInMs).toBeGreaterThan(0);
    expect([outcome.get(polite), outcome.get(ignores), outcome.get(handles)]).toEqual(["SIGTERM", "SIGKILL", "SIGKILL"]);
    expect(outlivesTerm(polite)).toBe(false);
  });

  test("a process that leads its own group is stopped with its group: a child that cleared its environment goes too", async () => {
    const mark = newMark("test-group");
    const leader = start("env -i sleep 300 & wait", { [EXEC_MARK_VAR]: mark });
    // The child has run `env -i` once its mark is gone (a forked bash still carries it).
    const child = () => childOf(leader);
    await waitFor(() => child() !== undefined && markOf(child()!) === undefined && alive(child()!), "the child without the mark");
    const unmarked = child()!;
    expect(markedProcesses((m) => m === mark).map((p) => p.pid)).toEqual([leader]);
    const outcome = await stopMarked(markedProcesses((m) => m === mark), 2000);
    expect(outcome.get(leader)).toBe("SIGTERM");
    await waitFor(() => !alive(leader) && !alive(unmarked), "the group to be gone", 5000);
  });

  test("a pid whose process no longer carries the mark found (exited, its pid given to another) is not signalled", async () => {
    const other = start("exec sleep 300", { [EXEC_MARK_VAR]: newMark("test-other") });
    await waitFor(() => markOf(other) !== undefined, "the process to start");
    const outcome = await stopMarked([{ pid: other, pgrp: other, command: "sleep 300", mark: newMark("test-was-here") }], 100);
    expect(outcome.get(other)).toBe("gone");
    expect(alive(other)).toBe(true);
  });
});

/** The first child of a process (Linux /proc/<pid>/task/<pid>/children). */
function childOf(pid: number): number | undefined {
  try {
    const first = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(" ")[0];
    return first ? Number(first) : undefined;
  } catch {
    return undefined;
  }
}
