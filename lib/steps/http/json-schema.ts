// `expect.json_schema` of the http step: validates a JSON body with ajv (required on first use), one check per violation.
import { decimalParts, isPlainObject, readValue, roundedValueText, roundingDecides, sameDecimal, writtenValue, type Check } from "../../expect/matcher.ts";
import { unicodeSource } from "../../expect/regex.ts";
import { EXACT_LIMIT } from "../../expect/written-numbers.ts";
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
  getKeyword(keyword: string): unknown;
  RULES: { rules: { rules: { keyword: string }[] }[] };
};
type ViolationError = NonNullable<Validator["errors"]>[number] & { schemaPath: string };
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
 * doubles), when both texts are short (at most 15 significant digits, which a double gives back as written) or the
 * number is beyond 2^53 (a whole number, exactly); else as ajv decides it, by division (a whole quotient).
 */
function isMultipleOf(x: number, m: number): boolean {
  // Beyond 2^53 a double is a whole number, BigInt its exact value: 2^60 is no multiple of 3, though 2^60 / 3 reads whole.
  const whole = Number.isInteger(x) && Math.abs(x) >= EXACT_LIMIT;
  const a = decimalParts(whole ? BigInt(x).toString() : String(x));
  const b = decimalParts(String(m));
  if (a && b && b.digits !== "" && (whole || a.digits.length <= 15) && b.digits.length <= 15) {
    if (a.digits === "") return true;
    const exp = Math.min(a.exponent, b.exponent);
    return (BigInt(a.digits) * 10n ** BigInt(a.exponent - exp)) % (BigInt(b.digits) * 10n ** BigInt(b.exponent - exp)) === 0n;
  }
  return Number.isInteger(x / m);
}

/** The keywords that compare a body's number with the schema's or with another of the body's. */
const COMPARING = ["const", "enum", "maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum", "multipleOf", "uniqueItems"] as const;

/** A comparison the validation under way made that the rounding of a number could decide, at a place in the body. */
interface Rounded {
  keyword: string;
  /** The JSON Pointer of the body's value compared. */
  pointer: string;
  /** Where in the schema the keyword is (ajv's schemaPath of its errors). */
  schemaPath: string;
  /** The keyword's value in the schema. */
  schema: unknown;
  /** Beyond a double's range (read as Infinity), not beyond 2^53. */
  range: boolean;
}

/** The comparisons of the validation under way that rounding could decide, by pointer and schema path (as gaveUp). */
let rounded: Map<string, Rounded> | undefined;

/**
 * Whether two JSON values may be equal or not for all their doubles tell: equal where neither holds a number a double
 * does not hold, else alike but for such numbers, which rounding could make equal or not (9007199254740993 and …992 are
 * one double; 1e400 and 1e401 are Infinity). "rounding" or "range" then, as the first such number is; else undefined
 * (decided: equal, or not alike).
 */
function roundingEqual(a: unknown, b: unknown): "rounding" | "range" | undefined {
  let why: "rounding" | "range" | undefined;
  const alike = (x: unknown, y: unknown): boolean => {
    if (typeof x === "number" && typeof y === "number") {
      if (!Number.isFinite(x) || !Number.isFinite(y)) {
        if (x !== y) return false;
        why ??= "range";
        return true;
      }
      if (x === y && Math.abs(x) < EXACT_LIMIT) return true;
      if (x !== y && !roundingDecides(x, y)) return false;
      why ??= "rounding";
      return true;
    }
    if (Array.isArray(x) && Array.isArray(y)) return x.length === y.length && x.every((v, i) => alike(v, y[i]));
    if (isPlainObject(x) && isPlainObject(y)) {
      const keys = Object.keys(x);
      return keys.length === Object.keys(y).length && keys.every((k) => Object.hasOwn(y, k) && alike(x[k], y[k]));
    }
    return x === y;
  };
  return alike(a, b) ? why : undefined;
}

/** Whether a JSON value holds a number rounding could make equal to another (within 4 of 2^53 or beyond, or infinite). */
function holdsLoose(v: unknown): boolean {
  if (typeof v === "number") return !Number.isFinite(v) || Math.abs(v) >= EXACT_LIMIT - 4;
  if (Array.isArray(v)) return v.some(holdsLoose);
  if (isPlainObject(v)) return Object.values(v).some(holdsLoose);
  return false;
}

