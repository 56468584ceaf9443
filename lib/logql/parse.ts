// Parses a LogQL query with @grafana/lezer-logql and converts the tree to the engine's AST, validating Loki's rules.
import { parser } from "./grammar.ts";
import type { SyntaxNode } from "@lezer/common";
import type {
  ArithOp, BinOp, CmpOp, DropKeepItem, Extraction, Grouping, LabelFilterExpr, LabelFormatItem, LabelMatcher, LineFilterOp,
  LogRange, MatchOp, MetricQuery, Query, RangeOp, Span, Stage, Unwrap, UnwrapConversion, VectorMatching, VectorOp,
} from "./ast.ts";
import { isComparison, scalarBinop } from "./binop.ts";
import { LogqlError, parseError, unsupportedError } from "./errors.ts";
import { removeLineFormats } from "./optimize.ts";
import { humanizedBytes, parseBytes, parseGoDurationSeconds, parseNumberLiteral, parseOffsetMs, parsePromDuration, parseQueryDurationSeconds, unquote, unquoteBytes } from "./lexical.ts";
import { RegexSyntaxError, translateRe2 } from "./re2.ts";
import { reorderStages } from "./reorder.ts";
import { ipMatcher } from "./ip-filter.ts";
import { hasError, type LexedQuery, lexedQuery, lokiEdits } from "./loki-lexer.ts";

/** The result of parsing: the tree plus every feature the embedded engine cannot evaluate. */
export interface ParseOutcome {
  query: Query;
  unsupported: LogqlError[];
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Parses `text`; throws LogqlError("parse") on a syntax or validation error. Unsupported features are collected. */
export function parseLogql(text: string): ParseOutcome {
  return new Converter(text).run();
}

/** Parses and rejects unsupported features: throws the first LogqlError. */
export function parseQuery(text: string): Query {
  const outcome = parseLogql(text);
  if (outcome.unsupported.length) throw outcome.unsupported[0]!;
  return outcome.query;
}

const RANGE_OPS: Record<string, RangeOp> = {
  CountOverTime: "count_over_time", Rate: "rate", RateCounter: "rate_counter", BytesOverTime: "bytes_over_time", BytesRate: "bytes_rate",
  AbsentOverTime: "absent_over_time", SumOverTime: "sum_over_time", AvgOverTime: "avg_over_time",
  MinOverTime: "min_over_time", MaxOverTime: "max_over_time", StddevOverTime: "stddev_over_time",
  StdvarOverTime: "stdvar_over_time", QuantileOverTime: "quantile_over_time", FirstOverTime: "first_over_time",
  LastOverTime: "last_over_time",
};
const VECTOR_OPS: Record<string, VectorOp> = {
  Sum: "sum", Avg: "avg", Min: "min", Max: "max", Count: "count", Stddev: "stddev", Stdvar: "stdvar",
  Topk: "topk", Bottomk: "bottomk", Sort: "sort", Sort_Desc: "sort_desc",
};
const BIN_OPS: Record<string, BinOp> = {
  Or: "or", And: "and", Unless: "unless", Add: "+", Sub: "-", Mul: "*", Div: "/", Mod: "%", Pow: "^",
  Eql: "==", Neq: "!=", Gtr: ">", Gte: ">=", Lss: "<", Lte: "<=",
};
const CMP_OPS: Record<string, CmpOp> = { Eq: "==", Eql: "==", Neq: "!=", Gtr: ">", Gte: ">=", Lss: "<", Lte: "<=" };
const MATCH_OPS: Record<string, MatchOp> = { Eq: "=", Neq: "!=", Re: "=~", Nre: "!~" };
const FILTER_OPS: Record<string, LineFilterOp> = { PipeExact: "|=", Neq: "!=", PipeMatch: "|~", Nre: "!~", PipePattern: "|>", Npa: "!>" };

/** Binary operator precedence, lowest first (Loki's grammar: or < and/unless < comparisons < +- < * / % < ^). */
const PRECEDENCE: Record<BinOp, number> = {
  or: 1, and: 2, unless: 2, "==": 3, "!=": 3, ">": 3, ">=": 3, "<": 3, "<=": 3, "+": 4, "-": 4, "*": 5, "/": 5, "%": 5, "^": 6,
};
const UNWRAP_REQUIRED = new Set<RangeOp>([
  "rate_counter", "sum_over_time", "avg_over_time", "min_over_time", "max_over_time", "stddev_over_time", "stdvar_over_time",
  "quantile_over_time", "first_over_time", "last_over_time",
]);
const UNWRAP_FORBIDDEN = new Set<RangeOp>(["count_over_time", "bytes_over_time", "bytes_rate"]);
const NO_GROUPING = new Set<RangeOp>(["count_over_time", "bytes_over_time", "bytes_rate", "rate", "rate_counter", "sum_over_time", "absent_over_time"]);

/** Words Loki's lexer always reads as keywords, which lezer-logql also takes as label names. */
const NAME_KEYWORDS: ReadonlySet<string> = new Set(["by", "without", "and", "or", "unless"]);

interface BinChain {
  operands: MetricQuery[];
  ops: { op: BinOp; bool: boolean; matching: VectorMatching; at: number }[];
}

class Converter {
  private readonly unsupported: LogqlError[] = [];
  /** Loki's tokens where lezer-logql reads others (lokiEdits), when the query is parsed as rewritten there. */
  private lexed: LexedQuery | undefined;
  /** The text lezer-logql parsed: the query with its Go comments blanked, and rewritten where lokiEdits rewrote it. */
  private parsed = "";
  /** The rewritten values and commas a label filter took (each must be, or Loki reads the query otherwise). */
  private readonly taken = new Set<number>();

  constructor(private readonly text: string) {}

  run(): ParseOutcome {
    if (!this.text.trim()) throw new LogqlError("parse", "parse error: the query is empty");
    // Go comments (`// …`, `/* … */`) are spaces to Loki's scanner, and its functions' names are in any case
    // (`RATE(`): lezer-logql parses the query without comments and with those names lowered.
    const all = lokiEdits(this.text);
    const comments = all.filter((e) => e.value === undefined && e.comma === undefined && e.offset === undefined);
    const base = comments.length ? lexedQuery(this.text, comments).text : this.text;
    const tree = parser.parse(base);
    if (hasError(tree.topNode)) {
      // Where lezer-logql fails, Loki's lexer may read the query otherwise (`size > 1Ki`, `size > 1kib != "x"`,
      // `a="1" b="2"`): parse it as Loki's tokens read it, keeping the rewrites a label filter takes (a comma after
      // `by (x)` is none), until every one left is taken.
      let edits = all;
      while (edits.length > comments.length) {
        const lexed = lexedQuery(this.text, edits);
        const retry = parser.parse(lexed.text);
        if (hasError(retry.topNode)) break;
        this.lexed = lexed;
        this.parsed = lexed.text;
        let outcome: ParseOutcome | LogqlError;
        try {
          outcome = this.convert(retry.topNode);
        } catch (err) {
          if (!(err instanceof LogqlError)) throw err;
          outcome = err;
        }
        const untaken = edits.filter(
          (e) => (e.value !== undefined && !this.taken.has(e.from)) || (e.comma !== undefined && !this.taken.has(e.comma)) || (e.offset !== undefined && !this.taken.has(e.offset.rangeEnd)),
        );
        if (!untaken.length) {
          if (outcome instanceof LogqlError) throw outcome;
          return outcome;
        }
        edits = edits.filter((e) => !untaken.includes(e));
        this.lexed = undefined;
        this.unsupported.length = 0;
        this.taken.clear();
      }
    }
    this.parsed = base;
    this.checkSyntax(tree.topNode);
    return this.convert(tree.topNode);
  }

