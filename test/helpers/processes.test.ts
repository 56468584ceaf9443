// The test helpers for processes a test starts: each process group handed over is SIGKILLed, all of it, after each test.
import { describe, expect, test } from "bun:test";
import { waitFor } from "./cli.ts";
import { alive, groupsKilledAfterEach } from "./processes.ts";

// Skipped on Windows: POSIX process groups (a detached child leads its own, killed by -pid) are what it ends.
describe.skipIf(process.platform === "win32")("groupsKilledAfterEach", () => {
  const started = groupsKilledAfterEach();
  const pids: number[] = [];

  test("a detached shell and its child, handed over, run until the test ends", async () => {
    const proc = Bun.spawn(["bash", "-c", "sleep 300 & echo $!; wait"], { stdin: "ignore", stdout: "pipe", stderr: "ignore", detached: true });
    started.push(proc.pid);
    let out = "";
    const decoder = new TextDecoder();
    for await (const chunk of proc.stdout) {
      out += decoder.decode(chunk, { stream: true });
      if (out.includes("\n")) break;
    }
    pids.push(proc.pid, Number(out.trim()));
    expect(pids.map(alive)).toEqual([true, true]);
  });

  test("after it, the whole group was SIGKILLed: the shell and its child are gone, and the list is empty", async () => {
    expect(pids.length).toBe(2);
    expect(started).toEqual([]);
    await waitFor(() => !pids.some(alive), "the group's processes to be gone");
  });
});
