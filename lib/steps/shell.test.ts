// Tests of the shell step: schema, exit codes, output matchers, JSON, captures, quoting, argv, env, cwd, background and abort.
import { afterAll, describe, expect, test } from "bun:test";
import { interpolate } from "../vars/interpolate.ts";
import { existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { step } from "./shell.ts";
import { testContext, type TestContext } from "../../test/helpers/context.ts";
import { waitFor } from "../../test/helpers/cli.ts";
import type { Check } from "../expect/matcher.ts";
import { markOf, newMark } from "../util/marked-processes.ts";
import { readProcStat } from "../util/proc-stat.ts";
import { expectPassed } from "../../test/helpers/step-result.ts";

const dir = mkdtempSync(join(tmpdir(), "shell-step-"));
mkdirSync(join(dir, "sub"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ctxFor(overrides: Parameters<typeof testContext>[0] = {}): TestContext {
  return testContext({ scenarioDir: dir, ...overrides });
}

async function run(input: unknown, ctx: TestContext = ctxFor()) {
  return step.run(step.schema.parse(input), ctx);
}

const failed = (checks: Check[]) => checks.filter((c) => !c.ok);

/** Processes of a group that are still running. Zombies do not count: where PID 1 does not reap orphans they linger. */
function liveMembers(pgid: number): number[] {
  const live: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readProcStat(name);
    if (stat?.pgrp === pgid && stat.state !== "Z" && stat.state !== "X") live.push(Number(name));
  }
  return live;
}

/** A process's command name (`/proc/PID/comm`), or undefined once it is gone. */
function commOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    return undefined;
  }
}

/** True when no process of the group runs: process.kill(-pgid, 0) throws, or only zombies are left. */
function groupGone(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch {
    return true;
  }
  return liveMembers(pgid).length === 0;
}

/** Whether the process ignores SIGTERM (bit 15 of the SigIgn mask in /proc/PID/status): `trap '' TERM` has run. */
function ignoresTerm(pid: number): boolean {
  try {
    const mask = /^SigIgn:\s*([0-9a-fA-F]+)$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return mask !== undefined && (BigInt(`0x${mask}`) & (1n << 14n)) !== 0n;
  } catch {
    return false;
  }
}

/** The pid the step's script logged as `child PID` (`echo child $!`), once it has. */
async function childPid(ctx: TestContext): Promise<number> {
  await waitFor(() => ctx.logs.some((l) => l.startsWith("  child ")), "the child's pid");
  return Number(ctx.logs.find((l) => l.startsWith("  child "))!.split(" ").at(-1));
}

/** A duration as formatDuration writes it: a loaded machine may take over a second ("1.05s"). */
const DURATION = String.raw`(?:\d+ms|\d+\.\d+s|\d+m\d\ds)`;

describe("shell schema", () => {
  test.each([
    [{ run: "echo hi" }],
    [{ run: ["printf", "%s", "x"] }],
    [{ run: "sleep 1", background: true, cwd: "sub", env: { A: 1, B: true } }],
    [{ run: "echo {}", expect: { exit_code: { in: [0, 1] }, stdout: { contains: "x" }, stderr: "", json: { "$.a": 1 } }, capture: { A: "stdout", B: "$.b", C: { regex: "(x)" } } }],
    // Any exit code, beside a check of the output.
    [{ run: "grep -c x f", expect: { exit_code: { gte: 0 }, stdout: "0" } }],
    [{ run: "x", expect: { exit_code: { lte: 255 }, json: { "$.ok": true } } }],
  ])("accepts %#", (input) => {
    expect(step.schema.safeParse(input).success).toBe(true);
    // The fast check vouches for the exit code forms (a capture, and an env value that is no text, are zod's).
    if (!("env" in input) && !("capture" in input)) expect(step.fastInput!(input)).toBeDefined();
  });

  test.each([
    ["give a command", { run: "" }],
    ["at least the program", { run: [] }],
    ["", { run: 5 }],
    ["Unrecognized key", { run: "x", shell: "zsh" }],
    ["exitcode", { run: "x", expect: { exitcode: 0 } }],
    ["contains", { run: "x", expect: { stdout: { contain: "a" } } }],
    ['starts with "$"', { run: "x", expect: { json: { "a.b": 1 } } }],
    ["unknown capture source", { run: "x", capture: { X: "body" } }],
    ["a background command has no expect", { run: "x", background: true, expect: { exit_code: 0 } }],
    ["a background command has no capture", { run: "x", background: true, capture: { X: "stdout" } }],
    ['expect.exit_code: "zero" is not a number', { run: "x", expect: { exit_code: "zero" } }],
    ['expect.exit_code.ne: "ok" is not a number', { run: "x", expect: { exit_code: { ne: "ok" } } }],
    // An exit code is 0-255: alone, a matcher every one meets passed whatever the command did; one none meets never passes.
    ["expect.exit_code: exit_code holds here for every exit code, and expect checks nothing else, so the step would pass whatever the command did", { run: "exit 7", expect: { exit_code: { gte: 0 } } }],
    ["expect.exit_code: exit_code holds here for every exit code", { run: "exit 7", expect: { exit_code: { lte: 255 } } }],
    // Text tests tried on every exit code's digits: these held for each.
    ["expect.exit_code: exit_code holds here for every exit code", { run: "exit 7", expect: { exit_code: { matches: "^\\d+$" } } }],
    ["expect.exit_code: exit_code holds here for every exit code", { run: "exit 7", expect: { exit_code: { not_contains: "9999" } } }],
    ["expect.exit_code.matches: matches: \"^x\" holds for no exit code", { run: "exit 7", expect: { exit_code: { matches: "^x" } } }],
    ["expect.exit_code: 300 holds for no exit code, which is 0 to 255: the check could never pass", { run: "x", expect: { exit_code: 300 } }],
    ["expect.exit_code.gte: gte: 256 holds for no exit code, which is 0 to 255: the check could never pass", { run: "x", expect: { exit_code: { gte: 256 } } }],
    ["expect.exit_code.lt: lt: 0 holds for no exit code, which is 0 to 255", { run: "x", expect: { exit_code: { lt: 0 }, stdout: "" } }],
  ])("rejects: %s", (message, input) => {
    expect(step.fastInput!(input)).toBeUndefined();
    const r = step.schema.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n")).toContain(message);
  });

  test("describe shows the command", () => {
    expect(step.describe(step.schema.parse({ run: "echo hi" }))).toBe("$ echo hi");
    expect(step.describe(step.schema.parse({ run: ["printf", "a b"] }))).toBe("$ printf 'a b'");
    expect(step.describe(step.schema.parse({ run: "server", background: true }))).toBe("start server");
  });

  test("a long command is cut before its references are escaped: the name, once filled in, shows ${ as written", () => {
    // Escaped first, the cut fell between the `$$` and the `{` of `$${V}`, and the name read `… "$$…`.
    const run = `printf "%s|%s|%s|%s|%s" "\${A}" "\${C}" "\${D}" "\${E}" "\${V}" "\${F}"`;
    const name = step.describe(step.schema.parse({ run }));
    expect(interpolate(name, () => "value")).toBe(`$ ${run.slice(0, 59)}…`);
  });
});

describe("exit codes", () => {
  test.each([
    ["exit 0", undefined, true, "== 0"],
    ["exit 3", undefined, false, "== 0"],
    ["exit 3", 3, true, "== 3"],
    ["exit 3", { in: [1, 2] }, false, "one of [1,2]"],
    ["exit 1", { ne: 0 }, true, "!= 0"],
  ])("%p with exit_code %p", async (cmd, matcher, ok, expected) => {
    const r = await run({ run: cmd, ...(matcher !== undefined ? { expect: { exit_code: matcher } } : {}) });
    expect(r.error).toBeUndefined();
    const check = r.checks.find((c) => c.path === "exit_code")!;
    expect(check).toEqual({ path: "exit_code", expected, actual: Number(cmd.split(" ")[1]), ok });
    expect(r.observed!.exit_code).toBe(Number(cmd.split(" ")[1]));
  });
});

