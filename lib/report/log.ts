// The chronological run log, streamed to <dir>/integration_test_<epoch>.log as events arrive (flushed within 50 ms, and at exit).
import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { formatDuration } from "../core/units/duration.ts";
import type { RunEvent, StepInfo } from "../engine/events.ts";
import type { Detail } from "../core/detail.ts";
import type { StepResult } from "../core/step-result.ts";
import { checkLine, observedText } from "./format.ts";
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
}

/** Longest actual value of a check written to the log. */
const ACTUAL_MAX = 4000;
const INDENT = "    ";
const FLUSH_MS = 50;
const FLUSH_BYTES = 64 * 1024;

export class LogReporter extends RunReporter<LogReporterOptions> {
  readonly name = "log";
  readonly #directory: string;
  readonly #now: () => Date;
  readonly #written: string[] = [];
  #fd: number | undefined;
  /** Lines that came before the first run-start, when the file name is not known yet. */
  #pending: string[] = [];
  /** "step 3", "teardown step 1" by step index. */
  #labels = new Map<number, string>();
  /** Steps whose attempts were logged, so step-end does not repeat the result. */
  #attempted = new Set<number>();
  /** Steps started and not ended, with their current attempt: named when the run ends early. */
  #running = new Map<number, { step: StepInfo; attempt: number }>();

  readonly #nameSuffix: string;

  constructor(options: LogReporterOptions = {}) {
    super(options);
    this.#directory = options.directory ?? join(options.cwd ?? process.cwd(), ".context", "terminal");
    this.#now = options.now ?? (() => new Date());
    this.#nameSuffix = options.nameSuffix ? `_${options.nameSuffix}` : "";
  }

  override onEvent(event: RunEvent): void {
    super.onEvent(event);
    switch (event.type) {
      case "run-start": {
        this.#open(event.startedAt);
        this.#labels = new Map();
        this.#attempted = new Set();
        this.#running = new Map();
        const count = { main: 0, teardown: 0 };
        for (const s of event.steps) this.#labels.set(s.index, `${s.phase === "teardown" ? "teardown step" : "step"} ${++count[s.phase]}`);
        const planned = `${count.main} steps${count.teardown ? ` + ${count.teardown} teardown` : ""}`;
        this.#record(event.startedAt, `run start: ${event.scenario} (${event.file}), run ${event.runId}, ${planned}`, event.description ? indented([event.description]) : "");
        return;
      }
      case "info":
        return this.#record(this.#now(), `info: ${event.key} = ${event.value}`);
      case "log": {
        const nl = event.line.indexOf("\n");
        if (nl < 0) return this.#record(event.at, event.line);
        return this.#record(event.at, event.line.slice(0, nl), indentedText(event.line.slice(nl + 1)));
      }
      case "step-start": {
        const s = event.step;
        this.#running.set(s.index, { step: s, attempt: 0 });
        const facts = [s.kind, s.service === undefined ? "" : `service ${s.service}`, s.tags.length ? `tags ${s.tags.join(",")}` : ""];
        return this.#record(this.#now(), `${this.#label(s)} start: ${s.name} [${facts.filter(Boolean).join(", ")}]`);
      }
      case "attempt-start":
        this.#running.set(event.step.index, { step: event.step, attempt: event.attempt });
        return this.#record(this.#now(), `${this.#label(event.step)} attempt ${event.attempt} start`);
      case "attempt-end": {
        this.#attempted.add(event.step.index);
        const head = `${this.#label(event.step)} attempt ${event.attempt} ${event.ok ? "passed" : "failed"} in ${formatDuration(event.durationMs)}`;
        return this.#record(this.#now(), head + (event.result.summary ? `: ${event.result.summary}` : ""), resultText(event.result));
      }
      case "step-end": {
        this.#running.delete(event.step.index);
        const n = event.attempts;
        const how = n > 0 ? ` after ${n} ${n === 1 ? "attempt" : "attempts"} in ${formatDuration(event.durationMs)}` : "";
        const body = event.result && !this.#attempted.has(event.step.index) ? resultText(event.result) : "";
        return this.#record(this.#now(), `${this.#label(event.step)} end: ${event.status}${how}${event.reason ? ` (${event.reason})` : ""}`, body);
      }
      case "diagnostics":
        return this.#record(this.#now(), `${this.#label(event.step)} diagnostics:`, event.details.map(detailText).join(""));
      case "thresholds":
        return this.#record(this.#now(), "thresholds:", indented(thresholdLines(event.results, "")));
      case "run-end": {
        const run = this.currentRun;
        if (run) this.#record(event.endedAt, "summary:", indented(summaryText(runSummary(run, event.endedAt), undefined)));
        const cut = [...this.#running.values()].map(({ step, attempt }) =>
          `cut short: ${this.#label(step)} (${step.name})${attempt > 0 ? ` during attempt ${attempt}` : ""}`);
        return this.#record(event.endedAt, `run end: ${event.status}, ${totalsText(event.totals)} in ${formatDuration(event.durationMs)}`, indented(cut));
      }
    }
  }

