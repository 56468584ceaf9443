// envReads: the $NAME a shell script reads from its environment, and the values it gives a name itself before reading it.
import { describe, expect, test } from "bun:test";
import { envReads } from "./shell-reads.ts";

/** Whether the script reads X from its environment (at least once where it has not set X itself). */
const readsX = (script: string) => envReads(script).some((r) => r.name === "X");

describe("a name the script sets itself is no read of the environment, only after it is set, in the same shell", () => {
  // Each ran with X empty, and the step passed: the selection that left out X's capturing step went on.
  test.each([
    ["read before the assignment", "echo $X; X=1"],
    ["read in the assignment itself", "X=$X:1; echo $X"],
    ["an assignment in front of a command lasts for that command only", "X=1 true; echo $X"],
    ["two in front of a command", "X=1 Y=2 env; echo $X"],
    ["in front of a command, with its own $X expanded before", "X=1 echo $X"],
    ["in a subshell", "(X=1); echo $X"],
    ["in a subshell, then a brace group", "(X=1; true); { echo $X; }"],
    ["in a command substitution", 'echo "$(X=1)"; echo $X'],
    ["in a command substitution in an assignment", "Y=$(X=1; echo a); echo $X"],
    ["in backquotes", "Y=`X=1`; echo $X"],
    ["in a process substitution", "cat <(X=1); echo $X"],
    ["local in a function", "f() { local X=1; }; echo $X"],
    ["in a function, even one called (its body runs where it is called)", "f() { X=1; }; f; echo $X"],
    ["in a function declared with the keyword", "function f { X=1; }\nf\necho $X"],
    ["read before, then set when empty", '[ -n "$X" ] || X=d; echo $X'],
    ["read in the list of for", "for X in $X; do :; done"],
    ["read as the last of a pipeline", "echo 1 | read X; echo $X"],
    ["set as the first of a pipeline", "X=1 | cat; echo $X"],
    ["a pipeline's while loop reads in a subshell", "printf '1\\n' | while read -r X; do :; done; echo $X"],
    ["set in the background", "X=1 & wait; echo $X"],
    ["export without a value", "export X; echo $X"],
    ["declare without a value", "declare -r X; echo $X"],
    ["the script of a sh -c, when the value is not exported to it", "X=1; sh -c 'echo $X'"],
    ["set after a heredoc that reads it", "cat <<EOF\n$X\nEOF\nX=1"],
    ["a later line", "set -e\necho \"$X\"\nX=1\necho $X"],
  ])("%s: %s is a read", (_, script) => expect(readsX(script)).toBe(true));

  test.each([
    ["a plain assignment first", "X=1; echo $X"],
    ["on its own line first", "X=1\necho $X"],
    ["several assignments as a whole command", "Y=2 X=1; echo $X"],
    ["a captured command's output", "X=$(date); echo $X"],
    ["export", "export X=1; echo $X"],
    ["declare, typeset, readonly", "declare -i X=1; typeset Y=2; readonly Z=3; echo $X"],
    ["an array", "X=(a b); echo ${X[1]}"],
    ["an element", "X[0]=a; echo $X"],
    ["appended", "X+=a; echo $X"],
    ["read", "read X; echo $X"],
    ["read with options", 'read -r -p "name: " X < f; echo "$X"'],
    ["read -a", "read -ra X <<< 'a b'; echo $X"],
    ["for", "for X in a b; do echo $X; done"],
    ["for, its value after the loop", "for X in a b; do :; done; echo $X"],
    ["select", "select X in a b; do echo $X; break; done"],
    ["while read", "while read -r X; do echo $X; done < f"],
    ["a pipeline's while loop, read inside it", "printf '1\\n' | while read -r X; do echo \"$X\"; done"],
    ["in a subshell, read there", "(X=1; echo $X)"],
    ["in a command substitution, read there", 'echo "$(X=1; echo $X)"'],
    ["in a function, read there", "f() { local X=1; echo $X; }; f"],
    ["in a brace group (the same shell)", "{ X=1; }; echo $X"],
    ["in if and case (the same shell)", "if true; then X=1; else X=2; fi; echo $X\ncase a in a) X=3;; esac; echo $X"],
    ["after && (the same shell)", "true && X=1; echo $X"],
    ["with a redirection", "X=1 2>/dev/null; echo $X"],
    ["arithmetic", "((X=1)); echo $X; let Y=2 Z++"],
    ["an arithmetic for", "for ((X=0; X<3; X++)); do echo $X; done"],
    ["in an arithmetic for's body", "for ((i=0; i<3; i++)); do X=$i; done; echo $X"],
    ["printf -v, mapfile", "printf -v X %s a; echo $X; mapfile -t Y < f; echo $Y"],
    ["exported to the script of a sh -c", "export X=1; sh -c 'echo $X'"],
    ["set in the script of a sh -c", "sh -c 'X=1; echo $X'"],
    ["a default", "echo ${X:-d} $${X-e}"],
    ["single quotes", "echo '$X'"],
    ["a comment", "echo ok # $X"],
  ])("%s: %s is no read", (_, script) => expect(readsX(script)).toBe(false));

  test("the read said is the first one the script has not set the name for", () => {
    expect(envReads("echo $X; X=1; echo $X")).toEqual([{ name: "X", offset: 5 }]);
    expect(envReads("(X=1; echo $X); echo $X")).toEqual([{ name: "X", offset: 21 }]);
    expect(envReads("X=1; echo $X $Y")).toEqual([{ name: "Y", offset: 13 }]);
  });

  test("a script bash would not parse is read without hanging or throwing", () => {
    // A does-not-throw check: envReads always returns an array, so this fails only by throwing (or by hanging).
    for (const script of ["echo $X; (", "echo $X; )", "case $X in", "if; then $X", "f() { $X", "X=1; echo \"$X", "cat <<EOF\n$X", "for", "((X=1", "echo $X | ", "[[ $X", "`$X", "$(", "${X"])
      expect(Array.isArray(envReads(script))).toBe(true);
    expect(readsX("echo $X; (")).toBe(true);
    // Nested deeper than the parser's stack goes: its reads stay reads.
    expect(readsX(`${"$(".repeat(50_000)}X=1; echo $X`)).toBe(true);
  });
});
