// Queries for the url: step's load-time syntax check (lib/logql lokiSyntaxErrors): Loki 3.4 features the embedded
// engine may not run, which the check must never refuse, and syntax errors Loki refuses, which it must.
import { DIFF_GENERATED, DIFF_SEED, HAND_WRITTEN, generatedQueries } from "../logql-differential/queries.ts";

/** Loki 3.4 features, some of them beyond the embedded engine: Loki 3.4.6 reads every one (no 400 from query_range). */
export const LOKI_FEATURES: string[] = [
  '{service="api"} | pattern "<ip> - <_> <method> <path>"',
  '{service="api"} | pattern `<_> level=<level> <_>`',
  '{service="api"} | logfmt --strict',
  '{service="api"} | logfmt --keep-empty',
  '{service="api"} | logfmt --strict --keep-empty level, msg="message"',
  '{service="api"} | decolorize',
  'label_replace(rate({service="api"}[5m]), "svc", "$1", "service", "(.*)")',
  "vector(1)",
  'sum(count_over_time({service="api"}[5m])) or vector(0)',
  'count_over_time({service="api"}[5m] offset 1h)',
  'sum(rate({service="api"}[5m] offset 10m))',
  'sum_over_time({service="api"} | json | unwrap bytes(size) [5m])',
  'avg_over_time({service="api"} | logfmt | unwrap duration(latency) [5m])',
  'max_over_time({service="api"} | logfmt | unwrap duration_seconds(latency) | __error__="" [5m]) by (path)',
  'rate({service="api"} | json | unwrap bytes [5m])',
  'sort(sum by (level) (count_over_time({service="api"}[5m])))',
  'sort_desc(sum by (level) (count_over_time({service="api"}[5m])))',
  'topk(3, sum by (path) (count_over_time({service="api"}[5m])))',
  "topk by (level) (2, sum by (level, path) (count_over_time({service=\"api\"}[5m])))",
  'bottomk(2, sum by (path) (rate({service="api"}[5m])))',
  'absent_over_time({service="api"}[5m])',
  'quantile_over_time(0.99, {service="api"} | json | unwrap latency [5m]) by (path)',
  '{service="api"} |> "<_> GET <_>"',
  '{service="api"} !> "<_> 200 <_>"',
  '{service="api"} |> "<_> GET <_>" or "<_> POST <_>"',
  '{service="api"} |= "error" or "warn" or "fatal"',
  '{service="api"} != "debug" or "trace"',
  '{service="api"} |~ "err.*" or "warn.*"',
  '{service="api"} |= ip("192.168.0.1")',
  '{service="api"} != ip("10.0.0.0/8")',
  '{service="api"} | logfmt | addr = ip("192.168.4.5-192.168.4.20")',
  '{service="api"} | logfmt | addr != ip("::1")',
  '{service="api"} |= "error" or ip("10.0.0.1")',
  '{service="api"} | label_format dst="{{.src}}-{{ .level | upper }}"',
  '{service="api"} | json | label_format out=`{{ if eq .level "error" }}bad{{ else }}ok{{ end }}`',
  '{service="api"} | line_format "{{ .message | trunc 20 }} {{ __line__ }} {{ __timestamp__ }}"',
  '{service="api"} | line_format `{{ toDate "2006-01-02" .day }}`',
  '{service="api"} | json | line_format "{{ range $k, $v := .labels }}{{ $k }}{{ end }}"',
  '{service="api"} | json | line_format "{{ with .user }}{{ . }}{{ end }}"',
  '{service="api"} | json | line_format "{{ $x := .level }}{{ $x }}"',
  '{service="api"} | json | line_format "{{ fromJson .payload }}"',
  '{service="api"} | json | drop level, path',
  '{service="api"} | json | keep level, path',
  '{service="api"} | json | drop level="debug"',
  '{service="api"} | json | keep level, path="/health"',
  'sum by (service) (rate_counter({service="api"} | json | unwrap n [5m]))',
  // 500 from a default Loki (approx_topk is not enabled), no 400: the query is read.
  'approx_topk(3, sum by (path) (count_over_time({service="api"}[5m])))',
  'sum by (level) (count_over_time({service="api"} | logfmt level, msg [5m]))',
  '{service="api"} | json | level="error" and status>=500 or path=~"/v1/.*"',
  '{service="api"} | regexp `(?P<ip>\\S+) (?P<rest>.*)`',
  '{service="api"} | unpack | line_format "{{.msg}}"',
  '{service="api", env=~"prod|staging", team!~"legacy.*"}',
  'sum(count_over_time({service="api"}[1m])) by (level) > 10',
  'sum(rate({service="api"}[5m])) / sum(rate({service=~".+"}[5m])) * 100',
  '1 + 2 * 3',
  '{service="api"} | json | __error__ = ""',
  '{service="api"} | logfmt | duration > 1m30s and size < 20MB',
  '{service="api"} |= `C:\\path`',
  '{service="api"} # a comment',
];