/** Two items of a list rounding could make equal or not (uniqueItems), as roundingEqual says, or undefined. */
function roundingDuplicate(items: unknown[]): "rounding" | "range" | undefined {
  const loose = items.filter(holdsLoose);
  if (loose.length === 0) return undefined;
  // Numbers, sorted: two that rounding could make equal lie side by side. Lists and mappings: pairwise, as ajv compares them.
  const numbers = items.filter((v): v is number => typeof v === "number").sort((x, y) => x - y);
  for (let i = 1; i < numbers.length; i++) {
    const why = roundingEqual(numbers[i - 1], numbers[i]);
    if (why) return why;
  }
  const nested = loose.filter((v) => typeof v === "object" && v !== null);
  for (let i = 0; i < nested.length; i++) {
    for (let j = i + 1; j < nested.length; j++) {
      const why = roundingEqual(nested[i], nested[j]);
      if (why) return why;
    }
  }
  return undefined;
}

/** Whether the rounding of a number a double does not hold could decide the keyword on the data: how, or undefined. */
function roundingIn(keyword: string, data: unknown, schema: unknown): "rounding" | "range" | undefined {
  if (typeof data !== "object" && typeof data !== "number") return undefined;
  switch (keyword) {
    case "const":
      return holdsLoose(data) ? roundingEqual(data, schema) : undefined;
    case "enum":
      if (!holdsLoose(data) || !Array.isArray(schema)) return undefined;
      for (const allowed of schema) {
        const why = roundingEqual(data, allowed);
        if (why) return why;
      }
      return undefined;
    case "uniqueItems":
      return schema === true && Array.isArray(data) ? roundingDuplicate(data) : undefined;
    case "multipleOf":
      // A number beyond 2^53 reads as an even one (9007199254740993 as …992); one beyond the range as Infinity.
      if (typeof data !== "number") return undefined;
      return !Number.isFinite(data) ? "range" : Math.abs(data) >= EXACT_LIMIT ? "rounding" : undefined;
    default:
      // A bound: against a finite bound, Infinity's order is its true value's.
      return typeof data === "number" && typeof schema === "number" && roundingDecides(data, schema) ? "rounding" : undefined;
  }
}

/** Notes a comparison rounding could decide (the code of each COMPARING keyword calls it, with its place). */
function noteRounding(keyword: string, data: unknown, schema: unknown, pointer: string, schemaPath: string): void {
  if (!rounded) return;
  const why = roundingIn(keyword, data, schema);
  if (why === undefined) return;
  const key = `${pointer}\u0000${schemaPath}`;
  if (!rounded.has(key)) rounded.set(key, { keyword, pointer, schemaPath, schema, range: why === "range" });
}

/**
 * Has a keyword of ajv note, after its own code, each comparison that the rounding of a number could decide: its
 * definition is ajv's (or ours, multipleOf), put back where it was among the keywords, so errors keep their order.
 */
