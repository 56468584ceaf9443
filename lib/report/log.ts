// The chronological run log, streamed to <dir>/integration_test_<epoch>.log: events queued as they arrive, formatted when the loop is idle, written within 50 ms and at exit.
import { closeSync, constants, fstatSync, mkdirSync, readFileSync, readSync, statSync, writeSync } from "node:fs";
import { writeAtomicSync } from "./write-atomic.ts";
import { openRegular } from "../util/regular-file.ts";
import { dirname, join } from "node:path";
import { runLogDir } from "../util/run-log-dir.ts";
import { formatDuration } from "../core/units/duration.ts";
import type { RunEvent, StepInfo, StepStatus, Totals } from "../engine/events.ts";
import type { Detail } from "../core/detail.ts";
import type { StepResult } from "../core/step-result.ts";
import { capturedNotKept, checkLine, observedText, printable } from "./format.ts";
import { warningLines } from "../core/warnings.ts";
import { oneLine } from "../util/one-line.ts";
import { epochSeconds } from "./names.ts";
import { totalsText } from "./run-record.ts";
import { RunReporter, type CollectedRuns } from "./run-reporter.ts";
import { runSummary, summaryText, thresholdLines } from "./summary.ts";

export interface LogReporterOptions extends CollectedRuns {
  /** Directory of the log files (default `<cwd>/.context/terminal`). */
  directory?: string;
  /** Base of the default directory (default process.cwd()). */
  cwd?: string;
  /** Clock for events that carry no time of their own (tests). */
  now?: () => Date;
  /** Added to the file name (integration_test_<epoch>_<nameSuffix>.log): the run id when several files run at once. */
  nameSuffix?: string;
  /** Fired by the first Ctrl-C/SIGTERM/SIGHUP (its reason's message is the signal's name): the log notes when it came. */
  interrupt?: AbortSignal;
  /** Fired by a second one just before the process exits: the log ends with what was cut short and what never ran. */
  hardStop?: AbortSignal;
  /** What a hard stop leaves of the run's resources, a line each with the command that removes it (the console's list): named in the log's last record. */
  leftBehind?: () => readonly string[];
  /**
   * At the end, a mask with every secret known then, when the run captured one (else undefined): the written log is
   * masked again with it (a secret captured during the run reached the records written before its capture unmasked).
   */
  finalMask?: () => ((text: string) => string) | undefined;
}

/** Longest actual value of a check written to the log. */
const ACTUAL_MAX = 4000;
const INDENT = "    ";
const FLUSH_MS = 50;
const FLUSH_BYTES = 64 * 1024;

export class LogReporter extends RunReporter<LogReporterOptions> {
  readonly name = "log";
  readonly #directory: string;
  /** Milliseconds since the epoch, read when an event without a time of its own arrives. */
  readonly #clock: () => number;
  readonly #written: string[] = [];
  #fd: number | undefined;
  /** The path #fd was opened at. */
  #path = "";
  /** Text that came before the first run-start, when the file name is not known yet. */
  #pending = "";
  /** "step 3", "teardown step 1" by step index. */
  #labels = new Map<number, string>();
  /** Steps whose attempts were logged, with the last one's error and warnings: step-end adds only what the step's end added (a broken hold). */
  #attempted = new Map<number, { error?: string; warnings?: readonly string[] }>();
  /** Steps started and not ended, with their current attempt: named when the run ends early. */
  #running = new Map<number, { step: StepInfo; attempt: number }>();

  readonly #nameSuffix: string;
  /** The steps run-start planned, and how each that ended ended: what a hard stop's last record counts. */
  #planned: readonly StepInfo[] = [];
  #ended = new Map<number, StepStatus>();
  readonly #leftBehind: (() => readonly string[]) | undefined;

