// Which ${NAME}s of a `run:` stand where bash (or the list form) takes the program to run: the loader refuses a captured one there.
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { listProgramRefs, scriptProgramRefs } from "./program-refs.ts";
import { displayCommand } from "../../vars/shell-refs.ts";
import { SYNC_CHILD_LIMIT } from "../../../test/helpers/bounded-spawn.ts";

/** The references found, each as its name and the text from its `${` on (so an offset is read at a glance). */
const found = (script: string) => scriptProgramRefs(script).map((r) => `${r.name}@${script.slice(r.offset, r.offset + r.name.length + 3)}`);
/** How many of the references to CMD are found, and whether each found one is a real `${CMD}` of the script. */
const count = (script: string) => {
  const refs = scriptProgramRefs(script);
  for (const r of refs) expect(script.slice(r.offset, r.offset + r.name.length + 3)).toBe(`\${${r.name}}`);
  return refs.length;
};

/** The names of the references found where a program goes (not those of an assignment a program reads as code). */
const names = (script: string) => scriptProgramRefs(script).filter((r) => r.assigned === undefined).map((r) => r.name);

/** The references found in assignments, each as its name and the variable it is assigned to. */
const assigned = (script: string) => scriptProgramRefs(script).filter((r) => r.assigned !== undefined).map((r) => `${r.name}>${r.assigned}`);

describe("scriptProgramRefs", () => {
  test("the first word of a simple command, after assignments, ! and the keywords, in a pipeline or list, in every command of a line", () => {
    expect(found("${CMD}")).toEqual(["CMD@${CMD}"]);
    expect(scriptProgramRefs("echo start; ${CMD}; x=1 ${CMD}")).toEqual([
      { name: "CMD", offset: 12 },
      { name: "CMD", offset: 24 },
    ]);
    for (const script of [
      "! ${CMD}",
      "a | ${CMD}",
      "a |& ${CMD}",
      "a && ${CMD}",
      "a || ${CMD}",
      "a & ${CMD}",
      "a\n${CMD} x",
      "a=1 b=2 ${CMD} x",
      'a="x y" ${CMD}',
      "if ${CMD}; then :; fi",
      "if true; then ${CMD}; fi",
      "if true; then :; else ${CMD}; fi",
      "if false; then :; elif ${CMD}; then :; fi",
      "while ${CMD}; do :; done",
      "until false; do ${CMD}; done",
      "for x in a b; do ${CMD} \"$x\"; done",
      "{ ${CMD}; }",
      "( ${CMD} )",
      "(${CMD})",
      "time ${CMD}",
      "time -p ${CMD}",
      "f() { ${CMD}; }",
      "function f { ${CMD}; }",
      "case $x in a) ${CMD} ;; esac",
      "case $x in (a|b) echo ;; *) ${CMD} ;; esac",
      "2>/dev/null ${CMD}",
      "> out ${CMD}",
      "<in ${CMD}",
      "echo $(${CMD} x)",
      "echo `${CMD}`",
      'echo "$(${CMD})"',
      'echo "a $(echo; ${CMD}) b"',
      "diff <(${CMD}) f",
      "x=$(${CMD})",
      "coproc ${CMD}",
    ])
      expect([script, count(script)]).toEqual([script, 1]);
  });

  test("a reference anywhere in the program's word, whatever its quotes: the value names or completes the program", () => {
    for (const script of ['"${CMD}" arg', "'${CMD}'", "${DIR}/bin/tool x", "/usr/bin/${TOOL}", "./${NAME}.sh", 'x"${CMD}"']) expect([script, count(script)]).toEqual([script, 1]);
    expect(found("${A}${B} x")).toEqual(["A@${A}", "B@${B}"]);
  });

  test("after a program that runs the rest (sudo, env, timeout, nice, nohup, exec, command, xargs, find -exec …), past its options and their arguments", () => {
    for (const script of [
      "sudo ${CMD}",
      "sudo -u app -E ${CMD} x",
      "sudo --user=app ${CMD}",
      "sudo --user app ${CMD}",
      "sudo A=1 ${CMD}",
      "env ${CMD}",
      "env -i A=1 ${CMD}",
      "env - ${CMD}",
      "env -u HOME -C /tmp ${CMD}",
      "timeout 5 ${CMD}",
      "timeout -s KILL -k 1 5s ${CMD}",
      "timeout --signal=KILL 5 ${CMD}",
      "nice ${CMD}",
      "nice -n 5 ${CMD}",
      "nice -10 ${CMD}",
      "nohup ${CMD} &",
      "exec ${CMD}",
      "exec -a name ${CMD}",
      "command ${CMD}",
      "command -p ${CMD}",
      "builtin ${CMD}",
      "xargs ${CMD}",
      "xargs -n 1 -P 4 ${CMD}",
      "xargs -I{} ${CMD} {}",
      "xargs -0 -d x ${CMD}",
      "find . -name '*.log' -exec ${CMD} {} +",
      "find . -execdir ${CMD} {} ';'",
      "sudo timeout 5 env A=1 ${CMD}",
      "stdbuf -oL ${CMD}",
      "setsid ${CMD}",
      "busybox ${CMD}",
      "doas -u app ${CMD}",
      "chroot /srv ${CMD}",
      "taskset 0x1 ${CMD}",
      "flock /tmp/l ${CMD}",
      "/usr/bin/time -f %e ${CMD}",
      "a | xargs ${CMD}",
      "sudo ${CMD} x",
    ])
      expect([script, count(script)]).toEqual([script, 1]);
  });

  test("a script another shell reads, after eval or a shell's -c (written out or through a wrapper), is read the same way", () => {
    for (const script of [
      "eval ${CMD}",
      'eval "${CMD} x"',
      "eval 'echo hi; ${CMD}'",
      "sh -c '${CMD}'",
      'bash -c "${CMD} x"',
      "bash -ec 'echo a; ${CMD} | cat'",
      'bash -o pipefail -c "${CMD}"',
      'sudo -u app bash -c "${CMD}"',
      "sh -c 'sh -c \"${CMD}\"'",
      'sh -c "echo $(${CMD})"',
      // A shell named by a value, given -c, as lib/vars/code-readers.ts reads it.
      "$SHELL -c '${CMD}'",
      '"$(which bash)" -c "${CMD}"',
    ])
      expect([script, count(script)]).toEqual([script, 1]);
    // Its arguments are arguments: `sh -c 'echo "$1"' _ "${X}"`.
    expect(count("sh -c 'echo \"$1\"' _ \"${X}\"")).toBe(0);
    expect(count("eval echo ${X}")).toBe(0);
    expect(count("sh -c 'echo ${X}'")).toBe(0);
  });

  test("arguments, assignments, redirections' targets, heredoc bodies, case patterns, tests and arithmetic are no program", () => {
    for (const script of [
      "echo ${CMD}",
      'echo "${CMD}"',
      "x=${CMD}",
      'x="${CMD}"; echo "$x"',
      "export X=${CMD}",
      "local x=${CMD}",
      "arr=(${A} ${B})",
      "arr+=(${A})",
      "cmd > ${FILE}",
      "cmd 2> ${FILE}",
      "cmd &> ${FILE}",
      "cmd <<< ${X}",
      "cat <<EOF\n${CMD} here\nEOF",
      "cat <<'EOF'\n${CMD}\nEOF\n",
      "cat <<-EOF\n\t${CMD}\n\tEOF\necho",
      'case "${X}" in ${Y}) echo ;; esac',
      "case ${X} in\n  ${Y}|${Z}) echo ;;\n  *) echo no ;;\nesac",
      "[[ -n ${X} && ${Y} == a || -z ${Z} ]]",
      "[[ ${X} < ${Y} ]] && echo",
      "(( ${N} + 1 ))",
      "for ((i=0; i<${N}; i++)); do echo; done",
      "echo $(( ${N} * 2 ))",
      "for x in ${LIST}; do echo $x; done",
      "# ${CMD}",
      "echo hi # ${CMD}",
      "echo $${CMD}",
      "grep ${P} f | sort",
      "echo a=${X}",
      "sudo -u ${U} id",
      "sudo --user ${U} id",
      "timeout ${T} curl x",
      "timeout -s ${SIG} 5 curl x",
      "nice -n ${N} x",
      "env -u ${N} ls",
      "env A=${X} ls",
      "xargs -I{} cp {} ${DIR}",
      "xargs -n ${N} echo",
      "docker exec ${CID} ls",
      "kubectl exec ${POD} -- ls",
      "command -v ${CMD}",
      "sudo -l ${CMD}",
      "find ${DIR} -name x -exec rm {} +",
      "flock ${LOCK} -c 'echo'",
      "taskset ${MASK} ls",
      "trap 'echo' EXIT; echo ${X}",
      "echo 'a; ${CMD}'",
      'echo "a; ${CMD}"',
      "echo a\\;${CMD}",
      "echo a|b=${X}",
      "function ${NAME}_x { :; }",
      // bash's own expansions, written ${…} where no scenario reference reads so: one word each.
      "echo ${A/;/}${CMD}",
      'echo "${A/;/}" ${CMD}',
    ])
      expect([script, count(script)]).toEqual([script, 0]);
  });

  test("a reader of a descriptor spelled otherwise, a startup file on one, a group around it, trap, env -S, a -c script that evaluates its input: X is the program", () => {
    // The retest's shapes: X captured as `touch /tmp/p` ran touch.
    for (const script of [
      // `--` before the script file.
      'sh -- /dev/fd/3 3<<< "${X}"',
      'sh -- /dev/stdin <<< "${X}"',
      'bash -x -- /dev/fd/3 3<<< "${X}"',
      'env sh -- /dev/fd/3 3<<< "${X}"',
      '. -- /dev/stdin <<< "${X}"',
      "bash -c 'source -- /dev/fd/3' 3<<< \"${X}\"",
      // The descriptor's file written otherwise.
      'sh //dev/fd/3 3<<< "${X}"',
      'sh /dev/./fd/3 3<<< "${X}"',
      'sh /proc/thread-self/fd/3 3<<< "${X}"',
      "bash -c 'source //dev/./fd/3' 3<<< \"${X}\"",
      // A startup file that is the descriptor.
      'BASH_ENV=/dev/fd/3 bash -c true 3<<< "${X}"',
      'BASH_ENV=/dev/stdin bash -c true <<< "${X}"',
      'bash --rcfile /dev/stdin -i -c true <<< "${X}"',
      'bash --rcfile /dev/fd/3 -i -c true 3<<< "${X}"',
      'ENV=/dev/fd/3 sh -i -c true 3<<< "${X}"',
      // A redirection on a group, subshell or compound command around the reader.
      '{ sh /dev/fd/3; } 3<<< "${X}"',
      '( sh /dev/fd/3 ) 3<<< "${X}"',
      'if sh /dev/fd/3; then :; fi 3<<< "${X}"',
      '{ . /dev/fd/3; } 3<<< "${X}"',
      // trap's text is a script, as eval's.
      'trap "${X}" EXIT',
      'trap -- "${X}" EXIT',
      'builtin trap "${X}" EXIT',
      'command trap "${X}" ERR',
      // env -S splits its text into the command line.
      'env -S "${X}"',
      "env -S ${X}",
      'env --split-string="${X}"',
      'env -iS"${X}"',
      // A -c script that evaluates its standard input or a descriptor.
      "bash -c 'eval \"$(cat)\"' <<< \"${X}\"",
      "bash -c '$(cat)' <<< \"${X}\"",
      "bash -c 'source <(cat)' <<< \"${X}\"",
      "bash -c '. <(cat <&3)' 3<<< \"${X}\"",
      // A function whose body reads its script from the descriptor the call's redirection is on.
      'f() { sh /dev/fd/3; }; f 3<<< "${X}"',
      "f() { sh /dev/fd/3; }\nf 3<<EOF\n${X}\nEOF",
      'f() { . /dev/fd/3; }; f 3< <(echo "${X}")',
      'f() { sh; }; f < <(echo "${X}")',
      // A descriptor written after an operator (`)3<<<`).
      '(sh /dev/fd/3)3<<< "${X}"',
    ])
      expect([script, count(script)]).toEqual([script, 1]);
    // The same as data: printed, matched, sent, or read by a command that runs nothing.
    for (const script of [
      'echo "${X}"',
      'grep "${X}" f',
      'curl -d "${X}" http://127.0.0.1:1',
      'jq --arg x "${X}" .',
      "bash -c 'cat /dev/fd/3' 3<<< \"${X}\"",
      '{ cat /dev/fd/3; } 3<<< "${X}"',
      "bash -c 'echo \"$(cat)\"' <<< \"${X}\"",
      'trap -p "${X}"',
      'env -u "${X}" true',
      'sh -- script.sh <<< "${X}"',
      'BASH_ENV=/dev/null bash -c true <<< "${X}"',
      'f() { cat /dev/fd/3; }; f 3<<< "${X}"',
      'f() { sh /dev/fd/3; }; f 4<<< "${X}"',
      // `a3<<<` is the word a3, then a here-string on the standard input: cat's and grep's data.
      'cat a3<<< "${X}"',
      'grep foo a3<<< "${X}"',
      'sh /dev/fd/3 a3<<< "${X}"',
    ])
      expect([script, count(script)]).toEqual([script, 0]);
    // Who reads it, as the message says: the standard input after a word ending in a digit, descriptor 3 after a 3 of its own.
    expect(scriptProgramRefs('sh -s a3<<< "${X}"').map((r) => r.via)).toEqual(["sh reads from its standard input"]);
    expect(scriptProgramRefs("sh -s a3<<EOF\n${X}\nEOF").map((r) => r.via)).toEqual(["sh reads from a heredoc"]);
    expect(scriptProgramRefs('sh /dev/fd/3 3<<< "${X}"').map((r) => r.via)).toEqual(["sh reads from descriptor 3"]);
    expect(scriptProgramRefs('f() { sh /dev/fd/3; }; f 3<<< "${X}"').map((r) => r.via)).toEqual(["sh reads from descriptor 3"]);
  });
});

