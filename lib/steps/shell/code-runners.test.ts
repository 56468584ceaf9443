// Programs that run a value as code that the checks did not know: tmux (its shell commands, send-keys), git's `!` alias,
// gdb's commands, vim's and ed's commands, tclsh, wish and expect. A value captured as `x; touch FILE` ran touch.
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { step } from "../shell.ts";
import { bashCommand } from "../../vars/shell-refs.ts";
import { runInProcess } from "../../../test/helpers/in-process.ts";

const dir = mkdtempSync(join(tmpdir(), "code-runners-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const refusedAtLoad = (run: string | string[]) => {
  const parsed = step.schema.safeParse({ run });
  // The loader's fast path takes only what the schema would.
  expect([run, step.fastInput!({ run }) === undefined]).toEqual([run, !parsed.success]);
  return parsed.success ? undefined : parsed.error.issues[0]!.message;
};
/** What the step's run-time rewrite says of `run` with V's value `value` (an error, or undefined when it runs). */
const atRun = (run: string, value: string) => {
  const r = bashCommand(run, (n) => (n === "V" ? value : undefined));
  return "error" in r ? r.error : undefined;
};
const has = (program: string) => Bun.which(program) !== null;

describe("interpreters of commands: any ${NAME} in their code is refused when the scenario loads", () => {
  test("gdb's -ex, -iex, --eval-command (before or after its program), vim's -c, +CMD and --cmd (vi, ex, nvim, view), expect's -c", () => {
    const refused: [string, string][] = [
      ['gdb -batch -ex "shell echo ${V}"', "${V} is written into the code gdb takes from -ex, where its value would run as code"],
      ['gdb ./app -batch -ex "print ${V}"', "gdb takes from -ex"],
      ['gdb -batch --eval-command="shell echo ${V}"', "gdb takes from --eval-command"],
      ['gdb -q -iex "shell echo ${V}" ./app', "gdb takes from -iex"],
      ["vim -es -c '!echo ${V}' -c 'q!'", "${V} is written into the code vim takes from -c, where its value would run as code"],
      ["vim -es '+!echo ${V}' '+q!'", "vim takes from +CMD"],
      ["vim -es --cmd '!echo ${V}'", "vim takes from --cmd"],
      ["ex -s -c '!echo ${V}' f.txt", "ex takes from -c"],
      ["vi -es -c '!echo ${V}'", "vi takes from -c"],
      ["nvim --headless -c '!echo ${V}' -c 'q!'", "nvim takes from -c"],
      ["/usr/bin/vim -Nes -c 'call setline(1, \"${V}\")'", "vim takes from -c"],
      ["expect -c 'exec sh -c \"echo ${V}\"'", "expect takes from -c"],
      ["sudo -u app gdb -batch -ex 'shell echo ${V}'", "gdb takes from -ex"],
    ];
    for (const [run, message] of refused) expect([run, refusedAtLoad(run)]).toEqual([run, expect.stringContaining(message)]);
    // The message says how to hand the value over instead.
    expect(refusedAtLoad('gdb -batch -ex "shell echo ${V}"')).toContain('$V in a shell command it runs (shell echo "$V")');
    expect(refusedAtLoad("vim -es -c '!echo ${V}'")).toContain("$V in its expressions");
    expect(refusedAtLoad("expect -c 'exec echo ${V}'")).toContain("$env(V)");
  });

  test("ed, tclsh, wish, expect, gdb and vim read their standard input as commands: a here-string, heredoc or pipe with a ${NAME} is refused", () => {
    const refused: [string, string][] = [
      ['ed -s f.txt <<< "!echo ${V}"', "${V} is in the text ed reads from its standard input as its program, where its value would run as code"],
      ["printf '%s\\n' '!echo ${V}' | ed -s f.txt", "ed reads from its standard input"],
      ["tclsh <<< 'exec sh -c \"echo ${V}\"'", "${V} is in the text tclsh reads from its standard input as its program"],
      ["echo 'exec sh -c \"echo ${V}\"' | tclsh", "tclsh reads from its standard input"],
      ["tclsh -encoding utf-8 <<< 'puts ${V}'", "tclsh reads from its standard input"],
      // tclsh reads its standard input when its first argument is an option (-c is none: `tclsh -c CODE` runs no CODE).
      ["tclsh -c 'puts 1' <<< 'puts ${V}'", "tclsh reads from its standard input"],
      ["wish <<< 'exec echo ${V}'", "wish reads from its standard input"],
      ["expect <<< 'exec echo ${V}'", "expect reads from its standard input"],
      ["gdb -q ./app <<< 'shell echo ${V}'", "gdb reads from its standard input"],
      ["vim -es <<< '!echo ${V}'", "vim reads from its standard input"],
      // vim reads its standard input as commands after its -c commands too.
      ["vim -es -c 'set nocp' <<< '!echo ${V}'", "vim reads from its standard input"],
      ["ex -s f.txt <<EOF\n!echo ${V}\nEOF", "${V} is in a heredoc, which ex reads as its program"],
    ];
    for (const [run, message] of refused) expect([run, refusedAtLoad(run)]).toEqual([run, expect.stringContaining(message)]);
    expect(refusedAtLoad('ed -s f.txt <<< "!echo ${V}"')).toContain("r value.txt");
    expect(refusedAtLoad("tclsh <<< 'puts ${V}'")).toContain("$env(V)");
  });

  test("the list form: their code and what they run through a shell", () => {
    const refused: [string[], string][] = [
      [["gdb", "-batch", "-ex", "shell echo ${V}"], "gdb takes from -ex"],
      [["vim", "-es", "-c", "!echo ${V}"], "vim takes from -c"],
      [["ex", "-s", "+!echo ${V}", "f.txt"], "ex takes from +CMD"],
      [["expect", "-c", "exec echo ${V}"], "expect takes from -c"],
      [["tmux", "new-session", "-d", "echo ${V}"], "a ${NAME} in the command that tmux hands to a shell"],
      [["tmux", "new", "-d", "-s", "w", "echo ${V}"], "tmux hands to a shell"],
      [["tmux", "new-window", "-t", "w", "echo ${V}"], "tmux hands to a shell"],
      [["tmux", "neww", "echo ${V}"], "tmux hands to a shell"],
      [["tmux", "split-window", "-h", "-t", "w", "echo ${V}"], "tmux hands to a shell"],
      [["tmux", "run-shell", "-b", "echo ${V}"], "tmux hands to a shell"],
      [["tmux", "if-shell", "true", "run-shell 'echo ${V}'"], "tmux hands to a shell"],
      [["tmux", "send-keys", "-t", "w", "echo ${V}", "Enter"], "tmux hands to a shell"],
      [["tmux", "new-session", "-d", ";", "send-keys", "echo ${V}", "Enter"], "tmux hands to a shell"],
      [["tmux", "-c", "echo ${V}"], "tmux hands to a shell"],
      [["git", "-c", "alias.zz=!echo ${V}", "zz"], "a ${NAME} in the command that git -c alias.NAME=!… hands to a shell"],
      [["git", "-C", "repo", "-c", "Alias.zz=!echo ${V}", "zz"], "git -c alias.NAME=!… hands to a shell"],
    ];
    for (const [argv, message] of refused) expect([argv, refusedAtLoad(argv)]).toEqual([argv, expect.stringContaining(message)]);
  });

  test("common safe forms load and run: the value is an argument, a name, a target, or not given to them", () => {
    const safe = [
      'git commit -m "${V}"',
      'git -c user.name="${V}" commit -m "${V}"',
      "git -c 'alias.zz=log --oneline' zz -- \"${V}\"",
      'git log --grep="${V}"',
      'tmux has-session -t "${V}"',
      'tmux new-session -d -s "${V}"',
      'tmux new-window -t "${V}" -n logs',
      'tmux kill-session -t "${V}"',
      // With more than one argument tmux runs the program itself, no shell: the value is its argument.
      'tmux new-window -t w echo "${V}"',
      'vim -es -c "wq" "${V}"',
      "echo \"${V}\" > f.txt && vim -es -c '%s/a/b/g' -c wq f.txt",
      'echo "${V}" | vim -es - -c "w! out.txt" -c "q!"',
      'gdb -batch -p "${V}" -ex bt',
      'gdb -batch -ex run --args ./app "${V}"',
      'ed -s "${V}" <<< "w"',
      'tclsh ./check.tcl "${V}"',
      'tclsh ./check.tcl <<< "${V}"',
      'expect ./login.exp "${V}"',
    ];
    for (const run of safe) {
      expect([run, refusedAtLoad(run)]).toEqual([run, undefined]);
      expect([run, atRun(run, "x; touch /tmp/p")]).toEqual([run, undefined]);
    }
    for (const argv of [["git", "commit", "-m", "${V}"], ["git", "-c", "user.name=${V}", "commit"], ["tmux", "has-session", "-t", "${V}"], ["tmux", "new-window", "-t", "w", "echo", "${V}"],
      ["vim", "-es", "-c", "wq", "${V}"], ["gdb", "-batch", "-p", "${V}", "-ex", "bt"]])
      expect([argv, refusedAtLoad(argv)]).toEqual([argv, undefined]);
  });
});

describe("tmux and git's `!` alias hand a shell their command: a value with shell syntax there is refused when the step runs", () => {
  test("tmux's shell commands, send-keys and run-shell; git -c alias.NAME=!…", () => {
    for (const run of ['tmux new-session -d "echo ${V}"', "tmux new -d -s w 'echo '\"${V}\"", 'tmux new-window -t w "echo ${V}"', 'tmux split-window -t w "echo ${V}"',
      'tmux run-shell "echo ${V}"', 'tmux send-keys -t w "echo ${V}" Enter', 'tmux new -d \\; send-keys "echo ${V}" Enter', 'tmux pipe-pane -t w "cat > ${V}"',
      'git -c alias.zz="!echo ${V}" zz', "git -c 'alias.zz=!echo '\"${V}\" zz", "sudo -u app tmux new -d \"echo ${V}\""]) {
      expect([run, refusedAtLoad(run)]).toEqual([run, undefined]);
      expect([run, atRun(run, "x; touch /tmp/p")]).toEqual([run, expect.stringMatching(/^\$\{V\} is inside the script (tmux|git) reads as code, and its value holds shell syntax \("x; touch \/tmp\/p"\): it would run\./)]);
      expect([run, atRun(run, "hello")]).toEqual([run, undefined]);
    }
    expect(atRun('tmux new -d "echo ${V}"', "x; y")).toContain("-e V=\"${V}\"");
    expect(atRun('git -c alias.zz="!echo ${V}" zz', "x; y")).toContain("Write \\$V there instead (the exported variable, which the shell git starts expands as text");
  });
});

describe("a value captured as `x; touch FILE` runs nothing through them", () => {
  const marker = join(dir, "pwned");
  const scenario = (run: string) => `name: runs as code
steps:
  - name: get
    shell:
      run: "printf '%s' 'x; touch ${marker}'"
      capture: {X: stdout}
  - name: use
    shell:
      run: ${JSON.stringify(run)}
      env: {TMUX_TMPDIR: ${JSON.stringify(dir)}}
`;
  // A load error says where (file:line:col) and what; a step refused when it runs fails before it starts anything.
  const code = (program: string) => new RegExp(`\\.yaml:9:12: steps\\[1\\]\\.shell\\.run: \\$\\{X\\} is (written into the code|in the text) ${program}`);
  const programPlace = /\.yaml:9:\d+: \$\{X\} stands where the program to run goes, and step 1 \("get"\) captures it/;
  const cases: [string, string, RegExp | "step fails"][] = [
    ["tmux", 'tmux new-session -d "echo ${X}"', "step fails"],
    ["git", 'git -c alias.zz="!echo ${X}" zz', "step fails"],
    ["gdb", 'gdb -batch -ex "shell echo ${X}"', code("gdb")],
    ["vim", "vim -es -c '!echo ${X}' -c 'q!'", code("vim")],
    ["ed", `ed -s ${JSON.stringify(join(dir, "f"))} <<< "!echo \${X}"`, code("ed")],
    ["tclsh", "tclsh <<< 'exec sh -c \"echo ${X}\"'", code("tclsh")],
    // Where the program goes in what tmux or git hands a shell, or the program tmux runs itself.
    ["tmux", 'tmux new-session -d "${X}"', programPlace],
    ["tmux", 'tmux new-window -t w "${X}" arg', programPlace],
    ["git", 'git -c alias.zz="!${X}" zz', programPlace],
  ];
  for (const [program, run, want] of cases)
    test.skipIf(!has(program))(`${run}: ${want === "step fails" ? "the step fails before it runs" : "refused when the scenario loads (file:line:col)"}`, async () => {
      rmSync(marker, { force: true });
      const r = await runInProcess(dir, scenario(run), "--quiet");
      expect(existsSync(marker)).toBe(false);
      if (want === "step fails") {
        expect(r.code).toBe(1);
        expect(r.steps.map((s) => s.status)).toEqual(["passed", "failed"]);
      } else {
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(want);
      }
    });
});
