// Seeded generator of mutated scenario files for the loader fuzz: valid seeds of every step kind, then text and byte mutations.
import { seededRandom } from "../helpers/random.ts";

/** Valid scenarios that together use every step kind and most fields; mutations start from these. */
export const SEEDS: readonly string[] = [
  `name: every kind
description: seeds for the fuzz
vars:
  BASE: http://127.0.0.1:1
  LOGS: logs
secrets: [TOKEN]
defaults: { timeout: 5s, interval: 100ms }
x-common: &common
  timeout: 2s
  continue_on_failure: true
steps:
  - name: up
    compose: { action: up, files: [compose.yml], services: [api], wait: true }
    timeout: 1m
  - <<: *common
    http:
      url: \${BASE}/health
      method: POST
      headers: { Authorization: "Bearer \${TOKEN:-none}" }
      json: { a: [1, 2, { b: null }] }
      expect:
        status: [200, 2xx]
        json: { "$.status": { in: [ok, up] } }
        latency: { lt: 2s }
      capture: { ID: $.id }
  - files:
      glob: \${LOGS}/**/*.log
      exclude: ["*.tmp"]
      expect:
        count: { gte: 1 }
        contains: { matches: "(?i)error", count: { lte: 3 } }
        each: { max_age: 7d, size: { lt: 10MiB } }
    eventually: { timeout: 10s, interval: 1s, backoff: 2 }
  - logql:
      files: { "logs/{service}/*.log": { env: ci } }
      query: 'sum by (service) (count_over_time({env="ci"} | json | level="error" [1h]))'
      expect: { value: { lte: 3 } }
  - logql:
      url: \${BASE}
      tenant: team-a
      query: '{service="api"} |= "GET"'
      since: 5m
      expect: { lines: { gte: 1 } }
  - promql: { url: \${BASE}, query: 'up{job="api"}', expect: { value: 1 } }
  - shell: { run: "echo \${ID}", expect: { exit_code: 0, stdout: { contains: x } } }
    tags: [slow]
  - sleep: 1ms
teardown:
  - compose: { action: down, files: [compose.yml], volumes: true }
`,
  `# yaml-language-server: $schema=../scenario.schema.json
name: Small
steps:
  - id: one
    shell:
      run: [echo, hi]
      env: { A: "1" }
      capture: { OUT: stdout }
    retries: 2
  - sleep: \${WAIT:-10ms}
    hold: 1s
    always: true
`,
  `name: flow
steps: [{ http: { url: "http://127.0.0.1:1/", expect: { status: 200, body: { not_contains: err } } } }, { sleep: 5ms }]
teardown: [{ sleep: 1ms }]
`,
];