  private convert(top: SyntaxNode): ParseOutcome {
    const tree = { topNode: top };
    const expr = tree.topNode.getChild("Expr");
    if (!expr) throw parseError(this.text, 0, "syntax error: expected a stream selector or a metric query");
    this.checkKeywordNames(top);
    let query = this.expr(expr);
    if (query.kind !== "log") this.checkLabelReplace(query);
    // Loki's frontend shards the query, then each querier drops the line_format stages nothing reads.
    if (query.kind !== "log") query = removeLineFormats(shardMap(query, true));
    if (query.kind === "log") this.checkSelector(query.matchers, query.span.from);
    return { query, unsupported: this.unsupported };
  }

  /**
   * Loki's lexer reads `by`, `without`, `and`, `or` and `unless` (in any case) as keywords wherever they stand, so none
   * is a label name there (`sum by (by)`, `{a="b", or="x"}`, `| keep unless`: 400); lezer-logql takes them as names.
   */
  private checkKeywordNames(top: SyntaxNode): void {
    const cursor = top.cursor();
    do {
      if (cursor.type.name !== "Identifier" && cursor.type.name !== "LabelName") continue;
      const word = this.text.slice(cursor.from, cursor.to).toLowerCase();
      if (NAME_KEYWORDS.has(word)) this.fail(cursor.from, `syntax error: unexpected ${word}`);
    } while (cursor.next());
  }

  // ---------------------------------------------------------------- helpers

  private src(n: SyntaxNode): string {
    return this.text.slice(n.from, n.to);
  }

  private span(n: SyntaxNode): Span {
    return { from: n.from, to: n.to };
  }

  private kids(n: SyntaxNode): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (let c = n.firstChild; c; c = c.nextSibling) if (c.name !== "LineComment") out.push(c);
    return out;
  }

  private child(n: SyntaxNode, name: string): SyntaxNode {
    const c = n.getChild(name);
    if (!c) throw parseError(this.text, n.from, `syntax error: expected ${name} in \`${this.src(n)}\``);
    return c;
  }

  private fail(n: SyntaxNode | number, message: string): never {
    throw parseError(this.text, typeof n === "number" ? n : n.from, message);
  }

  private unsupportedAt(n: SyntaxNode, feature: string): void {
    this.unsupported.push(unsupportedError(this.text, n.from, feature));
  }

