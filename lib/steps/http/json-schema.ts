// `expect.json_schema` of the http step: validates a JSON body with ajv (imported on first use), one check per violation.
import type { Check } from "../../expect/matcher.ts";

type Validator = ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string; keyword: string; params: Record<string, unknown> }[] | null };
type AjvLike = { compile(schema: unknown): Validator };

const MAX_VIOLATIONS = 20;
const validators = new Map<string, Validator>();
type Draft = "draft7" | "2019" | "2020";
const ajvs = new Map<Draft, Promise<AjvLike>>();

/** One ajv instance per draft, imported on first use. */
function ajvFor(draft: Draft): Promise<AjvLike> {
  let ajv = ajvs.get(draft);
  if (!ajv) {
    // Formats are annotations (the 2019+ default): an unknown `format` neither fails nor warns. Only a document's own
    // keys count (ownProperties): a body without `constructor` passed `required: [constructor]` on Object.prototype's.
    const opts = { allErrors: true, strict: false, validateFormats: false, logger: false, ownProperties: true } as const;
    const mod = draft === "draft7" ? import("ajv") : draft === "2019" ? import("ajv/dist/2019.js") : import("ajv/dist/2020.js");
    ajv = mod.then((m) => new m.default(opts) as AjvLike);
    ajvs.set(draft, ajv);
  }
  return ajv;
}

/** Picks the draft from `$schema` (draft-06/07, 2019-09), default 2020-12. */
function draftOf(schema: unknown): Draft | { error: string } {
  const id = typeof schema === "object" && schema !== null ? (schema as { $schema?: unknown }).$schema : undefined;
  if (typeof id !== "string") return "2020";
  if (/draft-0[67]/.test(id)) return "draft7";
  if (/2019-09/.test(id)) return "2019";
  if (/2020-12/.test(id)) return "2020";
  return { error: `unsupported $schema ${JSON.stringify(id)}: use draft-07, 2019-09 or 2020-12 (the default)` };
}

/** The value at a JSON Pointer ("/data/0/id") in a document, or undefined. */
function atPointer(doc: unknown, pointer: string): unknown {
  if (pointer === "") return doc;
  let cur: unknown = doc;
  for (const raw of pointer.slice(1).split("/")) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (typeof cur !== "object" || cur === null || !Object.hasOwn(cur, key)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function describeError(e: NonNullable<Validator["errors"]>[number]): string {
  const extra = e.keyword === "additionalProperties" ? ` (${JSON.stringify(e.params.additionalProperty)})` : e.keyword === "enum" ? ` ${JSON.stringify(e.params.allowedValues)}` : "";
  return `${e.message ?? e.keyword}${extra}`;
}

/** Validates data against a JSON Schema: a passing check, one failed check per violation, or an error for a bad schema. */
export async function checkJsonSchema(schema: unknown, data: unknown): Promise<{ checks: Check[] } | { error: string }> {
  const key = JSON.stringify(schema);
  let validate = validators.get(key);
  if (!validate) {
    const draft = draftOf(schema);
    if (typeof draft !== "string") return { error: `invalid json_schema: ${draft.error}` };
    try {
      validate = (await ajvFor(draft)).compile(schema);
    } catch (e) {
      return { error: `invalid json_schema: ${(e as Error).message}` };
    }
    validators.set(key, validate);
  }
  if (validate(data)) return { checks: [{ path: "json_schema", expected: "matches the JSON schema", actual: "valid", ok: true }] };
  const errors = validate.errors ?? [];
  const checks: Check[] = errors.slice(0, MAX_VIOLATIONS).map((e) => ({
    path: `json_schema ${e.instancePath || "/"}`,
    expected: describeError(e),
    actual: atPointer(data, e.instancePath),
    ok: false,
  }));
  if (errors.length > MAX_VIOLATIONS)
    checks.push({ path: "json_schema", expected: "no more violations", actual: `${errors.length - MAX_VIOLATIONS} more not shown`, ok: false });
  return { checks };
}
