// The terminal reporter: a line per finished step (failures with path, expected, actual), a spinner on a TTY, a summary.
import type * as ChalkModule from "chalk";
import type { Ora } from "ora";
import { formatDuration } from "../core/units/duration.ts";
import type { RunEvent, RunStatus, StepInfo, StepStatus } from "../engine/events.ts";
import { actualText, checkLine, printable } from "./format.ts";
import { allStepViews, countTotals, runDuration, totalsText } from "./run-record.ts";
import { RunReporter, type CollectedRuns } from "./run-reporter.ts";
import { brokenTagText, tagRows } from "./tags.ts";
import { runSummary, summaryText, thresholdLines } from "./summary.ts";
import { clipCounted } from "../util/clip.ts";
import { oneLine } from "../util/one-line.ts";
import { warningLines } from "../core/warnings.ts";
import { addTo } from "../util/group.ts";
import { notCommands } from "./workflow-commands.ts";

/** The output: process.stdout, or anything with write() for tests. */
export interface ConsoleStream {
  write(text: string): unknown;
  isTTY?: boolean;
  /** Terminal width; a terminal that reports none (0) gets plain lines, as the spinner needs a width. */
  columns?: number;
}

export interface ConsoleReporterOptions extends CollectedRuns {
  /** Default process.stdout. */
  stream?: ConsoleStream;
  /** false (--no-color) turns colour off, true (--color) on; otherwise FORCE_COLOR, NO_COLOR and whether the stream is a TTY decide. */
  color?: boolean;
  /** Only failures and the final summary (--quiet). */
  quiet?: boolean;
  /** Every log line (requests, responses, command output) as it comes (--verbose). */
  verbose?: boolean;
  /** Show a spinner while a step runs (default: the stream is a TTY with a known width, and not quiet). */
  spinner?: boolean;
  /** The environment holding NO_COLOR / FORCE_COLOR (default process.env). */
  env?: Record<string, string | undefined>;
  /** Clock of the spinner's elapsed time (tests). */
  now?: () => number;
  /** Without a spinner, how often a long-running step prints a "still running" line (default 30 s; tests shorten it). */
  heartbeatMs?: number;
  /** Fired by a second Ctrl-C just before the process exits: the spinner is cleared at once, so its line does not outlive the exit message. */
  hardStop?: AbortSignal;
}

/** Longest actual value shown under a failed step. */
const ACTUAL_MAX = 200;
const INDENT = "    ";

const SPINNER_REFRESH_MS = 250;
export const HEARTBEAT_MS = 30_000;
const PROGRESS_MAX = 100;

const SYMBOL: Record<StepStatus | RunStatus, string> = { passed: "✓", failed: "✗", skipped: "-", interrupted: "⚠" };

/** The colours the reporter paints with (chalk's, or none). */
interface Paint {
  readonly level: number;
  bold(text: string): string;
  dim(text: string): string;
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

const asIs = (text: string) => text;
/** No colour: chalk (and the node:tty it loads, ~10 ms of start-up) is not needed at all. */
const PLAIN: Paint = { level: 0, bold: asIs, dim: asIs, green: asIs, red: asIs, yellow: asIs, cyan: asIs };

/** chalk, loaded the first time colour may be used. */
const chalk = (): typeof ChalkModule => require("chalk") as typeof ChalkModule;

/** The terminal's colour support as chalk detects it (1 when it detects none but colour was asked for). */
function detectedLevel(): 1 | 2 | 3 {
  const support = chalk().supportsColor;
  return support ? support.level || 1 : 1;
}

/** Colour level from the options and the environment: the flag first, then FORCE_COLOR over NO_COLOR (as in Node), then the TTY. */
export function colorLevel(color: boolean | undefined, isTTY: boolean, env: Record<string, string | undefined>): 0 | 1 | 2 | 3 {
  if (color === false) return 0;
  if (color === true) return detectedLevel();
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === "0" || force === "false") return 0;
    if (/^\d+$/.test(force)) return Math.min(Number(force), 3) as 1 | 2 | 3;
    return detectedLevel();
  }
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return 0;
  if (!isTTY) return 0;
  return detectedLevel();
}

interface Running {
  step: StepInfo;
  attempt: number;
  startedAt: number;
  /** The first failed check of the last failed attempt, while retrying. */
  last?: string;
  /** The step's latest log line as it came (e.g. "still starting: vllm (health: starting)"): progress on long waits, made printable only when shown. */
  progress?: string;
}

