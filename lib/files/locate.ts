// Second pass used only for failure messages: turns byte offsets into line numbers, and quotes the line around each.
import { textChunks } from "../util/read-chunks.ts";
import { CONTEXT_BEFORE, QUOTE_LIMIT } from "./text.ts";

/** How many bytes of a line are kept on each side of an offset: QUOTE_LIMIT characters of up to 4 bytes each. */
const WINDOW = QUOTE_LIMIT * 4;

/** The line holding an offset, and the bytes of it around the offset (never the whole of a long line). */
export interface Located {
  lineNo: number;
  /** Where the offset lies in its line, in bytes from 1. */
  column: number;
  /** The line's bytes before the offset: up to WINDOW of them, all when `fromStart`. */
  before: Buffer;
  /** The line's bytes from the offset on (its newline left out): up to WINDOW of them, all when `toEnd`. */
  after: Buffer;
  fromStart: boolean;
  toEnd: boolean;
}

/**
 * Streams the file (decompressed) up to the last offset and a little past it, counting newlines; returns the line
 * holding each offset, with the bytes around it. Only those bytes are kept, however long the line (a 3 GiB line of NULs
 * ending in the find). A read error past them (a damaged archive's end, which the first pass reported) ends the line
 * where it was read to.
 */
export async function locateLines(path: string, offsets: readonly number[], signal?: AbortSignal): Promise<Map<number, Located>> {
  const targets = [...new Set(offsets)].sort((a, b) => a - b);
  const found = new Map<number, Located>();
  /** Offsets whose line goes on past the chunks read so far: the bytes after them are still being gathered. */
  let open: { target: number; at: Omit<Located, "after" | "toEnd">; parts: Buffer[]; got: number }[] = [];
  const settle = (o: (typeof open)[number], toEnd: boolean) => found.set(o.target, { ...o.at, after: Buffer.concat(o.parts), toEnd });
  let ti = 0;
  let lineNo = 1;
  let lineStart = 0;
  /** The last WINDOW bytes before the current chunk. */
  let back: Buffer = Buffer.alloc(0);
  let off = 0;
  try {
    for await (const chunk of textChunks(path, signal)) {
      const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      // The bytes after an offset of an earlier chunk, to its line's end or WINDOW of them.
      open = open.filter((o) => {
        const nl = buf.indexOf(10);
        const take = Math.min(nl < 0 ? buf.length : nl, WINDOW - o.got);
        o.parts.push(Buffer.from(buf.subarray(0, take)));
        o.got += take;
        if (nl >= 0 && nl <= take) settle(o, true);
        else if (o.got >= WINDOW) settle(o, false);
        else return true;
        return false;
      });
      let pos = 0;
      for (; ti < targets.length && targets[ti]! < off + buf.length; ti++) {
        const target = targets[ti]!;
        const i = target - off;
        for (let nl = buf.indexOf(10, pos); nl >= 0 && nl < i; nl = buf.indexOf(10, nl + 1)) {
          lineNo++;
          lineStart = off + nl + 1;
        }
        pos = i;
        const from = Math.max(lineStart, target - WINDOW);
        const before = from >= off ? buf.subarray(from - off, i) : Buffer.concat([back.subarray(back.length - (off - from)), buf.subarray(0, i)]);
        const at = { lineNo, column: target - lineStart + 1, before: Buffer.from(before), fromStart: from === lineStart };
        const nl = buf.indexOf(10, i);
        const take = Math.min(nl < 0 ? buf.length : nl, i + WINDOW);
        const o = { target, at, parts: [Buffer.from(buf.subarray(i, take))], got: take - i };
        if (nl >= 0 && nl <= take) settle(o, true);
        else if (o.got >= WINDOW) settle(o, false);
        else open.push(o);
      }
      off += buf.length;
      if (ti >= targets.length) {
        if (open.length === 0) break;
        continue;
      }
      for (let nl = buf.indexOf(10, pos); nl >= 0; nl = buf.indexOf(10, nl + 1)) {
        lineNo++;
        lineStart = off - buf.length + nl + 1;
      }
      back = buf.length >= WINDOW ? Buffer.from(buf.subarray(buf.length - WINDOW)) : Buffer.concat([back, buf]).subarray(-WINDOW);
    }
  } catch (err) {
    if (signal?.aborted || targets.length === 0 || ti === 0) throw err;
  }
  // The file ended (or could be read no further) within these lines.
  for (const o of open) settle(o, true);
  return found;
}

