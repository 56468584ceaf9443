// Finds the line each step of `steps:` and `teardown:` starts on: a cheap scan of block lists, the yaml package's ranges otherwise.
import type { Positions } from "./positions.ts";

/** 1-based line of each item of the top-level block list `key:`, or undefined when it is not a plain block list. */
export function scanListItemLines(source: string, key: string): number[] | undefined {
  const lines = source.split("\n");
  const head = lines.findIndex((l) => new RegExp(`^${key}\\s*:\\s*(#.*)?\\r?$`).test(l));
  if (head < 0) return undefined;
  const found: number[] = [];
  let itemCol = -1;
  let blockScalarCol = -1;
  for (let i = head + 1; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, "");
    const trimmed = line.trimStart();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const col = line.length - trimmed.length;
    if (blockScalarCol >= 0 && col > blockScalarCol) continue;
    blockScalarCol = -1;
    if (col === 0 && !trimmed.startsWith("-")) break;
    if (trimmed === "-" || trimmed.startsWith("- ")) {
      if (itemCol < 0) itemCol = col;
      if (col === itemCol) found.push(i + 1);
    } else if (col <= itemCol) break;
    if (itemCol < 0) return undefined;
    if (/:\s*[|>][-+0-9]*\s*(#.*)?$/.test(trimmed)) blockScalarCol = col;
  }
  return found;
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