export class ConsoleReporter extends RunReporter<ConsoleReporterOptions> {
  readonly name = "console";
  readonly #out: ConsoleStream;
  readonly #quiet: boolean;
  readonly #verbose: boolean;
  readonly #c: Paint;
  readonly #now: () => number;
  #running: Running | undefined;
  #ora: typeof import("ora").default | undefined;
  #spinner: Ora | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  /** The heartbeat waits for the next step: it restarts its period when one starts. */
  #heartbeatPaused = false;
  /** Between run-start and run-end: the only time a paused heartbeat is kept. */
  #inRun = false;
  readonly #heartbeatMs: number;
  #finished = false;
  readonly #hardStop: AbortSignal | undefined;
  /** Stops the spinner at once: the process exits right after a second Ctrl-C. */
  readonly #onHardStop = () => void this.finish();
  /** The step that ended last: diagnostics of a step still running are held until its end line is printed. */
  #lastEnded = -1;
  readonly #heldDiagnostics = new Map<number, string[]>();
  /**
   * A spinner or heartbeat may show the running step. Without one (--quiet, no spinner) the running step is not
   * followed at all: step-start, attempt-start and attempt-end print nothing, and log lines only with --verbose.
   */
  readonly #showsProgress: boolean;
  /** Settles once the spinner library is loaded (at once when there is no spinner): for tests. */
  readonly ready: Promise<void>;