  constructor(options: LogReporterOptions = {}) {
    super(options);
    this.#directory = options.directory ?? runLogDir(options.cwd ?? process.cwd());
    const now = options.now;
    this.#clock = now ? () => now().getTime() : Date.now;
    this.#nameSuffix = options.nameSuffix ? `_${options.nameSuffix}` : "";
    this.#leftBehind = options.leftBehind;
    // An interrupt that came before this reporter was made (while the files loaded) fires no abort event for it.
    if (options.interrupt?.aborted) this.#onSignal(options.interrupt, false);
    else options.interrupt?.addEventListener("abort", () => this.#onSignal(options.interrupt!, false), { once: true });
    options.hardStop?.addEventListener("abort", () => this.#onSignal(options.hardStop!, true), { once: true });
  }

  /**
   * The first interrupt is noted in its place, also before run-start (loading, or the wait for the first step: the run
   * then skips every step, and a log without the record said nothing of why); a hard stop ends the log (the process
   * exits next, without run-end).
   */
  #onSignal(signal: AbortSignal, hard: boolean): void {
    if (!this.#inRun && (hard || !this.#beforeRun)) return;
    const sig = signal.reason instanceof Error ? signal.reason.message : "signal";
    try {
      this.#formatQueued();
      const at = this.#clock();
      if (!hard) return this.#record(at, `${sig}: the run is interrupted`);
      const open = new Set(this.#running.keys());
      const teardownLeft = this.#planned.some((s) => s.phase === "teardown" && !this.#ended.has(s.index));
      this.#record(at, `${sig} again: killed every child process; ${teardownLeft ? "teardown and reports" : "reports"} abandoned`);
      const counts: Totals = { passed: 0, failed: 0, skipped: 0, interrupted: 0 };
      for (const status of this.#ended.values()) counts[status]++;
      let body = this.#cutShort();
      for (const step of this.#planned) {
        if (!this.#ended.has(step.index) && !open.has(step.index)) body += `${INDENT}not run: ${this.#label(step)} (${step.name})\n`;
      }
      // The console prints the same list, but a closed terminal loses it: the log is what says what is still running.
      for (const line of this.#leftBehind?.() ?? []) body += `${INDENT}left behind: ${line.trim()}\n`;
      this.#inRun = false;
      this.#record(at, `run end: killed by a second ${sig}, ${totalsText(counts)}${teardownLeft ? ", teardown abandoned" : ""}`, body);
      // The process exits next: the log is closed and masked now, or a secret captured after a step showed it stays.
      this.#close();
      this.#maskWritten();
    } catch (error) {
      this.#fail(error);
    }
  }

  /**
   * Step events are only queued here, with the time they were emitted (`at`, else when they arrive); they are formatted when the event loop is next idle
   * (overlapping the step's own waiting), at run-end, at finish and on process exit. Queuing them is sound because the
   * engine never changes an event after emitting it: each carries a fresh StepInfo per step and the attempt's own
   * result, which the engine replaces (never edits) afterwards. run-start (it opens the file, whose errors belong to
   * it) and run-end (it reads the collected run as it is now) are formatted at once, after everything queued.
   */
  override onEvent(event: RunEvent, at?: number): void {
    super.onEvent(event);
    if (event.type === "run-start" || event.type === "run-end") {
      this.#formatQueued();
      // While a run is on, the exit stays watched: events held elsewhere (lib/report/deferred.ts) are handed over by an
      // exit listener, and a listener this adds then, during the exit, would not be called.
      this.#inRun = event.type === "run-start";
      this.#beforeRun = false;
      if (this.#inRun) this.#watchExit();
      this.#format(event, 0);
    } else {
      this.#queue.push(event);
      this.#arrivals.push(event.type === "log" ? 0 : at ?? this.#clock());
      if (!this.#idleScheduled) {
        this.#idleScheduled = true;
        setImmediate(this.#onIdle);
        this.#watchExit();
      }
    }
    this.#rethrow();
  }

  async finish(): Promise<string[]> {
    this.#inRun = false;
    this.#beforeRun = false;
    this.#formatQueued();
    if (this.#pending.length > 0) this.#open(this.#clock());
    this.#close();
    this.#rethrow();
    this.#maskWritten();
    return [...this.#written];
  }

  /** Masks, in the files written, the secrets captured during the run (a step before the capture may have shown one). */
  #maskWritten(): void {
    const mask = this.options.finalMask?.();
    if (!mask) return;
    for (const path of this.#written) {
      const text = readFileSync(path, "utf8");
      const masked = mask(text);
      if (masked !== text) writeAtomicSync(path, masked);
    }
  }

  /** Events not formatted yet, and the clock reading of each when it arrived (0 for a log line: it has its own). */
  #queue: RunEvent[] = [];
  #arrivals: number[] = [];
  #idleScheduled = false;
  /** A failure of formatting or writing outside onEvent, thrown from the next onEvent or finish so the multiplexer notes it. */
  #failure: unknown;
  #failed = false;

  readonly #onIdle = () => {
    this.#idleScheduled = false;
    try {
      this.#formatQueued();
    } catch (error) {
      this.#fail(error);
    }
  };

  #fail(error: unknown): void {
    if (this.#failed) return;
    this.#failed = true;
    this.#failure = error;
  }

  #rethrow(): void {
    if (!this.#failed) return;
    const error = this.#failure;
    this.#failed = false;
    this.#failure = undefined;
    throw error;
  }

  /** Formats every queued event in order; an event that fails to format is left out and its error kept, as onEvent used to drop it. */
  #formatQueued(): void {
    const queue = this.#queue;
    if (queue.length === 0) return;
    const arrivals = this.#arrivals;
    this.#queue = [];
    this.#arrivals = [];
    for (let i = 0; i < queue.length; i++) {
      try {
        this.#format(queue[i]!, arrivals[i]!);
      } catch (error) {
        this.#fail(error);
      }
    }
  }

  /** One event as its record; `arrived` is the clock reading for events without a time of their own. A step's events are here, the rest in #formatRare. */
  #format(event: RunEvent, arrived: number): void {
    switch (event.type) {
      case "log": {
        const nl = event.line.indexOf("\n");
        if (nl < 0) return this.#record(event.at.getTime(), event.line);
        return this.#record(event.at.getTime(), event.line.slice(0, nl), indentedText(event.line.slice(nl + 1)));
      }
      case "step-start": {
        const s = event.step;
        this.#running.set(s.index, { step: s, attempt: 0 });
        let facts = s.kind;
        // A line break in a service or tag shows as in the step's name (" ↵ "): the record stays one line.
        const service = s.service === undefined ? undefined : oneLine(s.service);
        const tags = s.tags.map(oneLine).join(",");
        if (service !== undefined) facts = facts ? `${facts}, service ${service}` : `service ${service}`;
        if (s.tags.length) facts = facts ? `${facts}, tags ${tags}` : `tags ${tags}`;
        return this.#record(arrived, `${this.#label(s)} start: ${s.name} [${facts}]`);
      }
      case "attempt-start": {
        const running = this.#running.get(event.step.index);
        if (running) {
          running.step = event.step;
          running.attempt = event.attempt;
        } else this.#running.set(event.step.index, { step: event.step, attempt: event.attempt });
        return this.#record(arrived, `${this.#label(event.step)} attempt ${event.attempt} start`);
      }
      case "attempt-end": {
        const r = event.result;
        this.#attempted.set(event.step.index, { error: r.error, warnings: r.warnings });
        const head = `${this.#label(event.step)} attempt ${event.attempt} ${event.ok ? "passed in" : event.interrupted ? "interrupted after" : "failed in"} ${formatDuration(event.durationMs)}`;
        return this.#record(arrived, r.summary ? `${head}: ${r.summary}` : head, resultText(r, event.ok));
      }
      case "step-end": {
        this.#running.delete(event.step.index);
        this.#ended.set(event.step.index, event.status);
        const n = event.attempts;
        const how = n > 0 ? ` after ${n} ${n === 1 ? "attempt" : "attempts"} in ${formatDuration(event.durationMs)}` : "";
        const last = this.#attempted.get(event.step.index);
        const body = !event.result ? "" : last === undefined ? resultText(event.result, event.status === "passed") : addedAtEnd(event.result, last);
        return this.#record(arrived, `${this.#label(event.step)} end: ${event.status}${how}${event.reason ? ` (${event.reason})` : ""}`, body);
      }
      default:
        return this.#formatRare(event, arrived);
    }
  }

  /** An event that comes once a run or once a step at most: kept apart so the code run for every step stays small. */
  #formatRare(event: RunEvent, arrived: number): void {
    switch (event.type) {
      case "run-start": {
        // Info that came before run-start (found while preparing the run, so stamped after its start) follows its line.
        const before = this.#pending;
        this.#pending = "";
        this.#open(event.startedAt.getTime(), event.runId);
        this.#labels = new Map();
        this.#attempted = new Map();
        this.#running = new Map();
        this.#planned = event.steps;
        this.#ended = new Map();
        let main = 0;
        let teardown = 0;
        for (const s of event.steps) this.#labels.set(s.index, s.phase === "teardown" ? `teardown step ${++teardown}` : `step ${++main}`);
        const planned = `${main} step${main === 1 ? "" : "s"}${teardown ? ` + ${teardown} teardown` : ""}`;
        this.#record(event.startedAt.getTime(), `run start: ${event.scenario} (${event.file}), run ${event.runId}, ${planned}`, event.description ? indented([event.description]) : "");
        if (before.length > 0) this.#write(before);
        // On disk before the first step starts: a step that checks the run log is being written finds its first record.
        this.#flush();
        return;
      }
      case "info":
        return this.#record(arrived, `info: ${event.key} = ${event.value}`);
      case "diagnostics": {
        let body = "";
        for (const d of event.details) body += detailText(d);
        return this.#record(arrived, `${this.#label(event.step)} diagnostics:`, body);
      }
      case "thresholds":
        return this.#record(arrived, "thresholds:", indented(thresholdLines(event.results, "")));
      case "run-end": {
        const ended = event.endedAt.getTime();
        const run = this.currentRun;
        if (run) this.#record(ended, "summary:", indented(summaryText(runSummary(run, event.endedAt), undefined)));
        const cut = this.#cutShort();
        return this.#record(ended, `run end: ${event.status}, ${totalsText(event.totals)} in ${formatDuration(event.durationMs)}`, cut);
      }
    }
  }

  /** A record's body line for each step started and not ended (the run ends early): "cut short: step 3 (name) during attempt 2". */
  #cutShort(): string {
    let text = "";
    for (const { step, attempt } of this.#running.values()) {
      text += `${INDENT}cut short: ${this.#label(step)} (${step.name})${attempt > 0 ? ` during attempt ${attempt}` : ""}\n`;
    }
    return text;
  }

  #label(step: StepInfo): string {
    return this.#labels.get(step.index) ?? `step "${step.name}"`;
  }

  /**
   * Opens integration_test_<epoch>.log. A run that finds that file already there (another run started in the same
   * second) writes integration_test_<epoch>_<run id>.log instead of mixing its records into the other run's log.
   */
  #open(startedAtMs: number, runId?: string): void {
    this.#close();
    mkdirSync(this.#directory, { recursive: true });
    const stem = join(this.#directory, `integration_test_${epochSeconds(new Date(startedAtMs))}${this.#nameSuffix}`);
    let path = `${stem}.log`;
    // Only a new log of this reporter may fall back to a name with the run id (not one already named by it).
    const mayFallBack = runId !== undefined && this.#nameSuffix !== `_${runId}` && !this.#written.includes(path);
    // Opened only as a regular file: a FIFO of that name held the run blocked in open(), deaf to Ctrl-C. Opened to read
    // too: a log deleted during the run is written again from it (#keepAtPath).
    const append = constants.O_RDWR | constants.O_APPEND | constants.O_CREAT;
    try {
      this.#fd = openRegular(path, mayFallBack ? append | constants.O_EXCL : append, 0o666);
    } catch (e) {
      if (!mayFallBack || (e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      // The fallback name is appended to, as every name was before: a log is never refused for existing.
      path = `${stem}_${runId}.log`;
      this.#fd = openRegular(path, append, 0o666);
      // Its reports take the run id too, so a run's log and reports pair up (docs/format.md).
      const run = this.runs.find((r) => r.runId === runId);
      if (run) run.logByRunId = true;
    }
    this.#path = path;
    if (!this.#written.includes(path)) this.#written.push(path);
    const pending = this.#pending;
    this.#pending = "";
    if (pending.length > 0) this.#write(pending);
  }

  #close(): void {
    if (this.#fd === undefined) return;
    this.#flush();
    const fd = this.#fd;
    this.#fd = undefined;
    // Closed without fsync, as the report files are written: what was written is the kernel's once written, so an exit,
    // a Ctrl-C or a kill loses nothing; only a machine that stops before it writes its cache back could. A test log
    // needs no disk flush on every run (0.1–0.5 ms here, far more on a network or cloud disk).
    try {
      this.#keepAtPath(fd, this.#path);
    } finally {
      closeSync(fd);
    }
  }

  /**
   * A step may delete the log's folder or file (`git clean -xfd`, `rm -rf .context`): the records then went to a file no
   * name reaches, and the run named a log that is not there. The file is written again at its path from the open one,
   * with a last record saying so. A path that names another file now (made after ours was deleted) is left alone: the
   * log is said unwritten (the run exits 2) rather than written over someone else's file.
   */
  #keepAtPath(fd: number, path: string): void {
    const open = fstatSync(fd);
    const named = statSync(path, { throwIfNoEntry: false });
    if (named && named.ino === open.ino && named.dev === open.dev) return;
    if (named) throw new Error(`${path} was deleted or moved during the run and another file now has its name: this run's log is not there`);
    const note = printable(`${this.#stamp(this.#clock())} note: this file was deleted or moved during the run (a step removed or moved it or its folder) and is written again from the file the run kept open\n`);
    writeSync(fd, note);
    mkdirSync(dirname(path), { recursive: true });
    const copy = openRegular(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o666);
    try {
      const chunk = Buffer.allocUnsafe(1 << 20);
      for (let at = 0; ; ) {
        const n = readSync(fd, chunk, 0, chunk.length, at);
        if (n === 0) break;
        for (let done = 0; done < n; ) done += writeSync(copy, chunk, done, n - done);
        at += n;
      }
    } finally {
      closeSync(copy);
    }
  }

  /**
   * One record: a timestamped first line, then its body (lines already indented, each ending in a newline). A line break
   * in the first line (a step's name, a --var value in the command, output with a CR in a log line) would start a line
   * of its own at column 0, which reads as a record of its own ("2099-… step 7 end: passed"): what follows it goes under
   * the first line, indented like a body.
   */
  #record(atMs: number, first: string, body = ""): void {
    if (LINE_BREAK.test(first)) {
      const text = printable(first);
      const nl = text.indexOf("\n");
      if (nl >= 0) {
        body = indentedText(text.slice(nl + 1)) + body;
        first = text.slice(0, nl);
      }
    }
    this.#write(`${this.#stamp(atMs)} ${first}\n${body}`);
  }

  /** The last timestamp written: records of the same millisecond (most of a fast run's) reuse its text. */
  #stampMs = NaN;
  #stampText = "";
  /** The second of the last timestamp made, and its text up to the milliseconds ("2026-11-30T15:20:13."): records of that second reuse it. */
  #secondMs = NaN;
  #secondText = "";

  #stamp(ms: number): string {
    if (ms !== this.#stampMs) {
      // Outside Date's range (and NaN): toISOString throws, as it always did; a second of the range's end would not.
      if (!(Math.abs(ms) <= 8.64e15)) new Date(ms).toISOString();
      // As Date does: fractions dropped toward zero (-1.5 is 23:59:59.999 of 1969, not .998).
      const whole = Math.trunc(ms);
      const second = whole - (((whole % 1000) + 1000) % 1000);
      if (second !== this.#secondMs) {
        this.#secondText = new Date(second).toISOString().slice(0, -4);
        this.#secondMs = second;
      }
      const milli = whole - second;
      this.#stampText = `${this.#secondText}${milli < 10 ? "00" : milli < 100 ? "0" : ""}${milli}Z`;
      // Only once the text is made: a time that threw is tried again, not stamped with the record before's text.
      this.#stampMs = ms;
    }
    return this.#stampText;
  }

  /**
   * Formatted records are buffered and written at most FLUSH_MS later (or at once past FLUSH_BYTES), and synchronously
   * when the process exits (queued events formatted first), so a run of a thousand steps does not pay a system call per
   * event and an exit loses nothing.
   */
  #buffer = "";
  #timer: ReturnType<typeof setTimeout> | undefined;
  #exitWatched = false;
  /** Between run-start and run-end: the exit is watched all along (see onEvent). */
  #inRun = false;
  /** No run-start (nor finish) yet: what is recorded now waits in #pending and follows the run-start record. */
  #beforeRun = true;
  readonly #onExit = () => {
    this.#exitWatched = false;
    this.#formatQueued();
    this.#flush();
  };

  #watchExit(): void {
    if (this.#exitWatched) return;
    this.#exitWatched = true;
    process.once("exit", this.#onExit);
  }

  #unwatchExit(): void {
    if (!this.#exitWatched || this.#inRun || this.#idleScheduled || this.#queue.length > 0) return;
    this.#exitWatched = false;
    process.off("exit", this.#onExit);
  }

  /**
   * Every record goes through printable, as the console's lines do: a control character or escape sequence from a name or
   * a body never reaches the file raw. Records wait in the buffer as they were made and the buffer goes through printable
   * once, when it is written: one scan (and one copy of the text) per write instead of one per record. The same text
   * either way: every record ends with a newline and starts with its timestamp, and printable's patterns (escape
   * sequences, CR LF, single control characters) never run on past a newline, so none spans two records.
   */
  #write(raw: string): void {
    if (this.#fd === undefined) {
      this.#pending += printable(raw);
      return;
    }
    this.#buffer += raw;
    if (this.#buffer.length >= FLUSH_BYTES) this.#flush();
    else if (!this.#timer) {
      this.#timer = setTimeout(this.#onTimer, FLUSH_MS);
      this.#timer.unref?.();
      this.#watchExit();
    }
  }

  readonly #onTimer = () => {
    try {
      this.#formatQueued();
      this.#flush();
    } catch (error) {
      this.#fail(error);
    }
  };

  #flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#unwatchExit();
    if (this.#fd === undefined || this.#buffer.length === 0) return;
    const text = printable(this.#buffer);
    this.#buffer = "";
    writeSync(this.#fd, text);
  }
}

/** A line end of any kind (printable makes CR LF and a lone CR one). */
const LINE_BREAK = /[\r\n]/;

/** Lines as a record's body: each indented, each ending in a newline. */
function indented(lines: readonly string[]): string {
  let text = "";
  for (const line of lines) text += `${INDENT}${line}\n`;
  return text;
}

/**
 * A text's lines as a record's body (what indented(printable(text).split("\n")) gives, without the array). The record
 * goes through printable whole when it is written (#write), so here only a CR matters: printable makes a lone one a line
 * end, which must be indented like the rest. In a text without CR, printable's other changes (escape sequences
 * dropped, control characters shown as \xNN) never cross a line end, and indenting first changes nothing they do: it is
 * indented as it is, and scanned once, with its record.
 */
function indentedText(raw: string): string {
  const text = raw.includes("\r") ? printable(raw) : raw;
  return `${INDENT}${text.includes("\n") ? text.replaceAll("\n", `\n${INDENT}`) : text}\n`;
}

/** What a step's end added to its last attempt's result: an error (a hold not kept) and warnings (a hold started over). */
function addedAtEnd(r: StepResult, last: { error?: string; warnings?: readonly string[] }): string {
  let text = "";
  if (r.error !== undefined && r.error !== last.error) text += indentedText(`error: ${r.error}`);
  const added = (r.warnings ?? []).filter((w) => !(last.warnings ?? []).includes(w));
  for (const line of warningLines(added)) text += `${INDENT}warning: ${printable(line)}\n`;
  return text;
}

/** A step result as a record's body: checks, error, the server's warnings (a handful, one line each), observed values, captures, then every detail block in full. */
function resultText(r: StepResult, kept: boolean): string {
  let text = "";
  for (const c of r.checks) text += `${INDENT}${c.ok ? "✓" : "✗"} ${checkLine(c, ACTUAL_MAX)}\n`;
  if (r.error) text += indentedText(`error: ${r.error}`);
  if (r.warnings) for (const line of warningLines(r.warnings)) text += `${INDENT}warning: ${printable(line)}\n`;
  if (r.observed && hasKeys(r.observed)) text += `${INDENT}observed: ${observedText(r.observed)}\n`;
  // A capture is kept only when its step passes: a failed attempt's values never reach a later step.
  if (r.captures && hasKeys(r.captures)) text += `${INDENT}${kept ? "captured" : capturedNotKept}: ${observedText(r.captures)}\n`;
  if (r.details) for (const d of r.details) text += detailText(d);
  return text;
}

function hasKeys(o: object): boolean {
  for (const _ in o) return true;
  return false;
}

/** A detail block as a record's body; its body's lines are indented like the record's (a body can be long). */
function detailText(d: Detail): string {
  const raw = d.body;
  const body = raw.endsWith("\n") ? raw.slice(0, -1) : raw;
  return `${INDENT}--- ${d.title} ---\n${indentedText(body)}${INDENT}--- end of ${d.title} ---\n`;
}