  private checkSyntax(top: SyntaxNode): void {
    let found: SyntaxNode | undefined;
    const cursor = top.cursor();
    do {
      if (cursor.type.isError) {
        found = cursor.node;
        break;
      }
    } while (cursor.next());
    if (!found) return;
    const at = found.from;
    const rest = this.text.slice(at).trimStart();
    if (!rest) this.fail(this.text.length, "syntax error: unexpected end of query");
    const from = at + (this.text.slice(at).length - rest.length);
    // A name with letters outside ASCII (`by (ключ)`, `keep café`): Loki's lexer (Go's text/scanner) reads it as one
    // identifier and takes it in groupings, keep, drop and label_format; lezer-logql stops at its first such letter.
    if (/^[^\x00-\x7f]/.test(rest) && /^\p{L}/u.test(rest)) {
      const start = from - /[A-Za-z0-9_]*$/.exec(this.text.slice(0, from))![0].length;
      const name = /^[\p{L}\p{N}_]+/u.exec(this.text.slice(start))![0];
      throw unsupportedError(this.text, start, `the label name ${name}`);
    }
    const token = /^(?:[A-Za-z_][A-Za-z0-9_]*|"(?:[^"\\]|\\.)*"?|`[^`]*`?|'[^']*'?|\d+\w*|[|!=~<>]{1,2}|.)/.exec(rest)![0];
    const hint = token.startsWith("'") ? " (LogQL strings use double quotes or backticks)" : "";
    this.fail(from, `syntax error: unexpected ${JSON.stringify(token)}${hint}`);
  }

  private string(n: SyntaxNode): string {
    const raw = this.src(n);
    const read = unquoteBytes(raw);
    if (read === undefined) {
      if (raw.startsWith("'")) this.fail(n, "syntax error: LogQL strings use double quotes or backticks, not single quotes");
      this.fail(n, `syntax error: invalid string literal ${raw}`);
    }
    if (!read.utf8) this.unsupportedAt(n, `the string ${raw}, whose \\x or octal escapes are no UTF-8 text (Loki matches those bytes as they are)`);
    return read.value;
  }

  private labelName(n: SyntaxNode, what = "label name"): string {
    const name = this.src(n);
    if (!LABEL_NAME.test(name)) this.fail(n, `invalid ${what} ${JSON.stringify(name)}`);
    return name;
  }

  /** The number at `n`, written `text` (its source unless lokiEdits rewrote it). */
  private number(n: SyntaxNode, text = this.src(n)): number {
    // Loki's lexer (Go's text/scanner) reads a whole number with a leading 0 as octal.
    const octal = /^0\d*?([89])\d*$/.exec(text);
    if (octal) this.fail(n, `invalid digit '${octal[1]}' in octal literal`);
    const v = parseNumberLiteral(text);
    if (v === undefined) {
      const hex = /^0[xX][0-9a-fA-F]+$/.test(text) ? ` (write it in decimal: ${text} is ${parseInt(text.slice(2), 16)})` : "";
      this.fail(n, `unable to parse ${text} as a float: strconv.ParseFloat: parsing ${JSON.stringify(text)}: invalid syntax, as Loki 3.4.6 refuses it${hex}`);
    }
    return v;
  }

  private regex(n: SyntaxNode, pattern: string): void {
    try {
      translateRe2(pattern);
    } catch (err) {
      if (!(err instanceof RegexSyntaxError)) throw err;
      if (err.unsupported) this.unsupportedAt(n, `the regular expression ${JSON.stringify(pattern)} uses ${err.message}, which`);
      else this.fail(n, `${err.message} in ${JSON.stringify(pattern)}`);
    }
  }

  // ---------------------------------------------------------------- expressions

  private expr(n: SyntaxNode): Query {
    const inner = this.kids(n)[0];
    if (!inner) this.fail(n, "syntax error: empty expression");
    if (inner.name === "LogExpr") return this.logExpr(inner);
    if (inner.name === "MetricExpr") return this.metricExpr(inner);
    this.fail(inner, `syntax error: unexpected ${inner.name}`);
  }

  private logExpr(n: SyntaxNode): Query {
    const inner = n.getChild("LogExpr");
    if (inner) return this.logExpr(inner);
    const matchers = this.selector(this.child(n, "Selector"));
    const pipeline = n.getChild("PipelineExpr");
    return { kind: "log", matchers, stages: pipeline ? this.pipeline(pipeline) : [], span: this.span(n) };
  }

  private selector(n: SyntaxNode): LabelMatcher[] {
    const list = n.getChild("Matchers");
    if (!list) this.fail(n, "syntax error: a stream selector needs at least one label matcher");
    const out: LabelMatcher[] = [];
    const walk = (m: SyntaxNode) => {
      for (const c of this.kids(m)) {
        if (c.name === "Matchers") walk(c);
        else if (c.name === "Matcher") out.push(this.matcher(c));
      }
    };
    walk(list);
    return out;
  }

  private matcher(n: SyntaxNode): LabelMatcher {
    const [id, op, str] = this.kids(n);
    if (!id || !op || !str) this.fail(n, "syntax error: malformed label matcher");
    const name = this.labelName(id);
    const mop = MATCH_OPS[op.name];
    if (!mop) this.fail(op, `syntax error: unexpected ${this.src(op)} in label matcher`);
    const value = this.string(str);
    if (mop === "=~" || mop === "!~") this.regex(str, value);
    return { name, op: mop, value };
  }

  /**
   * Loki 3.4.6 checks a label_replace by the selector its expression stands on: a range aggregation's, a vector(…)'s
   * (none, which passes), a binary operation's left side's, an aggregation's or label_replace's own expression's. A
   * number there has no selector, and the query fails as one matching every stream does: `label_replace(1, …)`,
   * `label_replace(2 * count_over_time(…), …)` (its left side is 2), `label_replace((1 + 2) * vector(1), …)`; each
   * label_replace is checked, one inside another's expression too.
   */
  private checkLabelReplace(q: MetricQuery): void {
    const standsOnNumber = (e: MetricQuery): boolean =>
      e.kind === "literal" || ((e.kind === "vector_agg" || e.kind === "label_replace") && standsOnNumber(e.expr)) || (e.kind === "binop" && standsOnNumber(e.left));
    if (q.kind === "binop") {
      this.checkLabelReplace(q.left);
      this.checkLabelReplace(q.right);
    } else if (q.kind === "vector_agg") this.checkLabelReplace(q.expr);
    else if (q.kind === "label_replace") {
      if (standsOnNumber(q.expr))
        this.fail(q.span.from, 'queries require at least one regexp or equality matcher that does not have an empty-compatible value. For instance, app=~".*" does not meet this requirement, but app=~".+" will');
      this.checkLabelReplace(q.expr);
    }
  }

  /** Loki refuses selectors that would match every stream (only empty-compatible matchers). */
  private checkSelector(matchers: LabelMatcher[], at: number): void {
    const ok = matchers.some((m) => {
      if (m.op === "=") return m.value !== "";
      if (m.op !== "=~") return false;
      try {
        const t = translateRe2(m.value);
        return !new RegExp(`^(?:${t.source})$`, t.flags).test("");
      } catch {
        return true; // an untranslatable regex is reported as unsupported already
      }
    });
    if (!ok)
      this.fail(at, 'queries require at least one regexp or equality matcher that does not have an empty-compatible value. For instance, app=~".*" does not meet this requirement, but app=~".+" will');
  }

  // ---------------------------------------------------------------- pipeline

  private pipeline(n: SyntaxNode): Stage[] {
    const stages: Stage[] = [];
    const walk = (p: SyntaxNode) => {
      for (const c of this.kids(p)) {
        if (c.name === "PipelineExpr") walk(c);
        else if (c.name === "PipelineStage") stages.push(...this.stage(c));
      }
    };
    walk(n);
    return reorderStages(stages);
  }

  private stage(n: SyntaxNode): Stage[] {
    const kids = this.kids(n).filter((k) => k.name !== "Pipe");
    const first = kids[0];
    if (!first) this.fail(n, "syntax error: empty pipeline stage");
    const span = this.span(n);
    switch (first.name) {
      case "LineFilters":
        return this.lineFilters(first);
      case "LabelParser":
        return [this.labelParser(first, span)];
      case "LogfmtParser":
      case "LogfmtExpressionParser":
        return [this.logfmt(first, span)];
      case "JsonExpressionParser":
        return [{ kind: "json", extractions: this.extractions(this.child(first, "LabelExtractionExpressionList"), "json"), span }];
      case "LabelFilter":
        return [{ kind: "label_filter", filter: this.labelFilter(first), span }];
      case "LineFormatExpr":
        return [{ kind: "line_format", template: this.string(this.child(first, "String")), span }];
      case "LabelFormatExpr":
        return [{ kind: "label_format", items: this.labelFormat(first), span }];
      case "DecolorizeExpr":
        return [{ kind: "decolorize", span }];
      case "DropLabelsExpr":
        return [{ kind: "drop", items: this.dropKeep(first, "DropLabels", "DropLabel"), span }];
      case "KeepLabelsExpr":
        return [{ kind: "keep", items: this.dropKeep(first, "KeepLabels", "KeepLabel"), span }];
      default:
        this.fail(first, `syntax error: unexpected ${JSON.stringify(this.src(first))}`);
    }
  }

  private lineFilters(n: SyntaxNode): Stage[] {
    const out: Stage[] = [];
    for (const c of this.kids(n)) {
      if (c.name === "LineFilters") out.push(...this.lineFilters(c));
      else if (c.name === "LineFilter") out.push(this.lineFilter(c));
      // lezer-logql hangs an `or` after an ip() filter beside the filter, not inside it.
      else if (c.name === "OrFilter") this.unsupportedAt(c, "the ip() line filter in an `or` chain");
    }
    return out;
  }

  private lineFilter(n: SyntaxNode): Stage {
    const filter = this.child(n, "Filter");
    const opNode = this.kids(filter)[0];
    const op = opNode ? FILTER_OPS[opNode.name] : undefined;
    if (!op) this.fail(filter, `syntax error: unexpected line filter ${this.src(filter)}`);
    const values: string[] = [];
    const ips: SyntaxNode[] = [];
    const collect = (m: SyntaxNode) => {
      for (const c of this.kids(m)) {
        if (c.name === "String") values.push(this.string(c));
        else if (c.name === "OrFilter") collect(c);
        else if (c.name === "FilterOp") ips.push(c);
      }
    };
    collect(n);
    if (!values.length) this.fail(n, "syntax error: a line filter needs a string");
    // One `|= ip("…")` or `!= ip("…")`. After another operator Loki 3.4.6 answers 400; in an `or` chain it stays Loki's to run.
    if (ips.length) {
      if (op !== "|=" && op !== "!=") this.fail(ips[0]!, "ip: invalid operation (an ip() line filter takes |= or !=)");
      if (ips.length > 1 || values.length > 1) {
        this.unsupportedAt(ips[0]!, "the ip() line filter in an `or` chain");
        return { kind: "line_filter", op, values, span: this.span(n) };
      }
      const pattern = values[0]!;
      this.checkIpPattern(ips[0]!, pattern);
      return { kind: "ip_filter", negative: op === "!=", pattern, span: this.span(n) };
    }
    if (op === "|~" || op === "!~") for (const v of values) this.regex(n, v);
    if (op === "|>" || op === "!>") for (const v of values) this.checkPattern(n, v, true);
    return { kind: "line_filter", op, values, span: this.span(n) };
  }

  /** An ip() pattern as Loki reads it (an address, a CIDR prefix or a from-to range); one it cannot read fails the query, as in Loki. */
  private checkIpPattern(n: SyntaxNode, pattern: string): void {
    if (!ipMatcher(pattern)) this.fail(n, `ip: invalid pattern: ${JSON.stringify(pattern)}`);
  }

  private labelParser(n: SyntaxNode, span: Span): Stage {
    const kind = this.kids(n)[0]!;
    switch (kind.name) {
      case "Json":
        return { kind: "json", extractions: [], span };
      case "Logfmt":
        return { kind: "logfmt", strict: false, keepEmpty: false, extractions: [], span };
      case "Unpack":
        return { kind: "unpack", span };
      case "Regexp": {
        const strNode = this.child(n, "String");
        const pattern = this.string(strNode);
        this.regex(strNode, pattern);
        let names: string[] = [];
        try {
          names = translateRe2(pattern).names;
        } catch {
          names = [];
        }
        if (!names.length && !this.unsupported.length) this.fail(strNode, "at least one named capture must be supplied");
        const seen = new Set<string>();
        for (const name of names) {
          // Go's group names may start with a digit; Loki's regexp parser wants label names.
          if (!/^[A-Za-z_]/.test(name)) this.fail(strNode, `invalid extracted label name '${name}'`);
          if (seen.has(name)) this.fail(strNode, `duplicate extracted label name '${name}'`);
          seen.add(name);
        }
        return { kind: "regexp", pattern, span };
      }
      case "Pattern": {
        const strNode = this.child(n, "String");
        const pattern = this.string(strNode);
        this.checkPattern(strNode, pattern, false);
        return { kind: "pattern", pattern, span };
      }
      default:
        this.fail(kind, `syntax error: unexpected parser ${this.src(kind)}`);
    }
  }

  /** Validates a pattern expression: captures `<name>` must be separated by literals; a parser needs a named capture. */
  private checkPattern(n: SyntaxNode, pattern: string, isFilter: boolean): void {
    const parts = pattern.split(/(<[^<>]*>)/).filter((p) => p !== "");
    let named = 0;
    let prevCapture = false;
    const names = new Set<string>();
    for (const p of parts) {
      const capture = /^<([A-Za-z_][A-Za-z0-9_]*)>$/.exec(p);
      if (capture) {
        if (prevCapture) this.fail(n, `invalid pattern ${JSON.stringify(pattern)}: found consecutive captures`);
        if (capture[1] !== "_" && names.has(capture[1]!)) this.fail(n, `invalid pattern ${JSON.stringify(pattern)}: duplicate capture name (${capture[1]})`);
        names.add(capture[1]!);
        if (capture[1] !== "_") named++;
        prevCapture = true;
      } else prevCapture = false;
    }
    if (!isFilter && named === 0) this.fail(n, `invalid pattern ${JSON.stringify(pattern)}: at least one capture is required`);
    // Loki 3.4.6 refuses `|> "<method> <_>"` (400): a line filter matches, it extracts nothing.
    if (isFilter && named > 0) this.fail(n, `invalid pattern ${JSON.stringify(pattern)}: named captures are not allowed in a line filter (use <_>, or the | pattern parser to extract)`);
  }

  private logfmt(n: SyntaxNode, span: Span): Stage {
    const flags: string[] = [];
    const walkFlags = (f: SyntaxNode) => {
      for (const c of this.kids(f)) {
        if (c.name === "ParserFlag") flags.push(this.src(c));
        else if (c.name === "LogfmtParserFlags") walkFlags(c);
      }
    };
    const flagNode = n.getChild("LogfmtParserFlags");
    if (flagNode) walkFlags(flagNode);
    for (const f of flags) if (f !== "--strict" && f !== "--keep-empty") this.fail(n, `invalid logfmt flag ${f}`);
    const list = n.getChild("LabelExtractionExpressionList");
    return {
      kind: "logfmt",
      strict: flags.includes("--strict"),
      keepEmpty: flags.includes("--keep-empty"),
      extractions: list ? this.extractions(list, "logfmt") : [],
      span,
    };
  }

  private extractions(n: SyntaxNode, parserName: string): Extraction[] {
    const out: Extraction[] = [];
    const walk = (l: SyntaxNode) => {
      for (const c of this.kids(l)) {
        if (c.name === "LabelExtractionExpressionList" || c.name === "JsonExpressionList") walk(c);
        else if (c.name === "LabelExtractionExpression" || c.name === "JsonExpression") {
          const id = this.child(c, "Identifier");
          const name = this.labelName(id, "extracted label name");
          const str = c.getChild("String");
          const written = str ? this.string(str) : name;
          const path = parserName === "json" ? this.jsonPath(str ?? id, written) : this.logfmtPath(str ?? id, written);
          out.push({ name, path });
        }
      }
    };
    walk(n);
    return out;
  }

  /**
   * Validates a `| json a="x.y[0]"` expression as Loki 3.4.6's grammar reads it — fields of ASCII letters, digits and
   * `_` not starting with a digit, `[N]`, `["key"]` (taken as written: a backslash is a backslash, a `"` ends it), spaces
   * between them — and returns it without those spaces.
   */
  private jsonPath(n: SyntaxNode, path: string): string {
    const field = "[A-Za-z_][A-Za-z0-9_]*";
    const index = '\\[\\s*(?:\\d+|"[^"]*")\\s*\\]';
    if (!new RegExp(`^\\s*(?:${field}|${index})(?:\\s*(?:\\.\\s*${field}|${index}))*\\s*$`).test(path)) this.fail(n, `cannot parse json expression [${path}]`);
    return path.replace(/"[^"]*"|\s+/g, (m) => (m.startsWith('"') ? m : ""));
  }

  /** Validates a `| logfmt a="b"` expression as Loki 3.4.6 reads it — one key, bare (`b`) or quoted (`"\"b-c\""`) — and returns the key. */
  private logfmtPath(n: SyntaxNode, path: string): string {
    const key = path.trim();
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return key;
    const quoted = key.startsWith('"') ? unquote(key) : undefined;
    if (quoted === undefined) this.fail(n, `cannot parse logfmt expression [${path}]`);
    return quoted;
  }

  private labelFormat(n: SyntaxNode): LabelFormatItem[] {
    const items: LabelFormatItem[] = [];
    const walk = (l: SyntaxNode) => {
      for (const c of this.kids(l)) {
        if (c.name === "LabelsFormat") walk(c);
        else if (c.name === "LabelFormatMatcher") {
          const [dstNode, , value] = this.kids(c);
          if (!dstNode || !value) this.fail(c, "syntax error: malformed label_format");
          const dst = this.labelName(dstNode);
          if (dst === "__error__") this.fail(c, "the __error__ label cannot be set by label_format");
          if (items.some((i) => i.dst === dst)) this.fail(c, `label name '${dst}' appears twice in one label_format stage`);
          if (value.name === "String") items.push({ dst, template: this.string(value) });
          else items.push({ dst, src: this.labelName(value) });
        }
      }
    };
    walk(this.child(n, "LabelsFormat"));
    return items;
  }

  private dropKeep(n: SyntaxNode, listName: string, itemName: string): DropKeepItem[] {
    const items: DropKeepItem[] = [];
    const walk = (l: SyntaxNode) => {
      for (const c of this.kids(l)) {
        if (c.name === listName) walk(c);
        else if (c.name === itemName) {
          const m = c.getChild("Matcher");
          if (m) {
            const matcher = this.matcher(m);
            items.push({ name: matcher.name, matcher });
          } else items.push({ name: this.labelName(this.child(c, "Identifier")) });
        }
      }
    };
    walk(this.child(n, listName));
    return items;
  }

  // ---------------------------------------------------------------- label filters

  /**
   * A chain of label filters grouped as Loki 3.4.6's parser (goyacc, expr.y) groups it: `or` binds less tightly than
   * `and`, both to the left (`a or b and c` is `a or (b and c)`, `a and b or c` is `(a and b) or c`); a comma has no
   * precedence there, so the parser shifts on either side of one and everything after a comma groups to the right:
   * `a or b, c` is `a or (b, c)`, `a, b or c` is `a, (b or c)`. Only `or` tells the groupings apart (it skips its right
   * side once the left passes, where `and` runs both).
   */
  private labelFilter(n: SyntaxNode): LabelFilterExpr {
    const atoms: LabelFilterExpr[] = [];
    const conns: ("and" | "or" | ",")[] = [];
    const flatten = (f: SyntaxNode) => {
      const kids = this.kids(f);
      const subFilters = kids.filter((k) => k.name === "LabelFilter");
      if (subFilters.length === 2) {
        flatten(subFilters[0]!);
        conns.push(kids.some((k) => k.name === "Or") ? "or" : kids.some((k) => k.name === "And") ? "and" : ",");
        if (this.lexed) for (let at = subFilters[0]!.to; at < subFilters[1]!.from; at++) if (this.lexed.commas.has(at)) this.taken.add(at);
        flatten(subFilters[1]!);
      } else atoms.push(this.labelFilterAtom(f));
    };
    flatten(n);
    const values: LabelFilterExpr[] = [atoms[0]!];
    const ops: ("and" | "or" | ",")[] = [];
    const reduce = () => {
      const op = ops.pop()!;
      const right = values.pop()!;
      const left = values.pop()!;
      values.push({ kind: op === "or" ? "or" : "and", left, right });
    };
    const prec = { or: 1, and: 2, ",": 0 };
    conns.forEach((op, i) => {
      for (let top = ops.at(-1); top !== undefined && top !== "," && op !== "," && prec[top] >= prec[op]; top = ops.at(-1)) reduce();
      ops.push(op);
      values.push(atoms[i + 1]!);
    });
    while (ops.length) reduce();
    return values[0]!;
  }

  private labelFilterAtom(n: SyntaxNode): LabelFilterExpr {
    const kids = this.kids(n);
    const inner = kids[0];
    if (!inner) this.fail(n, "syntax error: empty label filter");
    switch (inner.name) {
      case "LabelFilter":
        return this.labelFilter(inner); // parenthesised
      case "Matcher":
        return { kind: "match", matcher: this.matcher(inner) };
      case "IpLabelFilter": {
        const [id, op, , str] = this.kids(inner);
        if (!id || !op || !str || (op.name !== "Eq" && op.name !== "Neq")) this.fail(inner, "syntax error: malformed ip() label filter");
        const pattern = this.string(str);
        this.checkIpPattern(str, pattern);
        return { kind: "ip", name: this.labelName(id), negative: op.name === "Neq", pattern };
      }
      case "UnitFilter": {
        const f = this.kids(inner)[0]!;
        const [id, op, value] = this.kids(f);
        if (!id || !op || !value) this.fail(f, "syntax error: malformed label filter");
        const name = this.labelName(id);
        const cmp = CMP_OPS[op.name];
        if (!cmp) this.fail(op, `syntax error: unexpected ${this.src(op)}`);
        return this.unitFilter(f.name === "DurationFilter" ? "duration" : "bytes", name, cmp, value, this.src(value));
      }
      case "NumberFilter": {
        const [id, op, value] = this.kids(inner);
        if (!id || !op || !value) this.fail(inner, "syntax error: malformed label filter");
        const cmp = CMP_OPS[op.name];
        if (!cmp) this.fail(op, `syntax error: unexpected ${this.src(op)}`);
        const lexed = this.lexed?.values.get(value.from);
        if (lexed !== undefined) {
          this.taken.add(value.from);
          if (lexed.kind === "number") return { kind: "number", name: this.labelName(id), op: cmp, value: this.number(value, lexed.text) };
          return this.unitFilter(lexed.kind, this.labelName(id), cmp, value, lexed.text);
        }
        // Loki 3.4.6 reads a hex number in a label filter as 0 (`status >= 0x1F4` keeps every line): refused, not guessed.
        if (/0[xX]/.test(this.src(value))) this.fail(value, `${this.src(value)}: Loki 3.4.6 reads a hexadecimal number in a label filter as 0; write it in decimal (0x1F4 is 500)`);
        // `-0` is a DURATION token to Loki's lexer (minusDuration), which a label filter takes: `v <= -0` compares durations.
        const written = this.src(value);
        if (/^-[\p{N}numsµhdwy.]+$/u.test(written) && parseGoDurationSeconds(written) !== undefined) return this.unitFilter("duration", this.labelName(id), cmp, value, written);
        return { kind: "number", name: this.labelName(id), op: cmp, value: this.literal(value) };
      }
      default:
        this.fail(inner, `syntax error: unexpected ${JSON.stringify(this.src(inner))} in label filter`);
    }
  }

  /** A duration or bytes label filter of the value `text` (written at `value`). */
  private unitFilter(kind: "duration" | "bytes", name: string, cmp: CmpOp, value: SyntaxNode, text: string): LabelFilterExpr {
    if (kind === "duration") {
      const seconds = parseQueryDurationSeconds(text);
      if (seconds === undefined) this.fail(value, `invalid duration ${text}`);
      return { kind: "duration", name, op: cmp, seconds };
    }
    // Go's scanner, which Loki's lexer uses, reads `1PB` as a float with a `P` exponent first and refuses it.
    if (/^[\d.]+[Pp]/.test(text)) this.fail(value, `'P' exponent requires hexadecimal mantissa (Loki 3.4.6 refuses a size in PB or PiB: write it in TB or TiB, 1PB is 1000TB and 1PiB 1024TiB)`);
    const bytes = parseBytes(text);
    if (bytes === undefined) this.fail(value, `invalid byte size ${text}`);
    // Loki's frontend prints the filter back as `0B` and re-reads it, which Go's scanner takes for a binary
    // literal without digits: every size that is 0 bytes (`0B`, `0KB`, `0.4B`) fails the query.
    if (Math.trunc(bytes) === 0) this.fail(value, `binary literal has no digits (a size of 0 bytes, \`${text}\`, fails in Loki 3.4.6; write \`< 1B\` or \`>= 1B\`)`);
    return { kind: "bytes", name, op: cmp, bytes: humanizedBytes(bytes) };
  }

  private literal(n: SyntaxNode): number {
    if (n.name === "Number") return this.number(n);
    const num = this.child(n, "Number");
    const sub = n.getChild("Sub");
    if (sub) this.minusDuration(sub);
    const v = this.number(num);
    return sub ? -v : v;
  }

  /**
   * Loki's lexer reads a `-` and the digits, `.` and duration units right after it as a duration when Go's
   * time.ParseDuration takes them: `-0` (as Go takes "0" without a unit) is a DURATION token, which no metric
   * expression takes, so `x -0`, `x-0`, `x * -0` and `-0` are syntax errors in Loki 3.4.6 (`- 0`, `-00`, `-0.0` are not).
   */
  private minusDuration(sub: SyntaxNode): void {
    let scanned = "";
    for (const c of this.text.slice(sub.to)) {
      if (!/[\p{N}numsµhdwy.]/u.test(c)) break;
      scanned += c;
    }
    if (scanned !== "" && parseGoDurationSeconds(`-${scanned}`) !== undefined) this.fail(sub, "syntax error: unexpected DURATION");
  }

  // ---------------------------------------------------------------- metric queries

  private metricExpr(n: SyntaxNode): MetricQuery {
    const inner = this.kids(n)[0];
    if (!inner) this.fail(n, "syntax error: empty expression");
    const span = this.span(n);
    switch (inner.name) {
      case "MetricExpr":
        return this.metricExpr(inner); // parenthesised
      case "RangeAggregationExpr":
        return this.rangeAgg(inner);
      case "VectorAggregationExpr":
        return this.vectorAgg(inner);
      case "BinOpExpr":
        return this.binChain(n);
      case "LiteralExpr":
        return { kind: "literal", value: this.literal(inner), span };
      case "VectorExpr":
        return { kind: "vector", value: this.number(this.child(inner, "Number")), span };
      case "LabelReplaceExpr": {
        const strs = inner.getChildren("String").map((s) => this.string(s));
        if (strs.length !== 4) this.fail(inner, "syntax error: label_replace needs 4 string arguments");
        const [dst, replacement, src, regex] = strs as [string, string, string, string];
        // Loki 3.4.6 takes any destination name ("1bad", "a-b", even ""), unlike Prometheus: so does the engine.
        this.regex(inner, regex);
        return { kind: "label_replace", expr: this.metricExpr(this.child(inner, "MetricExpr")), dst, replacement, src, regex, span };
      }
      default:
        if (inner.name === "LogExpr") this.fail(inner, "a log query cannot be used inside a metric query; wrap it in a range aggregation such as count_over_time(…[5m])");
        this.fail(inner, `syntax error: unexpected ${JSON.stringify(this.src(inner))}`);
    }
  }

  private rangeAgg(n: SyntaxNode): MetricQuery {
    const opNode = this.kids(this.child(n, "RangeOp"))[0]!;
    const op = RANGE_OPS[opNode.name];
    const span = this.span(n);
    const range = this.logRange(this.child(n, "LogRangeExpr"));
    const paramNode = n.getChild("Number");
    const groupingNode = n.getChild("Grouping");
    if (!op) {
      this.unsupportedAt(opNode, `the range function ${this.src(opNode)}()`);
      return { kind: "range_agg", op: "count_over_time", range, span };
    }
    if (UNWRAP_REQUIRED.has(op) && !range.unwrap) this.fail(n, `invalid aggregation ${op} without unwrap`);
    if (UNWRAP_FORBIDDEN.has(op) && range.unwrap) this.fail(n, `invalid aggregation ${op} with unwrap`);
    if (groupingNode && (NO_GROUPING.has(op) || !range.unwrap)) this.fail(groupingNode, `grouping not allowed for ${op} aggregation`);
    let param: number | undefined;
    if (op === "quantile_over_time") {
      if (!paramNode) this.fail(n, "parameter required for operation quantile_over_time");
      param = this.number(paramNode);
    } else if (paramNode) this.fail(paramNode, `parameter not supported for operation ${op}`);
    const grouping = groupingNode ? this.grouping(groupingNode) : undefined;
    return { kind: "range_agg", op, param, range, grouping, span };
  }

  private logRange(n: SyntaxNode): LogRange {
    const nested = n.getChild("LogRangeExpr");
    if (nested) return this.logRange(nested);
    const matchers = this.selector(this.child(n, "Selector"));
    this.checkSelector(matchers, n.from);
    const pipeline = n.getChild("PipelineExpr");
    const rangeNode = this.child(n, "Range");
    // Loki's lexer reads everything between the brackets as the duration: a space or a comment there is no duration.
    const rangeText = this.src(rangeNode).slice(1, -1);
    if (rangeText !== this.src(this.child(rangeNode, "Duration"))) this.fail(rangeNode, `invalid range ${this.src(rangeNode)}: Loki 3.4.6 reads all of ${JSON.stringify(rangeText)} as the duration (write it without spaces)`);
    const rangeMs = parsePromDuration(rangeText);
    // Loki takes [0s]: a window of no time holds no line, so the answer is empty.
    if (rangeMs === undefined) this.fail(rangeNode, `invalid range ${this.src(rangeNode)}`);
    const offsetNode = n.getChild("OffsetExpr");
    let offsetMs = 0;
    if (offsetNode) {
      const d = parseOffsetMs(this.src(this.child(offsetNode, "Duration")));
      if (d === undefined) this.fail(offsetNode, `invalid offset ${this.src(offsetNode)}`);
      offsetMs = d;
    }
    const unwrapNode = n.getChild("UnwrapExpr");
    // `| unwrap x [5m] offset 1m`: the offset the lexer pass blanked after this range (see lokiEdits).
    const blanked = this.lexed?.offsets.get(rangeNode.to);
    if (blanked !== undefined && unwrapNode) {
      const d = parseOffsetMs(blanked);
      if (d === undefined) this.fail(rangeNode.to, `invalid offset ${blanked}`);
      offsetMs = d;
      this.taken.add(rangeNode.to);
    }
    const stages = pipeline ? this.pipeline(pipeline) : [];
    for (const st of stages)
      if (st.kind === "logfmt" && st.extractions.length > 1)
        this.unsupported.push(
          unsupportedError(this.text, st.span.from, "`logfmt` with several keys in a metric query (Loki 3.4.6 fills in only the first of them it finds on a line there; write one `| logfmt key` stage per key)"),
        );
    return {
      matchers,
      stages,
      rangeMs,
      offsetMs,
      unwrap: unwrapNode ? this.unwrap(unwrapNode) : undefined,
      span: this.span(n),
    };
  }

  private unwrap(n: SyntaxNode): Unwrap {
    const nested = n.getChild("UnwrapExpr");
    if (nested) {
      const base = this.unwrap(nested);
      base.postFilters.push(this.labelFilter(this.child(n, "LabelFilter")));
      return base;
    }
    const conv = n.getChild("ConvOp");
    let conversion: UnwrapConversion = "float";
    if (conv) conversion = this.kids(conv)[0]!.name === "BytesConv" ? "bytes" : "duration";
    return { label: this.labelName(this.child(n, "Identifier")), conversion, postFilters: [] };
  }

  private grouping(n: SyntaxNode): Grouping {
    const without = !!n.getChild("Without");
    const labels: string[] = [];
    const walk = (l: SyntaxNode) => {
      for (const c of this.kids(l)) {
        if (c.name === "Labels") walk(c);
        else if (c.name === "Identifier") labels.push(this.labelName(c));
      }
    };
    const list = n.getChild("Labels");
    if (list) walk(list);
    return { without, labels };
  }

  private vectorAgg(n: SyntaxNode): MetricQuery {
    const opNode = this.kids(this.child(n, "VectorOp"))[0]!;
    const op = VECTOR_OPS[opNode.name];
    const span = this.span(n);
    const expr = this.metricExpr(this.child(n, "MetricExpr"));
    const groupingNode = n.getChild("Grouping");
    const paramNode = n.getChild("Number");
    if (!op) {
      this.unsupportedAt(opNode, `the aggregation ${this.src(opNode)}()`);
      return { kind: "vector_agg", op: "sum", expr, span };
    }
    let param: number | undefined;
    if (op === "topk" || op === "bottomk") {
      if (!paramNode) this.fail(n, `parameter required for operation ${op}`);
      const raw = this.src(paramNode);
      if (!/^\d+$/.test(raw)) this.fail(paramNode, `invalid parameter for operation ${op}: ${raw} is not an integer`);
      param = Number(raw);
      if (param <= 0) this.fail(paramNode, `invalid parameter (must be greater than 0) for operation ${op}`);
    } else if (paramNode) this.fail(paramNode, `parameter not supported for operation ${op}`);
    if ((op === "sort" || op === "sort_desc") && groupingNode) this.fail(groupingNode, `grouping not allowed for ${op} aggregation`);
    if (expr.kind === "literal") this.fail(n, `unexpected literal for ${op} aggregation: it needs a vector`);
    return { kind: "vector_agg", op, param, grouping: groupingNode ? this.grouping(groupingNode) : undefined, expr, span };
  }

  /** lezer-logql does not give binary operators their precedence, so a chain is flattened and re-associated here. */
  private binChain(n: SyntaxNode): MetricQuery {
    const chain: BinChain = { operands: [], ops: [] };
    this.flattenBin(n, chain);
    let pos = 0;
    const parse = (minPrec: number): MetricQuery => {
      let left = chain.operands[pos]!;
      while (pos < chain.ops.length) {
        const next = chain.ops[pos]!;
        const prec = PRECEDENCE[next.op];
        if (prec < minPrec) break;
        pos++;
        const right = parse(next.op === "^" ? prec : prec + 1);
        left = this.makeBinop(next, left, right);
      }
      return left;
    };
    return parse(0);
  }

  /** Collects operands and operators of a MetricExpr holding a BinOpExpr, in source order. */
  private flattenBin(metric: SyntaxNode, chain: BinChain): void {
    const bin = metric.getChild("BinOpExpr");
    if (!bin) {
      chain.operands.push(this.metricExpr(metric));
      return;
    }
    const kids = this.kids(bin);
    const exprs = kids.filter((k) => k.name === "Expr");
    const opNode = kids.find((k) => k.name in BIN_OPS);
    const modNode = kids.find((k) => k.name === "BinOpModifier");
    const [leftExpr, rightExpr] = exprs;
    if (!leftExpr || !opNode || !rightExpr) this.fail(bin, "syntax error: malformed binary expression");
    this.flattenOperand(leftExpr, chain);
    const op = BIN_OPS[opNode.name]!;
    if (op === "-") this.minusDuration(opNode);
    const { bool, matching } = this.binModifier(modNode, op);
    chain.ops.push({ op, bool, matching, at: opNode.from });
    this.flattenOperand(rightExpr, chain);
  }

  private flattenOperand(expr: SyntaxNode, chain: BinChain): void {
    const inner = this.kids(expr)[0];
    if (!inner) this.fail(expr, "syntax error: empty operand");
    if (inner.name === "LogExpr") this.fail(inner, "binary operations need metric queries or numbers on both sides, not a log query");
    if (inner.name === "MetricExpr" && inner.getChild("BinOpExpr")) this.flattenBin(inner, chain);
    else if (inner.name === "MetricExpr") chain.operands.push(this.metricExpr(inner));
    else this.fail(inner, `syntax error: unexpected ${JSON.stringify(this.src(inner))}`);
  }

  private binModifier(n: SyntaxNode | undefined, op: BinOp): { bool: boolean; matching: VectorMatching } {
    const matching: VectorMatching = { on: false, labels: [], card: "one-to-one", include: [] };
    if (!n) return { bool: false, matching };
    // Loki 3.4.6 takes `bool` after any operator (only a comparison heeds it: `6 / bool 3` is 2), and group_left or
    // group_right after and, or and unless (which match as without them), where Prometheus refuses both.
    const bool = !!n.getChild("Bool");
    const onIg = n.getChild("OnOrIgnoringModifier");
    if (onIg) {
      matching.on = !!onIg.getChild("On");
      matching.labels = this.groupingLabels(onIg.getChild("GroupingLabels"));
    }
    const left = n.getChild("GroupLeft");
    const right = n.getChild("GroupRight");
    if (left || right) {
      matching.card = left ? "many-to-one" : "one-to-many";
      matching.include = this.groupingLabels(n.getChildren("GroupingLabels").find((g) => g.from > (left ?? right)!.from) ?? null);
    }
    return { bool, matching };
  }

  private groupingLabels(n: SyntaxNode | null): string[] {
    if (!n) return [];
    // Loki's grammar takes no trailing comma in on(…), ignoring(…), group_left(…) and group_right(…).
    const comma = /,(\s|#[^\n]*)*\)$/.exec(this.parsed.slice(n.from, n.to));
    if (comma) this.fail(n.to - 1, "syntax error: unexpected ), expecting IDENTIFIER");
    const out: string[] = [];
    const walk = (l: SyntaxNode) => {
      for (const c of this.kids(l)) {
        if (c.name === "GroupingLabelList" || c.name === "GroupingLabel") walk(c);
        else if (c.name === "LabelName" || c.name === "Identifier") out.push(this.src(c));
      }
    };
    walk(n);
    return out;
  }

  private makeBinop(o: BinChain["ops"][number], left: MetricQuery, right: MetricQuery): MetricQuery {
    const span = { from: left.span.from, to: right.span.to };
    const setOp = o.op === "and" || o.op === "or" || o.op === "unless";
    if (setOp && (left.kind === "literal" || right.kind === "literal"))
      this.fail(o.at, `unexpected literal for ${left.kind === "literal" ? "left" : "right"} side of logical/set binary operation (${o.op})`);
    if (left.kind === "literal" && right.kind === "literal") {
      return { kind: "literal", value: scalarBinop(o.op as ArithOp | CmpOp, left.value, right.value), span };
    }
    return { kind: "binop", op: o.op, bool: o.bool, matching: o.matching, left, right, span };
  }
}

