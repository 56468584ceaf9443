// /proc/PID/stat read once: the fields after the command name's last `)`, whatever the name holds (spaces, `) (`).
import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { waitFor } from "../../test/helpers/cli.ts";
import { groupsKilledAfterEach } from "../../test/helpers/processes.ts";
import { parseProcStat, readProcStat } from "./proc-stat.ts";

/** A line as the kernel writes it: pid (comm) state ppid pgrp session tty_nr tpgid, 13 more, starttime (the 22nd field), … */
function statLine(comm: string, state = "S", ppid = 7, pgrp = 42, start = "123456"): string {
  const between = Array.from({ length: 13 }, (_, i) => String(i + 100)).join(" ");
  return `4242 (${comm}) ${state} ${ppid} ${pgrp} 42 0 -1 ${between} ${start} 1000 5 0 0 0\n`;
}

test("the plain fields: state, parent, process group and start time", () => {
  expect(parseProcStat(statLine("sleep"))).toEqual({ pid: 4242, comm: "sleep", state: "S", ppid: 7, pgrp: 42, startTime: "123456" });
});

test("a command name holding spaces, `) (` and what looks like fields is read to its last `)`", () => {
  // Split at the first `)`, this name reads as a zombie (`Z`) whose parent and group are 1.
  const comm = "a) Z 1 1 (b c)";
  expect(parseProcStat(statLine(comm, "R", 9, 33, "77"))).toEqual({ pid: 4242, comm, state: "R", ppid: 9, pgrp: 33, startTime: "77" });
  expect(parseProcStat(statLine(") (", "S", 2, 3, "4"))).toMatchObject({ comm: ") (", state: "S", ppid: 2, pgrp: 3, startTime: "4" });
  expect(parseProcStat(statLine("", "D"))?.comm).toBe("");
});

test("text that is no stat line gives undefined, not fields read from the wrong place", () => {
  expect(parseProcStat("")).toBeUndefined();
  expect(parseProcStat("4242 sleep S 1 1")).toBeUndefined();
  expect(parseProcStat("4242 (sleep) S 1")).toBeUndefined();
});

test("a process that is not there reads as undefined", () => {
  expect(readProcStat(-1)).toBeUndefined();
  expect(readProcStat("no-such-process")).toBeUndefined();
});

/** Process groups a test started (each detached, leading its own): SIGKILLed, the shell's sleep too, after each test. */
const started = groupsKilledAfterEach();

test.skipIf(process.platform !== "linux")("a live process is read from /proc, a name with `) (` in it too", async () => {
  expect(readProcStat(process.pid)).toMatchObject({ pid: process.pid, comm: readFileSync("/proc/self/comm", "utf8").trimEnd(), ppid: process.ppid });
  expect(readProcStat(process.pid)?.startTime).toMatch(/^\d+$/);
  // The shell names itself (its comm, which `exec` would reset) and waits on a child.
  const name = "a) Z 1 1 (b";
  const proc = Bun.spawn(["bash", "-c", `printf '%s' '${name}' > /proc/$$/comm && sleep 300; :`], { stdin: "ignore", stdout: "ignore", stderr: "ignore", detached: true });
  started.push(proc.pid);
  await waitFor(() => readProcStat(proc.pid)?.comm === name, "the renamed shell");
  const stat = readProcStat(proc.pid)!;
  expect(stat).toMatchObject({ pid: proc.pid, comm: name, ppid: process.pid, pgrp: proc.pid });
  expect(stat.state).not.toBe("Z");
});