describe("output matchers", () => {
  test.each([
    ["stdout literal (trailing newline removed)", "echo OK", { stdout: "OK" }, []],
    ["stdout literal fails", "echo KO", { stdout: "OK" }, [{ path: "stdout", expected: '== "OK"', actual: "KO" }]],
    ["stdout contains", "echo all good", { stdout: { contains: "good" } }, []],
    ["stdout not_contains fails", "echo an ERROR here", { stdout: { not_contains: "ERROR" } }, [{ path: "stdout", expected: 'does not contain "ERROR"', actual: "an ERROR here" }]],
    ["stdout matches", "echo version 1.2.3", { stdout: { matches: "\\d+\\.\\d+\\.\\d+" } }, []],
    ["stderr matcher", "echo oops >&2", { stderr: { contains: "oops" } }, []],
    ["stderr empty fails", "echo oops >&2", { stderr: "" }, [{ path: "stderr", expected: '== ""', actual: "oops" }]],
    ["json passes", `echo '{"a":{"b":[1,2]}}'`, { json: { "$.a.b[1]": 2, "$.a.c": { exists: false } } }, []],
    ["json fails", `echo '{"a":{"b":[1,2]}}'`, { json: { "$.a.b": { length: 3 } } }, [{ path: "json $.a.b.length", expected: "== 3", actual: 2 }]],
  ])("%s", async (_name, cmd, expectation, failures) => {
    const r = await run({ run: cmd, expect: expectation });
    expect(r.error).toBeUndefined();
    expect(failed(r.checks).map(({ path, expected, actual }) => ({ path, expected, actual }))).toEqual(failures);
  });

  test("a command that opens /dev/stdout or /dev/stderr writes there, as in a terminal or $(…): its output is a pipe, not a socket Linux cannot open again", async () => {
    // Bun's "pipe" is a socketpair, which Linux will not open() through /proc/self/fd: `echo x > /dev/stderr` failed
    // with "No such device or address" (exit 1), and so did `tee /dev/stderr`.
    const r = await run({ run: "echo oops > /dev/stderr; echo hi | tee /dev/stderr; printf out > /proc/self/fd/1", expect: { stdout: "hi\nout", stderr: "oops\nhi" } });
    expectPassed(r, ["exit_code", "stdout", "stderr"]);
    const list = await run({ run: ["tee", "/dev/stdout", "/dev/stderr"], expect: { stdout: "", stderr: "" } });
    expectPassed(list, ["exit_code", "stdout", "stderr"]);
  });

  test("json on output that is not JSON fails with the parse error", async () => {
    const r = await run({ run: "echo not json", expect: { json: { "$.a": 1 } } });
    const [bad] = failed(r.checks);
    expect(bad!.path).toBe("json");
    expect(String(bad!.actual)).toContain("stdout is not JSON");
  });
});

describe("captures", () => {
  test("stdout (trimmed), stderr, JSONPath and regex", async () => {
    const r = await run({
      run: `echo '{"id":"m-1","tags":["a","b"]}'; echo 'warn: disk 91%' >&2`,
      capture: { OUT: "stdout", ERR: "stderr", ID: "$.id", TAGS: "$.tags", NUM: { regex: '"id":"m-(\\d+)"' } },
    });
    expect(failed(r.checks)).toEqual([]);
    expectPassed(r, ["exit_code"]);
    expect(r.captures).toEqual({ OUT: '{"id":"m-1","tags":["a","b"]}', ERR: "warn: disk 91%", ID: "m-1", TAGS: '["a","b"]', NUM: "1" });
  });

  test("a capture that finds nothing fails the step", async () => {
    const r = await run({ run: "echo '{}'", capture: { ID: "$.id", V: { regex: "v(\\d+)" } } });
    expect(r.captures).toEqual({});
    expect(failed(r.checks).map((c) => c.path)).toEqual(["capture ID", "capture V"]);
  });
});