type Rand = () => number;
const pick = <T>(r: Rand, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
const int = (r: Rand, n: number) => Math.floor(r() * n);

const ODD_VALUES = [
  "null", "~", "[]", "{}", "0", "-1", "1e309", "0x10", "true", "no", '""', "''", "[1, [2, [3]]]", "{a: {b: {c: 1}}}",
  "!!binary aGk=", "!!str 1", "!!map {}", "2024-01-01", ".nan", "-.inf", "&anc 1", "*nope", "|\n  block", ">-\n  folded",
  '"${"', '"${1BAD}"', '"$${X}"', '"${X:-}"', '"\\u0000"', '"\\xff"', "'''", "`tick`", "@at", "%pct", "? complex", "- in value",
  "{ <<: {timeout: 1s} }", '"\u202Ertl"', '"\uFEFFbom"', "💥", "'${SECRET}'",
];

/** Replaces the value after a random `key:` with an odd one (wrong types, tags, broken refs). */
function wrongType(text: string, r: Rand): string {
  const lines = text.split("\n");
  const keyed = lines.map((l, i) => [l, i] as const).filter(([l]) => /:\s*\S/.test(l) && !l.trimStart().startsWith("#"));
  if (!keyed.length) return text;
  const [line, i] = pick(r, keyed);
  const at = line.indexOf(":");
  lines[i] = `${line.slice(0, at + 1)} ${pick(r, ODD_VALUES)}`;
  return lines.join("\n");
}

function truncate(text: string, r: Rand): string {
  return text.slice(0, int(r, text.length));
}

function duplicateLine(text: string, r: Rand): string {
  const lines = text.split("\n");
  const i = int(r, lines.length);
  lines.splice(i, 0, lines[i]!);
  return lines.join("\n");
}

function deleteLine(text: string, r: Rand): string {
  const lines = text.split("\n");
  lines.splice(int(r, lines.length), 1);
  return lines.join("\n");
}

function swapLines(text: string, r: Rand): string {
  const lines = text.split("\n");
  const i = int(r, lines.length);
  const j = int(r, lines.length);
  [lines[i], lines[j]] = [lines[j]!, lines[i]!];
  return lines.join("\n");
}

function tabs(text: string, r: Rand): string {
  const lines = text.split("\n");
  const i = int(r, lines.length);
  lines[i] = lines[i]!.replace(/^ +/, (s) => "\t".repeat(Math.max(1, s.length / 2)));
  return lines.join("\n");
}

function reindent(text: string, r: Rand): string {
  const lines = text.split("\n");
  const i = int(r, lines.length);
  lines[i] = " ".repeat(int(r, 12)) + lines[i]!.trimStart();
  return lines.join("\n");
}

function flipChar(text: string, r: Rand): string {
  const i = int(r, text.length);
  const chars = ":-[]{}&*!|>'\"%@`#,? \n\t\\$";
  return text.slice(0, i) + pick(r, [...chars]) + text.slice(i + 1);
}

/** A value nested `depth` levels, as flow or block YAML. */
function nested(depth: number, flow: boolean): string {
  if (flow) return `${"[".repeat(depth)}1${"]".repeat(depth)}`;
  let out = "";
  for (let d = 0; d < depth; d++) out += `${"  ".repeat(d + 1)}a:\n`;
  return `\n${out}${"  ".repeat(depth + 1)}b: 1`;
}

function deepValue(text: string, r: Rand): string {
  const depth = pick(r, [10, 65, 200, 1000, 5000, 20_000]);
  const flow = r() < 0.5 || depth > 1000;
  const target = pick(r, ["x-deep", "vars", "description", "steps"]);
  return `${text}\n${target}: ${nested(depth, flow)}\n`;
}

function hugeValue(text: string, r: Rand): string {
  const size = pick(r, [100_000, 1_000_000, 10 * 1024 * 1024]);
  const kind = int(r, 4);
  if (kind === 0) return text.replace(/^name: .*$/m, `name: ${"n".repeat(size)}`);
  if (kind === 1) return text.replace(/^name: .*$/m, `name: "${"\\u00e9".repeat(size / 6)}"`);
  if (kind === 2) return `${text}\nx-list: [${Array(Math.min(size / 4, 300_000)).fill("1").join(", ")}]\n`;
  return text.replace(/query: .*$/m, `query: '{a="b"} |= "${"q".repeat(size)}"'`);
}

function manySteps(text: string, r: Rand): string {
  const n = pick(r, [1000, 20_000]);
  return `${text.replace(/^steps:.*$/m, "steps:")}\n${"  - sleep: 1ms\n".repeat(n)}`.replace(/^teardown:[\s\S]*$/m, "");
}

/** The billion laughs: each level's list repeats the previous level's alias `width` times. */
export function aliasBomb(levels: number, width: number): string {
  const out = ["name: bomb", `l0: &l0 [${Array(width).fill('"lol"').join(", ")}]`];
  for (let i = 1; i < levels; i++) out.push(`l${i}: &l${i} [${Array(width).fill(`*l${i - 1}`).join(", ")}]`);
  out.push("steps:", `  - sleep: 1ms`, `    tags: *l${levels - 1}`, "");
  return out.join("\n");
}

function bomb(_text: string, r: Rand): string {
  return aliasBomb(pick(r, [3, 6, 9, 12]), pick(r, [2, 5, 10]));
}

function aliasCycle(text: string, r: Rand): string {
  return pick(r, [
    `${text}\nx-a: &cyc [ *cyc ]\n`,
    text.replace(/^steps:/m, "steps: &s").concat("\nx-loop: { <<: *s }\n"),
    "name: t\nsteps: &s\n  - sleep: 1ms\n  - *s\n",
    "name: t\nx: &m\n  <<: *m\nsteps: [{sleep: 1ms}]\n",
  ]);
}

function mergeMess(text: string, r: Rand): string {
  return text.replace(/^(\s+)- (\w+):/m, (_, indent: string, key: string) => `${indent}- <<: ${pick(r, ["*common", "1", "[1, 2]", "*missing", "{}", "[*common, *common]"])}\n${indent}  ${key}:`);
}

function strangeKeys(text: string, r: Rand): string {
  const key = pick(r, ["x-", "x-ok", "X-UP", "<<", "__proto__", "constructor", "toString", '"${VAR}"', "? [a, b]", "1", "null", "true", '""']);
  return r() < 0.5 ? `${text}\n${key}: 1\n` : text.replace(/^(\s+)(http|shell|files|logql|promql|compose|sleep):/m, `$1${key}: 1\n$1$2:`);
}

function lineEndings(text: string, r: Rand): string {
  return pick(r, [text.replaceAll("\n", "\r\n"), text.replaceAll("\n", "\r"), `\uFEFF${text}`, `---\n${text}\n---\n${text}`, `${text}\n...\n`, `%YAML 1.1\n---\n${text}`, text.replace(/\n/g, "\n\0")]);
}

const LIGHT_MUTATORS = [wrongType, truncate, duplicateLine, deleteLine, swapLines, tabs, reindent, flipChar, aliasCycle, mergeMess, strangeKeys, lineEndings];
/** Mutations that make big or deep files (seconds each): one in a few cases. */
const HEAVY_MUTATORS = [deepValue, hugeValue, manySteps, bomb];
const HEAVY_SHARE = 0.08;

/** Invalid UTF-8 and other raw bytes spliced into the encoded text. */
function byteMutation(bytes: Buffer, r: Rand): Buffer {
  const insert = Buffer.from(pick(r, [[0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x00], [0xfe, 0xff], [0x80, 0x80, 0x80]]));
  const at = int(r, bytes.length + 1);
  return Buffer.concat([bytes.subarray(0, at), insert, bytes.subarray(at)]);
}

export interface FuzzCase {
  id: number;
  /** Mutations applied, for the tally and to reproduce by hand. */
  ops: string[];
  bytes: Buffer;
}

/** Case `id`: a seed with 1–3 light mutations, in some cases one heavy one among them; the same id gives the same bytes. */
export function fuzzCase(id: number): FuzzCase {
  const r = seededRandom(id * 2654435761);
  let text = pick(r, SEEDS);
  const ops: string[] = [];
  const rounds = 1 + int(r, 3);
  const heavyAt = r() < HEAVY_SHARE ? int(r, rounds) : -1;
  for (let i = 0; i < rounds; i++) {
    const m = i === heavyAt ? pick(r, HEAVY_MUTATORS) : pick(r, LIGHT_MUTATORS);
    text = m(text, r);
    ops.push(m.name);
  }
  let bytes: Buffer = Buffer.from(text, "utf8");
  if (r() < 0.15) {
    bytes = byteMutation(bytes, r);
    ops.push("invalidUtf8");
  }
  return { id, ops, bytes };
}