function watchRounding(ajv: AjvLike, keyword: string, mod: typeof AjvModule): void {
  const def = ajv.getKeyword(keyword) as AjvModule.CodeKeywordDefinition;
  const group = ajv.RULES.rules.find((g) => g.rules.some((r) => r.keyword === keyword))?.rules ?? [];
  const next = group[group.findIndex((r) => r.keyword === keyword) + 1]?.keyword;
  const { strConcat } = require("ajv/dist/compile/codegen") as typeof import("ajv/dist/compile/codegen");
  const names = (require("ajv/dist/compile/names") as typeof import("ajv/dist/compile/names")).default;
  const { _ } = mod;
  ajv.removeKeyword(keyword);
  ajv.addKeyword({
    ...def,
    keyword,
    ...(next === undefined ? {} : { before: next }),
    code(cxt: AjvModule.KeywordCxt) {
      const note = cxt.gen.scopeValue("func", { ref: noteRounding });
      const pointer = strConcat(names.instancePath, cxt.it.errorPath);
      const { data } = cxt;
      def.code(cxt);
      // Only a number within 4 of 2^53 or beyond (or infinite), a list or a mapping may hold one: the rest go on at once.
      cxt.gen.if(_`typeof ${data} == "number" ? !(Math.abs(${data}) < ${EXACT_LIMIT - 4}) : typeof ${data} == "object" && ${data} !== null`, () =>
        cxt.gen.code(_`${note}(${keyword}, ${data}, ${cxt.schemaCode}, ${pointer}, ${`${cxt.it.errSchemaPath}/${keyword}`})`),
      );
    },
  });
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
  for (const keyword of COMPARING) watchRounding(ajv, keyword, mod);
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

/** ajv's comparison in the message of each bound. */
const COMPARISON: Record<string, string> = { maximum: "<=", minimum: ">=", exclusiveMaximum: "<", exclusiveMinimum: ">" };

/** A violation as a check's expected condition: ajv's message, with the schema's numbers as the scenario wrote them. */
function describeError(e: NonNullable<Validator["errors"]>[number]): string {
  if (e.keyword in COMPARISON && typeof e.params.limit === "number") return `must be ${COMPARISON[e.keyword]} ${writtenValue(e.params.limit)}`;
  if (e.keyword === "multipleOf" && typeof e.params.multipleOf === "number") return `must be multiple of ${writtenValue(e.params.multipleOf)}`;
  const extra = e.keyword === "additionalProperties" ? ` (${JSON.stringify(e.params.additionalProperty)})` : e.keyword === "enum" ? ` ${writtenValue(e.params.allowedValues)}` : "";
  return `${e.message ?? e.keyword}${extra}`;
}

/** A comparison rounding could decide, as a check's expected condition: in ajv's words, the schema's value as written. */
function roundedExpected(r: Rounded): string {
  if (r.keyword === "const") return `must be equal to constant ${writtenValue(r.schema)}`;
  if (r.keyword === "enum") return `must be equal to one of the allowed values ${writtenValue(r.schema)}`;
  if (r.keyword === "uniqueItems") return "must NOT have duplicate items";
  if (r.keyword === "multipleOf") return `must be multiple of ${writtenValue(r.schema)}`;
  return `must be ${COMPARISON[r.keyword]} ${writtenValue(r.schema)}`;
}

/** Keywords whose violation at a place is decided by the value there alone, not by the answers of subschemas. */
const LEAF: ReadonlySet<string> = new Set([
  "type", "nullable", "required", "minLength", "maxLength", "pattern", "format", "minItems", "maxItems", "minProperties", "maxProperties",
  "dependentRequired", "dependencies", "additionalProperties", "additionalItems", "false schema", ...COMPARING,
]);

/**
 * The place in the body (its keys) whose subschemas' answers a violation hangs on, or undefined when it hangs on none:
 * a leaf keyword reached from the root through properties, items and allOf alone holds whatever another keyword
 * answered; one under anyOf, not, if, a $ref… (or such a keyword's own error) holds only as that keyword decided.
 */
function branchAt(e: ViolationError): string[] | undefined {
  const segs = e.schemaPath.replace(/^#\/?/, "").split("/");
  const keys = pointerKeys(e.instancePath);
  let depth = 0;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!;
    if (i === segs.length - 1) return LEAF.has(seg) ? undefined : keys.slice(0, depth);
    if (seg === "properties" || seg === "patternProperties") i++;
    else if (seg === "items" || seg === "prefixItems") {
      if (/^\d+$/.test(segs[i + 1]!)) i++;
    } else if (seg === "allOf") {
      i++;
      continue;
    } else if (seg !== "additionalProperties") return keys.slice(0, depth);
    depth++;
  }
  return keys.slice(0, depth);
}

/** Whether a violation may be one only because of a comparison rounding decided (it is, or it hangs on one). */
function hangsOnRounding(e: ViolationError, notes: readonly Rounded[]): boolean {
  if (notes.some((r) => r.pointer === e.instancePath && r.schemaPath === e.schemaPath)) return true;
  const at = branchAt(e);
  return at !== undefined && notes.some((r) => at.every((key, i) => pointerKeys(r.pointer)[i] === key));
}

/** JSON.rawJSON and JSON.isRawJSON (JSON.parse source text access; TypeScript's lib does not declare them yet). */
const RAW = JSON as unknown as { rawJSON?: (source: string) => { rawJSON: string }; isRawJSON?: (v: unknown) => v is { rawJSON: string } };

/** A JSON number whose digits its double may not be: beyond 2^53, or beyond a double's range. */
const isLoose = (v: unknown) => typeof v === "number" && (!Number.isFinite(v) || Math.abs(v) >= EXACT_LIMIT);

/**
 * The body read again with each such number kept as written (JSON.rawJSON), to decide and show them; undefined where
 * there is no text, or no JSON.rawJSON.
 */
function writtenDocument(text: string | undefined): unknown {
  const raw = RAW.rawJSON;
  if (text === undefined || raw === undefined || RAW.isRawJSON === undefined) return undefined;
  const reviver = (_key: string, value: unknown, context?: { source?: string }) => (isLoose(value) && context?.source !== undefined ? raw(context.source) : value);
  return JSON.parse(text, reviver as (key: string, value: unknown) => unknown);
}

/** Whether a number of the body's text (a JSON.rawJSON of writtenDocument) is its double exactly: 1e20, 9007199254740992, not …993. */
function exactRaw(raw: { rawJSON: string }): boolean {
  const n = Number(raw.rawJSON);
  const written = decimalParts(raw.rawJSON);
  return Number.isInteger(n) && written !== undefined && sameDecimal(written, decimalParts(BigInt(n).toString())!);
}

/** Whether every number beyond 2^53 (or a double's range) in a value of writtenDocument is its double exactly. */
function exactlyHeld(v: unknown): boolean {
  if (RAW.isRawJSON?.(v)) return exactRaw(v);
  if (Array.isArray(v)) return v.every(exactlyHeld);
  if (isPlainObject(v)) return Object.values(v).every(exactlyHeld);
  return true;
}

/** Whether a JSON value holds a number beyond 2^53 (a schema's: which digits were written, its double cannot say). */
const holdsBig = (v: unknown): boolean =>
  typeof v === "number" ? Math.abs(v) >= EXACT_LIMIT : Array.isArray(v) ? v.some(holdsBig) : isPlainObject(v) ? Object.values(v).some(holdsBig) : false;

/**
 * Whether a comparison noted as one rounding could decide was decided all the same: the body's numbers there are their
 * doubles exactly (its text says: 1e20, 9007199254740992), and what they were compared with is too (another of them, a
 * whole number for multipleOf, or a schema number below 2^53).
 */
function decidedAsWritten(r: Rounded, doc: unknown): boolean {
  if (doc === undefined || r.range || !exactlyHeld(atPointer(doc, r.pointer))) return false;
  return r.keyword === "uniqueItems" || !holdsBig(r.schema);
}

/** The failed check of a comparison rounding could decide: the value with its digits as the body wrote them, and why. */
function roundedCheck(r: Rounded, data: unknown, doc: unknown): Check {
  const value = atPointer(data, r.pointer);
  const asWritten = doc === undefined ? undefined : JSON.stringify(atPointer(doc, r.pointer));
  const read = readValue(value);
  return { path: `json_schema ${r.pointer || "/"}`, expected: roundedExpected(r), actual: roundedValueText(asWritten ?? read, read, r.range), ok: false };
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
 * Validates data against a JSON Schema: a passing check, or failed checks: one per violation, one per comparison the
 * rounding of a number could decide (a number beyond 2^53 or a double's range, in the body or the schema: the json
 * matcher's undecided, docs/format.md; the violations that hang on it are not listed), one per pattern whose search may
 * have given up, one for a body nested too deeply to validate; or an error for a schema ajv refuses (one holding a `${…}`
 * filled in during the run: the load refuses the others). `text`: the body, to show its numbers as written.
 */
export function checkJsonSchema(schema: unknown, data: unknown, text?: string): { checks: Check[] } | { error: string } {
  const validate = compiled(schema);
  if (typeof validate !== "function") return { error: `invalid json_schema: ${validate.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ")}` };
  let valid: boolean;
  const lost = new Map<string, string>();
  const notes = new Map<string, Rounded>();
  gaveUp = lost;
  rounded = notes;
  try {
    valid = validate(data);
  } catch (e) {
    // A recursive schema ($ref) walks the body as deep as it goes: lists in lists 50,000 deep ran out of stack.
    if (!(e instanceof RangeError && /call stack/i.test(e.message))) throw e;
    return { checks: [{ ...WHOLE, actual: "not known: the body is nested too deeply to check against the schema (the validator ran out of stack)", ok: false }] };
  } finally {
    gaveUp = undefined;
    rounded = undefined;
  }
  const notKnown: Check[] = [...lost].map(([pattern, text]) => ({ ...WHOLE, actual: gaveUpText(pattern, `the text ${JSON.stringify(clipAfter(text, 80))}`), ok: false }));
  // The body's text, read again only when a comparison was noted: its numbers as written, to decide and to show.
  const doc = notes.size ? writtenDocument(text) : undefined;
  const standing = [...notes.values()].filter((r) => !decidedAsWritten(r, doc));
  const undecided = standing.slice(0, MAX_VIOLATIONS).map((r) => roundedCheck(r, data, doc));
  if (standing.length > MAX_VIOLATIONS)
    undecided.push({ path: "json_schema", expected: "no more comparisons that cannot be decided", actual: `${standing.length - MAX_VIOLATIONS} more not shown`, ok: false });
  if (valid) return { checks: undecided.length || notKnown.length ? [...undecided, ...notKnown] : [{ ...WHOLE, actual: "valid", ok: true }] };
  const all = (validate.errors ?? []) as ViolationError[];
  const errors = standing.length ? all.filter((e) => !hangsOnRounding(e, standing)) : all;
  const checks: Check[] = errors.slice(0, MAX_VIOLATIONS).map((e) => ({
    path: `json_schema ${e.instancePath || "/"}`,
    expected: describeError(e),
    actual: atPointer(data, e.instancePath),
    ok: false,
  }));
  if (errors.length > MAX_VIOLATIONS)
    checks.push({ path: "json_schema", expected: "no more violations", actual: `${errors.length - MAX_VIOLATIONS} more not shown`, ok: false });
  return { checks: [...checks, ...undecided, ...notKnown] };
}
