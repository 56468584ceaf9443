// Tables keyed by names the user writes (variables, labels, services, columns): only a table's own keys count.
// A plain object answers `constructor`, `toString`, `valueOf`… with Object.prototype's members, and an assignment to
// `__proto__` sets its prototype instead of adding the key.

/** `table[key]` when the table has that key of its own; undefined otherwise (never a member of Object.prototype). */
export function ownValue<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** An empty table with no prototype: every key, `__proto__` included, is read and written as a key of its own. */
export function emptyTable<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** Sets `key` on `target` as a property of its own, `__proto__` included (an assignment would set the prototype). */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
