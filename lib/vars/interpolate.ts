// ${NAME} and ${NAME:-default} interpolation into text (bash command lines use shell-refs.ts instead), and shell quoting for display.

/** Matches ${NAME} and ${NAME:-default}; `$${` escapes a literal "${". */
const REF = /\$\$\{|\$\{([^}:]*)(?::-([^}]*))?\}/g;
/** A variable name: under `vars:`, in `capture:`, inside ${…}. */
export const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface VarRef {
  name: string;
  hasDefault: boolean;
  /** Offset of the "${" in the text. */
  offset: number;
  /** Set when the reference is malformed. */
  error?: string;
}

/** The value a reference stands for: the variable's, or its default when it has none or (as `:-` in bash and compose) an empty one. */
export function refValue(lookup: Lookup, name: string, def: string | undefined): string | undefined {
  const found = lookup(name);
  return found === undefined || (found === "" && def !== undefined) ? def : found;
}

/** Lists the variable references in a text, in order. */
export function findRefs(text: string): VarRef[] {
  const refs: VarRef[] = [];
  for (const m of text.matchAll(REF)) {
    if (m[0] === "$${") continue;
    const name = m[1]!;
    const ref: VarRef = { name, hasDefault: m[2] !== undefined, offset: m.index };
    if (!VAR_NAME.test(name)) ref.error = `invalid variable name ${JSON.stringify(name)} in "${m[0]}": use letters, digits and _`;
    // `${A:-${B}}` read as the default "${B" and a stray "}": the value ran with text no one wrote.
    else if (m[2]?.includes("${")) ref.error = `a default cannot hold another reference ("${m[0]}}"): give the default as text, or set ${name} from ${m[2].slice(2)} under vars:`;
    refs.push(ref);
  }
  return refs;
}

/** Quotes a value for bash so that it is always one literal word. */
export function shellQuote(value: string): string {
  if (value !== "" && /^[A-Za-z0-9_./:=@%+,-]+$/.test(value)) return value;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

export type Lookup = (name: string) => string | undefined;

/**
 * Replaces references using lookup. Unknown names without a default are left as written
 * (the loader reports them; at run time, a capture never made fails the attempt first: engine/attempt.ts).
 */
export function interpolate(text: string, lookup: Lookup): string {
  if (!text.includes("${")) return text;
  return text.replace(REF, (whole, name: string | undefined, def: string | undefined) => {
    if (whole === "$${") return "${";
    const value = refValue(lookup, name!, def);
    if (value === undefined) return whole;
    return value;
  });
}

/**
 * Every string inside a JSON-like value (mapping keys included) with each reference to one of `names` written `${NAME}`,
 * its default dropped: for names whose value comes only at run time (a capture), which the default would not be.
 */
export function withoutDefaults(value: unknown, names: ReadonlySet<string>): unknown {
  if (names.size === 0) return value;
  if (typeof value === "string") return value.includes("${") ? value.replace(REF, (whole, name: string | undefined) => (name !== undefined && names.has(name) ? `\${${name}}` : whole)) : value;
  if (Array.isArray(value)) return value.map((v) => withoutDefaults(v, names));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [withoutDefaults(k, names) as string, withoutDefaults(v, names)]));
  }
  return value;
}

/** Interpolates every string inside a JSON-like value, mapping keys included, except top-level fields listed in skip. */
export function interpolateDeep(value: unknown, lookup: Lookup, skip: readonly string[] = []): unknown {
  if (typeof value === "string") return interpolate(value, lookup);
  if (Array.isArray(value)) return value.map((v) => interpolateDeep(v, lookup));
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (skip.includes(k)) out[k] = v;
      else out[interpolate(k, lookup)] = interpolateDeep(v, lookup);
    }
    return out;
  }
  return value;
}