  constructor(options: ConsoleReporterOptions = {}) {
    super(options);
    this.#out = options.stream ?? process.stdout;
    this.#quiet = options.quiet ?? false;
    this.#verbose = options.verbose ?? false;
    this.#now = options.now ?? Date.now;
    this.#heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
    this.#hardStop = options.hardStop;
    this.#hardStop?.addEventListener("abort", this.#onHardStop, { once: true });
    const isTTY = this.#out.isTTY === true;
    const level = colorLevel(options.color, isTTY, options.env ?? process.env);
    this.#c = level === 0 ? PLAIN : new (chalk().Chalk)({ level });
    const sized = (this.#out.columns ?? 0) > 0;
    const spinner = options.spinner ?? (isTTY && sized && !this.#quiet && !this.#verbose);
    this.#showsProgress = spinner || !this.#quiet;
    if (spinner) {
      // Loaded only here: the spinner library costs startup time that plain runs (CI, pipes) should not pay.
      this.ready = import("ora").then(
        (m) => {
          this.#ora = m.default;
          this.#sync();
        },
        () => {}, // without a spinner the lines still come
      );
    } else {
      this.ready = Promise.resolve();
    }
  }

  /** A step's events go to small methods of their own: the code run for every event stays small (it compiles sooner and cheaper). */
  override onEvent(event: RunEvent, at?: number): void {
    super.onEvent(event);
    switch (event.type) {
      case "step-start":
      case "attempt-start":
      case "attempt-end":
        if (this.#showsProgress) this.#onProgress(event, at);
        return;
      case "log":
        if (this.#showsProgress || this.#verbose) this.#onLog(event);
        return;
      case "step-end":
        return this.#onStepEnd(event);
      default:
        return this.#onRunEvent(event);
    }
  }

  #onProgress(event: Extract<RunEvent, { type: "step-start" | "attempt-start" | "attempt-end" }>, at: number | undefined): void {
    switch (event.type) {
      case "step-start":
        this.#running = { step: event.step, attempt: 1, startedAt: at ?? this.#now() };
        return this.#sync();
      case "attempt-start":
        if (this.#running?.step.index === event.step.index) this.#running.attempt = event.attempt;
        return this.#sync();
      case "attempt-end": {
        const bad = event.result.error ?? event.result.checks.find((x) => !x.ok);
        if (this.#running?.step.index === event.step.index && !event.ok && bad) {
          this.#running.last = typeof bad === "string" ? bad.split("\n")[0]! : checkLine(bad, 80);
        }
        return;
      }
    }
  }

  #onLog(event: Extract<RunEvent, { type: "log" }>): void {
    // A script's last line break (a `run: |` block ends with one) is no line of its own: the run log shows none either.
    if (this.#verbose) for (const line of printable(event.line).replace(/\n+$/, "").split("\n")) this.#line(this.#c.dim(`  │ ${line}`));
    if (this.#running) this.#running.progress = event.line;
  }

  #onStepEnd(event: Extract<RunEvent, { type: "step-end" }>): void {
    this.#lastEnded = event.step.index;
    this.#stepEnd(event);
    const held = this.#heldDiagnostics.get(event.step.index);
    if (held) {
      this.#heldDiagnostics.delete(event.step.index);
      this.#diagnosticsLine(held);
    }
  }

  /** The events that come once a run (or once a failed step): run-start, diagnostics, run-end. */
  #onRunEvent(event: RunEvent): void {
    const c = this.#c;
    switch (event.type) {
      case "run-start": {
        this.#inRun = true;
        this.#lastEnded = -1;
        let main = 0;
        for (let i = 0; i < event.steps.length; i++) if (event.steps[i]!.phase === "main") main++;
        const teardown = event.steps.length - main;
        const plan = `${main} ${main === 1 ? "step" : "steps"}${teardown ? ` + ${teardown} teardown` : ""}`;
        if (!this.#quiet) this.#line(`${c.bold(`▶ ${printable(event.scenario)}`)} ${c.dim(`· ${printable(event.file)} · ${plan} · run ${event.runId}`)}`);
        return;
      }
      case "diagnostics":
        // The engine collects a failed step's diagnostics before its end: their line follows the step's own lines.
        if (event.step.index === this.#lastEnded) this.#diagnosticsLine(event.details.map((d) => d.title));
        else for (const d of event.details) addTo(this.#heldDiagnostics, event.step.index, d.title);
        return;
      case "run-end": {
        this.#running = undefined;
        this.#inRun = false;
        this.#sync();
        for (const titles of this.#heldDiagnostics.values()) this.#diagnosticsLine(titles);
        this.#heldDiagnostics.clear();
        const run = this.currentRun;
        const steps = run ? allStepViews(run) : [];
        for (let i = 0; i < steps.length; i++) {
          const cut = steps[i]!;
          if (cut.cut) this.#line(`${c.yellow(SYMBOL.interrupted)} ${this.#label(cut.step)} ${c.dim(`(${cut.reason})`)}`);
        }
        // --quiet keeps failures only: of the summary, the crossed thresholds.
        const crossed = run?.thresholds?.filter((t) => !t.ok) ?? [];
        if (run && !this.#quiet) this.#line(["", ...summaryText(runSummary(run), run.thresholds), ""].map(printable).join("\n"));
        else if (crossed.length > 0) this.#line(["", "  █ THRESHOLDS CROSSED", "", ...thresholdLines(crossed), ""].map(printable).join("\n"));
        const totals = run ? countTotals(steps) : event.totals;
        const paint = event.status === "passed" ? c.green : event.status === "failed" ? c.red : c.yellow;
        const name = run ? `${printable(run.scenario)}: ` : "";
        const duration = run ? runDuration(run) : event.durationMs;
        // A run that failed on its thresholds alone says so: "failed · 3 passed" would read as a contradiction.
        const thresholdsNote = crossed.length > 0 ? ` · ${crossed.length} ${crossed.length === 1 ? "threshold" : "thresholds"} crossed` : "";
        this.#line(paint(`${SYMBOL[event.status]} ${name}${event.status}`) + ` · ${totalsText(totals)}${thresholdsNote} · ${formatDuration(duration)}`);
        const broken = tagRows(steps).filter((t) => t.status === "failed");
        if (broken.length > 0) {
          this.#line(`${INDENT}broken: ${printable(broken.map((t) => brokenTagText(t, oneLine, oneLine)).join(", "))}`);
        }
        return;
      }
    }
  }

  async finish(): Promise<string[]> {
    this.#hardStop?.removeEventListener("abort", this.#onHardStop);
    this.#finished = true;
    this.#running = undefined;
    this.#sync();
    return [];
  }

  /** A step's end line, and for a failure its failed checks, error and reason. */
  #stepEnd(event: Extract<RunEvent, { type: "step-end" }>): void {
    const c = this.#c;
    if (this.#showsProgress) {
      if (this.#running?.step.index === event.step.index) this.#running = undefined;
      this.#sync();
    }
    if (this.#quiet && event.status !== "failed" && event.status !== "interrupted") return this.#warnings(event, true);
    const symbol = event.status === "passed" ? c.green(SYMBOL.passed) : event.status === "failed" ? c.red(SYMBOL.failed) : c.yellow(SYMBOL[event.status]);
    const n = event.attempts;
    const facts = event.status === "skipped" && n === 0
      ? `skipped${event.reason ? `: ${event.reason}` : ""}`
      : `${event.status === "interrupted" ? "interrupted after " : ""}${formatDuration(event.durationMs)}, ${n} ${n === 1 ? "attempt" : "attempts"}`;
    this.#line(`${symbol} ${this.#label(event.step)} ${c.dim(`(${printable(facts)})`)}`);
    this.#warnings(event, false);
    if (event.status !== "failed") return;
    const r = event.result;
    for (const check of r?.checks.filter((x) => !x.ok) ?? []) {
      this.#line(`${INDENT}${c.bold(check.path || "(value)")}: expected ${c.green(printable(check.expected))}, actual ${c.red(printable(actualText(check, ACTUAL_MAX)))}`);
    }
    if (r?.error) this.#line(printable(`error: ${r.error}`).split("\n").map((l) => INDENT + c.red(l)).join("\n"));
    if (event.reason) this.#line(`${INDENT}${printable(event.reason)}`);
  }

  /**
   * The server's warnings about a step's answer (a partial Loki result), one yellow line each: under the step's line, or
   * with --quiet, which prints no line for a passing step, naming the step (warnings show with --quiet, as the CLI's do).
   * A handful per step, each on one line (core/warnings.ts): the JSON report has them all.
   */
  #warnings(event: Extract<RunEvent, { type: "step-end" }>, named: boolean): void {
    const warnings = event.result?.warnings;
    if (!warnings) return;
    const head = named ? `warning: ${printable(event.step.name)}: ` : `${INDENT}warning: `;
    for (const line of warningLines(warnings)) this.#line(this.#c.yellow(`${head}${printable(clipCounted(line, ACTUAL_MAX))}`));
  }

  #diagnosticsLine(titles: readonly string[]): void {
    this.#line(this.#c.dim(`${INDENT}diagnostics in the reports: ${printable(titles.join(", "))}`));
  }

  #label(step: StepInfo): string {
    // A line break in a service or tag shows as in a step's name (" ↵ "), here only: thresholds match the value as written.
    const service = step.service === undefined ? "" : ` ${this.#c.cyan(`[${printable(oneLine(step.service))}]`)}`;
    const tags = step.tags.length === 0 ? "" : ` ${this.#c.dim(step.tags.map((t) => `#${printable(oneLine(t))}`).join(" "))}`;
    return `${step.phase === "teardown" ? "teardown: " : ""}${printable(step.name)}${service}${tags}`;
  }

  #line(text: string): void {
    this.#out.write(`${text.includes("::") || text.includes("##[") ? notCommands(text) : text}\n`);
  }

  /** Starts, updates or stops the spinner to match the running step. */
  #sync(): void {
    const running = this.#finished ? undefined : this.#running;
    // A spinner needs the terminal's width: with none (0) it would compute endless lines to clear.
    if (!running || !this.#ora || !((this.#out.columns ?? 0) > 0)) {
      if (this.#timer) clearInterval(this.#timer);
      this.#timer = undefined;
      this.#spinner?.stop();
      this.#syncHeartbeat(running);
      return;
    }
    this.#syncHeartbeat(undefined);
    this.#spinner ??= this.#ora({
      stream: this.#out as NodeJS.WritableStream,
      isEnabled: true,
      discardStdin: false, // raw stdin would keep Ctrl-C from reaching the engine and its child processes
      hideCursor: false,
      color: this.#c.level > 0 ? "cyan" : false,
    });
    this.#spinner.text = this.#spinnerText(running);
    if (!this.#spinner.isSpinning) this.#spinner.start();
    this.#timer ??= setInterval(() => {
      if (this.#running && this.#spinner) this.#spinner.text = this.#spinnerText(this.#running);
    }, SPINNER_REFRESH_MS);
    this.#timer.unref?.();
  }

  #spinnerText(r: Running): string {
    const elapsed = formatDuration(this.#now() - r.startedAt);
    const progress = progressText(r.progress);
    const last = r.last ? this.#c.dim(` · last: ${printable(r.last)}`) : progress ? this.#c.dim(` · ${progress}`) : "";
    return `${this.#label(r.step)} ${this.#c.dim(`· attempt ${r.attempt} · ${elapsed}`)}${last}`;
  }

  /**
   * Without a spinner (CI logs, pipes), a long-running step says every so often that it is still running, and what it
   * last did. Between steps the heartbeat is paused, not removed: it prints nothing while no step runs, and the next
   * step restarts its period (as a new timer would), so a run of short steps makes no timer per step.
   */
  #syncHeartbeat(running: Running | undefined): void {
    if (this.#quiet || this.#ora || (!running && (this.#finished || !this.#inRun))) {
      if (this.#heartbeat) clearInterval(this.#heartbeat);
      this.#heartbeat = undefined;
      return;
    }
    if (!running) {
      this.#heartbeatPaused = true;
      return;
    }
    if (this.#heartbeat && this.#heartbeatPaused) this.#heartbeat.refresh();
    this.#heartbeatPaused = false;
    this.#heartbeat ??= setInterval(() => {
      const r = this.#running;
      if (!r) return;
      const what = r.last ? `last: ${printable(r.last)}` : progressText(r.progress);
      this.#line(this.#c.dim(`… ${this.#label(r.step)} still running · attempt ${r.attempt} · ${formatDuration(this.#now() - r.startedAt)}${what ? ` · ${what}` : ""}`));
    }, this.#heartbeatMs);
    this.#heartbeat.unref?.();
  }
}

/** The first line of a step's latest log line, printable and clipped; "" without one. */
function progressText(line: string | undefined): string {
  return line === undefined ? "" : clipCounted(printable(line.split("\n")[0]!.trim()), PROGRESS_MAX);
}
