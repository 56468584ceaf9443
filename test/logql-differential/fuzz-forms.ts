// A second grammar for the differential fuzzer (FUZZ_GRAMMAR=forms): the LogQL forms fuzzQueries never writes, as
// Loki 3.4's documentation lists them. Line filter `or` chains of every operator and regex flags; stream selectors of
// every matcher; label filters of numbers, durations and sizes in every spelling, under and/or/comma with parentheses;
// template functions fuzzQueries leaves out (Go's builtins, the old Trim*/Replace ones, minf/subf, unixEpochNanos,
// urldecode); parsers chained; drop/keep of matchers; every range function with its grouping, parameters at their
// edges (quantile outside [0, 1], topk of 0 or a fraction); scalar-only queries, operator chains that test precedence
// and associativity, comparisons with scalars on either side, label_replace with bad arguments; range queries whose
// window is not aligned to their step and odd steps, instant queries between whole seconds; log queries of small limits.
import { seededRandom } from "../helpers/random.ts";
import type { DiffQuery } from "./queries.ts";

const API = '{service="api"}';
const WEB = '{service="web"}';
const WORKER = '{service="worker"}';

export function formsQueries(seed: number, count: number): DiffQuery[] {
  const r = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const chance = (p: number) => r() < p;

  const selectors = [
    API,
    WEB,
    WORKER,
    '{service=~"api|web"}',
    '{service=~"w.*"}',
    '{service!~"api|web", env="diff"}',
    '{env="diff", service!="api", group!="ties"}',
    '{env=~"d.+", service=~".+"}',
    '{service=~"(?i)API"}',
    '{service=~"api|"}',
    '{env="diff", service=""}',
    '{group=~"edge|vals"}',
    '{service_name=~"bill.*|intl"}',
  ];
  const literals = ["GET", "POST", "error", "ERROR", "timeout", "ok", "api", "=", "ms", "é", "漢", "status=5", "\\\"", " "];
  const regexes = ["GET|POST", "(?i)error", "(?i)ERR|warn", "^[0-9]{4}-", "(?m)^.*ok$", "(?s)a.b", "(?U)a.+b", "(?i)(?s)e.*r", "t[aeiou]+", "\\\\d{3}ms", "^\\\\S+ \\\\S+$", "(GET|PUT) /api", "é|漢", "[[:digit:]]+ms$", ".*", ""];
  const lineFilterOr = (): string => {
    const op = pick(["|=", "!=", "|~", "!~"]);
    const arg = () => (op.endsWith("~") ? `"${pick(regexes)}"` : `"${pick(literals)}"`);
    const n = 1 + Math.floor(r() * 3);
    return `${op} ${Array.from({ length: n }, arg).join(" or ")}`;
  };
  const lineFilters = (): string => Array.from({ length: 1 + Math.floor(r() * 2) }, lineFilterOr).join(" ");

  type Src = { sel: string; parser: string; nums: string[]; durs: string[]; bytes: string[]; strs: string[] };
  const sources: Src[] = [
    { sel: API, parser: "| json", nums: ["status", "latency_ms", "user_id"], durs: ["duration"], bytes: ["size"], strs: ["method", "path", "msg"] },
    { sel: API, parser: '| json status, m="method", lat="latency_ms", d="duration"', nums: ["status", "lat"], durs: ["d"], bytes: [], strs: ["m"] },
    { sel: WEB, parser: "| logfmt", nums: ["status"], durs: ["duration"], bytes: ["bytes"], strs: ["method", "path", "msg"] },
    { sel: WEB, parser: "| logfmt --strict --keep-empty", nums: ["status"], durs: ["duration"], bytes: ["bytes"], strs: ["method", "flag"] },
    { sel: WEB, parser: '| regexp `status=(?P<st>\\d+) duration=(?P<d>\\S+) bytes=(?P<b>\\S+)`', nums: ["st"], durs: ["d"], bytes: ["b"], strs: [] },
    { sel: WEB, parser: "| pattern `<_> method=<m> path=<p> status=<s> <_>`", nums: ["s"], durs: [], bytes: [], strs: ["m", "p"] },
    { sel: WORKER, parser: '| pattern "<_> <lvl> <w> job=<job> took <took>"', nums: ["job"], durs: ["took"], bytes: [], strs: ["lvl", "w"] },
    { sel: WORKER, parser: '| regexp `job=(?P<job>\\d+) took (?P<n>\\d+)ms` | label_format took="{{ .n }}ms"', nums: ["job", "n"], durs: ["took"], bytes: [], strs: [] },
    { sel: '{group="vals"}', parser: "| logfmt", nums: ["n", "k"], durs: ["d"], bytes: ["b"], strs: ["n", "d", "b"] },
    { sel: '{group="edge"}', parser: "| json", nums: ["v", "n"], durs: [], bytes: [], strs: ["y", "n"] },
    { sel: API, parser: "| json | line_format `{{.method}} {{.status}} {{.latency_ms}}ms` | pattern `<m> <s> <l>`", nums: ["s"], durs: ["l"], bytes: [], strs: ["m"] },
    { sel: '{app="billing"}', parser: "| logfmt", nums: ["amount"], durs: [], bytes: [], strs: ["currency", "level"] },
    // unpack over lines with `_entry`, json paths over broken lines, a second parser over an unpacked line.
    { sel: '{group="broken"}', parser: "| unpack", nums: ["n", "m"], durs: [], bytes: [], strs: ["level", "msg", "a"] },
    { sel: '{group="broken"}', parser: '| json l="level", u="user.name", q0="q[0]", xy="x[\\" y \\"]"', nums: [], durs: [], bytes: [], strs: ["l", "u", "q0", "xy"] },
    { sel: '{group="odd"}', parser: "| json | logfmt", nums: ["_1abc"], durs: [], bytes: [], strs: ["msg", "__error__", "a_b"] },
  ];
  const cmp = () => pick(["==", "!=", ">", ">=", "<", "<=", "="]);
  const numbers = ["200", "1e3", "1.5e2", ".5", "500.0", "-1", "0", "404", "2.5", "1000"];
  const durations = ["1s", "250ms", "1.5s", "1m30s", "100us", "1µs", "0s", "2h", "1.5m", "500000ns", "1h1m1s"];
  const sizes = ["1KB", "1kB", "1KiB", "1.5KB", "512B", "1MB", "3MiB", "1B", "1GB", "2.5kib"];
  const atom = (s: Src): string => {
    const k = r();
    if (k < 0.3 && s.nums.length) return `${pick(s.nums)} ${cmp()} ${pick(numbers)}`;
    if (k < 0.45 && s.durs.length) return `${pick(s.durs)} ${cmp()} ${pick(durations)}`;
    if (k < 0.6 && s.bytes.length) return `${pick(s.bytes)} ${cmp()} ${pick(sizes)}`;
    if (k < 0.9 && s.strs.length) return `${pick(s.strs)}${pick(["=", "!=", "=~", "!~"])}"${pick(["GET", "GET|POST", "(?i)get", "", ".*", ".+", "/api/.*", "a|", "(?s).*e.*"])}"`;
    return `__error__${pick(["=", "!="])}"${pick(["", "LabelFilterErr", "LogfmtParserErr", "JSONParserErr"])}"`;
  };
  const labelFilter = (s: Src): string => {
    const k = r();
    if (k < 0.3) return atom(s);
    if (k < 0.5) return `${atom(s)}${pick([", ", " and "])}${atom(s)}`;
    if (k < 0.65) return `${atom(s)} or ${atom(s)}`;
    if (k < 0.8) return `(${atom(s)} or ${atom(s)}) ${pick(["and", ","])} ${atom(s)}`;
    if (k < 0.85) return `${atom(s)} and (${atom(s)} or ${atom(s)})`;
    // and, comma and or mixed without parentheses: grouped as Loki's parser groups them.
    if (k < 0.95) return Array.from({ length: 2 + Math.floor(r() * 2) }, () => atom(s)).reduce((acc, a) => `${acc}${pick([" and ", ", ", " or "])}${a}`);
    return `(${atom(s)}, ${atom(s)}) or (${atom(s)})`;
  };
  const fields = (s: Src) => [...s.strs, ...s.nums, ...s.durs, ...s.bytes];
  const templates = (s: Src): string[] => {
    const f = () => pick(fields(s).length ? fields(s) : ["service"]);
    return [
      `{{ Trim .${f()} "/0" }}|{{ TrimLeft .${f()} "/a1" }}|{{ TrimRight .${f()} "s0" }}`,
      `{{ Replace .${f()} "a" "b" ${pick([1, -1, 0, 2])} }}|{{ ToLower .${f()} }}`,
      `{{ print .${f()} 1 "x" }}|{{ println .${f()} }}`,
      `{{ minf .${f()} 100 }}|{{ subf .${f()} 0.5 }}|{{ maxf 1 2 .${f()} }}`,
      `{{ unixEpochNanos __timestamp__ }}|{{ urldecode "a%20b%2F" }}|{{ urldecode .${f()} }}`,
      `{{ .${f()} | printf "%-8s|%08.3f" "x" }}`,
      `{{ printf "%v %T %q" .${f()} 1.5 .${f()} }}`,
      `{{ if or (eq .${f()} "GET") (gt (len .${f()}) 3) }}y{{ else }}n{{ end }}`,
      `{{ len (print .${f()} .${f()}) }}|{{ not (eq .${f()} "") }}`,
      `{{ le 1 2 }}|{{ ge (len .${f()}) 4 }}|{{ eq 1 1 }}|{{ ne "a" .${f()} }}`,
      `{{ .${f()} | trim | title | trunc ${pick([2, -2, 0, 100])} }}`,
      `{{ substr ${pick([0, 1, 3])} ${pick([2, 5, 100])} .${f()} }}`,
      `{{ regexReplaceAll "(?i)([a-z])" .${f()} "[$1]" }}`,
      `{{ regexReplaceAllLiteral "\\\\d" .${f()} "$0" }}`,
      `{{ default "none" .${f()} | upper }}|{{ default .${f()} "" }}`,
      `{{ count "e" .${f()} }}|{{ contains "a" .${f()} }}|{{ hasPrefix "/" .${f()} }}`,
      `{{ duration .${f()} }}|{{ bytes .${f()} }}|{{ int .${f()} }}|{{ float64 .${f()} }}`,
      `{{ round (float64 .${f()}) ${pick([0, 1, 2])} }}|{{ ceil .${f()} }}|{{ floor .${f()} }}`,
      `{{ date "${pick(["2006-01-02", "15:04:05.000", "Jan _2 3:04PM", "Mon Z07:00"])}" __timestamp__ }}|{{ __timestamp__ | unixEpochMillis }}`,
      `{{ alignRight ${pick([3, 10])} .${f()} }}|{{ alignLeft ${pick([2, 6])} .${f()} }}`,
      `{{ b64enc .${f()} }}|{{ urlencode .${f()} }}|{{ repeat 2 .${f()} }}`,
      `{{- .${f()} -}} {{/* note */}} {{ __line__ | len }}`,
      `{{ and .${f()} .${f()} }}|{{ or .${f()} "z" }}`,
      `{{ mul (int .${f()}) 2 | add 1 }}|{{ div (int .${f()}) ${pick([2, 0, -3])} }}|{{ mod (int .${f()}) 3 }}`,
      `{{ unixToTime "${pick(["1700000000", "1700000000123", "1700000000123456", "1700000000123456789", "x"])}" | date "2006-01-02T15:04:05.000" }}`,
    ];
  };
  const esc = (t: string) => t.replace(/\\/g, "\\\\").replace(/"/g, '\\"');
  const format = (s: Src): string => {
    const k = r();
    const t = () => esc(pick(templates(s)));
    if (k < 0.3) return `| line_format "${t()}"`;
    if (k < 0.5) return `| label_format ${pick(["x", "y", ...s.strs])}="${t()}"${chance(0.4) ? `, ${pick(["z", "w"])}=${pick(fields(s).length ? fields(s) : ["service"])}` : ""}`;
    if (k < 0.6) return `| label_format ${pick(["r", ...fields(s)])}=${pick(["service", "filename", ...fields(s)])}`;
    if (k < 0.75) return `| ${pick(["drop", "keep"])} ${pick([...s.strs, "detected_level", "service_name"])}${pick(["=", "!=", "=~", "!~"])}"${pick(["GET", "info", "", ".*", "a.*|/"])}"${chance(0.5) ? `, ${pick(["filename", "env", ...fields(s)])}` : ""}`;
    if (k < 0.85) return `| ${pick(["drop", "keep"])} ${pick(["filename", "env", "service", ...fields(s)])}, ${pick(["__error__", "__error_details__", "detected_level", ...fields(s)])}`;
    return "| decolorize";
  };
  const pipeline = (given?: Src): { s: Src; text: string } => {
    const s = given ?? pick(sources);
    const st: string[] = [];
    if (chance(0.4)) st.push(lineFilters());
    st.push(s.parser);
    if (chance(0.6)) st.push(`| ${labelFilter(s)}`);
    if (chance(0.35)) st.push(format(s));
    if (chance(0.2)) st.push(lineFilters());
    if (chance(0.2)) st.push(`| ${labelFilter(s)}`);
    return { s, text: `${s.sel} ${st.join(" ")}` };
  };
  const rng = () => pick(["1s", "10s", "30s", "1m", "90s", "2m", "5m", "1h", "1m30s"]);
  const off = () => (chance(0.2) ? ` offset ${pick(["10s", "1m", "2m30s", "5m"])}` : "");
  const grouping = (s: Src): string => {
    const k = r();
    if (k < 0.35) return "";
    const ls = [pick([...s.strs, "service", "filename", "detected_level", "env", "nope"])];
    if (chance(0.3)) ls.push(pick(["service", "env", "level", "__error__"]));
    return ` ${k < 0.75 ? "by" : "without"} (${ls.join(", ")})`;
  };
  const unwrapArg = (s: Src): string | undefined => {
    const opts: string[] = [...s.nums, ...s.durs.map((d) => `${pick(["duration", "duration_seconds"])}(${d})`), ...s.bytes.map((b) => `bytes(${b})`)];
    return opts.length ? pick(opts) : undefined;
  };
  const rangeVec = (): { s: Src; text: string } => {
    const { s, text } = pipeline();
    const u = unwrapArg(s);
    if (u === undefined || chance(0.4)) {
      const fn = pick(["count_over_time", "rate", "bytes_over_time", "bytes_rate", "absent_over_time"]);
      return { s, text: `${fn}(${text} | __error__="" [${rng()}]${off()})` };
    }
    const fn = pick(["sum_over_time", "avg_over_time", "min_over_time", "max_over_time", "stddev_over_time", "stdvar_over_time", "quantile_over_time", "first_over_time", "last_over_time", "rate", "absent_over_time"]);
    const q = fn === "quantile_over_time" ? `${pick(["0.5", "0.95", "0", "1", "1.5", "-0.5", "0.25"])}, ` : "";
    const g = ["sum_over_time", "rate", "first_over_time", "last_over_time", "absent_over_time"].includes(fn) && chance(0.7) ? "" : grouping(s);
    const post = chance(0.3) ? ` | ${pick(["__error__=\"\"", `${u.replace(/^\w+\((.*)\)$/, "$1")} != ""`, "__error__=\"\", __error_details__=\"\""])}` : ' | __error__=""';
    // lezer-logql refuses an offset after an unwrap's range (documented): none here.
    return { s, text: `${fn}(${q}${text} | unwrap ${u}${post} [${rng()}])${g}` };
  };
  const aggr = (): string => {
    const { s, text } = rangeVec();
    const k = r();
    if (k < 0.15) return text;
    const op = pick(["sum", "avg", "min", "max", "count", "stddev", "stdvar"]);
    if (k < 0.55) {
      const g = grouping(s);
      return chance(0.5) ? `${op}${g} (${text})` : `${op}(${text})${g}`;
    }
    if (k < 0.7) return `${pick(["topk", "bottomk"])}(${pick(["1", "2", "3", "0", "1.5", "100"])}, ${op}${grouping(s)} (${text}))${chance(0.3) ? ` by (${pick(["service", "filename"])})` : ""}`;
    if (k < 0.8) return `${pick(["sort", "sort_desc"])}(${op}${grouping(s)} (${text}))`;
    if (k < 0.9) return `label_replace(${op}${grouping(s)} (${text}), "${pick(["dst", "service", "__x"])}", "${pick(["$1", "$0", "${1}-$2", "lit", "$9"])}", "${pick(["service", "filename", "nope", ...s.strs])}", "${pick(["(.*)", "(a)(p)", "[", "(?i)API", "x|", "^(.)"])}")`;
    return `${op} without () (${text})`;
  };
  const scalarExpr = (): string => {
    const n = () => pick(["1", "2", "0", "-1", "0.5", "3", "1e2", "10"]);
    const k = r();
    if (k < 0.3) return `${n()} ${pick(["+", "-", "*", "/", "%", "^"])} ${n()} ${pick(["+", "-", "*", "/", "%", "^"])} ${n()}`;
    if (k < 0.5) return `${n()} ${pick(["==", "!=", ">", "<", ">=", "<="])} bool ${n()}`;
    if (k < 0.7) return `vector(${n()}) ${pick(["+", "*", "-", "/", "^", "%", "> bool", "=="])} ${pick([n(), `vector(${n()})`])}`;
    if (k < 0.85) return `(${n()} + ${n()}) * ${n()} ^ ${n()}`;
    return `-${n()} + vector(${n()})`;
  };
  const binary = (): string => {
    const a = aggr();
    const b = aggr();
    const k = r();
    const arith = pick(["+", "-", "*", "/", "%", "^"]);
    if (k < 0.25) return `${a} ${arith} ${pick(["2", "0", "-1", "0.5"])} ${pick(["+", "*", "^", "-"])} ${pick(["3", "2", "10"])}`;
    if (k < 0.4) return `${pick(["1", "100", "0.5"])} ${pick(["==", "!=", ">", "<", ">=", "<="])}${chance(0.5) ? " bool" : ""} ${a}`;
    if (k < 0.55) return `${a} ${pick(["==", "!=", ">", "<"])}${chance(0.5) ? " bool" : ""} ${pick(["1", "5", "0.01"])}`;
    if (k < 0.7) return `sum by (service) (${a}) ${arith} ${pick(["on(service)", "ignoring(x)", ""])} sum by (service) (${b})`;
    if (k < 0.8) return `(${a}) ${pick(["and", "or", "unless"])} (${b})`;
    if (k < 0.9) return `${a} ${pick(["+", "-", "*"])} ${b} ${pick(["/", "*", "^", "%"])} ${pick(["2", "vector(2)"])}`;
    return `${a} ${pick(["^", "-", "/"])} ${pick(["2", "3"])} ${pick(["^", "-", "/"])} ${pick(["2", "0.5"])}`;
  };
  const out: DiffQuery[] = [];
  while (out.length < count) {
    const k = r();
    if (k < 0.3) {
      const { text } = pipeline();
      const fmt = chance(0.2) ? ` | line_format "{{ __timestamp__ | unixEpochNanos }} {{ .service_name }}"` : "";
      out.push({ query: text + fmt, limit: pick([1, 2, 3, 10, 100, 1000]), direction: pick(["forward", "backward"] as const) });
      continue;
    }
    let q: string;
    const m = r();
    if (m < 0.45) q = aggr();
    else if (m < 0.55) q = scalarExpr();
    else q = binary();
    // Range queries over windows not aligned to the step (and odd steps); instant queries between whole seconds.
    const t = r();
    if (t < 0.4) out.push({ query: q, stepSec: pick([7, 15, 30, 45, 60, 90, 100, 13.5, 600]), shiftMs: chance(0.7) ? [pick([0, 1, 500, 7000, 29_999, -3500]), pick([0, 1, 250, 11_000, -59_999])] : undefined });
    else out.push({ query: q, atOffsetSec: pick([0, 0.5, 1.25, 17.003, 59.999, 60, 61, 120.5, 299.9, 599.5, 600.001]) });
  }
  return out;
}
