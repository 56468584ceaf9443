// A seeded differential fuzzer beyond the fixed suite: combines query features the fixed list does not, runs each
// query through the embedded engine and a real Loki 3.4.6 (the same corpus as the suite), prints the differences. A query
// the engine refuses as an error (syntax, a bad template) is asked of Loki too: an answer there is a difference.
// Where the answers differ, Loki is asked again: an engine answer Loki gives on one of those runs counts apart (Loki varies).
// Run: LOKI_BIN=/path/to/loki bun test/logql-differential/fuzz.ts [seed] [count] [file of extra queries, one per line]
// FUZZ_GRAMMAR=forms takes the queries from fuzz-forms.ts (the forms this grammar never writes) instead. An extra
// query is prefixed with log=LIMIT[f] (f: forward), at=SECONDS (instant) or step=SECONDS[@START_MS,END_MS] (a range query
// over the span moved by those ms).
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lokiClient } from "../../lib/loki/client.ts";
import { embeddedSupportErrors } from "../../lib/logsource/evaluate.ts";
import { bothAnswers, lokiAnswer, waitForCorpus } from "./answers.ts";
import { seededRandom } from "../helpers/random.ts";
import { startLoki } from "../helpers/loki.ts";
import { type Answer, amongAnswers, difference, sameValuesAnySeries } from "./compare.ts";
import { buildCorpus, pushStreams, writeCorpus } from "./corpus.ts";
import { formsQueries } from "./fuzz-forms.ts";
import type { DiffQuery } from "./queries.ts";

const API = '{service="api"}';
const WEB = '{service="web"}';
const WORKER = '{service="worker"}';
const ALL_NT = '{env="diff", group!="ties"}';
/** ip() patterns: addresses, prefixes and ranges of both families, matching the corpus's net stream or not. */
const IPS = ["10.0.0.0/8", "127.0.0.1", "192.168.1.1-192.168.1.9", "2001:db8::/32", "::ffff:10.0.0.7", "10.0.0.7", "::/0", "0.0.0.0/0", "::1", "1.1.1.1"];
/** Where the engine's answer differs, Loki is asked this many times more (its answer may vary from run to run). */
const LOKI_ASKS = 8;

