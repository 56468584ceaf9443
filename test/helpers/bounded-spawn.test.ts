// The test helpers' time limit on child processes: a child past it is killed and the error names it; others run as before.
import { describe, expect, test } from "bun:test";
import { callInChild, runWithin } from "./bounded-spawn.ts";

describe("runWithin", () => {
  test("a child that ends in time gives its exit code and output", async () => {
    expect(await runWithin(["sh", "-c", "echo out; echo err >&2; exit 3"], {})).toEqual({ code: 3, stdout: "out\n", stderr: "err\n" });
  });

  test("a child that runs past the limit is killed and the error names its command", async () => {
    await expect(runWithin(["sleep", "30"], {}, 100)).rejects.toThrow("the child process `sleep 30` did not end within 0.1 s: it was killed (SIGKILL)");
  });
});

describe("callInChild", () => {
  test("calls the module's export with the arguments given and gives its value, awaited, through JSON", async () => {
    expect(await callInChild("node:path", "join", ["a", "b"])).toEqual({ code: 0, value: "a/b", stderr: "" });
    expect(await callInChild("node:timers/promises", "setImmediate", [{ n: [1, "x"] }])).toEqual({ code: 0, value: { n: [1, "x"] }, stderr: "" });
  });

  test("an export that returns undefined gives undefined, not null", async () => {
    const r = await callInChild("node:assert", "ok", [true]);
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(r.value).toBeUndefined();
  });

  test("an export that throws ends the child with its error on stderr and no value", async () => {
    const r = await callInChild("node:assert", "fail", ["boom-in-child"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("boom-in-child");
    expect(r.value).toBeUndefined();
  });

  test("anything else printed on stdout is an error, naming what was printed", async () => {
    await expect(callInChild("node:console", "log", ["stray line"])).rejects.toThrow("stray line");
  });

  test("a call that runs past the limit is killed and the error says so", async () => {
    await expect(callInChild("node:timers/promises", "setTimeout", [30_000], 100)).rejects.toThrow("did not end within 0.1 s: it was killed (SIGKILL)");
  });
});
