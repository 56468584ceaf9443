// Which lines of a file Loki would hold by their times: too new for the file's modification time, or too far behind the newest line held before them; and the newest time among lines passed over undecoded.
import type { NativeLineTimes } from "./native-times.ts";
import { bytesTime, bytesTimeFound, lineTimestamp } from "./timestamp.ts";

/** A time used for lines that carry none: the file's modification time. */
export interface Fallback {
  ms: number;
  sub: number;
}

/**
 * Loki 3.4.6 (default limits, unordered writes) refuses an entry more than this much older than the newest entry its
 * stream already holds ("entry too far behind": half of max_chunk_age, 2h).
 */
export const OUT_OF_ORDER_MS = 3_600_000;

/**
 * Loki 3.4.6 refuses an entry more than this much later than the moment it is pushed ("timestamp too new":
 * creation_grace_period, 10m). promtail ships a line when it is written, so no later than the file's modification time:
 * a line more than this after the modification time is one Loki refused.
 */
export const CREATION_GRACE_MS = 600_000;

/**
 * Loki 3.4.6's default max_line_size (256 KB, in bytes as shipped: a CR before the newline counts, and bytes that are
 * not UTF-8 count as bytes). Its distributor refuses a longer line ("Max entry size '262144' bytes exceeded") before
 * the ingester sees it, and keeps the other lines of the push: a longer line, with or without a time, is not held and
 * does not move the newest on. line-times.c holds the same number.
 */
export const MAX_LINE_BYTES = 256 * 1024;

/** Whether Loki refuses the line as longer than MAX_LINE_BYTES; `bytes`: its raw length, when known (else its UTF-8 length). */
export function tooLong(line: string, bytes?: number): boolean {
  if (bytes !== undefined) return bytes > MAX_LINE_BYTES;
  // A UTF-16 unit is at most 3 bytes of UTF-8: a shorter string needs no count.
  return line.length * 3 > MAX_LINE_BYTES && Buffer.byteLength(line) > MAX_LINE_BYTES;
}

/** True when Loki would refuse a line at this time, shipped no later than the file's modification time, as too new. */
export function tooNew(ms: number, sub: number, mtime: Fallback): boolean {
  const limit = mtime.ms + CREATION_GRACE_MS;
  return ms > limit || (ms === limit && sub > mtime.sub);
}

/**
 * The newest own time of a line held so far and what reading it needs, as line-times.c reads it: [0] ms (-Infinity
 * before the first), [1] the nanoseconds past it; [2] and [3] the latest time Loki takes (see tooNew); [4] OUT_OF_ORDER_MS.
 */
export type Held = Float64Array;

export function newHeld(fallback: Fallback): Held {
  return new Float64Array([-Infinity, 0, fallback.ms + CREATION_GRACE_MS, fallback.sub, OUT_OF_ORDER_MS]);
}

/** Forgets the newest time (as before the first line), keeping the limits. */
export function resetHeld(held: Held): void {
  held[0] = -Infinity;
  held[1] = 0;
}

/**
 * True when Loki would hold a line with this time of its own; the newest is moved on when it does. A refused line never
 * moves it: one too far behind is older than the newest, and one too new is left out. So the newest is the latest time
 * among the lines before that are not too new, whichever of them were held: a newest worked out over part of a file
 * alone can be handed on with heldAt (see passedTimes).
 */
export function heldAt(held: Held, ms: number, sub: number): boolean {
  if (ms > held[2]! || (ms === held[2]! && sub > held[3]!)) return false;
  const newestMs = held[0]!;
  const newestSub = held[1]!;
  const cutMs = newestMs - OUT_OF_ORDER_MS;
  if (ms < cutMs || (ms === cutMs && sub < newestSub)) return false;
  if (ms > newestMs || (ms === newestMs && sub > newestSub)) {
    held[0] = ms;
    held[1] = sub;
  }
  return true;
}

/**
 * A reader of lines passed over undecoded (no literal picked them): only their times matter, to move `held`'s newest
 * on. Each gets the lines of buf[start, end), the last one ending at `end`. With `native`, line-times.c reads every line
 * it can settle and stops at one only lineTimestamp can, which is read here.
 */
export function passedTimes(held: Held, native: NativeLineTimes | undefined): (buf: Buffer, start: number, end: number) => void {
  const passed = (buf: Buffer, start: number, end: number) => {
    if (end - start > MAX_LINE_BYTES) return;
    if (end > start && buf[end - 1] === 13) end--;
    // Most lines' time is settled by their first bytes, read without making a string of the line.
    if (bytesTime(buf, start, end)) {
      heldAt(held, bytesTimeFound.ms, bytesTimeFound.sub);
      return;
    }
    if (!mayHaveTime(buf, start, end)) return;
    const t = lineTimestamp(buf.toString("utf8", start, end));
    if (t) heldAt(held, t.ms, t.sub);
  };
  return (buf, start, end) => {
    for (let from = start; from < end; ) {
      if (native && (from = native.passLines(buf, from, end, held)) >= end) return;
      const nl = buf.indexOf(10, from);
      const stop = nl === -1 || nl > end ? end : nl;
      passed(buf, from, stop);
      from = stop + 1;
    }
  };
}

/**
 * False when lineTimestamp finds no time in the line buf[start, end) for sure: it starts with no digit and no `[`, its
 * first character other than a space or tab is no `{`, and it holds no `=`.
 */
export function mayHaveTime(buf: Buffer, start: number, end: number): boolean {
  if (start >= end) return false;
  const c = buf[start]!;
  if ((c >= 48 && c <= 57) || c === 91) return true;
  let i = start;
  while (i < end && (buf[i] === 32 || buf[i] === 9)) i++;
  if (i < end && buf[i] === 123) return true;
  const eq = buf.indexOf(61, start);
  return eq !== -1 && eq < end;
}
