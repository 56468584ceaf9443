// One log entry travelling through a pipeline: its line, timestamp and labels (copied only when a stage changes them).
import { goLen, goVisible } from "./go-utf8.ts";
import { NO_HINTS, type ParserHints, PRESERVE_ERROR_LABEL } from "./hints.ts";
import { DETECTED_LEVEL } from "./ingest-labels.ts";
import { LogqlError } from "./errors.ts";
import { emptyLabels, ERROR_DETAILS_LABEL, ERROR_LABEL, type Labels, labelsOf } from "./labels.ts";

/**
 * A stream's fixed labels, shared by all of its rows; a variant per `detected_level` adds that structured metadata
 * (a label every query sees, but not a stream label: parsers do not suffix `_extracted` for it).
 */
export class StreamLabels {
  readonly map: Map<string, string>;
  private readonly streamNames: ReadonlyMap<string, string>;
  private variants: Map<string, StreamLabels> | undefined;

  constructor(
    readonly labels: Labels,
    base?: StreamLabels,
  ) {
    this.map = new Map(Object.entries(labels));
    this.streamNames = base ? base.streamNames : this.map;
    this.origin = base ? base.origin : this;
  }

  /** The stream itself, shared by its detected_level variants. */
  readonly origin: StreamLabels;

  /** True for a label of the stream itself (not structured metadata). */
  isStreamLabel(name: string): boolean {
    return this.streamNames.has(name);
  }

  /**
   * This stream with the `detected_level` structured metadata set (one shared object per level). A stream that has a
   * `detected_level` label of its own keeps it, and the metadata is `detected_level_extracted`, as Loki 3.4.6 names
   * metadata a stream label shares its name with (the line's level wrote over `{detected_level="audit"}`).
   */
  withLevel(level: string): StreamLabels {
    this.variants ??= new Map();
    let v = this.variants.get(level);
    const name = this.streamNames.has(DETECTED_LEVEL) ? `${DETECTED_LEVEL}_extracted` : DETECTED_LEVEL;
    if (!v) this.variants.set(level, (v = new StreamLabels(Object.assign(emptyLabels(), this.labels, { [name]: level }), this)));
    return v;
  }
}

/** The prefix a line's own key named `__error__` or `__error_details__` is held under in a Row (Row.put). */
export const PARSED_KEY = "\u0000";

/** Where Row holds a label: a line's own key named __error__ or __error_details__ under PARSED_KEY (see Row.put). */
export function slotOf(key: string): string {
  return key === ERROR_LABEL || key === ERROR_DETAILS_LABEL ? PARSED_KEY + key : key;
}

/**
 * A query's parsers' decisions per key (Row.decideKey), shared by its rows: per parser stage and key as the line
 * writes it, whether some line took it, whether some line passed over it, and whether a line the other decision would
 * have changed reached the answer. Both decisions and such a line in the answer: Loki 3.4.6's answer depends on the
 * line it reads first, and the query is refused. A line dropped later (a filter, an unwrap's error) leaves the answer
 * the same either way.
 */
/** One parser stage's decisions on one key (KeyDecisions). */
type KeyDecision = { takes: boolean; passes: boolean; reached: boolean; source: string; name: string; key: string };

export class KeyDecisions {
  private readonly seen = new Map<string, KeyDecision>();

  /** Records a decision; returns the key's id. */
  decide(stage: number, source: string, name: string, key: string, takes: boolean): string {
    const id = `${stage}\u0000${source}`;
    let d = this.seen.get(id);
    if (!d) this.seen.set(id, (d = { takes: false, passes: false, reached: false, source, name, key }));
    if (takes) d.takes = true;
    else d.passes = true;
    this.check(d);
    return id;
  }

  /** A line that met these keys reached the answer. */
  reached(ids: readonly string[]): void {
    for (const id of ids) {
      const d = this.seen.get(id)!;
      d.reached = true;
      this.check(d);
    }
  }

