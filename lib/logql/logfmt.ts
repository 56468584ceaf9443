// The `logfmt` parser stage: key=value pairs (quoted values unescaped), with Loki's --strict and --keep-empty flags.

export interface LogfmtPair {
  key: string;
  value: string;
}

/**
 * Scans a logfmt line. Without `strict`, malformed pairs (`=value`, `foo=bar=baz`, `fo"o=bar`) are skipped and
 * scanning goes on; with it, scanning stops at the first malformed pair and `error` says where.
 * A standalone key (`flag`) or `key=` has an empty value. With `onPair`, pairs go to it instead of the result,
 * and it returning false stops the scan (errors after that point are not seen).
 */
export function scanLogfmt(line: string, strict: boolean, onPair?: (key: string, value: string) => boolean | void): { pairs: LogfmtPair[]; error?: string } {
  const list: LogfmtPair[] = [];
  let stopped = false;
  const pairs = {
    push(p: LogfmtPair) {
      if (onPair) {
        if (onPair(p.key, p.value) === false) stopped = true;
      } else list.push(p);
    },
  };
  const n = line.length;
  let i = 0;
  let error: string | undefined;
  const fail = (at: number, msg: string) => {
    // Go counts bytes.
    error = `logfmt syntax error at pos ${Buffer.byteLength(line.slice(0, at)) + 1} : ${msg}`;
  };
  const skipToSpace = () => {
    while (i < n && line.charCodeAt(i) > 32) i++;
  };
  while (i < n && !stopped) {
    while (i < n && line.charCodeAt(i) <= 32) i++; // garbage before a key
    if (i >= n) break;
    // key
    const keyStart = i;
    let bad = false;
    while (i < n) {
      const c = line.charCodeAt(i);
      if (c === 61 || c <= 32) break; // '=' or space
      if (c === 34) {
        fail(i, 'unexpected \'"\'');
        bad = true;
        break;
      }
      i++;
    }
    if (bad) {
      skipToSpace();
      if (strict) break;
      continue;
    }
    const key = line.slice(keyStart, i);
    if (i >= n || line.charCodeAt(i) !== 61) {
      pairs.push({ key, value: "" }); // standalone key
      continue;
    }
    if (!key) {
      fail(i, "unexpected '='");
      skipToSpace();
      if (strict) break;
      continue;
    }
    i++; // '='
    if (i >= n || line.charCodeAt(i) <= 32) {
      pairs.push({ key, value: "" });
      continue;
    }
    if (line.charCodeAt(i) === 34) {
      // quoted value
      const qStart = i;
      let esc = false;
      let hasEsc = false;
      let end = -1;
      for (let j = i + 1; j < n; j++) {
        const c = line.charCodeAt(j);
        if (esc) esc = false;
        else if (c === 92) esc = hasEsc = true;
        else if (c === 34) {
          end = j;
          break;
        }
      }
      if (end === -1) {
        i = n;
        fail(n, "unterminated quoted value"); // Go reports it just past the end of the line
        break;
      }
      i = end + 1;
      let value = line.slice(qStart + 1, end);
      if (hasEsc) {
        const un = unquoteLogfmt(line.slice(qStart, end + 1));
        if (un === undefined) {
          fail(end + 1, "invalid quoted value"); // Go reports it past the closing quote
          if (strict) break;
          continue;
        }
        value = un;
      }
      pairs.push({ key, value });
      continue;
    }
    const valStart = i;
    while (i < n) {
      const c = line.charCodeAt(i);
      if (c <= 32) break;
      if (c === 61 || c === 34) {
        fail(i, `unexpected ${c === 61 ? "'='" : "'\"'"}`);
        bad = true;
        break;
      }
      i++;
    }
    if (bad) {
      skipToSpace();
      if (strict) break;
      continue;
    }
    pairs.push({ key, value: line.slice(valStart, i) });
  }
  return strict ? { pairs: list, error } : { pairs: list };
}

/**
 * Unquotes a logfmt "…" value as Loki's logfmt decoder does (its unquoteBytes, encoding/json's): the JSON escapes and
 * `\'`, raw control characters kept, and a `\u` surrogate that starts no valid pair read as U+FFFD (JavaScript's
 * JSON.parse keeps it as a lone surrogate). Undefined for a bad escape or an unescaped quote.
 */
function unquoteLogfmt(q: string): string | undefined {
  if (q.length < 2 || q[0] !== '"' || q[q.length - 1] !== '"') return undefined;
  const s = q.slice(1, -1);
  const u4 = (at: number): number => (s[at] === "\\" && s[at + 1] === "u" && /^[0-9A-Fa-f]{4}$/.test(s.slice(at + 2, at + 6)) ? parseInt(s.slice(at + 2, at + 6), 16) : -1);
  const simple: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", "'": "'", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
  let out = "";
  for (let r = 0; r < s.length; ) {
    const c = s[r]!;
    if (c === '"') return undefined;
    if (c !== "\\") {
      out += c;
      r++;
      continue;
    }
    const e = s[r + 1];
    if (e === undefined) return undefined;
    if (Object.hasOwn(simple, e)) {
      out += simple[e];
      r += 2;
      continue;
    }
    if (e !== "u") return undefined;
    const rr = u4(r);
    if (rr < 0) return undefined;
    r += 6;
    if (rr < 0xd800 || rr > 0xdfff) {
      out += String.fromCharCode(rr);
      continue;
    }
    // utf16.DecodeRune: a high surrogate and a low one make a character (both escapes read); else U+FFFD, the first only.
    const rr1 = u4(r);
    if (rr < 0xdc00 && rr1 >= 0xdc00 && rr1 < 0xe000) {
      out += String.fromCharCode(rr, rr1);
      r += 6;
    } else out += "\ufffd";
  }
  return out;
}
