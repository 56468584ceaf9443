// Command-line parsing: the command, scenario files and flags, with clear errors for anything unknown.
import { closestName, didYouMean } from "../util/did-you-mean.ts";
import { emptyTable } from "../util/own.ts";
import { DEFAULT_REPORTS, REPORT_FORMATS, type ReportFormat } from "../report/formats.ts";

/** The reports --report adds (the others, DEFAULT_REPORTS, are always written). */
const OPTIONAL_REPORTS = REPORT_FORMATS.filter((f) => !DEFAULT_REPORTS.includes(f));

export const COMMANDS = ["run", "validate", "schema", "list", "init", "help"] as const;
export type Command = (typeof COMMANDS)[number];

export interface Args {
  command: Command;
  /** Whether the command was named (`scenario run …`), not taken as run by default (`scenario FILE`). */
  commandGiven: boolean;
  files: string[];
  vars: Record<string, string>;
  envFiles: string[];
  tags: string[];
  skipTags: string[];
  steps: string[];
  bail: boolean;
  dryRun: boolean;
  reports: ReportFormat[];
  reportDir: string;
  updateDoc?: string;
  keepStack: boolean;
  color?: boolean;
  quiet: boolean;
  /** --verbose: each request/response and command output on the console as it happens. */
  verbose: boolean;
  version: boolean;
  /** init: draft the scenario from this compose file. */
  from?: string;
  /** init: replace an existing scenario file. */
  force: boolean;
  /** run: how many scenario files run at once (--jobs). */
  jobs: number;
  /** run: this runner's part of the file list (--shard i/n). */
  shard?: { index: number; count: number };
  /** A --var that the scenario never reads is an error instead of a warning. */
  strictVars: boolean;
}

/**
 * A command line the tool cannot take. `hint`: the one line said after the message, the closest option for an unknown
 * one, else where the options are listed (the whole usage text buried the one line that mattered).
 */
export class UsageError extends Error {
  constructor(message: string, readonly hint = HELP_HINT) {
    super(message);
  }
}

/** The hint line of a usage error that has no closer one. */
export const HELP_HINT = 'run "scenario --help" for the options';

export const VALUE_FLAGS = ["--var", "--env-file", "--tag", "--skip-tag", "--step", "--report", "--report-dir", "--update-doc", "--from", "--jobs", "--shard"] as const;
/** Options that take one value: given twice is a usage error. */
const SINGLE_VALUE_FLAGS = ["--report-dir", "--update-doc", "--from", "--jobs", "--shard"] as const;
export const BOOL_FLAGS = ["--bail", "--dry-run", "--keep-stack", "--no-color", "--color", "--quiet", "--verbose", "--help", "--version", "--force", "--strict-vars"] as const;

export const USAGE = `Usage: scenario [run] FILE…        run scenarios (a name not found is looked up in scenarios/)
       scenario validate FILE…     check scenarios without running anything
       scenario list FILE          list a scenario's steps with their kinds, ids, services, tags and lines
       scenario schema             print the JSON Schema of scenario files
       scenario init [DIR]         write a commented starter scenario under DIR/scenarios/ (default .), or with
                                   COMPOSE_FILE set (as docker compose reads it) a draft from its compose files
       scenario init --from F      draft a scenario from docker compose file F (up, health, log files, Loki)

Options:
  --var K=V            set a variable (repeatable); overrides the environment and vars:
  --env-file F         read KEY=VALUE lines as variables (repeatable)
  --strict-vars        a --var the scenario and its compose files never read is an error (exit 2), not a warning
  --tag T              run only steps tagged T (repeatable)
  --skip-tag T         skip steps tagged T (repeatable)
  --step NAME          run only the step with this name or id (repeatable)
  --bail               stop at the first failed step (teardown still runs)
  --dry-run            print the selected steps with their URLs, commands and queries, run nothing
  --report LIST        also write these reports: junit,json,html (md, the Markdown report, and log, the run log, are always written: naming them changes nothing)
  --report-dir DIR     where reports go (default reports/)
  --update-doc FILE    replace this scenario's block in FILE (e.g. docs/references/LOGGING.md)
  --keep-stack         leave compose projects up at the end
  --no-color, --color  plain or coloured output (default: colour on a terminal; NO_COLOR and FORCE_COLOR are honoured too)
  --quiet, -q          print only failures, warnings, the summary and the report paths
  --verbose, -v        print each request, response and command output as it happens
  --force              init: replace an existing scenario file
  --from F             init: draft the scenario from docker compose file F
  --jobs N             run up to N scenario files at once (default 1); each run's console output is printed whole when it ends
  --shard I/N          run only this runner's share of the files (I of N, 1-based; files sorted by path, dealt in turn)
  --help, -h           print this text (so does scenario help)
  --version            print the version

FILE may be a folder: its *.yaml and *.yml files, sorted by name, but hidden ones (.a.yaml) and compose files (services:
and no steps:, said on stderr). Several files, a folder (even of one file) or --shard end with one combined summary
(console, and reports/summary-<stamp>.md/.json/.xml with latest-summary.*); the exit code is the worst: 2 > 130 > 1 > 0.

A --tag, --skip-tag or --step that matches no step, or a selection that checks nothing, is an error (exit 2).
Exit codes: 0 passed, 1 a step failed or a threshold was crossed, 2 invalid scenario or command line, 130 interrupted (Ctrl-C, SIGTERM or SIGHUP).`;

