// One log entry travelling through a pipeline: its line, timestamp and labels (copied only when a stage changes them).
import { ERROR_DETAILS_LABEL, ERROR_LABEL, type Labels } from "./labels.ts";

/** A stream's fixed labels, shared by all of its rows. */
export class StreamLabels {
  readonly map: Map<string, string>;
  constructor(readonly labels: Labels) {
    this.map = new Map(Object.entries(labels));
  }
}

export class Row {
  line: string;
  private own: Map<string, string> | null = null;

  constructor(
    readonly stream: StreamLabels,
    line: string,
    /** Whole milliseconds since the epoch. */
    readonly ms: number,
    /** Nanoseconds past `ms` (0 to 999999). */
    readonly sub: number,
  ) {
    this.line = line;
  }

  private get map(): Map<string, string> {
    return this.own ?? this.stream.map;
  }

  private mutable(): Map<string, string> {
    if (!this.own) this.own = new Map(this.stream.map);
    return this.own;
  }

  get(name: string): string | undefined {
    return this.map.get(name);
  }

  has(name: string): boolean {
    return this.map.has(name);
  }

  set(name: string, value: string): void {
    this.mutable().set(name, value);
  }

  delete(name: string): void {
    if (this.map.has(name)) this.mutable().delete(name);
  }

  /** True when the stream itself (not a parser) carries this label: parsers then add `_extracted`. */
  baseHas(name: string): boolean {
    return this.stream.map.has(name);
  }

  /** Sets a label a parser extracted; the first value wins, and a stream label is never overwritten. */
  setParsed(name: string, value: string): void {
    const key = this.stream.map.has(name) ? name + "_extracted" : name;
    if (this.own?.has(key)) return;
    this.mutable().set(key, value);
  }

  hasError(): boolean {
    return this.map.has(ERROR_LABEL);
  }

  setError(kind: string, details?: string): void {
    const m = this.mutable();
    m.set(ERROR_LABEL, kind);
    if (details) m.set(ERROR_DETAILS_LABEL, details);
  }

  entries(): IterableIterator<[string, string]> {
    return this.map.entries();
  }

  /** The current labels as a plain object. */
  labels(): Labels {
    if (!this.own) return this.stream.labels;
    return Object.fromEntries(this.own);
  }

  /** True when no stage has changed the labels. */
  unchangedLabels(): boolean {
    return this.own === null;
  }
}