  private check(d: KeyDecision): void {
    if (!d.takes || !d.passes || !d.reached) return;
    throw new LogqlError(
      "unsupported",
      `a parser takes the key "${d.source}" on some lines and passes over it on others, where an earlier stage set the label "${d.key}" ` +
        "on some lines and not on others: Loki 3.4.6 decides once, on the first line it reads with the key, and keeps that decision for " +
        "every later line (it sets the label on all of them, over the earlier stage's value, or on none), so its answer is not known here. " +
        `Give the label another name where it is set first (a regexp group (?P<${d.name}_1>…), | json ${d.name}_1="…")`,
    );
  }
}

export class Row {
  line: string;
  private own: Map<string, string> | null = null;
  /** Required labels (parser hints) parsers have extracted so far on this line. */
  private extracted: Set<string> | null = null;

  constructor(
    readonly stream: StreamLabels,
    line: string,
    /** Whole milliseconds since the epoch. */
    readonly ms: number,
    /** Nanoseconds past `ms` (0 to 999999). */
    readonly sub: number,
    /** The metric query's parser hints (log queries: none). */
    readonly hints: ParserHints = NO_HINTS,
    /** The line's length in the file when it held invalid UTF-8 (each such byte is one U+FFFD in `line`). */
    private readonly rawBytes?: number,
    /** The line has no time of its own (see StreamSink.push): it is never merged with an equal entry. */
    readonly untimed = false,
    /** The query's choices of `_extracted` per parsed name (sameSuffix), shared by its rows; none: not checked. */
    private readonly suffixes?: Map<string, boolean>,
    /** The query's parsers' decisions per key (decideKey), shared by its rows; none: not checked. */
    private readonly decisions?: KeyDecisions,
  ) {
    this.line = line;
    this.original = line;
    // Loki sets the line's structured metadata through its labels builder, which records it as extracted: a
    // parser never needs to find `detected_level` (`sum by (detected_level) (… | json …)` does not run json).
    if (hints.required?.has(DETECTED_LEVEL) && !stream.isStreamLabel(DETECTED_LEVEL) && stream.map.has(DETECTED_LEVEL)) this.extracted = new Set([DETECTED_LEVEL]);
  }

  private readonly original: string;

  /** The line a line_format template wrote and its length in Go's bytes (see setFormattedLine). */
  private formatted?: { line: string; bytes: number };

  /**
   * Sets the line to a template's text as Go holds it (Template.executeBytes): shown with a U+FFFD for each byte of
   * invalid UTF-8, counted (bytes_over_time) with the bytes Loki holds, one for each such byte.
   */
  setFormattedLine(text: string): void {
    this.line = goVisible(text);
    this.formatted = this.line === text ? undefined : { line: this.line, bytes: goLen(text) };
  }

  /** Bytes of the line as Loki counts them (bytes_over_time): its original bytes unless a stage rewrote it. */
  lineBytes(): number {
    if (this.formatted !== undefined && this.line === this.formatted.line) return this.formatted.bytes;
    return this.rawBytes !== undefined && this.line === this.original ? this.rawBytes : Buffer.byteLength(this.line);
  }

  /** Parsers do not run when no label is needed, or when every required label has been extracted already. */
  parsersIdle(): boolean {
    return this.hints.noLabels || this.allRequiredExtracted();
  }

  /** Only labels parsers set count (a stream label never does), as in Loki. */
  private allRequiredExtracted(): boolean {
    const required = this.hints.required;
    return required !== null && this.extracted !== null && this.extracted.size >= required.size;
  }

  private get map(): Map<string, string> {
    return this.own ?? this.stream.map;
  }

  private mutable(): Map<string, string> {
    if (!this.own) this.own = new Map(this.stream.map);
    return this.own;
  }

  /** A label by name; `__error__` and `__error_details__` are the pipeline's error (Loki's GetErr), not a line's key. */
  get(name: string): string | undefined {
    return this.map.get(name);
  }

