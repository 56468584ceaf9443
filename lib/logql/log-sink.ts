// Collects the entries of a log query: the `limit` newest (backward) or oldest (forward) lines, grouped into streams.
import type { Stream } from "../core/query-result.ts";
import { type Labels, labelsKey, labelsString, sortedLabels } from "./labels.ts";
import { toNs } from "./timestamps.ts";

interface Kept {
  ms: number;
  sub: number;
  seq: number;
  line: string;
  labels: Labels;
  key: string;
}

const ids = new WeakMap<object, number>();
let nextId = 0;

function streamId(stream: object): number {
  let id = ids.get(stream);
  if (id === undefined) ids.set(stream, (id = nextId++));
  return id;
}

const textCache = new WeakMap<Labels, string>();

function labelsText(labels: Labels): string {
  let t = textCache.get(labels);
  if (t === undefined) textCache.set(labels, (t = labelsString(labels)));
  return t;
}

/** A bounded heap keeping the `limit` best entries; `better(a, b)` is true when a should be kept over b. */
export class LogSink {
  private readonly heap: Kept[] = [];
  private seq = 0;
  /** Keys of the kept entries (see push). */
  private readonly keys = new Map<string, Kept>();
  /** The time of the best entry the limit left out (evicted or refused), if any: see tiedAtLimit. */
  private droppedMs = Number.NaN;
  private droppedSub = 0;

  constructor(
    private readonly limit: number,
    private readonly direction: "forward" | "backward",
    /** List the streams in descending label order (see result()). */
    private readonly descendingStreams = false,
  ) {}

  /**
   * Backward keeps the newest entries, forward the oldest. On equal timestamps Loki's merge (lessAscending and
   * lessDescending in pkg/iter) takes the stream with the lower label set first, in both directions; within one
   * stream, later-read lines count as newer.
   */
  private better(a: Kept, b: Kept): boolean {
    const t = a.ms !== b.ms ? a.ms - b.ms : a.sub - b.sub;
    if (t !== 0) return this.direction === "backward" ? t > 0 : t < 0;
    if (a.labels !== b.labels) {
      const at = labelsText(a.labels);
      const bt = labelsText(b.labels);
      if (at !== bt) return at < bt;
    }
    return this.direction === "backward" ? a.seq > b.seq : a.seq < b.seq;
  }

  /** True when an entry at this time could still enter the result (lets callers skip work). */
  wants(ms: number, sub: number): boolean {
    if (this.heap.length < this.limit) return true;
    const worst = this.heap[0]!;
    const t = ms !== worst.ms ? ms - worst.ms : sub - worst.sub;
    if (t === 0) return true; // its labels decide
    return this.direction === "backward" ? t > 0 : t < 0;
  }

  /**
   * Adds an entry of `stream` (the stream it was read from; its labels may differ per line). One equal to a kept
   * entry of the same stream (same time, and same line as the pipeline left it) is dropped: Loki's merge iterator
   * removes such duplicates after the pipeline, e.g. two lines `line_format` made alike, whatever their labels.
   * An `untimed` entry (a line without a time of its own, see StreamSink.push) equals no other.
   */
  push(ms: number, sub: number, line: string, labels: Labels, stream: object = labels, untimed = false): void {
    const key = untimed ? `untimed:${this.seq}` : `${ms}:${sub}:${streamId(stream)}:${line}`;
    const kept = this.keys.get(key);
    if (kept) {
      // Which one keeps its labels: Loki 3.4.6 kept the earlier line of the file when backward, the later one
      // when forward (pushes of 2 and 4 lines at one time; one other case kept a middle line).
      if (this.direction === "forward") kept.labels = labels;
      return;
    }
    const e: Kept = { ms, sub, seq: this.seq++, line, labels, key };
    const h = this.heap;
    if (h.length < this.limit) {
      h.push(e);
      this.up(h.length - 1);
    } else if (this.better(e, h[0]!)) {
      this.dropped(h[0]!.ms, h[0]!.sub);
      this.keys.delete(h[0]!.key);
      h[0] = e;
      this.down(0);
    } else {
      this.dropped(ms, sub);
      return;
    }
    this.keys.set(key, e);
  }

  /** Notes the time of an entry the limit left out when it is the best (newest backward, oldest forward) so far. */
  private dropped(ms: number, sub: number): void {
    const t = ms !== this.droppedMs ? ms - this.droppedMs : sub - this.droppedSub;
    if (Number.isNaN(this.droppedMs) || (this.direction === "backward" ? t > 0 : t < 0)) {
      this.droppedMs = ms;
      this.droppedSub = sub;
    }
  }

  /**
   * The time (ns) at which the limit cut through lines of one timestamp: some of them kept, others left out. Which of
   * such lines Loki returns is not the engine's to know (across streams it depends on how Loki's sharding places
   * them; within one stream on how its ingester holds them: 3.4.6 returned file order in one case and neither order in
   * another), so the answer's lines at this time are not sure. Undefined when the limit was not reached or cut between
   * two times.
   */
  tiedAtLimit(): bigint | undefined {
    if (this.heap.length < this.limit || Number.isNaN(this.droppedMs)) return undefined;
    const worst = this.heap[0]!;
    return worst.ms === this.droppedMs && worst.sub === this.droppedSub ? toNs(worst.ms, worst.sub) : undefined;
  }

  // The heap root is the worst kept entry.
  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.better(h[p]!, h[i]!)) break;
      [h[p], h[i]] = [h[i]!, h[p]!];
      i = p;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < h.length && this.better(h[worst]!, h[l]!)) worst = l;
      if (r < h.length && this.better(h[worst]!, h[r]!)) worst = r;
      if (worst === i) return;
      [h[worst], h[i]] = [h[i]!, h[worst]!];
      i = worst;
    }
  }

  /**
   * Streams sorted by their label string (descending when asked: see LogLeaf); entries newest first (backward) or
   * oldest first (forward).
   */
  result(): Stream[] {
    const kept = [...this.heap].sort((a, b) => (this.better(a, b) ? -1 : 1));
    const byKey = new Map<string, { labels: Labels; entries: Kept[] }>();
    for (const e of kept) {
      const key = labelsKey(e.labels);
      let s = byKey.get(key);
      if (!s) byKey.set(key, (s = { labels: e.labels, entries: [] }));
      s.entries.push(e);
    }
    return [...byKey.values()]
      .map((s) => ({ text: labelsString(s.labels), labels: sortedLabels(s.labels), entries: s.entries.map((e) => ({ tsNs: toNs(e.ms, e.sub), line: e.line })) }))
      .sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0) * (this.descendingStreams ? -1 : 1))
      .map(({ labels, entries }) => ({ labels, entries }));
  }
}
