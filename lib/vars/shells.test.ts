// A shell's command line as bash reads its options (shellArguments), the one reading every check asks; and ssh's -o settings that run a command (sshCommandSetting).
import { describe, expect, test } from "bun:test";
import { shellArguments, sshCommandSetting } from "./shells.ts";

/** shellArguments of the words of `line` (split on blanks), with the shell first. */
const read = (line: string) => shellArguments(line.split(" "), 0);

describe("shellArguments", () => {
  test("-c anywhere among the options (alone or in a group) makes the first operand the script; -o, -O, +o take the next word", () => {
    expect(read("bash -c S A B")).toMatchObject({ command: true, script: 2, scriptFile: undefined, readsStdin: false, args: 3 });
    // Its options are their words (-o's argument is none).
    expect(read("bash -e -o pipefail -c S")).toMatchObject({ options: [1, 2, 4], script: 5 });
    // Each o or O in a group takes the next word, wherever it stands: `pipefail` is no script.
    expect(read("bash -oc pipefail S").script).toBe(3);
    expect(read("bash -euoc pipefail S").script).toBe(3);
    expect(read("bash +o posix -O extglob -c S")).toMatchObject({ options: [1, 3, 5], script: 6 });
    // `--` and a lone `-` end the options: the next word is the script, even one that begins with `-`.
    expect(read("sh -c -- -S").script).toBe(3);
    expect(read("sh -c - S").script).toBe(3);
    // -c with no word after the options: none.
    expect(read("bash -c").script).toBeUndefined();
    expect(read("bash -c --").script).toBeUndefined();
    expect(read("bash -o -c").command).toBe(false);
    // +c is no -c.
    expect(read("bash +c S").command).toBe(false);
  });

  test("without -c or -s the first operand is the script file; with -s the script is the standard input", () => {
    expect(read("bash f.sh A")).toMatchObject({ command: false, operand: 1, scriptFile: 1, readsStdin: false, args: 2 });
    expect(read("sh -x -- f.sh")).toMatchObject({ scriptFile: 3, args: 4 });
    expect(read("sh -s A B")).toMatchObject({ stdinOption: true, operand: 2, scriptFile: undefined, readsStdin: true, args: 2 });
    expect(read("bash -e")).toMatchObject({ operand: undefined, scriptFile: undefined, readsStdin: true, args: 2 });
    expect(read("bash")).toMatchObject({ options: [], operand: undefined, readsStdin: true, startupFiles: [] });
    // A word after the first operand is the script's argument, no option of the shell.
    expect(read("bash f.sh -c S")).toMatchObject({ command: false, scriptFile: 1 });
  });

  test("--rcfile and --init-file take the next word, a startup file; the other long options none", () => {
    expect(read("bash --norc --rcfile rc.sh -i")).toMatchObject({ options: [1, 2, 4], startupFiles: [3], readsStdin: true });
    expect(read("bash --init-file a --rcfile b f.sh")).toMatchObject({ startupFiles: [2, 4], scriptFile: 5 });
    // Given last, with no word after it: none.
    expect(read("bash --rcfile").startupFiles).toEqual([]);
    // After the options, an argument of the script file.
    expect(read("bash f.sh --rcfile rc.sh").startupFiles).toEqual([]);
  });

  test("reads from the shell's own word on, not the words before it", () => {
    expect(shellArguments(["env", "-c", "bash", "-c", "S"], 2)).toMatchObject({ script: 4 });
  });
});

describe("sshCommandSetting", () => {
  test("a setting whose value a shell runs: its key, where its command starts, in each way ssh separates them", () => {
    expect(sshCommandSetting("ProxyCommand=nc %h %p")).toEqual({ key: "ProxyCommand", value: 13, separated: true });
    expect(sshCommandSetting("LocalCommand echo x")).toEqual({ key: "LocalCommand", value: 13, separated: true });
    expect(sshCommandSetting(" knownhostscommand = cmd")).toEqual({ key: "knownhostscommand", value: 21, separated: true });
    expect(sshCommandSetting("RemoteCommand\tls")?.value).toBe(14);
  });

  test("a text that ends at its key is one cut short; another key, or a longer name, is none", () => {
    expect(sshCommandSetting("ProxyCommand")).toEqual({ key: "ProxyCommand", value: 12, separated: false });
    expect(sshCommandSetting("ProxyCommandX=y")).toBeUndefined();
    expect(sshCommandSetting("Port=22")).toBeUndefined();
    // -o's own letters are not part of it.
    expect(sshCommandSetting("-oProxyCommand=x")).toBeUndefined();
  });
});