/** Queries from a wider grammar: nested parsers, formats, filters of every kind, every range function, operators. */
export function fuzzQueries(seed: number, count: number): DiffQuery[] {
  const r = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const chance = (p: number) => r() < p;
  const cmp = () => pick(["==", "!=", ">", ">=", "<", "<="]);
  const regexes = ["^2", "^20\\\\d", "(?i)GET|post", "a|", "^$", "x*", "(?i)^[a-z]+ ", "\\\\d{3}$", "(?i)ERROR", "ok$", "^.*timeout.*$", "[[:upper:]]{4}", "(up|down)stream", "\\\\bdb\\\\b", "é", "(?s).", "^\\\\d{4}-"];
  const strs = ["error", "ok", "GET", "timeout", "api", "=", " ", "\\\"", "é", "tie", "ms", "x"];
  const patterns = ["<_> method=GET <_>", "<_>status=5<_>", "<_> ERROR<_>", "<_> job=<_> took <_>ms", "{<_>}", "<_>\\\"method\\\":\\\"POST\\\"<_>", "<_> tie <_> <_> dup", "<_>", "ts=<_> <_>", "<_> coloured <_>"];
  const lineFilter = () => {
    const k = r();
    if (k < 0.3) return `${pick(["|~", "!~"])} "${pick(regexes)}"`;
    if (k < 0.55) return Array.from({ length: 1 + Math.floor(r() * 3) }, () => `!= "${pick(strs)}"`).join(" ");
    if (k < 0.75) return `|= "${pick(strs)}"`;
    if (k < 0.8) return `${pick(["|=", "!="])} ip("${pick(IPS)}")`;
    // Pattern filters (Loki 3.4.6 finds the first literal anywhere), with or chains, and a filter no line passes.
    if (k < 0.85) return `${pick(["|>", "!>"])} "${pick(patterns)}"${chance(0.2) ? ` or "${pick(patterns)}"` : ""}${chance(0.1) ? ' |= "nomatchzz"' : ""}`;
    return `${pick(["|~", "!~", "|=", "!="])} \`${pick(["a.b", "(?i)info", "[0-9]+ms", "^{", "}$"])}\``;
  };
  type Src = { sel: string; parser: string; nums: string[]; durs: string[]; bytes: string[]; strs: string[]; ips?: string[] };
  const sources: Src[] = [
    { sel: API, parser: "| json", nums: ["status", "latency_ms", "user_id"], durs: ["duration"], bytes: ["size"], strs: ["method", "path", "level", "msg", "user_name"] },
    { sel: API, parser: "| unpack", nums: ["status", "latency_ms"], durs: ["duration"], bytes: ["size"], strs: ["method", "path"] },
    { sel: API, parser: '| json s="status", d="duration", l="latency_ms", m="method"', nums: ["s", "l"], durs: ["d"], bytes: [], strs: ["m"] },
    // An expression parser's labels are checked by a later filter only (no early check), and missing paths are "".
    { sel: API, parser: '| json d="duration", y="user.name" | __error__=""', nums: [], durs: ["d"], bytes: [], strs: ["y"] },
    { sel: WEB, parser: '| logfmt d="duration", b="bytes", m | __error__=""', nums: [], durs: ["d"], bytes: ["b"], strs: ["m"] },
    { sel: WEB, parser: "| logfmt", nums: ["status"], durs: ["duration"], bytes: ["bytes"], strs: ["method", "path", "msg"] },
    { sel: WEB, parser: '| logfmt | regexp "status=(?P<st>\\\\d+)"', nums: ["st", "status"], durs: ["duration"], bytes: ["bytes"], strs: ["method"] },
    { sel: WEB, parser: '| pattern "<_> <_> method=<m> path=<p> status=<s> duration=<d> <_>"', nums: ["s"], durs: ["d"], bytes: [], strs: ["m", "p"] },
    { sel: WORKER, parser: '| regexp "(?P<word>[a-z]+) job=(?P<job>\\\\d+) took (?P<took>\\\\d+ms)"', nums: ["job"], durs: ["took"], bytes: [], strs: ["word"] },
    { sel: WORKER, parser: '| pattern "<ts> <lvl> <word> job=<job> took <took>"', nums: ["job"], durs: ["took"], bytes: [], strs: ["lvl", "word"] },
    { sel: '{app="billing"}', parser: "| logfmt", nums: ["amount"], durs: [], bytes: [], strs: ["currency", "level"] },
    { sel: API, parser: '| json | line_format "{{.method}} {{.status}} {{.latency_ms}}" | pattern "<m> <s> <l>"', nums: ["s", "l"], durs: [], bytes: [], strs: ["m"] },
    { sel: API, parser: '| json | line_format "status={{.status}} d={{.duration}}" | logfmt', nums: ["status"], durs: ["d"], bytes: [], strs: [] },
    { sel: '{service="intl"}', parser: '| regexp "n=(?P<n>\\\\d+)"', nums: ["n"], durs: [], bytes: [], strs: [] },
    { sel: ALL_NT, parser: "| decolorize | logfmt", nums: ["status", "job", "n"], durs: ["duration"], bytes: ["bytes"], strs: ["level", "method"] },
    // logfmt's flags (a broken line is an error under --strict; --keep-empty keeps a bare key as "").
    { sel: WEB, parser: "| logfmt --strict", nums: ["status"], durs: ["duration"], bytes: ["bytes"], strs: ["method", "flag", "msg"] },
    { sel: WEB, parser: "| logfmt --keep-empty --strict", nums: ["status"], durs: ["duration"], bytes: ["bytes"], strs: ["flag", "path"] },
    { sel: '{env="diff", group="edge"}', parser: "| logfmt --keep-empty", nums: ["x", "v"], durs: [], bytes: [], strs: ["level", "msg", "y"] },
    // Coloured lines parsed after decolorize; numbers and sizes a template makes, unwrapped and compared.
    { sel: WORKER, parser: '|= "coloured" | decolorize | pattern "<ts> <lvl> <w1> coloured <w2>"', nums: [], durs: [], bytes: [], strs: ["lvl", "w1", "w2"] },
    { sel: API, parser: '| json | label_format n="{{ len .path }}", t="{{ .latency_ms }}ms", b="{{ .latency_ms }}KB"', nums: ["n", "latency_ms"], durs: ["t", "duration"], bytes: ["b", "size"], strs: ["path"] },
    { sel: '{env="diff", group="edge"}', parser: "| json", nums: ["v", "n"], durs: [], bytes: [], strs: ["y"] },
    // Template numbers from texts Go reads in its own ways ("1_000", "0x10", "0x1p4", "1_0.5"), filtered and grouped by.
    { sel: '{env="diff", group="edge"}', parser: '| json | label_format k="{{ int .n }}", f="{{ float64 .n }}", c="{{ if lt (int .n) 10 }}lt{{ end }}{{ max .n .v }}"', nums: ["k", "f", "v"], durs: [], bytes: [], strs: ["c", "y"] },
    // Nested paths and array indexes (a missing one is ""), beside the flattened user_id/user_name.
    { sel: API, parser: '| json u="user.name", i="user.id", t="tags[0]", t2="[\\"tags\\"][1]" | __error__=""', nums: ["i"], durs: [], bytes: [], strs: ["u", "t", "t2"] },
    // Keys named like Loki's own labels (`__error__`, `__error_details__`, stream labels), non-ASCII and odd keys.
    { sel: '{group="odd"} |= "{"', parser: "| json", nums: ["_1abc"], durs: [], bytes: [], strs: ["msg", "__error__", "__error_details__", "a___error__", "service_extracted", "____", "a_b"] },
    { sel: '{group="odd"} != "{"', parser: "| logfmt", nums: ["caf_"], durs: [], bytes: [], strs: ["msg", "__error__", "____"] },
    // Numbers, durations and sizes at the edges of Go's readers (" 12 ", Inf, NaN, 1e400, 1h-1m, "1 KB", 1ZB…).
    { sel: '{group="vals"}', parser: "| logfmt", nums: ["n", "k"], durs: ["d"], bytes: ["b"], strs: ["k", "n", "d", "b"] },
    // Addresses in every form (the corpus's net stream), for ip() filters on the line and on labels.
    { sel: '{group="net"}', parser: "| logfmt", nums: [], durs: [], bytes: [], strs: ["client", "v6", "lo", "c"], ips: ["client", "v6", "c", "nosuch"] },
  ];
  const labelFilter = (s: Src): string => {
    if (s.ips && chance(0.5)) return `${pick(s.ips)} ${pick(["=", "!="])} ip("${pick(IPS)}")`;
    const k = r();
    if (k < 0.3 && s.nums.length) return `${pick(s.nums)} ${cmp()} ${pick(["200", "404", "500", "3", "1000", "0", "1.5", "-1"])}`;
    if (k < 0.45 && s.durs.length) return `${pick(s.durs)} ${cmp()} ${pick(["250ms", "1s", "1.5s", "100us", "0s", "1m"])}`;
    if (k < 0.55 && s.bytes.length) return `${pick(s.bytes)} ${cmp()} ${pick(["1KB", "1KiB", "512B", "0B", "2MB", "1MiB"])}`;
    if (k < 0.8 && s.strs.length) return `${pick(s.strs)}${pick(["=", "!=", "=~", "!~"])}"${pick(["GET", "(?i)get|put", "/api/.*", "", ".+", "error", "^/$", "é.*"])}"`;
    if (k < 0.9) return `${pick(["__error__", "detected_level", "service_name"])}${pick(["=", "!="])}"${pick(["", "info", "error", "JSONParserErr", "LabelFilterErr"])}"`;
    return `${pick(s.nums.length ? s.nums : ["x"])} ${cmp()} 100 ${pick(["or", "and", ","])} ${pick(s.strs.length ? s.strs : ["y"])}!=""`;
  };
  const templates = [
    "{{.method}}-{{.status}}",
    "{{ .path | upper }} {{ len .path }}",
    "{{ if gt (int .status) 299 }}bad{{ else }}good{{ end }}",
    "{{ __line__ | trunc 30 }}",
    "{{ printf \\\"%s/%v\\\" .method .status }}",
    "{{ regexReplaceAll \\\"[0-9]\\\" .status \\\"N\\\" }}",
    "{{ .status | default \\\"none\\\" }}",
    "{{ toUpper .level }}{{ .missing }}",
    "{{ repeat 2 .method }}",
    "{{ indent 2 .method }}|{{ nindent 1 .path }}",
    "{{ float64 .latency_ms | printf \\\"%.1f\\\" }}",
    "{{ trimPrefix \\\"/api\\\" .path }}{{ trimSuffix \\\"s\\\" .path }}",
    "{{ count \\\"a\\\" __line__ }}",
    "{{ lower .method | replace \\\"e\\\" \\\"3\\\" }}",
    // Functions of every kind: time, numbers, text, encodings, logic.
    "{{ __timestamp__ | date \\\"15:04:05.000\\\" }}",
    "{{ __timestamp__ | unixEpoch }} {{ unixEpochMillis __timestamp__ }}",
    "{{ date \\\"2006-01-02 Mon\\\" (unixToTime \\\"1700000000\\\") }}",
    "{{ duration .duration }}|{{ bytes .size }}",
    "{{ .duration | duration_seconds }}",
    "{{ title .msg }}|{{ substr 1 4 .path }}",
    "{{ if contains \\\"api\\\" .path }}A{{ else if hasPrefix \\\"/s\\\" .path }}S{{ else }}-{{ end }}",
    "{{ hasSuffix \\\".js\\\" .path }} {{ eq .method \\\"GET\\\" }} {{ ne .level \\\"info\\\" }}",
    "{{ add .status 1 }} {{ sub (len __line__) 10 }} {{ mul .latency_ms 2 }}",
    "{{ div .latency_ms 7 }} {{ mod .latency_ms 7 }}",
    "{{ divf .latency_ms 7 | round 2 }} {{ addf .latency_ms 0.5 }}",
    "{{ round (divf .latency_ms 3) 1 }} {{ ceil (divf .latency_ms 1000) }} {{ floor 2.7 }}",
    "{{ max .status 300 }} {{ min .latency_ms 100 }} {{ maxf 1.5 .status }}",
    "{{ urlencode .path }} {{ b64enc .method }} {{ .method | b64enc | b64dec }}",
    "{{ alignLeft 5 .method }}|{{ alignRight 8 .path }}",
    "{{ regexReplaceAllLiteral \\\"[aeiou]\\\" .msg \\\"$1\\\" }}",
    "{{ regexReplaceAll \\\"(\\\\\\\\w+) (\\\\\\\\w+)\\\" .msg \\\"${2}_$1\\\" }}",
    "{{ .msg | replace \\\" \\\" \\\"_\\\" | trunc -5 }}",
    "{{ printf \\\"%05.1f|%x|%q|%d\\\" (float64 .latency_ms) .method .path .status }}",
    "{{ and .method .path }} {{ or .missing \\\"z\\\" }} {{ not .missing }}",
    "{{ if and (eq .method \\\"GET\\\") (lt (len .path) 8) }}short{{ end }}",
    "{{ trimAll \\\"/\\\" .path }} {{ trim .msg }} {{ TrimSpace .msg }} {{ ToUpper .method }}",
    "{{ int .duration }} {{ float64 .size }} {{ int .status }}",
    "{{ default \\\"d\\\" .user_name }}{{ .user_name | default \\\"e\\\" | upper }}",
    // Numbers written as Go reads them or not ("1_000", "0x10", "0x1p4", "1_0.5" in the edge lines): ints and floats.
    "{{ int .n }}|{{ add .n .v }}|{{ float64 .n }}",
    "{{ if lt (int .n) 10 }}lt{{ else }}ge{{ end }}{{ max .n .v }}{{ maxf .n .v }}",
    "{{ div .n 3 }} {{ mod .n 7 }} {{ mulf .n .v }} {{ round .n 0 }}",
    "{{ printf \\\"%d|%v|%.1f\\\" (int .n) .n (float64 .n) }}",
    // Time layouts as Go's nextStdChunk reads them, the line's own __error__ keys, a field after a term (refused).
    "{{ date \\\"_2006 __2 002 Jan2 Janx Monday Mon. 3PM pm Z07:00:00 -070000 Z07 -07 .000 ,999 .9x\\\" __timestamp__ }}",
    "{{ __timestamp__ | date \\\"Mon, 02 Jan 2006 15:04:05 MST\\\" }}|{{ date \\\"15:04:05.000000\\\" (unixToTime \\\"1700000000123\\\") }}",
    "{{ .__error__ }}|{{ .__error_details__ }}|{{ .msg }}",
    "{{ .__error__ }}",
    "{{ __timestamp__.Unix }}",
    // Template text as Go's lexer and parser read it: comments and trim markers, a trailing pipe, arguments with no
    // space between them, arguments to what is no function.
    "a {{- /* c */ -}} b{{/* }} */}}{{ .method | }}{{ (.path |) }}",
    "{{ /* c */ }}",
    "{{/* c */ }}",
    "{{ upper(.method) }}",
    "{{ .method 1 }}",
    "{{ 1 .method }}",
    "{{ .method | .path }}",
    "\u00a0{{- .method -}}\u00a0{{(.method)}}",
  ];
  const format = (s: Src): string => {
    const k = r();
    if (k < 0.35) return `| line_format "${pick(templates)}"`;
    if (k < 0.6) return `| label_format ${pick(["x", "method", "status", "svc"])}="${pick(templates)}"`;
    if (k < 0.7) return `| label_format ${pick(["renamed", "svc"])}=${pick([...s.strs, ...s.nums, "service"])}`;
    if (k < 0.8) return `| drop ${pick([...s.strs, ...s.nums, "filename", "__error__", "__error_details__"])}`;
    if (k < 0.87) return `| keep ${pick([...s.strs, "service"])}, ${pick([...s.nums, "detected_level"])}`;
    // drop/keep with a matcher: only labels whose value matches go.
    if (k < 0.92) return `| ${pick(["drop", "keep"])} ${pick([...s.strs, "detected_level"])}${pick(["=", "!=", "=~"])}"${pick(["GET", "info", "", ".*e.*"])}", ${pick(["service", "filename", "__error__"])}`;
    if (k < 0.96) return `| label_format ${pick(["x", "svc"])}="${pick(templates)}", ${pick(["renamed", "y"])}=${pick([...s.strs, "service"])}`;
    return "| decolorize";
  };
  const pipeline = (given?: Src): { text: string; src: Src; sel: string; stages: string } => {
    const s = given ?? pick(sources);
    const stages: string[] = [];
    if (chance(0.5)) stages.push(lineFilter());
    stages.push(s.parser);
    for (let i = 0; i < 2; i++) if (chance(0.5)) stages.push(`| ${labelFilter(s)}`);
    if (chance(0.4)) stages.push(format(s));
    if (chance(0.3)) stages.push(lineFilter());
    if (chance(0.25)) stages.push(`| ${labelFilter(s)}`);
    return { text: `${s.sel} ${stages.join(" ")}`, src: s, sel: s.sel, stages: stages.join(" ") };
  };
  const range = () => pick(["30s", "1m", "2m", "5m", "10m"]);
  const offset = () => (chance(0.2) ? ` offset ${pick(["30s", "1m", "3m"])}` : "");
  const grouping = (s: Src) => {
    const k = r();
    if (k < 0.3) return "";
    // without () keeps every label (no parser hints), unlike by (): found the avg_over_time rewrite answering nothing.
    if (k < 0.36) return " without ()";
    // without the labels that vary per line: groups then may differ by an empty label only ({y=""} and {}).
    if (k < 0.42) return ` without (filename, ${[...s.nums, ...s.durs, ...s.bytes, "ts", "detected_level"].join(", ")})`;
    const ls = [pick([...s.strs, "service", "filename", "detected_level", "__error__"])];
    if (chance(0.3)) ls.push(pick(["service", "env", "level"]));
    return ` ${k < 0.75 ? "by" : "without"} (${ls.join(", ")})`;
  };
  const rangeVec = (given?: Src): { text: string; src: Src } => {
    const { text, src, sel, stages } = pipeline(given);
    const k = r();
    const logFns = ["rate", "count_over_time", "bytes_over_time", "bytes_rate", "absent_over_time"];
    // The range (and offset) may also follow the selector: {…}[5m] offset 1m | json | unwrap x.
    const early = chance(0.25);
    const around = (rest: string) => (early ? `${sel}[${range()}]${offset()} ${stages}${rest}` : `${text}${rest} [${range()}]${offset()}`);
    if (k < 0.45 || (!src.nums.length && !src.durs.length && !src.bytes.length)) return { text: `${pick(logFns)}(${around(' | __error__=""')})`, src };
    const conv = (): string => {
      const c = r();
      if (c < 0.5 && src.nums.length) return pick(src.nums);
      if (c < 0.8 && src.durs.length) return `${pick(["duration", "duration_seconds"])}(${pick(src.durs)})`;
      if (src.bytes.length) return `bytes(${pick(src.bytes)})`;
      return src.nums[0] ?? `duration(${src.durs[0]})`;
    };
    const fn = pick(["sum_over_time", "avg_over_time", "min_over_time", "max_over_time", "stddev_over_time", "stdvar_over_time", "quantile_over_time", "first_over_time", "last_over_time", "rate", "rate_counter"]);
    const q = fn === "quantile_over_time" ? `${pick(["0.5", "0.99", "0", "1"])}, ` : "";
    // lezer-logql refuses an offset after an unwrap's range (Loki takes it): write it after the selector's range then.
    const inner = early ? around(` | unwrap ${conv()} | __error__=""`) : `${text} | unwrap ${conv()} | __error__="" [${range()}]`;
    const g = ["sum_over_time", "rate", "rate_counter", "first_over_time"].includes(fn) ? "" : grouping(src);
    return { text: `${fn}(${q}${inner})${g}`, src };
  };
  const aggr = (): string => {
    const { text, src } = rangeVec();
    const k = r();
    if (k < 0.15) return text;
    const op = pick(["sum", "avg", "min", "max", "count", "stddev", "stdvar"]);
    if (k < 0.7) {
      const g = grouping(src);
      return chance(0.5) ? `${op}${g} (${text})` : `${op}(${text})${g}`;
    }
    if (k < 0.75) return `${pick(["topk", "bottomk"])}(${pick([1, 2, 5])}, ${op}${grouping(src)} (${text}))`;
    if (k < 0.8) return `${pick(["topk", "bottomk"])} by (${pick(["service", "filename", "detected_level", ...src.strs])}) (${pick([1, 2])}, ${text})`;
    if (k < 0.9) return `${pick(["sort", "sort_desc"])}(${op}${grouping(src)} (${text}))`;
    if (k < 0.95) return `label_replace(${op} by (service) (${text}), "${pick(["svc", "service", "x"])}", "${pick(["$1", "v-$1", "$2", ""])}", "service", "${pick(["(.*)", "w(.*)", "(a)(p)i", ".*", "nomatch"])}")`;
    // Over any grouping, from a parsed label that may be empty or missing, into a label that may exist.
    const src2 = pick([...src.strs, "service", "filename"]);
    return `label_replace(${chance(0.5) ? text : `${op}${grouping(src)} (${text})`}, "${pick([...src.strs, "svc", "service"])}", "${pick(["$1", "x$1y", "", "${1}_$2"])}", "${src2}", "${pick(["(.*)", "(.+)", "", "(G)(.*)", "/(api)/.*", "nomatch"])}")`;
  };
  /** Two aggregations over one parsed source, matched on a label the parser gives: on/ignoring, group_left/right, bool, set operators. */
  const vectorBinop = (): string => {
    const withStrs = sources.filter((x) => x.strs.length);
    const s = pick(withStrs);
    const x = pick(s.strs);
    const y = pick(["filename", "detected_level", ...s.strs.filter((v) => v !== x)]);
    const side = (labels: string) => {
      const { text } = rangeVec(s);
      return chance(0.3) ? `${pick(["sum", "max", "count"])} by (${labels}) (${text})` : `sum by (${labels}) (${text})`;
    };
    const many = side(`${x}, ${y}`);
    const one = side(x);
    const op = pick(["+", "-", "*", "/", "%", "^", "==", "!=", ">", "<=", "> bool", "== bool", "!= bool"]);
    const k = r();
    if (k < 0.25) return `${many} ${op} on(${x}) group_left ${one}`;
    if (k < 0.4) return `${one} ${op} on(${x}) group_right ${many}`;
    if (k < 0.5) return `${many} ${op} ignoring(${y}) group_left ${one}`;
    if (k < 0.6) return `${many} ${op} on(${x}) group_left(${pick(["service", "env", y])}) ${side(`${x}, service, env`)}`;
    if (k < 0.75) return `${many} ${op} ${side(`${x}, ${y}`)}`;
    if (k < 0.9) return `${one} ${pick(["and", "or", "unless"])}${pick(["", ` on(${x})`, ` ignoring(${y})`])} ${many}`;
    return `${one} ${op} ${pick(["on()", `ignoring(${x})`])} ${pick(["group_left", ""])} sum(${rangeVec(s).text})`;
  };
  /**
   * Range queries over aggregations whose groups may differ by an empty label only (samples labelled alike), under
   * what Loki's frontend evaluates itself: a querier's answer read back step by step ends such a series at its first
   * step with two points (found seeds 137, 147).
   */
  const alikeUnderFrontend = (): string => {
    const s = pick(sources.filter((x) => /edge|keep-empty|user\.name/.test(x.sel + x.parser)));
    const { text } = rangeVec(s);
    const w = ` without (filename, ${[...s.nums, ...s.durs, ...s.bytes, "ts", "detected_level"].join(", ")})`;
    const agg = pick(["sum", "max", "min", "count", "avg", "stddev"]);
    const x = chance(0.5) ? `${agg}${w} (${text})` : `count(${agg}${w} (${text})) without (${pick([...s.strs, "c"])})`;
    return pick([`${x} * 2`, `${x} > bool 0`, `label_replace(${x}, "a", "$1", "${pick(s.strs)}", "(.*)") + 1`, `sort(${x}) - 1`, x, `${x} + ${pick(["vector(1)", "0"])}`, `topk(1, ${x}) / 2`]);
  };
  /**
   * Round-5 shapes: parsers with several captures over the JSON lines, explicit keys under logfmt's flags, label_format
   * of several labels reading each other, label filters of !=/!~ under or/and with parentheses, absent_over_time over
   * selectors and filters nothing matches, offset against no offset, nested and sorted aggregations.
   */
  const r5Sources: Src[] = [
    { sel: API, parser: '| pattern `<_>"method":"<m>","path":"<p>","status":<s>,"latency_ms":<l>,<_>`', nums: ["s", "l"], durs: [], bytes: [], strs: ["m", "p"] },
    { sel: API, parser: '| regexp `"method":"(?P<m>[A-Z]+)".*"latency_ms":(?P<l>\\d+)(?:.*"duration":"(?P<d>[^"]*)")?`', nums: ["l"], durs: ["d"], bytes: [], strs: ["m"] },
    // Several logfmt keys are for log queries only (a metric query's are refused); one key in metric queries.
    { sel: WEB, parser: '| logfmt --strict m="method", status, d="duration"', nums: ["status"], durs: ["d"], bytes: [], strs: ["m"] },
    { sel: WEB, parser: '| logfmt --keep-empty flag, p="path", bytes', nums: [], durs: [], bytes: ["bytes"], strs: ["flag", "p"] },
    { sel: WEB, parser: '| logfmt --strict d="duration"', nums: [], durs: ["d"], bytes: [], strs: [] },
    { sel: WEB, parser: "| logfmt --keep-empty flag", nums: [], durs: [], bytes: [], strs: ["flag"] },
    { sel: API, parser: '| json | label_format a=method, b="{{.a}}-{{.status}}", status="{{ .path }}", c="{{ .Entry }}"', nums: ["latency_ms"], durs: ["duration"], bytes: ["size"], strs: ["a", "b", "status", "c", "method"] },
    { sel: API, parser: '| json m="method", s="status", u="user.name", t="tags[1]" | label_format u="{{ default \\"nobody\\" .u }}", k="{{ if hasPrefix \\"P\\" .m }}p{{ end }}{{ contains \\"e\\" .u }}"', nums: ["s"], durs: [], bytes: [], strs: ["m", "u", "t", "k"] },
    { sel: WORKER, parser: '| pattern "<_> <lvl> <w> job=<job> took <n>ms" | label_format took="{{ .n }}ms", big="{{ printf \\"%03d\\" (int .n) }}"', nums: ["job", "n", "big"], durs: ["took"], bytes: [], strs: ["lvl", "w"] },
  ];
  const r5LabelFilter = (s: Src): string => {
    const str = () => `${pick(s.strs.length ? s.strs : ["y"])}${pick(["!=", "!~", "=~", "="])}"${pick(["GET", "GET|POST", "(?i)p.*", "", "/api/(users|orders)", "a|b", ".*"])}"`;
    const num = () => (s.nums.length ? `${pick(s.nums)} ${cmp()} ${pick(["200", "500", "5", "100"])}` : str());
    const unit = () => (s.durs.length ? `${pick(s.durs)} ${cmp()} ${pick(["1s", "250ms", "100ms"])}` : s.bytes.length ? `${pick(s.bytes)} ${cmp()} ${pick(["1KB", "1KiB", "600B"])}` : num());
    const atom = () => pick([str, num, unit])();
    const k = r();
    if (k < 0.35) return `(${atom()} or ${atom()}) and ${atom()}`;
    if (k < 0.6) return `${atom()} and (${atom()} or ${atom()})`;
    if (k < 0.8) return `${atom()} or ${atom()} or ${atom()}`;
    return `${atom()}, ${atom()}`;
  };
  const r5 = (): DiffQuery => {
    const k = r();
    const s = pick(r5Sources.filter((x) => k < 0.3 || !/logfmt[^|]*,/.test(x.parser)));
    const pipe = () => {
      const st = [s.parser];
      if (chance(0.7)) st.push(`| ${chance(0.5) ? r5LabelFilter(s) : labelFilter(s)}`);
      if (chance(0.3)) st.push(format(s));
      if (chance(0.3)) st.push(lineFilter());
      return `${s.sel} ${chance(0.3) ? lineFilter() + " " : ""}${st.join(" ")}`;
    };
    if (k < 0.3) return { query: pipe(), limit: pick([5, 50, 1000]), direction: pick(["forward", "backward"] as const) };
    const rg = range();
    const g = grouping(s);
    let q: string;
    if (k < 0.4) {
      const sel = pick(['{service="api", env="nope"}', '{service="nope"}', '{service=~"api|web", group="none"}', '{service="web", env="diff"}']);
      const body = pick(["", ' |= "nomatchzz"', ' | logfmt | status=999', ' |~ "GET|POST"', " | json | __error__!=\"\""]);
      q = `absent_over_time(${sel}${body} [${rg}]${offset()})`;
      if (chance(0.4)) q = pick([`${q} * 2`, `sum(${q})`, `${q} or vector(0)`, `count_over_time(${sel}${body} [${rg}]) or ${q}`]);
    } else if (k < 0.55) {
      const base = `count_over_time(${pipe()} [${rg}]`;
      q = `sum${g} (${base})) ${pick(["-", "/", "> bool", "or", "and"])} sum${g} (${base} offset ${pick(["1m", "2m", "5m"])}))`;
    } else if (k < 0.7) {
      const inner = `${pick(["count", "sum", "max"])} by (${pick([...s.strs, "service"])}) (${pick(["rate", "count_over_time", "bytes_over_time"])}(${pipe()} [${rg}]))`;
      q = pick([`sum(${inner})`, `count(${inner})`, `max(topk(2, ${inner}))`, `sort(${inner})`, `sort_desc(${inner})`, `avg(${inner}) by ()`]);
    } else if (k < 0.85 && (s.nums.length || s.durs.length || s.bytes.length)) {
      const conv = s.durs.length && chance(0.5) ? `${pick(["duration", "duration_seconds"])}(${pick(s.durs)})` : s.bytes.length && chance(0.5) ? `bytes(${pick(s.bytes)})` : pick(s.nums.length ? s.nums : s.durs);
      const fn = pick(["sum_over_time", "avg_over_time", "max_over_time", "quantile_over_time", "first_over_time", "last_over_time", "rate_counter", "stddev_over_time"]);
      const qq = fn === "quantile_over_time" ? `${pick(["0.5", "0.9"])}, ` : "";
      const gg = ["rate_counter", "first_over_time", "sum_over_time"].includes(fn) ? "" : g;
      q = `${fn}(${qq}${pipe()} | unwrap ${conv} | __error__="" [${rg}])${gg}`;
      if (chance(0.4)) q = pick([`sort_desc(${q})`, `${q} > ${pick(["0", "1", "100"])}`, `sum(${q})`]);
    } else {
      q = `${pick(["sum", "count", "max"])}${g} (count_over_time(${pipe()} [${rg}]${offset()}))`;
      if (chance(0.3)) q = `${q} + ${pick(["vector(1)", "0", "on() group_left vector(2)"])}`;
    }
    // Instant queries at the span's edges (its first line, whole minutes, just after the last line) as well as within.
    return chance(0.35) ? { query: q, stepSec: pick([30, 45, 60, 120]) } : { query: q, atOffsetSec: pick([0, 1, 45, 59, 60, 120, 540, 599, 600, 601, 660]) };
  };
  const out: DiffQuery[] = [];
  while (out.length < count) {
    const k = r();
    if (k < 0.12) {
      out.push(r5());
      continue;
    }
    if (k < 0.16) {
      out.push({ query: alikeUnderFrontend(), stepSec: pick([30, 60, 120]) });
      continue;
    }
    if (k < 0.3) {
      const { text } = pipeline();
      const fmt = chance(0.3) ? ` | line_format "{{.service_name}} ${pick(templates)}"` : "";
      out.push({ query: text + fmt, limit: pick([5, 50, 1000]), direction: pick(["forward", "backward"] as const) });
      continue;
    }
    let q: string;
    const m = r();
    if (m < 0.3) q = aggr();
    else if (m < 0.45) q = vectorBinop();
    else if (m < 0.6) q = `${aggr()} ${pick(["+", "-", "*", "/", "%", "^"])} ${pick(["2", "0", "0.5", "-1"])}`;
    else if (m < 0.7) q = `${aggr()} ${pick(["==", "!=", ">", "<", ">=", "<="])}${chance(0.5) ? " bool" : ""} ${pick(["1", "5", "0.5", "100"])}`;
    else if (m < 0.85) {
      const a = `sum by (service, filename) (count_over_time(${ALL_NT} ${lineFilter()} [${range()}]))`;
      const b = `sum by (service) (count_over_time(${ALL_NT} ${lineFilter()} [${range()}]))`;
      const opr = pick(["+", "/", "-", "*", ">", "> bool", "and", "or", "unless", "==bool"]).replace("==bool", "== bool");
      const mm = pick(["on(service) group_left", "ignoring(filename) group_left", "on(service) group_left(env)"]);
      q = ["and", "or", "unless"].includes(opr) ? `${b} ${opr} on(service) ${a}` : `${a} ${opr} ${mm} ${b}`;
    } else if (m < 0.92) q = `${aggr()} ${pick(["+", "or", "*"])} vector(${pick(["1", "0", "2.5"])})`;
    else if (m < 0.95) q = `${pick(["2", "0.5", "(1 + 2)", "10 % 4", "vector(1)"])} ${pick(["*", "+", "/", "-", "^", "> bool", "<"])} ${aggr()}`;
    else q = vectorBinop();
    out.push(r() < 0.3 ? { query: q, stepSec: pick([30, 60, 120]) } : { query: q, atOffsetSec: pick([0, 45, 120]) });
  }
  return out;
}

