// A value as compose fills in its references (`$NAME`, `${NAME:-x}`…): an env file's values, as compose-go's template rules read them.

/** A name compose fills in: `$NAME`, or the start of `${NAME…}`. */
const COMPOSE_NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

/**
 * A value as compose fills it in (compose-go's template rules, each checked against `docker compose config`): `$$` is
 * `$`; `$NAME` and `${NAME}` are the value, empty when unset (compose warns); `${NAME:-x}` and `${NAME-x}` take x for an
 * unset (and, with the colon, empty) one; `${NAME:+x}` and `${NAME+x}` take x for a set (with the colon, non-empty) one;
 * `${NAME:?e}` and `${NAME?e}` are the value (compose stops when it is missing). x may hold references of its own,
 * `${A:-${B}}`, and braces, which pair up (`${A:-{a}b}` is `{a}b`). What is not a reference stays as it is.
 * `missing`, when given, is told each name `lookup` has no value for where compose takes the value itself (`$NAME`,
 * `${NAME}`, `${NAME?e}`), not a default or an alternative.
 */
export function composeInterpolated(value: string, lookup: (name: string) => string | undefined, missing?: (name: string) => void): string {
  if (!value.includes("$")) return value;
  let out = "";
  let i = 0;
  while (i < value.length) {
    const dollar = value.indexOf("$", i);
    if (dollar === -1) break;
    out += value.slice(i, dollar);
    i = dollar + 1;
    if (value[i] === "$") {
      out += "$";
      i++;
      continue;
    }
    COMPOSE_NAME.lastIndex = i;
    const bare = COMPOSE_NAME.exec(value);
    if (bare) {
      const v = lookup(bare[0]);
      if (v === undefined) missing?.(bare[0]);
      out += v ?? "";
      i = COMPOSE_NAME.lastIndex;
      continue;
    }
    const close = value[i] === "{" ? closingBrace(value, i) : -1;
    COMPOSE_NAME.lastIndex = i + 1;
    const named = close === -1 ? null : COMPOSE_NAME.exec(value);
    if (named === null || COMPOSE_NAME.lastIndex > close) {
      out += "$";
      continue;
    }
    const name = named[0];
    const rest = value.slice(COMPOSE_NAME.lastIndex, close);
    const op = /^:?[-+?]/.exec(rest)?.[0] ?? "";
    if (op === "" && rest !== "") {
      out += "$";
      continue;
    }
    const v = lookup(name);
    const word = rest.slice(op.length);
    const unset = op.startsWith(":") ? v === undefined || v === "" : v === undefined;
    if (op.endsWith("-")) out += unset ? composeInterpolated(word, lookup, missing) : v!;
    else if (op.endsWith("+")) out += unset ? "" : composeInterpolated(word, lookup, missing);
    else {
      if (v === undefined) missing?.(name);
      out += v ?? "";
    }
    i = close + 1;
  }
  return out + value.slice(i);
}

/** The index of the `}` that closes the `{` at `open`, braces pairing up inside; -1 when none does. */
function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let j = open; j < text.length; j++) {
    if (text[j] === "{") depth++;
    else if (text[j] === "}" && --depth === 0) return j;
  }
  return -1;
}
