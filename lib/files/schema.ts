// Zod schema of the `files` step: where to look (glob/globs/exclude/root) and what every expectation means.
import { z } from "zod";
import { duration, regex, stringOrList } from "../core/zod-fields.ts";
import { matcherSchema, numericMatcherSchema } from "../expect/matcher-schema.ts";
import { everyLineIssue, regexError } from "../expect/regex.ts";
import { checksOnly, holdsForEvery } from "../expect/matcher.ts";
import { globRefusal } from "../util/glob-refusal.ts";
import { braceWords, fixedName, MAX_BRACE_WORDS } from "../util/glob-walk.ts";

export const FORMATS = ["jsonl", "json", "csv", "npz", "pkl"] as const;
export type Format = (typeof FORMATS)[number];

// An expectation that holds whatever the files hold is refused when the scenario loads: a step that passed on it would
// have checked nothing.
const NOTHING_TEXT = "an empty string is in every line: give the text to look for";
const NOTHING_LIST = "an empty list checks nothing: give at least one item, or leave the key out";
const NOTHING_FIELDS = "an empty mapping checks nothing: give at least one field and its matcher (e.g. {level: info}), or leave the key out";

const CONTAINS_TAKES = "contains takes a literal string, or {matches: REGEX, count: MATCHER}, or a list of these";
const NOT_CONTAINS_TAKES = "not_contains takes a literal string, or {matches: REGEX}, or a list of these";

/** `contains` item: a literal string, or a regex with a matcher on the number of matching lines. */
const containsItem = z.union(
  [
    z.string().min(1, NOTHING_TEXT).meta({ description: "Literal text that must appear" }),
    z
      .object({
        matches: regex.meta({ description: "Regular expression tested against each line" }),
        count: numericMatcherSchema("count").optional().meta({ description: "Matcher on the number of matching lines (default: at least 1)" }),
      })
      .strict()
      .superRefine((v, ctx) => {
        const issue = everyLineIssue(v.matches, v.count !== undefined);
        if (issue) ctx.addIssue({ code: "custom", path: ["matches"], message: issue });
      }),
  ],
  { error: CONTAINS_TAKES },
);

/**
 * Why a `not_contains` literal ending with a line break checks less than meant: what a YAML block scalar (`|`) gives,
 * found only right before an LF line end, so the text followed by more on its line, or by a CRLF, passed.
 */
function trailingBreakIssue(v: string): string | undefined {
  const m = /(\r?\n)+$/.exec(v);
  if (!m || m.index === 0) return undefined;
  const text = v.slice(0, m.index);
  return `${JSON.stringify(v)} ends with a line break (a YAML block scalar, |, keeps its last one), so it is found only right before an LF line end, not where text follows on the line nor before a CRLF: write |- or a quoted string to look for ${JSON.stringify(text)} wherever it stands`;
}

/** `not_contains` item: a literal string, or a regex no line may match. */
const notContainsItem = z.union(
  [
    z
      .string()
      .min(1, NOTHING_TEXT)
      .refine((v) => trailingBreakIssue(v) === undefined, { error: (iss) => trailingBreakIssue(iss.input as string) })
      .meta({ description: "Literal text that must not appear" }),
    z.object({ matches: regex.refine((v) => everyLineIssue(v, false) === undefined, { error: (iss) => everyLineIssue(iss.input as string, false) }).meta({ description: "Regular expression no line may match" }) }).strict(),
  ],
  { error: NOT_CONTAINS_TAKES },
);

/** One item or a list of them; `takes` words what, for a value of neither form (`contains: 5`). */
const listOf = <T extends z.ZodType>(item: T, takes: string) =>
  z.union([item, z.array(item).min(1, NOTHING_LIST)], { error: takes }).transform((v) => (Array.isArray(v) ? v : [v]) as z.output<T>[]);

/** Field names that must be present, or field → matcher that every record's value must satisfy. */
const fieldsSpec = z.union(
  [
    z.array(z.string().min(1, "a field name cannot be empty")).min(1, NOTHING_LIST).meta({ description: "Fields every record must have" }),
    z.record(z.string(), matcherSchema).refine((v) => Object.keys(v).length > 0, NOTHING_FIELDS).meta({ description: "Field → matcher every record's value must satisfy" }),
  ],
  { error: "required_fields takes a list of field names, or a mapping of field name → matcher" },
);

/**
 * A file name condition: a regex, or any other matcher. An unquoted number or boolean is the regex of its text as
 * written (`name: 2026`, `name: 007`: the loader keeps that text, lib/loader/written-scalars.ts), not an equality.
 */
