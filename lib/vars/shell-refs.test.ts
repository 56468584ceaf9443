// ${NAME} in bash command lines: values reach bash through the environment, never as code, whatever the quoting around them.
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bashCommand, displayCommand, type BashCommand } from "./shell-refs.ts";
import { displayable, randomPayload, runDisplayed, runShape, SHAPES } from "../../test/hardening/shell-shapes.ts";
import { seededRandom } from "../../test/helpers/random.ts";
import { SYNC_CHILD_LIMIT } from "../../test/helpers/bounded-spawn.ts";

const dir = mkdtempSync(join(tmpdir(), "shell-refs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const marker = join(dir, "pwned");

/** Values that would run a command if bash read them as code. */
const EVIL = [
  `$(touch ${marker})`,
  `\`touch ${marker}\``,
  `x; touch ${marker}`,
  `x' ; touch ${marker}; echo '`,
  `x" ; touch ${marker}; echo "`,
  `a\ntouch ${marker}\nEOF\ntouch ${marker}`,
  `--flag=$(touch ${marker})`,
  `'"$(touch ${marker})"'`,
  `\\$(touch ${marker})`,
  `a[$(touch ${marker})]`,
];

function run(text: string, vars: Record<string, string>): { stdout: string; cmd: BashCommand } {
  const cmd = bashCommand(text, (n) => vars[n], "__t_");
  if ("error" in cmd) throw new Error(cmd.error);
  const r = Bun.spawnSync(["bash", "-c", cmd.command], { env: { PATH: process.env.PATH!, ...cmd.env }, ...SYNC_CHILD_LIMIT });
  return { stdout: r.stdout.toString(), cmd };
}

/** Checks one shape with one value: printed exactly, the displayed form means the same, nothing ran. */
function check(shape: string, want: (v: string) => string, value: string): void {
  expect(runShape(shape, value)).toBe(want(value));
  expect(existsSync(marker)).toBe(false);
  if (displayable(shape, value)) expect(runDisplayed(shape, value)).toBe(want(value));
  expect(existsSync(marker)).toBe(false);
}

describe("a value is printed exactly once, never run, whatever the quoting", () => {
  for (const [shape, want] of SHAPES) {
    for (const value of [...EVIL, "plain", "", "two  words *"]) {
      test(`${JSON.stringify(shape)} with ${JSON.stringify(value)}`, () => check(shape, want, value));
    }
  }
  test("random values built from shell syntax (seeded; test/hardening/secrets-injection.ts runs thousands)", () => {
    const rand = seededRandom(8);
    for (let i = 0; i < 40; i++) {
      const value = randomPayload(rand, marker);
      for (const [shape, want] of SHAPES) check(shape, want, value);
    }
  });
});

describe("quoted heredocs, arithmetic and defaults", () => {
  test("a quoted heredoc gets the value as text (bash expands nothing there)", () => {
    expect(run("cat <<'EOF'\n${V} $HOME\nEOF", { V: "$(id)" }).stdout).toBe("$(id) $HOME\n");
  });

  test("a value that would end a quoted heredoc early is an error, not code", () => {
    const r = bashCommand("cat <<'EOF'\n${V}\nEOF", () => `x\nEOF\ntouch ${marker}`);
    expect(r).toEqual({ error: expect.stringContaining('would end it early') });
  });

  test("arithmetic takes numbers only (bash evaluates the value as an expression there)", () => {
    expect(run("echo $(( ${N} + 1 )); (( ${N} > 1 )) && echo big", { N: "41" }).stdout).toBe("42\nbig\n");
    for (const text of ["echo $(( ${N} + 1 ))", "(( ${N} > 1 ))"]) {
      expect(bashCommand(text, () => `a[$(touch ${marker})]`)).toEqual({ error: expect.stringContaining("not a number") });
    }
  });

  // Each form ran `a[$(touch …)]`'s command: bash evaluates the value as arithmetic, or reads it as a variable's name,
  // whose subscript is arithmetic, and a subscript's $(…) runs first.
  const EVALUATING: [string, "arithmetic" | "name"][] = [
    ["[[ ${X} -eq 1 ]]", "arithmetic"], ['[[ "${X}" -lt 1 ]]', "arithmetic"], ["[[ 1 -eq ${X} ]]", "arithmetic"], ["[[ a == b || ${X} -ge 0 ]]", "arithmetic"],
    ['echo $(( "${X}" + 1 ))', "arithmetic"], ["let n=${X}", "arithmetic"], ['let "n=${X}"', "arithmetic"], ["a=(); a[${X}]=1", "arithmetic"],
    ['typeset -i n="${X}"', "arithmetic"], ["declare -i n; n=${X}", "arithmetic"], ["declare -i n=0; n+=${X}", "arithmetic"], ["f(){ local -i n=${X}; }; f", "arithmetic"],
    ["[[ -v ${X} ]]", "name"], ['test -v "${X}"', "name"], ["[ -v ${X} ]", "name"], ["read -r ${X} <<< foo", "name"],
    ['printf -v "${X}" x', "name"], ['declare "${X}=1"', "name"], ['f(){ local "${X}=1"; }; f', "name"], ['typeset "${X}=1"', "name"],
    ['readonly -a "a=(${X})"', "name"], ['declare -n r="${X}"; echo $r', "name"], ['declare -a "a=(${X})"', "name"],
  ];
  for (const [form, as] of EVALUATING) {
    test(`a value bash evaluates again is refused unless it is ${as === "arithmetic" ? "a number" : "free of $ and `"}: ${form}`, () => {
      const evil = `a[$(touch ${marker})]`;
      // The danger is real: the command as written for a harmless value, run with this one, runs its command.
      const harmless = bashCommand(form, () => (as === "arithmetic" ? "7" : "plain_name"), "__t_");
      if ("error" in harmless) throw new Error(harmless.error);
      rmSync(marker, { force: true });
      Bun.spawnSync(["bash", "-c", `${harmless.command}; true`], { env: { PATH: process.env.PATH!, __t_X: evil }, ...SYNC_CHILD_LIMIT });
      expect(existsSync(marker)).toBe(true);
      rmSync(marker, { force: true });
      expect(bashCommand(form, () => evil)).toEqual({ error: expect.stringContaining(as === "arithmetic" ? "evaluates as arithmetic" : "reads as a variable's name") });
      // A number (a plain name, for a name) still gets through, and runs.
      expect(bashCommand(form, () => (as === "arithmetic" ? "7" : "plain_name"))).toHaveProperty("command");
    });
  }

  // A value written inside a subscript the script spells (`m[${X}]`) where bash reads the word as a variable's name: with
  // X='$(touch …)' bash 5.2 ran touch in each (unset and wait -p evaluate the subscript, ${!n}, a nameref and $((x))
  // read the name a variable holds, a compound assignment's [ ]= is arithmetic for an indexed array).
  for (const [form, says] of <[string, string][]>[
    ['declare -a m; unset "m[${X}]"', "is a name given to unset, which bash reads as a variable's name"],
    ['declare -a m; unset -v "m[${X}]"', "is a name given to unset, which bash reads as a variable's name"],
    ['declare -A m; unset "m[${X}]"', "is a name given to unset, which bash reads as a variable's name"],
    ['declare -a m; command unset "m[${X}]"', "is a name given to unset, which bash reads as a variable's name"],
    ['declare -a m; builtin unset -v "m[${X}]"', "is a name given to unset, which bash reads as a variable's name"],
    ['declare -a m; sleep 0 & wait -p "m[${X}]" -n', "is the name after wait -p, which bash reads as a variable's name"],
    ['declare -a m; sleep 0 & wait -np "m[${X}]"', "is the name after wait -p, which bash reads as a variable's name"],
    ['declare -a m; n="m[${X}]"; echo $${!n}', "is inside the subscript of m[…], which bash evaluates as arithmetic"],
    ['declare -n r; r="m[${X}]"; echo $r', "is inside the subscript of m[…], which bash evaluates as arithmetic"],
    ['declare -a m; x="m[${X}]"; echo $(( x ))', "is inside the subscript of m[…], which bash evaluates as arithmetic"],
    ['declare -a m; m=([${X}]=1)', "is inside the subscript of an element of m=(…), which bash evaluates as arithmetic"],
    ['m=(a [${X}]=1)', "is inside the subscript of an element of m=(…), which bash evaluates as arithmetic"],
    ['declare -a m; m+=([${X}]=1)', "is inside the subscript of an element of m=(…), which bash evaluates as arithmetic"],
    ['declare -a m=([${X}]=1)', "is inside the subscript of an element of m=(…), which bash evaluates as arithmetic"],
    // Refused before: a nameref's target, the operand of -v.
    ['declare -n r="m[${X}]"; echo $r', "is a value given to declare -n, the name it refers to"],
    ['f(){ local -n r="m[${X}]"; echo $r; }; f', "is a value given to local -n, the name it refers to"],
    ['typeset -n r="m[${X}]"; echo $r', "is a value given to typeset -n, the name it refers to"],
    ['declare -a m; [ -v "m[${X}]" ]', "is the operand of -v in [, which bash reads as a variable's name"],
  ]) {
    test(`a value inside a subscript bash reads as a name is refused when it holds $ or \`: ${form}`, () => {
      const evil = `$(touch ${marker})`;
      // The danger is real: the command as written for a harmless value, run with this one, runs its command.
      const harmless = bashCommand(form, () => "0", "__t_");
      if ("error" in harmless) throw new Error(harmless.error);
      rmSync(marker, { force: true });
      Bun.spawnSync(["bash", "-c", `${harmless.command}; true`], { env: { PATH: process.env.PATH!, __t_X: evil }, stderr: "ignore", stdout: "ignore", ...SYNC_CHILD_LIMIT });
      expect(existsSync(marker)).toBe(true);
      rmSync(marker, { force: true });
      const refused = bashCommand(form, () => evil);
      expect([form, "error" in refused ? refused.error : "not refused"]).toEqual([form, expect.stringContaining(`\${X} ${says}`)]);
      expect(bashCommand(form, () => `\`touch ${marker}\``)).toHaveProperty("error");
      // A value with neither (a key, a number) still gets through.
      expect(bashCommand(form, () => "key_1")).toHaveProperty("command");
    });
  }

  test("a name given to export, readonly, mapfile, readarray, getopts or read -a is refused with $ or `: bash 5.2 takes no subscript there, another version may evaluate it", () => {
    const evil = `m[$(touch ${marker})]`;
    for (const [form, says] of <[string, string][]>[
      ['export "${X}=1"', "a name given to export"],
      ['readonly "${X}=1"', "a name given to readonly"],
      ['export "m[${X}]"', "a name given to export"],
      ['mapfile -t "${X}" < /dev/null', "the array name given to mapfile"],
      ['readarray -d , -t "${X}" < /dev/null', "the array name given to readarray"],
      ['getopts ab "${X}" -a', "the name given to getopts"],
      ['read -ra "${X}" <<< x', "a name given to read"],
    ]) {
      // bash refuses such a name (not a valid identifier), and runs nothing.
      const harmless = bashCommand(form, () => "plain_name", "__t_");
      if ("error" in harmless) throw new Error(harmless.error);
      const r = Bun.spawnSync(["bash", "-c", harmless.command], { env: { PATH: process.env.PATH!, __t_X: evil }, ...SYNC_CHILD_LIMIT });
      expect([form, r.stderr.toString()]).toEqual([form, expect.stringContaining("not a valid identifier")]);
      expect(existsSync(marker)).toBe(false);
      const refused = bashCommand(form, () => evil);
      expect([form, "error" in refused ? refused.error : "not refused"]).toEqual([form, expect.stringContaining(`\${X} is ${says}, which bash reads as a variable's name`)]);
      expect(bashCommand(form, () => "plain_name")).toHaveProperty("command");
    }
    // An option's argument there is no name: mapfile's delimiter, getopts' option string, read's prompt.
    for (const form of ['mapfile -d "${X}" -t arr < /dev/null', 'getopts "${X}" opt -a', 'read -r -p "${X}" n < /dev/null']) expect(bashCommand(form, () => evil)).toHaveProperty("command");
  });

  test("the same commands keep any value where bash only expands it: a string compared, a value assigned, a redirection's text", () => {
    const evil = `a[$(touch ${marker})]`;
    const forms = [
      '[[ "${X}" == x ]] || echo 1', '[ "${X}" = x ] || echo 2', 'test -n "${X}" && echo 3', 'f(){ local v="${X}"; echo 4; }; f', 'export P="${X}"; echo 5',
      'read -r n <<< "${X}"; echo 6', 'read -r -p "${X}" n < /dev/null; echo 7', 'declare v="${X}"; echo 8', 'readonly v="${X}"; mapfile -t arr <<< "${X}"; echo 10', '[[ -R ${X} ]] || echo 11', "printf '%s' \"${X}\" | wc -c", '[[ -n "${X}" && 1 -eq 1 ]] && echo 9',
    ];
    for (const form of forms) {
      expect(run(form, { X: evil }).stdout).not.toBe("");
      expect(existsSync(marker)).toBe(false);
    }
  });

  // Words bash itself runs (a callback, a completion command) or expands again (a word list, a prompt, BASH_ENV): the
  // value arrives there as code whatever its quotes, so `"$X"` (what the runner writes) runs it too.
  for (const [form, says] of <[string, string][]>[
    ["printf 'a\\n' | { mapfile -C \"${X}\" -c 1 arr; }", "is the command mapfile -C runs"],
    ['readarray -t -C "${X}" -c 1 arr <<< x', "is the command readarray -C runs"],
    ['compgen -C "${X}" x', "is the command compgen -C runs"],
    ['compgen -W "${X}" x', "is the word list compgen -W expands again"],
    ['PS4="${X}"; set -x; :', "is in the prompt PS4"],
    ["export PS4='+'${X}; set -x; true", "is in the prompt PS4"],
    ['BASH_ENV="${X}" bash -c true', "is in BASH_ENV"],
    // Reached another way than an assignment: a script that names the variable refuses a value with $ or a backtick.
    ['printf -v PS4 %s "${X}"; set -x; true', "is in a script that names the prompt PS4"],
    ['read -r PS4 <<< "${X}"; set -x; true', "is in a script that names the prompt PS4"],
    ['declare -n r=PS4; r="${X}"; set -x; true', "is in a script that names the prompt PS4"],
    ['set -- "${X}"; PS4=$1; set -x; true', "is in a script that names the prompt PS4"],
    ['printf -v BASH_ENV %s "${X}"; export BASH_ENV; bash -c true', "is in a script that names BASH_ENV"],
    ['PS4[0]="${X}"; set -x; true', "is in the prompt PS4"],
    ['shopt -s expand_aliases\nalias foo="${X}"\nfoo', "is in an alias's value"],
    ["shopt -s expand_aliases\nalias 'foo'=\"${X}\"\nfoo", "is in an alias's value"],
  ]) {
    test(`a word bash runs or expands again is refused: ${form}`, () => {
      const evil = `$(touch ${marker})`;
      rmSync(marker, { force: true });
      const asRunner = form.replaceAll("${X}", '"$__t_X"').replaceAll('""$__t_X""', '"$__t_X"');
      Bun.spawnSync(["bash", "-c", `${asRunner}; true`], { env: { PATH: process.env.PATH!, __t_X: evil }, stderr: "ignore", ...SYNC_CHILD_LIMIT });
      expect(existsSync(marker)).toBe(true);
      rmSync(marker, { force: true });
      expect(bashCommand(form, () => evil)).toEqual({ error: expect.stringContaining(`\${X} ${says}`) });
    });
  }

  // An interpreter's code on its command line, in the string form as in the list form: the value is written into it.
  test("a reference in the code an interpreter takes from its command line is refused; as its argument or data it is text", () => {
    const evil = `$(touch ${marker})`;
    for (const [form, program] of <[string, string][]>[
      ["python3 -c \"import os; os.system('echo ${X}')\"", "python3"],
      ["perl -lne 'print \"${X}\"' /dev/null", "perl"],
      ['echo x | awk "BEGIN{ system(\\"echo ${X}\\") }"', "awk"],
      ["timeout 5 node -e \"console.log('${X}')\"", "node"],
      ["ruby -e 'puts \"${X}\"'", "ruby"],
    ]) {
      // The danger is real: the command as the runner would write it runs the value.
      rmSync(marker, { force: true });
      Bun.spawnSync(["bash", "-c", `${displayCommand(form, () => evil)}; true`], { env: { PATH: process.env.PATH! }, stdout: "ignore", stderr: "ignore", ...SYNC_CHILD_LIMIT });
      // (This value is shell syntax: python's and awk's system() run it; perl, node and ruby read it as their own text.)
      if (program === "python3" || program === "awk") expect(existsSync(marker)).toBe(true);
      rmSync(marker, { force: true });
      expect(bashCommand(form, () => evil)).toEqual({ error: expect.stringMatching(new RegExp(`^\\$\\{X\\} is written into the (?:code ${program} takes from -[ce]|program ${program} runs), `)) });
    }
    for (const form of ['python3 -c \'import sys; print(sys.argv[1])\' "${X}"', "awk -v x=\"${X}\" 'BEGIN{print x}'", 'echo python3 -c "${X}"', 'grep -c awk <<< "${X}"'])
      expect(run(form, { X: evil }).stdout).not.toBe("");
    expect(existsSync(marker)).toBe(false);
  });

  // A function's or an alias's argument lands where its body puts it: code there, else text.
  test("an argument of a function or alias whose body hands it to an interpreter as code or to a shell as its script is refused; elsewhere it is text", () => {
    const evil = `x'); import os; os.system('touch ${marker}'); print('$(touch ${marker})`;
    expect(bashCommand("run() { bash -c \"$1\"; }; run \"echo ${X}\"", () => evil)).toEqual({ error: expect.stringContaining("${X} is inside the script bash reads as code") });
    expect(bashCommand("py() { python3 -c \"$1\"; }; py \"${X}\"", () => evil)).toEqual({ error: expect.stringContaining("${X} is written into the code python3 takes from -c") });
    for (const form of [
      "f() { echo \"$@\"; }; f \"${X}\"",
      "py() { python3 -c 'import sys; print(sys.argv[1])' \"$@\"; }; py \"${X}\"",
      "run() { sh -c 'echo \"$1\"' _ \"$1\"; }; run \"${X}\"",
      "py() { python3 -c \"import sys; print(sys.argv[1])\" \"$1\"; }; py \"${X}\"",
      "f() { shift; echo \"$@\"; }; f a \"${X}\"",
      "f() { case \"$1\" in a) echo a;; *) echo \"$1\";; esac; }; f \"${X}\"",
      "f() { f2 \"$1\"; }; f2() { echo \"$1\"; }; f \"${X}\"",
      // After a shift the arguments move: the code taken first, the value passed as an argument after it.
      "pyrun() { local code=$1; shift; python3 -c \"$code\" \"$@\"; }; pyrun 'import sys; print(sys.argv[1])' \"${X}\"",
      "in_sh() { local script=$1; shift; sh -c \"$script\" sh \"$@\"; }; in_sh 'printf \"%s\\n\" \"$1\"' \"${X}\"",
      "pgq() { local db=$1; shift; echo \"$db\"; python3 -c \"$1\"; }; pgq \"${X}\" 'print(1)'",
      // eval of an escaped $2 assigns the value, unparsed; an array assignment runs nothing.
      "set_var() { eval \"$1=\\$2\"; }; set_var RESULT \"${X}\"; echo \"$RESULT\"",
      "f() { local tags=($1); echo \"${tags[@]}\"; }; f \"${X}\"",
      // Without expand_aliases bash runs no alias in a script: p is no command, and nothing runs.
      "alias p=python3\np -c \"${X}\" 2>/dev/null; echo \"${X}\"",
    ]) {
      const r = bashCommand(form, () => evil);
      expect([form, "error" in r ? r.error : "ran"]).toEqual([form, "ran"]);
      expect(run(form, { X: evil }).stdout).toContain("touch");
    }
    expect(existsSync(marker)).toBe(false);
  });

  test("a function's body that runs its argument unquoted as a command, or expands it as a prompt, is refused for such a value", () => {
    for (const [form, value, says] of [
      ['f() { $1; }; f "${X}"', `eval x; touch ${marker}`, "whose body writes it unquoted where a command goes"],
      ['f() { local c=$1; $c; }; f "${X}"', `touch ${marker}`, "whose body writes it unquoted where a command goes"],
      ['f() { if $1 >/dev/null; then echo ok; fi; }; f "${X}"', `touch ${marker}`, "whose body writes it unquoted where a command goes"],
      ['f() { timeout 5 ${1:-true}; }; f "${X}"', `touch ${marker}`, "whose body writes it unquoted where a command goes"],
      ['f() { echo "$${1@P}"; }; f "${X}"'.replace("$${", "${"), `$(touch ${marker})`, "whose body expands it as a prompt"],
    ] as const) {
      rmSync(marker, { force: true });
      Bun.spawnSync(["bash", "-c", displayCommand(form, () => value)], { env: { PATH: process.env.PATH! }, stdout: "ignore", stderr: "ignore", ...SYNC_CHILD_LIMIT });
      expect([form, existsSync(marker)]).toEqual([form, true]);
      rmSync(marker, { force: true });
      expect(bashCommand(form, () => value)).toEqual({ error: expect.stringContaining(says) });
    }
    // One word, quoted, or @Q: as at the top, the value is no command line.
    for (const form of ['f() { $1; }; f "${X}"', 'f() { echo "${1@Q}"; }; f "${X}"']) expect("error" in bashCommand(form, () => "true")).toBe(false);
  });

  // The interpreter behind programs that run a command (options and all), and the program an interpreter reads from
  // its standard input: the value is written into code there too.
  test("a reference in an interpreter's code behind sudo -u, nice -n, env -i, docker exec, uv run, or in the program it reads from standard input, is refused", () => {
    const evil = `x'); import os; os.system('touch ${marker}'); print('`;
    const ran = [
      "nice -n 5 python3 -c \"print('${X}')\"",
      "env -i python3 -c \"print('${X}')\"",
      "/usr/bin/env python3 -c\"print('${X}')\"",
      "python3 <<< \"print('${X}')\"",
      "echo \"print('${X}')\" | python3",
      "python3 - <<EOF\nprint('${X}')\nEOF",
      "cat <<'EOF' | python3\nprint('${X}')\nEOF",
      // What a process substitution prints where the program goes, and the text xargs makes the code.
      "python3 <(echo \"print('${X}')\")",
      "python3 < <(echo \"print('${X}')\")",
      "echo \"${X}\" | xargs -d '\\n' -I{} python3 -c \"print('{}')\"",
      // Printed from a process substitution's file down a pipe, through a loop on the pipe, or read by xargs -a.
      "cat <(echo \"print('${X}')\") | python3",
      "echo \"print('${X}')\" | while read -r l; do echo \"$l\"; done | python3",
      "xargs -d '\\n' -a <(echo \"${X}\") -I{} python3 -c \"print('{}')\"",
      // A command substitution in an unquoted heredoc, which bash runs.
      "cat <<EOF > /dev/null\nversion: $(python3 -c \"print('${X}')\")\nEOF",
      // A subshell, a group or an if taking the heredoc or here-string for the interpreter in it; find -exec, fakeroot.
      "(cd /tmp && python3) <<EOF\nprint('${X}')\nEOF",
      "{ python3; } <<< \"print('${X}')\"",
      "if true; then python3; fi <<< \"print('${X}')\"",
      "find /tmp -maxdepth 0 -exec python3 -c \"print('${X}')\" \\;",
      "while read -r l; do echo \"$l\"; done < <(echo \"print('${X}')\") | python3",
      // A function or (with expand_aliases) an alias whose body hands its arguments to the interpreter.
      "py() { python3 \"$@\"; }; py -c \"print('${X}')\"",
      "function py {\n  cd /tmp\n  python3 -u \"$@\"\n}\npy -c \"print('${X}')\"",
      "py() { python3 -c \"$1\"; }; py \"print('${X}')\"",
      "py() ( python3 -c\"$2\" ); py x \"print('${X}')\"",
      "shopt -s expand_aliases\nalias py='python3 -u'\npy -c \"print('${X}')\"",
      // Other ways a body uses its arguments, functions handing them on, bodies that are no group, other names.
      "py() { python3 -c \"${@:2}\"; }; py x \"print('${X}')\"",
      "py() { python3 -c \"print(1); $*\"; }; py \"print('${X}')\"",
      "py() { python3 -c \"${1:-}\"; }; py \"print('${X}')\"",
      "py() { shift; python3 -c \"$1\"; }; py a \"print('${X}')\"",
      "inner() { python3 -c \"$1\"; }; outer() { inner \"$@\"; }; outer \"print('${X}')\"",
      "py() if true; then python3 -c \"$1\"; fi; py \"print('${X}')\"",
      "py.x() { python3 -c \"$1\"; }; py.x \"print('${X}')\"",
      "f() { python3 <<< \"$1\"; }; f \"print('${X}')\"",
      "f() { python3 <(echo \"$1\"); }; f \"print('${X}')\"",
      "f() { echo \"$@\"; }; f \"print('${X}')\" | python3",
      "set -o posix\nalias p=true py='python3 -c'\npy \"print('${X}')\"",
      // Names bash takes, a later definition, the call's input, the last argument, loops and assignments carrying it.
      "py+() { python3 -c \"$1\"; }; py+ \"print('${X}')\"",
      "py() { python3 -c \"$1\"; }; py \"print('${X}')\"; py() { echo; }",
      "py() { python3 -c \"$1\"; }; py \"$(echo \"print('${X}')\")\"",
      "py() { python3; }; py <<< \"print('${X}')\"",
      "py() { python3; }; echo \"print('${X}')\" | py",
      "py() { python3 -c \"${!#}\"; }; py \"print('${X}')\"",
      "py() { for a in \"$@\"; do python3 -c \"$a\"; done; }; py \"print('${X}')\"",
      "py() { local c=\"$1\"; python3 -c \"$c\"; }; py \"print('${X}')\"",
      // A program file that is the standard input however its path is spelt.
      "python3 /proc/thread-self/fd/0 <<< \"print('${X}')\"",
      "python3 //dev/stdin <<< \"print('${X}')\"",
      "python3 /dev/./stdin <<< \"print('${X}')\"",
    ];
    for (const form of ran) {
      // The danger is real: the command as the runner would write it runs the value.
      rmSync(marker, { force: true });
      Bun.spawnSync(["bash", "-c", displayCommand(form, () => evil)], { env: { PATH: process.env.PATH! }, stdout: "ignore", stderr: "ignore", ...SYNC_CHILD_LIMIT });
      expect([form, existsSync(marker)]).toEqual([form, true]);
      rmSync(marker, { force: true });
    }
    const refused: [string, string][] = [
      ...ran.map((form): [string, string] => [form, "python3"]),
      ["sudo -u app python3 -c \"print('${X}')\"", "the code python3 takes from -c"],
      ["uv run python -c \"print('${X}')\"", "the code python takes from -c"],
      ["kubectl exec pod -- python3 -c \"print('${X}')\"", "In kubectl's container only what you hand in is set: -e X="],
      ["docker compose exec api python3 -c \"print('${X}')\"", "In docker's container only what you hand in is set"],
      ["docker exec -i c python3 <<< \"print('${X}')\"", "the text python3 reads from its standard input as its program"],
      ["sqlite3 app.db <<EOF\nselect '${X}';\nEOF", "a heredoc, which sqlite3 reads as its SQL"],
      ["printf '%s\\n' \"select '${X}'\" | psql -d app", "psql reads from its standard input as its SQL"],
      ["x=$(jq -n \"${X}\")", "the filter jq runs"],
      ["perl -I /tmp -e \"print '${X}'\"", "the code perl takes from -e"],
      // A line continued with a backslash, a quoted or escaped program name, options after time, more runners, and
      // option arguments that are code (perl -M is `use …`, node --import's data: URL; any other is a file node loads first, refused when captured: program-refs.ts).
      ["python3 \\\n  -c \"print('${X}')\"", "the code python3 takes from -c"],
      ["python3 \\\n<<EOF\nprint('${X}')\nEOF", "a heredoc, which python3 reads as its program"],
      ["'python3' -c \"print('${X}')\"", "the code python3 takes from -c"],
      ["\\python3 -c \"print('${X}')\"", "the code python3 takes from -c"],
      ["time -p python3 -c \"print('${X}')\"", "the code python3 takes from -c"],
      ["coproc python3 -c \"print('${X}')\"", "the code python3 takes from -c"],
      ["perl -M\"${X}\" -e 1", "the code perl takes from -M"],
      // A program file that is the standard input.
      ["python3 /dev/stdin <<< \"${X}\"", "the text python3 reads from its standard input as its program"],
      ["echo \"${X}\" | awk -f -", "the text awk reads from its standard input as its program"],
      ["sed -f /dev/stdin f <<< \"${X}\"", "the text sed reads from its standard input as its program"],
      ["echo \"${X}\" | bun -", "the text bun reads from its standard input as its program"],
      // Its other names, spelt as the kernel resolves them: the sh and bash checks' own (fdFiles, normalPath).
      ["python3 /proc/thread-self/fd/0 <<< \"${X}\"", "the text python3 reads from its standard input as its program"],
      ["python3 //dev/stdin <<< \"${X}\"", "the text python3 reads from its standard input as its program"],
      ["python3 /dev/./stdin <<< \"${X}\"", "the text python3 reads from its standard input as its program"],
      ["node /proc/self/fd/0 <<< \"${X}\"", "the text node reads from its standard input as its program"],
      ["perl //proc/self/fd/0 <<< \"${X}\"", "the text perl reads from its standard input as its program"],
      ["awk -f //dev/stdin f <<< \"${X}\"", "the text awk reads from its standard input as its program"],
      ["awk --file=/proc/thread-self/fd/0 f <<< \"${X}\"", "the text awk reads from its standard input as its program"],
      ["psql -f /dev/fd//0 <<< \"${X}\"", "the text psql reads from its standard input as its SQL"],
      // What a command substitution prints where the code or the program goes.
      ["python3 -c \"$(echo \"${X}\")\"", "the code python3 takes from -c"],
      ["python3 <<< \"$(cat <<< \"${X}\")\"", "the text python3 reads from its standard input as its program"],
      ["node --import \"data:text/javascript,${X}\" -e 1", "the code node takes from --import"],
      ["node --import=\"data:text/javascript,${X}\" -e 1", "the code node takes from --import"],
      ["python3 <(echo \"${X}\")", "in a process substitution, <(…), whose output python3 runs as its program file"],
      ["awk -f <(echo \"${X}\") f", "in a process substitution, <(…), whose output awk runs as its program file"],
      ["awk --file=<(echo \"${X}\") f", "in a process substitution, <(…), whose output awk runs as its program file"],
      ["sed -f<(echo \"${X}\") f", "in a process substitution, <(…), whose output sed runs as its program file"],
      ["sqlite3 -init <(echo \"${X}\") app.db", "whose output sqlite3 runs as its SQL file"],
      ["node <(cat <<EOF\nconsole.log('${X}')\nEOF\n)", "in a heredoc inside a process substitution, <(…), whose output node runs"],
      ["docker exec -i c python3 < <(echo \"${X}\")", "In docker's container only what you hand in is set"],
      ["echo \"${X}\" > >(python3)", "the text python3 reads from its standard input as its program"],
      ["echo \"${X}\" | tee >(python3)", "the text python3 reads from its standard input as its program"],
      ["echo \"${X}\" | xargs python3 -c", "in the text xargs hands python3 as its code"],
      ["xargs -I@ perl -e 'print \"@\"' <<< \"${X}\"", "in the text xargs hands perl as its code"],
      // What a command passes on into a process substitution that runs it, from a here-string, a group or a pipe inside.
      ["tee >(python3) <<< \"${X}\" > /dev/null", "the text python3 reads from its standard input as its program"],
      ["cat > >(python3) <<< \"${X}\"", "the text python3 reads from its standard input as its program"],
      ["{ echo \"${X}\"; } > >(python3)", "the text python3 reads from its standard input as its program"],
      ["echo \"${X}\" > >(cat | python3)", "the text python3 reads from its standard input as its program"],
      ["echo \"${X}\" &> >(python3)", "the text python3 reads from its standard input as its program"],
      ["op run -- python3 -c \"print('${X}')\"", "the code python3 takes from -c"],
    ];
    for (const [form, says] of refused) {
      const r = bashCommand(form, () => evil);
      expect([form, "error" in r ? r.error : "not refused"]).toEqual([form, expect.stringContaining(says)]);
    }
    // The program named by a reference is its value (a configurable interpreter, PYTHON=python3); as data it stays so.
    const vars: Record<string, string> = { X: evil, PYTHON: "python3", PY: "/usr/bin/python3" };
    for (const form of ["${PYTHON} -c \"print('${X}')\"", "\"${PY}\" -c \"print('${X}')\"", "${PYTHON:-python3} -c \"print('${X}')\""])
      expect([form, bashCommand(form, (n) => vars[n])]).toEqual([form, { error: expect.stringContaining("the code python3 takes from -c") }]);
    expect(bashCommand("${PYTHON} -c 'import sys; print(sys.argv[1])' \"${X}\"", (n) => vars[n])).toMatchObject({ command: expect.any(String) });
    // Data, a script file's input, a redirection's target and printed words stay text.
    for (const form of [
      "python3 -c 'import sys; print(sys.argv[1])' \"${X}\"",
      "python3 -c 'import sys; print(sys.stdin.read())' <<< \"${X}\"",
      "python3 -c 'import sys; print(sys.stdin.read())' //dev/stdin <<< \"${X}\"",
      "echo \"${X}\" | python3 -c 'import sys; print(sys.stdin.read())'",
      "python3 -m json.tool <<< '\"${X}\"' || echo \"${X}\"",
      "echo python3 -c \"${X}\"",
      "jq -rn --arg v \"${X}\" '$v'",
      "echo \"${X}\" | jq -R .",
      "python3 -c 'print(1)' > /dev/null; echo \"${X}\"",
      // A field separator and a line length are data: refused before by a pattern that took -F for awk's program.
      "awk -F \"${X}\" '{print $1}' /dev/null; echo \"${X}\"",
      "echo \"${X}\" | awk -f /dev/null; echo \"${X}\"",
      "python3 -c 'import sys; print(sys.argv[1])' \"$(echo \"${X}\")\"",
      "sed --line-length \"${X}\" -n l /dev/null 2>/dev/null; echo \"${X}\"",
      // A process substitution's output as a file of data, a program's input, or an argument xargs passes; `.` as jq's filter.
      "cat <(echo \"${X}\")",
      "diff <(echo \"${X}\") /dev/null; true",
      "python3 -c 'import sys; print(open(sys.argv[1]).read())' <(echo \"${X}\")",
      "python3 <(echo 'import sys; print(sys.stdin.read())') <<< \"${X}\"",
      "python3 < <(echo \"${X}\") -c 'import sys; print(sys.stdin.read())'",
      "echo \"${X}\" | tee >(cat > /dev/null)",
      "echo \"${X}\" | xargs -d '\\n' -I{} python3 -c 'import sys; print(sys.argv[1])' {}",
      "jq -Rr . <<< \"${X}\"",
      "tee >(cat > /dev/null) <<< \"${X}\"",
      "python3 -c 'print(1)' > >(cat > /dev/null) <<< \"${X}\"; echo \"${X}\"",
      "echo \"${X}\" | while read -r l; do echo \"$l\"; done | cat",
      "cat <(echo \"${X}\") | cat",
      "xargs -d '\\n' -a <(echo \"${X}\") echo",
      "cat <<EOF\n$(echo \"${X}\" | tr a a) `echo \"${X}\"`\nEOF",
      "(cd /tmp && cat) <<< \"${X}\"",
      "{ python3 -c 'import sys; print(sys.stdin.read())'; } <<< \"${X}\"",
      "while read -r l; do echo \"$l\"; done < <(echo \"${X}\") | cat",
      "find /tmp -maxdepth 0 -name python3 -o -name \"${X}\"; echo \"${X}\"",
    ])
      expect([form, run(form, { X: evil }).stdout]).toEqual([form, expect.stringContaining("os.system")]);
    expect(existsSync(marker)).toBe(false);
  });

  test("an interpreter whose program file is a descriptor's file (python3 /dev/fd/3, perl /proc/self/fd/3) runs the text fed on that descriptor: refused; the descriptor as data is fine", () => {
    // What each runs as its program: the value itself, which makes the marker.
    const programs: Record<string, string> = {
      python3: `import os; os.system('touch ${marker}')`,
      node: `require('fs').writeFileSync('${marker}', '')`,
      perl: `system q{touch ${marker}}`,
      ruby: `File.write('${marker}', '')`,
    };
    const valueFor = (form: string) => programs[/\b(python3|node|perl|ruby)\b/.exec(form)![1]!]!;
    const ran: [string, string][] = [
      ["python3 /dev/fd/3 3<<< \"${X}\"", "${X} is in the text python3 reads from descriptor 3 as its program, where its value would run as code: read it from the environment instead"],
      ["node /dev/fd/3 3<<< \"${X}\"", "${X} is in the text node reads from descriptor 3 as its program"],
      ["perl /proc/self/fd/3 3<<< \"${X}\"", "${X} is in the text perl reads from descriptor 3 as its program"],
      ["ruby /dev/fd/4 4<<EOF\n${X}\nEOF", "${X} is in a heredoc on descriptor 4, which ruby reads as its program"],
      ["python3 /dev/fd/4 4<<EOF\n${X}\nEOF", "${X} is in a heredoc on descriptor 4, which python3 reads as its program"],
      ["python3 /dev/fd/3 3< <(echo \"${X}\")", "${X} is in a process substitution, 3< <(…), whose output python3 reads from descriptor 3 as its program"],
      ["python3 /dev/fd/3 3< <(cat <<EOF\n${X}\nEOF\n)", "${X} is in a heredoc inside a process substitution, 3< <(…), whose output python3 reads from descriptor 3 as its program"],
      // Inside a function called with the redirection, a group, the file spelt otherwise, options first, its quoted name.
      ["f() { python3 /dev/fd/3; }; f 3<<< \"${X}\"", "${X} is in the text python3 reads from descriptor 3 as its program"],
      ["f() { perl /dev/fd/3; }\nf 3<<EOF\n${X}\nEOF", "${X} is in a heredoc on descriptor 3, which perl reads as its program"],
      ["f() { perl /dev/fd/5; }; f 5< <(printf '%s\\n' \"${X}\")", "whose output perl reads from descriptor 5 as its program"],
      ["{ python3 /dev/fd/3; } 3<<< \"${X}\"", "python3 reads from descriptor 3 as its program"],
      ["python3 //dev/./fd/3 3<<< \"${X}\"", "python3 reads from descriptor 3 as its program"],
      ["python3 /proc/thread-self/fd/3 3<<< \"${X}\"", "python3 reads from descriptor 3 as its program"],
      ["python3 -u \"/dev/fd/3\" 3<<< \"${X}\"", "python3 reads from descriptor 3 as its program"],
      ["env python3 /dev/fd/3 3<<< \"${X}\"", "python3 reads from descriptor 3 as its program"],
      ["(python3 /dev/fd/3)3<<< \"${X}\"", "python3 reads from descriptor 3 as its program"],
      // A descriptor's file whose number is an expansion may be any descriptor.
      ["n=3; python3 /dev/fd/$n 3<<< \"${X}\"", "python3 reads from descriptor 3 as its program"],
    ];
    for (const [form] of ran) {
      // node (20) resolves the path of its main file, which a pipe's descriptor has none of: it fails here, and is
      // refused as node /proc/self/fd/0 is. ruby runs it where it is installed.
      if (/\bnode\b/.test(form) || (/\bruby\b/.test(form) && !Bun.which("ruby"))) continue;
      // The danger is real: the command as the runner would write it runs the value.
      rmSync(marker, { force: true });
      Bun.spawnSync(["bash", "-c", displayCommand(form, () => valueFor(form))], { env: { PATH: process.env.PATH! }, stdout: "ignore", stderr: "ignore", ...SYNC_CHILD_LIMIT });
      expect([form, existsSync(marker)]).toEqual([form, true]);
      rmSync(marker, { force: true });
    }
    for (const [form, says] of ran) {
      const r = bashCommand(form, () => valueFor(form));
      expect([form, "error" in r ? r.error : "not refused"]).toEqual([form, expect.stringContaining(says)]);
    }
    // awk's, sed's and psql's program files, and sqlite3's -init, the same.
    for (const [form, says] of [
      ["awk -f /dev/fd/3 f 3<<< \"${X}\"", "the text awk reads from descriptor 3 as its program"],
      ["awk --file=/dev/fd/3 f 3<<< \"${X}\"", "the text awk reads from descriptor 3 as its program"],
      ["sed -f/proc/self/fd/3 f 3<<< \"${X}\"", "the text sed reads from descriptor 3 as its program"],
      ["psql -d app -f /dev/fd/3 3<<< \"${X}\"", "the text psql reads from descriptor 3 as its SQL"],
      ["sqlite3 -init /dev/fd/3 app.db 3<<< \"${X}\"", "the text sqlite3 reads from descriptor 3 as its SQL"],
    ]) {
      const r = bashCommand(form!, () => "1");
      expect([form, "error" in r ? r.error : "not refused"]).toEqual([form, expect.stringContaining(says!)]);
    }
    // The descriptor as data: a script's or -c code's input, another program's file, an argument of the script, another
    // descriptor than the program's. The value stays text there.
    const evil = programs.python3!;
    const script = join(dir, "args.py");
    writeFileSync(script, "import os, sys\nprint(open(sys.argv[1]).read() if len(sys.argv) > 1 else os.read(3, 4096).decode())\n");
    for (const form of [
      `python3 ${script} 3<<< "\${X}"`,
      "python3 -c 'import os; print(os.read(3, 4096).decode())' 3<<< \"${X}\"",
      "cat /dev/fd/3 3<<< \"${X}\"",
      `python3 ${script} /dev/fd/3 3<<< "\${X}"`,
      "python3 -c 'import sys; print(open(sys.argv[1]).read())' /dev/fd/3 3<<< \"${X}\"",
      "python3 /dev/fd/4 3<<< \"${X}\" 4<<< 'import os; print(os.read(3, 4096).decode())'",
      "python3 /dev/fd/3 3<<< 'import sys; print(sys.stdin.read())' <<< \"${X}\"",
      "f() { python3 -c 'import os; print(os.read(3, 4096).decode())'; }; f 3<<< \"${X}\"",
      "python3 /dev/fd/3 3< <(echo 'import os; print(os.read(4, 4096).decode())') 4< <(echo \"${X}\")",
    ])
      expect([form, run(form, { X: evil }).stdout]).toEqual([form, expect.stringContaining("os.system")]);
    for (const form of ["f() { python3 /dev/fd/3; }; f 4<<< \"${X}\"", "python3 /dev/fd/03 3<<< \"${X}\"", "f() { python3 /dev/fd/3; }; echo f 3<<< \"${X}\""])
      expect([form, "error" in bashCommand(form, () => evil)]).toEqual([form, false]);
    expect(existsSync(marker)).toBe(false);
  });

  test("a reference in sed's script is refused: the e flag of s/// runs a command; a file name after the script is text", () => {
    const evil = `touch ${marker.replaceAll("/", "\\/")}/e;#`;
    const form = "echo a | sed 's/a/${X}/'";
    rmSync(marker, { force: true });
    Bun.spawnSync(["bash", "-c", displayCommand(form, () => evil)], { env: { PATH: process.env.PATH! }, stdout: "ignore", stderr: "ignore", ...SYNC_CHILD_LIMIT });
    expect(existsSync(marker)).toBe(true);
    rmSync(marker, { force: true });
    for (const refused of [form, "sed -e \"s/a/${X}/\" f", "sed -i \"s/a/${X}/g\" f", "sed -n \"/${X}/p\" f"])
      expect([refused, bashCommand(refused, () => evil)]).toEqual([refused, { error: expect.stringContaining("sed has no way to take a value as text") }]);
    expect(run("sed -e 's/a/b/' \"${X}\" 2>&1; sed -n p /dev/null \"${X}\" 2>&1 | head -c 0; echo \"${X}\"", { X: evil }).stdout).toContain("touch");
    expect(existsSync(marker)).toBe(false);
  });

  test("beside those words, a value stays text; a callback's value is refused whatever it holds, a word list's only with shell syntax", () => {
    const evil = `$(touch ${marker})`;
    for (const form of ['mapfile -t arr <<< "${X}"; echo "$${arr[0]}"', 'compgen -W "a b" -- "${X}"; echo', 'echo "${X}" | wc -c']) {
      expect(run(form, { X: evil }).stdout).not.toBe("");
      expect(existsSync(marker)).toBe(false);
    }
    // An argument that looks like an assignment is none (`echo PS4=…`, `docker run -e ENV=…`), and ;, & and ( run
    // nothing where bash expands again: only $ and a backtick do.
    for (const form of ["echo PS4=${X}", "echo BASH_ENV=${X} ENV=${X}", "PS4=+; echo ${X}"]) expect(run(form, { X: "a;b&c (d)" }).stdout).not.toBe("");
    // An alias of plain words is taken; one with shell syntax is code.
    expect(run('alias ll="${X}"; echo ok', { X: "ls -la" }).stdout).toBe("ok\n");
    // The assignment quoted whole (`alias "ll=…"`) is the same alias.
    for (const form of ['alias "ll=${X}"', "alias 'll'=\"${X}\"", 'alias -- "ll=${X}"']) expect([form, bashCommand(form, () => "x; touch /tmp/p")]).toEqual([form, { error: expect.stringContaining("is in an alias's value") }]);
    expect(run('alias "ll=${X}"; echo ok', { X: "ls -la" }).stdout).toBe("ok\n");
    expect(bashCommand('mapfile -C "${X}" arr', () => "plain")).toEqual({ error: expect.stringContaining("would run as a command") });
    expect(bashCommand('compgen -W "${X}" x', () => "a b c")).toHaveProperty("command");
  });

  test("a default is used when the name is unknown; unknown names without one are left as written", () => {
    expect(run('printf %s "${NOPE:-fall back}|${V:-x}"', { V: "v" }).stdout).toBe("fall back|v");
    expect(bashCommand("echo ${NOPE}", () => undefined)).toEqual({ command: "echo ${NOPE}", env: {} });
  });

  test("$${ is bash's own expansion; its quoting is kept", () => {
    expect(run('X="a b"; printf "[%s]" $${X} "$${X}"', {}).stdout).toBe("[a][b][a b]");
  });

  test("the command carries references, the environment the values", () => {
    const { cmd } = run('echo "${V}" ${V}', { V: "secret" });
    expect(cmd.command).toBe('echo "${__t_V}" "${__t_V}"');
    expect(cmd.env).toEqual({ __t_V: "secret" });
  });

  test("a backslash before a reference stays a literal backslash", () => {
    expect(run('printf %s \\${V} "\\${V}"', { V: "v" }).stdout).toBe("\\v\\v");
  });
});

describe("a script another shell reads from its standard input: a here-string, a heredoc, a pipe", () => {
  const evil = `a;touch ${marker}`;
  /** Runs what the log shows for the line (the value written in, quoted to mean the same): proof that the value runs there. */
  const ranAsShown = (line: string): boolean => {
    rmSync(marker, { force: true });
    Bun.spawnSync(["bash", "-c", displayCommand(line, (n) => (n === "X" ? evil : undefined))], { env: { PATH: process.env.PATH! }, ...SYNC_CHILD_LIMIT });
    const ran = existsSync(marker);
    rmSync(marker, { force: true });
    return ran;
  };

  const RUNS = [
    "bash <<< 'echo ${X}'", 'bash <<< "echo ${X}"', "sh -s <<<'echo ${X}'", "bash -e <<< 'echo ${X}'", "<<< 'echo ${X}' dash",
    "env bash <<< 'echo ${X}'", "timeout 5 bash <<< 'echo ${X}'", "busybox sh <<< 'echo ${X}'", "x=$(bash <<< \"echo ${X}\"); echo $x",
    "echo 'echo ${X}' | sh", "printf '%s\\n' \"echo ${X}\" | bash", "echo \"echo ${X}\" | bash -s", "echo 'echo ${X}' | env sh",
    "echo 'echo ${X}' |& bash", "echo 'echo ${X}' |\n  bash", "echo 'echo ${X}' | grep echo | sh",
    "echo 'echo ${X}' | (sh)", "echo 'echo ${X}' | ( (bash -s) )", "echo 'echo ${X}' | { sh; }", "cat <<< 'echo ${X}' | (sh)",
    "cat <<< 'echo ${X}' | bash", "bash <<EOF\necho ${X}\nEOF", "bash <<'EOF'\necho ${X}\nEOF", "bash <<-EOF\n\techo ${X}\n\tEOF", "cat <<EOF | sh\necho ${X}\nEOF",
    // Unquoted: the reference's word is the text (this bash hands the value on whole, as "$X").
    "echo echo ${X} | sh", "printf '%s\\n' echo\\ ${X} | bash", "bash <<< echo' '${X}", "cat <<< echo' '${X} | sh",
    // Printed inside a group or a subshell whose output goes down the pipe to a shell, nested ones too.
    "{ echo 'echo ${X}'; } | sh", "( printf '%s\\n' \"echo ${X}\" ) | bash", "(echo 'echo ${X}') | sh", "{ { echo echo ${X}; }; } | grep echo | sh",
    "{ echo 'echo ${X}'; echo true; } 2>/dev/null | sh", "{\n  echo 'echo ${X}'\n} |\n  sh", "( echo 'echo ${X}' | cat ) | sh",
    // So is a loop's, an if's or a case's, their reserved words read only where a command starts (`echo done` is no end).
    "for i in 1; do echo echo ${X}; done | sh", "if true; then echo \"echo ${X}\"; else echo b; fi | bash", "{ echo 'echo ${X}'; echo done; } | sh",
    "case a in a) echo 'echo ${X}' ;; esac | sh", "{ case a in (a) echo 'echo ${X}';; esac; } | sh", "( for i in 1; do if true; then echo 'echo ${X}'; fi; done ) | sh",
    "while read -r l; do echo \"echo $l ${X}\"; done <<< x | sh",
    // A function's body prints where the function is called.
    "f() { echo 'echo ${X}'; }; f | sh", "function g { echo echo ${X}; }; g | bash", "f() { echo 'echo ${X}'; }\n{ x=1 f; } | sh",
    // shuf -e (--echo) prints its operands, each a line, as echo prints its words.
    "shuf -e 'echo ${X}' | sh", "shuf -e \"echo ${X}\" | bash", "shuf -n 1 --echo echo\\ ${X} | bash", "shuf -e \"echo ${X}\" -r -n 1 | sh",
    // echo and printf behind `command` or `exec` print the same.
    "command echo 'echo ${X}' | sh", "command -p printf '%s\\n' \"echo ${X}\" | bash",
  ];
  test("shuf prints no operand of its own without -e (its operand is a file), nor with -o (it writes the file)", () => {
    for (const line of ['shuf -e "${X}" | wc -l', 'shuf -o /dev/null -e "echo ${X}" | sh', 'shuf -n 1 "${X}" 2>/dev/null | sh', 'shuf -ne "${X}" 2>/dev/null | sh'])
      expect([line, ranAsShown(line), "error" in bashCommand(line, (n) => (n === "X" ? evil : undefined))]).toEqual([line, false, false]);
  });

  for (const line of RUNS) {
    test(JSON.stringify(line), () => {
      if (!line.includes("busybox") || Bun.which("busybox")) expect(ranAsShown(line)).toBe(true);
      expect(bashCommand(line, (n) => (n === "X" ? evil : undefined))).toEqual({ error: expect.stringContaining("${X} is inside the script") });
      // A plain value is text there, and runs as written.
      expect(run(line, { X: "v-1.2" }).stdout).toContain("v-1.2");
    });
  }

  // A reader written as bash reads it, not as the text looks: long options before -c, a quoted or escaped shell name, a
  // script word begun before the reference, an unquoted reference, eval's later words, env -S, `.`/`source` of generated text.
  const SPELLED = [
    'bash --noprofile --norc -c "echo ${X}"', "bash --rcfile /dev/null -c 'echo ${X}'", "sh -c 'echo '\"${X}\"",
    "sh -c 'echo 1;'\"${X}\"'; echo 2'", "sh -c 'echo '${X}", '"sh" -c "echo ${X}"', 's\\h -c "echo ${X}"', "eval ${X}",
    'eval echo "${X}"', "sh -c ${X}", "x=1; sh -xc ${X}", "env -S \"sh -c 'echo ${X}'\"", '. <(echo "echo ${X}")',
    'source /dev/stdin <<< "echo ${X}"', 'sh 0<<< "echo ${X}"', "sh 0<<EOF\necho ${X}\nEOF", 'bash <(echo "echo ${X}")',
    "sh <(printf '%s\\n' \"echo ${X}\")", 'sh /dev/stdin <<< "echo ${X}"', 'sh /dev/fd/0 <<< "echo ${X}"',
    'bash /proc/self/fd/0 <<< "echo ${X}"', 'sh < <(echo "echo ${X}")', 'cat <(echo "echo ${X}") | sh',
    'echo "echo ${X}" | while read -r l; do echo "$l"; done | sh', 'cat <<EOF\n$(eval "echo ${X}")\nEOF',
    "(cd /tmp && bash) <<EOF\necho ${X}\nEOF", 'while read -r l; do echo "$l"; done < <(echo "echo ${X}") | sh',
    // A shell named by a value: a parameter expansion or a command substitution given -c.
    'SHELL=sh; $SHELL -c "echo ${X}"', "B=bash; \"$B\" -c 'echo '\"${X}\"", '$0 -c "echo ${X}"', '$(command -v sh) -c "echo ${X}"',
    '`command -v bash` -xc ${X}', 'env $0 -c "echo ${X}"',

  ];
  for (const line of SPELLED) {
    test(`${JSON.stringify(line)} (found by its words)`, () => {
      expect(ranAsShown(line)).toBe(true);
      expect(bashCommand(line, (n) => (n === "X" ? evil : undefined))).toEqual({ error: expect.stringContaining("${X} is inside the script") });
    });
  }

  // Bash's other quotes: ANSI-C `$'…'` (decoded: `$'\x65val'` is eval) and a locale's `$"…"` spell a reader, an option or a
  // printer as surely as `"sh"` and `s\h` do; a printer spelt with quotes prints as echo does.
  const QUOTED_OTHERWISE = [
    "$'eval' \"echo ${X}\"", "$'\\x65val' \"echo ${X}\"", "$'eval' echo ${X}", '$"eval" "echo ${X}"', "bash $'-c' \"echo ${X}\"",
    "$'sh' <<< \"echo ${X}\"", "echo \"echo ${X}\" | $'sh'", "cat <<< \"echo ${X}\" | $'bash'", "$'source' /dev/stdin <<< \"echo ${X}\"",
    "$'.' <(echo \"echo ${X}\")", '"echo" "echo ${X}" | sh', 'e\\cho "echo ${X}" | sh', "$'echo' \"echo ${X}\" | sh",
    "'printf' '%s\\n' \"echo ${X}\" | bash",
  ];
  for (const line of QUOTED_OTHERWISE) {
    test(`${JSON.stringify(line)} (its words decoded as bash decodes them)`, () => {
      expect(ranAsShown(line)).toBe(true);
      expect(bashCommand(line, (n) => (n === "X" ? evil : undefined))).toEqual({ error: expect.stringContaining("${X} is inside the script") });
    });
  }
  test("an interpreter's code option, a callback, a word list and an alias spelt with $'…' or quotes are found too", () => {
    const code = `$(touch ${marker})`;
    expect(bashCommand("python3 $'-c' 'print(\"${X}\")'", () => code)).toEqual({ error: expect.stringContaining("is written into the code python3 takes from -c") });
    expect(bashCommand("python3 $'-\\x63' 'print(\"${X}\")'", () => code)).toEqual({ error: expect.stringContaining("is written into the code python3 takes from -c") });
    expect(bashCommand("node $'-e' 'console.log(\"${X}\")'", () => code)).toEqual({ error: expect.stringContaining("is written into the code node takes from -e") });
    expect(bashCommand('printf "1\\n" | "mapfile" -t -C "${X}" -c 1 arr', () => "plain")).toEqual({ error: expect.stringContaining("would run as a command") });
    expect(bashCommand("$'compgen' -W \"${X}\" a", () => code)).toEqual({ error: expect.stringContaining("the word list compgen -W expands again") });
    expect(bashCommand("$'alias' a=\"${X}\"", () => evil)).toEqual({ error: expect.stringContaining("is in an alias's value") });
    // As data they stay text.
    expect(run("$'echo' \"${X}\" | wc -l", { X: evil }).stdout.trim()).toBe("1");
    expect(run("$'printf' '%s' \"${X}\"", { X: evil }).stdout).toBe(evil);
    expect(existsSync(marker)).toBe(false);
  });

  test("a startup file a process substitution gives a shell (--rcfile, --init-file, BASH_ENV, ENV), and a script on another descriptor, are its script too", () => {
    for (const line of [
      'bash --rcfile <(echo "echo ${X}") -i -c true', 'bash --init-file <(printf "%s\\n" "echo ${X}") -ic true', 'BASH_ENV=<(echo "echo ${X}") bash -c true',
      'env BASH_ENV=<(echo "echo ${X}") bash -c :', 'ENV=<(echo "echo ${X}") sh -i -c true', 'bash -c "source /dev/fd/3" 3<<< "echo ${X}"',
      'bash -c ". /dev/fd/3" 3< <(echo "echo ${X}")', 'sh /dev/fd/3 3<<< "echo ${X}"', 'bash /proc/self/fd/3 3<<< "echo ${X}"', 'bash -e <(echo "echo ${X}")',
      "sh -c 'sh /dev/fd/4' 4<<EOF\necho ${X}\nEOF", 'bash -c ". /dev/stdin" <<< "echo ${X}"',
    ]) {
      expect([line, ranAsShown(line)]).toEqual([line, true]);
      expect([line, bashCommand(line, (n) => (n === "X" ? evil : undefined))]).toEqual([line, { error: expect.stringContaining("${X} is inside the script") }]);
    }
    // A descriptor the script only reads as data, a startup file of no printed text, a plain value: as before.
    for (const line of ['bash -c "cat /dev/fd/3" 3<<< "${X}"', 'bash -c "read -r v <&3; echo \\"$v\\"" 3<<< "${X}"', 'BASH_ENV=<(curl -fsS "${X}") bash -c true', 'X=<(echo "${X}") bash -c true'])
      expect([line, "error" in bashCommand(line, (n) => (n === "X" ? evil : undefined))]).toEqual([line, false]);
    expect(run('bash -c ". /dev/fd/3" 3<<< "echo ${X}"', { X: "v-1.2" }).stdout).toBe("v-1.2\n");
    // `--` before the file, the descriptor's file written otherwise, a startup file on a descriptor, a group around the
    // reader, a -c script that evaluates its input: the same.
    for (const line of [
      'sh -- /dev/fd/3 3<<< "echo ${X}"', 'sh -- /dev/stdin <<< "echo ${X}"', 'bash -x -- /dev/fd/3 3<<< "echo ${X}"', 'env sh -- /dev/fd/3 3<<< "echo ${X}"',
      "bash -c 'source -- /dev/fd/3' 3<<< \"echo ${X}\"", 'sh //dev/fd/3 3<<< "echo ${X}"', 'sh /dev/./fd/3 3<<< "echo ${X}"', 'sh /proc/thread-self/fd/3 3<<< "echo ${X}"',
      'BASH_ENV=/dev/fd/3 bash -c true 3<<< "echo ${X}"', 'BASH_ENV=/dev/stdin bash -c true <<< "echo ${X}"', 'bash --rcfile /dev/stdin -i -c true <<< "echo ${X}"',
      'bash --rcfile /dev/fd/3 -i -c true 3<<< "echo ${X}"', 'ENV=/dev/fd/3 sh -i -c true 3<<< "echo ${X}"', '{ sh /dev/fd/3; } 3<<< "echo ${X}"', '( sh /dev/fd/3 ) 3<<< "echo ${X}"',
      'if sh /dev/fd/3; then :; fi 3<<< "echo ${X}"', '{ . /dev/fd/3; } 3<<< "echo ${X}"', "bash -c 'eval \"$(cat)\"' <<< \"echo ${X}\"", "bash -c '$(cat)' <<< \"echo ${X}\"",
      "bash -c 'source <(cat)' <<< \"echo ${X}\"", "bash -c '. <(cat <&3)' 3<<< \"echo ${X}\"",
    ])
      expect([line, bashCommand(line, (n) => (n === "X" ? evil : undefined))]).toEqual([line, { error: expect.stringContaining("${X} is inside the script") }]);
    for (const line of ['{ cat /dev/fd/3; } 3<<< "${X}"', "bash -c 'echo \"$(cat)\"' <<< \"${X}\"", 'sh -- /dev/null <<< "${X}"'])
      expect([line, "error" in bashCommand(line, (n) => (n === "X" ? evil : undefined))]).toEqual([line, false]);
    expect(run('sh -- /dev/fd/3 3<<< "echo ${X}"', { X: "v-1.2" }).stdout).toBe("v-1.2\n");
    // The error says where the script comes from.
    expect(bashCommand('sh /dev/fd/3 3<<< "echo ${X}"', () => evil)).toEqual({ error: expect.stringContaining("${X} is inside the script sh reads from descriptor 3, and its value holds shell syntax") });
    expect(bashCommand("sh -c 'sh /dev/fd/4' 4<<EOF\necho ${X}\nEOF", () => evil)).toEqual({ error: expect.stringContaining("${X} is inside the script sh reads from a heredoc on descriptor 4, and") });
    expect(bashCommand('BASH_ENV=<(echo "echo ${X}") bash -c true', () => evil)).toEqual({ error: expect.stringContaining("${X} is inside the script bash runs as its startup file (a process substitution's output, <(…), named by BASH_ENV), and") });
  });

  test("a function whose body reads its script from a descriptor, called with text on that descriptor, runs the text: refused as the body's reader", () => {
    for (const line of [
      'f() { sh /dev/fd/3; }; f 3<<< "echo ${X}"',
      "f() { sh /dev/fd/3; }\nf 3<<EOF\necho ${X}\nEOF",
      'f() { sh /dev/fd/3; }; f 3< <(echo "echo ${X}")',
      'function g { cd /tmp && . /proc/self/fd/4; }; g 4<<< "echo ${X}"',
      "run() { bash -c '. /dev/fd/3'; }; run 3<<< \"echo ${X}\"",
      'f() { sh /dev/stdin; }; f < <(echo "echo ${X}")',
      'f() { sh; }; f < <(echo "echo ${X}")',
      '{ f() { sh /dev/fd/3; }; }; { f; } 3<<< "echo ${X}"',
      // Any function in the script (a made reader of calls) left the descriptor's readers unasked.
      'g() { :; }; sh /dev/fd/3 3<<< "echo ${X}"',
      "g() { :; }; bash -c '. /dev/fd/3' 3<<< \"echo ${X}\"",
    ]) {
      expect([line, ranAsShown(line)]).toEqual([line, true]);
      expect([line, bashCommand(line, (n) => (n === "X" ? evil : undefined))]).toEqual([line, { error: expect.stringContaining("${X} is inside the script") }]);
    }
    expect(bashCommand('f() { sh /dev/fd/3; }; f 3<<< "echo ${X}"', () => evil)).toEqual({ error: expect.stringContaining("${X} is inside the script sh reads from descriptor 3, and") });
    expect(bashCommand('f() { python3; }; f < <(echo "${X}")', () => evil)).toEqual({ error: expect.stringContaining("whose output python3 reads from its standard input as its program") });
    // A body that reads the descriptor as data, or another descriptor than the call's: the text stays text.
    for (const line of ['f() { cat /dev/fd/3; }; f 3<<< "${X}"', 'f() { sh /dev/fd/3 2>/dev/null; }; f 4<<< "${X}"', 'f() { cat; }; f < <(echo "${X}")', 'f() { sh /dev/fd/3; }; echo f 3<<< "${X}"'])
      expect([line, ranAsShown(line), "error" in bashCommand(line, (n) => (n === "X" ? evil : undefined))]).toEqual([line, false, false]);
    expect(run('f() { sh /dev/fd/3; }; f 3<<< "echo ${X}"', { X: "v-1.2" }).stdout).toBe("v-1.2\n");
  });

  test("text exec opens on a descriptor for the rest of the script (exec 3<<< '…'), read by a later shell or interpreter, runs: refused", () => {
    for (const line of ['exec 3<<< "echo ${X}"; sh /dev/fd/3', 'exec 3<<< "echo ${X}"\nbash /dev/fd/3', "exec 4<<EOF\necho ${X}\nEOF\nsh /dev/fd/4", 'exec <<< "echo ${X}"; bash', 'exec 3<<< "echo ${X}"; echo hi; . /dev/fd/3']) {
      expect([line, ranAsShown(line)]).toEqual([line, true]);
      expect([line, bashCommand(line, (n) => (n === "X" ? evil : undefined))]).toEqual([line, { error: expect.stringContaining("${X} is inside the script") }]);
    }
    expect(bashCommand('exec 3<<< "${X}"; python3 /dev/fd/3', () => evil)).toEqual({ error: expect.stringContaining("${X} is in the text python3 reads from descriptor 3 as its program") });
    // Read as data, or on another descriptor: the text stays text.
    for (const line of ['exec 3<<< "${X}"; cat /dev/fd/3', 'exec 3<<< "${X}"; sh /dev/fd/4 2>/dev/null', 'exec 3<<< "${X}"; read -r v <&3; echo "$v"', 'exec 3<<< "${X}"; bash -c true'])
      expect([line, ranAsShown(line), "error" in bashCommand(line, (n) => (n === "X" ? evil : undefined))]).toEqual([line, false, false]);
  });

  test("text exec opens on a descriptor, copied to a shell's standard input later (exec 3<<< '…'; bash 0<&3), runs: refused", () => {
    for (const line of ['exec 3<<< "echo ${X}"; bash 0<&3', 'exec 3<<< "echo ${X}"; sh <&3']) {
      expect([line, ranAsShown(line)]).toEqual([line, true]);
      expect([line, bashCommand(line, (n) => (n === "X" ? evil : undefined))]).toEqual([line, { error: expect.stringContaining("${X} is inside the script") }]);
    }
  });

  test("text exec opens on a descriptor, printed by a substitution eval runs (exec 3<<< '…'; eval \"$(cat <&3)\"), runs: refused", () => {
    for (const line of ['exec 3<<< "echo ${X}"; eval "$(cat <&3)"', 'exec 3<<< "echo ${X}"; eval "$(cat /dev/fd/3)"', 'exec 3<<< "echo ${X}"; eval "source /dev/fd/3"']) {
      expect([line, ranAsShown(line)]).toEqual([line, true]);
      expect([line, bashCommand(line, (n) => (n === "X" ? evil : undefined))]).toEqual([line, { error: expect.stringContaining("${X} is inside the script eval reads from descriptor 3") }]);
    }
    // On the command's own redirection, bash runs a substitution in double quotes before it opens it: it reads no text.
    for (const line of ['exec 3<<< "${X}"; v="$(cat <&3)"; echo "$v"', 'exec 3<<< "${X}"; echo "$(cat <&3)"', 'exec 3<<< "echo ${X}"; eval "$(cat <&4)"', 'sh -c "$(cat)" <<< "echo ${X}"', 'bash -c "$(cat <&3)" 3<<< "echo ${X}"'])
      expect([line, ranAsShown(line), "error" in bashCommand(line, (n) => (n === "X" ? evil : undefined))]).toEqual([line, false, false]);
  });

  test("text exec opens on a named descriptor (exec {fd}<<< '…'), whose number is unknown, read by a later shell through /dev/fd/$fd: refused", () => {
    for (const line of ['exec {fd}<<< "echo ${X}"; sh /dev/fd/$fd', 'exec {fd}<<< "echo ${X}"; . /dev/fd/$fd', 'exec {fd}<<< "echo ${X}"; sh /proc/self/fd/$fd']) {
      expect([line, ranAsShown(line)]).toEqual([line, true]);
      expect([line, bashCommand(line, (n) => (n === "X" ? evil : undefined))]).toEqual([line, { error: expect.stringContaining("${X} is inside the script") }]);
    }
    for (const line of ['exec {fd}<<< "${X}"; cat /dev/fd/$fd', 'exec {fd}<<< "${X}"; read -r v <&$fd; echo "$v"'])
      expect([line, ranAsShown(line), "error" in bashCommand(line, (n) => (n === "X" ? evil : undefined))]).toEqual([line, false, false]);
  });

  test("source or . of a descriptor's file is read the same however its path is spelt (fdFiles, normalPath)", () => {
    const refused = (line: string) => "error" in bashCommand(line, (n) => (n === "X" ? evil : undefined));
    for (const file of ["/dev/stdin", "//dev/stdin", "/dev/./stdin", "/proc/thread-self/fd/0", "/proc/self/fd/3", "//proc//self/fd/3", "/dev/fd/3"])
      for (const line of [`. ${file} "\${X}"`, `source ${file} "\${X}"`]) expect([line, refused(line)]).toEqual([line, true]);
    for (const line of ['. ./lib.sh "${X}"', 'source /dev/null "${X}"', 'cat //dev/stdin "${X}"']) expect([line, refused(line)]).toEqual([line, false]);
  });

  test("a shell or interpreter fed the value whose program path cannot be known to be no descriptor's file runs it: refused, the path and why named", () => {
    // The retest's shapes, each seen to run the value here: another spelling of the file (/proc/self/root links to /,
    // /proc/$$ and /proc/$BASHPID are the shell's own), a relative path from a directory of descriptors, a pattern,
    // braces, an expansion in the path; a function calling another, a definition's redirection, the file as an
    // argument; a -c script that runs one.
    const unknown = "cannot be known to be no descriptor's file";
    const shells: [string, string][] = [
      ['sh /proc/self/root/dev/stdin <<< "${X}"', 'its program path, "/proc/self/root/dev/stdin", cannot be known to be no descriptor\'s file: a path under /proc'],
      ['sh /proc/self/root/proc/self/fd/0 <<< "${X}"', unknown],
      ['{ sh /proc/$$/fd/3; } 3<<< "${X}"', 'its program path, "/proc/$$/fd/3", cannot be known to be no descriptor\'s file: an expansion bash fills in'],
      ['{ sh /proc/$BASHPID/fd/3; } 3<<< "${X}"', unknown],
      ['cd /dev && sh stdin <<< "${X}"', "its last part is stdin, stdout, stderr or a number"],
      ['cd /dev && sh ./stdin <<< "${X}"', unknown],
      ['sh /dev/std?n <<< "${X}"', "a pattern bash fills in"],
      ['sh -- /dev/std?n <<< "${X}"', "a pattern bash fills in"],
      ['sh /dev/{stdin,null} <<< "${X}"', "braces bash expands"],
      ['n=0; sh /dev/fd/$n <<< "${X}"', "sh reads from its standard input"],
      ['sh $${IN:-/dev/stdin} <<< "${X}"', "an expansion bash fills in"],
      // Written with a scenario reference's default, the path is that value, read as it is (withPathValues).
      ['sh ${IN:-/dev/stdin} <<< "${X}"', "sh reads from its standard input"],
      ['sh $(echo /dev/stdin) <<< "${X}"', 'its program path, "$(echo /dev/stdin)"'],
      ['sh `echo /dev/stdin` <<< "${X}"', unknown],
      ['echo "${X}" | sh "/dev/stdin"', "sh reads from its standard input"],
      ['sh /dev/stdout 1<<< "${X}"', "sh reads from descriptor 1"],
      ["sh /proc/self/root/dev/stdin <<EOF\n${X}\nEOF", "sh reads from a heredoc (its program path"],
      ['{ sh /proc/$$/fd/3; } 3< <(echo "${X}")', unknown],
      // source and . of anything with a redirection of their own are refused as they were.
      ['source /proc/self/root/dev/stdin <<< "${X}"', "source reads as code"],
      ['. "$(echo /dev/stdin)" <<< "${X}"', ". reads as code"],
      ['BASH_ENV=/proc/self/root/dev/stdin bash -c true <<< "${X}"', unknown],
      ['g() { sh /dev/fd/3; }; f() { g; }; f 3<<< "${X}"', "sh reads from descriptor 3"],
      ['( f() { g; }; g() { h; }; h() { sh /dev/fd/5; }; f ) 5<<< "${X}"', "sh reads from descriptor 5"],
      ['f() { sh /dev/fd/3; } 3<&0; f <<< "${X}"', "sh reads from its standard input"],
      ['f() { sh "$1"; }; f /dev/fd/3 3<<< "${X}"', 'sh reads from descriptor 3 (its program path, "$1", cannot be known'],
      ['f() { sh "$1"; }; f /dev/stdin <<< "${X}"', unknown],
      ['f() { sh /dev/fd/$1; }; f 3 3<<< "${X}"', "sh reads from descriptor 3"],
      ["bash -c 'sh' <<< \"${X}\"", "sh reads from its standard input"],
      ["bash -c 'sh \"$0\"' /dev/stdin <<< \"${X}\"", unknown],
      ["bash -c 'cat | sh' <<< \"${X}\"", "sh reads from its standard input"],
      ["bash -c 'sh /dev/std?n' <<< \"${X}\"", unknown],
      ['f() { sh /dev/fd/3; }; export -f f; bash -c f 3<<< "${X}"', "sh reads from descriptor 3"],
    ];
    for (const [line, says] of shells) {
      expect([line, ranAsShown(line)]).toEqual([line, true]);
      const r = bashCommand(line, (n) => (n === "X" ? evil : undefined));
      expect([line, "error" in r ? r.error : "not refused"]).toEqual([line, expect.stringContaining("${X} is inside the script")]);
      expect([line, "error" in r ? r.error : ""]).toEqual([line, expect.stringContaining(says)]);
    }
    // An uncertain path says how to name the file instead.
    expect(bashCommand('sh /dev/std?n <<< "${X}"', () => evil)).toEqual({ error: expect.stringContaining("; or, if the text is the data of a script file, name the program file by a plain path to an ordinary file") });
    // An interpreter the same, whatever the value: its program.
    const program = `import os; os.system('touch ${marker}')`;
    const interpreters: [string, string][] = [
      ['python3 /proc/self/root/dev/stdin <<< "${X}"', 'is in the text python3 reads from its standard input as its program (its program path, "/proc/self/root/dev/stdin", cannot be known to be no descriptor\'s file: a path under /proc'],
      ['n=0; python3 /proc/self/fd/$${n:-0} <<< "${X}"', "python3 reads from its standard input as its program"],
      ['n=0; python3 /proc/self/fd/${n:-0} <<< "${X}"', "python3 reads from its standard input as its program"],
      ['{ python3 /proc/$BASHPID/fd/3; } 3<<< "${X}"', "python3 reads from descriptor 3 as its program (its program path"],
      ['cd /dev && python3 stdin <<< "${X}"', unknown],
      ['f() { python3 "$1"; }; f /dev/stdin <<< "${X}"', unknown],
      ['echo "${X}" | python3 "/dev/stdin"', "python3 reads from its standard input as its program"],
      ["bash -c 'python3 /dev/stdin' <<< \"${X}\"", "python3 reads from its standard input as its program"],
      ["bash -c 'python3' <<< \"${X}\"", "python3 reads from its standard input as its program"],
    ];
    for (const [line, says] of interpreters) {
      rmSync(marker, { force: true });
      Bun.spawnSync(["bash", "-c", displayCommand(line, (n) => (n === "X" ? program : undefined))], { env: { PATH: process.env.PATH! }, stdout: "ignore", stderr: "ignore", ...SYNC_CHILD_LIMIT });
      expect([line, existsSync(marker)]).toEqual([line, true]);
      rmSync(marker, { force: true });
      const r = bashCommand(line, (n) => (n === "X" ? "1" : undefined));
      expect([line, "error" in r ? r.error : "not refused"]).toEqual([line, expect.stringContaining(says)]);
    }
    expect(bashCommand('python3 "$F" <<< "${X}"', () => "1")).toEqual({ error: expect.stringContaining("where its value would run as code: name the program file by a plain path to an ordinary file") });
  });

  test("a program path that is plainly an ordinary file keeps the value data: relative or absolute, after a cd, in a function, a scenario variable's value", () => {
    const scripts = join(dir, "scripts");
    mkdirSync(scripts, { recursive: true });
    writeFileSync(join(dir, "deploy.sh"), "cat\n");
    writeFileSync(join(dir, "run.sh"), "cat\n");
    writeFileSync(join(scripts, "x.sh"), "cat\n");
    writeFileSync(join(dir, "script.py"), "import os, sys\nprint(sys.stdin.read() if len(sys.argv) < 2 else os.read(3, 4096).decode(), end='')\n");
    const py = join(dir, "script.py");
    for (const line of [
      `cd '${dir}' && sh ./deploy.sh <<< "\${X}"`,
      `cd '${dir}' && sh scripts/x.sh <<< "\${X}"`,
      `cd '${scripts}' && sh ../deploy.sh <<< "\${X}"`,
      `sh '${dir}/deploy.sh' <<< "\${X}"`,
      `python3 ${py} fd3 3<<< "\${X}"`,
      `python3 ${py} <<< "\${X}"`,
      `cd '${dir}' && python3 script.py <<< "\${X}"`,
      "python3 -c 'import sys; print(sys.stdin.read(), end=\"\")' <<< \"${X}\"",
      'cat /dev/fd/3 3<<< "${X}"',
      "sh -c 'read -r a; printf \"%s\\n\" \"$a\"' <<< \"${X}\"",
      'f() { cat; }; f <<< "${X}"',
      `f() { sh ./run.sh; }; cd '${dir}' && f <<< "\${X}"`,
      `bash -c 'python3 ${py}' <<< "\${X}"`,
      // A scenario variable's value in the path is read as that value: here an ordinary file.
      'python3 "${PY}" <<< "${X}"',
      'sh "${DIR}/deploy.sh" <<< "${X}"',
    ]) {
      const out = run(line, { X: evil, PY: py, DIR: dir }).stdout;
      expect([line, out.includes(evil)]).toEqual([line, true]);
    }
    expect(existsSync(marker)).toBe(false);
    // A scenario variable whose value is a descriptor's file is read as that file.
    expect(bashCommand('python3 "${P}" <<< "${X}"', (n) => (n === "P" ? "/dev/stdin" : "1"))).toEqual({ error: expect.stringContaining("python3 reads from its standard input as its program") });
    expect(bashCommand('sh "${P}" <<< "${X}"', (n) => (n === "P" ? "/proc/self/root/dev/stdin" : evil))).toEqual({ error: expect.stringContaining("${X} is inside the script sh reads from its standard input") });
  });

  test("a descriptor is the number written as a word of its own before the redirection: a3<<< is the word a3, then a here-string on the standard input", () => {
    // bash 5.2: `cat a3<<< hi` reads the file a3; `(cat <&3)3<<< hi` prints hi.
    const error = (line: string) => {
      const r = bashCommand(line, (n) => (n === "X" ? evil : undefined));
      return "error" in r ? r.error : "not refused";
    };
    expect(error('sh /dev/fd/3 3<<< "echo ${X}"')).toContain("${X} is inside the script sh reads from descriptor 3, and");
    expect(error('sh -s a3<<< "echo ${X}"')).toContain("${X} is inside the script sh reads from its standard input, and");
    expect(error("sh -s a3<<EOF\necho ${X}\nEOF")).toContain("${X} is inside the script sh reads from a heredoc, and");
    expect(error("sh /dev/fd/3 3<<EOF\necho ${X}\nEOF")).toContain("${X} is inside the script sh reads from a heredoc on descriptor 3, and");
    // After an operator it is one too; on a group, the group ends before it (`} 3< <(…)`).
    for (const line of ['(sh /dev/fd/3)3<<< "echo ${X}"', '(sh /dev/fd/3)3< <(echo "echo ${X}")', "true;3<<< \"echo ${X}\" sh /dev/fd/3", '{ sh /dev/fd/3; } 3< <(echo "echo ${X}")', '( sh /dev/fd/3 ) 3< <(echo "echo ${X}")']) {
      expect([line, ranAsShown(line)]).toEqual([line, true]);
      expect([line, error(line)]).toEqual([line, expect.stringContaining("${X} is inside the script sh reads from descriptor 3")]);
    }
    // The word a3 is a file's name or an argument; the here-string is the standard input, read as data. (No a3 is
    // written where the tests run: the files are the test's own directory's.)
    const a3 = join(dir, "a3");
    for (const line of [`cat ${a3}<<< "\${X}"`, `grep foo ${a3}<<< "\${X}"`, `echo "\${X}" > ${a3}`, `sh /dev/fd/3 ${a3}<<< "\${X}"`, 'cat /dev/fd/3 3<<< "${X}"', `cat - ${a3}<<< "\${X}"`, 'cat a3<<< "${X}"'])
      expect([line, ranAsShown(line), error(line)]).toEqual([line, false, "not refused"]);
    writeFileSync(a3, "data\n");
    expect(run(`cat - ${a3}<<< "\${X}"`, { X: evil }).stdout).toBe(`${evil}\ndata\n`);
  });

  test("text printed by a command substitution that is the script is code there, whatever command prints it", () => {
    for (const line of [
      "bash -c \"$(echo 'echo ${X}')\"", "eval $(printf '%s' \"echo ${X}\")", "sh -c \"`echo 'echo ${X}'`\"", "sh -c \"x=1; $(echo echo ${X})\"",
      "bash -c \"$(cat <<< 'echo ${X}')\"", "eval \"$(tr -d '~' <<< 'echo ${X}')\"", "sh -c \"$(cat <<EOF\necho ${X}\nEOF\n)\"", "sh -c \"$(cat <<'EOF'\necho ${X}\nEOF\n)\"",
      "bash -c \"$(cat \"$(echo /dev/stdin)\" <<< 'echo ${X}')\"", "eval \"$(cat <<< \"$(echo 'echo ${X}')\")\"",
      "sh <<< \"$(cat <<< 'echo ${X}')\"", "echo \"$(cat <<< 'echo ${X}')\" | sh",
    ]) {
      expect(ranAsShown(line)).toBe(true);
      expect(bashCommand(line, (n) => (n === "X" ? evil : undefined))).toEqual({ error: expect.stringContaining("it would run") });
      expect(run(line, { X: "v-1.2" }).stdout).toContain("v-1.2");
    }
  });

  test("text printed into a process substitution a shell reads is its script (not run here: the shell outlives bash)", () => {
    for (const line of ['echo "echo ${X}" > >(sh)', 'echo "echo ${X}" | tee >(sh)', "printf '%s' \"${X}\" > >( bash -s )", 'tee >(sh) <<< "echo ${X}"', 'cat > >(sh) <<< "echo ${X}"', '{ echo "echo ${X}"; } > >(sh)', 'echo "echo ${X}" > >(cat | sh)', 'echo "echo ${X}" &> >(sh)']) {
      expect(bashCommand(line, (n) => (n === "X" ? evil : undefined))).toEqual({ error: expect.stringContaining("${X} is inside the script") });
    }
  });

  test("what a shell ssh starts on another host reads is its script; the advice sends the value as data (no sshd here: read, not run)", () => {
    for (const line of ["ssh host <<EOF\necho ${X}\nEOF", "ssh -p 22 -i key host bash -s <<EOF\necho ${X}\nEOF", 'echo "echo ${X}" | ssh host', 'ssh host <<< "echo ${X}"', 'ssh host "echo ${X}"'])
      expect([line, bashCommand(line, (n) => (n === "X" ? evil : undefined))]).toEqual([line, { error: expect.stringContaining("it would run on the remote host. ssh hands the remote shell none of this bash's variables") }]);
    // The remote command's input, or a file, is data: what the advice writes stays text.
    for (const line of ["ssh host 'read -r v; echo \"$v\"' <<< \"${X}\"", 'ssh -o BatchMode=yes host cat > /tmp/f <<< "${X}"', 'ssh host \'cat > /tmp/f\' <<EOF\n${X}\nEOF'])
      expect([line, bashCommand(line, (n) => (n === "X" ? evil : undefined))]).toEqual([line, expect.objectContaining({ command: expect.any(String) })]);
  });

  test("ssh's ProxyCommand, LocalCommand and KnownHostsCommand, glued to -o or not, are scripts a shell on this machine reads (not run here: no sshd)", () => {
    const lookup = (n: string) => (n === "Y" ? evil : undefined);
    for (const line of ['ssh -oProxyCommand="echo ${Y}" h true', 'ssh -o ProxyCommand="echo ${Y}" h true', 'ssh -o "ProxyCommand=echo ${Y}" h true', "ssh -oProxyCommand='nc ${Y} 22' h", 'ssh -o LocalCommand="echo ${Y}" -o PermitLocalCommand=yes h', 'ssh -oKnownHostsCommand="${Y}" h'])
      expect([line, bashCommand(line, lookup)]).toEqual([line, { error: expect.stringMatching(/^\$\{Y\} is inside the command ssh's (ProxyCommand|LocalCommand|KnownHostsCommand) option hands a shell on this machine, not the remote host/) }]);
    // RemoteCommand runs on the host.
    expect(bashCommand('ssh -o RemoteCommand="echo ${Y}" h', lookup)).toEqual({ error: expect.stringContaining("it would run on the remote host") });
    // Another option's value is ssh's own.
    expect("error" in bashCommand('ssh -oUser="${Y}" h true', lookup)).toBe(false);
    // scp and sftp hand their -o options to the ssh they start.
    for (const line of ['scp -o ProxyCommand="echo ${Y}" h:a b', 'sftp -oProxyCommand="echo ${Y}" h', 'scp -o "LocalCommand=echo ${Y}" a h:b'])
      expect([line, bashCommand(line, lookup)]).toEqual([line, { error: expect.stringMatching(/^\$\{Y\} is inside the command (scp|sftp)'s (ProxyCommand|LocalCommand) option hands a shell on this machine/) }]);
    expect("error" in bashCommand('scp -oUser="${Y}" a h:b', lookup)).toBe(false);
  });

  test("a program named by a scenario variable given -c, sg GROUP CMD and watch's words are scripts too (not run here: sg and watch need a group, a terminal)", () => {
    const lookup = (n: string) => (n === "X" ? evil : n === "S" ? "bash" : undefined);
    for (const line of ['${S} -c "echo ${X}"', 'sg grp "echo ${X}"', "watch -n 1 echo ${X}", 'sudo $SHELL -c "echo ${X}"'])
      expect([line, bashCommand(line, lookup)]).toEqual([line, { error: expect.stringContaining("${X} is inside the script") }]);
    // A script file or an argument after the script, watch -x (no shell), an expansion that is an argument: text.
    for (const line of ['$SHELL check.sh "${X}"', '$SHELL -c \'echo "$1"\' _ "${X}"', 'watch -x echo "${X}"', 'echo $A -c "${X}"'])
      expect([line, "error" in bashCommand(line, lookup)]).toEqual([line, false]);
  });

  test("a process substitution's output is what its command prints: echo's and printf's words, a here-string, a heredoc; a URL, a revision or a file's name there is data", () => {
    const vars: Record<string, string> = { URL: "http://127.0.0.1:1/install.sh?channel=stable&v=2", ENV_FILE: "/tmp/my logs (prod)/.env", REF: "origin/release-1.2", M: evil };
    for (const line of [
      'bash <(curl -fsSL "${URL}")', 'sh < <(curl -fsSL "${URL}")', 'source <(sed "s/^/export /" "${ENV_FILE}")', '. <(grep -v "^#" "${ENV_FILE}")',
      'python3 <(curl -fsSL "${URL}") --user', 'python3 <(git show "${REF}:scripts/check.py")', 'awk -f <(curl -s "${URL}") f', 'psql -d app -f <(sed "s/a/b/" "${ENV_FILE}")',
      'sqlite3 app.db < <(cat "${ENV_FILE}")', "ssh host 'bash -s' < <(curl -fsSL \"${URL}\")",
    ])
      expect([line, bashCommand(line, (n) => vars[n])]).toEqual([line, expect.objectContaining({ command: expect.any(String) })]);
    // Printed there, it is the program's or the script's text; and every command of a subshell or loop reads it.
    for (const line of [
      'bash <(echo "echo ${M}")', 'source <(printf "%s" "${M}")', "ssh host 'bash -s' < <(echo \"${M}\")", '(cd /tmp && sh) < <(echo "echo ${M}")',
      'if true; then echo "echo ${M}"; fi | (cd /tmp; bash -s)', 'for x in 1; do echo "echo ${M}"; done > >(cd /tmp && sh)', 'echo "${M}" | while read -r l; do echo "$l"; done > >(sh)',
    ])
      expect([line, bashCommand(line, (n) => vars[n])]).toEqual([line, { error: expect.stringContaining("it would run") }]);
  });

  test("a value that is an argument of a shell's script, not in it, stays text", () => {
    expect(run("sh -c 'echo \"$0\"' \"${X}\"", { X: evil }).stdout).toBe(`${evil}\n`);
    expect(run("bash --norc -c 'echo \"$1\"' x ${X}", { X: evil }).stdout).toBe(`${evil}\n`);
    expect(existsSync(marker)).toBe(false);
  });

  test("the error says how to write it so that the value stays text, and that way it does", () => {
    const error = (line: string) => (bashCommand(line, () => evil) as { error: string }).error;
    expect(error("bash <<< 'echo ${X}'")).toContain("${X} is inside the script bash reads from its standard input, and its value holds shell syntax");
    expect(error("bash <<< 'echo ${X}'")).toContain("Write $X there instead");
    expect(error('bash <<< "echo ${X}"')).toContain("Write \\$X there instead");
    expect(error("bash <<EOF\necho ${X}\nEOF")).toContain("${X} is inside the script bash reads from a heredoc");
    expect(error("bash <<EOF\necho ${X}\nEOF")).toContain("Write \\$X there instead");
    expect(error("bash <<'EOF'\necho ${X}\nEOF")).toContain("Write $X there instead");
    // Unquoted, this bash would expand a plain $X itself: the advice keeps it in single quotes, and that way it is text.
    expect(error("echo echo ${X} | sh")).toContain("Write '$X' there instead");
    expect(error("eval ${X}")).toContain("Write '$X' there instead");
    // su - and runuser -l start a fresh environment: the advice says to pass the value as an argument there.
    expect(error('su - root -c "echo ${X}"')).toContain("which the shell su starts expands as text; the backslash keeps this bash from expanding it first), or pass it as an argument (with - or -l, su starts a fresh environment, where it is not set: pass it as an argument then)");
    for (const line of ["bash <<< 'echo \"$X\"'", 'bash <<< "echo \\"\\$X\\""', "bash <<EOF\necho \"\\$X\"\nEOF", "bash <<'EOF'\necho \"$X\"\nEOF", "echo 'echo \"$X\"' | sh", "echo echo '\"$X\"' | sh"]) {
      const r = Bun.spawnSync(["bash", "-c", line], { env: { PATH: process.env.PATH!, X: evil }, ...SYNC_CHILD_LIMIT });
      expect(r.stdout.toString()).toBe(`${evil}\n`);
      expect(existsSync(marker)).toBe(false);
    }
  });

  test("text no shell reads as a script keeps any value", () => {
    const data = `x'"; $(touch ${marker}) | \`touch ${marker}\``;
    writeFileSync(join(dir, "cat.sh"), "cat\n");
    writeFileSync(join(dir, "ok.sh"), "echo ok\n");
    for (const [line, want] of [
      ["cat <<< '${X}'", `${data}\n`],
      ['grep -F x <<< "${X}"', `${data}\n`],
      ["echo '${X}' | cat", `${data}\n`],
      // Printed inside a group whose output goes to no shell, or away before it reaches one; or into a substitution.
      ["{ echo '${X}'; } | cat", `${data}\n`],
      ["{ echo ${X} > /dev/null; } | sh; echo done", "done\n"],
      ["( echo ${X}; ) > /dev/null; echo done", "done\n"],
      ['x=$(echo ${X}); echo "$x"', `${data}\n`],
      ["echo ${X} | cat", `${data}\n`],
      ["for d in done; do echo ${X}; done | cat", `${data}\n`],
      ["for i in 1; do echo ${X}; done > /dev/null; echo done", "done\n"],
      ['x=$(case a in a) echo ${X};; esac); echo "$x" | cat', `${data}\n`],
      ["echo ${X} | cat; for i in 1; do :; done | sh", `${data}\n`],
      ["f() { echo ${X}; }; f | cat; echo f | cat", `${data}\nf\n`],
      ["f() { echo ${X}; }; f > /dev/null; echo done", "done\n"],
      // A substitution's output as an argument or a variable's value is data.
      ['echo "$(echo \'${X}\')"', `${data}\n`],
      ["sh -c 'echo \"$0\"' \"$(echo ${X})\"", `${data}\n`],
      ["echo \"${X}\" | grep -c x", "1\n"],
      ["bash -c 'cat' <<< \"${X}\"", `${data}\n`],
      ["echo \"${X}\" | sh -c 'cat'", `${data}\n`],
      ["echo \"${X}\" | bash " + join(dir, "cat.sh"), `${data}\n`],
      ["bash -s -- \"${X}\" <<< 'printf \"%s\\n\" \"$1\"'", `${data}\n`],
      ["echo \"${X}\" >&2 | bash; echo \"${X}\" || sh", `${data}\n`],
      ["while read -r l; do printf '%s\\n' \"$l\"; done <<< \"${X}\"", `${data}\n`],
      ["cat <<EOF\n${X}\nEOF", `${data}\n`],
      ["cat <<EOF | tr a a\n${X}\nEOF", `${data}\n`],
      // A shell on the pipe whose standard input its own redirection replaces reads that, not the pipe.
      ["echo \"${X}\" | bash < " + join(dir, "ok.sh"), "ok\n"],
      ['cat <<< "${X}" | bash <<< "echo ok"', "ok\n"],
      // eval, trap, source and . as another command's argument are text (they are builtins: they run only as the command).
      ['echo eval "${X}"', `eval ${data}\n`],
      ["printf '%s\\n' trap \"${X}\"", `trap\n${data}\n`],
      ['echo . "${X}"', `. ${data}\n`],
    ] as const) {
      expect(run(line, { X: data }).stdout).toBe(want);
    }
    expect(existsSync(marker)).toBe(false);
  });

  test("a shell's options are read as bash reads them wherever its input or a descriptor goes: only among its options, up to its first operand", () => {
    // xargs sh -c followed by an option: the option is the shell's, and the input's first word its script.
    for (const line of ["echo \"${X}\" | xargs -d '\\n' sh -c -u", "echo \"${X}\" | xargs -d '\\n' bash -c -x", "xargs -d '\\n' sh -c -- <<< \"${X}\""]) {
      expect([line, ranAsShown(line)]).toEqual([line, true]);
      expect([line, bashCommand(line, (n) => (n === "X" ? evil : undefined))]).toEqual([line, { error: expect.stringContaining("${X} reaches the input xargs hands") }]);
    }
    // A -c or --rcfile after the first operand is an argument of the script: the value is data there.
    const data = `x'"; $(touch ${marker}) | \`touch ${marker}\``;
    writeFileSync(join(dir, "args.sh"), 'printf "%s\\n" "$@"\n');
    const args = join(dir, "args.sh");
    for (const [line, want] of [
      [`echo "\${X}" | xargs -d '\\n' sh ${args} -c`, `-c\n${data}\n`],
      ["bash -c 'cat /dev/fd/3' x --rcfile /dev/fd/3 3<<< \"${X}\"", `${data}\n`],
      [`bash ${args} --init-file /dev/stdin <<< "\${X}"`, "--init-file\n/dev/stdin\n"],
    ] as const) {
      expect([line, "error" in bashCommand(line, (n) => (n === "X" ? data : undefined))]).toEqual([line, false]);
      expect(run(line, { X: data }).stdout).toBe(want);
    }
    expect(existsSync(marker)).toBe(false);
  });

  test("only -o, -O, +o and +O take the next word among a shell's short options: after -e or -x the first operand is its script file, and -c an argument of it", () => {
    // bash -e FILE -c '…' runs FILE with `-c` and the text as its arguments: the text is data.
    const data = `x'"; $(touch ${marker}) | \`touch ${marker}\``;
    writeFileSync(join(dir, "check"), 'printf "%s\\n" "$@"\n');
    for (const [line, want] of [
      ["bash -e check -c 'echo ${X}'", `-c\necho ${data}\n`],
      ['bash -x check -c "${X}"', `-c\n${data}\n`],
      ['sh -eu check -c "echo ${X}"', `-c\necho ${data}\n`],
    ] as const) {
      const cmd = bashCommand(line, (n) => (n === "X" ? data : undefined), "__t_");
      expect([line, "error" in cmd ? cmd.error : ""]).toEqual([line, ""]);
      if ("error" in cmd) continue;
      const r = Bun.spawnSync(["bash", "-c", cmd.command], { cwd: dir, env: { PATH: process.env.PATH!, ...cmd.env }, ...SYNC_CHILD_LIMIT });
      expect(r.stdout.toString()).toBe(want);
    }
    expect(existsSync(marker)).toBe(false);
    // -o and -O take their option's name; -c among the options still makes the first operand the script.
    for (const line of ["bash -o pipefail -c 'echo ${X}'", "bash -eo pipefail -c 'echo ${X}'", "bash -O extglob -c 'echo ${X}'", "bash +o posix -c \"echo ${X}\"", "bash -e -c 'echo ${X}'", "bash -e -x -c 'echo ${X}'"]) {
      expect([line, ranAsShown(line)]).toEqual([line, true]);
      expect([line, bashCommand(line, (n) => (n === "X" ? evil : undefined))]).toEqual([line, { error: expect.stringContaining("${X} is inside the script") }]);
    }
  });
});
