// Compiles a log pipeline (line filters, parsers, label filters, formatters, drop/keep) into one function over a Row.
import type { DropKeepItem, Extraction, LabelFilterExpr, LineFilterStage, Stage } from "./ast.ts";
import { type LogqlError, parseError, unsupportedError } from "./errors.ts";
import { extractJsonPaths, flattenJson, parseJsonPath, unpackJson } from "./json.ts";
import { compileLabelFilter } from "./label-filter.ts";
import { filterLabelNames, PRESERVE_ERROR_LABEL, stageRequiredLabels } from "./hints.ts";
import { ipTextFilter } from "./ip-filter.ts";
import { ERROR_DETAILS_LABEL, ERROR_LABEL, sanitizeLabelName } from "./labels.ts";
import { scanLogfmt } from "./logfmt.ts";
import { compileMatcher } from "./matcher.ts";
import { PatternMatcher } from "./pattern.ts";
import { RegexSyntaxError, compileRe2, literalOf, re2Groups } from "./re2.ts";
import { simplifiedRegex } from "./regex-simplify.ts";
import { execAnswer, mayGiveUp, RegexLimitError, testAnswer } from "../util/regex-limit.ts";
import { PARSED_KEY, slotOf, type Row } from "./row.ts";
import { Template, TemplateError } from "./template.ts";

export type StageFn = (row: Row) => boolean;

