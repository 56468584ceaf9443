// `expect.json_schema` of the http step: validates a JSON body with ajv (required on first use), one check per violation.
import { decimalParts, type Check } from "../../expect/matcher.ts";
import { unicodeSource } from "../../expect/regex.ts";
import { clipAfter } from "../../util/clip.ts";
import { stringsAndKeysIn } from "../../util/strings-in.ts";
import { gaveUpText, mayGiveUp, testAnswer } from "../../util/regex-limit.ts";
import { draftOf, type Draft } from "./schema-typos.ts";
import type * as AjvModule from "ajv";

type Validator = ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string; keyword: string; params: Record<string, unknown> }[] | null };
type AjvLike = {
  compile(schema: unknown): Validator;
  validateSchema(schema: unknown): boolean;
  errors?: { instancePath: string; message?: string }[] | null;
  removeKeyword(keyword: string): unknown;
  addKeyword(def: unknown): unknown;
};
type Engine = "draft7" | "2019" | "2020";

const MAX_VIOLATIONS = 20;
/** Compiled schemas by their JSON: the load compiles each (refusing what ajv refuses) and the run takes it from here. */
const validators = new Map<string, Validator>();
const ajvs = new Map<Engine, AjvLike>();
/** draft-06 is validated by draft-07's ajv, as draft-07 (the keywords draft-07 added are refused at load: schema-typos.ts). */
const DRAFT_07 = "http://json-schema.org/draft-07/schema#";

/**
 * The patterns whose search may have given up during the validation under way, each with the text searched (ajv's
 * validators are synchronous: one runs at a time), or undefined outside one.
 */
let gaveUp: Map<string, string> | undefined;

/**
 * ajv's regular expressions: compiled as matchers compile theirs (`\-` is `-`: lib/expect/regex.ts), and a search that
 * answered "no match" only after the engine may have given up (Bun's stops after about a million backtracking steps and
 * answers no match: `not: {pattern: "^(a|a)*c|^a*b"}` passed on a text it matches) is noted, failing the check.
 */
function schemaRegExp(pattern: string, flags: string): { test(text: string): boolean; toString(): string } {
  const re = new RegExp(unicodeSource(pattern), flags);
  const timed = mayGiveUp(pattern);
  return {
    test(text: string): boolean {
      if (!timed) return re.test(text);
      const answer = testAnswer(re, text);
      if (answer === undefined && gaveUp && !gaveUp.has(pattern)) gaveUp.set(pattern, text);
      return answer ?? false;
    },
    // ajv keeps one per distinct text of this (its key in the compiled code's scope).
    toString: () => `/${pattern}/${flags}`,
  };
}

/**
 * `multipleOf` on the numbers as their decimal texts say (0.07 is 7 × 0.01, though 0.07 / 0.01 is 7.000000000000001 in
 * doubles), when both texts are short (at most 15 significant digits, which a double gives back as written); else as
 * ajv decides it, by division (a whole quotient).
 */
function isMultipleOf(x: number, m: number): boolean {
  const a = decimalParts(String(x));
  const b = decimalParts(String(m));
  if (a && b && b.digits !== "" && a.digits.length <= 15 && b.digits.length <= 15) {
    if (a.digits === "") return true;
    const exp = Math.min(a.exponent, b.exponent);
    return (BigInt(a.digits) * 10n ** BigInt(a.exponent - exp)) % (BigInt(b.digits) * 10n ** BigInt(b.exponent - exp)) === 0n;
  }
  return Number.isInteger(x / m);
}

/** One ajv instance per draft, required on first use (only a scenario with a json_schema loads ajv). */
function ajvFor(engine: Engine): AjvLike {
  let ajv = ajvs.get(engine);
  if (ajv) return ajv;
  const mod = (engine === "draft7" ? require("ajv") : engine === "2019" ? require("ajv/dist/2019.js") : require("ajv/dist/2020.js")) as typeof AjvModule;
  // Formats are annotations (the 2019+ default): an unknown `format` neither fails nor warns. Only a document's own
  // keys count (ownProperties): a body without `constructor` passed `required: [constructor]` on Object.prototype's.
  const opts = { allErrors: true, strict: false, validateFormats: false, logger: false, ownProperties: true, code: { regExp: schemaRegExp } } as const;
  ajv = new mod.default(opts as never) as unknown as AjvLike;
  const { _, str } = mod;
  ajv.removeKeyword("multipleOf");
  ajv.addKeyword({
    keyword: "multipleOf",
    type: "number",
    schemaType: "number",
    error: { message: ({ schemaCode }: { schemaCode: AjvModule.Code }) => str`must be multiple of ${schemaCode}`, params: ({ schemaCode }: { schemaCode: AjvModule.Code }) => _`{multipleOf: ${schemaCode}}` },
    code(cxt: AjvModule.KeywordCxt) {
      const f = cxt.gen.scopeValue("func", { ref: isMultipleOf });
      cxt.fail(_`!${f}(${cxt.data}, ${cxt.schemaCode})`);
    },
  });
  ajvs.set(engine, ajv);
  return ajv;
}

