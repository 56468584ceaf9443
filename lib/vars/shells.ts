// The shells the runner knows read a script (after -c, from standard input): one list for every check that asks.

/** Shells by their program name (`/bin/bash` is bash). */
export const SHELLS: ReadonlySet<string> = new Set(["bash", "rbash", "sh", "dash", "zsh", "ksh", "mksh", "ash", "yash", "posh", "fish"]);

/**
 * Programs that run a command in a container (`docker exec -i c sh`, `docker compose exec -T web sh`, `kubectl exec -i
 * pod -- sh`): a shell among their words reads their standard input there, as the wrappers' do here, but without this
 * bash's environment (the exported variable is not set in the container).
 */
export const CONTAINER_RUNNERS: ReadonlySet<string> = new Set(["docker", "podman", "nerdctl", "docker-compose", "podman-compose", "kubectl", "oc"]);

/** Programs that print their arguments (`echo '…' | sh`): a value among them is their output. */
export const PRINTERS: ReadonlySet<string> = new Set(["echo", "printf"]);

/** Long options of bash that take the next word (`--rcfile FILE`): that word is no script. */
export const LONG_WITH_ARGUMENT: ReadonlySet<string> = new Set(["--rcfile", "--init-file"]);

/** The shells as a regex alternation, longest names first (`rbash` before `bash`, `bash` before `sh`). */
export const SHELL_NAMES_PATTERN = [...SHELLS].sort((a, b) => b.length - a.length).join("|");

/**
 * The index of the script a shell at `at` reads as code, or undefined when it is given none with -c. As bash reads its
 * options: -c anywhere among them (`-ec` too) makes the first argument after the options the script; `-o NAME`,
 * `+o NAME`, `-O NAME`, `+O NAME`, `--rcfile FILE` and `--init-file FILE` take the next element; `--` or a lone `-`
 * ends the options.
 */
function scriptAfter(run: readonly string[], at: number): number | undefined {
  let command = false;
  for (let j = at + 1; j < run.length; j++) {
    const a = run[j]!;
    if (a === "--" || a === "-") return command && j + 1 < run.length ? j + 1 : undefined;
    if (a.length > 1 && (a[0] === "-" || a[0] === "+")) {
      if (a.startsWith("--")) {
        if (LONG_WITH_ARGUMENT.has(a)) j++;
        continue;
      }
      const letters = a.slice(1);
      if (a[0] === "-" && letters.includes("c")) command = true;
      // Each o or O in a group takes the next element, wherever it stands (`-oc pipefail SCRIPT`, `-euoc pipefail`).
      for (const l of letters) if (l === "o" || l === "O") j++;
      continue;
    }
    return command ? j : undefined;
  }
  return undefined;
}

/** Where a list hands a script to a shell: the shell's index and its script's (the first such shell); undefined when it does not. */
export function shellScript(run: readonly string[]): { shell: number; script: number } | undefined {
  for (let i = 0; i < run.length; i++) {
    if (!SHELLS.has(run[i]!.slice(run[i]!.lastIndexOf("/") + 1))) continue;
    const script = scriptAfter(run, i);
    if (script !== undefined) return { shell: i, script };
  }
  return undefined;
}
