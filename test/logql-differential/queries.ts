// The differential suite's queries: hand-written ones for every row of docs/logql-embedded.md's table, plus generated ones.
import { seededRandom } from "../helpers/random.ts";

export interface DiffQuery {
  query: string;
  /** Log queries: most lines and direction (defaults 100, backward). */
  limit?: number;
  direction?: "forward" | "backward";
  /** Metric queries: a range query with this step (s) instead of an instant query. */
  stepSec?: number;
  /** Range queries: move the start and the end of the span by these many ms (a window not aligned to the step). */
  shiftMs?: [start: number, end: number];
  /** Instant queries: evaluate this many seconds before the corpus's base time. */
  atOffsetSec?: number;
}

const L = (query: string, limit?: number, direction?: "forward" | "backward"): DiffQuery => ({ query, limit, direction });
const M = (query: string, extra: Partial<DiffQuery> = {}): DiffQuery => ({ query, ...extra });

const ALL = '{env="diff"}';
/** Every stream but the two sharing timestamps: for log queries whose limit may cut through lines of one time. */
const ALL_NT = '{env="diff", group!="ties"}';
const API = '{service="api"}';
const WEB = '{service="web"}';
const WORKER = '{service="worker"}';

/** One or more queries per supported feature (the rows of the table in docs/logql-embedded.md). */
export const HAND_WRITTEN: DiffQuery[] = [
  // stream selectors
  L(API, 1000),
  L('{service!="api", env="diff"}', 1000),
  L('{service=~"web|worker"}', 1000),
  L('{service!~"api|web", env="diff"}', 1000),
  L('{filename=~"logs/.*/j.*"}', 1000),
  L('{group="ties"}', 1000),
  L('{group="ties"}', 1000, "forward"),
  L('{service_name="billing"}', 1000),
  L('{service_name="unknown_service"}', 1000),
  L('{component="queue"}', 1000),
  // line filters
  L(`${ALL} |= "timeout"`, 1000),
  L(`${ALL} != "timeout" |= "retry"`, 1000),
  L(`${ALL} |~ "up(stream)?"`, 1000),
  L(`${ALL} !~ "[a-d]"`, 1000),
  L(`${ALL} |~ "(?i)error"`, 1000),
  L(`${ALL} |= "cache" or "slow"`, 1000),
  L(`${ALL} != "cache" or "slow"`, 1000),
  L(`${ALL} |= "db" |= "query" or "miss"`, 1000),
  L(`${WEB} |> "<_> method=GET <_>"`, 1000),
  L(`${WEB} !> "<_> status=500 <_>"`, 1000),
  L(`${ALL} |~ "\\\\p{Greek}"`, 1000),
  L(`${ALL} |= "漢字"`, 1000),
  L(`{service="intl"} |~ "caf."`, 1000),
  // parsers
  L(`${API} | json`, 1000),
  L(`${API} | json | __error__=""`, 1000),
  L(`${API} | json | __error__!=""`, 1000),
  L(`${API} | json m="method", p="path", uid="user.id"`, 1000),
  L(`${API} | json first="tags[0]", name="user.name"`, 1000),
  L(`${WEB} | logfmt`, 1000),
  L(`${WEB} | logfmt --strict`, 1000),
  L(`${WEB} | logfmt --keep-empty`, 1000),
  L(`${WEB} | logfmt m, p="path"`, 1000),
  L(`${WORKER} | regexp "(?P<word>[a-z]+) job=(?P<job>\\\\d+) took (?P<took>\\\\d+)ms"`, 1000),
  L(`${WORKER} | pattern "<ts> <_> <word> job=<job> took <took>ms"`, 1000),
  L(`${API} | unpack`, 1000),
  L(`{app="billing"} | logfmt`, 1000),
  L(`{service="bulk"} | logfmt | keep level`, 1000),
  // Keys written twice in a line: the last value in log queries and in metric queries that keep every label, the first
  // where parser hints extract a label once (sum by).
  L('{group="dups"} | logfmt', 1000),
  L('{group="dups"} | json | line_format "{{.msg}} {{.n}}"', 1000),
  L('{group="dups"} | logfmt | x="1"', 1000),
  M('count_over_time({group="dups"} | logfmt [15m])'),
  M('sum by (x) (count_over_time({group="dups"} | logfmt [15m]))'),
  M('sum by (msg) (count_over_time({group="dups"} | json [15m]))'),
  // Loki checks a one-label filter as a parser sets that label: a line whose key fails it at any writing is dropped.
  L('{group="dups"} | logfmt | x="1" or y="b"', 1000),
  // The same early check with a later stage changing the label, and with a numeric filter's error seen by an earlier __error__ filter.
  L('{service="web"} | logfmt | label_format status="1" | status == 1', 1000),
  L('{service="api"} |= "200x" | json | __error__="" | status < 1000', 1000),
  L('{service="api"} |= "200x" | json | __error__!="" | status < 1000', 1000),
  L('{group="dups"} | logfmt | label_format x="{{.y}}" | x="a"', 1000),
  L('{group="dups"} | logfmt | x!="0"', 1000),
  L('{group="dups"} | json | msg!="alpha"', 1000),
  M('count_over_time({group="dups"} | logfmt | x="1" [15m])'),
  M('sum by (group) (count_over_time({group="dups"} | logfmt | x="9" [15m]))'),
  M('sum without (y) (count_over_time({group="dups"} | logfmt | x="1" [15m]))'),
  M('sum(count_over_time({group="dups"} | logfmt | x > 1 [15m]))'),
  // `-0` is a DURATION token to Loki's lexer: in a label filter a duration comparison (refused once as in arithmetic).
  L('{group="dups"} | logfmt | x <= -0', 1000),
  M('sum(count_over_time({group="dups"} | logfmt | x >= -0 | __error__="" [15m]))'),
  L(`${WEB} | logfmt | duration > -0`, 1000),
  M('sum by (n) (count_over_time({group="dups"} | json | n > 3 [15m]))'),
  // The expression parsers (json a="b", logfmt a) never check a filter early: d is checked at its own stage only.
  L('{service="api"} | json d="duration" | __error__="" | d > 1s', 1000),
  L('{service="web"} | logfmt d="duration" | __error__="" | d > 1s', 1000),
  M('count_over_time({service="api"} | json d="duration" | __error__="" | d > 1s [15m])'),
  // without () keeps every label (no parser hints), unlike by ().
  M('sum without () (count_over_time({filename="edge/doc.log"} | json | keep y [15m]))'),
  M('avg_over_time({filename="edge/doc.log"} | json | drop ts | unwrap v [15m])'),
  // keep/drop/a rename: Loki merges the shards with sum/min/max without (), which drops empty labels.
  M('count_over_time({filename="edge/doc.log"} | json | keep y [15m])'),
  M('count_over_time({filename="edge/doc.log"} | json | keep y [1m])', { stepSec: 60 }),
  M('max_over_time({filename="edge/doc.log"} | json | label_format w="{{.y}}" | drop x | unwrap v [15m])'),
  M('count_over_time({filename="edge/doc.log"} | json | keep y [15m]) / on() group_left vector(2)'),
  // A range aggregation's own without (…) keeps y=""; min/max_over_time's is merged with max without (…), which drops it.
  M('stddev_over_time({filename="edge/doc.log"} | json | unwrap v | __error__="" [15m]) without (ts, n)'),
  M('min_over_time({filename="edge/doc.log"} | json | unwrap v | __error__="" [15m]) without (ts, n)'),
  M('max_over_time({filename="edge/doc.log"} | json | unwrap v | __error__="" [2m]) without (ts, n)', { stepSec: 60 }),
  // Template functions as Go and Sprig run them: simple case mapping, b64dec's error text, round's arity.
  L('{group="dups"} | line_format "{{ upper \\"straße\\" }} {{ lower \\"İSTANBUL\\" }} {{ b64dec \\"!!\\" }} {{ b64dec \\"abc\\" }}"', 1000),
  // (its __error_details__ lacks Loki's "template: line:1:3: executing …" prefix, a known difference: dropped here)
  L('{group="dups"} | line_format "{{ round 2.5 }}" | drop __error_details__', 1000),
  // Empty values: `by` keeps {y=""} apart from {}; `without` and operators between vectors take it as no label.
  M('sum by (y) (count_over_time({filename="edge/doc.log"} | json [15m]))'),
  M('sum by (y) (sum_over_time({filename="edge/doc.log"} | json | unwrap v [15m]))'),
  M('sum without (v, n, ts, detected_level, service_name, filename) (count_over_time({filename="edge/doc.log"} | json [15m]))'),
  M('sum by (y) (count_over_time({filename="edge/doc.log"} | json [15m])) + on(y) sum by (y) (count_over_time({filename="edge/doc.log"} | json [15m]))'),
  // Numbers as Go's strconv.ParseFloat reads label values; a value that does not convert carries Go's error.
  M('sum(count_over_time({filename="edge/doc.log"} | json | n > 10 | __error__="" [15m]))'),
  M('sum(sum_over_time({filename="edge/doc.log"} | json | unwrap n | __error__="" [15m]))'),
  L('{filename="edge/doc.log"} | json | n > 10 | __error__!=""', 1000),
  L('{filename="edge/doc.log"} | json | n > 1s', 1000),
  // A parser of every key leaves labels set before it; a renamed logfmt extraction under parser hints stays empty.
  L('{filename="edge/kv.log"} | label_format level=group | logfmt', 1000),
  M('sum by (level) (count_over_time({filename="edge/kv.log"} | label_format level=group | logfmt [15m]))'),
  L('{filename="edge/kv.log"} | regexp `x=(?P<msg>\\d)` | logfmt', 1000),
  M('sum by (m) (count_over_time({filename="edge/kv.log"} | logfmt m="msg" [15m]))'),
  M('count_over_time({filename="edge/kv.log"} | logfmt m="msg" [15m])'),
  M('sum by (level) (count_over_time({filename="edge/kv.log"} | logfmt level="msg" [15m]))'),
  // Ranges and offsets as Loki reads them: [0s] is empty, offsets in Go's form, negative ones look ahead.
  M('sum(count_over_time({group="edge"}[0s]))'),
  M('sum(count_over_time({group="edge"}[5m] offset -5m))', { atOffsetSec: 600 }),
  M('sum(count_over_time({group="edge"}[5m] offset 1.5m))'),
  M('sum(count_over_time({group="edge"}[10m] offset -2m))', { stepSec: 60 }),
  // An offset after a range that follows `| unwrap …` (lezer-logql's grammar has no such form; Loki's has).
  M(`sum_over_time(${API} | json | unwrap latency_ms | __error__="" [10m] offset 2m)`, { stepSec: 60 }),
  M(`max_over_time(${API} | unwrap latency_ms [10m] offset 90s)`, { stepSec: 60 }),
  M(`max_over_time(${API} | json | unwrap latency_ms | __error__="" [5m] offset -1.5m)`, { stepSec: 60 }),
  M(`sum_over_time((${API} | json | unwrap latency_ms | __error__="") [5m] offset 1m)`, { stepSec: 60 }),
  M(`count_over_time((${API} |= "(" | json) [5m])`, { stepSec: 60 }),
  // rate_counter: a drop is a counter reset; Loki's extrapolation (never at the end, at the start by a unit slip) and
  // a lone sample (0), samples sharing one time (NaN), negative values, a window shorter than the gaps.
  M(`rate_counter(${API} | json | unwrap latency_ms | __error__="" [10m])`, { stepSec: 60 }),
  M(`rate_counter(${API} | json | unwrap latency_ms | __error__="" [20s])`, { stepSec: 20 }),
  M(`sum by (service) (rate_counter({env="diff"} | json | unwrap status | __error__="" [5m]))`, { stepSec: 60 }),
  M(`rate_counter(${API} | json | label_format neg="{{ sub 500 .latency_ms }}" | unwrap neg | __error__="" [5m])`, { stepSec: 60 }),
  M('rate_counter({group="ties"} | regexp "tie (?P<n>[a-z]) (?P<i>\\\\d+)" | unwrap i | __error__="" [10m])', { stepSec: 30 }),
  M(`rate_counter(${API} | json | unwrap duration(duration) | __error__="" [3m] offset 1m)`, { stepSec: 60 }),
  M(`rate_counter(${API} | json | unwrap latency_ms | __error__="" [1m])`, { stepSec: 300 }),
  M('sum(count_over_time({group="edge"}[ 10m ]))'),
  M('sum(count_over_time({group="edge"}[10m ]))'),
  M('sum by (group) (count_over_time({group="edge"}[10m])) / ignoring(env,) sum by (group) (count_over_time({group="edge"}[10m]))'),
  M('sum by (group) (count_over_time({group="edge"}[10m])) / on(group) group_left(env,) sum by (group) (count_over_time({group="edge"}[10m]))'),
  M('sum by (group,) (count_over_time({group="edge"}[10m]))'),
  // label filters
  L(`${API} | json | status >= 500`, 1000),
  L(`${API} | json | status == 200`, 1000),
  L(`${API} | json | status != 200`, 1000),
  L(`${API} | json | latency_ms > 1000`, 1000),
  L(`${API} | json | duration > 500ms`, 1000),
  L(`${API} | json | size >= 1KB`, 1000),
  L(`${API} | json | size < 1KiB`, 1000),
  L(`${WEB} | logfmt | duration > 1s`, 1000),
  L(`${WEB} | logfmt | bytes > 1KB`, 1000),
  L(`${API} | json | method="GET", status < 300`, 1000),
  L(`${API} | json | method="GET" and status < 300`, 1000),
  L(`${API} | json | method="POST" or status >= 500`, 1000),
  L(`${API} | json | (method="POST" or method="PUT") and latency_ms > 100`, 1000),
  L(`${API} | json | path=~"/api/.*"`, 1000),
  L(`${API} | json | path!~"/api/.*"`, 1000),
  L(`${API} | json | level="error"`, 1000),
  L(`${API} | json | k >= 2`, 1000),
  // values as Loki's lexer reads them (a size without its B, units cut where they stop making one), filters side by side
  L(`${API} | json | size > 1kib != "x"`, 1000),
  L(`${API} | json | size >= 12k method="GET"`, 1000),
  L(`${WEB} | logfmt | bytes > 1Ki, method="GET" status=500 or path="/"`, 1000),
  L(`${API} | json | method="GET" status>=500`, 1000),
  L(`${API} | json | latency_ms > 1000method=""`, 1000),
  L(`${API} | json | latency_ms > 2e3method="POST"`, 1000),
  M(`sum by (method) (count_over_time(${API} | json | __error__="" | size > 1Ki method!="GET" [10m]))`),
  // Go comments, which Loki's scanner skips
  L(`${API} /* c */ |= "GET" // d`, 1000),
  M(`sum(count_over_time(${API}[10m])) // 2`),
  // bool after an operator that is no comparison, group_left/group_right after and/or/unless: taken, changing nothing
  M('sum by (service) (count_over_time({env="diff"}[10m])) / bool on(service) sum by (service) (count_over_time({env="diff"}[10m]))'),
  M('sum by (service, level) (count_over_time({env="diff"}[10m])) and on(service) group_left(level) sum by (service) (count_over_time({env="diff"} |= "error" [10m]))', { stepSec: 60 }),
  M('sum by (service) (count_over_time({env="diff"}[10m])) unless bool ignoring(level) group_right sum by (service, level) (count_over_time({env="diff"} |= "error" [10m]))'),
  // label_replace is checked by the selector its expression stands on (a binary operation's left side's)
  M('label_replace(1 + 1, "a", "b", "c", "d")'),
  M('label_replace(2 * count_over_time({service="api"}[1m]), "a", "b", "c", "d")'),
  M('label_replace(count_over_time({service="api"}[1m]) * 2, "a", "b", "c", "d")'),
  M('label_replace(vector(1) + label_replace(1, "a", "b", "c", "d"), "a", "b", "c", "d")', { stepSec: 60 }),
  // functions' names in capitals
  M(`RATE(${API}[10m])`, { stepSec: 60 }),
  M(`Sum BY (method) (Count_Over_Time(${API} | json | __error__="" [10m]))`),
  M(`Quantile_Over_Time(0.5, ${API} | json | __error__="" | unwrap DURATION(duration) | __error__="" [10m]) by (method)`),
  M(`sum(sum_over_time(${API} | json | __error__="" | unwrap Bytes(size) | __error__="" [10m]))`),
  M(`sum(count_over_time(${API}[10m])) / /* x */ 2`, { stepSec: 60 }),
  L(`${ALL} | detected_level="error"`, 1000),
  L(`${ALL} | detected_level=~"warn|critical"`, 1000),
  // formatting
  L(`${ALL_NT} | line_format "{{ html __line__ }}|{{ js __line__ }}|{{ urlquery __line__ }}"`, 1000),
  L(`${API} | json | line_format "{{ slice .method 1 }}|{{ slice .path 1 3 }}|{{ slice .method (len .method) }}"`, 1000),
  L(`${API} | json | line_format "{{ slice .method 2 1 }}"`, 1000),
  L(`${API} | json | line_format "{{ printf \\"%c %T %x %d\\" (index .method 1) (index .method 1) (index .method 1) (index .method 1) }}|{{ eq (index .method 0) 71 }}|{{ add (index .method 0) 1 }}"`, 1000),
  L(`${API} | json | line_format "{{ index .method 3 }}"`, 1000),
  L(`{service="intl"} | line_format "{{ slice __line__ 25 27 }}"`, 1000),
  L(`${API} | json | line_format "{{ .msg | html }}|{{ js .method .status 1.5 true }}|{{ urlquery 1 \\"a\\" 2 .nope 3 }}"`, 1000),
  L(`${API} | json | line_format "{{.method}} {{.path}} {{.status}}"`, 1000),
  L(`${WEB} | logfmt | line_format "{{.method | lower}} {{ .path | upper }}"`, 1000),
  L(`${WEB} | logfmt | label_format verb=method`, 1000),
  L(`${WEB} | logfmt | label_format route="{{.method}} {{.path}}"`, 1000),
  L(`${API} | json | drop user_id, user_name, tags`, 1000),
  L(`${API} | json | keep method, status`, 1000),
  L(`${API} | json | drop status="200"`, 1000),
  L(`{service="worker", filename=~".*ansi.*"} | decolorize`, 1000),
  L(`{service="worker", filename=~".*ansi.*"} | decolorize |= "ERROR coloured"`, 1000),
  L(`{service="worker", filename=~".*ansi.*"} |= "ERROR" | decolorize`, 1000),
  L(`${API} | json |= "GET"`, 1000),
  L(`${API} | line_format "{{.service}}" |= "api"`, 1000),
  // templates
  L(`${WEB} | logfmt | line_format "{{ if eq .method \\"GET\\" }}read{{ else if eq .method \\"POST\\" }}write{{ else }}other{{ end }}"`, 1000),
  // Over the ties streams (lines sharing a time) these make several lines of one stream alike; which one's labels
  // Loki keeps is not settled (see docs/logql-embedded.md), so they read the other streams.
  L(`${ALL_NT} | line_format "{{ __line__ | trunc 20 }}"`, 1000),
  L(`{service="intl"} | line_format "{{ __line__ | trunc -7 }}|{{ substr 0 30 __line__ }}"`, 1000),
  // A character cut after two of its three bytes is one U+FFFD in a stream label as a client reads Loki's answer,
  // two in a line or a metric label (seed 157).
  M('sum by (l) (count_over_time({service="intl"} |= "n=2" | label_format l="{{ __line__ | trunc 27 }}" [10m]))'),
  L('{service="intl"} | regexp "n=(?P<n>\\\\d+)" | label_format status="{{ __line__ | trunc 30 }}" | line_format "{{ __line__ | trunc 27 }}"', 1000),
  L(`${WEB} | logfmt | line_format "{{ title .method }} {{ replace \\"/\\" \\"_\\" .path }} {{ trim \\" x \\" }}"`, 1000),
  L(`${WEB} | logfmt | line_format "{{ default \\"none\\" .msg }} {{ contains \\"api\\" .path }} {{ hasPrefix \\"/api\\" .path }}"`, 1000),
  L(`${API} | json | line_format "{{ printf \\"%05d|%-6s|%.2f\\" .latency_ms .method 3.14159 }}"`, 1000),
  L(`${WEB} | logfmt | line_format "{{ regexReplaceAll \\"/api/(\\\\\\\\w+)\\" .path \\"$1\\" }}"`, 1000),
  L(`${API} | json | line_format "{{ add .latency_ms 1 }} {{ sub .latency_ms 1 }} {{ mul .latency_ms 2 }} {{ div .latency_ms 7 }} {{ mod .latency_ms 7 }}"`, 1000),
  L(`${API} | json | line_format "{{ addf .latency_ms 0.5 }} {{ divf .latency_ms 3 }} {{ round (divf .latency_ms 7) 2 }}"`, 1000),
  L(`${ALL_NT} | line_format "{{ __timestamp__ | date \\"2006-01-02T15:04:05.000Z07:00\\" }} {{ __timestamp__ | unixEpoch }}"`, 1000),
  // (Template errors are left out: their __error_details__ lack Loki's "template: line:1:3: executing …" prefix.)
  L(`${API} | json | duration != "" | size != "" | line_format "{{ duration .duration }} {{ bytes .size }}"`, 1000),
  L(`${API} | json | line_format "{{ urlencode .path }} {{ b64enc .method }} {{ alignLeft 5 .method }}|{{ alignRight 6 .method }}"`, 1000),
  L(`${ALL_NT} | line_format "{{ unixToTime \\"1700000000\\" }}"`, 5),
  // log query limits and direction
  L(ALL_NT, 50),
  L(ALL_NT, 50, "forward"),
  L(`${ALL_NT} |= "error"`, 7),
  L(`${ALL_NT} |= "error"`, 7, "forward"),
  L(`${API} | json | status >= 500`, 3),
  // range functions
  M(`count_over_time(${API}[1m])`),
  M(`count_over_time(${ALL}[10m])`),
  M(`rate(${WEB}[5m])`),
  M(`bytes_over_time(${ALL}[10m])`),
  M(`bytes_rate({service="intl"}[5m])`),
  M(`absent_over_time({service="nothere"}[1m])`),
  M(`absent_over_time(${API}[1m])`),
  // absent_over_time reads lines with no labels (Loki's extractor sets noLabels): a parser's error is no pipeline error (seed 216).
  M(`absent_over_time(${WEB} | json [10m])`),
  M(`absent_over_time({service="web", env="diff"} | json | __error__!="" [30s])`, { stepSec: 30 }),
  // Empty labels a sharded avg by (…) and a matching label_replace drop (two samples labelled alike).
  M('avg by (y) (rate({group="edge"} | json | __error__="" [10m]))'),
  M('avg by (y) (rate({group="edge"} | json | __error__="" [10m]))', { stepSec: 60 }),
  M('label_replace(sum by (y) (rate({group="edge"} | json | __error__="" [10m])), "a", "b", "", "")'),
  M('sum by (y) (rate({group="edge"} | json | __error__="" | label_format y="{{.y}}" [10m])) + on(y) group_left sum by (y) (rate({group="edge"} | json | __error__="" | label_format y="{{.y}}" [10m]))'),
  // A vector aggregation's without (…): {y=""} and {} stay two groups labelled {} where it is evaluated in place, and
  // merge where Loki's shard mapper hands it down and aggregates the shards' answers again (seed 59).
  M('avg without (__error__) (quantile_over_time(0.5, {env="diff", group="edge"} | json | n <= 500 | unwrap v | __error__="" [2m]) by (y))', { stepSec: 120 }),
  // logfmt --strict checks the first __error__ filter as it sets its error, before a drop between them (seed 227).
  M(`sum(count_over_time(${WEB} | logfmt --strict | drop __error__ | __error__="" [10m]))`),
  L(`${WEB} | logfmt --strict | drop __error__ | __error__!="LogfmtParserErr"`, 1000),
  // Loki's avg_over_time … by (y) rewrite divides with no matching options: {y=""} and {} apart, two results labelled {} (seed 215).
  M('avg_over_time({filename="edge/doc.log"} | json | unwrap v | __error__="" [10m]) by (y)'),
  M('avg_over_time({filename="edge/doc.log"} | json | unwrap v | __error__="" [2m]) by (y) * 2', { stepSec: 60 }),
  // A min over a pipeline that reduces labels, and first_over_time, are not sharded: the side is read back whole (seed 184).
  // (> bool 0: which of the two samples Loki keeps at that step is Go map order, their values differ.)
  M('label_replace(min without (filename, v, n, ts, detected_level) (first_over_time({env="diff", group="edge"} | json | n != 100 or y!="" | label_format renamed=y | n >= -1 | unwrap n | __error__="" [5m])), "a", "$1", "y", "(.*)") > bool 0', { stepSec: 60 }),
  // `drop __error__` leaves the error details, which an unwrapped range aggregation does not show (seed 173).
  M('max_over_time({env="diff", group="edge"} |= "level=" | json | drop __error__ | label_format k="1" | unwrap k [10m])'),
  M('max_over_time({env="diff", group="edge"} |= "level=" | json | drop __error__ | label_format k="1" | unwrap k [10m]) by (__error_details__)'),
  M('sum without (filename) (count_over_time({env="diff", group="edge"} | json | drop __error__ [10m]))'),
  // A binary operator's side Loki cannot shard, read back from the querier step by step: a series with two points
  // (labelled alike) at one step has none after it (seed 147).
  M('count(quantile_over_time(0, {env="diff", group="edge"} | json | label_format k="{{ int .n }}", f="{{ float64 .n }}", c="{{ if lt (int .n) 10 }}lt{{ end }}{{ max .n .v }}" | y!~"(?i)get|put" | service_name!="info" | label_format svc=y != "ok" != "tie" != "=" | y!~"^/$" | unwrap v | __error__="" [1m]) without (filename, k, f, v, ts, detected_level)) without (y) * 2', { stepSec: 60 }),
  // Under a sort too: Loki's frontend sorts after reading the querier's answer back (seed 228; > bool 0: which of the
  // two samples Loki keeps at the step where the series ends is Go map order, 165 or 64 there from run to run).
  M('sort(sum without (filename, ts, n, v, detected_level) (bytes_over_time({filename="edge/doc.log"} | json [10m] offset 3m))) > bool 0', { stepSec: 120 }),
  M('max without (filename, ts, n, v) (quantile_over_time(0.5, {filename="edge/doc.log"} | json | __error__="" | unwrap v [10m]))'),
  M('sum without (filename, ts, n, v) (count_over_time({filename="edge/doc.log"} | json | __error__="" [10m]))'),
  M('max without (filename, ts, n, v) (count_over_time({filename="edge/doc.log"} | json | __error__="" [10m]))'),
  // A sum over a range aggregation whose unwrap and without (…) of 5 labels Loki 3.4.6 answers per group (20 at the
  // step 570 s before the end) while its ingesters hold the lines, and per ts (26) once they are flushed to its store:
  // the ingester's first extractor build writes the unwrapped label into the parsed without list (docs/logql-embedded.md,
  // known differences). Found by the fuzzer last session (its seed was not kept); the suite's Loki holds the lines.
  M(`sum(min_over_time(${WORKER} | pattern "<ts> <lvl> <word> job=<job> took <took>" | unwrap job | __error__="" [10m]) without (filename, job, took, ts, detected_level))`, { stepSec: 30 }),
  // stdvar meets the series in label order, as Loki's frontend meets the querier's answer: {l=""}'s two series gave
  // 0.010000000000000004 in Loki, 0.009999999999999998 in the engine, which met them in time order (forms seed 399).
  M('stdvar by (l, __error__) (bytes_rate({group="broken"} | json l="level", u="user.name", q0="q[0]", xy="x[\\" y \\"]" | q0="GET" or u!="(?s).*e.*" | __error__="" [5m])) < bool 0.01', { atOffsetSec: 0.5 }),
  // An avg Loki shards is sum(…) / count(…): series of +Inf (a quantile above 1) average +Inf, where the engine's
  // running mean gave NaN (Inf - Inf; fuzz grammar forms, seed 449).
  M('avg by (service) (quantile_over_time(1.5, {service="api"} | json | line_format `{{.method}} {{.status}} {{.latency_ms}}ms` | pattern `<m> <s> <l>` | (m=".*", m!~"GET|POST") or (__error__!="LogfmtParserErr") != "é" | unwrap duration(l) | __error__="" [1h]))', { stepSec: 45, shiftMs: [7000, 11000] }),
  // A line's own __error_details__ key stays a label of a grouped sample (the engine left it out with the pipeline's
  // error details, which Loki's withoutResult leaves out: fuzz grammar forms, seed 432).
  M('sum(bytes_over_time({group="odd"} | json | logfmt | __error__="" [10s])) without (detected_level, __error__)', { stepSec: 90, shiftMs: [0, 250] }),
  M('max_over_time({group="odd"} |= "__error_details__" | json | label_format k="1" | unwrap k [10m]) without (ts)'),
  // A sample whose parser error the query keeps (it names __error__) carries detected_level, grouped by (…) too: the
  // engine did not look for the level there (fuzz grammar forms, seeds 475 and 519).
  M('quantile_over_time(0.5, {service="web"} | logfmt --strict --keep-empty | __error__!="JSONParserErr" or status >= 1000 | unwrap bytes(bytes) | bytes != "" [2m]) by (flag)'),
  M('stdvar without (nope) (quantile_over_time(0.25, {service="web"} | logfmt --strict --keep-empty | label_format x="{{ alignRight 3 .status }}|{{ alignLeft 2 .method }}", w=flag | unwrap status | status != "" [1m]) by (filename, __error__)) ^ 0.5 ^ 3', { atOffsetSec: 17.003 }),
  // avg by (b) of a rate/sum_over_time unwrapping b answers nothing: Loki's sum side keeps b through the grouping it
  // hands down, its count side does not, and the division matches nothing (fuzz grammar forms, seed 509).
  M('label_replace(avg by (b) (rate({group="vals"} | logfmt | unwrap bytes(b) | __error__="" [1h])), "service", "$1", "d", "(?i)API") + 0 - 2', { stepSec: 100, shiftMs: [-3500, 250] }),
  M('avg by (b, k) (sum_over_time({group="vals"} | logfmt | unwrap bytes(b) | __error__="" [1h]))'),
  M('avg by (k) (rate({group="vals"} | logfmt | unwrap bytes(b) | __error__="" [1h]))'),
  // min/max_over_time … by (…) over a sample that kept its parser error: Loki merges its shards' answers with max by
  // (flag), which folds the error sample (labelled with all its labels) into {flag=""}; the engine answered it apart
  // (three samples where Loki gives two). The range query's fold changes {flag=""}'s value (512 from the error line).
  M('max_over_time({service="web"} | logfmt --strict --keep-empty | __error__!="JSONParserErr" or status >= 1000 | unwrap bytes(bytes) | bytes != "" [2m]) by (flag)'),
  M('min_over_time({service="web"} | logfmt --strict --keep-empty | __error__!="" or bytes > 2KB | unwrap bytes(bytes) [5m]) by (flag)', { stepSec: 60 }),
  M('max_over_time({service="web"} | logfmt --strict --keep-empty | __error__!="JSONParserErr" or status >= 1000 | unwrap bytes(bytes) | bytes != "" [2m]) by (__error__, flag) + 1'),
  M('label_replace(min_over_time({service="web"} | logfmt --strict --keep-empty | __error__!="JSONParserErr" or status >= 1000 | unwrap bytes(bytes) | bytes != "" [2m]) by (flag, status), "a", "b", "", "")'),
  // A template's cut multibyte character is the bytes Go holds: bytes_over_time counts them (4 for substr 1 5 of
  // "１２", where the engine counted the 12 bytes of four U+FFFD: fuzz grammar forms, seed 587), and so do len, printf
  // %x and %q, b64enc, urlencode and index of them, in a metric label or a log query's stream label alike.
  M('bytes_over_time({group="vals"} | logfmt | line_format "{{ substr 1 5 .n }}" | __error__="" [1h] offset 5m)', { stepSec: 15 }),
  M('sum by (n) (bytes_over_time({group="vals"} | logfmt | line_format "{{ b64dec \\"//4=\\" }}{{ trunc 4 .n }}" [1h]))'),
  M('sum by (x) (count_over_time({group="vals"} | logfmt | n="１２" | label_format x="{{ urldecode \\"%ff%fe\\" | len }}|{{ b64dec \\"//4=\\" | len }}|{{ substr 1 5 .n | len }}|{{ trunc 4 .n | len }}|{{ substr 1 5 .n | upper | len }}" [1h]))'),
  M('sum by (x) (count_over_time({group="vals"} | logfmt | n="１２" | label_format x="{{ substr 1 5 .n | printf \\"%q\\" }}|{{ substr 1 5 .n | printf \\"%x\\" }}|{{ substr 1 5 .n | b64enc }}|{{ substr 1 5 .n | urlencode }}|{{ index (substr 1 5 .n) 0 }}" [1h]))'),
  M('sum by (x) (count_over_time({group="vals"} | logfmt | n="１２" | label_format x="{{ slice (substr 1 5 .n) 1 3 | len }}|{{ slice (substr 1 5 .n) 1 3 | printf \\"%x\\" }}|{{ substr 1 5 .n | title | len }}|{{ regexReplaceAll \\"(.)\\" (substr 1 5 .n) \\"a$1\\" | len }}" [1h]))'),
  L('{group="vals"} | logfmt | n="１２" | label_format x="{{ substr 1 5 .n | len }}|{{ trunc 4 .n }}|{{ substr 1 5 .n | replace \\"x\\" \\"y\\" | trunc 3 }}|{{ substr 1 5 .n }}" | line_format "{{ substr 1 5 .n }}|{{ substr 1 5 .n | len }}"', 1000),
  // A label a stage deleted on the line (a label_format rename's source, drop, keep) stays out of a sample grouped by
  // (…), even where a later stage sets it again: Loki's labels builder keeps it on its del list (withResult), for a
  // range aggregation's own by and a sum's pushed down alike; without (…) and a max by show it (fuzz, seed 796).
  M('stddev_over_time({service="api"} | json | label_format a=method, b="{{.a}}-{{.status}}", status="{{ .path }}", c="{{ .Entry }}" | duration < 100ms, status=~".*" | label_format method="{{ .status | default \\"none\\" }}" != "ok" | unwrap duration_seconds(duration) | __error__="" [10m]) by (method, level)', { atOffsetSec: 59 }),
  M('max_over_time({service="api"} | json | __error__="" | drop method | label_format method="{{.path}}" | unwrap latency_ms [10m]) by (method)', { stepSec: 120 }),
  M('max_over_time({service="api"} | json | __error__="" | keep path, latency_ms | label_format method="{{.path}}" | unwrap latency_ms [10m]) by (method, path)'),
  M('max_over_time({service="api"} | label_format svc=service | label_format service="x" | json | __error__="" | unwrap latency_ms [10m]) by (service, svc)'),
  M('max_over_time({service="api"} | json | __error__="" | label_format method=method | label_format method="z" | unwrap latency_ms [10m]) by (method)'),
  M('sum by (method, a) (bytes_over_time({service="api"} | json | __error__="" | label_format a=method | label_format method="{{.path}}" [10m]))'),
  M('max by (method) (rate({service="api"} | json | __error__="" | label_format a=method | label_format method="{{.path}}" [10m]))'),
  M('max_over_time({service="api"} | json | __error__="" | label_format a=method | label_format method="{{.path}}" | unwrap latency_ms [10m]) without (a, path, status, msg, duration, user_id, user_name, size, level, LEVEL)'),
  // Template integers are strconv.ParseInt(s, 0, 64) of the text ("1_000" is 1000, "0x10" 16; floats read "0x1p4").
  M('sum by (m) (count_over_time({filename="edge/doc.log"} | json | label_format m="{{ int .n }}|{{ add .n 1 }}|{{ float64 .n }}|{{ lt (int .n) 10 }}" [10m]))'),
  // Template integers are Go's int64: exact past 2^53, wrapping on overflow, a float outside int64 the minimum (amd64);
  // nanosecond timestamps (19 digits) through add/div/mod/printf; number literals as Go's parser reads them; printf's
  // integer flags; date of any int64; literals past int64 fail where used, or fail to parse.
  L('{group="dups"} | line_format `{{ int "9223372036854775807" }} {{ add 9223372036854775807 1 }} {{ sub "-9223372036854775808" 1 }} {{ mul "3037000500" "3037000500" }} {{ div "-9223372036854775808" -1 }} {{ mod "9223372036854775807" 10 }} {{ max "9007199254740993" "9007199254740992" }} {{ int 1e19 }} {{ add 1.5 "9007199254740993" }}`', 1000),
  L(`${ALL_NT} | line_format \`{{ __timestamp__ | unixEpochNanos }} {{ div (__timestamp__ | unixEpochNanos) 1000 }} {{ mod (unixEpochNanos __timestamp__) 1000000007 }} {{ mul (unixEpochNanos __timestamp__) 1000 }} {{ printf "%x|%025d|%v" (int (unixEpochNanos __timestamp__)) (add (unixEpochNanos __timestamp__) 1) (sub (unixEpochNanos __timestamp__) 1) }}\``, 1000),
  L('{group="dups"} | line_format `{{ eq (int "9007199254740993") (int "9007199254740992") }} {{ gt (int "9007199254740993") (int "9007199254740992") }} {{ le (int "9007199254740993") (int "9007199254740992") }} {{ eq 9007199254740993 9007199254740992 }} {{ float64 (int "9007199254740993") }}`', 1000),
  L('{group="dups"} | line_format `{{ 0b101 }} {{ 0o17 }} {{ 017 }} {{ 1_000 }} {{ 0x_1F }} {{ 0x1p4 }} {{ -0x8000000000000000 }} {{ 9223372036854775807 }} {{ trunc 1e3 __line__ }}|{{ trunc 2.0 __line__ }}`', 1000),
  L('{group="dups"} | line_format `{{ printf "%#x|%.3d|%8.3d|%c|%s|%.2f|%#o|%#b|%+x|%O" (int "-1") 7 -5 -1 (add 1 1) (add 1 1) 8 5 255 8 }}`', 1000),
  L('{group="dups"} | line_format `{{ printf "%q|%q|%+q|%q|%#U|%U|%q" 65 10 233 -1 233 -1 173 }}`', 1000),
  L('{group="dups"} | line_format `{{ printf "%*d|%*d|%.*d|%*d|%.*d|%*d|%*.*d" 10000000 5 -5 3 2000000 1 (int "9223372036854775807") 3 -3 7 "x" 3 6 3 7 }}`', 1000),
  L('{group="dups"} | line_format `{{ date "2006-01-02T15:04:05Z07:00" (int "9223372036854775807") }} {{ date "2006-01-02 Mon Jan 002 06" (int "-1509457273540090022") }} {{ date "2006" (int "9007199254740993") }}`', 1000),
  L('{group="dups"} | line_format `{{ printf "%d" 9223372036854775808 }}`', 1000),
  L('{group="dups"} | line_format `{{ trunc 9223372036854775808 __line__ }}`', 1000),
  L('{group="dups"} | line_format `{{ 18446744073709551616 }}`', 1000),
  // Go's panics at integer bounds: substr's exact bounds, strings.Repeat's negative count, a pad past 2^48 bytes.
  L('{group="dups"} | line_format `{{ substr 9007199254740993 -1 __line__ }}`', 1000),
  L('{group="dups"} | line_format `{{ repeat -1 __line__ }}`', 1000),
  L('{group="dups"} | label_format a=`{{ alignRight 9223372036854775807 __line__ }}`, b=`{{ repeat 9223372036854775807 "" }}|{{ substr 2 9007199254740993 __line__ }}`', 1000),
  L('{group="dups"} | label_format big=`{{ add (unixEpochNanos __timestamp__) 9223372036854775807 }}`, w=`{{ max "9007199254740993" "9007199254740992" }}`, z=`{{ mod (unixEpochNanos __timestamp__) 1000 }}`', 1000),
  M(`sum by (k) (count_over_time(${ALL_NT} | label_format k=\`{{ mul "4294967297" "4294967297" }}|{{ mod (unixEpochNanos __timestamp__) 1000 }}\` [10m]))`),
  M(`sum by (k) (count_over_time(${ALL_NT} | label_format k=\`{{ mod (unixEpochNanos __timestamp__) 7 }}\` [1m]))`, { stepSec: 60 }),
  M(`sum(sum_over_time(${ALL_NT} | label_format r=\`{{ mod (unixEpochNanos __timestamp__) 1000000 }}\` | unwrap r [10m]))`),
  M('sum by (d) (count_over_time({group="dups"} | label_format d=`{{ date "2006-01-02" (int "9223372036854775807") }}|{{ int "9223372036854775807" | printf "%x" }}` [10m]))'),
  // sprig's round: the fraction Go's math.Modf gives (negative for a negative number) against the threshold, then
  // Ceil or Floor: -1.2 rounds to -2, 1.5 to 2, 2.45 at one place to 2.5 (its float is 24.500000000000004), -0.5 to -1.
  L('{group="dups"} | line_format `{{ round -1.2 0 }} {{ round -1.7 0 }} {{ round -0.5 0 }} {{ round 1.5 0 }} {{ round 1.2 0 }} {{ round 2.45 1 }} {{ round -2.45 1 }} {{ round "-3.5" 0 }}`', 1000),
  // round's threshold is sprig's float64 parameter: any number literal (an integer one converted), a float value; a
  // string literal or an int value is Go's argument error.
  L('{group="dups"} | line_format `{{ round 1.25 1 0.3 }} {{ round 1.21 1 0.3 }} {{ round 2.5 0 1 }} {{ round -2.7 0 -0.8 }} {{ round 7.5 0 (float64 "0.6") }}`', 1000),
  L('{group="dups"} | line_format `{{ round 1.5 0 "0.3" }}`', 1000),
  L('{group="dups"} | line_format `{{ round 1.5 0 (int "1") }}`', 1000),
  // Probed function by function: sprig's default takes its first given value; Go's eq lets nil equal nil (and
  // nothing else) and compares times; a time against a string is errBadComparison.
  L('{filename="dups/kv.log"} | logfmt | line_format `{{ default "d" .missing .y }}|{{ default "d" .y .missing }}|{{ .missing | default "d" }}|{{ default "d" "" "x" }}`', 1000),
  L('{group="dups"} | line_format `{{ eq nil nil }}|{{ eq nil 1 }}|{{ eq 1 nil }}|{{ ne nil "a" }}|{{ eq __timestamp__ __timestamp__ }}|{{ ne __timestamp__ now }}|{{ eq __timestamp__ nil }}`', 1000),
  L('{group="dups"} | line_format `{{ eq __timestamp__ "x" }}`', 1000),
  // Go's base64 decoder's errors and its leniency on a last character's unused bits.
  L('{group="dups"} | line_format `{{ b64dec "YQ" }}|{{ b64dec "YQ=" }}|{{ b64dec "YQ==YQ==" }}|{{ b64dec "YR==" }}|{{ b64dec "YQ=\\n=" }}|{{ b64dec "YQ=x" }}|{{ b64dec "YWI=\\na" }}|{{ b64dec "YQ\\n" }}|{{ b64dec "Y===" }}|{{ b64dec "YWJjZA=" }}|{{ b64dec "\\n" }}|{{ b64dec "Y Q==" }}`', 1000),
  // time.ParseDuration's words for a missing and an unknown unit.
  L('{group="dups"} | line_format `{{ duration "1" }}`', 1000),
  L('{group="dups"} | line_format `{{ duration_seconds "1d" }}`', 1000),
  // Go's fmt on floats (half to even on the exact value, -0, %v as %g, %x and %b forms), %T, nil, argument indexes,
  // odd verbs, strconv.Quote; sprig's decimal functions refuse NaN and infinities as decimal.NewFromFloat panics.
  L('{group="dups"} | line_format `{{ printf "%.1f|%.0f|%.0f|%.0f|%.2e|%.3g|%.3v|%+.1f|%f|%10.4v|%.2g" 2.25 0.5 2.5 -0.5 1.125 1.0 2.0625 2.25 -0.0 3.14159265 0.125 }}`', 1000),
  L('{group="dups"} | line_format `{{ printf "%x|%X|%.0x|%.2x|%b|%x|%.1x|%x|%b" 1.5 -0.1 1.5 255.0 1.5 0.0 1.96875 5e-324 -2.5 }}`', 1000),
  L('{group="dups"} | line_format `{{ printf "%T|%T|%T|%T|%T|%T|%T" (add 1 1) 1 1.5 "s" true __timestamp__ nil }}|{{ printf "%v|%s|%d|%5v|" nil nil nil nil }}`', 1000),
  L('{group="dups"} | line_format `{{ printf "%[2]d %[1]d|%[3]d" 1 2 }}|{{ printf "%[1]d %[1]x" 64 }}|{{ printf "%!|%z|%" 1 }}|{{ printf "%d %" 1 }}|{{ printf "%q|%#v|%+q" "é\\x00\\u00ad\\u2028" "a" "é" }}`', 1000),
  L('{group="dups"} | line_format `{{ printf "%+q|%#q|%#q|%#q|% x|% #x|%08s|%08q|%08T|%08v|%08v|%08c|%08U|%08d|%-08s|%08x" "é😀" "a" "a\\tb" "a\\nb" "ab" "ab" "-ab" "ab" 1 nil (float64 "-Inf") 65 65 -5 "ab" "ab" }}`', 1000),
  // strings.Title's separators and ToTitle, unicode.IsSpace for trim, strings.Replace's empty old text and count.
  L(`{group="dups"} | line_format \`{{ title "hello wORLD ß-x o'neil 1st é_é ǆa" }}|{{ trim "\\u0085x\\ufeff" | printf "%q" }}|{{ TrimSpace "\\u00a0x\\u3000" }}|{{ Replace "abc" "" "-" 2 }}|{{ Replace "ab" "" "-" 5 }}|{{ replace "" "-" "😀é" }}|{{ Replace "aaa" "a" "b" 2 }}\``, 1000),
  L('{group="dups"} | line_format `{{ unixToTime "17000000000" }}`', 1000),
  L('{group="dups"} | line_format `{{ upper nil }}`', 1000),
  // nil as a command is Go's error; fmt prints nil as <nil>; RE2's . (all but \n) and \s ([\t\n\f\r ]).
  L('{group="dups"} | line_format `{{ if nil }}t{{ end }}`', 1000),
  L('{group="dups"} | line_format `{{ print nil }}|{{ println nil 1 }}|{{ print 1 nil }}|{{ count "\\\\s" "\\v\\u00a0\\u0085\\ufeff \\t" }}|{{ count "[\\\\s]" "\\v\\u00a0 " }}|{{ count "\\\\S" "\\v\\u00a0 " }}|{{ count "." "\\r\\n\\u2028" }}|{{ regexReplaceAll "a.c" "a\\rc abc" "X" }}`', 1000),
  L('{group="dups"} | line_format `{{ addf "Inf" 1 }}`', 1000),
  L('{group="dups"} | line_format `{{ mulf 2 "NaN" }}`', 1000),
  L('{group="dups"} | line_format `{{ divf 1 0 "NaN" }}`', 1000),
  // Go's successive matches (no empty match right after a match) and Expand's names ($01, $1é).
  L('{group="dups"} | line_format `{{ regexReplaceAll "a*" "baaac" "X" }}|{{ regexReplaceAll "a|" "baac" "X" }}|{{ count "a*" "baac" }}|{{ regexReplaceAllLiteral "a*" "baaac" "-" }}|{{ regexReplaceAll "x*" "😀a" "-" }}|{{ regexReplaceAll "(?i)a*" "AaBa" "_" }}|{{ regexReplaceAll "(a)" "abc" "[$01]" }}|{{ regexReplaceAll "(a)" "abc" "[$1é]" }}|{{ regexReplaceAll "(a)" "abc" "[${1}é]" }}|{{ regexReplaceAll "(a)" "abc" "[$-1]" }}`', 1000),
  // A rename to itself removes the label, as Loki sets the new one and deletes the old (seeds 125, 133).
  L('{filename="edge/doc.log"} | json | label_format w="{{.v}}", y=y', 1000),
  M('sum by (y, group) (count_over_time({filename="edge/doc.log"} | json | label_format y=y, group=group [10m]))'),
  // A label filter matching everything is passed over by the parser's early check; the next one on the label is checked.
  L('{app="billing"} | logfmt | currency=~".*" | label_format svc=currency | currency=""', 1000),
  // A line_format no later parser or line filter reads is dropped from a metric query: its template never runs.
  M(`sum(count_over_time(${WEB} | logfmt | line_format "{{ .msg | duration_seconds }}" | __error__="" [10m]))`),
  M(`sum by (l) (count_over_time(${WEB} | line_format "x" | label_format l="{{ __line__ | trunc 12 }}" [10m]))`),
  M(`sum(count_over_time(${WEB} | logfmt | line_format "{{ .msg | duration_seconds }}" |= "" | __error__="" [10m]))`),
  M(`sum_over_time(${API} | json | unwrap latency_ms [5m])`),
  M(`avg_over_time(${API} | json | unwrap latency_ms [5m]) by (method)`),
  M(`min_over_time(${API} | json | unwrap latency_ms [10m]) by (path)`),
  M(`max_over_time(${API} | json | unwrap latency_ms [10m]) without (filename)`),
  M(`stddev_over_time(${API} | json | unwrap latency_ms [10m]) by (method)`),
  M(`stdvar_over_time(${API} | json | unwrap latency_ms [10m]) by (method)`),
  M(`quantile_over_time(0.9, ${API} | json | unwrap latency_ms [10m]) by (method)`),
  M(`first_over_time(${API} | json | unwrap latency_ms [10m]) by (method)`),
  M(`last_over_time(${API} | json | unwrap latency_ms [10m]) by (method)`),
  M(`rate(${API} | json | unwrap latency_ms [5m]) by (method)`),
  M(`sum by (method) (sum_over_time(${WEB} | logfmt | unwrap duration(duration) | __error__="" [10m]))`),
  M(`sum by (method) (sum_over_time(${WEB} | logfmt | unwrap bytes(bytes) | __error__="" [10m]))`),
  M(`sum(sum_over_time(${API} | json | unwrap duration_seconds(duration) | __error__="" [10m]))`),
  M(`sum(count_over_time(${API}[5m] offset 2m))`),
  M(`sum by (service) (count_over_time(${ALL}[1m]))`, { stepSec: 60 }),
  M(`sum by (service) (rate(${ALL}[2m]))`, { stepSec: 30 }),
  M(`count_over_time(${WORKER}[1m])`, { stepSec: 60 }),
  M(`sum(count_over_time(${ALL}[30s]))`, { atOffsetSec: 120 }),
  // aggregations
  M(`sum(count_over_time(${ALL}[10m]))`),
  M(`sum by (service) (count_over_time(${ALL}[10m]))`),
  M(`sum without (filename) (count_over_time(${ALL}[10m]))`),
  M(`avg by (service) (count_over_time(${ALL}[10m]))`),
  M(`min(count_over_time(${ALL}[10m]))`),
  M(`max by (service) (count_over_time(${ALL}[10m]))`),
  M(`count(count_over_time(${ALL}[10m]))`),
  M(`stddev(count_over_time(${ALL}[10m]))`),
  M(`stdvar by (env) (count_over_time(${ALL}[10m]))`),
  M(`topk(3, sum by (service) (count_over_time(${ALL}[10m])))`),
  M(`bottomk(2, sum by (service) (count_over_time(${ALL}[10m])))`),
  M(`topk(1, count_over_time(${ALL}[10m])) by (service)`),
  M(`sort(sum by (service) (count_over_time(${ALL}[10m])))`),
  M(`sort_desc(sum by (service) (count_over_time(${ALL}[10m])))`),
  M(`sum by (detected_level) (count_over_time(${ALL}[10m]))`),
  M(`sum by (service_name) (count_over_time(${ALL}[10m]))`),
  M(`max by (service) (count_over_time(${WORKER}[10m]))`),
  M(`sum by (level) (count_over_time(${API} | json [10m]))`),
  M(`sum by (status) (count_over_time(${API} | json | __error__="" [10m]))`),
  M(`sum by (__error__) (count_over_time(${API} | json [10m]))`),
  M(`sum(count_over_time(${API} | json [10m]))`),
  M(`count_over_time(${API} | json [10m])`),
  M(`sum(count_over_time(${API} | json | status >= 2 [10m]))`),
  M(`sum by (method) (count_over_time(${WEB} | logfmt | duration > 100ms [10m]))`),
  // operators
  M(`sum(count_over_time(${API}[10m])) + sum(count_over_time(${WEB}[10m]))`),
  M(`sum(count_over_time(${API}[10m])) - 3`),
  M(`sum(count_over_time(${API}[10m])) * 2 / 4`),
  M(`sum(count_over_time(${API}[10m])) % 7`),
  M(`sum(count_over_time(${API}[10m])) ^ 2`),
  M(`sum(count_over_time(${API}[10m])) / 0`),
  M(`(sum(count_over_time(${API}[10m])) / 0) > bool 0`),
  M(`sum by (service) (count_over_time(${ALL}[10m])) > 50`),
  M(`sum by (service) (count_over_time(${ALL}[10m])) > bool 50`),
  M(`sum by (service) (count_over_time(${ALL}[10m])) == 60`),
  M(`sum by (service) (count_over_time(${ALL}[10m])) / on(service) sum by (service) (count_over_time(${ALL} |= "error" [10m]))`),
  M(`sum by (service, filename) (count_over_time(${ALL}[10m])) / ignoring(filename) group_left sum by (service) (count_over_time(${ALL}[10m]))`),
  M(`sum by (service) (count_over_time(${ALL}[10m])) / on(service) group_right sum by (service, filename) (count_over_time(${ALL}[10m]))`),
  M(`sum by (service) (count_over_time(${ALL}[10m])) and sum by (service) (count_over_time(${ALL} |= "timeout" [10m]))`),
  M(`sum by (service) (count_over_time(${ALL} |= "timeout" [10m])) or sum by (service) (count_over_time(${ALL}[1m]))`),
  M(`sum by (service) (count_over_time(${ALL}[10m])) unless sum by (service) (count_over_time(${ALL} |= "timeout" [10m]))`),
  M(`1 + 2 * 3`),
  M(`2 ^ 3 ^ 2`),
  M(`-1 / 0`),
  // functions
  M(`vector(7)`),
  M(`sum(count_over_time(${API}[10m])) + vector(1)`),
  M(`label_replace(sum by (service) (count_over_time(${ALL}[10m])), "svc", "s-$1", "service", "(.*)")`),
  M(`label_replace(sum by (service) (count_over_time(${ALL}[10m])), "service", "$1", "service", "w(.*)")`),
  // printf's bad verbs for a bool (%s too), a time through its String() (%#v its GoString()), fmt's parsenum on long
  // widths and precisions; b64dec and urldecode of bytes that are no UTF-8 (one U+FFFD a byte in a line)
  L('{group="dups"} | line_format `{{ printf "%s|%d|%q|%x|%t|%v|%X|%5s|%.1s|%-6d|%e" true false true true "s" true false true true false true }}`', 1000),
  L('{group="dups"} | line_format `{{ printf "%q|%x|%s|%v|%X|%10s|%.4s|%T|%.3q|%10x|%#v" (unixToTime "1700000000") (unixToTime "1700000000") (unixToTime "1700000000") (unixToTime "1700000000") (unixToTime "1700000000") (unixToTime "1700000000") (unixToTime "1700000000") (unixToTime "1700000000") (unixToTime "1700000000") (unixToTime "1700000000") (unixToTime "1700000000123456789") }}`', 1000),
  L('{group="dups"} | line_format `{{ printf "%q|%x|%#v" __timestamp__ __timestamp__ __timestamp__ }}`', 1000),
  // a width counts characters (an emoji is one, not two UTF-16 units)
  L('{group="dups"} | line_format `{{ printf "%5s|%-5s|%5q|%05s|%5c|%5d|%-5d|%5.1s|%5v|%#6v" "😀" "😀" "😀" "😀" 128512 "😀" "😀" "😀😀" "😀" "😀" }}`', 1000),
  // a time's GoString under %#v is printed as a string is: cut to the precision, padded with zeros under 0
  L('{group="dups"} | line_format `{{ printf "%#.4v|%#.0v|%#070v|%#-70v|%#70v|%#010v" (unixToTime "1700000000") (unixToTime "1700000000") (unixToTime "1700000000") (unixToTime "1700000000") (unixToTime "1700000000") (unixToTime "1700000000") }}`', 1000),
  L('{group="dups"} | line_format `{{ printf "%123456789d|" 5 }}|{{ printf "%.99999999f|x" 5.0 }}|{{ printf "%[12345678]d|x" 5 }}|{{ printf "%1000001d|x" 5 | len }}|{{ printf "%.1000001d|x" 5 | len }}`', 1000),
  L('{group="dups"} | line_format `{{ b64dec "5rw=" }}|{{ b64dec "//4=" }}|{{ b64dec "4oKs/w==" }}|{{ b64dec "7aCA" }}|{{ b64dec "8J+Y" }}|{{ urldecode "%e6%bc" }}`', 1000),
  // urldecode walks UTF-8 bytes: an emoji is kept; a bad escape's three bytes are quoted as Go quotes bytes
  L('{group="dups"} | line_format `{{ urldecode "😀+%41é" }}|{{ b64dec "8J+YgA==" }}`', 1000),
  L('{group="dups"} | line_format `{{ urldecode "%😀" }}`', 1000),
  L('{group="dups"} | line_format `{{ urldecode "a%é" }}`', 1000),
  // RE2 against JavaScript's regexes, in every place: (?U); \S in a class; characters, not UTF-16 halves (. on an emoji);
  // (?i) folding the Kelvin sign and ſ (where Loki runs the regex: a literal filter's fold is Loki's own, not Go's);
  // \b on ASCII only; a { } ] RE2 takes as itself; octal escapes
  L('{group="dups"} | line_format `{{ regexReplaceAll "(?U)a+" "caaandy" "X" }}|{{ regexReplaceAll "(?U)a+?" "caaandy" "X" }}|{{ regexReplaceAll "(?U)a{1,3}" "aaaaa" "X" }}|{{ regexReplaceAll "(?U)^a+$" "aa" "X" }}|{{ regexReplaceAllLiteral "(?U)(a+)(a*)" "aaa" "X" }}|{{ regexReplaceAll "(?U)a*?" "baab" "X" }}|{{ regexReplaceAll "(?U)a??" "ab" "X" }}|{{ regexReplaceAll "(?U)(a+)" "aaa" "<$1>" }}|{{ regexReplaceAll "(?Ui)A{2,}" "aaaa" "X" }}`', 1000),
  L('{group="dups"} | line_format `{{ regexReplaceAll "[\\\\S]" "a\\vb\\u00a0c\\ufeffd e" "X" }}|{{ regexReplaceAll "[^\\\\S\\\\n]" "a\\vb\\u00a0c\\n d" "X" }}|{{ regexReplaceAll "[\\\\D]" "1٣2" "X" }}|{{ regexReplaceAll "[\\\\W]" "aé_ſK" "X" }}|{{ regexReplaceAll "(?i)[\\\\w]" "aé_ſK" "X" }}|{{ regexReplaceAll "(?i)\\\\w" "aé_ſK" "X" }}|{{ regexReplaceAll "(?i)[\\\\W]" "aé_ſK" "X" }}|{{ regexReplaceAll "\\\\S" "a\\vb" "X" }}`', 1000),
  L('{group="dups"} | line_format `{{ regexReplaceAll "(?i)k" "kK\\u212a" "X" }}|{{ regexReplaceAll "(?i)s" "sS\\u017f" "X" }}|{{ regexReplaceAll "(?i)[a-z]" "\\u212a\\u017f" "X" }}|{{ regexReplaceAll "(?i)ß" "ẞ" "X" }}|{{ regexReplaceAll "(?i)å" "\\u212b" "X" }}|{{ regexReplaceAll "(?i)ω" "\\u2126" "X" }}|{{ regexReplaceAll "(?i)[^k]" "\\u212a" "X" }}|{{ regexReplaceAll "(?i)\\\\bk" "\\u017fk" "X" }}|{{ regexReplaceAll "(?i)\\\\Bk" "\\u017fk" "X" }}`', 1000),
  L('{group="dups"} | line_format `{{ regexReplaceAll "." "😀é" "X" }}|{{ regexReplaceAll "[^a]" "😀" "X" }}|{{ regexReplaceAll "[😀-😂]" "😁" "X" }}|{{ regexReplaceAll "a{" "a{b" "X" }}|{{ regexReplaceAll "{x}" "{x}" "X" }}|{{ regexReplaceAll "a{,2}" "a{,2}" "X" }}|{{ regexReplaceAll "a]}" "a]}" "X" }}|{{ regexReplaceAll "[\\\\d-z]" "1-zb" "X" }}|{{ regexReplaceAll "[\\\\s-z]" "a -z" "X" }}|{{ regexReplaceAll "\\\\101\\\\0" "A\\x00" "X" }}|{{ regexReplaceAll "\\\\Q-\\\\E" "a-b" "X" }}|{{ regexReplaceAll "\\\\12" "\\n" "X" }}`', 1000),
  L('{group="dups"} | line_format `x{{ "\\v" }}y` |~ "x[\\\\S]y"', 1000),
  L('{group="dups"} | line_format `x{{ "\\u00a0" }}y` |~ "x[^\\\\S\\\\n]y"', 1000),
  L('{group="dups"} | line_format `x{{ "\\u212a" }}y` |~ "(?i)k"', 1000),
  L('{group="dups"} | line_format `x{{ "\\u212a" }}y` |~ "(?i)x[k]y"', 1000),
  L('{group="dups"} | line_format `x😀y` |~ "^x.y$"', 1000),
  L('{group="dups"} | label_format a=`x{{ "\\u00a0" }}y` | a=~"x[\\\\S]y"', 1000),
  L('{group="dups"} | label_format a=`x{{ "\\u212a" }}y` | a=~"(?i)x[k]y"', 1000),
  L('{group="dups"} | label_format a=`x{{ "\\u212a" }}y` | a=~"(?i)xky"', 1000),
  L('{group="dups"} | line_format `x{{ "\\v" }}y` | regexp "x(?P<c>[\\\\S])y"', 1000),
  L('{group="dups"} | line_format `x{{ "\\u212a" }}y😀` | regexp "(?i)x(?P<c>k)y(?P<d>.)"', 1000),
  L('{group="dups"} | line_format `aaa` | regexp "(?U)(?P<c>a+)"', 1000),
  // (?i) literals Loki runs as text keep the smallest of Go 1.23's case-fold orbit: U+A64A and U+A64B fold with U+1C88;
  // ΐ U+1FD3, ΰ U+1FE3, ﬆ (folded by Unicode 15.1) and ƛ, Ꟍ (Unicode 16) fold with nothing in Go's Unicode 15.0
  L('{group="dups"} | line_format `x{{ "\\u1c88" }}y` |~ "(?i)\\ua64a"', 1000),
  L('{group="dups"} | line_format `x{{ "\\ua64a" }}y` |~ "(?i)\\ua64b"', 1000),
  L('{group="dups"} | line_format `x{{ "\\u1fd3" }}y` |~ "(?i)\\u1fd3"', 1000),
  L('{group="dups"} | line_format `x{{ "\\u0390" }}y` |~ "(?i)\\u1fd3"', 1000),
  L('{group="dups"} | line_format `x{{ "\\u1fe3" }}y` |~ "(?i)\\u1fe3"', 1000),
  L('{group="dups"} | line_format `x{{ "\\ufb06" }}y` |~ "(?i)\\ufb06"', 1000),
  L('{group="dups"} | line_format `x{{ "\\ufb05" }}y` |~ "(?i)\\ufb06"', 1000),
  L('{group="dups"} | line_format `x{{ "\\ua7dc" }}y` |~ "(?i)ƛ"', 1000),
  L('{group="dups"} | label_format a=`x{{ "\\u1c88" }}y` | a=~"(?i)x\\ua64ay"', 1000),
  L('{group="dups"} | line_format `{{ regexReplaceAll "(?i)ƛ" "ƛꟜ" "_" }}|{{ regexReplaceAll "(?i)[ƛ]" "ƛꟜ" "_" }}|{{ regexReplaceAll "(?i)[^ƛ]" "ƛꟜ" "_" }}|{{ regexReplaceAll "(?i)[a-ʒ]" "ƛꟜAÆ" "_" }}|{{ regexReplaceAll "(?i)[\\\\x{a7dc}]" "ƛꟜ" "_" }}|{{ regexReplaceAll "(?i)\\u0390" "\\u0390\\u1fd3" "_" }}|{{ regexReplaceAll "(?i)[^a-z]" "ƛꟜK" "_" }}|{{ regexReplaceAll "(?i)ƛ+" "ƛƛꟜ" "_" }}|{{ regexReplaceAll "(?i)[^k]" "\\u212ak" "_" }}`', 1000),
  L('{group="dups"} | line_format `x{{ "\\ua7dc" }}y` |~ "(?i)^xƛ+y"', 1000),
  L('{group="dups"} | line_format `{{ upper "ƛɤ\\u1c89a" }}|{{ lower "\\ua7dc\\ua7cb\\u1c8aA" }}|{{ title "ƛx" }}`', 1000),
  // Character classes as Go's parseClass reads them: a `-` at an item's start (after \d, [:space:], a range) is itself;
  // after a single character (a literal `[` too) it makes a range ending in one character (`[` there, never [:name:]);
  // a class holds only characters' escapes and classes (\b, \Q are errors); \x as Go reads it (`\x{41` once hung)
  L('{group="dups"} | line_format `{{ regexReplaceAll "[[:space:]-z]" "a -z\\ty" "X" }}|{{ regexReplaceAll "[[:cntrl:]-z]" "a-z\\u007fy" "X" }}|{{ regexReplaceAll "[\\\\d[-z]" "1[]^_az-A" "X" }}|{{ regexReplaceAll "[\\\\d--/]" "1-./y" "X" }}|{{ regexReplaceAll "[!-[:alpha:]]" "!:a[]b]" "X" }}|{{ regexReplaceAll "[]-a]" "]^ab" "X" }}|{{ regexReplaceAll "[\\\\x41-\\\\x{5a}]" "AZa" "X" }}`', 1000),
  L('{group="dups"} | line_format `y` |~ "[[:space:]-z]"', 1000),
  L('{group="dups"} | line_format `{{ "\\u007f" }}-z` |~ "^[[:cntrl:]-z]+$"', 1000),
  L('{group="dups"} | line_format `-` |~ "^[\\\\d[-z]$"', 1000),
  L('{group="dups"} | line_format `.` |~ "[\\\\d--/]"', 1000),
  // RE2's (?m): ^ and $ break lines at \n only (JavaScript's m flag also at \r and U+2028); Go's flags set anywhere and
  // in groups; negated POSIX classes (under (?i) too); group names Go takes (a digit first, one name twice); \P{Any}.
  L('{group="dups"} | line_format `{{ "fetch 10%\\r50%\\rdone" }}` |~ "(?m)^done"', 1000),
  L('{group="dups"} | line_format `a{{ "\\r" }}b` | label_format v=`{{ __line__ }}` | v=~"(?m).*^b"', 1000),
  L('{group="dups"} | line_format `{{ regexReplaceAll "(?m)^b" "a\\rb\\u2028b\\nb" "X" }}|{{ regexReplaceAll "(?m)a$" "a\\ra\\na" "X" }}|{{ regexReplaceAll "GET (?i:/API)" "GET /api" "X" }}|{{ regexReplaceAll "a(?i)B" "ab AB aB" "X" }}|{{ regexReplaceAll "(a(?i)b|c)d" "aBd Cd aBD" "X" }}|{{ regexReplaceAll "[[:^alpha:]]" "a1-é" "X" }}|{{ regexReplaceAll "(?i)[[:^lower:]]" "aA1\\u212a" "X" }}|{{ regexReplaceAll "\\\\P{Any}" "abc" "X" }}|{{ regexReplaceAll "[\\\\P{Any}a]" "abc" "X" }}|{{ regexReplaceAll "(?P<1n>a)" "abc" "[${1n}]" }}|{{ regexReplaceAll "(?P<n>x)?(?P<n>a)" "abc" "[${n}]" }}`', 1000),
  M('label_replace(label_replace(vector(1), "y", "43", "", ""), "x", "${0}-$1n", "y", "(?P<1n>43)")'),
  M('label_replace(label_replace(vector(1), "y", "43", "", ""), "x", "${n}", "y", "(?P<n>4)(?P<n>3)")'),
  M('label_replace(label_replace(vector(1), "y", "aB", "", ""), "x", "$0", "y", "a(?i)b")'),
  // Go's parser reads these as literals, so Loki's simplifier tests text: an empty alternative drops out (`\x61|` is
  // `|= "a"`), and a label filter's literal beside `.*` is an unanchored contains.
  L(`${ALL} |~ "\\\\x61|"`, 1000),
  L(`${ALL} !~ "\\\\x{61}|"`, 1000),
  L(`${ALL} |~ "\\\\141|" |~ "[aa]|" |~ "[t-t]|" |~ "(?s)ou|"`, 1000),
  L(`${ALL} |~ "\\\\Qtime\\\\E|" |~ "(?i)(?U)OUT|" |~ "(?U)(?i)Ti|" |~ "m{1,1}|"`, 1000),
  L(`${ALL} | label_format v="{{ __line__ }}" | v=~"\\\\Qtimeout\\\\E.*"`, 1000),
  L(`${ALL} | label_format v="{{ __line__ }}" | v=~"(?m)retry.*" or v=~"(?i)(?U)CACHE.*"`, 1000),
  L(`${ALL} | label_format v="{{ __line__ }}" | v=~"db|\\\\x64bdb"`, 1000),
  // Under (?i) Go folds a Unicode class, then negates it: `(?i)\P{Ll}` takes no cased letter (Loki keeps none of these
  // lines but those of `[^\P{Lu}]`, which is the folded \p{Lu}), alone, in a class, beside other items, negated.
  L('{group="dups"} | line_format `abc` |~ "(?i)\\\\P{Ll}bc"', 1000),
  L('{group="dups"} | line_format `{{ "\\u212a" }} kelvin` |~ "(?i)\\\\P{Lu}elvin"', 1000),
  L('{group="dups"} | line_format `ααΣ` |~ "(?i)\\\\P{Lu}ΑΣ"', 1000),
  L('{group="dups"} | line_format `abc` |~ "(?i)\\\\p{^Lu}bc"', 1000),
  L('{group="dups"} | line_format `{{ "\\u212a" }} kelvin` |~ "(?i)[\\\\P{Ll}]elvin"', 1000),
  L('{group="dups"} | line_format `{{ "\\u212a" }} kelvin` |~ "(?i)[^\\\\P{Lu}]elvin"', 1000),
  L('{group="dups"} | line_format `ιµ` |~ "(?i)\\\\PL"', 1000),
  L('{group="dups"} | line_format `µμ` |~ "(?i)\\\\P{Greek}"', 1000),
  L('{group="dups"} | line_format `{{ regexReplaceAll "(?i)\\\\P{Ll}" "aB1\\u212a-ιµƛ" "X" }}|{{ regexReplaceAll "(?i)\\\\p{^Lu}" "aB1\\u212a-ιµƛ" "X" }}|{{ regexReplaceAll "(?i)[x\\\\P{Lu}\\\\d]" "aB1\\u212a-ιµƛ" "X" }}|{{ regexReplaceAll "(?i)[^b\\\\P{Lu}\\\\P{Greek}]" "aB1\\u212a-ιµβƛ" "X" }}|{{ regexReplaceAll "(?i)\\\\PL" "aB1\\u212a-ι\\u0345µ" "X" }}|{{ regexReplaceAll "(?i)\\\\P{Greek}" "aB1\\u212a-ιµμ" "X" }}|{{ regexReplaceAll "a(?i)\\\\P{Ll}" "aAa1" "X" }}|{{ regexReplaceAll "(?i)\\\\p{Lu}" "aƛ" "X" }}`', 1000),
  M('label_replace(label_replace(vector(1), "y", "abc", "", ""), "x", "$0", "y", "(?i)\\\\P{Ll}bc")'),
  L(`${ALL} | label_format v="{{ __line__ }}" | v=~"(?i).*\\\\P{Ll}imeout.*"`, 1000),
  L('{group="dups"} | line_format `{{ regexReplaceAll "[a-\\\\d]" "a" "X" }}`', 1000),
  L('{group="dups"} | line_format `{{ regexReplaceAll "[\\\\b]" "a" "X" }}`', 1000),
  L('{group="dups"} | line_format `{{ regexReplaceAll "[\\\\Qa\\\\E]" "a" "X" }}`', 1000),
  L('{group="dups"} | line_format `{{ regexReplaceAll "[z-[:alpha:]]" "a" "X" }}`', 1000),
  L('{group="dups"} | line_format `{{ regexReplaceAll "[\\\\x{42}-\\\\x41]" "a" "X" }}`', 1000),
  L('{group="dups"} | line_format `{{ regexReplaceAll "\\\\x{41" "a" "X" }}`', 1000),
  // found by fuzz.ts: Loki's regex simplifier
  L(`${WORKER} !~ "a|"`, 1000),
  L(`${WEB} | logfmt | path=~"api.*"`, 1000),
  L(`${WEB} | logfmt | method=~"" | path!~""`, 1000),
  L(`${WEB} | logfmt | path=~"/api/users|/api/orders.*|/"`, 1000),
  L(`${WEB} | logfmt | method=~"(?i)get|POST|PUT"`, 1000),
  M(`max(rate(${API} | label_format svc="{{ .nothing }}" [10m])) without (method)`), // an emptied label under without
  M(`sum(avg_over_time(${API} | json | unwrap status | __error__="" [10m]) by (detected_level))`), // avg_over_time under a sharded sum
  M(`sum by (detected_level) (count_over_time(${API} | json [10m]))`), // detected_level needs no parser
  M(`sum(count_over_time(${API} | json | size > 0B [10m]))`), // a size of 0 bytes fails in Loki
  M(`sum_over_time(${WORKER} | regexp "job=(?P<job>\\\\d+)" | label_format svc="{{ .nothing }}" | unwrap job | __error__="" [1m])`), // an emptied label, no grouping
  // labels named as Object.prototype's members: labels like any other (the grammar refused two of them, plain objects lost or invented them)
  L('{group="names"} | json', 1000),
  L('{group="names"} | logfmt | __proto__="a" or constructor="b"', 1000),
  L('{group="names", toString=""} | json | toString!=""', 1000),
  M('sum by (__proto__, constructor, toString) (count_over_time({group="names"} | json [15m]))'),
  M('sum without (ts, level, filename) (count_over_time({group="names"} | logfmt [15m]))'),
  M('sum by (valueOf, hasOwnProperty) (count_over_time({group="names"} | json | __error__="" [15m]))'),
  M('absent_over_time({group="names", constructor="x", toString="y"} [15m])'),
  M('label_replace(sum by (level) (count_over_time({group="names"} | json [15m])), "__proto__", "$1", "level", "(.+)")'),
  M('label_replace(sum by (level) (count_over_time({group="names"} | json [15m])), "dst", "$1", "toString", "(.*)")'),
  // durations and byte sizes as Go reads them: __error_details__ in the time package's quoting, go-humanize's number cut
  // at bytes, its "too large", units trimmed and lowered as Go does; a unit "constructor" made the query fail
  L('{group="conv"} | json | d > 1s', 1000),
  L('{group="conv"} | json | b > 1B', 1000),
  M('sum by (b) (sum_over_time({group="conv"} | json | unwrap bytes(b) | __error__="" [15m]))'),
  M('sum by (d) (sum_over_time({group="conv"} | json | unwrap duration(d) | __error__="" [15m]))'),
  L('{group="conv"} | json | line_format "{{ duration .d }} {{ bytes .b }}"', 1000),
  // JSON broken after its first members: `json a="b"` reads the paths it finds and checks nothing else (jsonparser's
  // EachKey); an array's text is unescaped; keys are trimmed at every level
  L('{group="broken"} | json level="level", n="n", a="arr", q="q", u="user.name", m="msg"', 1000),
  M('sum by (level, __error__) (count_over_time({group="broken"} | json level="level" [15m]))'),
  M('sum by (level) (count_over_time({group="broken"} | json level="level", m="msg" | __error__="" [15m]))'),
  L('{group="broken"} | json | __error__=""', 1000),
  L('{group="broken"} | json', 1000),
  L('{group="broken"} | unpack', 1000),
  // unpack checks a key as written for a stream label of its name and for the hints, and sanitises it after: `p.q` and
  // `p-q` write over a stream label p_q (no p_q_extracted), a metric query's hints never want `x-y` or `c.d`
  L('{group="packedab"} | unpack', 1000),
  L('{group="packedab"} | unpack | p_q="dotted"', 1000),
  L('{group="packedab"} | unpack | p_q_extracted=~".+"', 1000),
  L('{group="packedab"} | unpack | keep p_q', 1000),
  L('{group="packed"} | unpack', 1000),
  L('{group="packed"} | unpack | unpack', 1000),
  L('{group="packed"} | unpack | x_y="1"', 1000),
  L('{group="packed"} | label_format x_y="lf", k="lf" | unpack', 1000),
  L('{group=~"packed|packedab"} | unpack', 1000),
  M('sum by (x_y) (count_over_time({group="packed"} | unpack [15m]))'),
  M('sum(count_over_time({group="packed"} | unpack | c_d="cd" [15m]))'),
  M('sum(count_over_time({group="packed"} | unpack | x_y="" [15m]))'),
  M('sum by (p_q, p_q_extracted) (count_over_time({group="packedab"} | unpack [15m]))'),
  M('sum by (group, p_q) (count_over_time({group=~"packed|packedab"} | unpack | x_y!="2" [15m]))'),
  M('sum without (ts, filename) (count_over_time({group=~"packed|packedab"} | unpack [15m]))'),
  // logfmt values unquoted as Loki's decoder does: a \u surrogate with no pair is U+FFFD (a space under | logfmt, ""
  // under logfmt a), a bad escape reported past the closing quote
  L('{group="kvesc"} | logfmt', 1000),
  L('{group="kvesc"} | logfmt --strict', 1000),
  L('{group="kvesc"} | logfmt a, c, e', 1000),
  // a line's key named __error__ or __error_details__ is a label beside the pipeline's error, which label filters and
  // drop test: Loki kept `{"__error__":"x"}` under `| __error__=""` and dropped it under `!=""` (the engine the reverse),
  // kept it through `drop __error__`, printed it in {{.__error__}}, and failed a metric query on it
  L('{group="odd"} | json | __error__=""', 1000),
  L('{group="odd"} | json | __error__!=""', 1000),
  L('{group="odd"} | logfmt | __error__=""', 1000),
  L('{group="odd"} | json | drop __error__, __error_details__', 1000),
  L('{group="odd"} | json | keep msg', 1000),
  L('{group="odd"} | json msg, __error__, e="__error_details__"', 1000),
  L('{group="odd"} | json | label_format e=__error__ | line_format "{{.__error__}}|{{.__error_details__}}"', 1000),
  L('{group="odd"} | logfmt | line_format "{{.__error__}}"', 1000),
  L('{group="odd"} | json | msg > 1 | line_format "{{.__error__}}|{{.msg}}"', 1000),
  M('count_over_time({group="odd"} | json | __error__="" [15m])'),
  // a filter on __error_details__ reads such a key (the engine always saw ""; fuzz seed 701)
  L('{group="odd"} | json | __error_details__=~".+"', 1000),
  M('count_over_time({group="odd"} |= "{" | json | __error_details__="d" [15m])'),
  M('sum by (msg) (count_over_time({group="odd"} |= "{" | json | drop __error__ [15m]))'),
  M('sum by (e) (count_over_time({group="odd"} | logfmt | label_format e="{{.__error__}}" [15m]))'),
  // a line's JSON key __name__: a vector aggregation's without (…), and the sum/max without () Loki's sharding merges
  // with, leave it out (the engine kept it); by (__name__) and a range aggregation alone keep it
  M('sum without (ts) (count_over_time({group="odd"} |= "__name__" | json [15m]))'),
  M('max_over_time({group="odd"} |= "__name__" | json | label_format v="1" | unwrap v [15m]) without (ts)'),
  M('count_over_time({group="odd"} |= "__name__" | json | keep __name__, ts [15m])'),
  M('sum by (__name__) (count_over_time({group="odd"} |= "__name__" | json [15m]))'),
  M('count_over_time({group="odd"} |= "__name__" | json [15m]) * 2'),
  // an unwrap's one label filter is checked inside the parsers (Loki's hints append it as a stage): logfmt --strict drops
  // a broken line at once under `| drop __error__ | unwrap d | __error__=""`, which the engine counted (fuzz seed 605)
  M('max_over_time({service="web"} | logfmt --strict | drop __error__ | unwrap duration(duration) | __error__="" [15m]) without (ts)'),
  M('quantile_over_time(0.99, {service="web"} | logfmt --strict | drop __error__ | unwrap duration(duration) | __error__="" [15m])'),
  M('sum(sum_over_time({service="web"} | logfmt --strict | drop __error__ | unwrap duration(duration) | __error__="" [15m]))'),
  M('sum(sum_over_time({service="web"} | logfmt --strict | drop __error__ | unwrap duration(duration) | __error__="" | method!="x" [15m]))'),
  // keep leaves __preserve_error__: the engine dropped it and failed on the errors `by (__error__)` counts (fuzz seed 704)
  M('sum by (__error__, service) (count_over_time({service="web"} | logfmt --strict | keep method, status | status != 100, method!="" [15m]))'),
  M('avg_over_time({service="web"} | logfmt --strict | keep method, status | status != 100, method!="" | unwrap status [5m]) by (__error__, service)', { atOffsetSec: 120 }),
  // stdvar/stddev of a group starting with NaN or Inf: Loki starts from the first sample (0 for one NaN), the engine gave NaN
  M('stdvar(quantile_over_time(0, {group="vals"} | logfmt | unwrap n | __error__="" [5m]) without ()) by (k)'),
  M('stddev(vector(0) / 0)'),
  // numbers, durations and sizes at the edges of Go's readers: spaces, signs, Inf and NaN, 1e400, fullwidth digits,
  // 1h-1m, "1 KB", 1ZB (each agreed when added; kept so a change to the readers is compared)
  L('{group="vals"} | logfmt | n > 1 or d > 1s or b > 1KB', 1000),
  L('{group="vals"} | logfmt | line_format "{{ int .n }}|{{ float64 .n }}|{{ duration .d }}|{{ bytes .b }}|{{ addf .n 1 }}"', 1000),
  M('sum by (n, d, b) (count_over_time({group="vals"} | logfmt | n > 0 or d > 0s or b > 1B | __error__="" [15m]))'),
  L('{group="vals"} | logfmt | n > 0 or d > 0s or b > 1B | __error__!=""', 1000),
  M('sum by (n) (sum_over_time({group="vals"} | logfmt | unwrap n | __error__="" [15m]))'),
  M('sum by (d) (sum_over_time({group="vals"} | logfmt | unwrap duration(d) | __error__="" [15m]))'),
  M('sum by (b) (sum_over_time({group="vals"} | logfmt | unwrap bytes(b) | __error__="" [15m]))'),
  M('stddev_over_time({group="vals"} | logfmt | unwrap n | __error__="" [15m]) by (k)'),
  // a field after a term is Go's method call on its value: Loki printed __timestamp__.Unix as the Unix seconds, the
  // engine took .Unix for an argument (a TemplateFormatErr on every line); now refused. After a string: a parse error.
  L(`${API} | line_format "{{ __timestamp__.Unix }}"`, 5),
  L(`${API} | line_format "{{ \\"a\\".x }}"`, 5),
  // Go's time layout elements as nextStdChunk reads them: Z07:00:00 printed "Z:00", _2006 the day and "006"
  L(`${API} | line_format "{{ date \\"_2006|Z07:00:00|Z070000|-070000|Janx|Jan2|Monx|__2\\" __timestamp__ }}"`, 5),
  // template text as Go's lexer reads it: a comment only right inside the delimiters (`{{ /* c */ }}` is an error in
  // Loki, the engine took it for a comment), a pipe before the end starts no command, a no-break space is not trimmed
  L(`${API} | line_format "a{{ /* c */ }}b"`, 5),
  L(`${API} | line_format "a{{/* c */ }}b"`, 5),
  // arguments need a space between them (`upper("a")` is an error in Loki; the engine printed A); arguments to what is
  // no function fail on each line, not at parse
  L(`${API} | line_format "{{ upper(\\"a\\") }}{{ default\\"x\\" .nope }}"`, 5),
  L(`${API} | line_format "{{ 1 2 }}"`, 5),
  L(`${API} |= "{" | json | line_format "{{ .method 1 }}"`, 5),
  L(`${API} |= "{" | json | line_format "{{ .method | }}{{(.method)}} {{- /* c */ -}} \u00a0{{- .path -}}\u00a0"`, 5),
  // `-0` is one DURATION token in Loki's lexer (Go's ParseDuration takes "-0"), which no metric expression takes: a
  // syntax error in Loki 3.4.6, where the engine answered (fuzz grammar forms, seed 1001)
  M(`sum(count_over_time(${API} [5m]))-0`),
  M(`vector(2) * -0`),
  M(`-0 + vector(3)`),
  M(`1 - -00 + vector(1) -0.5`),
  // label filters mixing and, comma and or without parentheses, grouped as Loki's parser groups them (were refused)
  L(`${API} | json | method="GET" or status >= 500, latency_ms > 1000`, 1000),
  L(`${API} | json | method="GET", status >= 500 or latency_ms > 1000 and path="/"`, 1000),
  M(`sum by (__error__) (count_over_time({group="vals"} | logfmt | k="1" or n > 5, d > 1s [15m]))`),
  // an or chain whose first two sides match every line keeps every line (the engine dropped them, fuzz seed 1214)
  M(`sum(count_over_time(${WEB} |= "" or "" or "ms" [20m]))`),
  M(`sum(count_over_time(${WEB} |~ "" or ".*" or "x" [20m]))`),
  L(`${WEB} | logfmt | duration < 1µs |~ "" or "" or "[[:digit:]]+ms$"`, 1000, "forward"),
  // refused at load (count as agreeing)
  M(`sum by (a, b) (count_over_time(${WEB} | logfmt a, b [10m]))`),
  L(`${ALL} |= ip("10.0.0.1") or ip("::1")`, 10),
  L(`${ALL} |~ ip("10.0.0.1")`, 10),
  // ip() filters: addresses as Go's netip reads them (no leading zero, 4-in-6 apart from IPv4, zones), found in the
  // line as Loki's scan finds them (after a letter, before a port, inside brackets, next to text outside ASCII).
  L(`${ALL} |= ip("10.0.0.1")`, 1000),
  L('{group="net"} |= ip("10.0.0.0/8")', 1000),
  L('{group="net"} != ip("10.0.0.0/8")', 1000),
  L('{group="net"} |= ip("192.168.1.1-192.168.1.9")', 1000),
  L('{group="net"} |= ip("2001:db8::/32")', 1000),
  L('{group="net"} |= ip("::ffff:10.0.0.7")', 1000),
  L('{group="net"} |= ip("10.0.0.7")', 1000),
  L('{group="net"} |= ip("fe80::1%eth0")', 1000),
  L('{group="net"} |= ip("::1")', 1000),
  L('{group="net"} |= ip("::/0")', 1000),
  L('{group="net"} |= ip("1:2:3:4:5:6:102:304")', 1000),
  L('{group="net"} |= ip("10.1.2.3/8")', 1000),
  L('{group="net"} |= ip("2.2.2.2")', 1000),
  L('{group="net"} |= ip("10.0.0.0/08")', 1000),
  L('{group="net"} |= ip("10.0.0.9-10.0.0.1")', 1000),
  L('{group="net"} |= ip("10.0.0.1-2001:db8::1")', 1000),
  L('{group="net"} |= ip("fe80::%x/10")', 1000),
  L('{group="net"} |= ip("1:2:3:4:5:6:7::")', 1000),
  L('{group="net"} |= ip("1:2:3:4::5:6:7:8")', 1000),
  L('{group="net"} | logfmt | client = ip("10.0.0.0/8")', 1000),
  L('{group="net"} | logfmt | client != ip("10.0.0.0/8")', 1000),
  L('{group="net"} | logfmt | nosuch != ip("10.0.0.0/8")', 1000),
  L('{group="net"} | logfmt --strict | client != ip("10.0.0.0/8")', 1000),
  L('{group="net"} | logfmt | client = ip("10.0.0.0/8") or v6 = ip("2001:db8::/32")', 1000),
  L('{group="net"} | logfmt | client = ip("bad")', 1000),
  M('sum by (client) (count_over_time({group="net"} | logfmt | client != ip("192.168.1.1-192.168.1.9") [10m]))', { stepSec: 60 }),
  M(`sum(count_over_time(${ALL_NT} != ip("10.0.0.0/8") [10m]))`, { stepSec: 60 }),
];

