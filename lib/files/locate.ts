// Second pass used only for failure messages: turns byte offsets into line numbers and the full text of those lines.
import { textChunks } from "../util/read-chunks.ts";
import { QUOTE_LIMIT } from "./text.ts";

export interface Located {
  lineNo: number;
  text: string;
}

const HEAD_CAP = QUOTE_LIMIT * 4;

function lineText(parts: Buffer[]): string {
  let s = Buffer.concat(parts).toString("utf8");
  if (s.endsWith("\r")) s = s.slice(0, -1);
  return s;
}

/**
 * Streams the file up to the last offset, counting newlines; returns the line (number and text) holding each offset.
 * A read error past them (a damaged archive's end, which the first pass reported) ends the line where it was read to.
 */
export async function locateLines(path: string, offsets: readonly number[], signal?: AbortSignal): Promise<Map<number, Located>> {
  const targets = [...new Set(offsets)].sort((a, b) => a - b);
  const found = new Map<number, Located>();
  let ti = 0;
  let lineNo = 1;
  let head: Buffer = Buffer.alloc(0);
  let waiting: number[] = [];
  let off = 0;
  const settle = (tail: Buffer) => {
    const text = lineText([head, tail.subarray(0, Math.max(0, HEAD_CAP - head.length))]);
    for (const w of waiting) found.set(w, { lineNo, text });
    waiting = [];
  };
  try {
    for await (const chunk of textChunks(path, signal)) {
      if (ti >= targets.length && waiting.length === 0) break;
      const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      let pos = 0;
      for (;;) {
        const nl = buf.indexOf(10, pos);
        const segEnd = nl < 0 ? buf.length : nl;
        while (ti < targets.length && targets[ti]! <= off + segEnd - (nl < 0 ? 1 : 0)) waiting.push(targets[ti++]!);
        if (nl < 0) {
          if (head.length < HEAD_CAP) head = Buffer.concat([head, buf.subarray(pos, Math.min(buf.length, pos + HEAD_CAP - head.length))]);
          break;
        }
        if (waiting.length) settle(buf.subarray(pos, segEnd));
        head = Buffer.alloc(0);
        lineNo++;
        pos = nl + 1;
        if (ti >= targets.length) break;
      }
      off += buf.length;
      if (ti >= targets.length && waiting.length === 0) break;
    }
  } catch (err) {
    if (signal?.aborted || targets.length === 0 || ti === 0) throw err;
  }
  if (waiting.length) settle(Buffer.alloc(0));
  return found;
}
