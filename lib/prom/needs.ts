// Which of a PromQL query's selectors its answer rests on: for the promql step's check that an answer whose checks
// passed on missing data (an empty answer, a value `or vector(0)` filled in) read some data at all.

/**
 * A query's selectors as its answer needs them: `sel` one selector; `all` each part (a binary operation's two sides, a
 * function's arguments: a typo on either side of `a / b` makes the answer rest on nothing there); `any` one of the parts
 * that read a selector (`a or b`: either side's series make the answer). The right side of `unless` and the argument of
 * `absent(…)` are left out: no series there is what they ask about.
 */
export type Needs<T> = { sel: T } | { all: Needs<T>[] } | { any: Needs<T>[] };

/** Every selector of the tree, each once, in order. */
export function needed<T>(needs: Needs<T>): T[] {
  const out = new Set<T>();
  const walk = (n: Needs<T>): void => {
    if ("sel" in n) out.add(n.sel);
    else for (const part of "all" in n ? n.all : n.any) walk(part);
  };
  walk(needs);
  return [...out];
}

/**
 * The selectors to name when the answer rests on nothing somewhere (`matched` says which selectors match data): every
 * unmatched one of an `all`, and of an `any` whose parts that read selectors all rest on nothing; undefined when the
 * answer rests on data everywhere.
 */
export function unmet<T>(needs: Needs<T>, matched: (sel: T) => boolean): T[] | undefined {
  const walk = (n: Needs<T>): T[] | undefined => {
    if ("sel" in n) return matched(n.sel) ? undefined : [n.sel];
    if ("all" in n) {
      const missing = n.all.flatMap((part) => walk(part) ?? []);
      return missing.length > 0 ? missing : undefined;
    }
    const reading = n.any.filter((part) => needed(part).length > 0);
    const missing = reading.map(walk);
    return missing.length === 0 || missing.some((m) => m === undefined) ? undefined : missing.flatMap((m) => m!);
  };
  const found = walk(needs);
  return found && [...new Set(found)];
}
