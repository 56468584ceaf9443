// Warns of `for s in ${SERVICES}`: a reference is one word, so the loop runs once, over the whole value, where the author meant its words.
import type { Lookup } from "../../vars/interpolate.ts";

/** `for NAME in WORDS`, its list up to the end of the command (`;`, a new line, `&`, `|`). */
const FOR_LIST = /(?:^|[\s;&|({])for\s+([A-Za-z_][A-Za-z0-9_]*)\s+in\s+([^;\n&|]*)/g;
/** A scenario reference in the list, and the double quotes before it (an odd count: the author quoted it). */
const REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-[^}]*)?\}/g;

/**
 * The warnings for a script's `for` loops whose word list holds a reference written without quotes to a value with
 * whitespace: bash gets the value as one word (docs/steps/shell.md, Variables and quoting), so `for s in ${SERVICES}`
 * with SERVICES "api worker" ran its body once, with s "api worker", and a check of each service's log checked none.
 * The value is not shown (it may be a secret).
 */
export function forWordsWarnings(script: string, lookup: Lookup): string[] {
  if (!script.includes("for") || !script.includes("${")) return [];
  const warnings: string[] = [];
  for (const loop of script.matchAll(FOR_LIST)) {
    const [, variable, list] = loop as unknown as [string, string, string];
    for (const ref of list.matchAll(REF)) {
      const before = list.slice(0, ref.index);
      if ((before.match(/"/g)?.length ?? 0) % 2 === 1 || (before.match(/'/g)?.length ?? 0) % 2 === 1) continue;
      const name = ref[1]!;
      const value = lookup(name);
      if (value === undefined || !/\s/.test(value.trim())) continue;
      warnings.push(`for ${variable} in \${${name}} loops once, over the whole value (${name} holds whitespace; a reference is one word): to loop over its words, write for ${variable} in $${name}`);
    }
  }
  return warnings;
}