  /**
   * A label as Loki 3.4.6's labels builder finds it by name (Get): `__error__` and `__error_details__` are only the
   * line's own keys a parser set under those names (`{"__error__":"x"}`), never the pipeline's error.
   */
  getParsed(name: string): string | undefined {
    if (name === ERROR_LABEL || name === ERROR_DETAILS_LABEL) return this.parsedErrorKeys ? this.map.get(PARSED_KEY + name) : undefined;
    return this.map.get(name);
  }

  /** A label as a template's map of every label holds it (Loki's IntoMap): the pipeline's error, else a line's key of that name. */
  templateLabel(name: string): string | undefined {
    const v = this.map.get(name);
    if (v === undefined && this.parsedErrorKeys && (name === ERROR_LABEL || name === ERROR_DETAILS_LABEL)) return this.map.get(PARSED_KEY + name);
    return v;
  }

  has(name: string): boolean {
    return this.map.has(name);
  }

  set(name: string, value: string): void {
    this.mutable().set(name, value);
  }

  delete(name: string): void {
    if (!this.map.has(name)) return;
    (this.deleted ??= new Set()).add(name);
    this.mutable().delete(name);
  }

  /** True when the stream itself (not a parser) carries this label: parsers then add `_extracted`. */
  baseHas(name: string): boolean {
    return this.stream.isStreamLabel(name);
  }

  /** The label filters a parser checks as it sets their label (ParserHints.pushdown), set by the pipeline; null: none. */
  pushdown: ReadonlyMap<string, (row: Row) => boolean> | null = null;
  /** A pushed-down filter failed while a parser ran: the line is dropped after that parser. */
  droppedByParser = false;

  /**
   * Sets a label a parser extracted (a stream label of that name turns it into `name_extracted`; the line's structured
   * metadata, `detected_level`, is kept). A key written twice overwrites, as Loki's labels builder does (`x=1 x=2` gives
   * x="2"); with hints the parser stops once every required label was set, so there the first of them can stay. A
   * pushed-down filter on the key is checked at once (ParserHints.pushdown). Returns false when the parser can stop:
   * every label the hints require has been found, or the line is dropped.
   *
   * `source` names the line's key a parser of every key read (its raw name; a nested JSON member's sanitised path): of
   * two keys that sanitise to one label on a line (`a-b`, `a.b`, `a_b`), the first one the line holds fills it and
   * the others are left out, while one key written twice still overwrites — as Loki 3.4.6, whose parser decides once
   * per key whether to extract it and says no to a label already extracted on that line.
   */
  setParsed(name: string, value: string, source?: string): boolean {
    return this.put(name, value, source, true);
  }

  /**
   * Sets a label an expression parser (`json a="b"`, `logfmt a`) extracted, as setParsed does but without checking a
   * pushed-down filter: Loki 3.4.6's expression parsers never ask ShouldContinueParsingLine, so `| json d="duration" |
   * __error__="" | d > 1s` checks `d` only at its own stage (an empty d then fails there with LabelFilterErr).
   */
  setExtracted(name: string, value: string): boolean {
    return this.put(name, value, undefined, false);
  }

  /**
   * Sets the labels `| unpack` took from a line: each member's key sanitised (`name`) and as written (`rawKey`), in the
   * line's order. Loki 3.4.6's unpack asks whether the stream has a label of that name, whether the hints want it and
   * whether a stage extracted it already, about the key as written, for every key before it sets any (it sets them
   * from a buffer), and sanitises the key only as it sets the label. A key that needs no sanitising is taken as
   * setParsed takes it, but is not passed over for a label an earlier key of this line set (`"x-y":"1","x_y":"2"` gives
   * x_y="2", and x_y="1" where a `label_format` set x_y before). One that does (`a.b`, `x-y`) names no stream label, no
   * label the hints name and none extracted already: it is never `_extracted` (it writes over a stream label `a_b`,
   * and over a label an earlier stage set), and a metric query whose hints name labels never extracts it (`sum by
   * (x_y) (… | unpack …)` has no x_y).
   */
  setUnpacked(members: readonly (readonly [name: string, value: string, rawKey: string])[]): void {
    const required = this.hints.required;
    const taken = members.map(([name, value, rawKey]) => {
      if (name !== rawKey) return required === null;
      const key = this.labelKey(name);
      const takes = !this.extractedOnLine(slotOf(key));
      if (!required || required.has(key)) this.decideKey(rawKey, name, takes, takes || this.map.get(slotOf(key)) !== value);
      return takes;
    });
    this.beginParser();
    for (let i = 0; i < members.length; i++) {
      const [name, value, rawKey] = members[i]!;
      if (taken[i]) this.put(name, value, undefined, true, name === rawKey ? "decided" : "asWritten");
    }
    this.endParser();
  }

