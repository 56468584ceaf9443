// A path into a step's input as messages write it, the loader's at load and the engine's once the run's values are in.
import { HIDDEN_CHARS } from "../util/hidden-chars.ts";

/**
 * What a key cannot show as it is: a control character (a line break, a tab, an escape sequence a terminal obeys), a
 * line or paragraph separator, a character that reorders or hides text (bidi controls, zero-width ones: HIDDEN_CHARS). A
 * server's answer that makes a key (`headers: {"${H}": v}`) wrote lines of its own into the console and the reports: "✓ t9: passed".
 */
const UNSHOWABLE = new RegExp(String.raw`[\u0000-\u001f\u007f-\u009f\u2028\u2029${HIDDEN_CHARS}]`);
const BEYOND_JSON = new RegExp(String.raw`[\u007f-\u009f\u2028\u2029${HIDDEN_CHARS}]`, "g");

/** A key as JSON writes it, with the characters JSON leaves as they are but one cannot see written \uXXXX too. */
function quoted(key: string): string {
  return JSON.stringify(key).replace(BEYOND_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * A path as messages write it: `steps[0].http.expect.labels.version`; a key that is empty or holds a character one
 * cannot see as it is stands quoted, as JSON writes it: `headers["X\n✓ deploy"]`.
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else {
      const key = String(seg);
      out += key === "" || UNSHOWABLE.test(key) ? `[${quoted(key)}]` : out ? `.${key}` : key;
    }
  }
  return out;
}
