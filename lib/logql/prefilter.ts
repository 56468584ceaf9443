// Finds literals every matching line must contain, so the file reader can search raw bytes before decoding and parsing.
import type { LabelFilterExpr, Stage } from "./ast.ts";
import { DETECTED_LEVEL } from "./ingest-labels.ts";
import { type Labels, sanitizeLabelName } from "./labels.ts";
import { PatternMatcher } from "./pattern.ts";
import { literalOf, re2Groups } from "./re2.ts";

const NO_NAMES: ReadonlySet<string> = new Set();

/**
 * A line that can reach the end of the pipeline contains at least one of these strings (an OR list), or
 * undefined when no such guarantee can be derived. Derived from:
 * - line filters `|= "a"` (or `|= "a" or "b"`) and literal regexes `|~ "a"`, until a stage rewrites the line;
 * - the longest literal of a `|>` pattern filter;
 * - a string equality label filter (`| json | level="error"`) on a label only a parser can have set: the raw line
 *   holds the value, or a backslash escape of it when a json/logfmt parser produced it.
 * Among several, the one with the longest shortest literal is chosen (one search per line is enough).
 *
 * `differing`: the names a parser may set whose `_extracted` choice the engine must see on every line a parser reads
 * (a stream label of some of the streams the query reads and not of others, see Row.sameSuffix). A line a literal of a
 * stage after a parser rules out still runs through that parser in Loki, which may decide the name there: such a
 * literal also lets through a line that may hold the key (partsOfKeys), or is not used.
 */
export function requiredLiterals(stages: readonly Stage[], streamLabels: Labels, differing: ReadonlySet<string> = NO_NAMES): string[] | undefined {
  const candidates: string[][] = [];
  let parsers = 0;
  let escaping = false;
  /** What a line one of the parsers so far may set a `differing` name on holds (undefined: it may be any line). */
  let keys: string[] | undefined = [];
  const add = (candidate: string[]) => {
    if (!parsers || keys?.length === 0) candidates.push(candidate);
    else if (keys) candidates.push([...new Set([...candidate, ...keys])]);
  };
  for (const stage of stages) {
    if (stage.kind === "line_format" || stage.kind === "decolorize" || stage.kind === "unpack") break;
    if (stage.kind === "label_format" || stage.kind === "drop" || stage.kind === "keep") break;
    switch (stage.kind) {
      case "line_filter": {
        if (stage.op === "|=") {
          if (stage.values.every(inRawBytes)) add([...stage.values]);
        } else if (stage.op === "|~") {
          const lits = stage.values.map(literalOf);
          if (lits.every((l): l is string => l !== undefined && inRawBytes(l))) add(lits);
        } else if (stage.op === "|>" && stage.values.length === 1) {
          const longest = longestPatternLiteral(stage.values[0]!);
          if (longest !== undefined && inRawBytes(longest)) add([longest]);
        }
        break;
      }
      case "json":
      case "logfmt":
        keys = parsers ? afterParser(keys, stage, differing) : withKeys(keys, stage, differing);
        parsers++;
        escaping = true;
        break;
      case "regexp":
      case "pattern":
        keys = parsers ? afterParser(keys, stage, differing) : withKeys(keys, stage, differing);
        parsers++;
        break;
      case "label_filter": {
        if (!parsers) break;
        for (const m of equalities(stage.filter)) {
          // detected_level may come from ingestion (a keyword such as ERR: in the line), not from a parser.
          if (m.name.startsWith("__") || m.name in streamLabels || m.name === DETECTED_LEVEL || !inRawBytes(m.value)) continue;
          add(escaping ? [m.value, "\\"] : [m.value]);
        }
        break;
      }
    }
  }
  if (!candidates.length) return undefined;
  const score = (c: string[]) => (c.includes("\\") ? -1e9 : 0) + Math.min(...c.map((s) => s.length)) - c.length / 100;
  return candidates.reduce((best, c) => (score(c) > score(best) ? c : best));
}

/**
 * True when a decoded line holding `s` always has the UTF-8 bytes of `s` in the file: `s` is not empty, has no
 * newline, and no U+FFFD (a decoded line also gets one for each byte that is not UTF-8) or lone surrogate (it
 * has no UTF-8 form).
 */
function inRawBytes(s: string): boolean {
  return s !== "" && !s.includes("\n") && !s.includes("\ufffd") && Buffer.from(s).toString() === s;
}

/**
 * Literals that drop a line holding any of them, whatever else the pipeline does: `!= "a"` (or `!= "a" or "b"`) and
 * `!~` of literal regexes, before any stage rewrites the line. Undefined when there are none. A filter after a parser
 * that may set one of the `differing` names (see requiredLiterals) drops nothing here: the parser reads the line first.
 */
