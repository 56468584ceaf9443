// A word's text as bash reads it, its quotes removed: `'…'`, `"…"`, backslashes, and the quoting `$'…'` (ANSI-C) and
// `$"…"` (a locale's translation), so that `$'eval'`, `$'\x65val'` and `$"eval"` are eval to every check that asks.

/** Single-character escapes of ANSI-C quoting (`$'…'`). */
const ANSI_C: Record<string, string> = { a: "\x07", b: "\b", e: "\x1b", E: "\x1b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\", "'": "'", '"': '"', "?": "?" };

/** The characters bash makes of the inside of `$'…'`, each with the offset of what wrote it: `\x65val` is eval. */
export function ansiC(inner: string): { c: string; at: number }[] {
  const out: { c: string; at: number }[] = [];
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i]!;
    if (c !== "\\" || i + 1 >= inner.length) {
      out.push({ c, at: i });
      continue;
    }
    const e = inner[i + 1]!;
    const number = /^(?:x([0-9A-Fa-f]{1,2})|u([0-9A-Fa-f]{1,4})|U([0-9A-Fa-f]{1,8})|([0-7]{1,3})|c(.))/.exec(inner.slice(i + 1));
    if (Object.hasOwn(ANSI_C, e)) {
      out.push({ c: ANSI_C[e]!, at: i });
      i++;
    } else if (number) {
      const code = number[1] ?? number[2] ?? number[3] ? parseInt((number[1] ?? number[2] ?? number[3])!, 16) : number[4] ? parseInt(number[4], 8) : number[5]!.charCodeAt(0) & 31;
      out.push({ c: code <= 0x10ffff ? String.fromCodePoint(code) : "", at: i });
      i += number[0].length;
    } else {
      out.push({ c: "\\", at: i });
    }
  }
  return out;
}

/** The index of the `'` that closes a `$'…'` whose text starts at `from` (a backslash escapes the next character), or the text's length. */
export function ansiCEnd(text: string, from: number): number {
  let j = from;
  while (j < text.length && text[j] !== "'") j += text[j] === "\\" ? 2 : 1;
  return Math.min(j, text.length);
}

/**
 * A word (or words) with its quotes removed as bash removes them: `'…'` as written, `"…"` with the backslash before `$`,
 * `` ` ``, `"`, `\` and a newline dropped, `$'…'` decoded (ansiC), `$"…"` as `"…"`, and an unquoted backslash dropped
 * before the character it escapes. Expansions (`$X`, `$(…)`) stay as written: only a program's or an option's name is
 * looked for in the result.
 */
export function unquoteBash(word: string): string {
  let out = "";
  for (let i = 0; i < word.length; i++) {
    const c = word[i]!;
    if (c === "\\") {
      if (i + 1 < word.length && word[i + 1] !== "\n") out += word[i + 1];
      i++;
    } else if (c === "'") {
      const close = word.indexOf("'", i + 1);
      const stop = close < 0 ? word.length : close;
      out += word.slice(i + 1, stop);
      i = stop;
    } else if (c === "$" && word[i + 1] === "'") {
      const stop = ansiCEnd(word, i + 2);
      out += ansiC(word.slice(i + 2, stop)).map((d) => d.c).join("");
      i = stop;
    } else if (c === '"' || (c === "$" && word[i + 1] === '"')) {
      let j = c === "$" ? i + 2 : i + 1;
      for (; j < word.length && word[j] !== '"'; j++) {
        if (word[j] === "\\" && j + 1 < word.length && '$`"\\\n'.includes(word[j + 1]!)) {
          if (word[j + 1] !== "\n") out += word[j + 1];
          j++;
        } else out += word[j];
      }
      i = j;
    } else out += c;
  }
  return out;
}