/**
 * Loki's query sharding (shardmapper.go) rewrites `avg_over_time(… | unwrap x [r]) by (g)`, and any avg_over_time
 * whose pipeline reduces labels (`keep`, `drop`, a `label_format` rename), as
 * `sum by (g) (sum_over_time(… | unwrap x [r])) / sum by (g) (count_over_time(… [r]))`: the count runs without the
 * unwrap, so it also counts lines that have no x (and fails on their parse errors). The engine answers the same.
 */
/**
 * Where Loki's shard mapper (shardmapper.go, Map) reaches an avg_over_time and rewrites it (see rewritesAvg): at the
 * top, through binary operators and label_replace, and inside an aggregation it does not hand down whole. An
 * aggregation it can shard (`sum`, `avg`, `count`, `min`/`max` of a range aggregation, over shardable parts) is
 * handed down to the queriers as it is, so an avg_over_time inside it is evaluated as written:
 * `sum(avg_over_time(… | unwrap x [r]) by (g))` averages the unwrapped lines only.
 */
function shardMap(q: MetricQuery, topLevel: boolean): MetricQuery {
  switch (q.kind) {
    case "literal":
    case "vector":
      return q;
    case "label_replace":
      return { ...q, expr: shardMap(q.expr, topLevel) };
    case "binop":
      return { ...q, left: binopSide(shardMap(q.left, topLevel), topLevel), right: binopSide(shardMap(q.right, topLevel), topLevel) };
    case "range_agg":
      if (q.op === "avg_over_time" && rewritesAvg(q.range, q.grouping)) return avgAsSumOverCount(q.range, q.grouping, q.span);
      // Merged `without ()` (no grouping of its own) or `without (g)`; a `by (g)` merge keeps empty labels.
      if (MERGED_WITHOUT.has(q.op) && (q.grouping ? q.grouping.without : true) && reducesLabels(q)) return { ...q, emptyLabelsDropped: true };
      // Merged by (g): a sample that kept its parser error has all its labels, and the merge folds it into its group.
      if ((q.op === "min_over_time" || q.op === "max_over_time") && q.grouping && !q.grouping.without) return { ...q, errorsFoldedBy: true };
      return q;
    case "vector_agg": {
      const downstream = shardable(q, topLevel) && (q.op === "sum" || q.op === "avg" || !((q.op === "count" || q.op === "min" || q.op === "max") && reducesLabels(q.expr)));
      // Loki answers a sharded avg as sum(…) / count(…) of the shards: each group's sum divided by its count, not a
      // running mean (two +Inf average +Inf, not NaN: fuzz grammar forms, seed 449).
      const agg = downstream && q.op === "avg" ? { ...q, sumOverCount: true, ...(avgMatchesNothing(q) ? { matchesNothing: true } : {}) } : q;
      // A sharded avg by (…) is answered as sum by (…) / count by (…) of the shards, and that division's labels
      // builder drops empty labels (avg by (y) gives two samples labelled {} for y="" and no y); without (…) drops
      // them anyway.
      if (downstream && agg.op === "avg" && agg.grouping && !agg.grouping.without) return { ...agg, emptyLabelsDropped: true };
      // A sum/avg/count/min/max without (…) it hands down is aggregated again over the shards' answers, whose labels builder
      // dropped the empty labels: {y=""} and {} merge there. Evaluated in place (topk, stddev, or over what it
      // cannot shard) they stay two groups, both labelled {} (measured against Loki 3.4.6, fuzz seed 59).
      if (downstream && agg.grouping?.without) return { ...agg, emptyGroupsMerged: true };
      return downstream ? agg : { ...q, expr: shardMap(q.expr, false) };
    }
  }
}