describe("scriptProgramRefs: a script a shell reads from its input, a descriptor or a generated file", () => {
  test("printed into a pipe to a shell, a here-string or heredoc of one, a process substitution it runs or sources: the script's program places", () => {
    for (const script of [
      // The brief's shapes: X captured as `touch /tmp/pwned` ran touch.
      'echo "${X}" | sh',
      'sh <<< "${X}"',
      'bash <(echo "${X}")',
      "printf '%s\\n' \"${X}\" | bash",
      'echo "echo a; ${X}" | sh',
      'echo "a && ${X} x" | grep a | sh',
      "bash <<< 'true | ${X}'",
      "echo -e \"true\\n${X}\" | sh",
      "sh <<EOF\n${X}\nEOF",
      "bash <<'EOF'\necho a\n${X} b\nEOF",
      "cat <<EOF | sh\n  ${X}\nEOF",
      'echo "${X}" > >(sh)',
      'sh -s <<< "${X}"',
      'sh /dev/stdin <<< "${X}"',
      'sh <&3 3<<< "${X}"',
      'sh < <(echo "${X}")',
      'source /dev/fd/3 3<<< "${X}"',
      '. <(echo "${X}")',
      'ssh host <<< "${X}"',
      // A startup file or a script on another descriptor.
      'bash --rcfile <(echo "${X}") -i -c true',
      'bash --init-file <(printf "%s\\n" "${X}") -ic true',
      'BASH_ENV=<(echo "${X}") bash -c true',
      'env BASH_ENV=<(echo "${X}") bash -c :',
      'ENV=<(echo "${X}") sh -i -c true',
      'bash -c "source /dev/fd/3" 3<<< "${X}"',
      'bash -c ". /dev/fd/3" 3< <(echo "${X}")',
      'sh /dev/fd/3 3<<< "${X}"',
      'bash /proc/self/fd/3 3<<< "${X}"',
      'bash -e <(echo "${X}")',
      // Inside a script another shell reads, the same.
      "sh -c 'echo \"$1\"; bash <<< \"${X}\"'",
    ])
      expect([script, count(script)]).toEqual([script, 1]);
  });

  test("where that script gives the value as an argument, or the text goes to no shell (or to one that reads it as data), it is no program", () => {
    for (const script of [
      'echo "echo ${X}" | sh',
      "printf 'echo %s\\n' \"${X}\" | sh",
      'sh <<< "echo ${X}"',
      "bash <<EOF\necho ${X}\nEOF",
      'bash <(echo "echo ${X}")',
      'BASH_ENV=<(echo "x=${X}") bash -c true',
      'echo "${X}" | cat',
      'cat <<< "${X}"',
      'grep x <<< "${X}"',
      "cat <<EOF\n${X}\nEOF",
      'bash check.sh <<< "${X}"',
      "echo \"${X}\" | sh -c 'read -r v; echo \"$v\"'",
      'bash -c "cat /dev/fd/3" 3<<< "${X}"',
      'bash <(curl -fsSL "${X}")',
      'diff <(echo "${X}") f',
      'printf -v v "%s" "${X}"; echo "$v" | sh',
    ])
      expect([script, count(script)]).toEqual([script, 0]);
  });
});