/** The line's first characters, as far as `at` holds them (its offset being the line's start). */
export function lineHead(at: Located): string {
  return stripCr(at, at.after.toString("utf8"));
}

function stripCr(at: Located, tail: string): string {
  return at.toEnd && tail.endsWith("\r") ? tail.slice(0, -1) : tail;
}

/**
 * Characters a quote may start after when it does not start at the line's start: whitespace, quotes and commas, which
 * a secret seldom holds. One that does (a pass phrase) is masked as far as the quote shows it: the masker
 * (lib/vars/mask.ts cutEdges) masks the part of a secret's end just after a cut's "…", as the part of its beginning
 * just before one. A credential whose name the quote leaves out is learned from the bytes read around the find
 * (EvalContext.readAround).
 */
const QUOTE_START_AFTER = /[\s"'`,]/;

/**
 * How many characters a text's character takes in a report, which shows a text as JSON (a NUL as \u0000) and a DEL or
 * C1 control character as \x7F (lib/report/format.ts printable).
 */
function shownWidth(code: number): number {
  if (code === 0x22 || code === 0x5c || code === 0x08 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d) return 2;
  if (code >= 0x7f && code <= 0x9f) return 4;
  return code < 0x20 ? 6 : 1;
}

/** How many bytes at the end of `b` are a character cut short. */
function cutShortTail(b: Buffer): number {
  for (let k = 1; k <= Math.min(3, b.length); k++) {
    const c = b[b.length - k]!;
    if (c < 0x80) return 0;
    if (c >= 0xc0) return k < (c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2) ? k : 0;
  }
  return 0;
}

/**
 * The line around a find, as a failure quotes it: the whole line when it is at most QUOTE_LIMIT characters (`column`
 * then absent), else about QUOTE_LIMIT characters of it, the find's with up to CONTEXT_BEFORE characters as shown
 * before it, "…" marking each cut, and the find's column (in bytes). The quote starts at the line's start or after a
 * character of QUOTE_START_AFTER, else at the find itself, never inside a word (see QUOTE_START_AFTER).
 */
export function quoteAround(at: Located): { text: string; column?: number } {
  let before = at.before;
  // Cut in the middle of a character: its last bytes alone are no character.
  if (!at.fromStart) while (before.length && (before[0]! & 0xc0) === 0x80) before = before.subarray(1);
  const after = at.toEnd ? at.after : at.after.subarray(0, at.after.length - cutShortTail(at.after));
  const head = before.toString("utf8");
  const line = head + stripCr(at, after.toString("utf8"));
  if (at.fromStart && at.toEnd && line.length <= QUOTE_LIMIT) return { text: line };
  const find = head.length;
  let from = find;
  let width = 0;
  for (let p = find - 1; p >= 0; p--) {
    width += shownWidth(line.charCodeAt(p));
    if (width > CONTEXT_BEFORE) break;
    if (p === 0 ? at.fromStart : QUOTE_START_AFTER.test(line[p - 1]!)) from = p;
  }
  let to = Math.min(line.length, Math.max(from + QUOTE_LIMIT, find + 1));
  // Not between the two halves of a character outside the BMP.
  if (to < line.length && to > find + 1 && (line.charCodeAt(to - 1) & 0xfc00) === 0xd800) to--;
  const cutBefore = from > 0;
  const cutAfter = to < line.length || !at.toEnd;
  return { text: `${cutBefore ? "…" : ""}${line.slice(from, to)}${cutAfter ? "…" : ""}`, column: at.column };
}
