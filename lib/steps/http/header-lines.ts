// A response's headers as `name: value` lines in the order and form iterating a Headers object gives them, without making one.

/**
 * What `new Headers(list).forEach((v, k) => text += `${k}: ${v}\n`)` gives in Bun: names lower-cased and sorted, the
 * values of a name joined with ", " (Cookie's with "; ") in the order they came; Set-Cookie's values last, each on a line of its own. Only
 * for lists Headers takes as they are (token names, values with no surrounding whitespace and no NUL, CR or LF): the
 * wire client's whole plain responses (wire-response.ts `wholePlain`). Pinned against Headers by header-lines.test.ts.
 */
export function headerLines(list: readonly (readonly [string, string])[]): string {
  // Lower-cased names with their values, sorted by name with an insertion sort (stable: a name's values keep their
  // order); a response has a handful of headers.
  const names: string[] = [];
  const values: string[] = [];
  let cookies = "";
  for (let i = 0; i < list.length; i++) {
    const name = list[i]![0].toLowerCase();
    const value = list[i]![1];
    if (name === "set-cookie") {
      cookies += `set-cookie: ${value}\n`;
      continue;
    }
    // shifted by hand: splice's call cost more than the sort itself, once per response the run log writes
    let at = names.length;
    names.push(name);
    values.push(value);
    while (at > 0 && names[at - 1]! > name) {
      names[at] = names[at - 1]!;
      values[at] = values[at - 1]!;
      at--;
    }
    names[at] = name;
    values[at] = value;
  }
  let text = "";
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    let value = values[i]!;
    const join = name === "cookie" ? "; " : ", ";
    while (i + 1 < names.length && names[i + 1] === name) value += `${join}${values[++i]!}`;
    text += `${name}: ${value}\n`;
  }
  return text + cookies;
}