/**
 * An `avg by (…)` naming the unwrapped label of the rate/sum_over_time it averages: Loki's `sum by (…)` side hands its
 * grouping down to the extractor, which then keeps that label on each sample, while the `count by (…)` side groups
 * samples the unwrap took it from; the sides' labels differ and the division matches nothing (fuzz forms, seed 509).
 */
function avgMatchesNothing(q: Extract<MetricQuery, { kind: "vector_agg" }>): boolean {
  const e = q.expr;
  if (!q.grouping || q.grouping.without || e.kind !== "range_agg" || e.grouping || !e.range.unwrap) return false;
  return (e.op === "rate" || e.op === "sum_over_time") && q.grouping.labels.includes(e.range.unwrap.label);
}

/**
 * A binary operator's side as Loki's shard mapper leaves it (mapBinOpExpr): a side it shards nothing in, other than a
 * literal or vector(), is handed to a querier whole and its answer read back as a matrix (querierMatrix).
 */
function binopSide(q: MetricQuery, topLevel: boolean): MetricQuery {
  if (q.kind === "literal" || q.kind === "vector" || q.kind === "binop" || !mapsNothing(q, topLevel)) return q;
  return { ...q, querierMatrix: true };
}

/** True when Loki's shard mapper shards nothing in q (its Map is a no-op there). */
function mapsNothing(q: MetricQuery, topLevel: boolean): boolean {
  switch (q.kind) {
    case "literal":
    case "vector":
      return true;
    case "label_replace":
      return mapsNothing(q.expr, topLevel);
    case "range_agg":
      // quantile/first/last_over_time are sharded only when shard_aggregations names them, which by default it does not.
      return !shardable(q, topLevel) || UNSHARDED_BY_DEFAULT.has(q.op);
    case "vector_agg":
      // As in shardMap: a count/min/max over what reduces labels is not sharded itself, only what it holds may be.
      if (shardable(q, topLevel) && (q.op === "sum" || q.op === "avg" || !reducesLabels(q.expr))) return false;
      return mapsNothing(q.expr, false);
    case "binop":
      // Each side that is no literal or vector() is wrapped as a downstream query.
      return (q.left.kind === "literal" || q.left.kind === "vector") && (q.right.kind === "literal" || q.right.kind === "vector");
  }
}