export function excludedLiterals(stages: readonly Stage[], differing: ReadonlySet<string> = NO_NAMES): string[] | undefined {
  const out: string[] = [];
  let keys: string[] | undefined = [];
  let setsLabels = false;
  for (const stage of stages) {
    if (stage.kind === "line_format" || stage.kind === "decolorize" || stage.kind === "unpack") break;
    if (PARSER_KINDS.has(stage.kind)) keys = setsLabels ? afterParser(keys, stage, differing) : withKeys(keys, stage, differing);
    if (PARSER_KINDS.has(stage.kind) || stage.kind === "label_format") setsLabels = true;
    if (stage.kind !== "line_filter" || !keys || keys.length) continue;
    const lits = stage.op === "!=" ? stage.values : stage.op === "!~" ? stage.values.map(literalOf) : [];
    if (lits.length && lits.every((l): l is string => l !== undefined && inRawBytes(l))) out.push(...lits);
  }
  return out.length ? [...new Set(out)] : undefined;
}

/** Combines the exclusions of several pipelines reading the same stream: a line is dropped only when every one drops it. */
export function commonExcluded(sets: (string[] | undefined)[]): string[] | undefined {
  if (!sets.length || sets.some((s) => s === undefined)) return undefined;
  const common = sets[0]!.filter((l) => sets.every((s) => s!.includes(l)));
  return common.length ? common : undefined;
}

const PARSER_KINDS: ReadonlySet<Stage["kind"]> = new Set(["json", "logfmt", "regexp", "pattern", "unpack"]);

/**
 * `keys` (what a line an earlier parser may set a `differing` name on holds, one of them; undefined: any line may) with
 * this parser's: the longest part of each such name between underscores, which a key of the line that sets it holds as
 * written (a logfmt key as it is, a JSON key unless escaped: then the backslash), for a parser of every key; undefined
 * where a parser sets such a name whatever the line holds (`| regexp "(?P<level>…)"`, `| json level`).
 */
function withKeys(keys: string[] | undefined, stage: Stage, differing: ReadonlySet<string>): string[] | undefined {
  if (!keys || !differing.size) return keys;
  let names: readonly string[] | undefined;
  switch (stage.kind) {
    case "json":
    case "logfmt":
      names = stage.extractions.length ? stage.extractions.map((e) => e.name) : undefined;
      break;
    case "regexp":
      names = re2Groups(stage.pattern).flatMap((g) => (g === undefined ? [] : [sanitizeLabelName(g)]));
      break;
    case "pattern":
      names = new PatternMatcher(stage.pattern).names;
      break;
    case "unpack":
      break;
    default:
      return keys;
  }
  if (names) return names.some((n) => differing.has(n)) ? undefined : keys;
  const out = new Set(keys);
  for (const name of differing) {
    const part = name.split("_").reduce((a, b) => (b.length > a.length ? b : a), "");
    if (!part) return undefined;
    out.add(part);
  }
  if (stage.kind !== "logfmt") out.add("\\");
  return [...out];
}

/**
 * withKeys for a parser after a stage that sets labels: one that decides once per query whether it takes a key (json,
 * logfmt, regexp, unpack: Row.decideKey) decides on the first line it meets the key on, whichever lines a later literal
 * rules out, so after it any line may matter (undefined); `pattern` decides line by line.
 */
function afterParser(keys: string[] | undefined, stage: Stage, differing: ReadonlySet<string>): string[] | undefined {
  return stage.kind === "pattern" ? withKeys(keys, stage, differing) : undefined;
}

/** `name="value"` matchers (non-empty value) that must all hold: the top-level `and` chain of a label filter. */
function equalities(f: LabelFilterExpr): { name: string; value: string }[] {
  if (f.kind === "and") return [...equalities(f.left), ...equalities(f.right)];
  if (f.kind === "match" && f.matcher.op === "=" && f.matcher.value !== "") return [{ name: f.matcher.name, value: f.matcher.value }];
  return [];
}

function longestPatternLiteral(pattern: string): string | undefined {
  new PatternMatcher(pattern); // validates
  const lits = pattern.split(/<[A-Za-z_][A-Za-z0-9_]*>/).filter((l) => l && !l.includes("\n"));
  return lits.sort((a, b) => b.length - a.length)[0];
}

/** Combines the requirements of several pipelines reading the same stream: a line must satisfy any of them. */
export function unionLiterals(sets: (string[] | undefined)[]): string[] | undefined {
  if (!sets.length || sets.some((s) => s === undefined)) return undefined;
  return [...new Set(sets.flat() as string[])];
}
