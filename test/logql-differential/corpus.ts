// A seeded corpus for the live differential suite: log files for the embedded engine and the same lines for a real Loki.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { PushStream } from "../helpers/loki.ts";
import { seededRandom } from "../helpers/random.ts";

export interface CorpusFile {
  /** Path relative to the corpus directory; also the `filename` label. */
  path: string;
  /** The stream's labels without `filename` (what the files map and the path give). */
  labels: Record<string, string>;
  entries: { tsNs: bigint; line: string }[];
}

export interface Corpus {
  files: CorpusFile[];
  /** The `files:` map for queryLogFiles (glob → static labels). */
  globs: Record<string, Record<string, string>>;
  /** The first and last line times (ms). */
  firstMs: number;
  lastMs: number;
}

const ESC = "\u001b";

/** RFC 3339 as the engine reads it at the start of a line or in a ts field: milliseconds when the time is whole ms, else nanoseconds. */
export function rfc3339(tsNs: bigint): string {
  const iso = new Date(Number(tsNs / 1_000_000n)).toISOString(); // …T12:34:56.789Z
  if (tsNs % 1_000_000n === 0n) return iso;
  return `${iso.slice(0, 19)}.${(tsNs % 1_000_000_000n).toString().padStart(9, "0")}Z`;
}

const LEVEL_VALUES = ["info", "INFO", "Info", "inf", "warn", "WARN", "warning", "Warning", "wrn", "error", "ERROR", "err", "Err", "debug", "DEBUG", "dbg", "trace", "trc", "critical", "CRITICAL", "fatal", "notice", "5"];
const LEVEL_KEYS = ["level", "LEVEL", "Level", "severity", "Severity", "lvl"];
const PATHS = ["/", "/api/users", "/api/orders", "/api/v1/models", "/health", "/static/app.js"];
const METHODS = ["GET", "POST", "PUT", "DELETE"];
const WORDS = ["alpha", "beta", "gamma", "delta", "timeout", "connection", "reset", "cache", "miss", "ok", "retry", "upstream", "db", "query", "slow"];
const PLAIN_LEVELS = ["INFO", "info:", "ERROR", "error", "ERR:", "err:", "WARN:", "warning", "WARNING", "CRITICAL:", "critical:", "DEBUG:", "debug:", "Notice", ""];
const UNICODE = ["ünïcödé", "αβγ δ", "漢字テスト", "emoji 🎉🔥", "Ωmega", "café", "naïve — dash", "Ελληνικά"];

/**
 * Builds the corpus: every line lies in [baseMs - spanMs, baseMs]. Streams: JSON (with non-JSON lines among them),
 * logfmt, plain text with level keywords, ANSI-coloured, unicode, long lines, a pair of streams sharing
 * timestamps (with exact duplicates), a stream with a `level` label, one named by `app`, one with no service label,
 * and lines exactly on whole minutes (range boundaries).
 */