/** The seed of the differential suite's corpus and generated queries, and how many queries it generates beside the hand-written ones. */
export const DIFF_SEED = 20260101;
export const DIFF_GENERATED = 18;

/** Queries from a small grammar over the same corpus: selector, 0–3 stages, then a log or metric form. */
export function generatedQueries(seed: number, count: number): DiffQuery[] {
  const r = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const selectors = [ALL, API, WEB, WORKER, '{service=~"api|web"}', '{service="intl"}', '{service="bulk"}', '{app="billing"}', '{group="ties"}', '{env="diff", service!="worker"}'];
  const lineFilters = ['|= "error"', '!= "ok"', '|~ "time(out)?"', '|= "GET" or "POST"', '!~ "^[{]"', '|= "αβγ"', '|~ "(?i)warn"', '|= "tie"'];
  const parsed: Record<string, { parser: string; filters: string[]; labels: string[]; unwrap: string[] }> = {
    json: { parser: "| json", filters: ['| status >= 400', '| method="GET"', '| latency_ms < 500', '| level=~"(?i)err.*"', '| duration < 1s', '| size > 1KB', '| __error__=""'], labels: ["method", "status", "path", "level"], unwrap: ["latency_ms", "status"] },
    logfmt: { parser: "| logfmt", filters: ['| status >= 500', '| method!="GET"', '| duration >= 250ms', '| bytes < 1KB', '| __error__=""', '| level="error" or level="ERROR"'], labels: ["method", "status", "path"], unwrap: ["status"] },
    none: { parser: "", filters: ['| detected_level="info"', '| detected_level!="unknown"', '| service_name="worker"'], labels: ["service", "detected_level", "filename"], unwrap: [] },
  };
  const formats = ['| line_format "{{.service}} {{__line__ | trunc 40}}"', "| decolorize", '| label_format svc=service', "| drop filename", '| keep service, detected_level'];
  const out: DiffQuery[] = [];
  while (out.length < count) {
    const sel = pick(selectors);
    const kind = sel === API ? pick(["json", "none"]) : sel === WEB || sel === '{app="billing"}' ? pick(["logfmt", "none"]) : "none";
    const p = parsed[kind]!;
    const stages: string[] = [];
    if (r() < 0.6) stages.push(pick(lineFilters));
    if (p.parser) stages.push(p.parser);
    if (r() < 0.6) stages.push(pick(p.filters));
    if (r() < 0.3) stages.push(pick(lineFilters));
    const pipeline = `${sel} ${stages.join(" ")}`.trim();
    const form = r();
    if (form < 0.35) {
      const fmt = r() < 0.3 ? ` ${pick(formats)}` : "";
      const tieSafe = sel !== '{group="ties"}' && sel !== ALL; // a limit cutting through tied lines of several streams is Loki's sharding's choice
      out.push(L(pipeline + fmt, tieSafe ? pick([5, 20, 1000]) : 1000, pick(["forward", "backward"] as const)));
      continue;
    }
    const range = pick(["30s", "1m", "5m", "10m"]);
    const by = pick([...p.labels, "service"]);
    if (form < 0.55) out.push(M(`sum by (${by}) (count_over_time(${pipeline} [${range}]))`));
    else if (form < 0.65) out.push(M(`sum by (${by}) (rate(${pipeline} [${range}]))`, { stepSec: pick([30, 60]) }));
    else if (form < 0.72) out.push(M(`sum(bytes_over_time(${pipeline} [${range}]))`));
    else if (form < 0.8 && p.unwrap.length) {
      const fn = pick(["sum_over_time", "avg_over_time", "max_over_time", "min_over_time", "quantile_over_time(0.5,"]);
      const head = fn.endsWith(",") ? `${fn} ` : `${fn}(`;
      out.push(M(`${head}${pipeline} | unwrap ${pick(p.unwrap)} | __error__="" [${range}]) by (${by})`));
    } else if (form < 0.88) out.push(M(`topk(2, sum by (${by}) (count_over_time(${pipeline} [${range}])))`));
    else if (form < 0.94) out.push(M(`count_over_time(${pipeline} [${range}])`, { atOffsetSec: pick([0, 60, 90]) }));
    else out.push(M(`sum by (${by}) (count_over_time(${pipeline} [${range}])) > bool 2`));
  }
  return out;
}