if (import.meta.main) {
  const seed = process.argv[2] === "serve" ? 0 : Number(process.argv[2] ?? 1);
  const count = Number(process.argv[3] ?? 300);
  const extra = process.argv[4] ? (await readFile(process.argv[4], "utf8")).split("\n").filter((l) => l.trim() && !l.startsWith("#")) : [];
  const HOUR_MS = 3600_000;
  // FUZZ_LOKI_URL and FUZZ_BASE_MS reuse a Loki that `serve` (as the seed) started and filled.
  const BASE_MS = process.env.FUZZ_BASE_MS ? Number(process.env.FUZZ_BASE_MS) : Math.floor((Date.now() - 14 * 60_000) / HOUR_MS) * HOUR_MS + 13 * 60_000;
  const SPAN_MS = 10 * 60_000;
  const WINDOW_START = BASE_MS - SPAN_MS - 60_000;
  const WINDOW_END = BASE_MS + 60_000;
  const corpus = buildCorpus(20260101, BASE_MS, SPAN_MS);
  const queries: DiffQuery[] = [
    ...extra.map((l): DiffQuery => {
      const m = /^(step=([\d.]+)(?:@(-?\d+),(-?\d+))?|at=([\d.]+)|log=(\d+)(f?))\s+(.*)$/.exec(l);
      if (!m) return { query: l };
      if (m[2]) return { query: m[8]!, stepSec: Number(m[2]), ...(m[3] !== undefined ? { shiftMs: [Number(m[3]), Number(m[4])] as [number, number] } : {}) };
      if (m[5]) return { query: m[8]!, atOffsetSec: Number(m[5]) };
      return { query: m[8]!, limit: Number(m[6]), direction: m[7] ? "forward" : "backward" };
    }),
    ...(process.env.FUZZ_GRAMMAR === "forms" ? formsQueries(seed, count) : fuzzQueries(seed, count)),
  ];
  const dir = await mkdtemp(join(tmpdir(), "logql-fuzz-"));
  await writeCorpus(corpus, dir);
  const given = process.env.FUZZ_LOKI_URL;
  const loki = given ? { url: given, push: async () => {}, stop: async () => {} } : await startLoki();
  try {
    const streams = pushStreams(corpus);
    await loki.push(streams);
    const client = lokiClient({ url: loki.url });
    if (process.argv[2] === "serve") {
      console.log(`FUZZ_LOKI_URL=${loki.url} FUZZ_BASE_MS=${BASE_MS}`);
      await new Promise((resolve) => process.once("SIGINT", resolve));
    }
    await waitForCorpus(client, streams, WINDOW_END, Date.now() + 60_000);
    const tally = { agree: 0, refused: 0, bothFailed: 0, lokiVaried: 0, differ: 0 };
    const times = { baseMs: BASE_MS, spanMs: SPAN_MS, windowStart: WINDOW_START, windowEnd: WINDOW_END };
    const differs = (q: DiffQuery, engine: Answer, remote: Answer): string | undefined => {
      const diff = difference(engine, remote);
      return diff !== undefined && /(topk|bottomk)\b/.test(q.query) && sameValuesAnySeries(engine, remote) ? undefined : diff;
    };
    for (const q of queries) {
      const refusal = embeddedSupportErrors(q.query)[0];
      if (refusal !== undefined && !refusal.startsWith("parse error")) {
        tally.refused++;
        continue;
      }
      // A query the engine takes for an error (syntax, a bad template, a bad parameter) must be one for Loki too.
      const { engine, remote, isLog } = refusal !== undefined ? { ...(await bothAnswers(q, client, { globs: corpus.globs, dir }, times)), engine: { error: refusal.split("\n")[0]! } } : await bothAnswers(q, client, { globs: corpus.globs, dir }, times);
      const diff = differs(q, engine, remote);
      if (diff === undefined) {
        tally.agree++;
        if ("error" in engine) tally.bothFailed++;
        continue;
      }
      // Some of Loki's answers change from one run to the next (Go map order, e.g. which of two samples labelled alike
      // ends a series, picked anew at each step): ask again, and count the engine's answer as one of Loki's only where
      // a run gave it, or gave each of its values at that place.
      const again: Answer[] = [];
      for (let i = 0; i < LOKI_ASKS; i++) again.push(await lokiAnswer(q, client, times));
      const varies = again.some((a) => difference(remote, a) !== undefined);
      const how = q.stepSec !== undefined ? `step=${q.stepSec}${q.shiftMs ? `@${q.shiftMs[0]},${q.shiftMs[1]}` : ""}` : isLog ? `log=${q.limit ?? 100}${q.direction === "forward" ? "f" : ""}` : `at=${q.atOffsetSec ?? 0}`;
      if (varies && (again.some((a) => differs(q, engine, a) === undefined) || amongAnswers(engine, [remote, ...again]))) {
        tally.lokiVaried++;
        console.log(`${how} ${q.query}\n    Loki's answer varies from run to run; each of the engine's values is one a run gave there (the first run differed: ${diff.slice(0, 300)})`);
        continue;
      }
      tally.differ++;
      console.log(`${how} ${q.query}\n    ${diff.slice(0, 600)}${varies ? `\n    (Loki's answer varies from run to run; none of ${LOKI_ASKS + 1} was the engine's)` : ""}`);
    }
    console.log(
      `fuzz: ${queries.length} queries, ${tally.agree} agree (${tally.bothFailed} failed on both), ${tally.lokiVaried} agree with one of Loki's varying answers, ${tally.refused} refused by the engine, ${tally.differ} differ`,
    );
  } finally {
    await loki.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