/** Syntax errors: Loki 3.4.6 answers 400, and the load check refuses each. */
export const SYNTAX_ERRORS: string[] = [
  '{service="api"} |= ',
  '{service=~"(api"}',
  'count_over_time({service="api"}[5x])',
  '{service="api"} | line_format "{{.x"',
  '{service="api"} | line_format "{{ nofunc .x }}"',
  '{service="api"',
  'sum(count_over_time({service="api"}[5m]) by',
  '{service="api"} | json | status >= ',
  'rate({service="api"})',
  '{service="api"} |~ "a(b"',
  // PromQL's @ modifier: not LogQL.
  'count_over_time({service="api"}[5m] @ 1700000000)',
];

/**
 * Every query of allQueries() Loki 3.4.6 answers 400 (the live test keeps this list true): SYNTAX_ERRORS and seven of
 * the differential suite's, which it runs to compare the errors.
 */
export const LOKI_REFUSES: string[] = [
  ...SYNTAX_ERRORS,
  "{group=\"dups\"} | line_format `{{ 18446744073709551616 }}`",
  'rate({service="api"} | json | unwrap latency_ms [5m]) by (method)',
  'sum(count_over_time({service="api"} | json | size > 0B [10m]))',
  // Templates Go's parser refuses: a field after a string, comments not right inside the delimiters, arguments with no
  // space between them.
  '{service="api"} | line_format "{{ \\"a\\".x }}"',
  '{service="api"} | line_format "a{{ /* c */ }}b"',
  '{service="api"} | line_format "a{{/* c */ }}b"',
  '{service="api"} | line_format "{{ upper(\\"a\\") }}{{ default\\"x\\" .nope }}"',
  // A minus right before 0 is one DURATION token in Loki's lexer.
  'sum(count_over_time({service="api"} [5m]))-0',
  "vector(2) * -0",
  "-0 + vector(3)",
  // Loki's lexer reads all between a range's brackets as the duration.
  'sum(count_over_time({group="edge"}[ 10m ]))',
  'sum(count_over_time({group="edge"}[10m ]))',
  // A trailing comma in a list of labels.
  'sum by (group) (count_over_time({group="edge"}[10m])) / ignoring(env,) sum by (group) (count_over_time({group="edge"}[10m]))',
  'sum by (group) (count_over_time({group="edge"}[10m])) / on(group) group_left(env,) sum by (group) (count_over_time({group="edge"}[10m]))',
  'sum by (group,) (count_over_time({group="edge"}[10m]))',
  // label_replace over a number (a binary operation's left side): no selector.
  'label_replace(1 + 1, "a", "b", "c", "d")',
  'label_replace(2 * count_over_time({service="api"}[1m]), "a", "b", "c", "d")',
  'label_replace(vector(1) + label_replace(1, "a", "b", "c", "d"), "a", "b", "c", "d")',
  // ip() after another operator than |= and != ("ip: invalid operation"), or with a pattern Go's netip cannot read.
  '{env="diff"} |~ ip("10.0.0.1")',
  '{group="net"} |= ip("10.0.0.0/08")',
  '{group="net"} |= ip("10.0.0.9-10.0.0.1")',
  '{group="net"} |= ip("10.0.0.1-2001:db8::1")',
  '{group="net"} |= ip("1:2:3:4::5:6:7:8")',
  '{group="net"} | logfmt | client = ip("bad")',
];

/** Every query the check is tried on: the differential suite's (hand-written and generated), then the lists above. */
export function allQueries(): string[] {
  const all = [...HAND_WRITTEN.map((q) => q.query), ...generatedQueries(DIFF_SEED, DIFF_GENERATED).map((q) => q.query), ...LOKI_FEATURES, ...SYNTAX_ERRORS];
  return [...new Set(all)];
}
