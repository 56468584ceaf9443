// Misspelt keywords in an inline JSON Schema: JSON Schema ignores a keyword it does not know, so `requried: [id]` checks nothing and passes.
import { didYouMean } from "../../util/did-you-mean.ts";

/** Keywords of drafts 7, 2019-09 and 2020-12, with the common annotations and OpenAPI's extras (never a typo of their own). */
const KEYWORDS = [
  "$schema", "$id", "$ref", "$defs", "$anchor", "$dynamicRef", "$dynamicAnchor", "$recursiveRef", "$recursiveAnchor", "$vocabulary", "$comment",
  "definitions", "type", "enum", "const", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
  "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "maxContains", "minContains",
  "maxProperties", "minProperties", "required", "dependentRequired", "dependencies", "properties", "patternProperties",
  "additionalProperties", "propertyNames", "unevaluatedProperties", "dependentSchemas", "items", "prefixItems", "additionalItems",
  "contains", "unevaluatedItems", "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "format",
  "contentEncoding", "contentMediaType", "contentSchema", "title", "description", "default", "examples", "example",
  "deprecated", "readOnly", "writeOnly", "nullable", "discriminator", "xml", "externalDocs",
];
const KNOWN: ReadonlySet<string> = new Set(KEYWORDS);

/** Keywords whose value is a schema, an array of schemas, or a mapping of names to schemas. */
const ONE = new Set(["additionalProperties", "propertyNames", "unevaluatedProperties", "contains", "unevaluatedItems", "additionalItems", "not", "if", "then", "else", "contentSchema", "items"]);
const MANY = new Set(["allOf", "anyOf", "oneOf", "prefixItems", "items"]);
const NAMED = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies"]);

const sorted = (w: string) => [...w.toLowerCase()].sort().join("");

/** A keyword with the same letters in another order (`tpye`): Levenshtein counts a swap as two edits. */
function swapped(key: string): string {
  const k = sorted(key);
  const hit = KEYWORDS.find((w) => w.length === key.length && sorted(w) === k);
  return hit ? ` (did you mean "${hit}"?)` : "";
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Keys of the schema (and its subschemas) that are no keyword but one edit or two away from one (`requried`,
 * `propertys`): each with its path in the schema and the keyword meant. Other unknown keys (`x-…`, a vendor's) stay allowed.
 */
export function schemaTypos(schema: unknown, path: (string | number)[] = []): { path: (string | number)[]; message: string }[] {
  if (!isObject(schema)) return [];
  const out: { path: (string | number)[]; message: string }[] = [];
  for (const [key, value] of Object.entries(schema)) {
    const at = [...path, key];
    if (!KNOWN.has(key)) {
      const hint = key.length >= 4 && !key.startsWith("x-") ? didYouMean(key, KEYWORDS) || swapped(key) : "";
      if (hint) out.push({ path: at, message: `unknown JSON Schema keyword "${key}"${hint}: JSON Schema ignores it, so it would check nothing` });
      continue;
    }
    if (ONE.has(key) && isObject(value)) out.push(...schemaTypos(value, at));
    if (MANY.has(key) && Array.isArray(value)) value.forEach((v, i) => out.push(...schemaTypos(v, [...at, i])));
    if (NAMED.has(key) && isObject(value)) for (const [name, sub] of Object.entries(value)) out.push(...schemaTypos(sub, [...at, name]));
  }
  return out;
}
