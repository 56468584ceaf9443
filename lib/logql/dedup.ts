// Drops exact duplicate entries of a stream (same timestamp, same line), as Loki does at ingestion and when merging.

/** Distinct timestamps remembered per stream; lines at older ones are forgotten (files are written in time order). */
const REMEMBERED_TIMES = 4096;

/**
 * Remembers the lines seen at each recent timestamp of one stream. All lines sharing a timestamp are kept (a file
 * whose lines carry no time of their own shares its modification time), the timestamps least recently seen beyond
 * REMEMBERED_TIMES are forgotten.
 */
export class DuplicateFilter {
  private readonly byMs = new Map<number, Map<number, Set<string>>>();

  /** True when this entry was seen before; otherwise remembers it. */
  seen(ms: number, sub: number, line: string): boolean {
    let subs = this.byMs.get(ms);
    if (subs) {
      this.byMs.delete(ms); // most recently used last
      this.byMs.set(ms, subs);
    } else {
      subs = new Map();
      this.byMs.set(ms, subs);
      if (this.byMs.size > REMEMBERED_TIMES) this.byMs.delete(this.byMs.keys().next().value!);
    }
    let lines = subs.get(sub);
    if (!lines) subs.set(sub, (lines = new Set()));
    if (lines.has(line)) return true;
    lines.add(line);
    return false;
  }
}