  async finish(): Promise<string[]> {
    if (this.#pending.length > 0) this.#open(this.#now());
    this.#close();
    return [...this.#written];
  }

  #label(step: StepInfo): string {
    return this.#labels.get(step.index) ?? `step "${step.name}"`;
  }

  #open(startedAt: Date): void {
    this.#close();
    mkdirSync(this.#directory, { recursive: true });
    const path = join(this.#directory, `integration_test_${epochSeconds(startedAt)}${this.#nameSuffix}.log`);
    this.#fd = openSync(path, "a");
    if (!this.#written.includes(path)) this.#written.push(path);
    const pending = this.#pending;
    this.#pending = [];
    if (pending.length > 0) this.#write(pending.join(""));
  }

  #close(): void {
    if (this.#fd === undefined) return;
    this.#flush();
    const fd = this.#fd;
    this.#fd = undefined;
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /** One record: a timestamped first line, then its body (lines already indented, each ending in a newline). */
  #record(at: Date, first: string, body = ""): void {
    this.#write(`${this.#stamp(at)} ${first}\n${body}`);
  }

  /** The last timestamp written: records of the same millisecond (most of a fast run's) reuse its text. */
  #stampMs = NaN;
  #stampText = "";

  #stamp(at: Date): string {
    const ms = at.getTime();
    if (ms !== this.#stampMs) {
      this.#stampMs = ms;
      this.#stampText = at.toISOString();
    }
    return this.#stampText;
  }

  /**
   * Records are buffered and written at most FLUSH_MS later (or at once past FLUSH_BYTES), and synchronously when the
   * process exits, so a run of a thousand steps does not pay a system call per event and an exit loses nothing.
   */
  #buffer: string[] = [];
  #bufferedBytes = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #onExit = () => this.#flush();

  #write(text: string): void {
    if (this.#fd === undefined) {
      this.#pending.push(text);
      return;
    }
    this.#buffer.push(text);
    this.#bufferedBytes += text.length;
    if (this.#bufferedBytes >= FLUSH_BYTES) this.#flush();
    else if (!this.#timer) {
      this.#timer = setTimeout(() => this.#flush(), FLUSH_MS);
      this.#timer.unref?.();
      process.once("exit", this.#onExit);
    }
  }

  #flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    process.off("exit", this.#onExit);
    if (this.#fd === undefined || this.#buffer.length === 0) return;
    const text = this.#buffer.join("");
    this.#buffer = [];
    this.#bufferedBytes = 0;
    writeSync(this.#fd, text);
  }
}

/** Lines as a record's body: each indented, each ending in a newline. */
function indented(lines: readonly string[]): string {
  let text = "";
  for (const line of lines) text += `${INDENT}${line}\n`;
  return text;
}

/** A text's lines as a record's body (what indented(text.split("\n")) gives, without the array). */
function indentedText(text: string): string {
  return `${INDENT}${text.includes("\n") ? text.replaceAll("\n", `\n${INDENT}`) : text}\n`;
}

/** A step result as a record's body: checks, error, observed values, captures, then every detail block in full. */
function resultText(r: StepResult): string {
  let text = "";
  for (const c of r.checks) text += `${INDENT}${c.ok ? "✓" : "✗"} ${checkLine(c, ACTUAL_MAX)}\n`;
  if (r.error) text += indentedText(`error: ${r.error}`);
  if (r.observed && hasKeys(r.observed)) text += `${INDENT}observed: ${observedText(r.observed)}\n`;
  if (r.captures && hasKeys(r.captures)) text += `${INDENT}captured: ${observedText(r.captures)}\n`;
  if (r.details) for (const d of r.details) text += detailText(d);
  return text;
}

function hasKeys(o: object): boolean {
  for (const _ in o) return true;
  return false;
}

/** A detail block as a record's body; its body's lines are indented like the record's (a body can be long). */
function detailText(d: Detail): string {
  const body = d.body.endsWith("\n") ? d.body.slice(0, -1) : d.body;
  return `${INDENT}--- ${d.title} ---\n${indentedText(body)}${INDENT}--- end of ${d.title} ---\n`;
}