/**
 * Range aggregations Loki's shard mapper answers, when their pipeline reduces labels (`keep`, `drop`, a `label_format`
 * rename), as `sum without () (…)` (count, rate, bytes, sum) or `min`/`max without () (…)` over its shards:
 * that drops every label with an empty value (`| json | keep y` gives `{}`, not `{y=""}`, for a line whose y is
 * ""), but a series that had one stays apart from one that never had it (two samples labelled alike).
 */
const MERGED_WITHOUT = new Set(["count_over_time", "rate", "bytes_over_time", "bytes_rate", "sum_over_time", "min_over_time", "max_over_time"]);

const SHARDABLE_RANGE = new Set(["avg_over_time", "count_over_time", "first_over_time", "last_over_time", "rate", "bytes_over_time", "bytes_rate", "sum_over_time", "max_over_time", "min_over_time", "quantile_over_time"]);

/** Range aggregations Loki 3.4.6's shard mapper leaves whole unless its shard_aggregations setting names them. */
const UNSHARDED_BY_DEFAULT = new Set(["quantile_over_time", "first_over_time", "last_over_time"]);

/** Loki's Shardable(topLevel) (syntax/ast.go). */
function shardable(q: MetricQuery, topLevel: boolean): boolean {
  switch (q.kind) {
    case "literal":
      return true;
    case "vector":
    case "label_replace":
      return false;
    case "range_agg":
      return SHARDABLE_RANGE.has(q.op) && (q.op !== "quantile_over_time" || topLevel);
    case "binop":
      if (q.matching.on || q.matching.labels.length > 0) return false;
      return (q.op === "+" || q.op === "*") && shardable(q.left, topLevel) && shardable(q.right, topLevel);
    case "vector_agg":
      if (!["sum", "avg", "count", "min", "max"].includes(q.op) || !shardable(q.expr, topLevel)) return false;
      if (q.op === "count" || q.op === "avg") return !reducesLabels(q.expr);
      if (q.op === "min" || q.op === "max") return q.expr.kind === "range_agg" && shardable(q.expr, false);
      return !(q.expr.kind === "vector_agg" && (q.expr.op === "min" || q.expr.op === "max"));
  }
}