const nameSpec = z
  .union([z.union([z.string(), z.number(), z.boolean()]).transform(String), matcherSchema])
  .superRefine((v, ctx) => {
    // A list is an equality with a list, which no file name is: every file failed it.
    if (Array.isArray(v)) return void ctx.addIssue({ code: "custom", message: "name takes one regex or a matcher, not a list (a list is an equality with a list, which no file name is): write {in: [a.log, b.log]} for whole names, or one regex '^(a|b)\\.log$'" });
    const listed = listOperandIssue(v);
    if (listed) return void ctx.addIssue({ code: "custom", message: listed });
    if (typeof v !== "string") return;
    const every = everyLineIssue(v, false, "name");
    if (every) return void ctx.addIssue({ code: "custom", message: every });
    const err = regexError(v);
    if (err) ctx.addIssue({ code: "custom", message: `invalid regular expression: ${err}` });
  })
  .meta({ description: "Regex string (or matcher) every matched file's base name must satisfy" });

/**
 * Why a name matcher holds for every name or none, whatever the files: a list compared with a name (`{ne: [a.log]}`,
 * `{not: [a.log]}` held for every file; `{eq: [a.log]}` for none), or an empty `in`.
 */
function listOperandIssue(m: unknown): string | undefined {
  if (m === null || typeof m !== "object" || Array.isArray(m)) return undefined;
  for (const [op, operand] of Object.entries(m)) {
    if (op === "in" && Array.isArray(operand) && operand.length === 0) return "name: {in: []} holds for no name: list the names";
    if ((op === "eq" || op === "ne" || op === "not") && Array.isArray(operand))
      return `name: {${op}: [${operand.map(String).join(", ")}]} compares each name with a list, which no name is, so it holds ${op === "eq" ? "for no file" : "for every file"}: write {${op === "eq" ? "in" : "not: {in"}: [${operand.map(String).join(", ")}]${op === "eq" ? "" : "}"}}`;
    if (op === "not") {
      const inner = listOperandIssue(operand);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** Keys that describe one file; valid at the top of `expect` (over all files) and under `each` (per file). */
const fileKeys = {
  fresh: z.boolean().optional().meta({ description: "true: some file (under each: every file) was modified after the scenario started, and not in the future; false: none was (a time in the future is after the start)" }),
  max_age: duration.optional().meta({ description: "Every file was modified at most this long ago, and not in the future" }),
  min_age: duration.optional().meta({ description: "Every file was modified at least this long ago (a time in the future fails)" }),
  size: numericMatcherSchema("bytes").optional().meta({ description: "Bytes on disk: total over all files, or per file under each" }),
  name: nameSpec.optional(),
  contains: listOf(containsItem, CONTAINS_TAKES).optional(),
  not_contains: listOf(notContainsItem, NOT_CONTAINS_TAKES).optional(),
  lines: numericMatcherSchema("count").optional().meta({ description: "Number of lines: total over all files, or per file under each" }),
  format: z.enum(FORMATS).optional().meta({ description: "jsonl | json | csv | npz | pkl: every file must be well-formed" }),
  required_fields: fieldsSpec.optional(),
  columns: z.array(z.string().min(1, "a column name cannot be empty")).min(1, NOTHING_LIST).optional().meta({ description: "csv: columns the header row must have" }),
};

type FileKeys = { [K in keyof typeof fileKeys]: z.output<(typeof fileKeys)[K]> };

/** The cross-key rules: required_fields and columns need a format that has them. */
function checkFormatKeys(v: Partial<FileKeys>, ctx: z.RefinementCtx, prefix: (string | number)[]): void {
  const issue = (key: string, message: string) => ctx.addIssue({ code: "custom", path: [...prefix, key], message });
  if (v.columns && v.format !== "csv") issue("columns", "columns applies to format: csv; add `format: csv` beside it");
  if (v.required_fields) {
    if (!v.format) issue("required_fields", "required_fields needs a format beside it: format: jsonl | json | csv | npz");
    else if (v.format === "pkl") issue("required_fields", "format: pkl has no fields to require (pickles are not unpickled)");
    else if (v.format === "npz" && !Array.isArray(v.required_fields))
      issue("required_fields", "with format: npz, required_fields is a list of array names");
  }
}

export const eachSchema = z
  .object(fileKeys)
  .strict()
  .superRefine((v, ctx) => {
    // Only when nothing else is wrong: an unknown key (each: {count: 1}) is left out of v, and said on its own.
    if (ctx.issues.length === 0 && Object.values(v).every((x) => x === undefined)) ctx.addIssue({ code: "custom", message: "each: {} checks nothing: give what every file must satisfy, or leave each out" });
    checkFormatKeys(v, ctx, []);
  })
  .meta({ description: "Expectations every matched file must satisfy on its own" });

export const expectSchema = z
  .object({
    count: numericMatcherSchema("count", true).optional().meta({ description: "Matcher on the number of matched files (default: at least 1)" }),
    manifest: z
      .string()
      // An empty path is root itself, a folder: the step failed at run time with "is not a regular file".
      .refine((m) => m.trim() !== "", { message: "manifest is empty: name the file (relative to root) that lists the paths" })
      .optional()
      .meta({ description: "A file (relative to root) listing paths that must all be matched" }),
    ...fileKeys,
    each: eachSchema.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    checkFormatKeys(v, ctx, []);
    // `count: {gte: 0}` says "none is fine" beside what the files must hold; alone, the step passed whatever was there.
    if (ctx.issues.length === 0 && checksOnly(v, ["count"]) && holdsForEvery(v.count, "count"))
      ctx.addIssue({ code: "custom", path: ["count"], message: "count holds here for any number of files, and expect checks nothing else, so the step would pass whatever is there: leave count out to require at least one file, write {gte: 1}, or count: 0 for none" });
  });

export const filesSchema = z
  .object({
    glob: z.string().optional().meta({ description: "Glob relative to root (Bun glob syntax: *, **, ?, [ab], {a,b})" }),
    globs: stringOrList.optional().meta({ description: "Several globs; files matching any are taken" }),
    exclude: stringOrList.optional().meta({ description: "Globs to leave out; a pattern without / matches base names" }),
    root: z.string().optional().meta({ description: "Directory the globs start from (default: the scenario's directory)" }),
    expect: expectSchema.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.glob === undefined && (v.globs === undefined || v.globs.length === 0))
      ctx.addIssue({ code: "custom", path: ["glob"], message: "files needs `glob: PATTERN` or `globs: [PATTERN, …]`" });
    // An empty pattern matches no file: with `count: 0` the step passed having looked at nothing.
    const empty = "an empty pattern names no file: give one, e.g. logs/api/*.log";
    if (v.glob === "") ctx.addIssue({ code: "custom", path: ["glob"], message: empty });
    (v.globs ?? []).forEach((g, i) => {
      if (g === "") ctx.addIssue({ code: "custom", path: ["globs", i], message: empty });
    });
    // A `..` after a wildcard (`logs/*/x/../f1.log`) matches nothing in the glob walk: the default check failed, and
    // `count: 0` passed on files that are there. Braces before a `..` are expanded first, as bash expands them before it
    // opens a path (braceWords): `logs/{latest,hop}/../archive/*.jsonl` is two patterns, each `..` read as the kernel
    // reads it, and a brace bash leaves as text (`{logs}`) is a folder's name. (Taken as a wildcard, the brace was
    // refused, naming `logs/archive/*.jsonl` to write, another folder than bash's runs/archive: the check passed there.)
    const upIssue = (pattern: string): string | undefined => {
      const { words, more } = braceWords(pattern);
      if (more) return `${JSON.stringify(pattern)}: its braces before a .. give more than ${MAX_BRACE_WORDS} patterns, each walked on its own: write fewer alternatives there`;
      for (const word of words) {
        const why = upAfterWildcard(word);
        if (why !== undefined) return word === pattern ? why : `${JSON.stringify(pattern)} gives ${JSON.stringify(word)} (its braces expanded, as bash does): ${why}`;
      }
      return undefined;
    };
    if (v.glob !== undefined) {
      const issue = upIssue(v.glob);
      if (issue !== undefined) ctx.addIssue({ code: "custom", path: ["glob"], message: issue });
    }
    // `exclude: private/` left out nothing: names and paths are matched without a trailing /.
    (typeof v.exclude === "string" ? [v.exclude] : (v.exclude ?? [])).forEach((x, i) => {
      if (braceWords(x).more) ctx.addIssue({ code: "custom", path: typeof v.exclude === "string" ? ["exclude"] : ["exclude", i], message: `${JSON.stringify(x)}: its braces before a .. give more than ${MAX_BRACE_WORDS} patterns, each read on its own: write fewer alternatives there` });
      if (x.length > 1 && x.endsWith("/")) ctx.addIssue({ code: "custom", path: typeof v.exclude === "string" ? ["exclude"] : ["exclude", i], message: `exclude ${JSON.stringify(x)} ends with /, which no name or path does here, so it leaves out nothing: write ${JSON.stringify(x.replace(/\/+$/, ""))} (a folder matched is left out whole)` });
    });
    (v.globs ?? []).forEach((g, i) => {
      const issue = upIssue(g);
      if (issue !== undefined) ctx.addIssue({ code: "custom", path: ["globs", i], message: issue });
    });
    // Only regular files count: `glob: logs/archive/` matched nothing whatever the folder held, and `count: 0` passed.
    const patterns: [string, (string | number)[]][] = [
      ...(v.glob !== undefined ? [[v.glob, ["glob"]] as [string, (string | number)[]]] : []),
      ...(v.globs ?? []).map((g, i): [string, (string | number)[]] => [g, ["globs", i]]),
    ];
    for (const [pattern, path] of patterns) {
      // A brace group at the end whose alternative ends with / (`logs/{archive/,old/}`) matches no file either.
      const lastGroup = /\{([^{}]*)\}$/.exec(pattern);
      if (lastGroup && lastGroup[1]!.split(",").some((alt) => alt.endsWith("/")))
        ctx.addIssue({ code: "custom", path, message: `${JSON.stringify(pattern)} has a brace alternative ending with /, which no file's path does (only files count), so it matches nothing there: write ${JSON.stringify(pattern.replace(/\/(?=[,}])/g, "/*"))}` });
      else if (pattern.length > 1 && pattern.endsWith("/"))
        ctx.addIssue({ code: "custom", path, message: `${JSON.stringify(pattern)} ends with /, which no file's path does (only files count), so it matches nothing: write ${JSON.stringify(`${pattern}*`)}, or ${JSON.stringify(`${pattern}**`)} for every level below` });
    }
    const excludes = typeof v.exclude === "string" ? [[v.exclude, ["exclude"]] as [string, (string | number)[]]] : (v.exclude ?? []).map((x, i): [string, (string | number)[]] => [x, ["exclude", i]]);
    for (const [pattern, path] of [...patterns, ...excludes]) {
      const refusal = globRefusal(pattern);
      if (refusal) ctx.addIssue({ code: "custom", path, message: refusal });
    }
  });

/**
 * Why a pattern (one the braces give) matches no file by a `..` after a wildcard, or undefined. Not with the text reading
 * as the pattern to write: bash goes up from each folder the wildcard leads to as the kernel does, so after a link
 * (`logs/*` matching `latest -> ../runs/r1`) it names other files than `logs/archive/*.jsonl` does.
 */
function upAfterWildcard(pattern: string): string | undefined {
  const parts = pattern.split("/");
  const wild = parts.map((p) => fixedName(p) === undefined);
  const up = parts.findIndex((p, i) => p === ".." && wild.slice(0, i).includes(true));
  if (up === -1) return undefined;
  const q = (text: string) => JSON.stringify(text);
  const lastWild = wild.lastIndexOf(true, up);
  const matched = parts.slice(0, lastWild + 1).join("/");
  const held = parts.slice(lastWild + 1, up).join("/");
  const named = parts.map((p, i) => (i < up && wild[i] ? "{NAME,…}" : p)).join("/");
  const condition = parts.slice(up + 1).includes("..")
    ? "every folder its .. go up from is there and is a real folder, not a link"
    : held === ""
      ? `${q(matched)} matches some folder and none of them is a link`
      : `every folder ${q(matched)} matches holds ${q(held)} as a real folder, not a link`;
  return (
    `a .. after a wildcard matches no file here: bash goes up from each folder ${q(parts.slice(0, up).join("/"))} matches as the kernel reads the path (after a link, to its target's parent), so the folders on disk decide which files it names. ` +
    `Write their names in braces instead of the wildcard (${q(named)}); ${q(withoutUp(pattern))} takes the .. as text, which names the same files only if ${condition}`
  );
}

// A pattern with each `dir/..` taken out (logs/*/x/../f1.log becomes logs/*/f1.log): the files bash's globstar names by it.
function withoutUp(pattern: string): string {
  const out: string[] = [];
  for (const part of pattern.split("/")) {
    if (part === ".." && out.length > 0 && out.at(-1) !== "..") out.pop();
    else out.push(part);
  }
  return out.join("/");
}

export type FilesInput = z.output<typeof filesSchema>;
export type FilesExpect = z.output<typeof expectSchema>;
export type EachExpect = z.output<typeof eachSchema>;
export type FieldsSpec = z.output<typeof fieldsSpec>;