describe("scriptProgramRefs: a shell whose script path may be the descriptor the text comes on", () => {
  const dir = mkdtempSync(join(tmpdir(), "program-refs-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const marker = join(dir, "pwned");

  test("its path an expansion, a pattern, braces, under /proc, or a name a descriptor's file ends in; through calls, a definition's redirection, a -c script: the text's program places", () => {
    const unknown = "cannot be known to be no descriptor's file";
    for (const [script, via] of [
      ['sh /proc/self/root/dev/stdin <<< "${X}"', 'sh reads from its standard input (its program path, "/proc/self/root/dev/stdin", cannot be known to be no descriptor\'s file: a path under /proc'],
      ['{ sh /proc/$$/fd/3; } 3<<< "${X}"', 'sh reads from descriptor 3 (its program path, "/proc/$$/fd/3", cannot be known'],
      ['sh /proc/4242/task/4242/fd/0 <<< "${X}"', "a path under /proc"],
      ['cd /dev && sh stdin <<< "${X}"', unknown],
      ['sh /dev/std?n <<< "${X}"', unknown],
      ['sh /dev/{stdin,null} <<< "${X}"', unknown],
      ['n=0; sh /dev/fd/$n <<< "${X}"', "sh reads from its standard input"],
      ['sh $(echo /dev/stdin) <<< "${X}"', unknown],
      ['sh /dev/stdout 1<<< "${X}"', "sh reads from descriptor 1"],
      ["sh /proc/self/root/dev/stdin <<EOF\n${X}\nEOF", "sh reads from a heredoc (its program path"],
      ['{ sh /proc/$BASHPID/fd/3; } 3< <(echo "${X}")', "sh reads from descriptor 3 through a process substitution, 3< <(…) (its program path"],
      ['g() { sh /dev/fd/3; }; f() { g; }; f 3<<< "${X}"', "sh reads from descriptor 3"],
      ['f() { sh /dev/fd/3; } 3<&0; f <<< "${X}"', "sh reads from its standard input"],
      ['f() { sh "$1"; }; f /dev/fd/3 3<<< "${X}"', unknown],
      ['f() { sh /dev/fd/$1; }; f 3 3<<< "${X}"', "sh reads from descriptor 3"],
      ["bash -c 'sh' <<< \"${X}\"", "sh reads from its standard input"],
      ['sh "${P}" <<< "${X}"', 'its program path, "${P}", cannot be known to be no descriptor\'s file: an expansion bash fills in'],
    ] as const) {
      // X's: a reference in the script file's path is that file's program place itself (below).
      const refs = scriptProgramRefs(script).filter((r) => r.name === "X");
      expect([script, refs.length, refs[0]?.via]).toEqual([script, 1, expect.stringContaining(via)]);
    }
    // X captured as `touch …` (no shell syntax, which the run's own check waits for) ran touch in each.
    for (const script of ['sh /dev/std?n <<< "${X}"', 'f() { sh "$1"; }; f /dev/stdin <<< "${X}"', 'g() { sh /dev/fd/3; }; f() { g; }; f 3<<< "${X}"', "bash -c 'sh' <<< \"${X}\""]) {
      rmSync(marker, { force: true });
      Bun.spawnSync(["bash", "-c", displayCommand(script, () => `touch ${marker}`)], { env: { PATH: process.env.PATH! }, stdout: "ignore", stderr: "ignore", ...SYNC_CHILD_LIMIT });
      expect([script, existsSync(marker)]).toEqual([script, true]);
      rmSync(marker, { force: true });
    }
  });

  test("a plain path of an ordinary file, relative or not, after a cd too, and one the known values make, reads the text as data", () => {
    for (const script of [
      'sh ./deploy.sh <<< "${X}"',
      'cd /srv/app && sh ./deploy.sh <<< "${X}"',
      'sh scripts/x.sh <<< "${X}"',
      'sh ../run.sh <<< "${X}"',
      'f() { sh ./run.sh; }; f <<< "${X}"',
      'f() { cat; }; f <<< "${X}"',
      "sh -c 'read a; echo \"$a\"' <<< \"${X}\"",
      'cat /dev/fd/3 3<<< "${X}"',
      'sh /dev/fd/03 3<<< "${X}"',
      'sh -- /dev/null <<< "${X}"',
    ])
      expect([script, count(script)]).toEqual([script, 0]);
    // A reference in the path reads as its known value; a captured one (none known) may be any path.
    const values = (name: string) => (name === "DIR" ? "/opt/app" : name === "P" ? "/dev/stdin" : undefined);
    // (The path's own references pick the script file sh runs: program places of their own, the loader refuses a captured one.)
    const xs = (script: string, pathValues?: (name: string) => string | undefined) => scriptProgramRefs(script, pathValues).filter((r) => r.name === "X");
    expect(scriptProgramRefs('sh "${DIR}/run.sh" <<< "${X}"', values)).toEqual([{ name: "DIR", offset: 4, place: expect.objectContaining({ what: "is the script file sh runs" }) }]);
    expect(xs('sh "${DIR}/run.sh" <<< "${X}"').length).toBe(1);
    expect(xs('sh "${P}" <<< "${X}"', values).map((r) => r.via)).toEqual(["sh reads from its standard input"]);
    expect(xs('sh "${P}/stdin" <<< "${X}"', () => "/proc/self/root/dev").map((r) => r.via)).toEqual([
      "sh reads from its standard input (its program path, \"${P}/stdin\", cannot be known to be no descriptor's file: a path under /proc, where every descriptor has files of other spellings)",
    ]);
  });
});

describe("listProgramRefs", () => {
  test("the list's first element, or the one a program that runs the rest runs, with the offset of each reference in it", () => {
    expect(listProgramRefs(["${CMD}", "arg"])).toEqual([{ index: 0, name: "CMD", offset: 0 }]);
    expect(listProgramRefs(["${DIR}/bin/${TOOL}"])).toEqual([
      { index: 0, name: "DIR", offset: 0 },
      { index: 0, name: "TOOL", offset: 11 },
    ]);
    expect(listProgramRefs(["sudo", "-u", "app", "${CMD}"])).toEqual([{ index: 3, name: "CMD", offset: 0 }]);
    expect(listProgramRefs(["timeout", "5", "${CMD}"])).toEqual([{ index: 2, name: "CMD", offset: 0 }]);
    expect(listProgramRefs(["env", "A=${X}", "${CMD}"])).toEqual([{ index: 2, name: "CMD", offset: 0 }]);
    // The script of [sh, -c, SCRIPT] is read as the string form's.
    expect(listProgramRefs(["sh", "-c", "echo; ${CMD} x"])).toEqual([{ index: 2, name: "CMD", offset: 6 }]);
    for (const run of [["echo", "${X}"], ["docker", "exec", "${CID}", "ls"], ["sudo", "-u", "${U}", "id"], ["sh", "-c", 'echo "$1"', "_", "${X}"], ["x=${X}"].slice(1), ["grep", "-r", "${P}", "."]])
      expect([run, listProgramRefs(run)]).toEqual([run, []]);
  });
});

describe("scriptProgramRefs: a script file a value picks, more programs that run a program, the script su -c and the like hand a shell", () => {
  test("the script file of a shell, source, . or an interpreter is the program it runs", () => {
    for (const script of [
      "bash ${X}",
      "sh ${X}",
      'sh "${X}" a b',
      "bash -x -o pipefail ${X}",
      "bash --norc -- ${X}",
      "source ${X}",
      ". ${X}",
      ". -- ${X}",
      "perl ${X}",
      "perl -w ${X} arg",
      "python3 ${X}",
      "python3 -u ${X}",
      "python3 -m ${X}",
      "node ${X}",
      "ruby ${X}",
      "sudo -u app bash ${X}",
      "awk -f ${X} data",
    ])
      expect([script, count(script)]).toEqual([script, 1]);
    for (const script of ["bash script.sh ${X}", "bash -s ${X}", "bash -c 'echo \"$1\"' _ ${X}", "python3 script.py ${X}", "python3 -c 'import sys' ${X}", "node app.js ${X}", "perl -e 'print 1' ${X}", "echo . ${X}", "source env.sh ${X}", "jq -f ${X} data.json", "awk '{print}' ${X}"])
      expect([script, count(script)]).toEqual([script, 0]);
  });

  test("unshare, setpriv, runuser -u, strace, valgrind, dbus-run-session, fakeroot, npx, bun run, parallel run their program", () => {
    for (const script of [
      "unshare -r ${X}",
      "unshare --map-root-user --setuid 0 ${X}",
      "setpriv --reuid 1000 --regid 1000 --clear-groups ${X}",
      "runuser -u app -- ${X}",
      "runuser -u app ${X}",
      "strace ${X}",
      "strace -f -o /tmp/t ${X}",
      "ltrace ${X}",
      "valgrind --leak-check=full ${X}",
      "dbus-run-session -- ${X}",
      "fakeroot ${X}",
      "fakeroot -- ${X}",
      "npx ${X}",
      "npx -y ${X}",
      "bunx ${X}",
      "bun run ${X}",
      "bun x ${X}",
      "parallel -j1 ${X} ::: a",
      "gosu app ${X}",
      "su-exec app ${X}",
      "nsenter -t 1 -m ${X}",
      "prlimit --nofile=10 ${X}",
    ])
      expect([script, count(script)]).toEqual([script, 1]);
    for (const script of ["strace -o ${X} ls", "runuser -u ${X} -- ls", "npx -p ${X} tool", "bun run build ${X}", "parallel -j ${X} echo ::: a", "gosu ${X} ls", "setpriv --reuid ${X} ls", "unshare -S ${X} ls", "valgrind ls ${X}"])
      expect([script, count(script)]).toEqual([script, 0]);
  });

  test("the script su -c, runuser -c, flock FILE -c, sg, script -c, npx -c and ssh's command options hand a shell is read as one", () => {
    for (const script of [
      'su -c "${X}"',
      'su root -c "${X}"',
      'su -c "echo; ${X} a" root',
      'runuser -c "${X}" root',
      'flock /tmp/l -c "${X}"',
      'sg root -c "${X}"',
      'sg root "${X}"',
      'script -qc "${X}" /dev/null',
      'runuser -u root -- sh -c "${X}"',
      'strace -o /dev/null sh -c "${X}"',
      'sudo su -c "${X}"',
      'npx -c "${X}"',
      'ssh -oProxyCommand="${X}" h true',
      'ssh -o ProxyCommand="${X} %h" h true',
      "watch -n 1 ${X}",
      // ssh's host begun by a value, with no -- before it: `-oProxyCommand=…` is an option there.
      "ssh ${X} true",
    ])
      expect([script, count(script)]).toEqual([script, 1]);
    for (const script of ['su -c "echo ${X}"', "su ${X} -c true", 'flock ${X} -c "true"', 'sg ${X} -c true', 'script -qc true ${X}', 'ssh -o ProxyCommand="nc %h ${X}" h true', "ssh -- ${X} true"])
      expect([script, count(script)]).toEqual([script, 0]);
  });
});

describe("listProgramRefs: the same places in a list", () => {
  test("a shell's script file, a wrapper's program, su -c's script", () => {
    expect(listProgramRefs(["bash", "${X}"])).toEqual([{ index: 1, name: "X", offset: 0, place: expect.objectContaining({ what: "is the script file bash runs" }) }]);
    expect(listProgramRefs(["strace", "-o", "/dev/null", "${X}"])).toEqual([{ index: 3, name: "X", offset: 0 }]);
    expect(listProgramRefs(["su", "-c", "${X}"])).toEqual([{ index: 2, name: "X", offset: 0 }]);
    expect(listProgramRefs(["su", "root", "-c", "echo; ${X}"])).toEqual([{ index: 3, name: "X", offset: 6 }]);
    expect(listProgramRefs(["ssh", "-oProxyCommand=${X}", "h"])).toEqual([{ index: 1, name: "X", offset: 15 }]);
    expect(listProgramRefs(["su", "-c", "echo ${X}"])).toEqual([]);
  });
});

describe("scriptProgramRefs: an assignment to a name a program reads as code", () => {
  test("before a command, alone, after export, declare, local, readonly or env and sudo's settings", () => {
    for (const [script, want] of [
      ['BASH_ENV="${F}" bash -c true', "F>BASH_ENV"],
      ["export BASH_ENV=${F}", "F>BASH_ENV"],
      ['env BASH_ENV="${F}" bash -c true', "F>BASH_ENV"],
      ['ENV="${F}" sh -i', "F>ENV"],
      ['PATH="${DIR}:$PATH" ls', "DIR>PATH"],
      ['GIT_SSH_COMMAND="${X}" git fetch', "X>GIT_SSH_COMMAND"],
      ['PATH="${DIR}:$PATH"; ls', "DIR>PATH"],
      ["declare -x LD_PRELOAD=${F}", "F>LD_PRELOAD"],
      ["sudo PYTHONPATH=${D} python3 app.py", "D>PYTHONPATH"],
      ["a=1 CC=${X} make", "X>CC"],
      ['sh -c "NODE_OPTIONS=${X} node app.js"', "X>NODE_OPTIONS"],
    ] as const)
      expect([script, assigned(script)]).toEqual([script, [want]]);
    expect(listProgramRefs(["env", "BASH_ENV=${F}", "bash", "-c", "true"])).toEqual([{ index: 1, name: "F", offset: 9, assigned: "BASH_ENV" }]);
    for (const script of ['echo PATH="${DIR}"', 'LEVEL="${X}" ls', "export X=${F}", 'grep BASH_ENV="${F}" f', "x=${PATH_PART}"]) expect([script, assigned(script)]).toEqual([script, []]);
  });
});

describe("scriptProgramRefs: the retest's holes (settings after an option, command export, startup and preloaded files, su -s, watch -x, ssh's host, a script read from a file)", () => {
  test("env's and sudo's settings after an option that takes no argument are settings", () => {
    for (const [script, want] of [
      ['env -i BASH_ENV="${F}" bash -c true', "F>BASH_ENV"],
      ['env - BASH_ENV="${F}" bash -c true', "F>BASH_ENV"],
      ['env -0 BASH_ENV="${F}" bash -c true', "F>BASH_ENV"],
      ['env -v BASH_ENV="${F}" bash -c true', "F>BASH_ENV"],
      ['env --ignore-environment LD_PRELOAD="${F}" ls', "F>LD_PRELOAD"],
      ['env -i PATH="${DIR}" ls', "DIR>PATH"],
      ['env -u HOME -i PATH="${DIR}" ls', "DIR>PATH"],
      ['sudo -E BASH_ENV="${F}" bash -c true', "F>BASH_ENV"],
      ['sudo -H BASH_ENV="${F}" bash -c true', "F>BASH_ENV"],
      ['sudo -n BASH_ENV="${F}" bash -c true', "F>BASH_ENV"],
      ['sudo -u app -E BASH_ENV="${F}" bash -c true', "F>BASH_ENV"],
    ] as const)
      expect([script, assigned(script)]).toEqual([script, [want]]);
    expect(listProgramRefs(["env", "-i", "BASH_ENV=${F}", "bash", "-c", "true"])).toEqual([{ index: 2, name: "F", offset: 9, assigned: "BASH_ENV" }]);
    // An option's own argument is no setting: env -u's name, sudo -u's user.
    for (const script of ['env -u BASH_ENV="${F}" ls', 'sudo -u PATH="${DIR}" ls', 'env -C "${DIR}" ls']) expect([script, assigned(script)]).toEqual([script, []]);
  });

  test("export, declare and the like behind command or builtin assign as they do alone", () => {
    for (const script of [
      'command export BASH_ENV="${C}"',
      'builtin export BASH_ENV="${C}"',
      'command declare -x BASH_ENV="${C}"',
      'builtin declare -x BASH_ENV="${C}"',
      'command -- export BASH_ENV="${C}"',
      'command -p export BASH_ENV="${C}"',
      'builtin command export BASH_ENV="${C}"',
      'if true; then command export BASH_ENV="${C}"; fi',
    ])
      expect([script, assigned(script)]).toEqual([script, ["C>BASH_ENV"]]);
    for (const script of ['command -v export BASH_ENV="${C}"', 'command -V export BASH_ENV="${C}"', 'echo command export BASH_ENV="${C}"']) expect([script, assigned(script)]).toEqual([script, []]);
  });

  test("bash's startup file (--rcfile, --init-file) is a script it runs first", () => {
    for (const script of ['bash --rcfile "${F}" -i -c true', 'bash --init-file "${F}" -i -c true', 'bash --norc --rcfile ${F} -i', 'sudo bash --init-file "${F}" -i']) expect([script, names(script)]).toEqual([script, ["F"]]);
    expect(listProgramRefs(["bash", "--rcfile", "${F}", "-i", "-c", "true"]).map((r) => [r.index, r.name])).toEqual([[2, "F"]]);
    expect(listProgramRefs(["bash", "--init-file", "${F}", "-i"]).map((r) => [r.index, r.name])).toEqual([[2, "F"]]);
    for (const script of ['bash --rcfile /dev/null -i -c "echo ${X}"', 'bash --rcfile ./rc.sh -i check.sh "${X}"']) expect([script, names(script)]).toEqual([script, []]);
  });

  test("a file an interpreter loads and runs before its program (node -r, ruby -r, gawk -i, lua -l, php -d auto_prepend_file, php -c)", () => {
    for (const script of [
      'node -r "${F}" app.js',
      'node --require "${F}" app.js',
      'node --require="${F}" app.js',
      'node -r"${F}" app.js',
      'ruby -r"${F}" app.rb',
      'ruby -r "${F}" app.rb',
      'gawk -i "${F}" 1',
      'gawk --include="${F}" 1',
      'gawk -l "${F}" 1',
      'lua -l "${F}" app.lua',
      'php -d auto_prepend_file="${F}" app.php',
      'php -dauto_append_file="${F}" app.php',
      'php -d "${F}" app.php',
      'php -c "${F}" app.php',
      'bun --preload "${F}" app.ts',
      'sudo -u app node -r "${F}" app.js',
    ])
      expect([script, names(script)]).toEqual([script, ["F"]]);
    for (const run of [["node", "-r", "${F}", "app.js"], ["ruby", "-r", "${F}", "app.rb"], ["node", "--require=${F}", "app.js"]]) expect([run, listProgramRefs(run).map((r) => r.name)]).toEqual([run, ["F"]]);
    for (const script of ['node app.js "${ID}"', 'node -r ./setup.js app.js "${X}"', 'php -d memory_limit="${M}" app.php', 'ruby -I lib app.rb "${X}"', 'lua app.lua "${X}"', 'gawk -v x="${X}" 1'])
      expect([script, names(script)]).toEqual([script, []]);
  });

  test("the shell su and runuser start (-s, --shell) is a program", () => {
    for (const script of ['su -s "${SH}" root -c true', 'su --shell="${SH}" app', 'su --shell "${SH}" app', 'su -s"${SH}" app', 'runuser -s "${SH}" app -c true', 'sudo su -s "${SH}" app'])
      expect([script, names(script)]).toEqual([script, ["SH"]]);
    expect(listProgramRefs(["su", "-s", "${SH}", "root", "-c", "true"]).map((r) => [r.index, r.name])).toEqual([[2, "SH"]]);
    for (const script of ['su -s /bin/bash "${U}" -c true', 'su "${U}" -s /bin/sh -c true']) expect([script, names(script)]).toEqual([script, []]);
  });

  test("watch -x (--exec) runs its first argument as the program", () => {
    for (const script of ['watch -x "${CMD}"', 'watch --exec "${CMD}" a', 'watch -n 1 -x "${CMD}"', 'watch -xn 1 "${CMD}"', "watch -x bash -c '${CMD}'", 'watch -x sudo "${CMD}"'])
      expect([script, names(script)]).toEqual([script, ["CMD"]]);
    expect(listProgramRefs(["watch", "-x", "${CMD}", "a"]).map((r) => [r.index, r.name])).toEqual([[2, "CMD"]]);
    for (const script of ['watch -x ls "${X}"', 'watch -x -n "${N}" ls']) expect([script, names(script)]).toEqual([script, []]);
  });

  test("ssh's, scp's, sftp's and rsync's options that run a command, their config file, and an operand a value begins with no -- before it", () => {
    for (const script of [
      'ssh "${H}" true',
      'ssh -p 22 "${H}" true',
      'ssh "${H}"',
      'ssh "${U}@host" true',
      'ssh -F "${F}" host true',
      'ssh -F"${F}" host true',
      'scp -o ProxyCommand="${X}" h:a b',
      'scp -oProxyCommand="${X}" h:a b',
      'scp -S "${X}" h:a b',
      'scp "${X}" h:/tmp/',
      'scp -F "${X}" a h:b',
      'sftp -o ProxyCommand="${X}" h',
      'sftp "${X}"',
      'sftp -b "${X}" h',
      'sftp -D "${X}" h',
      'rsync -e "${X}" a h:b',
      'rsync --rsh="${X}" a h:b',
      'rsync --rsh "${X}" a h:b',
      'rsync -e"${X}" a h:b',
      'rsync -a "${X}" h:dst',
      'rsync -a src "${X}"',
      'rsync --rsync-path="${X}" a h:b',
    ])
      expect([script, names(script)]).toEqual([script, [/\$\{(\w+)\}/.exec(script)![1]!]]);
    for (const run of [["ssh", "${H}", "true"], ["scp", "-S", "${X}", "h:a", "b"], ["rsync", "-e", "${X}", "a", "h:b"], ["ssh", "-F", "${F}", "h"]]) expect([run, listProgramRefs(run).length]).toEqual([run, 1]);
    for (const script of [
      'ssh -- "${H}" true',
      'ssh host "echo ok"',
      'ssh -p 2222 host true',
      'ssh "user@${H}" true',
      'ssh -l "${U}" host true',
      'ssh -p "${PORT}" host true',
      'ssh -i "${KEY}" host true',
      'ssh host echo "${X}"',
      'scp -- "${F}" h:/tmp/',
      'scp a "h:${F}"',
      'scp -P "${PORT}" a h:b',
      'sftp -- "${H}"',
      'sftp "user@${H}"',
      'rsync -a -- "${SRC}" h:dst',
      'rsync -e ssh a "h:${DST}"',
      'rsync --exclude "${PAT}" a h:b',
      'rsync --exclude="${PAT}" a h:b',
      'rsync -a "./${SRC}" h:dst',
    ])
      expect([script, names(script)]).toEqual([script, []]);
  });

  test("the file a shell or interpreter reads its script from (< FILE, cat FILE | sh)", () => {
    for (const script of [
      'bash < "${F}"',
      'sh < "${F}"',
      'bash -s < "${F}"',
      '< "${F}" sh',
      'sh -s -- a b < "${F}"',
      'python3 < "${F}"',
      'python3 - < "${F}"',
      '. /dev/stdin < "${F}"',
      'source /dev/stdin < "${F}"',
      'sh /dev/fd/3 3< "${F}"',
      'cat "${F}" | bash',
      'cat "${F}" | sh -s',
      'cat -- "${F}" | sh',
      'cat "${F}" | python3',
      'cat "${F}" | grep -v "#" | sh',
      'cat < "${F}" | sh',
      'bash <(cat "${F}")',
      '. <(cat "${F}")',
      'ssh host < "${F}"',
    ])
      expect([script, names(script)]).toEqual([script, ["F"]]);
    for (const script of [
      'grep x < "${F}"',
      'wc -l < "${F}"',
      'bash check.sh < "${F}"',
      'bash -c "read -r v; echo $v" < "${F}"',
      'python3 tool.py < "${F}"',
      'python3 -c "import sys; print(sys.stdin.read())" < "${F}"',
      'cat "${F}" | grep x',
      'cat "${F}"',
      'cat "${F}" | sh -c "read -r v"',
      'jq . < "${F}"',
      'diff <(cat "${F}") b',
      'cat "${F}" > out.txt',
    ])
      expect([script, names(script)]).toEqual([script, []]);
  });

  test("the file read inside the command substitution or process substitution that is the script (eval \"$(cat FILE)\", bash -c \"$(< FILE)\", . <(< FILE))", () => {
    for (const script of [
      'eval "$(cat "${F}")"',
      'eval "$(< "${F}")"',
      'eval $(cat "${F}")',
      'eval `cat "${F}"`',
      'bash -c "$(< "${F}")"',
      'sh -c "$(cat "${F}")"',
      'sh -c "$(cat -- "${F}")" x',
      '. <(< "${F}")',
      'source <(cat -- "${F}")',
      'source <(cat "${F}")',
      'bash <(< "${F}")',
      '$(cat "${F}")',
      'if true; then eval "$(cat "${F}")"; fi',
    ])
      expect([script, names(script)]).toEqual([script, ["F"]]);
    for (const script of [
      'x="$(cat "${F}")"',
      'echo "$(cat "${F}")"',
      'grep -c ERROR "$(cat "${F}")"',
      'jq . "${F}"',
      'diff <(cat "${F}") expected.txt',
      'diff <(< "${F}") expected.txt',
      'eval "echo $(cat "${F}" | wc -l)"',
    ])
      expect([script, names(script)]).toEqual([script, []]);
  });

  test("the file read by a command substitution the outer shell expands inside eval's words or a -c script, wherever it stands there (eval \"x=$(cat FILE)\", bash -c \"grep x $(cat FILE)\")", () => {
    // bash expands the substitution before eval or the inner shell reads its script: the file's text is parsed as code.
    for (const script of [
      'eval "x=$(cat "${F}")"',
      'eval "export $(cat "${F}")"',
      'eval "echo $(cat "${F}")"',
      'eval "echo \'$(cat "${F}")\'"',
      'eval echo $(cat "${F}")',
      'eval x=`cat "${F}"`',
      'eval "echo `cat \\"${F}\\"`"',
      'eval "echo $(cat "${F}" | grep a)"',
      'eval "echo $(grep -v "^#" "${F}")"',
      'eval echo "$(< "${F}")"',
      'bash -c "grep x $(cat "${F}")"',
      'sh -c "echo $(< "${F}")"',
      'env bash -c "echo $(cat "${F}")"',
      'bash -c \'eval "x=$(cat "${F}")"\'',
    ])
      expect([script, names(script)]).toEqual([script, ["F"]]);
    expect(scriptProgramRefs('eval "x=$(cat "${F}")"').map((r) => (r.place?.kind === "file" ? r.place.what : ""))).toEqual(["is the file eval reads part of its script from ($(cat FILE), which bash expands before eval reads it)"]);
    expect(scriptProgramRefs('sh -c "echo $(< "${F}")"').map((r) => (r.place?.kind === "file" ? r.place.what : ""))).toEqual(["is the file sh -c reads part of its script from ($(< FILE), which bash expands before sh -c reads it)"]);
    // The whole script keeps its message.
    expect(scriptProgramRefs('eval "$(cat "${F}")"').map((r) => (r.place?.kind === "file" ? r.place.what : ""))).toEqual(["is the file eval reads its script from ($(cat FILE))"]);
    // In single quotes the substitution runs inside eval or the inner shell: its output is data. One printing something else is data.
    for (const script of [
      "eval 'x=$(cat \"${F}\")'",
      "eval 'echo $(cat \"${F}\")'",
      "bash -c 'grep x $(cat \"${F}\")'",
      "sh -c 'echo \"$(< \"${F}\")\"'",
      'eval "echo $(cat "${F}" | wc -l)"',
      'eval "echo $(grep -c x "${F}")"',
      'eval "echo $(basename "${F}")"',
      'bash -c "echo $(wc -l < "${F}")"',
      'eval "echo \\$(cat "${F}")"',
      'echo "$(cat "${F}")"',
      'x="$(cat "${F}")"; eval "echo ok"',
    ])
      expect([script, names(script)]).toEqual([script, []]);
  });

  test("the file read by a command substitution the outer shell expands inside trap's action, or the command su, runuser, flock, sg, script, watch or ssh hands a shell (trap \"echo $(cat FILE)\" EXIT, ssh host \"echo $(cat FILE)\")", () => {
    // bash expands the substitution into the word first; bash runs trap's action as code at the signal, su's shell its
    // -c script, ssh's remote shell its command words joined.
    for (const script of [
      'trap "echo $(cat "${F}")" EXIT',
      'trap "x=$(cat "${F}"); echo \\$x" EXIT',
      'trap -- "echo $(cat "${F}")" EXIT INT',
      'trap "$(cat "${F}")" EXIT',
      'trap "echo $(tail -n +1 "${F}")" EXIT',
      'su -c "echo $(cat "${F}")" user',
      'su user -c "echo $(cat "${F}")"',
      'su - user -c "echo $(< "${F}")"',
      'runuser -c "echo $(cat "${F}")" user',
      'runuser user -c "echo $(cat "${F}")"',
      'flock /tmp/l -c "echo $(cat "${F}")"',
      'script -q -c "echo $(cat "${F}")" /dev/null',
      'watch "echo $(cat "${F}")"',
      'ssh host "echo $(cat "${F}")"',
      'ssh host echo "$(cat "${F}")"',
      'ssh -p 22 host "$(cat "${F}")"',
      'ssh host "$(cat "${F}")"',
    ])
      expect([script, names(script)]).toEqual([script, ["F"]]);
    expect(scriptProgramRefs('trap "echo $(cat "${F}")" EXIT').map((r) => (r.place?.kind === "file" ? r.place.what : ""))).toEqual(["is the file trap reads part of its script from ($(cat FILE), which bash expands before trap reads it)"]);
    // In single quotes the substitution runs when the action or the far shell runs it: its output is data there. A
    // substitution printing something else, and one that is an argument of another command, is data too.
    for (const script of [
      "trap 'echo $(cat \"${F}\")' EXIT",
      'trap "echo $(cat "${F}" | wc -l)" EXIT',
      'trap -p "$(cat "${F}")"',
      "su -c 'echo $(cat \"${F}\")' user",
      "ssh host 'echo $(cat \"${F}\")'",
      'ssh host "echo $(wc -l < "${F}")"',
      'runuser -u user -- echo "$(cat "${F}")"',
      'echo trap "$(cat "${F}")" EXIT',
    ])
      expect([script, names(script)]).toEqual([script, []]);
  });

  test("the file a line-passing filter (head, tail, grep, sed, awk, cut, tac) hands a shell or interpreter, as cat's", () => {
    for (const script of [
      'tail -n +1 "${F}" | bash',
      'tail -n+1 -- "${F}" | sh',
      "grep '' \"${F}\" | sh",
      'grep -v "^#" "${F}" | bash',
      'grep -e x "${F}" | sh',
      'grep "${F}" -e x | sh',
      'egrep . "${F}" | sh',
      'head -n 100 "${F}" | bash',
      'head -5 "${F}" | sh',
      'sed -n p "${F}" | sh',
      'sed -e "s/a/b/" "${F}" | sh',
      'awk 1 "${F}" | bash',
      'awk -F: "{print}" "${F}" | sh',
      'cut -d " " -f 1- "${F}" | sh',
      'tac "${F}" | sh',
      'tail -n 5 "${F}" | python3',
      'grep x "${F}" | grep -v y | sh',
      'bash <(tail -n +2 "${F}")',
      '. <(grep -v "^#" "${F}")',
    ])
      expect([script, names(script)]).toEqual([script, ["F"]]);
    expect(scriptProgramRefs('tail -n +1 "${F}" | bash').map((r) => (r.place?.kind === "file" ? r.place.what : ""))).toEqual(["is the file whose lines tail hands bash as its script"]);
    expect(scriptProgramRefs('cat "${F}" | bash').map((r) => (r.place?.kind === "file" ? r.place.what : ""))).toEqual(["is the file cat hands bash as its script"]);
    // Behind `command` or `exec` (`-p`, `--`) cat is cat, at a pipe's head as inside a substitution.
    for (const script of ['command cat "${F}" | bash', 'command -- cat "${F}" | sh', 'exec cat "${F}" | bash', 'command head -n 5 "${F}" | sh'])
      expect([script, names(script)]).toEqual([script, ["F"]]);
    expect(names('command cat "${F}" | wc -l')).toEqual([]);
    for (const script of [
      'tail -n 5 "${F}"',
      'grep x "${F}" | wc -l',
      'grep -c x "${F}" | sh -c "read -r n"',
      'head -n "${N}" log.txt | sh',
      'tail -n"${N}" log.txt | sh',
      'grep "${PAT}" log.txt | sh',
      'grep -c x "${F}" | sh',
      'grep -l x "${F}" | sh',
      'grep -q x "${F}" | sh',
      'grep -f "${F}" log.txt | sh',
      'sed "${S}" log.txt | sh',
      'sed -i "s/a/b/" "${F}" | sh',
      'awk -v x="${X}" 1 log.txt | sh',
      'awk 1 v="${X}" log.txt | sh',
      'tail -f "${F}" > out.txt',
      'diff <(tail -n 5 "${F}") expected.txt',
      'wc -l "${F}" | sh',
    ])
      expect([script, names(script)]).toEqual([script, []]);
  });

  test("a shell or interpreter on a pipe whose standard input its own redirection replaces (sort FILE | bash < script.sh) reads that, not the pipe", () => {
    for (const script of [
      'sort "${F}" | bash < script.sh',
      'cat "${F}" | bash < script.sh',
      'tail -n +1 "${F}" | sh 0< ./s.sh',
      'grep -v "^#" "${F}" | bash <<< "echo hi"',
      'cat "${F}" | bash <&4',
      'cat "${F}" | bash 0<&-',
      'cat "${F}" | python3 < tool.py',
      'cat "${F}" | bash < <(echo "echo hi")',
    ])
      expect([script, names(script)]).toEqual([script, []]);
    // The pipe itself by another name, and a redirection of another descriptor, still feed it the file.
    for (const script of ['cat "${F}" | bash < /dev/stdin', 'cat "${F}" | bash 0<&0', 'cat "${F}" | bash 3< other.sh', 'cat "${F}" | bash 2< e.txt', 'sort "${F}" | bash > out.txt', 'cat "${F}" | sh -s < /dev/fd/0'])
      expect([script, names(script)]).toEqual([script, ["F"]]);
  });

  test("the file a pipe of line-passing filters reads, inside the command substitution that is the script (eval \"$(cat FILE | grep x)\")", () => {
    for (const script of ['eval "$(cat "${F}" | grep x)"', 'eval "$(grep x "${F}")"', 'eval "$(grep -v "^#" "${F}" | sed -e s/a/b/)"', 'bash -c "$(tail -n +2 "${F}")"', 'eval `cat "${F}" | grep x`', 'eval "$(cat x | grep y "${F}")"'])
      expect([script, names(script)]).toEqual([script, ["F"]]);
    expect(scriptProgramRefs('eval "$(cat "${F}" | grep x)"').map((r) => (r.place?.kind === "file" ? r.place.what : ""))).toEqual(["is the file eval reads its script from ($(cat FILE | grep …))"]);
    expect(scriptProgramRefs('eval "$(grep x "${F}")"').map((r) => (r.place?.kind === "file" ? r.place.what : ""))).toEqual(["is the file eval reads its script from ($(grep … FILE))"]);
    for (const script of ['eval "$(cat "${F}" | wc -l)"', 'eval "$(grep -c x "${F}")"', 'eval "$(cat "${F}" | sort -u | wc -l)"', 'x="$(cat "${F}" | grep x)"', 'eval "$(< "${F}" | grep x)"', 'eval "$(grep "${PAT}" log.txt)"'])
      expect([script, names(script)]).toEqual([script, []]);
  });

  test("a file exec opens on a descriptor (exec 3< FILE) that a later shell or interpreter reads as its script or program", () => {
    for (const script of ['exec 3< "${F}"; bash /dev/fd/3', 'exec 3<"${F}"\nbash /dev/fd/3', 'exec 3< "${F}"; sh /proc/self/fd/3', 'exec 3< "${F}"; python3 /dev/fd/3', 'exec < "${F}"; bash', 'exec 4< "${F}"; echo hi; . /dev/fd/4'])
      expect([script, names(script)]).toEqual([script, ["F"]]);
    for (const script of ['exec 3< "${F}"; while read -r l <&3; do echo "$l"; done', 'exec 3< "${F}"; bash check.sh', 'exec 3< "${F}"; cat /dev/fd/3', 'exec < "${F}"; grep x', 'exec 3< "${F}"; bash /dev/fd/4', 'exec > "${F}"; bash /dev/fd/1'])
      expect([script, names(script)]).toEqual([script, []]);
    // A read that takes lines from the descriptor hands them to no one; exec 3<&- (or a new exec 3<) ends its reach.
    for (const script of [
      "exec 3< \"${F}\"; read -r hdr <&3; exec 3<&-; python3 - <<'EOT'\nprint(\"hi\")\nEOT",
      'exec 3< "${F}"; read -r a <&3; exec 3<&-; exec 3< ./local.sh; bash /dev/fd/3',
      'exec 3< "${F}"; exec 3>&-; bash /dev/fd/3',
      'exec 3< "${F}"; mapfile -t lines <&3; bash',
      'exec 3< "${F}"; while read -r l <&3; do echo "$l"; done; exec 3<&-; bash -c \'echo hi\'',
    ])
      expect([script, names(script)]).toEqual([script, []]);
    // Closed only where the close surely runs before the reader, or a copy of it is still open: still read.
    for (const script of ['exec 3< "${F}"; if x; then exec 3<&-; fi; bash /dev/fd/3', 'exec 3< "${F}"; exec 4<&3; exec 3<&-; bash /dev/fd/4', 'exec 3< "${F}"; false && exec 3<&-; bash /dev/fd/3', 'exec 3< "${F}"; bash /dev/fd/3; exec 3<&-'])
      expect([script, names(script)]).toEqual([script, ["F"]]);
  });

  test("a descriptor exec opens, copied to a shell's standard input (bash 0<&3, sh <&3, cat <&3 | sh), is its script", () => {
    for (const script of ['exec 3< "${F}"; bash 0<&3', 'exec 3< "${F}"; sh <&3', 'exec 3< "${F}"; cat <&3 | sh'])
      expect([script, names(script)]).toEqual([script, ["F"]]);
    expect(names('exec 3< "${F}"; read -r l <&3; bash')).toEqual([]);
  });

  test("a descriptor exec opens on a name (exec {fd}< FILE) is one whose number is unknown: any /dev/fd/$… read may be it", () => {
    for (const script of ['exec {fd}< "${F}"; bash /dev/fd/$fd', 'exec {fd}<"${F}"; . /dev/fd/$fd', 'exec {fd}< "${F}"; sh /proc/self/fd/$fd', 'exec {fd}< "${F}"; source "/dev/fd/$${fd}"'])
      expect([script, names(script)]).toEqual([script, ["F"]]);
    expect(scriptProgramRefs('exec {fd}< "${F}"; bash /dev/fd/$fd').map((r) => (r.place?.kind === "file" ? r.place.what : ""))).toEqual(["is the file bash reads its script from (exec {fd}< FILE)"]);
    for (const script of ['exec {fd}< "${F}"; cat /dev/fd/$fd', 'exec {fd}< "${F}"; read -r l <&$fd; bash check.sh', 'exec {fd}< "${F}"; bash ./x.sh'])
      expect([script, names(script)]).toEqual([script, []]);
  });

  test("ssh's host word begun by a value behind only expansions that may be empty ($X${H}) begins with the value", () => {
    for (const script of ['ssh $X${H} true', 'ssh "$X${H}" true', 'ssh "$X"${H} true', 'ssh $(cat u)${H} true', 'ssh ${U}${H} true', 'ssh -o $O${O2} h true'])
      expect([script, names(script)]).toEqual([script, [...script.matchAll(/\$\{(U|H|O2)\}/g)].map((m) => m[1]!)]);
    for (const script of ['ssh "deploy@$X${H}" true', "ssh '$X'${H} true", 'ssh \\$X${H} true', 'ssh -- $X${H} true', 'ssh x$X${H} true'])
      expect([script, names(script)]).toEqual([script, []]);
    // The list form's $X is text, no expansion.
    expect(listProgramRefs(["ssh", "$X${H}", "true"])).toEqual([]);
  });

  test("only the reference that begins ssh's, scp's, sftp's or rsync's operand is reported, not a later one behind text (${USER}@${HOST})", () => {
    for (const script of ['ssh "${USER}@${HOST}" uptime', 'ssh -p 2222 "${USER}@${HOST}"', 'scp "${USER}@${HOST}:/tmp/a" ./a', 'sftp "${USER}@${HOST}"', 'rsync -a ./dist/ "${USER}@${HOST}:/srv/app/"', 'ssh "${USER}"@"${HOST}" true'])
      expect([script, names(script)]).toEqual([script, ["USER"]]);
    // Behind a reference that may be empty, the next one begins the word too.
    expect(names('ssh "${U}${H}" true')).toEqual(["U", "H"]);
    expect(listProgramRefs(["ssh", "${USER}@${HOST}", "true"]).map((r) => r.name)).toEqual(["USER"]);
  });

  test("bash's own ${…} (written $${…}) and $'' before ssh's host may be empty: the value behind them begins it", () => {
    for (const script of ['ssh $${Z:+x}"${H}" true', 'ssh "$${PREFIX}${H}" true', "ssh $''\"${H}\" true"]) expect([script, names(script)]).toEqual([script, ["H"]]);
    for (const script of ["ssh '$${Z}'\"${H}\" true", 'ssh x$${Z}"${H}" true']) expect([script, names(script)]).toEqual([script, []]);
    // A value known at load that is text, no option, begins the word: the reference behind it begins nothing.
    const known = (script: string) => scriptProgramRefs(script, (n) => (n === "USER" ? "deploy" : n === "E" ? "" : n === "D" ? "-v" : undefined)).map((r) => r.name);
    expect(known('ssh "${USER}${H}" true')).toEqual(["USER"]);
    expect(known('ssh "${E}${H}" true')).toEqual(["E", "H"]);
    expect(known('ssh "${D}${H}" true')).toEqual(["D", "H"]);
  });

  test("a call of a function whose body runs its arguments as a command (\"$@\", \"$1\", $* where a program goes) runs the call's word", () => {
    for (const script of [
      'retry() { local n=0; until "$@"; do n=$((n+1)); [ $n -ge 3 ] && return 1; done; }; retry "${C}" --verbose',
      'f() { "$@"; }; f "${C}"',
      'f() { "$1" -v; }; f "${C}"',
      'f() { $*; }; f "${C}" x',
      'f() { sudo "$@"; }; f "${C}"',
      'f() { echo start; "$@"; }\nf "${C}"',
    ])
      expect([script, names(script)]).toEqual([script, ["C"]]);
    for (const script of [
      'retry() { local n=0; until "$@"; do n=$((n+1)); [ $n -ge 3 ] && return 1; done; }; retry curl -s "${URL}"',
      'f() { "$@"; }; f curl "${C}"',
      'f() { echo "$1"; }; f "${C}"',
      'f() { "$1" -v "$2"; }; f ls "${C}"',
    ])
      expect([script, names(script)]).toEqual([script, []]);
  });
});

describe("scriptProgramRefs: env's settings after --, ssh -o's whole argument, node's env file", () => {
  test("env reads NAME=value settings after -- too (GNU env: env -i -- MODEL=x printenv MODEL); sudo does not", () => {
    for (const script of ['env -i -- MODEL="${M}" ./app', 'env -- MODEL="${M}" ./app', 'env -- A=1 B="${M}" ./app']) expect([script, names(script), assigned(script)]).toEqual([script, [], []]);
    expect(assigned('env -- X=1 BASH_ENV="${F}" bash -c true')).toEqual(["F>BASH_ENV"]);
    expect(assigned('env -i -- BASH_ENV="${F}" bash -c true')).toEqual(["F>BASH_ENV"]);
    expect(listProgramRefs(["env", "--", "X=1", "BASH_ENV=${F}", "bash", "-c", "true"])).toEqual([{ index: 3, name: "F", offset: 9, assigned: "BASH_ENV" }]);
    // The program after the settings is still the program.
    expect(names('env -- A=1 "${CMD}"')).toEqual(["CMD"]);
    expect(listProgramRefs(["env", "-i", "--", "MODEL=${M}", "./app"])).toEqual([]);
    // sudo reads no settings after --: the first word is the program.
    expect(names('sudo -- A="${M}" ./app')).toEqual(["M"]);
  });

  test("a value that begins ssh's, scp's or sftp's -o argument chooses its key (ProxyCommand=…)", () => {
    for (const script of ['ssh -o "${O}" h true', 'ssh -o"${O}" h true', 'scp -o "${O}" a h:b', 'sftp -o "${O}" h', 'ssh h -o "${O}" true'])
      expect([script, scriptProgramRefs(script).map((r) => [r.name, r.place?.kind])]).toEqual([script, [["O", "file"]]]);
    expect(listProgramRefs(["ssh", "-o", "${O}", "h", "true"]).map((r) => [r.index, r.name])).toEqual([[2, "O"]]);
    // A key of the author's with a value's value is the author's choice.
    for (const script of ['ssh -o ConnectTimeout="${T}" h true', 'ssh -o "User=${U}" h true', 'scp -o Port="${P}" a h:b']) expect([script, names(script)]).toEqual([script, []]);
  });

  test("node's and bun's --env-file is a file whose NODE_OPTIONS can preload code", () => {
    for (const script of ['node --env-file "${F}" app.js', 'node --env-file="${F}" app.js', 'node --env-file-if-exists="${F}" app.js', 'bun --env-file "${F}" app.ts', 'bun --env-file="${F}" app.ts'])
      expect([script, scriptProgramRefs(script).map((r) => [r.name, r.place?.kind === "file" ? r.place.what : ""])]).toEqual([script, [["F", expect.stringContaining("env file")]]]);
    expect(names('node --env-file .env app.js "${X}"')).toEqual([]);
    // node's --import and --loader: a URL of a module it loads first (a data: URL is code: interpreter-code.ts).
    for (const script of ['node --import "${F}" app.js', 'node --import="${F}" app.js', 'node --loader "${F}" app.js', 'node --experimental-loader="${F}" app.js'])
      expect([script, scriptProgramRefs(script).map((r) => [r.name, r.place?.kind === "file" ? r.place.what : ""])]).toEqual([script, [["F", expect.stringContaining("loads and runs before its program")]]]);
  });
});

describe("scriptProgramRefs: backticks in double quotes, programs that print a file's lines whole (decompressed, decoded, reordered)", () => {
  /** What each reference found says of the file it stands for ("" for one that is no file's). */
  const what = (script: string) => scriptProgramRefs(script).map((r) => (r.place?.kind === "file" ? r.place.what : ""));

  test("a backtick substitution inside double quotes ends at its first backtick, its quotes read inside it (eval \"`cat \"FILE\"`\"), as $(…)'s twin", () => {
    for (const script of ['eval "`cat "${F}"`"', 'bash -c "`cat "${F}"`"', 'sh -c "`tail -n +1 "${F}"`"', 'eval "`cat \\"${F}\\"`"', 'eval "`cat ${F}`"', 'eval "`cat "${F}" | grep x`"', 'x=1; eval "`< "${F}"`"', '"`cat "${F}"`"'])
      expect([script, names(script)]).toEqual([script, ["F"]]);
    expect(what('eval "`cat "${F}"`"')).toEqual(["is the file eval reads its script from (`cat FILE`)"]);
    expect(what('bash -c "`cat "${F}"`"')).toEqual(["is the file bash -c reads its script from (`cat FILE`)"]);
    expect(what('sh -c "`tail -n +1 "${F}"`"')).toEqual(["is the file sh -c reads its script from (`tail … FILE`)"]);
    // A program inside the backticks is still one, and what the substitution prints as data is not.
    expect(names('x="`"${CMD}" -v`"')).toEqual(["CMD"]);
    for (const script of ['x="`cat "${F}"`"', 'echo "`cat "${F}"`"', 'eval "echo `cat "${F}" | wc -l`"', 'grep -c x "`cat "${F}"`"', 'eval "`grep -c x "${F}"`"'])
      expect([script, names(script)]).toEqual([script, []]);
  });

  test("a program that prints a file's lines whole, decompressed or decoded (zcat, gzip -dc, xzcat, bzcat, zstd -dc, base64 -d), or in another order or fewer (sort, uniq, shuf), hands its code on, as cat does", () => {
    const printers = [
      'zcat "${F}"',
      'gzcat "${F}"',
      'gzip -dc "${F}"',
      'gzip -d -c "${F}"',
      'gzip --decompress --stdout "${F}"',
      'gunzip -c "${F}"',
      'gunzip --to-stdout "${F}"',
      'xzcat "${F}"',
      'xz -dc "${F}"',
      'xz -d -c -T 2 "${F}"',
      'unxz -c "${F}"',
      'bzcat "${F}"',
      'bzip2 -dc "${F}"',
      'bunzip2 -c "${F}"',
      'zstdcat "${F}"',
      'zstd -dc "${F}"',
      'zstd -d --stdout "${F}"',
      'unzstd -c "${F}"',
      'base64 -d "${F}"',
      'base64 --decode "${F}"',
      'base64 -di "${F}"',
      'base32 -d "${F}"',
      'sort "${F}"',
      'sort -u -k 2 "${F}"',
      'sort -t : -k 1,1 "${F}"',
      'uniq "${F}"',
      'uniq -d "${F}"',
      'uniq -u -f 1 "${F}"',
      'shuf "${F}"',
      'shuf -n 5 "${F}"',
      'tac "${F}"',
    ];
    for (const p of printers)
      for (const script of [`${p} | sh`, `eval "$(${p})"`, `bash <(${p})`, `source <(${p})`, `${p} | python3`])
        expect([script, names(script)]).toEqual([script, ["F"]]);
    expect(what('zcat "${F}" | sh')).toEqual(["is the file whose text zcat decompresses and hands sh as its script"]);
    expect(what('base64 -d "${F}" | bash')).toEqual(["is the file whose text base64 decodes and hands bash as its script"]);
    expect(what('sort "${F}" | sh')).toEqual(["is the file whose lines sort hands sh as its script"]);
    expect(what('eval "$(gzip -dc "${F}")"')).toEqual(["is the file eval reads its script from ($(gzip … FILE))"]);
    expect(what('eval "$(cat "${F}" | sort)"')).toEqual(["is the file eval reads its script from ($(cat FILE | sort …))"]);
    // A count in front of each line leaves the rest of it code (uniq -c), and sort -c prints the first line out of order.
    for (const script of ['eval "$(sort "${F}" | uniq -c)"', 'uniq -c "${F}" | sh', 'sort -c "${F}" 2>&1 | sh', 'sort --check "${F}" |& sh'])
      expect([script, names(script)]).toEqual([script, ["F"]]);
    // Printing something else of the file (a count alone, compressed or encoded text, a file written), or a file it writes: data.
    for (const script of [
      'sort "${F}" | uniq -c',
      'sort "${F}" | uniq -c | grep -v x > out.txt',
      'zcat "${F}" | grep -c x',
      'gzip -c "${F}" > out.gz',
      'gzip -c "${F}" | sh',
      'gzip -d "${F}"; sh ./run.sh',
      'gunzip "${F}" | sh',
      'gzip -dl "${F}" | sh',
      'xz -c "${F}" | sh',
      'bzip2 -c "${F}" | sh',
      'zstd -c "${F}" | sh',
      'zstd -d -o out "${F}" | sh',
      'zcat -l "${F}" | sh',
      'base64 "${F}" | sh',
      'base64 -w 0 "${F}" | sh',
      'sort -o out "${F}"; sh ./run.sh',
      'sort -o out "${F}" | sh',
      'sort -C "${F}" | sh',
      'sort --check=quiet "${F}" | sh',
      'uniq in.txt "${F}" | sh',
      'uniq "${F}" out.txt | sh',
      'shuf -e "${F}" | wc -l',
      'shuf -o out "${F}" | sh',
      'eval "$(base64 "${F}")"',
      'bash <(sort -o out "${F}")',
    ])
      expect([script, names(script)]).toEqual([script, []]);
  });

  test("a program named as an object's own property (toString, constructor) is no line filter", () => {
    for (const script of ['toString "${F}" | sh', 'constructor -x "${F}" | sh', 'eval "$(hasOwnProperty "${F}")"']) expect([script, names(script)]).toEqual([script, []]);
  });

  test("eval of a substitution that prints a descriptor's file (eval \"$(cat <&3)\") after exec 3< FILE runs the file; one on the command's own redirection only in single quotes (bash expands the rest before it opens the file)", () => {
    for (const script of ['exec 3< "${F}"; eval "$(cat <&3)"', 'exec 3< "${F}"; eval "$(cat /dev/fd/3)"', 'exec 3< "${F}"; eval "$(< /dev/fd/3)"', 'exec 3< "${F}"; eval `cat <&3`', 'exec < "${F}"; eval "$(cat)"', "eval '$(cat)' < \"${F}\"", "eval 'eval \"$(cat <&3)\"' 3< \"${F}\"", 'exec 3< "${F}"; eval "source /dev/fd/3"', 'eval "source /dev/fd/3" 3< "${F}"'])
      expect([script, names(script)]).toEqual([script, ["F"]]);
    expect(what('exec 3< "${F}"; eval "$(cat <&3)"')).toEqual(["is the file eval reads its script from (exec 3< FILE)"]);
    for (const script of ['exec 3< "${F}"; x="$(cat <&3)"', 'exec 3< "${F}"; echo "$(cat <&3)"', 'eval "$(cat ./local.sh)" < "${F}"', 'exec 3< "${F}"; eval "$(cat <&4)"', 'eval "$(cat)" < "${F}"', 'eval "$(cat <&3)" 3< "${F}"', 'bash -c "$(cat <&3)" 3< "${F}"', 'sh -c "$(cat)" < "${F}"'])
      expect([script, names(script)]).toEqual([script, []]);
    // What a function the command calls, or its -c script, runs starts once the redirection is open.
    for (const script of ['f() { eval "$(cat)"; }; f < "${F}"', 'bash -c \'eval "$(cat <&3)"\' 3< "${F}"', 'bash -c \'f() { eval "$(cat)"; }; f\' < "${F}"'])
      expect([script, names(script)]).toEqual([script, ["F"]]);
  });

  test("eval of a substitution in which a line filter prints a descriptor's file (eval \"$(tail -n +1 /dev/fd/3)\", eval \"$(head -n 100 <&3)\") after exec 3< FILE runs the file, as cat's", () => {
    for (const script of [
      'exec 3< "${F}"; eval "$(tail -n +1 /dev/fd/3)"',
      'exec 3< "${F}"; eval "$(head -n 100 <&3)"',
      'exec 3< "${F}"; eval "$(sed -n p /dev/fd/3)"',
      'exec 3< "${F}"; eval "$(grep -v ^# /dev/fd/3)"',
      'exec 3< "${F}"; eval "$(awk 1 <&3)"',
      'exec 3< "${F}"; eval "$(sort /proc/self/fd/3)"',
      'exec 3< "${F}"; eval "$(zcat 0<&3)"',
      'exec 3< "${F}"; eval `tac /dev/fd/3`',
      'exec 3< "${F}"; bash -c "$(cut -c 1- < /dev/fd/3)"',
      'exec < "${F}"; eval "$(tail -n +1)"',
      'bash -c \'eval "$(head -n 50 <&3)"\' 3< "${F}"',
      'bash -c \'eval "$(sed -n p)"\' < "${F}"',
    ])
      expect([script, names(script)]).toEqual([script, ["F"]]);
    // One that prints something else of it, reads another file or descriptor, or whose output is data.
    for (const script of [
      'exec 3< "${F}"; eval "$(grep -c x /dev/fd/3)"',
      'exec 3< "${F}"; eval "$(wc -l < /dev/fd/3)"',
      'exec 3< "${F}"; eval "$(tail -n +1 /dev/fd/4)"',
      'exec 3< "${F}"; eval "$(head -n 1 ./local.sh <&3)"',
      'exec 3< "${F}"; x="$(tail -n +1 /dev/fd/3)"',
      'eval "$(tail -n +1 <&3)" 3< "${F}"',
      'eval "$(head)" < "${F}"',
    ])
      expect([script, names(script)]).toEqual([script, []]);
  });

  test("a line filter printing a descriptor exec opened on the file (exec 3< FILE; tail -n +1 /dev/fd/3 | sh) hands a shell its code", () => {
    for (const script of ['exec 3< "${F}"; tail -n +1 /dev/fd/3 | sh', 'exec 3< "${F}"; cat /dev/fd/3 | bash', 'exec 3< "${F}"; zcat /proc/self/fd/3 | sh', 'exec 3< "${F}"; sort /dev/fd/3 | python3', 'exec 3< "${F}"; exec 4<&3; grep -v "^#" /dev/fd/4 | sh'])
      expect([script, names(script)]).toEqual([script, ["F"]]);
    expect(what('exec 3< "${F}"; tail -n +1 /dev/fd/3 | sh')).toEqual(["is the file sh reads its script from (exec 3< FILE)"]);
    for (const script of ['exec 3< "${F}"; tail -n +1 /dev/fd/3 > out.txt', 'exec 3< "${F}"; grep -c x /dev/fd/3 | sh', 'exec 3< "${F}"; tail -n +1 /dev/fd/4 | sh', 'exec 3< "${F}"; exec 3<&-; cat /dev/fd/3 | sh', 'exec 3< "${F}"; wc -l /dev/fd/3 | sh'])
      expect([script, names(script)]).toEqual([script, []]);
  });
});

/**
 * Real bash on scripts, in a directory of their own (removed after the describe that calls this): `runs` says whether
 * bash runs touch, F the file `x; touch MARKER` (`before` in front) and CMD `touch MARKER` (HOST localhost): the file's
 * text or the value was code. `loads`: each script neither runs it nor has a reference found.
 */
function markerRuns(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const marker = join(dir, "pwned");
  const file = join(dir, "payload.txt");
  const runs = (script: string, before = ""): boolean => {
    rmSync(marker, { force: true });
    writeFileSync(file, `${before}x; touch ${marker}\n`);
    const value = (n: string) => (n === "F" ? file : n === "CMD" ? `touch ${marker}` : n === "HOST" ? "localhost" : undefined);
    Bun.spawnSync(["bash", "-c", displayCommand(script, value)], { cwd: dir, env: { PATH: process.env.PATH! }, stdin: "ignore", stdout: "ignore", stderr: "ignore", ...SYNC_CHILD_LIMIT });
    const ran = existsSync(marker);
    rmSync(marker, { force: true });
    return ran;
  };
  const loads = (scripts: readonly string[]) => {
    for (const script of scripts) expect([script, runs(script), names(script)]).toEqual([script, false, []]);
  };
  return { runs, loads };
}

describe("scriptProgramRefs: a file's text printed into a shell's script by a printer, with a line prefix, or from a descriptor into a process substitution", () => {
  const { runs, loads } = markerRuns("program-refs-file-");
  const refused = (scripts: readonly string[]) => {
    for (const script of scripts) expect([script, runs(script), names(script)]).toEqual([script, true, ["F"]]);
  };

  test("a substitution printing the file whole in what echo or printf prints into a shell (echo \"$(cat FILE)\" | bash) is the file's text as code", () => {
    refused([
      'echo "$(cat "${F}")" | bash',
      "printf '%s\\n' \"$(cat \"${F}\")\" | sh",
      'echo "$(< "${F}")" | bash',
      'echo "true; $(cat "${F}")" | bash',
      'echo "`cat "${F}"`" | sh',
      'echo $(cat "${F}") | bash',
      'echo "$(grep -v "^#" "${F}")" | bash',
    ]);
    expect(scriptProgramRefs('echo "$(cat "${F}")" | bash')[0]?.place).toMatchObject({ kind: "file", what: expect.stringContaining("echo prints into the script bash reads") });
    // Not printed into a shell, or a substitution that prints something else of the file.
    loads([
      'echo "$(cat "${F}")"',
      'echo "$(cat "${F}")" > copy.txt',
      'echo "$(cat "${F}" | wc -l)" | bash',
      'echo "$(grep -c x "${F}")" | sh',
      'echo "echo $(basename "${F}")" | bash',
      "printf -v v '%s' \"$(cat \"${F}\")\"; echo \"$v\" | wc -c",
    ]);
  });

  test("shuf -e prints its operands as lines, as echo does its words: a substitution printing the file there is code", () => {
    refused(['shuf -e "$(cat "${F}")" | bash', 'shuf -n 1 -e "$(< "${F}")" | sh', 'shuf --echo "$(cat "${F}")" | sh']);
    expect(names('shuf -e "${F}" | bash')).toEqual(["F"]);
    loads(['shuf -e "$(cat "${F}")" | wc -l', 'shuf -e "$(cat "${F}" | wc -l)" | sh', 'shuf -i 1-3 | sh', 'shuf -o out.txt -e "$(cat "${F}")" | sh']);
  });

  test("a count or number in front of each line (uniq -c, nl, cat -n, grep -n, -b) leaves the rest of the line code: it runs", () => {
    refused([
      'uniq -c "${F}" | sh',
      'uniq --count "${F}" | bash',
      'eval "$(sort "${F}" | uniq -c)"',
      'sort "${F}" | uniq -c | sh',
      'nl "${F}" | sh',
      'nl -ba "${F}" | sh',
      'eval "$(nl "${F}")"',
      'cat -n "${F}" | sh',
      'grep -n "" "${F}" | sh',
      'grep -b "" "${F}" | sh',
      'cut -c1-200 "${F}" | sh',
      'exec 3< "${F}"; eval "$(uniq -c <&3)"',
      'exec 3< "${F}"; eval "$(nl /dev/fd/3)"',
    ]);
    // sort -c prints the first line out of order, on stderr.
    for (const script of ['sort -c "${F}" 2>&1 | sh', 'sort --check "${F}" |& sh']) expect([script, runs(script, "z\n"), names(script)]).toEqual([script, true, ["F"]]);
    expect(['sort -C "${F}" 2>&1 | sh', runs('sort -C "${F}" 2>&1 | sh', "z\n"), names('sort -C "${F}" 2>&1 | sh')]).toEqual(['sort -C "${F}" 2>&1 | sh', false, []]);
    // A count of lines alone, or what is written to a file: no line of it.
    loads(['grep -c x "${F}" | sh', 'wc -l "${F}" | sh', 'uniq -c "${F}" > counts.txt', 'exec 3< "${F}"; eval "$(grep -c x /dev/fd/3)"', 'nl "${F}" > numbered.txt']);
  });

  test("a line filter whose standard input is the file, in the substitution eval or bash -c runs (eval \"$(cat < FILE)\"), prints it as with the file named", () => {
    refused(['eval "$(cat < "${F}")"', 'eval "$(uniq -c < "${F}")"', 'bash -c "$(grep -v ^# 0< "${F}")"', 'eval "$(sort < "${F}" | uniq -c)"']);
    loads(['eval "$(wc -l < "${F}")"', 'eval "$(grep -c x < "${F}")"', 'eval "$(cat /dev/null < "${F}")"', 'x="$(cat < "${F}")"']);
  });

  test("a line filter printing the descriptor exec opened on the file into a process substitution a shell runs (exec 3< FILE; source <(cat /dev/fd/3)) runs the file", () => {
    refused([
      'exec 3< "${F}"; source <(cat /dev/fd/3)',
      'exec 3< "${F}"; . <(cat <&3)',
      'exec 3< "${F}"; bash <(cat /dev/fd/3)',
      'exec 3< "${F}"; source <(head -n 5 <&3)',
      'exec 3< "${F}"; . <(uniq -c <&3)',
      'exec < "${F}"; source <(cat)',
    ]);
    expect(scriptProgramRefs('exec 3< "${F}"; source <(cat /dev/fd/3)')[0]?.place).toMatchObject({ kind: "file", what: "is the file source reads its script from (exec 3< FILE)" });
    loads(['exec 3< "${F}"; diff <(cat <&3) /dev/null', 'exec 3< "${F}"; source <(grep -c x <&3)', 'exec 3< "${F}"; source <(cat /dev/null <&3)', 'exec 3< "${F}"; source <(cat /dev/fd/4)']);
  });
});

describe("scriptProgramRefs: su, runuser and sg with no command read their standard input as a script; abbreviated long options; more filters and spellings", () => {
  const { runs, loads } = markerRuns("program-refs-su-");
  /** su, runuser and sg run without a password only as root. */
  const ROOT = ["su", "runuser", "sg"];
  /** Whether bash is run on the scripts: the programs `needs` are installed (and, for ROOT's, this runs as root); else only the loader's answer is checked. */
  const canRun = (needs: readonly string[]) => needs.every((p) => Bun.which(p) !== null) && (needs !== ROOT || process.getuid?.() === 0);
  const refused = (scripts: readonly string[], name: string, needs: readonly string[] = []) => {
    for (const script of scripts) {
      const ran = canRun(needs) ? runs(script) : true;
      expect([script, ran, names(script)]).toEqual([script, true, [name]]);
    }
  };

  test("su USER, su -, runuser USER and sg GROUP with no -c start a shell that reads their standard input as its script (su root <<< …, echo … | su -)", () => {
    refused(
      [
        'su root <<< "${CMD}"',
        'echo "${CMD}" | su root',
        'echo "${CMD}" | su -',
        'su root <<EOF\n${CMD}\nEOF',
        'su -s /bin/bash root <<< "${CMD}"',
        'nice su root <<< "${CMD}"',
        'runuser root <<< "${CMD}"',
        'sg root <<< "${CMD}"',
        'runuser -u root -- bash <<< "${CMD}"',
        'runuser -u root bash <<< "${CMD}"',
        'echo "${CMD}" | runuser -u root -- sh',
      ],
      "CMD",
      ROOT,
    );
    refused(
      [
        'su root < "${F}"',
        'exec 3< "${F}"; su root <&3',
        'sort "${F}" | su root',
        'nl "${F}" | su -',
        'echo "$(cat "${F}")" | su root',
        'su root <<EOF\n$(cat "${F}")\nEOF',
      ],
      "F",
      ROOT,
    );
    // With a command, the command reads the input: su's -c script, runuser -u's program, sg's command.
    for (const script of ['su root -c true <<< "${CMD}"', 'echo "${CMD}" | su - -c "cat"', 'runuser -u root -- cat <<< "${CMD}"', 'sg root -c "read -r x" <<< "${CMD}"', 'su root < /dev/null', 'sort "${F}" | su root -c "wc -l"'])
      expect([script, names(script)]).toEqual([script, []]);
  });

  test("an unambiguous start of a long option is that option, as getopt_long reads it (su --comm, script --comm)", () => {
    refused(['su --comm "${CMD}" root', 'su --com "${CMD}" root', 'su --c="${CMD}" root', 'script -q --comm "${CMD}" /dev/null', 'runuser --comm "${CMD}" root', 'su --sess "${CMD}" root'], "CMD", ROOT);
    refused(['su --comm "echo $(cat "${F}")" root'], "F", ROOT);
    // -s's argument is the shell, --shell's start too; an ambiguous start (su --s: --session-command, --shell, --supp-group) is an error.
    expect(names('su --sh "${CMD}" root')).toEqual(["CMD"]);
    expect(names('su --s "${CMD}" root')).toEqual([]);
  });

  test("a substitution printing the file whole in a here-string or an unquoted heredoc a shell reads (bash <<< \"$(cat FILE)\") is the file's text as code, wherever it stands there", () => {
    refused(
      [
        'bash <<< "$(cat "${F}")"',
        'bash <<< "echo $(cat "${F}")"',
        'sh <<< $(cat "${F}")',
        'bash -s <<< "`cat "${F}"`"',
        'bash <<EOF\necho $(cat "${F}")\nEOF',
        'bash <<EOF\ntrue\n`cat "${F}"`\nEOF',
        'su root <<< "$(grep -v "^#" "${F}")"',
      ],
      "F",
      ROOT,
    );
    expect(scriptProgramRefs('bash <<< "echo $(cat "${F}")"')[0]?.place).toMatchObject({ kind: "file", what: expect.stringContaining("bash reads from its standard input") });
    // ssh's remote shell reads what ssh is given.
    for (const script of ['ssh -- "${HOST}" <<< "$(cat "${F}")"', 'ssh -- h bash -s <<< "$(cat "${F}")"', "ssh h <<EOF\n$(cat \"${F}\")\nEOF"]) expect([script, names(script)]).toEqual([script, ["F"]]);
    // Into no shell, a count, single quotes or a quoted heredoc (bash expands nothing there): data.
    for (const script of ['cat <<< "$(cat "${F}")"', 'bash <<< "$(cat "${F}" | wc -l)"', "bash <<< 'echo $(cat \"${F}\")'", "bash <<'EOF'\necho $(cat \"${F}\")\nEOF", 'bash -c "cat" <<< "$(cat "${F}")"']) {
      expect([script, runs(script), names(script)]).toEqual([script, false, []]);
    }
  });

  test("a descriptor's file through a pipe of filters inside eval's substitution (exec 3< FILE; eval \"$(cat /dev/fd/3 | nl)\") runs the file", () => {
    refused(['exec 3< "${F}"; eval "$(cat /dev/fd/3 | nl)"', 'exec 3< "${F}"; eval "$(cat /dev/fd/3 | grep x)"', 'exec 3< "${F}"; eval "$(cat <&3 | sort | uniq -c)"', 'exec 3< "${F}"; eval "$(head -n 50 <&3 | tr -d \'\\r\')"'], "F");
    loads(['exec 3< "${F}"; eval "$(cat /dev/fd/3 | wc -l)"', 'exec 3< "${F}"; eval "$(cat /dev/fd/3 | grep -c x)"', 'exec 3< "${F}"; eval "$(cat /dev/fd/4 | nl)"', 'exec 3< "${F}"; eval "$(echo hi | cat)"']);
  });

  test("more programs print a file's text, changed in a way its writer can undo (tr, paste -s, rev, fold, expand, unexpand, dd if=, tee, jq -R -r, strings, pr)", () => {
    refused(
      [
        'eval "$(cat "${F}" | tr -d \'\\r\')"',
        'eval "$(tr -d \'\\r\' < "${F}")"',
        'tr -d \'\\r\' < "${F}" | bash',
        'eval "$(paste -sd\';\' "${F}")"',
        'eval "$(fold -w 200 "${F}")"',
        'eval "$(expand "${F}")"',
        'eval "$(unexpand "${F}")"',
        'eval "$(dd if="${F}" status=none)"',
        'dd if="${F}" 2>/dev/null | sh',
        'eval "$(tee < "${F}")"',
        'eval "$(cat "${F}" | tee /dev/null)"',
        'eval "$(pr -t "${F}")"',
      ],
      "F",
    );
    refused(['eval "$(jq -Rr . "${F}")"', 'eval "$(jq -R -r . < "${F}")"'], "F", ["jq"]);
    refused(['eval "$(strings "${F}")"'], "F", ["strings"]);
    // rev prints each line reversed: a file written reversed runs.
    expect(names('eval "$(rev "${F}")"')).toEqual(["F"]);
    expect(names('eval "$(cat "${F}" | tr \'\\n\' \';\')"')).toEqual(["F"]);
    if (canRun(["jq"])) loads(['eval "$(jq -R . "${F}")"']);
    loads(['eval "$(dd if=/dev/null)"', 'dd if="${F}" of=copy.txt', 'eval "$(tee out.txt < "${F}" | wc -l)"', 'eval "$(paste -sd\';\' "${F}" | wc -c)"', 'tr -d x < "${F}" > out.txt']);
  });

  test("eval and cat spelt otherwise: $'eval', command cat, \\cat", () => {
    refused(["$'eval' \"${CMD}\"", "$'\\x65val' \"${CMD}\""], "CMD");
    refused(['eval "$(command cat "${F}")"', 'eval "$(\\cat "${F}")"', 'eval "$(command -- cat "${F}" | grep x)"'], "F");
    loads(["$'echo' \"${CMD}\"", 'eval "$(command -v cat)" "${F}"']);
  });
});