  /**
   * Loki 3.4.6's parsers decide once per query, on the first stream that has the key, whether a parsed name gets the
   * `_extracted` suffix (a stream label of that name), and keep that choice for every other stream: with a `level`
   * stream label on some streams and not others, a JSON line's `level` became `level` on all of them or
   * `level_extracted` on all, by the order Loki read them. Read per stream here, the answer would be another, so a
   * query that meets both is refused.
   */
  private sameSuffix(suffixes: Map<string, boolean>, name: string, suffixed: boolean, parser?: "unpack"): void {
    const first = suffixes.get(name);
    if (first === undefined) suffixes.set(name, suffixed);
    else if (first !== suffixed)
      throw new LogqlError(
        "unsupported",
        `a parser sets "${name}" on streams that carry a stream label "${name}" and on streams that do not: Loki 3.4.6 names it ` +
          `"${name}" or "${name}_extracted" on all of them alike, whichever stream it reads first, so its answer is not known here. ` +
          // unpack has no expression form to extract a key under another name.
          (parser === "unpack"
            ? "Select only one kind of stream"
            : `Select only one kind of stream, or extract the key under another name (| json ${name}_field="${name}", | logfmt ${name}_field="${name}")`),
      );
  }

  /**
   * The index among its pipeline's stages of the running parser when it is one that decides once per query whether it
   * takes a key (json, logfmt, regexp, unpack: see decideKey), set by the pipeline before it runs; undefined for
   * the other stages and `pattern`, which decides line by line in Loki 3.4.6 too.
   */
  keyCacheStage: number | undefined = undefined;

  /**
   * Loki 3.4.6's json, logfmt, regexp and unpack parsers decide whether they take a key (as the line writes it; a
   * regexp's group name) the first time they meet it in a query and keep that decision for every later line and stream
   * (their internedStringSet caches it), and "not extracted on this line yet" is part of it: where an earlier stage
   * set the label on some lines and not on others, the first line Loki reads decides whether the parser sets it on every
   * line (over the earlier value) or on none (measured: `| regexp "GET (?P<user>\S+)" | logfmt` left bob's line
   * without user reading forward, and wrote alice over /p1 reading backward). Decided line by line here, the answer
   * would be neither, so a query that meets both decisions for one key, on a line that reaches the answer, is refused
   * (KeyDecisions), as sameSuffix refuses. Not checked
   * where the label it fills (`shown`: an expression's name, `logfmt u="user"`) is taken out before anything reads it
   * (suffixHidden). `matters`: the other decision would have changed this line (it sets a value, or passes over one
   * other than the label's: `| json | line_format "status={{.status}}" | logfmt` passes over the same value).
   */
  decideKey(source: string, name: string, takes: boolean, matters: boolean, shown = name): void {
    if (this.keyCacheStage === undefined || !this.decisions || this.suffixHidden?.(shown)) return;
    const id = this.decisions.decide(this.keyCacheStage, source, name, this.labelKey(name), takes);
    if (matters) (this.metKeys ??= []).push(id);
  }

  /** The keys (KeyDecisions ids) parsers decided on for this line where the other decision would have changed it. */
  private metKeys: string[] | null = null;

  /** The line reaches the answer (a log query's line, a metric query's sample): the keys it met matter (KeyDecisions). */
  reachedAnswer(): void {
    if (this.metKeys) this.decisions!.reached(this.metKeys);
  }

