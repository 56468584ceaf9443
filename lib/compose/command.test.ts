// Tests of compose command lines: project selection flags, shell-pasteable logging, and failure summaries.
import { describe, expect, test } from "bun:test";
import { composeArgv, failureText, runLogged, showArgv, type ComposeTarget } from "./command.ts";
import type { ComposeEngine } from "./engine.ts";
import type { ExecResult } from "../util/exec.ts";
import { waitFor } from "../../test/helpers/cli.ts";

const engine: ComposeEngine = { name: "docker compose", version: "2.26.1", compose: ["docker", "compose"], cli: "docker", server: "docker", serverVersion: "20.10", jsonPs: true };
const target: ComposeTarget = {
  project: "demo-run1",
  files: ["/s/compose/a.yml", "/s/compose/b.yml"],
  profiles: ["debug"],
  envFiles: ["/s/.env.test"],
  cwd: "/s",
  env: {},
};

test("composeArgv puts the project selection before the subcommand", () => {
  expect(composeArgv(engine, target, ["up", "-d", "web"])).toEqual([
    "docker", "compose", "-p", "demo-run1", "-f", "/s/compose/a.yml", "-f", "/s/compose/b.yml",
    "--profile", "debug", "--env-file", "/s/.env.test", "up", "-d", "web",
  ]);
});

test("showArgv quotes only what a shell would misread", () => {
  expect(showArgv(["docker", "compose", "-p", "x", "logs", "--tail", "5", "my service", "it's"])).toBe(
    `docker compose -p x logs --tail 5 'my service' 'it'\\''s'`,
  );
});

describe("failureText", () => {
  const r = (over: Partial<ExecResult>): ExecResult => ({ exitCode: 1, signal: null, stdout: "", stderr: "", truncated: false, durationMs: 1, aborted: false, ...over });
  test.each([
    ["the error line of stderr", r({ stderr: " Container x Creating\nError response from daemon: no such image: nope\n" }), "Error response from daemon: no such image: nope (exit 1)"],
    ["the last line when none says error", r({ exitCode: 2, stderr: "first\nlast\n" }), "last (exit 2)"],
    ["stdout when stderr is empty", r({ stdout: "service \"x\" refers to undefined network" }), `service "x" refers to undefined network (exit 1)`],
    ["nothing at all", r({ exitCode: 4 }), "no output (exit 4)"],
    ["a command stopped by its step's deadline", r({ aborted: true, stoppedBy: "timed out after 5m", exitCode: null }), "stopped before it finished (timed out after 5m)"],
    ["a command stopped by Ctrl-C", r({ aborted: true, stoppedBy: "interrupted", exitCode: null }), "stopped before it finished (interrupted)"],
  ])("%s", (_name, result, want) => {
    expect(failureText(result)).toBe(want);
  });
});

describe("runLogged", () => {
  test("logs the command, each output line and the outcome", async () => {
    const lines: string[] = [];
    const r = await runLogged(["sh", "-c", "echo one; echo two >&2; exit 3"], "/", {}, { signal: new AbortController().signal, log: (l) => lines.push(l) });
    expect(r.exitCode).toBe(3);
    expect(lines[0]).toBe(`$ sh -c 'echo one; echo two >&2; exit 3'`);
    expect(lines.slice(1, 3).sort()).toEqual(["  one", "  two"]);
    expect(lines[3]).toMatch(/^ {2}→ exit 3 in \d+ms$/);
  });
  test("quiet commands log nothing when they succeed, everything when they fail", async () => {
    const lines: string[] = [];
    const opts = { signal: new AbortController().signal, log: (l: string) => lines.push(l), quiet: true };
    await runLogged(["sh", "-c", "echo fine"], "/", {}, opts);
    expect(lines).toEqual([]);
    await runLogged(["sh", "-c", "echo broken >&2; exit 1"], "/", {}, opts);
    expect(lines.slice(0, 2)).toEqual([`$ sh -c 'echo broken >&2; exit 1'`, "  broken"]);
  });
  test("a command stopped by the step's deadline says so, in the log and in failureText", async () => {
    const lines: string[] = [];
    const ctl = new AbortController();
    const running = runLogged(["sh", "-c", "echo started; exec sleep 30"], "/", {}, { signal: ctl.signal, log: (l) => lines.push(l) });
    await waitFor(() => lines.includes("  started"), "the command's first line");
    ctl.abort(new Error("timed out after 2s"));
    const r = await running;
    expect(r.aborted).toBe(true);
    expect(failureText(r)).toBe("stopped before it finished (timed out after 2s)");
    expect(lines.at(-1)).toMatch(/^ {2}→ stopped \(timed out after 2s\) in \d+ms$/);
  });
  test("a command whose signal fired before it started is stopped by that reason", async () => {
    const r = await runLogged(["sh", "-c", "true"], "/", {}, { signal: AbortSignal.abort(new Error("interrupted")) });
    expect(failureText(r)).toBe("stopped before it finished (interrupted)");
  });
  test("a missing binary is a failed result, not an exception", async () => {
    const r = await runLogged(["/nonexistent/compose-binary"], "/", {}, { signal: new AbortController().signal });
    expect(r.exitCode).toBeNull();
    expect(r.stderr).toContain("/nonexistent/compose-binary");
  });
});