/** Strips ANSI escape sequences (colours), the pattern Loki's decolorize uses. */
const ANSI = /[\u001B\u009B][[\]()#;?]*(?:(?:(?:[a-zA-Z\d]*(?:;[a-zA-Z\d]*)*)?\u0007)|(?:(?:\d{1,4}(?:;\d{0,4})*)?[\dA-PRZcf-ntqry=><~]))/g;

/**
 * Compiles the stages. Problems (bad templates, unsupported template features) are thrown as LogqlError, or
 * collected into `problems` when given (then the broken stage is skipped). `logQuery`: a log query's pipeline, whose
 * labels become the answer's stream labels (see Template's streamLabel).
 */
export function compilePipeline(stages: readonly Stage[], query: string, problems?: LogqlError[], logQuery = false, postFilters: readonly LabelFilterExpr[] = []): StageFn {
  const fns: StageFn[] = [];
  let setsLabels = false;
  for (const [i, stage] of stages.entries()) {
    try {
      const fn = compileStage(stage, logQuery);
      const hidden = PARSERS.has(stage.kind) ? suffixHiddenAfter(stages.slice(i + 1), postFilters) : undefined;
      // A parser that decides once per query whether it takes a key (Row.decideKey) runs as stage i; pattern does not. Only
      // after a stage that sets labels (a parser, label_format) can that decision differ from line to line: a first parser's
      // is the same on every line, and its keys are not tracked (the work was one more Map lookup per key and line).
      const cacheStage = PARSERS.has(stage.kind) && stage.kind !== "pattern" && setsLabels ? i : undefined;
      if (PARSERS.has(stage.kind) || stage.kind === "label_format") setsLabels = true;
      if (hidden || cacheStage !== undefined)
        fns.push((row) => {
          if (hidden) row.suffixHidden = hidden;
          row.keyCacheStage = cacheStage;
          const kept = fn(row);
          row.keyCacheStage = undefined;
          return kept;
        });
      else fns.push(stage.kind === "line_format" || stage.kind === "label_format" ? beyondEngine(fn, query, stage.span.from) : fn);
    } catch (err) {
      if (err instanceof RegexSyntaxError) {
        if (problems) continue; // the parser has reported every regex of the query already
        throw err.unsupported ? unsupportedError(query, stage.span.from, err.message) : parseError(query, stage.span.from, err.message);
      }
      if (!(err instanceof TemplateError)) throw err;
      const e = err.unsupported
        ? templateUnsupported(err, query, stage.span.from)
        : parseError(query, stage.span.from, `invalid template: ${err.message}`);
      if (!problems) throw e;
      problems.push(e);
    }
  }
  const pushdown = pushdownFilters(stages, postFilters);
  if (fns.length === 0) return () => true;
  if (!pushdown && fns.length === 1) return fns[0]!;
  return (row) => {
    if (pushdown && row.hints.pushdown) row.pushdown = pushdown;
    for (let i = 0; i < fns.length; i++) if (!fns[i]!(row)) return false;
    return true;
  };
}

/**
 * The label filters Loki 3.4.6 checks inside its parsers (ParserHints.pushdown): per label, the first filter of the
 * pipeline on that one label (`and`/`or` filters are left to their stage); null when the pipeline has no parser or no such filter.
 */
function pushdownFilters(stages: readonly Stage[], postFilters: readonly LabelFilterExpr[]): Map<string, (row: Row) => boolean> | null {
  if (!stages.some((s) => PARSERS.has(s.kind))) return null;
  const map = new Map<string, (row: Row) => boolean>();
  // An unwrap's filters come last, as one stage (LabelExtractorWithStages appends them, joined by ReduceAndLabelFilter):
  // one filter is checked in the parsers too (`| logfmt --strict | drop __error__ | unwrap d | __error__=""` drops a
  // broken line there), two or more are an `and`, which the hints pass over.
  const filters = stages.flatMap((st) => (st.kind === "label_filter" ? [st.filter] : []));
  if (postFilters.length === 1) filters.push(postFilters[0]!);
  for (const f of filters) {
    if (f.kind === "and" || f.kind === "or") continue;
    // A regex that matches everything (`=~""`, `=~".*"`) is Loki's NoopLabelFilter, which its hints pass over: the
    // label's next filter is the one checked in the parser (measured against Loki 3.4.6, seed 143).
    if (f.kind === "match" && f.matcher.op === "=~" && simplifiedRegex(f.matcher.value, true) === "true") continue;
    const [name] = filterLabelNames(f);
    if (name !== undefined && !map.has(name)) map.set(name, compileLabelFilter(f));
  }
  return map.size ? map : null;
}

const PARSERS: ReadonlySet<string> = new Set(["json", "logfmt", "regexp", "pattern", "unpack"]);

/**
 * For a parser, the names whose `_extracted` choice the stages after it (`later`, then an unwrap's filters) keep out of
 * the answer (Row.suffixHidden): a label `name` it sets is `name` or `name_extracted` by the stream Loki 3.4.6 reads
 * first, and the answer is the same either way when a later stage removes both names before anything reads them —
 * `keep` not naming either, `drop` naming both without a matcher (`| logfmt | keep id`, `| drop level,
 * level_extracted`). No stage after the parser may name either (a filter, a template, a label_format's source or
 * target, `keep level`, a `drop level="warn"`), not even after the removal, and no later parser may run: which of the
 * two a line was given decides which keys it sets (Row.extractedOnLine). A grouping naming it is the hints' (Row.checkSuffix).
 * Undefined when no keep or drop follows the parser: nothing removes a name then.
 */
function suffixHiddenAfter(later: readonly Stage[], postFilters: readonly LabelFilterExpr[]): ((name: string) => boolean) | undefined {
  // Without a keep or drop after it nothing removes a name: no wrapper on every line (an earlier parser's, left on the
  // row, hides nothing either, as this parser follows it).
  if (!later.some((s) => s.kind === "keep" || s.kind === "drop")) return undefined;
  const known = new Map<string, boolean>();
  const hidden = (name: string): boolean => {
    const named = (n: string) => n === name || n === `${name}_extracted`;
    const removed = new Set<string>();
    for (const stage of later) {
      if (PARSERS.has(stage.kind)) return false;
      if (stage.kind === "keep") {
        if (stage.items.some((i) => named(i.name))) return false;
        removed.add(name).add(`${name}_extracted`);
      } else if (stage.kind === "drop") {
        for (const item of stage.items) {
          if (!named(item.name)) continue;
          if (item.matcher) return false;
          removed.add(item.name);
        }
      } else if (stage.kind === "label_format" && stage.items.some((i) => named(i.dst))) return false;
      else if (stageRequiredLabels(stage).some(named)) return false;
    }
    if (postFilters.flatMap(filterLabelNames).some(named)) return false;
    return removed.size === 2;
  };
  return (name) => {
    let v = known.get(name);
    if (v === undefined) known.set(name, (v = hidden(name)));
    return v;
  };
}

/**
 * A template stage whose run meets what the engine cannot do where Loki can (a result longer than its strings) fails
 * the query as unsupported, at the stage, instead of marking the line with an error Loki would not give.
 */
function beyondEngine(fn: StageFn, query: string, offset: number): StageFn {
  return (row) => {
    try {
      return fn(row);
    } catch (err) {
      if (err instanceof TemplateError && err.unsupported) throw templateUnsupported(err, query, offset);
      throw err;
    }
  };
}

/** What the engine cannot do in a template (err.unsupported), as the query's error at the stage. */
const templateUnsupported = (err: TemplateError, query: string, offset: number) => unsupportedError(query, offset, `${err.message} in a template`);

/**
 * A template's error at run time marks the line TemplateFormatErr, as Loki does; anything else, and an error Loki would
 * not give (a result too long for the engine: beyondEngine fails the query with it), goes on.
 */
function templateFailed(row: Row, err: unknown): void {
  if (!(err instanceof TemplateError) || err.unsupported) throw err;
  row.setError("TemplateFormatErr", err.message);
}

function compileStage(stage: Stage, logQuery: boolean): StageFn {
  const fn = compileStageBody(stage, logQuery);
  // A filter a parser checked as it set its label failed: the line is gone (Row.setParsed).
  return PARSERS.has(stage.kind) ? (row) => fn(row) && !row.droppedByParser : fn;
}

function compileStageBody(stage: Stage, logQuery: boolean): StageFn {
  switch (stage.kind) {
    case "line_filter":
      return compileLineFilter(stage);
    case "ip_filter": {
      const test = ipTextFilter(stage.pattern);
      return stage.negative ? (row) => !test(row.line) : (row) => test(row.line);
    }
    case "json":
      return stage.extractions.length ? jsonExpressions(stage.extractions) : jsonAll;
    case "logfmt":
      return stage.extractions.length ? logfmtExpressions(stage.extractions, stage.strict) : logfmtAll(stage.strict, stage.keepEmpty);
    case "regexp": {
      const re = compileRe2(stage.pattern);
      const groups = re2Groups(stage.pattern);
      return (row) => {
        const m = execAnswer(re, row.line);
        if (m === undefined) throw new RegexLimitError(stage.pattern, lineWhere(row.line));
        if (!m) return true;
        row.beginParser();
        groups.forEach((name, i) => {
          if (name !== undefined) row.setParsed(sanitizeLabelName(name), m[i + 1] ?? "");
        });
        row.endParser();
        return true;
      };
    }
    case "pattern": {
      const pm = new PatternMatcher(stage.pattern);
      return (row) => {
        if (row.parsersIdle()) return true;
        const values = pm.matches(row.line);
        row.beginParser();
        for (let i = 0; i < values.length; i++) row.setParsed(pm.names[i]!, values[i]!);
        row.endParser();
        return true;
      };
    }
    case "unpack":
      return (row) => {
        if (!row.line || row.parsersIdle()) return true;
        const r = unpackJson(row.line);
        row.setUnpacked(r.members ?? []);
        if (r.error) row.setParseError("JSONParserErr", r.error);
        else row.line = r.line;
        return true;
      };
    case "label_filter":
      return compileLabelFilter(stage.filter);
    case "line_format": {
      const t = new Template(stage.template);
      if (t.simpleField !== undefined) {
        const field = t.simpleField;
        return (row) => {
          row.line = errorLabelHidden(row, field) ?? "";
          return true;
        };
      }
      return (row) => {
        try {
          row.setFormattedLine(t.executeBytes({ labels: (n) => row.templateLabel(n), line: row.line, ms: row.ms, sub: row.sub }));
        } catch (err) {
          templateFailed(row, err);
        }
        return true;
      };
    }
    case "label_format": {
      const items = stage.items.map((i) => ({ ...i, tmpl: i.template !== undefined ? new Template(i.template, "label", logQuery) : undefined }));
      return (row) => {
        let snapshot: Map<string, string> | undefined;
        for (const item of items) {
          if (item.src !== undefined) {
            const v = errorLabelHidden(row, item.src);
            if (v !== undefined) {
              // Loki sets dst, then deletes src even when it is dst: `y=y` removes y (measured against Loki 3.4.6).
              row.set(item.dst, v);
              row.delete(slotOf(item.src));
            }
            continue;
          }
          // Templates of one stage all see the labels as they were when the first template ran.
          snapshot ??= new Map(row.entries());
          const labels = snapshot;
          try {
            const get = row.parsedErrorKeys ? (n: string) => labels.get(n) ?? (n === ERROR_LABEL || n === ERROR_DETAILS_LABEL ? labels.get(PARSED_KEY + n) : undefined) : (n: string) => labels.get(n);
            row.set(item.dst, item.tmpl!.execute({ labels: get, line: row.line, ms: row.ms, sub: row.sub }));
          } catch (err) {
            templateFailed(row, err);
          }
        }
        return true;
      };
    }
    case "drop": {
      const items = compileDropKeep(stage.items);
      return (row) => {
        for (const item of items) {
          const v = row.get(item.name);
          if (v === undefined) continue;
          if (!item.test || item.test(v)) row.delete(item.name);
        }
        return true;
      };
    }
    case "keep": {
      const items = compileDropKeep(stage.items);
      return (row) => {
        const names = [...row.entries()].map(([k]) => k);
        for (const name of names) {
          // keep never drops the error labels, nor a line's own keys of those names, nor the mark that a query keeps
          // its errors (Loki's isSpecialLabel: `sum by (__error__) (count_over_time(… | logfmt | keep a [5m]))` counts them)
          if (name === ERROR_LABEL || name === ERROR_DETAILS_LABEL || name === PRESERVE_ERROR_LABEL || name.startsWith(PARSED_KEY)) continue;
          const v = row.get(name)!;
          const kept = items.some((i) => i.name === name && (!i.test || i.test(v)));
          if (!kept) row.delete(name);
        }
        return true;
      };
    }
    case "decolorize":
      return (row) => {
        if (row.line.includes("\u001b") || row.line.includes("\u009b")) row.line = row.line.replace(ANSI, "");
        return true;
      };
  }
}

/**
 * A label looked up by name alone — a line_format of one field (`{{.x}}`), a label_format rename (`e=x`) — where Loki
 * 3.4.6 does not find the line's error labels (`{{.__error__}}` prints "", `e=__error__` renames nothing), though a
 * fuller template sees them (`{{.__error__}}{{.a}}`). Measured. It finds a line's own key of that name
 * (`{"__error__":"x"}` under `| json`).
 */
function errorLabelHidden(row: Row, name: string): string | undefined {
  return row.getParsed(name);
}

function compileDropKeep(items: readonly DropKeepItem[]) {
  return items.map((i) => ({ name: i.name, test: i.matcher ? compileMatcher(i.matcher) : undefined }));
}

/** A single filter test; an `or` chain of a positive filter keeps lines matching any, of a negative one drops them. */
function compileLineFilter(stage: LineFilterStage): StageFn {
  const tests = stage.values.map((v): ((line: string) => boolean) => {
    switch (stage.op) {
      case "|=":
      case "!=":
        return (line) => line.includes(v);
      case "|~":
      case "!~": {
        // Loki's simplifier first (it may drop an alternative matching everything: `|~ "a|"` is `|= "a"`).
        const simple = simplifiedRegex(v, false);
        if (simple === "true") return () => true;
        if (simple) return simple;
        // A pattern without regex syntax is a plain contains (the file reader already searched its bytes).
        const literal = literalOf(v);
        if (literal !== undefined) return (line) => line.includes(literal);
        const re = compileRe2(v);
        if (!mayGiveUp(v)) return (line) => re.test(line);
        return (line) => {
          // Loki's RE2 never gives up; Bun's engine may, answering "no match" (regex-limit.ts): no answer then.
          const found = testAnswer(re, line);
          if (found === undefined) throw new RegexLimitError(v, lineWhere(line));
          return found;
        };
      }
      case "|>":
      case "!>": {
        const pm = new PatternMatcher(v);
        return (line) => pm.test(line);
      }
    }
  });
  const negative = stage.op === "!=" || stage.op === "!~" || stage.op === "!>";
  // Loki's `or` drops a side that matches every line (newOrFilter): `|= "" or "x"`, `|~ ".*" or "x"` keep only x's
  // lines (Loki 3.4.6, measured); a negative chain is left as it is, which agrees with Loki. Except when its first two
  // sides both match every line: then the chain keeps every line (`|= "" or "" or "x"`, `|~ "" or ".*" or "x"`; measured,
  // while `|= "x" or "" or ""` and `|= "" or "x" or ""` keep only x's lines).
  if (!negative && tests.length > 1) {
    const everything = (v: string) => (stage.op === "|=" ? v === "" : stage.op === "|~" && simplifiedRegex(v, false) === "true");
    if (everything(stage.values[0]!) && everything(stage.values[1]!)) return () => true;
    const narrowing = tests.filter((_, i) => !everything(stage.values[i]!));
    if (narrowing.length > 0 && narrowing.length < tests.length) tests.splice(0, tests.length, ...narrowing);
  }
  if (tests.length === 1) {
    const t = tests[0]!;
    return negative ? (row) => !t(row.line) : (row) => t(row.line);
  }
  return negative ? (row) => !tests.some((t) => t(row.line)) : (row) => tests.some((t) => t(row.line));
}

const jsonAll: StageFn = (row) => {
  if (row.parsersIdle()) return true;
  row.beginParser();
  const error = row.hints.required
    ? flattenJson(row.line, (k, v, source) => row.setParsed(k, v, source), (p) => row.wantsPrefix(p), (name) => row.wantsLabel(name))
    : flattenJson(row.line, (k, v, source) => row.setParsed(k, v, source));
  row.endParser();
  if (error) row.setParseError("JSONParserErr", error);
  return true;
};

function jsonExpressions(extractions: readonly Extraction[]): StageFn {
  const paths = extractions.map((e) => parseJsonPath(e.path));
  return (row) => {
    if (!row.line || row.parsersIdle()) return true;
    const { found, error, invalidStart } = extractJsonPaths(row.line, paths);
    if (invalidStart) {
      row.setParseError("JSONParserErr");
      return true;
    }
    // In the order the line holds the paths (two extractions of one name: the later in the line wins).
    for (const { index, value } of found) row.setExtracted(extractions[index]!.name, value);
    // A path the line lacks sets "" only where the label is not there yet: Loki 3.4.6 leaves one a stream, an earlier
    // parser or label_format gave (`| label_format c="x" | json c` keeps c="x" on a line without c; `| json job` on a
    // stream labelled job adds no job_extracted).
    for (const e of extractions) if (row.getParsed(e.name) === undefined) row.setExtracted(e.name, "");
    if (error) row.setParseError("JSONParserErr", error);
    return true;
  };
}

function logfmtAll(strict: boolean, keepEmpty: boolean): StageFn {
  return (row) => {
    if (row.parsersIdle()) return true;
    row.beginParser();
    const { error } = scanLogfmt(row.line, strict, (k, v) => {
      const key = sanitizeLabelName(k);
      if (!key) return true;
      // Loki 3.4.6 decides on the key before it looks at the value (Row.decideKey).
      if (!keepEmpty && v === "") {
        row.metKey(key, k);
        return true;
      }
      return row.setParsed(key, v.replaceAll("\ufffd", " "), k);
    });
    row.endParser();
    if (!error) return true;
    row.setParseError("LogfmtParserErr", error);
    // Loki 3.4.6's logfmt --strict checks a pushed-down __error__ filter right after setting its error
    // (ShouldContinueParsingLine(ErrorLabel)): `| logfmt --strict | drop __error__ | __error__=""` drops the broken
    // line there, before the drop (fuzz seed 227). No other parser makes this check.
    const check = row.pushdown?.get(ERROR_LABEL);
    if (check && !check(row)) row.droppedByParser = true;
    return true;
  };
}

function logfmtExpressions(extractions: readonly Extraction[], strict: boolean): StageFn {
  const names = new Set(extractions.map((e) => e.name));
  return (row) => {
    if (row.parsersIdle()) return true;
    const { pairs, error } = scanLogfmt(row.line, strict);
    const values = new Map<string, string>();
    // As Loki 3.4.6 (measured): a key of the line named like an extraction is always read (`logfmt x="y"` takes a
    // line's x as well as its y, the later winning); any other only when no stage added that label on this line
    // (`| logfmt | logfmt x="y"` leaves y alone) and, where a metric query lets Loki parse only the labels it needs
    // (parser hints), when the hints ask for it — for the line's key, not the label it fills: a renamed one (`logfmt
    // m="msg"` under `sum by (m)`) then stays empty. A key fills the extraction whose path it is, or else its namesake.
    const required = row.hints.required;
    // A key fills one extraction: the first declared whose path it is (`logfmt x="a", a` fills x, a stays ""). One named
    // like a stream label goes to `name_extracted`, and only once: a second value for it ends the scan (Loki 3.4.6).
    let extractedOnce: Set<string> | undefined;
    for (const p of pairs) {
      const key = sanitizeLabelName(p.key);
      const target = extractions.find((e) => e.path === key)?.name ?? (names.has(key) ? key : undefined);
      if (!names.has(key) && !(required && !required.has(key))) {
        // Loki 3.4.6 decides once per query whether it takes such a key (Row.decideKey); it matters where it fills an extraction.
        const passes = row.extractedOnLine(key);
        if (target !== undefined) row.decideKey(p.key, key, !passes, !passes || (p.value !== "" && !p.value.includes("\ufffd")), target);
        if (passes) continue;
      } else if (!names.has(key)) continue;
      if (target === undefined) continue;
      if (row.baseHas(target)) {
        if (extractedOnce?.has(target) || row.extractedOnLine(`${target}_extracted`)) break;
        (extractedOnce ??= new Set()).add(target);
      }
      // A value holding U+FFFD (a bad escape or byte) is "" here, where `| logfmt` makes each a space (Loki 3.4.6).
      values.set(target, p.value.includes("\ufffd") ? "" : p.value);
    }
    // Every extraction the line did not fill is set empty, over whatever an earlier stage set, unless it names a
    // stream label (which keeps its value).
    for (const e of extractions) {
      const value = values.get(e.name);
      if (value !== undefined) row.setExtracted(e.name, value);
      else if (!row.baseHas(e.name)) row.setExtracted(e.name, "");
    }
    if (error) row.setParseError("LogfmtParserErr", error);
    return true;
  };
}

/** A line whose regex search may have given up, for RegexLimitError: its length and start. */
function lineWhere(line: string): string {
  return `a line of ${line.length} characters: ${JSON.stringify(line.slice(0, 80))}`;
}