/** The ajv instance of a draft, and the schema as it compiles there (draft-06's as draft-07's). */
function target(schema: unknown, draft: Draft): { ajv: AjvLike; schema: unknown } {
  if (draft !== "draft6") return { ajv: ajvFor(draft), schema };
  return { ajv: ajvFor("draft7"), schema: { ...(schema as Record<string, unknown>), $schema: DRAFT_07 } };
}

/** The compiled schema, or why ajv refuses it (with the place in the schema when its meta-schema says). */
function compiled(schema: unknown): Validator | { path: string[]; message: string }[] {
  const key = JSON.stringify(schema);
  const known = validators.get(key);
  if (known) return known;
  const draft = draftOf(schema);
  if (typeof draft !== "string") return [{ path: ["$schema"], message: draft.error }];
  const t = target(schema, draft);
  try {
    if (!t.ajv.validateSchema(t.schema)) {
      const seen = new Set<string>();
      return (t.ajv.errors ?? []).flatMap((e) => {
        if (seen.has(e.instancePath)) return [];
        seen.add(e.instancePath);
        const path = pointerKeys(e.instancePath);
        return [{ path, message: `${path.at(-1) ?? "the schema"} ${e.message ?? "is invalid"}` }];
      });
    }
    const validate = t.ajv.compile(t.schema);
    validators.set(key, validate);
    return validate;
  } catch (e) {
    return [{ path: [], message: (e as Error).message }];
  }
}

/**
 * Why ajv refuses a json_schema, each with its place in the schema, for the load (and the input's check at a run's
 * attempt): none for a schema holding a `${…}` still (its value comes during the run: the step says what ajv refuses).
 */
export function compileIssues(schema: boolean | Record<string, unknown>): { path: string[]; message: string }[] {
  if (typeof schema === "boolean" || stringsAndKeysIn(schema).some((s) => s.includes("${"))) return [];
  const got = compiled(schema);
  return typeof got === "function" ? [] : got.map((i) => ({ path: i.path, message: `the schema is invalid: ${i.message}` }));
}

function describeError(e: NonNullable<Validator["errors"]>[number]): string {
  const extra = e.keyword === "additionalProperties" ? ` (${JSON.stringify(e.params.additionalProperty)})` : e.keyword === "enum" ? ` ${JSON.stringify(e.params.allowedValues)}` : "";
  return `${e.message ?? e.keyword}${extra}`;
}

/** The keys a JSON Pointer ("/data/0/id", its `~1` a "/" and its `~0` a "~") names, from the document down. */
function pointerKeys(pointer: string): string[] {
  return pointer === "" ? [] : pointer.slice(1).split("/").map((raw) => raw.replaceAll("~1", "/").replaceAll("~0", "~"));
}

/** The value at a JSON Pointer ("/data/0/id") in a document, or undefined. */
function atPointer(doc: unknown, pointer: string): unknown {
  let cur: unknown = doc;
  for (const key of pointerKeys(pointer)) {
    if (typeof cur !== "object" || cur === null || !Object.hasOwn(cur, key)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

const WHOLE = { path: "json_schema", expected: "matches the JSON schema" };

/**
 * Validates data against a JSON Schema: a passing check, or failed checks: one per violation, one per pattern whose
 * search may have given up, one for a body nested too deeply to validate; or an error for a schema ajv refuses (one
 * holding a `${…}` filled in during the run: the load refuses the others).
 */
export function checkJsonSchema(schema: unknown, data: unknown): { checks: Check[] } | { error: string } {
  const validate = compiled(schema);
  if (typeof validate !== "function") return { error: `invalid json_schema: ${validate.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ")}` };
  let valid: boolean;
  const lost = new Map<string, string>();
  gaveUp = lost;
  try {
    valid = validate(data);
  } catch (e) {
    // A recursive schema ($ref) walks the body as deep as it goes: lists in lists 50,000 deep ran out of stack.
    if (!(e instanceof RangeError && /call stack/i.test(e.message))) throw e;
    return { checks: [{ ...WHOLE, actual: "not known: the body is nested too deeply to check against the schema (the validator ran out of stack)", ok: false }] };
  } finally {
    gaveUp = undefined;
  }
  const notKnown: Check[] = [...lost].map(([pattern, text]) => ({ ...WHOLE, actual: gaveUpText(pattern, `the text ${JSON.stringify(clipAfter(text, 80))}`), ok: false }));
  if (valid) return { checks: notKnown.length ? notKnown : [{ ...WHOLE, actual: "valid", ok: true }] };
  const errors = validate.errors ?? [];
  const checks: Check[] = errors.slice(0, MAX_VIOLATIONS).map((e) => ({
    path: `json_schema ${e.instancePath || "/"}`,
    expected: describeError(e),
    actual: atPointer(data, e.instancePath),
    ok: false,
  }));
  if (errors.length > MAX_VIOLATIONS)
    checks.push({ path: "json_schema", expected: "no more violations", actual: `${errors.length - MAX_VIOLATIONS} more not shown`, ok: false });
  return { checks: [...checks, ...notKnown] };
}
