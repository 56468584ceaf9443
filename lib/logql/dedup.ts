// Drops exact duplicate entries of a stream (same timestamp, same line), as Loki does at ingestion and when merging.

/** Distinct timestamps remembered per stream; lines at older ones are forgotten (files are written in time order). */
export const REMEMBERED_TIMES = 4096;

/**
 * Remembers the lines seen at each recent timestamp of one stream. All lines sharing a timestamp are kept (a file
 * whose lines carry no time of their own shares its modification time), the timestamps least recently seen beyond
 * REMEMBERED_TIMES are forgotten.
 */
export class DuplicateFilter {
  // Not a Map-insertion-order LRU (delete and re-set, evict keys().next()): Bun's Map iterator walks over the deleted
  // slots first, which measured ~15 µs per new timestamp on long scans. The explicit list keeps both ends O(1).
  private readonly slots = new Map<number, TimeSlot>();
  /** Least and most recently seen timestamps: the two ends of a list through `newer`/`older`. */
  private oldest: TimeSlot | undefined;
  private newest: TimeSlot | undefined;

  /** True when this entry was seen before; otherwise remembers it. */
  seen(ms: number, sub: number, line: string): boolean {
    let slot = this.slots.get(ms);
    if (slot) {
      if (slot !== this.newest) {
        this.unlink(slot);
        this.append(slot);
      }
    } else {
      slot = { ms, sub, line, subs: undefined, older: undefined, newer: undefined };
      this.slots.set(ms, slot);
      this.append(slot);
      if (this.slots.size > REMEMBERED_TIMES) {
        const forgotten = this.oldest!;
        this.unlink(forgotten);
        this.slots.delete(forgotten.ms);
      }
      return false;
    }
    if (!slot.subs) {
      if (slot.sub === sub && slot.line === line) return true;
      slot.subs = new Map([[slot.sub, new Set([slot.line])]]);
    }
    let lines = slot.subs.get(sub);
    if (!lines) slot.subs.set(sub, (lines = new Set()));
    if (lines.has(line)) return true;
    lines.add(line);
    return false;
  }

  private append(slot: TimeSlot): void {
    slot.older = this.newest;
    slot.newer = undefined;
    if (this.newest) this.newest.newer = slot;
    else this.oldest = slot;
    this.newest = slot;
  }

  private unlink(slot: TimeSlot): void {
    if (slot.older) slot.older.newer = slot.newer;
    else this.oldest = slot.newer;
    if (slot.newer) slot.newer.older = slot.older;
    else this.newest = slot.older;
  }
}

/** The lines seen at one whole-ms timestamp, by the nanoseconds past it. */
interface TimeSlot {
  ms: number;
  /** The first entry seen at this ms: while it is the only one, no map or set is made (most timestamps hold one line). */
  sub: number;
  line: string;
  /** Every entry by the nanoseconds past `ms`, once a second one came. */
  subs: Map<number, Set<string>> | undefined;
  older: TimeSlot | undefined;
  newer: TimeSlot | undefined;
}