export function buildCorpus(seed: number, baseMs: number, spanMs: number): Corpus {
  const r = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const baseNs = BigInt(baseMs) * 1_000_000n;
  const spanNs = BigInt(spanMs) * 1_000_000n;
  /**
   * A time in the span for the stream numbered k. Stream 0 (plain) has lines on whole minutes (range boundaries);
   * others on whole seconds plus k ms, or anywhere: lines of different streams never share a time (except the ties
   * streams), since Loki's choice among such lines at a limit depends on its sharding.
   */
  const time = (k: number): bigint => {
    const x = r();
    const off = BigInt(Math.floor(r() * Number(spanNs / 1000n))) * 1000n;
    let t = baseNs - off;
    if (k === 0 && x < 0.2) return t - (t % 60_000_000_000n);
    if (x < 0.4) return t - (t % 1_000_000_000n) + BigInt(k) * 1_000_000n; // whole ms: k ms past a second
    return t - (t % 100_000n) + (k === 0 ? 500n : BigInt(k) * 1000n); // distinct per stream in the last digits
  };
  const sortEntries = (e: { tsNs: bigint; line: string }[]) => e.sort((a, b) => (a.tsNs < b.tsNs ? -1 : a.tsNs > b.tsNs ? 1 : 0));
  const files: CorpusFile[] = [];
  const add = (path: string, labels: Record<string, string>, n: number, make: (t: bigint, i: number) => string) => {
    const k = files.length;
    // One line per time within a stream: which of several lines a pipeline makes alike Loki keeps is not settled
    // here (see the ties streams for lines sharing a time).
    const used = new Set<bigint>();
    const entries = Array.from({ length: n }, (_, i) => {
      let t = time(k === 2 ? 0 : k + 1);
      while (used.has(t)) t = time(k === 2 ? 0 : k + 1);
      used.add(t);
      return { tsNs: t, line: make(t, i) };
    });
    files.push({ path, labels, entries: sortEntries(entries) });
  };

  add("logs/api/json.log", { env: "diff", service: "api" }, 160, (t, i) => {
    if (i % 23 === 7) return `${rfc3339(t)} not json: upstream ${pick(WORDS)} status=${pick([200, 500])}`;
    const doc: Record<string, unknown> = { ts: rfc3339(t) };
    if (r() < 0.85) doc[pick(LEVEL_KEYS)] = pick(LEVEL_VALUES);
    doc.method = pick(METHODS);
    doc.path = pick(PATHS);
    doc.status = pick([200, 200, 201, 204, 301, 404, 500, 503]);
    doc.latency_ms = int(1, 2500);
    if (r() < 0.7) doc.duration = `${int(1, 1500)}ms`;
    if (r() < 0.5) doc.size = pick(["512B", "1KB", "2.5KB", "1MiB", "300B", "12kB"]);
    if (r() < 0.4) doc.user = { id: int(1, 50), name: pick(["ann", "bob", "cé"]) };
    if (r() < 0.2) doc.tags = ["a", "b"];
    doc.msg = `${pick(WORDS)} ${pick(WORDS)}`;
    if (r() < 0.1) doc.status = String(doc.status) + "x"; // unparsable as a number
    return JSON.stringify(doc);
  });

  add("logs/web/logfmt.log", { env: "diff", service: "web" }, 140, (t, i) => {
    const parts = [`ts=${rfc3339(t)}`];
    if (r() < 0.85) parts.push(`${pick(LEVEL_KEYS)}=${pick(LEVEL_VALUES)}`);
    parts.push(`method=${pick(METHODS)}`, `path=${pick(PATHS)}`, `status=${pick([200, 201, 404, 500, 503])}`);
    parts.push(`duration=${pick(["12ms", "1.5s", "250ms", "3s", "800us", "x"])}`, `bytes=${pick(["1KB", "512B", "3.5MB", "0B"])}`);
    if (r() < 0.5) parts.push(`msg="${pick(WORDS)} ${pick(WORDS)}"`);
    if (r() < 0.2) parts.push("flag");
    if (i % 31 === 5) parts.push('broken="unterminated');
    return parts.join(" ");
  });

  add("logs/worker/plain.log", { env: "diff", service: "worker" }, 120, (t) => {
    const lvl = pick(PLAIN_LEVELS);
    return `${rfc3339(t)} ${lvl}${lvl ? " " : ""}${pick(WORDS)} job=${int(1, 9)} took ${int(1, 900)}ms`;
  });

  add("logs/worker/ansi.log", { env: "diff", service: "worker" }, 60, (t) => {
    const colour = pick(["31", "32", "33", "1;31"]);
    const lvl = pick(["ERROR", "INFO", "WARN", "DEBUG"]);
    return `${rfc3339(t)} ${ESC}[${colour}m${lvl}${ESC}[0m ${pick(WORDS)} coloured ${pick(WORDS)}`;
  });

  add("logs/intl/unicode.log", { env: "diff", service: "intl" }, 60, (t) => `${rfc3339(t)} ${pick(UNICODE)} ${pick(WORDS)} ${pick(UNICODE)} n=${int(1, 99)}`);

  add("logs/bulk/long.log", { env: "diff", service: "bulk" }, 20, (t) => {
    const words = Array.from({ length: int(200, 1500) }, () => pick(WORDS)).join(" ");
    return `${rfc3339(t)} level=${pick(["info", "error"])} payload="${words}"`;
  });

  // Two streams sharing every timestamp, with exact duplicates in one of them.
  const tieTimes = Array.from({ length: 25 }, () => time(50));
  for (const name of ["a", "b"]) {
    const entries: { tsNs: bigint; line: string }[] = [];
    tieTimes.forEach((t, i) => {
      entries.push({ tsNs: t, line: `${rfc3339(t)} tie ${name} ${i} ${pick(["info", "error"])}` });
      if (i % 3 === 0) entries.push({ tsNs: t, line: `${rfc3339(t)} tie ${name} ${i} second` });
      if (name === "a" && i % 4 === 0) entries.push({ tsNs: t, line: `${rfc3339(t)} tie ${name} ${i} dup` }, { tsNs: t, line: `${rfc3339(t)} tie ${name} ${i} dup` });
    });
    files.push({ path: `ties/${name}.log`, labels: { env: "diff", group: "ties" }, entries: sortEntries(entries) });
  }

  // A level stream label, a service named by `app`, and a stream with no service source at all.
  add("levelled/queue.log", { env: "diff", level: "Warning", component: "queue" }, 30, (t) => `${rfc3339(t)} error? no: the label decides ${pick(WORDS)}`);
  add("apps/billing.log", { env: "diff", app: "billing" }, 30, (t) => `${rfc3339(t)} level=${pick(LEVEL_VALUES)} amount=${int(1, 500)}.${int(0, 99)} currency=${pick(["EUR", "USD"])}`);
  add("misc/orphan.log", { env: "diff" }, 20, (t) => `${rfc3339(t)} orphan line ${pick(WORDS)}`);
  // Keys written twice in one line: which value a parser keeps (Loki 3.4.6: the last, unless parser hints extract it once).
  add("dups/kv.log", { env: "diff", group: "dups" }, 20, (t, i) => `ts=${rfc3339(t)} x=${i % 3} y=a x=${pick(["1", "2", "9"])} X=3`);
  add("dups/doc.log", { env: "diff", group: "dups" }, 20, (t, i) => `{"ts":"${rfc3339(t)}","msg":"first ${i}","n":${i},"msg":"${pick(WORDS)}","n":${int(1, 9)}}`);

  // Empty values, and numbers in Go's other spellings (`1_000`, `0x1p4`; `0x10` does not convert).
  add("edge/doc.log", { env: "diff", group: "edge" }, 24, (t, i) => {
    const doc: Record<string, unknown> = { ts: rfc3339(t) };
    if (i % 3 === 0) doc.y = "";
    else if (i % 3 === 1) doc.y = pick(["a", "b"]);
    doc.v = int(1, 9);
    doc.n = pick(["1_000", "0x1p4", "0x10", "1_0.5", "7"]);
    return JSON.stringify(doc);
  });
  add("edge/kv.log", { env: "diff", group: "edge" }, 24, (t) => `ts=${rfc3339(t)} level=${pick(["warn", "info"])} msg=${pick(WORDS)} x=${int(1, 3)}`);

  // Keys named as Object.prototype's members (the last stream added: the ones before draw the same numbers as before).
  const NAMES = ["__proto__", "constructor", "toString", "valueOf", "hasOwnProperty"];
  add("names/doc.log", { env: "diff", group: "names" }, 20, (t, i) => `{"ts":"${rfc3339(t)}","${NAMES[i % 5]}":"${pick(["a", "b"])}","level":"${pick(["info", "error"])}"}`);
  add("names/kv.log", { env: "diff", group: "names" }, 15, (t, i) => `ts=${rfc3339(t)} ${NAMES[i % 3]}=${pick(["a", "b"])} level=${pick(["info", "warn"])}`);
  // Durations and byte sizes Go reads in its own ways: digits of other scripts, units trimmed and lowered as Go does,
  // sizes past 2^64, a unit named like Object.prototype's members (after the streams above: their draws stay the same).
  const DURS = ["1s", "1constructor", "\u0661\u0662", "1\u00fc", "99999999999999999999x", '1"s\\', "1s\t", "250ms", "1\u00b5s"];
  const SIZES = ["1KB", "5KB\u0085", "5KB\ufeff", "5K\u0130B", "18446744073709551615B", "\u0661\u0662KB", "1\u0661KB", "1,000KB", "1_0KB"];
  add("conv/doc.log", { env: "diff", group: "conv" }, 18, (t, i) => JSON.stringify({ ts: rfc3339(t), d: DURS[i % DURS.length], b: SIZES[i % SIZES.length] }));
  // JSON lines broken after their first members (cut off, a missing comma, a bad literal, an open array), keys with
  // spaces: `json a="b"` reads only the paths it finds (jsonparser's EachKey), and Loki trims keys at every level.
  const BROKEN = [
    (ts: string) => `{"ts":"${ts}","level":"error","msg":"cut off in the middle of a str`,
    (ts: string) => `{"ts":"${ts}","level":"warn" "msg":"no comma"}`,
    (ts: string) => `{"ts":"${ts}","level":"info","n":tru}`,
    (ts: string) => `{"ts":"${ts}","level":"debug","arr":[1,2`,
    (ts: string) => `{"ts":"${ts}"," level ":"info","x":{" y ":"4"},"q":["a\\tb","\\u00e9"]}`,
    (ts: string) => `{"ts":"${ts}","level":"error","user":{"name":"ann"`,
    // Escapes as jsonparser's Unescape reads them: a key's bad escape fails the line, a surrogate pair of any second half.
    (ts: string) => `{"ts":"${ts}","k\\x":"1","level":"warn"}`,
    (ts: string) => `{"ts":"${ts}","level":"info","a":"x\\ud800\\uffffy","\\ud800\\uffffk":"2","_entry":"packed \\u00e9"}`,
    (ts: string) => `{"ts":"${ts}","level":"info","_entry":"bad \\x escape","m":"1"}`,
  ];
  add("broken/doc.log", { env: "diff", group: "broken" }, 27, (t, i) => BROKEN[i % BROKEN.length]!(rfc3339(t)));
  // logfmt values with \u escapes JavaScript reads otherwise (a surrogate with no pair), raw tabs, a bad escape.
  const KV_ESC = [
    (ts: string) => `ts=${ts} a="\\ud800" b="\\ud83d\\ude00" c="\\u00e9\tx" level=info`,
    (ts: string) => `ts=${ts} a="\\udc00y" c="\\ud800\\u0041" d="\\x41" e=ok level=warn`,
  ];
  add("kvesc/kv.log", { env: "diff", group: "kvesc" }, 10, (t, i) => KV_ESC[i % KV_ESC.length]!(rfc3339(t)));
  // Keys named like the labels Loki sets itself (`__error__`, `__error_details__`, stream and ingestion labels), keys
  // that are no label name as written (non-ASCII letters, a leading digit, a space), in JSON and logfmt lines.
  const ODD = [
    (ts: string) => `{"ts":"${ts}","__error__":"x","msg":"a"}`,
    (ts: string) => `{"ts":"${ts}","__error_details__":"d","level":"info"}`,
    (ts: string) => `{"ts":"${ts}","ключ":"знач","msg":"b"}`,
    (ts: string) => `{"ts":"${ts}","service":"fromline","service_name":"sn","detected_level":"dl"}`,
    (ts: string) => `{"ts":"${ts}","a":{"__error__":"nested"},"1abc":"d1","a b":"sp"}`,
    (ts: string) => `ts=${ts} __error__=x msg=c`,
    (ts: string) => `ts=${ts} ключ=знач café=1 msg=d`,
    (ts: string) => `{"ts":"${ts}","filename":"f","env":"e","group":"g","__name__":"n"}`,
  ];
  add("odd/mixed.log", { env: "diff", group: "odd" }, 16, (t, i) => ODD[i % ODD.length]!(rfc3339(t)));
  // Numbers, durations and sizes at the edges of Go's readers: spaces, signs, Inf and NaN, exponents, other digits.
  const NUMS = [" 12 ", "1e3", "-0", "+5", "Inf", "NaN", "-inf", "0x1A", "1,5", "\uff11\uff12", ".5", "5.", "1e400", "-1e-400", "007"];
  const DURS2 = ["1h30m", ".5s", "5", "-1s", "1.5h", "1\u00b5s", "1us", "2d", "+3ms", "0", "1h-1m", " 1s", "1e3s", "9223372036854775807ns", "1.0000000001s"];
  const SIZES2 = ["1 KB", "1kb", "1.5GiB", "-1KB", "1e3B", "1 K", "0", "5", "1.5", "1KiB ", "10 mb", "1PB", "1EB", "1ZB", "b"];
  add("vals/kv.log", { env: "diff", group: "vals" }, 30, (t, i) => `ts=${rfc3339(t)} n="${NUMS[i % NUMS.length]}" d="${DURS2[i % DURS2.length]}" b="${SIZES2[(i * 7) % SIZES2.length]}" k=${i % 3}`);
  // Addresses for the ip() filters: every form Go's netip reads or refuses, next to ports, brackets, letters, other text.
  const NET = [
    "client=10.1.2.3 method=GET", "client=192.168.1.5:8080 upstream=10.0.0.1", "from 172.16.0.1 to 8.8.8.8", "client=010.1.2.3",
    "client=1.2.3.4.5", "client=256.1.1.1", "v6=2001:db8::1 ok", "v6=[2001:db8::ff]:443", "client=::ffff:10.0.0.7", "lo=::1 x",
    "fe80::1%eth0 link", "ver=1.2.3 build=4", "12.34.56.78abc", "a1.2.3.4", "é10.0.0.9é", "range 10.0.0.1-10.0.0.9",
    "full=2001:0db8:0000:0000:0000:0000:0000:0001", "deadbeef::1 cafe:babe", "client=:: none", "client=0.0.0.0", "bad=1::2::3",
    "list=1.1.1.1,2.2.2.2", "client=127.0.0.1", "user 10.0.0.255 logged in", "client=192.168.1.9", "client=192.168.1.10",
    "client=2001:db8:0:0:1:0:0:1%zone", "c=1:2:3:4:5:6:7:8", "c=1:2:3:4:5:6:1.2.3.4", "c=::1.2.3.4", "c=12345::1", "é::1",
  ];
  add("net/access.log", { env: "diff", group: "net" }, 64, (t, i) => `${rfc3339(t)} ${NET[i % NET.length]}`);
  // Packed lines (promtail's pack stage) for `| unpack`, which checks a key as written (`a.b`, `x-y`) for a stream label
  // of its name and for the hints, and sanitises it after: keys that need sanitising, one stream labelled `p_q` (a name
  // no other stream's key sanitises to: `{env="diff"} | json` would meet it labelled and not).
  const PACKED = [
    (ts: string, i: number) => `{"ts":"${ts}","x-y":"dash","c.d":"cd","_entry":"hello ${i}"}`,
    (ts: string, i: number) => `{"ts":"${ts}","x-y":"1","x_y":"2","k":"outer","_entry":${JSON.stringify(JSON.stringify({ "x-y": "inner", k: "inner", _entry: `deep ${i}` }))}}`,
    (ts: string, i: number) => `{"ts":"${ts}","x_y":"2","x-y":"1","_entry":"plain ${i}"}`,
  ];
  add("packed/doc.log", { env: "diff", group: "packed" }, 12, (t, i) => PACKED[i % PACKED.length]!(rfc3339(t), i));
  const PACKED_AB = [
    (ts: string, i: number) => `{"ts":"${ts}","p.q":"dotted","_entry":"hello ${i}"}`,
    (ts: string, i: number) => `{"ts":"${ts}","p-q":"d${i % 2}","_entry":"dashed ${i}"}`,
    (ts: string, i: number) => `{"ts":"${ts}","p_q":"plain","p.q":"dot","_entry":"both ${i}"}`,
  ];
  add("packedab/doc.log", { env: "diff", group: "packedab", p_q: "s" }, 12, (t, i) => PACKED_AB[i % PACKED_AB.length]!(rfc3339(t), i));

  const globs: Record<string, Record<string, string>> = {
    "logs/{service}/*.log": { env: "diff" },
    "ties/*.log": { env: "diff", group: "ties" },
    "levelled/*.log": { env: "diff", level: "Warning", component: "queue" },
    "apps/*.log": { env: "diff", app: "billing" },
    "misc/*.log": { env: "diff" },
    "dups/*.log": { env: "diff", group: "dups" },
    "edge/*.log": { env: "diff", group: "edge" },
    "names/*.log": { env: "diff", group: "names" },
    "conv/*.log": { env: "diff", group: "conv" },
    "broken/*.log": { env: "diff", group: "broken" },
    "kvesc/*.log": { env: "diff", group: "kvesc" },
    "odd/*.log": { env: "diff", group: "odd" },
    "vals/*.log": { env: "diff", group: "vals" },
    "net/*.log": { env: "diff", group: "net" },
    "packed/*.log": { env: "diff", group: "packed" },
    "packedab/*.log": { env: "diff", group: "packedab", p_q: "s" },
  };
  let first = Infinity;
  let last = -Infinity;
  for (const f of files)
    for (const e of f.entries) {
      const ms = Number(e.tsNs / 1_000_000n);
      first = Math.min(first, ms);
      last = Math.max(last, ms);
    }
  return { files, globs, firstMs: first, lastMs: last };
}

/** Writes the corpus's files under dir. */
export async function writeCorpus(corpus: Corpus, dir: string): Promise<void> {
  for (const f of corpus.files) {
    await mkdir(dirname(join(dir, f.path)), { recursive: true });
    await writeFile(join(dir, f.path), f.entries.map((e) => e.line).join("\n") + "\n");
  }
}

/** The same lines as Loki push streams, labelled as the engine labels the files (`filename` included). */
export function pushStreams(corpus: Corpus): PushStream[] {
  return corpus.files.map((f) => ({ labels: { ...f.labels, filename: f.path }, entries: f.entries.map((e) => ({ tsNs: e.tsNs, line: e.line })) }));
}