describe("quoting, argv, env and cwd", () => {
  test("an interpolated value never runs as a command in the string form", async () => {
    const marker = join(tmpdir(), `pwned-${crypto.randomUUID()}`);
    const evil = `x; touch ${marker}`;
    const ctx = ctxFor({ env: { VALUE: evil } });
    const r = await run({ run: "echo ${VALUE}; echo $(echo ${VALUE})", expect: { stdout: `${evil}\n${evil}` } }, ctx);
    expect(failed(r.checks)).toEqual([]);
    expectPassed(r, ["exit_code", "stdout"]);
    expect(existsSync(marker)).toBe(false);
    expect(ctx.logs[0]).toBe(`$ echo '${evil}'; echo $(echo '${evil}')`);
  });

  test("a list-form command is shown quoted as the string form quotes a value: the line pasted into bash runs what the step ran", async () => {
    // It was shown as `$ echo "$(touch …)"` (each word in JSON's double quotes), which bash runs the value of.
    const marker = join(tmpdir(), `pwned-${crypto.randomUUID()}`);
    const evil = `$(touch ${marker}) \`touch ${marker}\` it's "q" \\`;
    for (const [runList, printed] of [
      [["echo", "${EVIL}"], evil],
      [["sh", "-c", 'printf %s "${EVIL}"'], evil],
      [["bash", "-c", 'printf "%s|%s" "$1" "${EVIL}"', "x", "${EVIL}"], `${evil}|${evil}`],
      [["printf", "%s", ""], ""],
    ] as const) {
      const ctx = ctxFor({ env: { EVIL: evil } });
      const r = await run({ run: runList, expect: { stdout: printed } }, ctx);
      expectPassed(r, ["exit_code", "stdout"]);
      const shown = ctx.logs[0]!.slice(2);
      expect(r.summary).toStartWith(`$ ${shown} → exit 0`);
      // Pasted into bash, the shown line prints what the step printed, and runs nothing of the value.
      const pasted = Bun.spawnSync(["bash", "-c", shown], { cwd: dir });
      expect([runList, pasted.stdout.toString().replace(/\n$/, "")]).toEqual([runList, printed]);
      expect(existsSync(marker)).toBe(false);
    }
    // The step's default name keeps the references as written, quoted the same way.
    expect(step.describe(step.schema.parse({ run: ["echo", "$(date)"] }))).toBe("$ echo '$(date)'");
  });

  test("inside the author's own double quotes, a heredoc or $(…), a value is printed once and never runs", async () => {
    const marker = join(tmpdir(), `pwned-${crypto.randomUUID()}`);
    const evil = `$(touch ${marker});\`touch ${marker}\`'"`;
    const ctx = ctxFor({ env: { EVIL: evil } });
    const script = 'echo "value=${EVIL}"; cat <<EOF\n${EVIL}\nEOF\necho "$(echo "${EVIL}")"';
    const r = await run({ run: script, expect: { stdout: `value=${evil}\n${evil}\n${evil}` } }, ctx);
    expect(failed(r.checks)).toEqual([]);
    expectPassed(r, ["exit_code", "stdout"]);
    expect(existsSync(marker)).toBe(false);
    expect(ctx.logs[0]).toStartWith(`$ echo "value=\\$(touch ${marker});\\\`touch`);
  });

  test("a background command gets its values the same way", async () => {
    const marker = join(tmpdir(), `pwned-${crypto.randomUUID()}`);
    const out = join(dir, `bg-${crypto.randomUUID()}`);
    const evil = `"; touch ${marker}; echo "`;
    const ctx = ctxFor({ env: { EVIL: evil, OUT: out } });
    const r = await run({ run: 'printf %s "${EVIL}" > "${OUT}.tmp" && mv "${OUT}.tmp" ${OUT}; sleep 30', background: true }, ctx);
    expect(r.error).toBeUndefined();
    await waitFor(() => existsSync(out), "the background command's output");
    await Promise.all(ctx.live.map((res) => res.cleanup()));
    expect(readFileSync(out, "utf8")).toBe(evil);
    expect(existsSync(marker)).toBe(false);
  });

  test("the script of a list such as [sh, -c, SCRIPT] gets its values through the environment too", async () => {
    const marker = join(tmpdir(), `pwned-${crypto.randomUUID()}`);
    const evil = `"; touch ${marker}; echo "$(touch ${marker})`;
    const ctx = ctxFor({ env: { EVIL: evil } });
    // Options before the script as bash reads them: `--` (or `-`) ends them, -o and +O take a name.
    const lists = [["sh", "-c", 'printf %s "${EVIL}"'], ["/bin/bash", "-ec", "printf %s ${EVIL}"], ["bash", "-c", "--", "printf %s ${EVIL}"], ["bash", "-o", "pipefail", "-c", "printf %s ${EVIL}"], ["bash", "-c", "+O", "extglob", "-", "printf %s ${EVIL}"], ["bash", "--rcfile", "/dev/null", "-c", "printf %s ${EVIL}"], ["bash", "--init-file", "/dev/null", "-c", "printf %s ${EVIL}"], ["rbash", "-c", "printf %s ${EVIL}"],
      // An o or O anywhere in a group takes the next element (bash -oc pipefail SCRIPT runs SCRIPT): it was read as the script's argument.
      ["bash", "-oc", "pipefail", "printf %s ${EVIL}"], ["bash", "-euoc", "pipefail", "printf %s ${EVIL}"], ["bash", "-Oc", "extglob", "printf %s ${EVIL}"], ["sh", "-oc", "errexit", "printf %s ${EVIL}"]];
    for (const argv of lists) {
      const r = await run({ run: argv, expect: { stdout: evil } }, ctx);
      expect(failed(r.checks)).toEqual([]);
      expectPassed(r, ["exit_code", "stdout"]);
    }
    expect(existsSync(marker)).toBe(false);
  });

  test("a value with shell syntax inside the quoted script of sh -c, eval, trap or ssh fails the step before anything runs; a plain value is fine", async () => {
    const marker = join(tmpdir(), `pwned-${crypto.randomUUID()}`);
    const ctx = ctxFor({ env: { X: `$(touch ${marker})`, PLAIN: "v-1.2" } });
    for (const line of ["sh -c 'echo ${X}'", "trap 'echo ${X}' EXIT; true", "eval 'echo ${X}'", 'bash -ec "echo ${X}"', "watch -n 1 'echo ${X}'", "script -qc 'echo ${X}' /dev/null", "flock /tmp/l -c 'echo ${X}'", "runuser -l u -c 'echo ${X}'", "sg g -c 'echo ${X}'"]) {
      const r = await run({ run: line }, ctx);
      expect(r.error).toContain("${X} is inside the script");
      // In double quotes this bash would expand a plain $X itself, splicing the value into the script again.
      expect(r.error).toContain(line.includes('"') ? "it would run. Write \\$X there instead" : "it would run. Write $X there instead");
    }
    expect(existsSync(marker)).toBe(false);
    // The same value elsewhere is text, and a plain value in such a script runs as bash would run it.
    for (const [line, stdout] of [["echo 'v=${X}'", `v=$(touch ${marker})`], ["sh -c 'echo ${PLAIN}'", "v-1.2"],
      // Written as bash's own $X inside the script, the inner shell expands it from the environment: text again.
      ["sh -c 'echo \"$X\"'", `$(touch ${marker})`], ['bash -ec "echo \\"\\$X\\""', `$(touch ${marker})`]]) {
      const r = await run({ run: line, expect: { stdout } }, ctx);
      expect(failed(r.checks)).toEqual([]);
      expectPassed(r, ["exit_code", "stdout"]);
    }
    expect(existsSync(marker)).toBe(false);
  });

  test("arithmetic the runner now sees: $[ ], a substring's offset or length, $(( )) in a heredoc: only numbers pass", async () => {
    const marker = join(tmpdir(), `pwned-${crypto.randomUUID()}`);
    const ctx = ctxFor({ env: { N: `a[$(touch ${marker})]`, K: "2" } });
    for (const line of ["echo $[ ${N} + 1 ]", "V=hello; echo ${V:${N}}", "s=abc; echo ${s:0:${N}}", "cat <<EOF\n$(( ${N} ))\nEOF"]) {
      const r = await run({ run: line }, ctx);
      expect(r.error).toMatch(/\$\{N\} is (used in arithmetic|a substring's offset or length|in arithmetic inside a heredoc)/);
    }
    expect(existsSync(marker)).toBe(false);
    // Without N exported: a value holding a command in brackets stops every shell step (the next test).
    const numbers = ctxFor({ env: { K: "2" } });
    for (const [line, stdout] of [["s=abcdef; echo $[ ${K} + 1 ] ${s:${K}} ${s:0:${K}}", "3 cdef ab"], ["cat <<EOF\n$(( ${K} * 2 ))\nEOF", "4"]]) {
      const r = await run({ run: line, expect: { stdout } }, numbers);
      expect(failed(r.checks)).toEqual([]);
      expectPassed(r, ["exit_code", "stdout"]);
    }
  });

  test("xargs writing its input into a shell's script (-I's replacement, or the input as the script) is refused for a value with shell syntax; as an argument it is text", async () => {
    const marker = join(tmpdir(), `pwned-${crypto.randomUUID()}`);
    const ctx = ctxFor({ env: { X: `x; touch ${marker}` } });
    for (const line of [
      "echo \"${X}\" | xargs -I{} sh -c 'echo {}'",
      "echo \"${X}\" | xargs sh -c",
      "xargs -I % bash -c 'echo %' <<< \"${X}\"",
      "printf '%s\\n' \"${X}\" | xargs -0 -n1 --replace=@@ timeout 5 bash -ec 'echo @@'",
      "echo \"${X}\" | grep x | xargs -i sh -c 'echo {}'",
    ]) {
      const r = await run({ run: line }, ctx);
      expect([line, r.error?.slice(0, 30)]).toEqual([line, "${X} reaches the input xargs h"]);
    }
    expect(existsSync(marker)).toBe(false);
    // The value as the script's argument, or xargs reading another file: text.
    for (const [line, stdout] of [
      ["echo \"${X}\" | xargs -I{} sh -c 'echo \"$1\"' _ {}", `x; touch ${marker}`],
      ["echo \"${X}\" | xargs sh -c 'echo \"$1\"' _", "x;"],
      ["echo \"${X}\" | xargs -a /dev/null -I{} sh -c 'echo {}'; echo done", "done"],
      ["echo \"${X}\" | xargs -n 1 echo", `x;\ntouch\n${marker}`],
    ]) {
      const r = await run({ run: line, expect: { stdout } }, ctx);
      expectPassed(r, ["exit_code", "stdout"]);
    }
    expect(existsSync(marker)).toBe(false);
  });

  test("a shell a container runner starts reads its standard input as a script too: refused, with advice that fits a container", async () => {
    const marker = join(tmpdir(), `pwned-${crypto.randomUUID()}`);
    const ctx = ctxFor({ env: { X: `x; touch ${marker}` } });
    // Refused before anything runs: no container (or engine) is needed to see it.
    for (const line of [
      "docker exec -i c sh <<< \"echo ${X}\"",
      "docker compose exec -T web sh <<EOF\necho ${X}\nEOF",
      "docker compose exec -T web sh <<'EOF'\necho ${X}\nEOF",
      "echo \"echo ${X}\" | podman exec -i c bash",
      "kubectl exec -i pod -- sh <<< \"echo ${X}\"",
      "docker run --rm -i img sh -s <<< \"echo ${X}\"",
      "docker compose exec web sh -c \"echo ${X}\"",
    ]) {
      const r = await run({ run: line }, ctx);
      expect([line, r.error]).toEqual([line, expect.stringContaining("(in ")]);
      expect(r.error).toContain(`Hand it to the container's environment (-e X="\${X}"`);
      expect(r.error).not.toContain("the exported variable");
    }
    expect(existsSync(marker)).toBe(false);
    // Its input as data (a script given with -c, a program that reads no code from it): text, as before.
    for (const line of ["echo \"${X}\" | docker exec -i c sh -c 'cat > /tmp/f'", "docker exec -i c tee /tmp/f <<< \"${X}\"", "docker exec -i c python3 /app/load.py <<< \"${X}\""]) {
      const r = await run({ run: line }, ctx);
      expect([line, r.error]).toEqual([line, undefined]);
    }
  });

  test("a value with a command inside brackets stops every shell step: bash would run it from the exported variable, in the step or a script it starts", async () => {
    const marker = join(tmpdir(), `pwned-${crypto.randomUUID()}`);
    const script = join(dir, `check-${crypto.randomUUID()}.sh`);
    await Bun.write(script, '[[ $N -eq 1 ]]; echo done\n');
    const lines: unknown[] = [
      "[[ $N -eq 1 ]]; echo done",
      "n=${N}; echo $((n))",
      'printf -v "$N" x',
      "echo ${!N}",
      'declare -a "l=($N)"',
      ["bash", script],
    ];
    const stopped = (name: string) => `the value of ${name} holds a command inside an array subscript`;
    for (const [value, via] of [[`a[$(touch ${marker})]`, "N"], [`a[\`touch ${marker}\`]`, "N"], [`a[\${X:-$(touch ${marker})}]`, "N"], ["a[${P@P}]", "N"]] as const) {
      const ctx = ctxFor({ env: { N: value, OTHER: "1" } });
      for (const line of lines) {
        const r = await run({ run: line }, ctx);
        expect([line, r.error?.slice(0, stopped(via).length)]).toEqual([line, stopped(via)]);
        expect(r.error).not.toContain("touch");
      }
      // A step that never names N is stopped too: a script it starts may read $N.
      expect((await run({ run: "echo fine" }, ctx)).error).toStartWith(stopped("N"));
    }
    // A value of the step's env: is handed to its processes the same way.
    expect((await run({ run: "echo ${M}", env: { M: `1 + m[$(touch ${marker})]` } }, ctxFor({ env: { OTHER: "1" } }))).error).toStartWith(stopped("M"));
    expect(existsSync(marker)).toBe(false);
    // Brackets after no name, a subscript without a command inside, or a command outside one, pass; so does the user's own environment.
    for (const value of ["[INFO] $(x)", "arr[$i]", "items[0] costs $5", "a[0] ${X}", "rate(x[${__rate_interval}])", '{"cmd": ["sh", "-c", "$(date)"]}', "plain"]) {
      const r = await run({ run: 'printf %s "$N"', expect: { stdout: value } }, ctxFor({ env: { N: value } }));
      expectPassed(r, ["exit_code", "stdout"]);
    }
    // The user's own environment: a value it already holds as it is (a function exported by bash, a prompt) is theirs.
    const own = "x[$(git branch --show-current)]";
    const saved = process.env.SCENARIO_TEST_OWN;
    process.env.SCENARIO_TEST_OWN = own;
    try {
      expectPassed(await run({ run: "echo ok", expect: { stdout: "ok" } }, ctxFor({ env: { SCENARIO_TEST_OWN: own } })), ["exit_code", "stdout"]);
      expect((await run({ run: "echo ok" }, ctxFor({ env: { SCENARIO_TEST_OWN: `${own} ` } }))).error).toStartWith("the value of SCENARIO_TEST_OWN holds");
    } finally {
      if (saved === undefined) delete process.env.SCENARIO_TEST_OWN;
      else process.env.SCENARIO_TEST_OWN = saved;
    }
  });

  test("a shell started through another program, with a reference in its script, is refused: the value would run", async () => {
    for (const argv of [["env", "sh", "-c", "echo ${V}"], ["timeout", "5", "bash", "-c", "--", "echo ${V}"], ["/usr/bin/env", "bash", "-ec", "echo ${V}"]]) {
      const message = `a \${NAME} in the script of ${argv.includes("sh") ? "sh" : "bash"} -c, started through "${argv[0]}", would run as code`;
      const parsed = step.schema.safeParse({ run: argv });
      expect(parsed.success).toBe(false);
      expect(parsed.error!.issues[0]!.message).toStartWith(message);
      expect(parsed.error!.issues[0]!.path).toEqual(["run", argv.length - 1]);
      expect(step.fastInput!({ run: argv })).toBeUndefined();
    }
    // Its value given as an argument (not in the script), or no shell script at all: nothing runs as code, nothing refused.
    for (const argv of [["env", "sh", "-c", 'echo "$1"', "sh", "${V}"], ["grep", "-c", "${V}", "f"], ["env", "X=${V}", "printenv", "X"]]) expect(step.schema.safeParse({ run: argv }).success).toBe(true);
  });

  test("env -S (--split-string) splits one element into a command line: a reference after it is refused", () => {
    for (const argv of [["env", "-S", 'sh -c "echo ${V}"'], ["env", "--split-string=sh -c 'echo ${V}'"], ["env", "-S", "sh -c", "echo ${V}"]]) {
      const parsed = step.schema.safeParse({ run: argv });
      expect(parsed.success).toBe(false);
      expect(parsed.error!.issues[0]!.message).toStartWith("a ${NAME} after env -S (--split-string), which splits its text into a command line, would run as code");
      expect(step.fastInput!({ run: argv })).toBeUndefined();
    }
    expect(step.schema.safeParse({ run: ["env", "-S", "printenv V", "${V}"] }).success).toBe(false);
    expect(step.schema.safeParse({ run: ["env", "V=${V}", "printenv", "V"] }).success).toBe(true);
  });

  test("a program that runs an element through a shell (su -c, flock FILE -c, sg, script -c, watch, ssh HOST), also behind a wrapper, is refused with a ${NAME} there", () => {
    const refused: [string[], string][] = [
      [["su", "root", "-c", "echo ${V}"], "su -c"], [["runuser", "-l", "app", "-c", "echo ${V}"], "runuser -c"], [["su", "--command=echo ${V}"], "su -c"],
      [["flock", "/tmp/lk", "-c", "echo ${V}"], "flock FILE -c"], [["flock", "-w", "5", "/tmp/lk", "--command", "echo ${V}"], "flock FILE -c"],
      [["sg", "grp", "-c", "echo ${V}"], "sg GROUP"], [["sg", "grp", "echo ${V}"], "sg GROUP"], [["script", "-qc", "echo ${V}", "/dev/null"], "script -c"],
      [["script", "--command", "echo ${V}"], "script -c"], [["watch", "-n", "1", "echo", "${V}"], "watch"], [["ssh", "-p", "22", "-i", "key", "host", "cat", "${V}"], "ssh HOST"],
      [["sudo", "su", "-c", "echo ${V}"], "su -c"], [["timeout", "5", "flock", "f", "-c", "echo ${V}"], "flock FILE -c"],
      // ssh -o ProxyCommand=… runs its value in a local shell.
      [["ssh", "-o", "ProxyCommand=${V}", "host", "uptime"], "ssh HOST"], [["ssh", "-oLocalCommand ${V}", "host"], "ssh HOST"],
    ];
    for (const [argv, how] of refused) {
      const parsed = step.schema.safeParse({ run: argv });
      expect([argv, parsed.success]).toEqual([argv, false]);
      expect(parsed.error!.issues[0]!.message).toStartWith(`a \${NAME} in the command that ${how}`);
      expect(parsed.error!.issues[0]!.message).toContain(argv[0] === "sudo" || argv[0] === "timeout" ? `started through "${argv[0]}", would run as code` : "would run as code: use the string form");
      expect(parsed.error!.issues[0]!.path).toEqual(["run", argv.findLastIndex((a) => a.includes("${"))]);
      expect(step.fastInput!({ run: argv })).toBeUndefined();
    }
    // A reference the program takes as an argument (su's user, flock's file, sg's group, script's log, ssh's host and key,
    // watch -x's command, run without a shell), or a command run by flock itself: no shell reads it.
    for (const argv of [["su", "${U}", "-c", "id"], ["flock", "${F}", "-c", "id"], ["flock", "${F}", "echo", "${V}"], ["sg", "${G}", "id"], ["script", "-q", "${LOG}", "-c", "id"],
      ["ssh", "-i", "${K}", "${H}", "uptime"], ["watch", "-x", "echo", "${V}"], ["watch", "-n", "${N}", "date"]])
      expect([argv, step.schema.safeParse({ run: argv }).success]).toEqual([argv, true]);
    // Such a word that is another program's argument (grep's pattern, find's name, a compose service or container called
    // ssh or watch), behind a wrapper too: the program is grep, find or docker.
    for (const argv of [["timeout", "5", "grep", "-r", "watch", "${DIR}"], ["nice", "grep", "-r", "watch", "${DIR}"], ["env", "X=${V}", "grep", "-r", "watch", "${DIR}"],
      ["find", "${DIR}", "-name", "watch", "-o", "-name", "${V}"], ["docker", "compose", "exec", "-T", "ssh", "ls", "${DIR}"],
      ["timeout", "5", "grep", "${P}", "-c", "${X}"]])
      expect([argv, step.schema.safeParse({ run: argv }).success]).toEqual([argv, true]);
    // Behind a wrapper's options and their arguments, the program still is one.
    expect(step.schema.safeParse({ run: ["sudo", "-u", "app", "su", "-c", "echo ${V}"] }).success).toBe(false);
  });

  test("a shell named by a variable ([\"${SHELL}\", -c, S]) with a ${NAME} in its script is refused: only the value tells it is one; an element a value fills where an option could stand is an operand", () => {
    for (const [argv, start] of [
      [["${SHELL}", "-c", "echo ${V}"], 'a ${NAME} in the script of "${SHELL}" -c would run as code when the value names a shell'],
      [["sudo", "/usr/bin/${SH}", "-ec", "echo ${V}"], 'a ${NAME} in the script of "/usr/bin/${SH}" -c would run as code'],
    ] as [string[], string][]) {
      const parsed = step.schema.safeParse({ run: argv });
      expect([argv, parsed.success]).toEqual([argv, false]);
      expect(parsed.error!.issues[0]!.message).toStartWith(start);
      expect(parsed.error!.issues[0]!.path).toEqual(["run", argv.length - 1]);
      expect(step.fastInput!({ run: argv })).toBeUndefined();
    }
    // No reference in the script, the script after `--` a file, a program whose name is written ("${DIR}/tool"), or
    // values passed as arguments after a script written out: nothing a value decides is code.
    // An option from a value is taken as an operand: a script file named by a variable ([bash, "${SCRIPT}", "${ARG}"]
    // with SCRIPT check.sh was refused), and a program given ["${CURL}", "${URL}", "-o", "${OUT}"].
    for (const argv of [["${SHELL}", "-c", "echo hi"], ["bash", "--", "${SCRIPT}", "${A}"], ["bash", "${SCRIPT}", "${ARG}"], ["${CURL}", "${URL}", "-o", "${OUT}"], ["${DIR}/tool", "${A}", "${B}"], ["${CURL}", "-sf", "${URL}"],
      ["sh", "-c", 'echo "$1" "$2"', "sh", "${A}", "${B}"]])
      expect([argv, step.schema.safeParse({ run: argv }).success]).toEqual([argv, true]);
  });

  test("in the string form, a ${NAME} refused whatever its value is refused when the scenario loads, before any step runs; one refused for its value waits for it", () => {
    for (const run of ["python3 -c \"print('${P}')\"", "sudo -u app python3 -c \"print('${P}')\"", "echo \"x\" | sed 's/x/${P}/'", "mapfile -C \"${P}\" -c 1 a < /dev/null",
      "python3 /dev/fd/3 3<<< \"${P}\"", "f() { perl /proc/self/fd/4; }; f 4<<EOF\n${P}\nEOF"]) {
      const parsed = step.schema.safeParse({ run });
      expect([run, parsed.success]).toEqual([run, false]);
      expect(parsed.error!.issues[0]!.path).toEqual(["run"]);
      expect(parsed.error!.issues[0]!.message).toStartWith("${P} is ");
      expect(step.fastInput!({ run })).toBeUndefined();
    }
    // Refused only for a value with shell syntax (a script another shell reads), or one that is no number (arithmetic).
    for (const run of ["sh -c \"echo ${P}\"", "echo $(( ${N} + 1 ))", "python3 -c 'import sys; print(sys.argv[1])' \"${P}\""]) {
      expect([run, step.schema.safeParse({ run }).success]).toEqual([run, true]);
      expect(step.fastInput!({ run })).toEqual({ value: { run } });
    }
  });

  test("a ${NAME} in the code an interpreter reads (python -c, node -e, perl -e, awk's program, jq's filter, SQL…) is refused, behind a wrapper too", async () => {
    const refused: [string[], string][] = [
      [["python3", "-c", "print('${V}')"], "${V} is written into the code python3 takes from -c, where its value would run as code: read it from the environment instead (every variable is exported to the command: os.environ[\"V\"])"],
      [["python3.12", "-I", "-c", "print('${V}')"], "python3.12 takes from -c"],
      [["python3", "-Ic", "print('${V}')"], "python3 takes from -c"],
      [["python3", "-cprint('${V}')"], "python3 takes from -c"],
      [["/usr/bin/env", "python3", "-c", "print('${V}')"], "python3 takes from -c"],
      [["timeout", "5", "python3", "-c", "print('${V}')"], "python3 takes from -c"],
      [["nice", "-n", "5", "sudo", "-u", "app", "python", "-c", "print('${V}')"], "python takes from -c"],
      [["node", "-e", "console.log('${V}')"], "node takes from -e, where its value would run as code: read it from the environment instead (every variable is exported to the command: process.env.V)"],
      [["node", "-pe", "'${V}'"], "node takes from -p"],
      [["node", "--eval", "'${V}'"], "node takes from --eval"],
      [["node", "--eval='${V}'"], "node takes from --eval"],
      [["node", "--require", "x", "-p", "'${V}'"], "node takes from -p"],
      [["bun", "-e", "'${V}'"], "bun takes from -e"],
      [["deno", "eval", "'${V}'"], "the program deno runs"],
      [["perl", "-e", "print '${V}'"], "perl takes from -e, where its value would run as code: read it from the environment instead (every variable is exported to the command: $ENV{V})"],
      [["perl", "-lane", "print '${V}'"], "perl takes from -e"],
      [["perl", "-Mstrict", "-E", "say '${V}'"], "perl takes from -E"],
      [["ruby", "-rjson", "-e", "puts '${V}'"], "ruby takes from -e"],
      [["php", "-r", "echo '${V}';"], "php takes from -r"],
      [["Rscript", "-e", "cat('${V}')"], "Rscript takes from -e"],
      [["lua", "-e", "print('${V}')"], "lua takes from -e"],
      [["awk", "BEGIN { print \"${V}\" }"], "the program awk runs, where its value would run as code: read it from the environment instead (every variable is exported to the command: ENVIRON[\"V\"])"],
      [["gawk", "-F", ":", "-v", "x=1", "{ print \"${V}\" }", "f"], "the program gawk runs"],
      [["mawk", "--", "{ print \"${V}\" }"], "the program mawk runs"],
      [["jq", "-r", ".[\"${V}\"]"], "the filter jq runs, where its value would run as code: give it as a jq variable (--arg v \"${V}\", then $v) or read it from the environment ($ENV.V)"],
      [["jq", "--arg", "a", "b", "-n", "\"${V}\""], "the filter jq runs"],
      [["psql", "mydb", "-c", "SELECT '${V}'"], "psql takes from -c, where its value would run as code: give it as a psql variable and send the SQL on standard input, where psql replaces :'v' with it quoted as a literal (psql -v v=\"${V}\" <<'EOF' … :'v' … EOF; psql does not replace variables in -c)"],
      [["psql", "--command=SELECT '${V}'"], "psql takes from --command"],
      [["mysql", "-uroot", "-Ne", "SELECT '${V}'"], "mysql takes from -e"],
      [["sqlite3", "-json", "db.sqlite", "SELECT '${V}'"], "the SQL sqlite3 runs"],
      [["sqlite3", "-cmd", "SELECT '${V}'", "db.sqlite"], "sqlite3 takes from -cmd"],
      [["docker", "compose", "exec", "db", "psql", "-U", "app", "-c", "SELECT '${V}'"], "psql takes from -c"],
      [["docker", "exec", "web", "python3", "-c", "print('${V}')"], "In docker's container only what you hand in is set: -e V=\"${V}\""],
      [["perl", "-I", "/opt/lib", "-e", "print '${V}'"], "perl takes from -e"],
      [["sed", "s/a/${V}/", "f"], "the program sed runs, where its value would run as code: sed has no way to take a value as text"],
      [["sed", "-n", "-e", "/${V}/p", "f"], "sed takes from -e"],
      [["busybox", "sed", "-i", "s/a/${V}/", "f"], "the program sed runs"],
    ];
    for (const [argv, message] of refused) {
      const parsed = step.schema.safeParse({ run: argv });
      expect(parsed.success, argv.join(" ")).toBe(false);
      expect(parsed.error!.issues[0]!.message).toContain(message);
      expect(parsed.error!.issues[0]!.path).toEqual(["run", argv.findIndex((a) => a.includes("${V}"))]);
      expect(step.fastInput!({ run: argv })).toBeUndefined();
    }
    // The value handed over as data (an argument after the code, a variable, the environment), or no code at all: not refused.
    const allowed: string[][] = [
      ["python3", "-c", "import sys; print(sys.argv[1])", "${V}"],
      ["python3", "script.py", "-c", "${V}"],
      ["python3", "-m", "http.server", "-c", "${V}"],
      ["python3", "-W", "${V}", "script.py"],
      ["node", "script.js", "-e", "${V}"],
      ["perl", "-e", "print $ARGV[0]", "${V}"],
      ["perl", "-pi", "-e", "s/a/b/", "${V}"],
      ["awk", "-v", "x=${V}", "{ print x }", "${V}"],
      ["awk", "-f", "prog.awk", "${V}"],
      ["gawk", "-e", "{ print }", "${V}"],
      ["sed", "s/a/b/", "${V}"],
      ["sed", "-e", "s/a/b/", "${V}"],
      ["sed", "-f", "prog.sed", "${V}"],
      ["jq", "--arg", "v", "${V}", "-n", "$v"],
      ["jq", "-r", ".name", "${V}"],
      ["jq", "-f", "filter.jq", "${V}"],
      ["psql", "-v", "v=${V}", "-c", "SELECT :'v'"],
      ["psql", "-h", "${V}", "-U", "${V}", "${V}"],
      ["mysql", "-p${V}", "-e", "SELECT 1"],
      ["sqlite3", "${V}", "SELECT 1"],
      ["grep", "-c", "${V}", "f"],
      ["curl", "-sf", "${V}"],
    ];
    for (const argv of allowed) expect(step.schema.safeParse({ run: argv }).success, argv.join(" ")).toBe(true);
  });

  test("a value that would run as code in python -c is not run: the step fails before starting anything", async () => {
    const marker = join(tmpdir(), `pwned-${crypto.randomUUID()}`);
    const value = `x'); import pathlib; pathlib.Path('${marker}').touch(); print('`;
    // Built by hand (the loader refuses it): the step checks again before it runs anything.
    const r = await step.run({ run: ["python3", "-c", "print('${V}')"] } as never, ctxFor({ env: { V: value } }));
    expect(r.error).toStartWith("run[2]: ${V} is written into the code python3 takes from -c");
    expect(existsSync(marker)).toBe(false);
    // Read from the environment, as the message says, the same value is text.
    const safe = await run({ run: ["python3", "-c", "import os; print(os.environ['V'])"], expect: { stdout: value } }, ctxFor({ env: { V: value } }));
    expect(failed(safe.checks)).toEqual([]);
    expect(existsSync(marker)).toBe(false);
  });

  test("output over 10 MiB keeps its end: a check its dropped beginning could fail is not passed", async () => {
    const big = "echo START; head -c 11534336 /dev/zero | tr '\\0' a";
    const r = await run({ run: big, expect: { stdout: { not_contains: "START" } } });
    expect(r.checks.filter((c) => c.path === "stdout").map((c) => [c.ok, c.actual])).toEqual([[false, "not known: only the last 10 Mi characters of stdout were kept"]]);
    const kept = await run({ run: big, expect: { stdout: { contains: "aaaa" }, stderr: { not_contains: "x" } } });
    expect(failed(kept.checks)).toEqual([]);
    expectPassed(kept, ["exit_code", "stdout", "stderr"]);
    // Exactly the last 10 Mi characters are kept (whole read chunks were dropped: 9.79 MiB of 11 was left), and a
    // check that fails on them but could pass on the whole says the output was cut.
    const start = await run({ run: big, expect: { stdout: { contains: "START" } } });
    expect(start.checks.find((c) => c.path === "stdout")!.actual).toStartWith("(only the last 10 Mi characters of stdout were kept: on the whole it may hold) ");
    const length = await run({ run: big, expect: { stdout: { length: 10 * 1024 * 1024 } } });
    // The kept end is exactly 10 Mi characters: the length passes there, and is not known of the whole.
    expect(length.checks.filter((c) => c.path === "stdout.length").map((c) => [c.ok, c.actual])).toEqual([[false, "not known: only the last 10 Mi characters of stdout were kept"]]);
  });

  test("a json check or JSONPath capture on stdout over 10 MiB fails as not known: the kept end is not the document", async () => {
    const cut = "not known: only the last 10 Mi characters of stdout were kept";
    // Valid JSON, only cut: it said "stdout is not JSON (JSON Parse error …)".
    const valid = await run({ run: `printf '{"pad":"'; head -c 11534336 /dev/zero | tr '\\0' a; printf '","ok":true}'`, expect: { json: { "$.ok": true } } });
    expect(valid.checks.filter((c) => c.path === "json").map((c) => [c.ok, c.actual])).toEqual([[false, cut]]);
    // Not JSON as a whole, but its kept end is: the check passed, and a capture took a value the output never had.
    const tail = "echo not-json; head -c 11534336 /dev/zero | tr '\\0' ' '; echo '{\"ok\":true}'";
    const wrong = await run({ run: tail, expect: { json: { "$.ok": true } }, capture: { OK: "$.ok" } });
    expect(wrong.checks.filter((c) => c.path === "json").map((c) => [c.ok, c.actual])).toEqual([[false, cut]]);
    expect(wrong.captures?.OK).toBeUndefined();
    expect(wrong.checks.filter((c) => c.path.startsWith("capture")).map((c) => [c.path, c.ok, String(c.actual)])).toEqual([["capture OK", false, cut]]);
  });

  test("a capture of a stream cut at 10 MiB fails as not known: its kept end (or the first match in it) is not the output's", async () => {
    const big = "echo id=1; head -c 11534336 /dev/zero | tr '\\0' a; echo; echo id=2; head -c 11534336 /dev/zero | tr '\\0' b >&2";
    const r = await run({ run: big, capture: { ID: { regex: "id=(\\d+)" }, OUT: "stdout", ERR: "stderr" } });
    expect(r.captures ?? {}).toEqual({});
    expect(r.checks.filter((c) => c.path.startsWith("capture")).map((c) => [c.path, c.ok, String(c.actual)])).toEqual([
      ["capture ID", false, "not known: only the last 10 Mi characters of stdout were kept"],
      ["capture OUT", false, "not known: only the last 10 Mi characters of stdout were kept"],
      ["capture ERR", false, "not known: only the last 10 Mi characters of stderr were kept"],
    ]);
  });

  test("env and cwd values are literal (no shell reads them)", async () => {
    const marker = join(tmpdir(), `pwned-${crypto.randomUUID()}`);
    const odd = `$(touch ${marker})`;
    mkdirSync(join(dir, odd.replaceAll("/", "_")));
    const r = await run({ run: 'printf "%s|" "$X" "$(basename "$PWD")"', env: { X: odd }, cwd: odd.replaceAll("/", "_"), expect: { stdout: `${odd}|${odd.replaceAll("/", "_")}|` } });
    expect(failed(r.checks)).toEqual([]);
    expectPassed(r, ["exit_code", "stdout"]);
    expect(existsSync(marker)).toBe(false);
  });

  test("the argv form runs without a shell; each element is interpolated as it is", async () => {
    const marker = join(tmpdir(), `pwned-${crypto.randomUUID()}`);
    const ctx = ctxFor({ env: { VALUE: `x; touch ${marker}` } });
    const r = await run({ run: ["printf", "%s|", "${VALUE}", "a b", "$HOME"], expect: { stdout: `x; touch ${marker}|a b|$HOME|` } }, ctx);
    expect(failed(r.checks)).toEqual([]);
    expectPassed(r, ["exit_code", "stdout"]);
    expect(existsSync(marker)).toBe(false);
  });

  test("scenario variables are exported; env adds to and overrides them", async () => {
    const ctx = ctxFor({ env: { SCENARIO_VAR: "from-scenario", SHADOWED: "old" } });
    const r = await run({ run: 'echo "$SCENARIO_VAR $EXTRA $SHADOWED"', env: { EXTRA: 7, SHADOWED: "new" }, expect: { stdout: "from-scenario 7 new" } }, ctx);
    expect(failed(r.checks)).toEqual([]);
    expectPassed(r, ["exit_code", "stdout"]);
  });

  test("cwd resolves from the scenario's directory", async () => {
    const r = await run({ run: "pwd", cwd: "sub", expect: { stdout: join(dir, "sub") } });
    expect(failed(r.checks)).toEqual([]);
    expectPassed(r, ["exit_code", "stdout"]);
  });

  test("a missing cwd is an error", async () => {
    const r = await run({ run: "pwd", cwd: "nope" });
    expect(r.error).toContain('cwd "nope" is not a directory');
  });

  test("an argv program that does not exist is an error", async () => {
    const r = await run({ run: ["no-such-program-here-42"] });
    expect(r.error).toContain("cannot run no-such-program-here-42");
  });

  test("a variable longer than Linux passes (128 KiB) is named, with its size, when no command can start", async () => {
    // It said only "E2BIG: argument list too long, posix_spawn 'bash'", and the variable was every step's, used or not.
    for (const background of [false, true]) {
      const r = await run({ run: "echo hi", background }, ctxFor({ env: { BIG_VALUE: "a".repeat(140_000) } }));
      expect(r.error).toContain("BIG_VALUE (140000 bytes) is longer than Linux passes in one variable (128 KiB), and every variable is exported to each command");
      expect(r.error).not.toContain("aaaa");
    }
  });

  test("a command bash cannot find fails the exit-code check (127)", async () => {
    const r = await run({ run: "no-such-program-here-42" });
    expect(r.error).toBeUndefined();
    expect(failed(r.checks)).toEqual([{ path: "exit_code", expected: "== 0", actual: 127, ok: false }]);
    expect(r.details!.find((d) => d.title === "stderr")!.body).toContain("not found");
  });
});

describe("result and log", () => {
  test("summary, observed, details and the log carry the command and its output", async () => {
    const ctx = ctxFor();
    const r = await run({ run: "echo one; echo two; echo bad >&2; exit 2", expect: { exit_code: 2 } }, ctx);
    expect(r.summary).toMatch(new RegExp(String.raw`^\$ echo one; echo two; echo bad >&2; exit 2 → exit 2 in ${DURATION}$`));
    expect(r.observed).toMatchObject({ exit_code: 2 });
    expect(r.details).toEqual([
      { title: "stdout", body: "one\ntwo\n" },
      { title: "stderr", body: "bad\n" },
    ]);
    expect(ctx.logs[0]).toBe("$ echo one; echo two; echo bad >&2; exit 2");
    expect(ctx.logs).toContain("  one");
    expect(ctx.logs).toContain("  two");
    expect(ctx.logs).toContain("  stderr: bad");
    expect(ctx.logs.at(-1)).toMatch(/^ {2}→ exit 2 in /);
  });
});

describe("background", () => {
  test("starts, logs its output with a prefix, and cleanup stops the whole process group", async () => {
    const ctx = ctxFor();
    const r = await run({ run: "sleep 300 & sleep 300 & echo ready; echo warming >&2; wait", background: true }, ctx);
    expect(r.error).toBeUndefined();
    expect(r.checks).toEqual([]);
    const pid = r.observed!.pid as number;
    expect(ctx.live).toHaveLength(1);
    const resource = ctx.live[0]!;
    expect(resource.name).toContain("background: sleep 300 & sleep 300");
    await waitFor(() => ctx.logs.includes("[bg sleep] ready") && ctx.logs.includes("[bg sleep] stderr: warming"), "the background output in the log");
    await waitFor(() => liveMembers(pid).length === 3, "bash and both sleeps");

    const diag = await resource.diagnostics!();
    expect(diag[0]!.title).toContain("running");
    expect(diag[0]!.body).toContain("[bg sleep] ready");

    await resource.cleanup();
    // SIGKILL is delivered asynchronously: wait (bounded) for the kernel to finish the processes off.
    await waitFor(() => groupGone(pid), "the group to stop");
    expect(ctx.logs.at(-1)).toMatch(/^\[bg sleep\] stopped/);
  });

  test("the list form [bash, -c, SCRIPT] is labelled by the script's command, not by its quoting ([bg sleep], not [bg \"exec])", async () => {
    const ctx = ctxFor();
    const r = await run({ run: ["bash", "-c", "exec sleep 300"], background: true }, ctx);
    expect(r.error).toBeUndefined();
    const pid = r.observed!.pid as number;
    try {
      expect(ctx.logs.find((l) => l.endsWith(": bash -c 'exec sleep 300'"))).toStartWith("[bg sleep] started");
    } finally {
      await ctx.live[0]!.cleanup();
      await waitFor(() => groupGone(pid), "the group to stop");
    }
  });

  test("a child that ignores SIGTERM is killed after the grace period; the step's onSlowStop is told of the wait", async () => {
    const slow: number[] = [];
    const ctx = ctxFor({ onSlowStop: (ms) => void slow.push(ms) });
    const r = await run({ run: "trap '' TERM; sleep 300 & echo started; wait; wait", background: true }, ctx);
    const pid = r.observed!.pid as number;
    await waitFor(() => ctx.logs.some((l) => l.endsWith("] started")), "the start line");
    await ctx.live[0]!.cleanup();
    await waitFor(() => groupGone(pid), "the group to stop");
    expect(slow.length).toBe(1);
    expect(slow[0]).toBeGreaterThan(0);
  });

  test("a background command that writes to /dev/stderr has that line logged (its output is a pipe)", async () => {
    const ctx = ctxFor();
    await run({ run: "echo 'error: bind' > /dev/stderr && echo served", background: true }, ctx);
    await waitFor(() => ctx.logs.some((l) => l.includes("exited on its own")), "the exit line");
    await ctx.live[0]!.cleanup();
    expect(ctx.logs.filter((l) => l.startsWith("[bg "))).toEqual(expect.arrayContaining(["[bg echo] stderr: error: bind", "[bg echo] served", "[bg echo] exited on its own with code 0"]));
  });

  test("a background command that exits on its own is logged", async () => {
    const ctx = ctxFor();
    await run({ run: "echo bye; exit 4", background: true }, ctx);
    await waitFor(() => ctx.logs.some((l) => l.includes("exited on its own with code 4")), "the exit line");
    await ctx.live[0]!.cleanup();
    expect((await ctx.live[0]!.diagnostics!())[0]!.title).toContain("exited (code 4)");
  });
});

describe("abort", () => {
  test("a command ended by a signal has bash's exit code, 128 + the signal's number", async () => {
    const ctx = ctxFor({});
    const killed = await run({ run: ["python3", "-c", "import os; print('started'); os.kill(os.getpid(), 11)"], expect: { exit_code: { not: { gt: 0 } }, stdout: { contains: "started" } } }, ctx);
    // "signal SIGSEGV" passed `not: {gt: 0}` and failed `exit_code: 139`.
    expect(failed(killed.checks).map((c) => c.path)).toEqual(["exit_code"]);
    expect(killed.observed).toMatchObject({ exit_code: 139, signal: "SIGSEGV" });
    expect(killed.summary).toContain("→ exit signal SIGSEGV (139) in");
    const expected = await run({ run: "kill -KILL $$", expect: { exit_code: 137 } }, ctx);
    expect(failed(expected.checks)).toEqual([]);
    expectPassed(expected, ["exit_code"]);
  });

  test("a real-time signal, which has no name Bun knows, has 128 + its number too (not 128)", async () => {
    // Bun names it by its number ("40"): the lookup by name gave 0, so `kill -s 40 $$` exited 128 where bash says 168.
    for (const n of [34, 40, 64]) {
      const r = await run({ run: `kill -s ${n} $$`, expect: { exit_code: 128 + n } }, ctxFor());
      expectPassed(r, ["exit_code"]);
      expect(r.observed).toMatchObject({ exit_code: 128 + n, signal: String(n) });
      expect(r.summary).toContain(`→ exit signal ${n} (${128 + n}) in`);
    }
  });

  test("the signal stops the whole process group of a running command; one that ends on the SIGTERM is no slow stop", async () => {
    const ac = new AbortController();
    const slow: number[] = [];
    const ctx = ctxFor({ signal: ac.signal, onSlowStop: (ms) => void slow.push(ms) });
    const running = run({ run: "sleep 300 & echo child $!; wait" }, ctx);
    const child = await childPid(ctx);
    const pgid = readProcStat(child)!.pgrp;
    ac.abort();
    const r = await running;
    expect(r.error).toBe("interrupted");
    expect(r.checks).toEqual([]);
    await waitFor(() => groupGone(pgid), "the group to stop");
    expect(liveMembers(pgid)).toEqual([]);
    // Neither bash nor sleep ignores, handles or blocks SIGTERM: however long they took to go, no wait is said.
    expect(slow).toEqual([]);
  });

  test("an aborted step returns only once its whole process group is gone: a member that ignores SIGTERM is SIGKILLed first, and onSlowStop told of the wait", async () => {
    const ac = new AbortController();
    const slow: number[] = [];
    const ctx = ctxFor({ signal: ac.signal, onSlowStop: (ms) => void slow.push(ms) });
    // Its output goes elsewhere: nothing holds the step's pipes open once bash has exited on the SIGTERM, and the step
    // returned then, while the member ran on into the next step until the group's SIGKILL 2 s later.
    const running = run({ run: "bash -c 'trap \"\" TERM; while :; do sleep 0.1; done' > /dev/null 2>&1 & echo child $!; sleep 300" }, ctx);
    const child = await childPid(ctx);
    const pgid = readProcStat(child)!.pgrp;
    await waitFor(() => ignoresTerm(child), "the child to ignore SIGTERM");
    ac.abort(new Error("timed out after 1s"));
    try {
      const r = await running;
      expect(r.error).toBe("timed out after 1s");
      // Order, not timing: when the step has returned, nothing of its group runs.
      expect(liveMembers(pgid)).toEqual([]);
      expect(slow.length).toBe(1);
      expect(slow[0]).toBeGreaterThan(0);
    } finally {
      try {
        process.kill(-pgid, "SIGKILL");
      } catch {
        // gone
      }
    }
  });

  test("the engine's timeout reason becomes the error", async () => {
    const ac = new AbortController();
    const ctx = ctxFor({ signal: ac.signal });
    const running = run({ run: "echo started; sleep 300" }, ctx);
    await waitFor(() => ctx.logs.includes("  started"), "the command to start");
    ac.abort(new Error("timed out after 1s"));
    expect((await running).error).toBe("timed out after 1s");
  });

  test("a command that exited while a process it left running holds its output: the abort says so, and the step ends though the process left its group", async () => {
    const ac = new AbortController();
    const mark = newMark("shell-test-holder");
    const ctx = ctxFor({ signal: ac.signal, processMark: () => mark });
    // `setsid` takes the sleep out of the step's process group: stopping the group does not end it, and the pipe stays open.
    const running = run({ run: "setsid sleep 300 & echo pid $! $$" }, ctx);
    await waitFor(() => ctx.logs.some((l) => l.startsWith("  pid ")), "the command's output");
    const [escaped, bash] = ctx.logs.find((l) => l.startsWith("  pid "))!.trim().split(" ").slice(1).map(Number) as [number, number];
    // The abort comes once the command (bash) has exited, and been reaped, and the sleep runs: before setsid has run
    // (a loaded machine) the process is still in the step's group, and stopping the group rightly ends it.
    await waitFor(() => !existsSync(`/proc/${bash}`), "the command to exit");
    await waitFor(() => commOf(escaped) === "sleep", "setsid to start the sleep outside the group");
    ac.abort(new Error("timed out after 1s"));
    try {
      const r = await running;
      expect(r.error).toMatch(/^timed out after 1s: the command itself exited 0 after \d+ms, but a process it started and left running \(`cmd &`\) still held its output open/);
      // The process that left the group is named with its pid: it was not stopped with it, and carries the step's mark,
      // by which the run finds and stops it at its end (lib/engine/leftovers.ts).
      expect(r.error).toContain(`still running, outside the step's process group so not stopped with it: pid ${escaped} (sleep 300) (stopped when the run ends, after teardown)`);
      expect(markOf(escaped)).toBe(mark);
      // Its duration is the command's own, not the wait for the output.
      expect(r.summary).toMatch(/→ exit 0 in \d+ms \(its output held open until [\d.]+m?s\)$/);
    } finally {
      process.kill(escaped, "SIGKILL");
    }
  });
});

test("a for loop over a reference whose value holds whitespace runs once, as bash is given it, and the result warns of it", async () => {
  const ctx = ctxFor({ env: { SERVICES: "api worker" } });
  const r = await run({ run: "for s in ${SERVICES}; do echo \"[$s]\"; done" }, ctx);
  expectPassed(r, ["exit_code"]);
  expect(r.details?.[0]?.body).toBe("[api worker]\n");
  expect(r.warnings).toEqual(["for s in ${SERVICES} loops once, over the whole value (SERVICES holds whitespace; a reference is one word): to loop over its words, write for s in $SERVICES"]);
  expect((await run({ run: "for s in $SERVICES; do echo \"[$s]\"; done" }, ctx)).warnings).toBeUndefined();
});