export function parseArgs(argv: readonly string[]): Args {
  const a: Args = {
    command: "run", commandGiven: false, files: [], vars: emptyTable(), envFiles: [], tags: [], skipTags: [], steps: [], bail: false, dryRun: false,
    reports: [...DEFAULT_REPORTS], reportDir: "reports", keepStack: false, quiet: false, verbose: false, version: false, force: false, jobs: 1, strictVars: false,
  };
  let help = false;
  const given = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i]!;
    let inline: string | undefined;
    if (arg.startsWith("--") && arg.includes("=")) {
      inline = arg.slice(arg.indexOf("=") + 1);
      arg = arg.slice(0, arg.indexOf("="));
    }
    if (arg === "--") {
      if (argv.slice(i + 1).includes("")) throw new UsageError(`a scenario file argument after -- is empty (""): name a file or a folder`);
      a.files.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith("-") && arg !== "-") {
      if (arg === "-h") arg = "--help";
      if (arg === "-q") arg = "--quiet";
      if (arg === "-v") arg = "--verbose";
      if ((BOOL_FLAGS as readonly string[]).includes(arg)) {
        if (inline !== undefined) throw new UsageError(`${arg} takes no value`);
        switch (arg) {
          case "--bail": a.bail = true; break;
          case "--dry-run": a.dryRun = true; break;
          case "--keep-stack": a.keepStack = true; break;
          case "--no-color": a.color = false; break;
          case "--color": a.color = true; break;
          case "--quiet": a.quiet = true; break;
          case "--verbose": a.verbose = true; break;
          case "--help": help = true; break;
          case "--version": a.version = true; break;
          case "--force": a.force = true; break;
          case "--strict-vars": a.strictVars = true; break;
        }
        continue;
      }
      if (!(VALUE_FLAGS as readonly string[]).includes(arg)) {
        const near = closestName(arg, [...VALUE_FLAGS, ...BOOL_FLAGS]);
        throw new UsageError(`unknown option ${arg}`, near === undefined ? HELP_HINT : `did you mean ${near}?`);
      }
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`${arg} needs a value`);
      // An empty value (`--report ""`, `--report-dir=`, an unset variable in a CI script) was taken: --report wrote only
      // the default reports, --report-dir wrote them into the working directory, --update-doc and --from were ignored.
      if (value === "" || (arg === "--report" && value.split(",").every((s) => s.trim() === ""))) throw new UsageError(`${arg} needs a value, got ${JSON.stringify(value)}${arg === "--report" ? `: use ${OPTIONAL_REPORTS.join(",")}` : ""}`);
      // One value each: a second one replaced the first without a word (`--shard 1/2 --shard 2/2` ran one shard).
      if ((SINGLE_VALUE_FLAGS as readonly string[]).includes(arg)) {
        const before = given.get(arg);
        if (before !== undefined) throw new UsageError(`${arg} is given twice (${JSON.stringify(before)}, then ${JSON.stringify(value)}): give it once`);
        given.set(arg, value);
      }
      switch (arg) {
        case "--var": {
          const eq = value.indexOf("=");
          const key = eq > 0 ? value.slice(0, eq) : "";
          // No value is quoted in these errors: a --var value may be a secret, and they come before any is known to mask.
          if (eq <= 0) throw new UsageError(`--var takes KEY=VALUE: ${eq === 0 ? "the argument has no name before its =" : "the argument has no ="}`);
          // KEY=VALUE as written, with a name ${…} cannot spell (`A-B`, `1X`): said so, not as if the = were missing.
          if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new UsageError(`--var ${JSON.stringify(key)}=…: ${JSON.stringify(key)} is no variable name: use letters, digits and _, not starting with a digit`);
          // A second value replaced the first without a word; it is also what bash makes of `--var=X={a,b}` when npx
          // hands it the arguments with braces unquoted (docs/command-line.md).
          const before = Object.hasOwn(a.vars, key) ? a.vars[key] : undefined;
          if (before !== undefined && before !== value.slice(eq + 1))
            throw new UsageError(`--var ${key} is given twice, with two values: give it once (a value written with {a,b} or {1..3}, started through npx? bash expanded it: see "Braces under npx" in docs/command-line.md)`);
          a.vars[key] = value.slice(eq + 1);
          break;
        }
        case "--env-file": a.envFiles.push(value); break;
        case "--tag": a.tags.push(value); break;
        case "--skip-tag": a.skipTags.push(value); break;
        case "--step": a.steps.push(value); break;
        case "--report": {
          // An empty item (`junit,,json`, `json,`: a list built from variables, one unset) is an error, as `,` alone is.
          if (value.split(",").some((s) => s.trim() === "")) throw new UsageError(`--report ${JSON.stringify(value)} has an empty item: use ${OPTIONAL_REPORTS.join(",")}, comma-separated`);
          const list = value.split(",").map((s) => s.trim());
          for (const f of list)
            if (!(REPORT_FORMATS as readonly string[]).includes(f))
              throw new UsageError(`unknown report format ${JSON.stringify(f)}${didYouMean(f, REPORT_FORMATS)}: use ${OPTIONAL_REPORTS.join(",")} (md and log are always written: naming them changes nothing)`);
          a.reports = [...new Set([...a.reports, ...(list as ReportFormat[])])];
          break;
        }
        case "--report-dir": a.reportDir = value; break;
        case "--update-doc": a.updateDoc = value; break;
        case "--from": a.from = value; break;
        case "--jobs": {
          if (!/^[1-9][0-9]{0,2}$/.test(value)) throw new UsageError(`--jobs takes a whole number from 1 to 999, got ${JSON.stringify(value)}`);
          a.jobs = Number(value);
          break;
        }
        case "--shard": {
          const m = /^([1-9][0-9]*)\/([1-9][0-9]*)$/.exec(value);
          if (!m || Number(m[1]) > Number(m[2])) throw new UsageError(`--shard takes I/N with 1 <= I <= N (e.g. --shard 2/4), got ${JSON.stringify(value)}`);
          a.shard = { index: Number(m[1]), count: Number(m[2]) };
          break;
        }
      }
      continue;
    }
    if (!a.commandGiven && a.files.length === 0 && (COMMANDS as readonly string[]).includes(arg)) {
      a.command = arg as Command;
      a.commandGiven = true;
      continue;
    }
    // An empty argument (an unset variable: `scenario run "$FILE"`) was taken for the working directory: every
    // scenario file in it ran.
    if (arg === "") throw new UsageError(`a scenario file argument is empty ("")${a.files.length ? ` (after ${JSON.stringify(a.files.at(-1))})` : ""}: name a file or a folder`);
    a.files.push(arg);
  }
  if (help) a.command = "help";
  // Both: the output was --verbose's, without a word about the --quiet asked for.
  if (a.quiet && a.verbose) throw new UsageError("--quiet and --verbose ask for opposite output: give one");
  if (a.command === "schema" && a.files.length > 0 && !help && !a.version) throw new UsageError(`schema takes no file (it prints the JSON Schema of every scenario file), got ${JSON.stringify(a.files[0])}`);
  if (a.version || a.command === "help" || a.command === "schema") return a;
  if (a.command === "init") {
    if (a.files.length > 1) throw new UsageError("init takes at most one folder, e.g. scenario init . --from compose/docker-compose.yml");
    return a;
  }
  if (a.from !== undefined || a.force) throw new UsageError(`${a.from !== undefined ? "--from" : "--force"} goes with init`);
  if (a.files.length === 0) throw new UsageError(`${a.command === "run" ? "which scenario? " : `${a.command} needs a scenario file. `}e.g. scenario ${a.command} demo.yaml`);
  if (a.command === "list" && a.files.length > 1) throw new UsageError("list takes one scenario file");
  return a;
}