/** Loki's ReducesLabels: a grouping naming labels, `keep`, `drop` or a label_format rename anywhere inside. */
function reducesLabels(q: MetricQuery): boolean {
  const groups = (g: Grouping | undefined) => (g?.labels.length ?? 0) > 0;
  switch (q.kind) {
    case "literal":
    case "vector":
      return false;
    case "label_replace":
      return reducesLabels(q.expr);
    case "binop":
      return reducesLabels(q.left) || reducesLabels(q.right);
    case "vector_agg":
      return groups(q.grouping) || reducesLabels(q.expr);
    case "range_agg":
      return groups(q.grouping) || q.range.stages.some((st) => st.kind === "keep" || st.kind === "drop" || (st.kind === "label_format" && st.items.some((i) => i.src !== undefined)));
  }
}

function rewritesAvg(range: LogRange, grouping: Grouping | undefined): boolean {
  const reduces = range.stages.some((st) => st.kind === "keep" || st.kind === "drop" || (st.kind === "label_format" && st.items.some((i) => i.src !== undefined)));
  if (reduces || (grouping && grouping.labels.length > 0)) return true;
  return grouping !== undefined && !grouping.without;
}

function avgAsSumOverCount(range: LogRange, grouping: Grouping | undefined, span: Span): MetricQuery {
  const g: Grouping = grouping ?? { without: true, labels: [] };
  const countGrouping: Grouping = g.without && range.unwrap ? { without: true, labels: [...g.labels, range.unwrap.label] } : g;
  // Each side is a sum Loki hands down to its shards and aggregates again: a without (…) merges groups told apart
  // only by an empty label.
  const merged = g.without;
  const sum: MetricQuery = { kind: "vector_agg", op: "sum", grouping: g, expr: { kind: "range_agg", op: "sum_over_time", range, span }, emptyGroupsMerged: merged, span };
  const countRange: LogRange = { ...range, unwrap: undefined };
  const count: MetricQuery = { kind: "vector_agg", op: "sum", grouping: countGrouping, expr: { kind: "range_agg", op: "count_over_time", range: countRange, span }, emptyGroupsMerged: merged, span };
  // Loki's BinOpExpr here has no options: its sides match on every label, {g=""} apart from {} (fuzz seed 215).
  return { kind: "binop", op: "/", bool: false, matching: { on: false, labels: [], card: "one-to-one", include: [], exact: true }, left: sum, right: count, span };
}
