// The test helpers' time limit on child processes: a child past it is killed and the error names it; others run as before.
import { describe, expect, test } from "bun:test";
import { runWithin } from "./bounded-spawn.ts";

describe("runWithin", () => {
  test("a child that ends in time gives its exit code and output", async () => {
    expect(await runWithin(["sh", "-c", "echo out; echo err >&2; exit 3"], {})).toEqual({ code: 3, stdout: "out\n", stderr: "err\n" });
  });

  test("a child that runs past the limit is killed and the error names its command", async () => {
    await expect(runWithin(["sleep", "30"], {}, 100)).rejects.toThrow("the child process `sleep 30` did not end within 0.1 s: it was killed (SIGKILL)");
  });
});
