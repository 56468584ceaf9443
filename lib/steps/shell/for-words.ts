// Warns of `for s in ${SERVICES}`, `select s in ${SERVICES}` and `arr=(${SERVICES})`: a reference is one word, so the loop runs once, over the whole value, where the author meant its words.
import type { Lookup } from "../../vars/interpolate.ts";
import { SCRIPT_REF_SOURCE } from "../../vars/descriptors.ts";

/** `for NAME in WORDS` or `select NAME in WORDS`, its list up to the end of the command (`;`, a new line, `&`, `|`). */
const FOR_LIST = /(?:^|[\s;&|({])(for|select)\s+([A-Za-z_][A-Za-z0-9_]*)\s+in\s+([^;\n&|]*)/g;
/** `NAME=(WORDS)` or `NAME+=(WORDS)`: an array's elements, to the closing parenthesis. */
const ARRAY_LIST = /(?:^|[\s;&|({])([A-Za-z_][A-Za-z0-9_]*)(\+?)=\(([^)]*)\)/g;
/** A scenario reference in the list, or the escape `$${` (bash's own `${`, no reference: its name is undefined), as the runner reads them. */
const REF = new RegExp(SCRIPT_REF_SOURCE, "g");

/** The names of the list's references written without quotes whose value holds whitespace (bash gets each as one word). */
function oneWordRefs(list: string, lookup: Lookup): string[] {
  const out: string[] = [];
  for (const ref of list.matchAll(REF)) {
    if (ref[1] === undefined) continue;
    // The double quotes and single quotes before it: an odd count of either, and the author quoted it.
    const before = list.slice(0, ref.index);
    if ((before.match(/"/g)?.length ?? 0) % 2 === 1 || (before.match(/'/g)?.length ?? 0) % 2 === 1) continue;
    const value = lookup(ref[1]!);
    if (value !== undefined && /\s/.test(value.trim())) out.push(ref[1]!);
  }
  return out;
}

/**
 * The warnings for a script's `for` and `select` loops whose word list, and its arrays whose elements, hold a reference
 * written without quotes to a value with whitespace: bash gets the value as one word (docs/steps/shell.md, Variables
 * and quoting), so `for s in ${SERVICES}` with SERVICES "api worker" ran its body once, with s "api worker", and a check
 * of each service's log checked none; `arr=(${SERVICES})` made one element. The value is not shown (it may be a secret).
 */
export function forWordsWarnings(script: string, lookup: Lookup): string[] {
  if (!script.includes("${") || !/for|select|=\(/.test(script)) return [];
  const warnings: string[] = [];
  for (const loop of script.matchAll(FOR_LIST)) {
    const [, keyword, variable, list] = loop as unknown as [string, string, string, string];
    for (const name of oneWordRefs(list, lookup)) {
      warnings.push(
        keyword === "for"
          ? `for ${variable} in \${${name}} loops once, over the whole value (${name} holds whitespace; a reference is one word): to loop over its words, write for ${variable} in $${name}`
          : `select ${variable} in \${${name}} offers one choice, the whole value (${name} holds whitespace; a reference is one word): to offer its words, write select ${variable} in $${name}`,
      );
    }
  }
  for (const array of script.matchAll(ARRAY_LIST)) {
    const [, variable, plus, list] = array as unknown as [string, string, string, string];
    for (const name of oneWordRefs(list, lookup))
      warnings.push(`${variable}${plus}=(\${${name}}) makes one element, the whole value (${name} holds whitespace; a reference is one word): to make an element of each word, write ${variable}${plus}=($${name})`);
  }
  return warnings;
}