  /**
   * A parser of every key met `name` (from the line's key `source`) and passes it over without setting it (logfmt's
   * empty value without --keep-empty): Loki 3.4.6 has decided on the key all the same (decideKey), and sets nothing
   * here either way.
   */
  metKey(name: string, source: string): void {
    const key = this.labelKey(name);
    const required = this.hints.required;
    if (required && !required.has(key)) return;
    this.decideKey(source, name, !this.passesOver(slotOf(key), source), false);
  }

  /** A parser of every key passes over this slot (see put). */
  private passesOver(slot: string, source: string | undefined): boolean {
    const setBy = this.parsedHere?.get(slot);
    return setBy === undefined ? this.extractedOnLine(slot) : source !== undefined && setBy !== source;
  }

  /** False when setParsed and setExtracted pass over this label: the hints require none of its name. */
  wantsLabel(name: string): boolean {
    const required = this.hints.required;
    const key = this.labelKey(name);
    this.checkSuffix(name, key, required);
    return !required || required.has(key);
  }

  /**
   * The names whose `_extracted` choice the stages after the running parser keep out of the answer (set by the
   * pipeline before each parser; see suffixHiddenAfter in pipeline.ts); null: every name shows.
   */
  suffixHidden: ((name: string) => boolean) | null = null;

  /**
   * sameSuffix where the name matters: an answer shows it, or a filter or grouping names it either way. A metric
   * query's hints name every label its filters, templates and grouping read (the parser sets no other); without
   * hints, the stages after the parser may remove both names before the answer (`| logfmt | keep id`).
   */
  private checkSuffix(name: string, key: string, required: ReadonlySet<string> | null, parser?: "unpack"): void {
    const matters = required ? required.has(name) || required.has(`${name}_extracted`) : !this.suffixHidden?.(name);
    if (this.suffixes && matters) this.sameSuffix(this.suffixes, name, key !== name, parser);
  }

  /** The label a parser's `name` sets: `name_extracted` when the stream itself has a label of that name. */
  private labelKey(name: string): string {
    return this.stream.isStreamLabel(name) ? name + "_extracted" : name;
  }

  /**
   * `unpack`: set by setUnpacked, which decided already that the line takes the key — `decided`: a key as written,
   * named and checked against the hints here as setParsed's are (the refusal's advice then fits unpack); `asWritten`:
   * a key that needed sanitising, set under its sanitised name as it is, over any label of that name on the line.
   */
  private put(name: string, value: string, source: string | undefined, checkPushdown: boolean, unpack?: "decided" | "asWritten"): boolean {
    const key = unpack === "asWritten" ? name : this.labelKey(name);
    const required = this.hints.required;
    if (unpack !== "asWritten") this.checkSuffix(name, key, required, unpack && "unpack");
    if (required && !required.has(key)) return true;
    // A line's key named __error__ or __error_details__ is a label of that name beside the pipeline's error, which
    // label filters and drop test (Loki's labels builder keeps the two apart): held under a name of its own.
    const slot = slotOf(key);
    if (slot !== key) this.parsedErrorKeys = true;
    const setBy = this.parsedHere?.get(slot);
    if (!unpack && this.keepsEarlier) {
      const passes = this.passesOver(slot, source);
      this.decideKey(source ?? name, name, !passes, !passes || this.map.get(slot) !== value);
      if (passes) return true;
    } else if (!unpack && setBy === undefined && this.stream.map.has(slot)) return true;
    this.mutable().set(slot, value);
    if (setBy === undefined) (this.parsedHere ??= new Map()).set(slot, source ?? "");
    const filter = checkPushdown ? this.pushdown?.get(key) : undefined;
    if (filter && !filter(this)) {
      this.droppedByParser = true;
      return false;
    }
    if (!required) return true;
    (this.extracted ??= new Set()).add(key);
    return !this.allRequiredExtracted();
  }

