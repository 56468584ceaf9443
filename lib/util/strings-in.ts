// Every string inside a JSON-like value (a step's input): what scans of written text walk (references, URLs).

/** The strings inside value, in order: itself when it is one, else those of its items and mapping values. */
export function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (value && typeof value === "object") for (const v of Object.values(value)) stringsIn(v, out);
  return out;
}

/** stringsIn with the mapping keys too (`"X-${ID}": …`, `"$.path${ID}": …`): where a reference may stand in a step's input. */
export function stringsAndKeysIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsAndKeysIn(v, out);
  else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      stringsAndKeysIn(v, out);
    }
  return out;
}
