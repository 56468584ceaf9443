// The digits a step wrote for numbers a double does not hold as written: YAML reads a matcher's or a schema's
// 1234567890123456788 as 1234567890123456768, which prints as 1234567890123456800. A check shows such a number as the
// step wrote it (the loader reads each step's texts, lib/loader/load.ts; the engine runs the step with them).
import { AsyncLocalStorage } from "node:async_hooks";

/** A step's table, set for its run: each double read from a number written otherwise than it prints, and that text. */
const tables = new AsyncLocalStorage<ReadonlyMap<number, string>>();

/**
 * Beyond ±2^53 a double holds only some integers: others read as one of them (9007199254740993 as …992). The texts
 * here are of integers beyond it: below it a double holds every integer, and prints it as written.
 */
export const EXACT_LIMIT = 2 ** 53;

/** Runs fn (and all it awaits) with a step's written numbers; without any, runs it as it is. */
export function withWrittenNumbers<T>(table: ReadonlyMap<number, string> | undefined, fn: () => T): T {
  return table && table.size > 0 ? tables.run(table, fn) : fn();
}

/**
 * The text the step under way wrote for a number of a matcher or a schema, or String(n) when it wrote none otherwise
 * (or wrote two texts that read as this one double: which one this is, the double cannot tell).
 */
export function writtenNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) >= EXACT_LIMIT) {
    const text = tables.getStore()?.get(n);
    if (text !== undefined) return text;
  }
  return String(n);
}

/**
 * The table of a step's numbers (each plain number YAML read, with its text as written): the integers beyond ±2^53
 * written otherwise than they print, by the double each reads as; a double two texts read as is left out.
 */
export function writtenNumbersOf(numbers: Iterable<[number, string]>): Map<number, string> {
  const table = new Map<number, string>();
  const ambiguous = new Set<number>();
  for (const [n, text] of numbers) {
    if (!Number.isInteger(n) || Math.abs(n) < EXACT_LIMIT || ambiguous.has(n)) continue;
    const known = table.get(n);
    if (known === undefined) {
      if (text !== String(n)) table.set(n, text);
      else ambiguous.add(n); // Written as it prints, it shows so; any other text for it would make the two ambiguous.
    } else if (known !== text) {
      table.delete(n);
      ambiguous.add(n);
    }
  }
  return table;
}
