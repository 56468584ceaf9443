// Builds the reporters a run asked for (console always; md, log, junit, json by --report) behind one multiplexer.
import { resolve } from "node:path";
import type { Args } from "./args.ts";
import type { Io } from "./io.ts";
import { createReporters } from "../report/index.ts";
import type { RunCollector } from "../report/run-record.ts";
import type { Multiplexer } from "../report/multiplexer.ts";

export interface ReporterSetup {
  args: Args;
  io: Io;
  /** Several files in one invocation: the run id, so each run writes its own report files and log. */
  nameSuffix?: string;
  /** The collector of the run the CLI reads afterwards; the reporters share it. */
  runs?: RunCollector;
  /** Fired by a second Ctrl-C just before the process exits. */
  hardStop?: AbortSignal;
  /** Fired by the first Ctrl-C. */
  interrupt?: AbortSignal;
  /** What a hard stop leaves of this run's resources, a line each (masked). */
  leftBehind?: () => readonly string[];
  /** A mask with every secret known at the end of the run, when it captured one. */
  finalMask?: () => ((text: string) => string) | undefined;
  /** Called when --update-doc waits for another run's lock on the document. */
  onDocWait?: () => void;
}

export async function makeReporters({ args, io, nameSuffix, runs, hardStop, interrupt, leftBehind, finalMask, onDocWait }: ReporterSetup): Promise<Multiplexer> {
  return createReporters({
    formats: args.reports,
    reportDir: resolve(io.cwd, args.reportDir),
    cwd: io.cwd,
    nameSuffix,
    githubStepSummary: io.env.GITHUB_STEP_SUMMARY || undefined,
    githubAnnotations: io.env.GITHUB_ACTIONS === "true" ? io.stdout : undefined,
    updateDoc: args.updateDoc ? resolve(io.cwd, args.updateDoc) : undefined,
    console: { stream: io.stdout, color: args.color, quiet: args.quiet, verbose: args.verbose, env: io.env, hardStop },
    stderr: io.stderr,
    runs,
    interrupt,
    hardStop,
    leftBehind,
    finalMask,
    onDocWait,
  });
}
