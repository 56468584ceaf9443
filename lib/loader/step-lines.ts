// Finds the line each step of `steps:` and `teardown:` starts on: a cheap scan of block lists, the yaml package's ranges otherwise.
import type { Positions } from "./positions.ts";

const SPACE = 32, HASH = 35, DASH = 45, CR = 13;

/** A line (trimmed) that opens a block scalar: its deeper lines are text, not items. */
const BLOCK_SCALAR_LINE = /:\s*[|>][-+0-9]*\s*(#.*)?$/;

/**
 * 1-based line of each item of the top-level block list `key:`, or undefined when it is not a plain block list. The
 * text is read line by line in place (lines split at "\n", one trailing "\r" left out): a line's content starts where
 * `trimStart()` would start it, found by counting spaces unless the line starts with another character that call may trim.
 * Once the items' column is known, a line indented deeper is passed over unread: it can neither be an item nor end the
 * list, and a block scalar it opens hides only lines deeper still.
 */
export function scanListItemLines(source: string, key: string): number[] | undefined {
  const head = new RegExp(`^${key}\\s*:\\s*(#.*)?\\r?$`);
  const found: number[] = [];
  let inList = false;
  let itemCol = -1;
  let deeper = ""; // itemCol + 1 spaces
  let blockScalarCol = -1;
  let nextPipe = -1; // the next "|" at or after the line's content (the text's length when none), to test the block scalar pattern only where it can match
  let nextGt = -1;
  for (let start = 0, lineNo = 1; ; lineNo++) {
    let newline = source.indexOf("\n", start);
    const last = newline < 0;
    if (last) newline = source.length;
    if (!inList) {
      inList = source.startsWith(key, start) && head.test(source.slice(start, newline));
    } else if (itemCol < 0 || !source.startsWith(deeper, start)) {
      const end = newline > start && source.charCodeAt(newline - 1) === CR ? newline - 1 : newline;
      let at = start;
      while (at < end && source.charCodeAt(at) === SPACE) at++;
      let c = at < end ? source.charCodeAt(at) : -1;
      if (c !== -1 && (c <= SPACE || c >= 0x80)) {
        at = end - source.slice(start, end).trimStart().length;
        c = at < end ? source.charCodeAt(at) : -1;
      }
      if (c !== -1 && c !== HASH) {
        const col = at - start;
        if (blockScalarCol < 0 || col <= blockScalarCol) {
          blockScalarCol = -1;
          if (col === 0 && c !== DASH) break;
          const second = at + 1 < end ? source.charCodeAt(at + 1) : -1;
          if (c === DASH && (second === -1 || second === SPACE)) {
            if (itemCol < 0) {
              itemCol = col;
              deeper = " ".repeat(col + 1);
            }
            if (col === itemCol) found.push(lineNo);
          } else if (col <= itemCol) break;
          if (itemCol < 0) return undefined;
          if (nextPipe < at) nextPipe = indexOrEnd(source, "|", at);
          if (nextGt < at) nextGt = indexOrEnd(source, ">", at);
          if ((nextPipe < end || nextGt < end) && BLOCK_SCALAR_LINE.test(source.slice(at, end))) blockScalarCol = col;
        }
      }
    }
    if (last) break;
    start = newline + 1;
  }
  return inList ? found : undefined;
}

function indexOrEnd(source: string, text: string, from: number): number {
  const i = source.indexOf(text, from);
  return i < 0 ? source.length : i;
}

/** Step lines by the scan when it finds exactly `count` items, else undefined (the caller asks the exact parser). */
function scannedStepLines(source: string, key: "steps" | "teardown", count: number): number[] | undefined {
  if (count === 0) return [];
  const lines = scanListItemLines(source, key);
  return lines?.length === count ? lines : undefined;
}

/** Step lines from the exact parser's positions. */
export function exactStepLines(pos: Positions, key: "steps" | "teardown", count: number): (number | undefined)[] {
  return Array.from({ length: count }, (_, i) => pos.of([key, i])?.line);
}

/** Each phase's step lines, in step order (undefined where no position is known). */
export type StepLines = Record<"steps" | "teardown", readonly (number | undefined)[]>;

/** Each step's line: the cheap scan of block lists, else (flow lists, anchors) the exact parser's ranges. */
export async function stepLinesOf(source: string, counts: Record<"steps" | "teardown", number>, display: string, sources: Map<string, string>): Promise<StepLines> {
  const steps = scannedStepLines(source, "steps", counts.steps);
  const teardown = scannedStepLines(source, "teardown", counts.teardown);
  if (steps && teardown) return { steps, teardown };
  const { readExact } = await import("./yaml-exact.ts");
  const { pos } = readExact(source, display, sources);
  return { steps: steps ?? exactStepLines(pos, "steps", counts.steps), teardown: teardown ?? exactStepLines(pos, "teardown", counts.teardown) };
}