  /** Labels parsers have set on this line (a key written again overwrites only these, never the line's metadata). */
  private parsedHere: Map<string, string> | null = null;
  /**
   * Every label a stage deleted on this line (drop, keep, a label_format rename), the stream's own too, as Row holds it
   * (a line's own key named __error__ under PARSED_KEY): Loki's labels builder's `del` list.
   */
  private deleted: Set<string> | null = null;

  /**
   * A stage deleted this label on this line (drop, keep, the source of a label_format rename), whether or not a later
   * one set it again: Loki 3.4.6's labels builder keeps a deleted name in its `del` list for the rest of the line, and
   * a sample grouped `by (…)` (withResult) leaves out every name on it (`| label_format a=method | label_format
   * method="{{.path}}" … by (method)` has no method), while its other results show the label set again.
   */
  deletedOnLine(name: string): boolean {
    // `__error__` names a line's own key here: the pipeline's error is reset by `drop`, never put on the list.
    return this.deleted?.has(slotOf(name)) === true;
  }

  /**
   * A stage added this label on this line — a parser, label_format, the line's metadata — even if a later one removed
   * it: Loki 3.4.6's labels builder records every label it adds, `drop` does not unrecord it, and its parsers pass over
   * a recorded key (`| logfmt | drop msg | logfmt` leaves msg out). The stream's own labels do not count.
   */
  extractedOnLine(name: string): boolean {
    return !this.stream.isStreamLabel(name) && (this.map.has(name) || this.deleted?.has(name) === true);
  }
  /** The running parser leaves every label set before it alone (beginParser). */
  private keepsEarlier = false;

  /**
   * A parser that extracts every key (json, logfmt, regexp, pattern, unpack) starts on this line: as in Loki 3.4.6 it
   * sets no label that is there already — set by `label_format` or an earlier parser (`| label_format level=team |
   * logfmt` keeps level=team) — while a key it writes twice itself still overwrites (`x=1 x=2` gives x="2"). The
   * expression parsers (`json a="b"`, `logfmt a`) do not call this, and keep only the stream's labels and metadata.
   */
  beginParser(): void {
    this.parsedHere = null;
    this.keepsEarlier = true;
  }

  /** The parser that began with beginParser is done. */
  endParser(): void {
    this.keepsEarlier = false;
  }

  /** True when a nested JSON object under this prefix may hold a required label. */
  wantsPrefix(prefix: string): boolean {
    const required = this.hints.required;
    if (!required) return true;
    for (const n of required) if (n.startsWith(prefix)) return true;
    return false;
  }

  /** A parser's error; with preserveError hints it is marked so the metric query counts the line instead of failing. */
  setParseError(kind: string, details?: string): void {
    this.setError(kind, details);
    if (this.hints.preserveError) this.mutable().set(PRESERVE_ERROR_LABEL, "true");
  }

  hasError(): boolean {
    return this.map.has(ERROR_LABEL);
  }

  setError(kind: string, details?: string): void {
    const m = this.mutable();
    m.set(ERROR_LABEL, kind);
    if (details) m.set(ERROR_DETAILS_LABEL, details);
  }

  /** The labels, a line's own `__error__` key under PARSED_KEY (see isParsedErrorKey). */
  entries(): IterableIterator<[string, string]> {
    return this.map.entries();
  }

  /** A line's key named `__error__` or `__error_details__` set by a parser (PARSED_KEY + its name). */
  parsedErrorKeys = false;

  /** The current labels as a plain object (a line's own `__error__` key shows as `__error__`, unless the pipeline's error does). */
  labels(): Labels {
    if (!this.own) return this.stream.labels;
    if (!this.parsedErrorKeys) return labelsOf(this.own);
    const out = emptyLabels();
    for (const [k, v] of this.own) if (!k.startsWith(PARSED_KEY)) out[k] = v;
    for (const [k, v] of this.own) if (k.startsWith(PARSED_KEY) && !(k.slice(PARSED_KEY.length) in out)) out[k.slice(PARSED_KEY.length)] = v;
    return out;
  }

  /** True when no stage has changed the labels. */
  unchangedLabels(): boolean {
    return this.own === null;
  }
}
