// Words zod's issues the way the format's docs do: the path, what was expected, what was written, a did-you-mean.
import type { z } from "zod";
import { isPlainObject } from "../expect/matcher.ts";
import { closestName, didYouMean } from "../util/did-you-mean.ts";
import { isKind } from "../steps/registry.ts";
import { keysAt } from "./zod-paths.ts";
import { valueAt } from "./data-shape.ts";
import { formatPath, type Path, type RawIssue } from "./raw-issue.ts";

function typeName(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  if (typeof v === "number" && !Number.isFinite(v)) {
    const [yaml, what] = Number.isNaN(v) ? [".nan", "not-a-number"] : [v > 0 ? ".inf" : "-.inf", "infinity"];
    return `${yaml}, YAML's ${what} (not a finite number; quote it to mean the text)`;
  }
  return `${typeof v} ${JSON.stringify(v)}`;
}

/** A zod type name as the format's docs say it (YAML's words: a mapping, a list). */
function expectedName(zodType: string): string {
  return zodType === "object" || zodType === "record" || zodType === "map" ? "a mapping" : zodType === "array" || zodType === "tuple" || zodType === "set" ? "a list" : zodType;
}

/** A required key written nowhere, said at the mapping that lacks it (`scenario` for the top level). */
function missingKey(path: Path): RawIssue {
  const parent = path.slice(0, -1);
  return { path: parent, message: `${formatPath(parent) || "scenario"}: missing required key "${String(path.at(-1))}"` };
}

/**
 * What a union's branch takes, when it failed on the value's type alone (`eventually: [1]`): the types, in the docs'
 * words (a branch that is a union of types, as a duration's string or number, gives each), or a union's own words when
 * it has them. Undefined when the branch failed on the value itself (`eventually: x`, an invalid duration): that branch
 * is the one the user was writing.
 */
function typesTaken(branch: z.core.$ZodIssue[]): { types: string[]; own: string[] } | undefined {
  if (branch.length !== 1 || branch[0]!.path.length !== 0) return undefined;
  const issue = branch[0]!;
  if (issue.code === "invalid_type") return { types: [expectedName(issue.expected)], own: [] };
  if (issue.code !== "invalid_union" || !("errors" in issue) || !issue.errors.length) return undefined;
  const out = { types: [] as string[], own: [] as string[] };
  for (const b of issue.errors as z.core.$ZodIssue[][]) {
    const taken = typesTaken(b);
    if (taken === undefined) return undefined;
    out.types.push(...taken.types);
    out.own.push(...taken.own);
  }
  if (issue.message !== "Invalid input") return { types: out.types, own: [issue.message] };
  return out;
}

/** Zod issues → raw issues; unions are reduced to their most specific branch. */
export function zodIssues(issues: readonly z.core.$ZodIssue[], base: Path, data: unknown, out: RawIssue[], schema: z.ZodType): void {
  for (const issue of issues) {
    const path = [...base, ...(issue.path as Path)];
    const where = formatPath(path);
    if (issue.code === "invalid_union" && "errors" in issue && issue.errors.length) {
      // Prefer the branch whose issues reach deepest: it is the one the user was writing.
      const branches = issue.errors as z.core.$ZodIssue[][];
      const depth = (b: z.core.$ZodIssue[]) => Math.max(...b.map((i) => i.path.length));
      // At equal depth, the branch that knows every key written: {bearer: 12345} is the bearer form with a wrong value,
      // not the basic form missing its key.
      const strays = (b: z.core.$ZodIssue[]) => b.filter((i) => i.code === "unrecognized_keys").length;
      const best = [...branches].sort((a, b) => depth(b) - depth(a) || strays(a) - strays(b))[0]!;
      if (depth(best) > 0 || branches.length === 1) {
        zodIssues(best, path, data, out, schema);
        continue;
      }
      const expected = branches.map((b) => b[0]).filter((i) => i?.code === "invalid_type").map((i) => expectedName((i as { expected: string }).expected));
      // The union's own words (its `error:`), when it has them, say what it takes better than its branches' first issues.
      const own = issue.message !== "Invalid input" ? issue.message : undefined;
      const taken = branches.map(typesTaken);
      // One branch took the value's type and refused the value (`eventually: x`, an invalid duration): its words, not
      // theirs joined with the other branches' zod words ("Invalid input: expected object, received string").
      const valued = branches.filter((_, i) => taken[i] === undefined);
      if (expected.length !== branches.length && own === undefined && valued.length === 1) {
        zodIssues(valued[0]!, path, data, out, schema);
        continue;
      }
      // A required key written nowhere whose value may take several shapes: said as for a key of one shape (below).
      if (path.length > 0 && valueAt(data, path) === undefined && isPlainObject(valueAt(data, path.slice(0, -1)))) {
        out.push(missingKey(path));
        continue;
      }
      const got = valueAt(data, path);
      const gotText = isPlainObject(got) ? `got a mapping of ${Object.keys(got).join(", ") || "no key"}` : `got ${typeName(got)}`;
      // Every branch refused the value's type, some through a union of their own (a duration: string or number; a
      // `contains` item): the one such union's own words, which name what it takes, else every type taken.
      const all = taken.every((t) => t !== undefined) ? (taken as { types: string[]; own: string[] }[]) : undefined;
      const inner = all?.flatMap((t) => t.own) ?? [];
      const msg = expected.length === branches.length
        ? `expected ${[...new Set(expected)].join(" or ")}, got ${typeName(got)}`
        : own !== undefined
          ? `${own}; ${gotText}`
          : all !== undefined
            ? inner.length === 1 ? `${inner[0]}; ${gotText}` : `expected ${[...new Set(all.flatMap((t) => t.types))].join(" or ")}, got ${typeName(got)}`
            : branches.map((b) => b[0]?.message).filter(Boolean).join("; or ");
      out.push({ path, message: `${where}: ${msg}` });
      continue;
    }
    if (issue.code === "unrecognized_keys") {
      // The full path: inside a union's branch (a capture's `{regex}` form) issue.path is relative to the branch, and
      // looked up from the root it named the scenario's top-level keys.
      const allowed = keysAt(schema, path);
      for (const key of issue.keys) {
        const hint = didYouMean(key, allowed);
        const top = path.length === 0 ? ", and x-… keys of your own" : "";
        const list = allowed.length && !hint ? ` (allowed: ${allowed.join(", ")}${top})` : "";
        out.push({ path, key, message: `${where ? `${where}: ` : ""}unknown key "${key}"${hint}${list}` });
      }
      continue;
    }
    // An error at a character of a string (a JSONPath): file:line:col is that character's (lib/loader/yaml-exact.ts's locate).
    if (issue.code === "custom" && typeof issue.params?.textOffset === "number") {
      const textOffset = issue.params.textOffset as number;
      out.push(issue.params.inKey === true && path.length > 0 ? { path: path.slice(0, -1), key: String(path.at(-1)), textOffset, message: `${where}: ${issue.message}` } : { path, textOffset, message: `${where}: ${issue.message}` });
      continue;
    }
    // A record's key its key schema refused (a vars: name): said in the key schema's words, at the key. Zod's own
    // ("Invalid key in record") named no rule, and its position was the value's.
    if (issue.code === "invalid_key" && path.length > 0) {
      const why = issue.issues.map((i) => i.message).find((m) => !/^Invalid\b/.test(m));
      out.push({ path: path.slice(0, -1), key: String(path.at(-1)), message: `${where}: ${why ?? "not allowed as a key here"}` });
      continue;
    }
    // An error about a key itself (an unknown matcher operator): file:line:col is the key's, not its value's.
    if (issue.code === "custom" && issue.params?.atKey === true && path.length > 0) {
      out.push({ path: path.slice(0, -1), key: String(path.at(-1)), message: `${where}: ${issue.message}` });
      continue;
    }
    // A misspelt kind (`slep: 1s`) is an unknown key whose error names the kind meant: "a step needs exactly one kind
    // key" as well would be a second error for one typo.
    if (issue.code === "custom" && issue.message.startsWith("a step needs exactly one kind key") && misspeltKind(valueAt(data, path), keysAt(schema, path))) continue;
    let message = issue.message;
    if (issue.code === "invalid_value" && issue.values.length > 1) {
      const got = valueAt(data, path);
      const options = issue.values.map((v) => String(v));
      const hint = typeof got === "string" ? didYouMean(got, options) : "";
      message = `expected one of ${options.join(", ")}, got ${typeName(got)}${hint}`;
    }
    // A bound with words of the schema's own (`contains: ""`: an empty string is in every line) keeps them.
    if ((issue.code === "too_small" || issue.code === "too_big") && /^Too (small|big)\b/.test(issue.message)) {
      const worded = boundText(issue, valueAt(data, path));
      if (worded !== undefined) message = worded;
    }
    if (issue.code === "invalid_type") {
      const got = valueAt(data, path);
      if (got === undefined) {
        out.push(missingKey(path));
        continue;
      }
      // `id: 01` reads as the number 1: the words say so, or "got number 1" reads as a misprint of what was written.
      const unquoted = issue.expected === "string" && (typeof got === "boolean" || (typeof got === "number" && Number.isFinite(got))) ? " (YAML's reading of an unquoted value: quote it to mean the text as written)" : "";
      // A schema's own words for this type (not zod's "Invalid input: expected …") are kept.
      if (/^Invalid input\b/.test(issue.message)) message = `expected ${expectedName(issue.expected)}, got ${typeName(got)}${unquoted}`;
    }
    out.push({ path, message: `${where ? `${where}: ` : ""}${message}` });
  }
}

/** The step as written has an unknown key whose closest allowed key (its error's "did you mean") is a kind key. */
function misspeltKind(step: unknown, allowed: string[]): boolean {
  if (!isPlainObject(step)) return false;
  return Object.keys(step).some((key) => !allowed.includes(key) && isKind(closestName(key, allowed) ?? ""));
}

/**
 * A bound broken, in the words of the rest of the errors instead of zod's ("Too small: expected number to be >0"):
 * `must be more than 0, got 0`, `must not be empty`. Undefined for a bound of another kind (zod's words stay).
 */
function boundText(issue: z.core.$ZodIssue, got: unknown): string | undefined {
  if (issue.code !== "too_small" && issue.code !== "too_big") return undefined;
  const small = issue.code === "too_small";
  const bound = Number(small ? issue.minimum : issue.maximum);
  const inclusive = issue.inclusive !== false;
  if (issue.origin === "number") {
    const words = small ? (inclusive ? "at least" : "more than") : inclusive ? "at most" : "less than";
    return `must be ${words} ${bound}, got ${typeName(got)}`;
  }
  if (issue.origin === "string" && small) return bound <= 1 ? "must not be empty" : `must be at least ${bound} characters long`;
  if (issue.origin === "array" && small) return `needs at least ${bound} item${bound === 1 ? "" : "s"}`;
  return undefined;
}
