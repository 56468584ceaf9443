// Writes a unified-logging tree (raw, summary, training, tagged; aged with utimes) for scenarios/unified-logging.yaml; --break RULE breaks one rule.
import { mkdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { deflateRawSync, gzipSync } from "node:zlib";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Every rule the scenario checks, and how --break breaks it. */
export const BREAKS = {
  "raw-invalid-json": "a raw log line that is not JSON",
  "raw-missing-field": "a raw log line without event_type",
  "raw-null-field": "a raw log line whose timestamp is null",
  "raw-corrupt-gzip": "a compressed raw log that is not valid gzip",
  "raw-uncompressed-old": "a raw log older than 1 day left uncompressed",
  "raw-deleted-not-gzipped": "raw logs older than 1 day deleted instead of gzip-compressed",
  "raw-expired": "a raw log older than 7 days not deleted",
  "raw-bad-name": "a raw log whose name has no date stamp",
  "raw-rotated-uncompressed": "a raw log older than 1 day rotated logrotate-style (.jsonl.1) and left uncompressed",
  "raw-hidden-expired": "raw logs older than 7 days kept hidden (.api_….jsonl.gz, .old/api_….jsonl.gz)",
  "raw-hidden-uncompressed-old": "a hidden raw log older than 1 day left uncompressed (.api_….jsonl)",
  "raw-uncompressed-in-gz-folder": "a raw log older than 1 day left uncompressed in a folder named like a compressed file (api.gz/)",
  "raw-uncompressed-in-jsonl-gz-folder": "a raw log older than 1 day left uncompressed in a folder named like a compressed log (.api.jsonl.gz/)",
  "raw-stray-file": "a summary CSV among the raw logs",
  "error-wrong-level": "an error_*.jsonl file holding an info line",
  "summary-missing-column": "a summary CSV whose header lacks the errors column",
  "summary-ragged-row": "a summary CSV row with a missing field",
  "summary-uncompressed-old": "a summary CSV older than 7 days left uncompressed",
  "summary-hidden-uncompressed-old": "a hidden summary CSV older than 7 days left uncompressed (.summary_….csv)",
  "summary-deleted-not-gzipped": "summary CSVs older than 7 days deleted instead of gzip-compressed",
  "summary-header-only": "a summary CSV of its header row alone (no day summarised)",
  "summary-stray-file": "a raw log among the summaries",
  "training-bad-npz": "an .npz whose member is not a .npy array",
  "training-empty-npz": "an .npz with no arrays",
  "training-empty-arrays": "an .npz whose loss and step arrays hold no element",
  "training-truncated-pkl": "a .pkl cut short (no STOP opcode)",
  "training-stray-file": "a raw log among the training files",
  "tagged-empty-tags": "a tagged log line with an empty tags list",
  "tagged-blank-tag": "a tagged log line whose tags list holds an empty tag (\"\")",
  "tagged-deleted": "a tagged log listed in the manifest but deleted",
  "tagged-emptied": "a tagged log listed in the manifest but emptied",
  "tagged-blanked": "a tagged log listed in the manifest but emptied as `echo > file` does (one blank line)",
} as const;
export type Break = keyof typeof BREAKS;

export interface GenOptions {
  now?: Date;
  breaks?: readonly Break[];
}

export interface GenResult {
  /** Every file written, relative to the tree's root. */
  files: string[];
  /**
   * For each break applied, the file (relative to root) a failing check must name; for a break that deletes files, the
   * pattern that then matches none.
   */
  broken: Partial<Record<Break, string>>;
}

// ---- npz and pickle writers (just enough of each format to write valid files) ----

export interface NpyArray {
  descr: string;
  shape: number[];
  data: Buffer;
}

/** An NPY v1.0 array: magic, version, header dict padded to a multiple of 64 bytes, then the raw data. */
export function npy(a: NpyArray): Buffer {
  const shape = a.shape.length === 1 ? `(${a.shape[0]},)` : `(${a.shape.join(", ")})`;
  let header = `{'descr': '${a.descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  const total = 10 + header.length + 1;
  header += " ".repeat((64 - (total % 64)) % 64) + "\n";
  const pre = Buffer.alloc(10);
  pre.write("\x93NUMPY", 0, "latin1");
  pre[6] = 1;
  pre[7] = 0;
  pre.writeUInt16LE(header.length, 8);
  return Buffer.concat([pre, Buffer.from(header, "latin1"), a.data]);
}

export function float64s(values: number[]): NpyArray {
  const data = Buffer.alloc(values.length * 8);
  values.forEach((v, i) => data.writeDoubleLE(v, i * 8));
  return { descr: "<f8", shape: [values.length], data };
}

export function int32s(values: number[]): NpyArray {
  const data = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => data.writeInt32LE(v, i * 4));
  return { descr: "<i4", shape: [values.length], data };
}

/** A zip archive of the given members (stored, or deflated when compress is true), as numpy's savez writes. */
export function zip(members: Record<string, Buffer>, compress = false): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(members)) {
    const nameBuf = Buffer.from(name, "utf8");
    // Flag bit 11: the name is UTF-8. Python's zipfile sets it for a non-ASCII name, and reads a name without it as CP437.
    const flags = /^[\x00-\x7f]*$/.test(name) ? 0 : 0x800;
    const body = compress ? deflateRawSync(content) : content;
    const crc = Bun.hash.crc32(content);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(compress ? 8 : 0, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(content.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(compress ? 8 : 0, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(content.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, body);
    centrals.push(central, nameBuf);
    offset += 30 + nameBuf.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(members).length, 8);
  end.writeUInt16LE(Object.keys(members).length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** An .npz: a zip of NAME.npy members. */
export function npz(arrays: Record<string, NpyArray>, compress = false): Buffer {
  return zip(Object.fromEntries(Object.entries(arrays).map(([k, v]) => [`${k}.npy`, npy(v)])), compress);
}

type Picklable = null | boolean | number | string | Picklable[] | { [k: string]: Picklable };

function pickleOps(v: Picklable, out: Buffer[]): void {
  if (v === null) out.push(Buffer.from("N"));
  else if (v === true || v === false) out.push(Buffer.from([v ? 0x88 : 0x89]));
  else if (typeof v === "number") {
    if (Number.isInteger(v) && Math.abs(v) < 2 ** 31) {
      const b = Buffer.alloc(5);
      b.write("J");
      b.writeInt32LE(v, 1);
      out.push(b);
    } else {
      const b = Buffer.alloc(9);
      b.write("G");
      b.writeDoubleBE(v, 1);
      out.push(b);
    }
  } else if (typeof v === "string") {
    const s = Buffer.from(v, "utf8");
    if (s.length < 256) out.push(Buffer.from([0x8c, s.length]), s);
    else {
      const b = Buffer.alloc(5);
      b.write("X");
      b.writeUInt32LE(s.length, 1);
      out.push(b, s);
    }
  } else if (Array.isArray(v)) {
    out.push(Buffer.from("]"));
    if (v.length) {
      out.push(Buffer.from("("));
      for (const item of v) pickleOps(item, out);
      out.push(Buffer.from("e"));
    }
  } else {
    out.push(Buffer.from("}"));
    const entries = Object.entries(v);
    if (entries.length) {
      out.push(Buffer.from("("));
      for (const [k, item] of entries) {
        pickleOps(k, out);
        pickleOps(item, out);
      }
      out.push(Buffer.from("u"));
    }
  }
}

/** A protocol-4 pickle (PROTO, one FRAME, the value's opcodes, STOP), as Python writes for small objects. */
export function pickle(value: Picklable): Buffer {
  const ops: Buffer[] = [];
  pickleOps(value, ops);
  const payload = Buffer.concat([...ops, Buffer.from(".")]);
  const head = Buffer.alloc(11);
  head[0] = 0x80;
  head[1] = 4;
  head[2] = 0x95;
  head.writeBigUInt64LE(BigInt(payload.length), 3);
  return Buffer.concat([head, payload]);
}

// ---- the tree ----

const stamp = (t: number) => new Date(t).toISOString().slice(0, 10).replaceAll("-", "");

function rawLines(component: string, t: number, n: number, levels: readonly string[]): string[] {
  return Array.from({ length: n }, (_, i) => {
    const level = levels[i % levels.length]!;
    return JSON.stringify({
      timestamp: new Date(t - (n - i) * 1000).toISOString(),
      level,
      component,
      event_type: level === "error" || level === "critical" ? "failure" : "request",
      message: `${component} handled request ${i} in ${(i * 37) % 500}ms`,
    });
  });
}

const SUMMARY_COLUMNS = ["date", "component", "events", "errors", "warnings", "p50_ms", "p95_ms"];

function summaryCsv(t: number, columns = SUMMARY_COLUMNS): string {
  const rows = ["api", "worker", "trainer"].map((c, i) => {
    const all: Record<string, string> = { date: new Date(t).toISOString().slice(0, 10), component: c, events: String(1000 + i), errors: String(i), warnings: String(i * 2), p50_ms: "12.5", p95_ms: '"98.1"' };
    return columns.map((k) => all[k]).join(",");
  });
  return `${columns.join(",")}\n${rows.join("\n")}\n`;
}

/** Writes the tree under dir/logs (replacing an earlier one) and ages each file with utimes. */
export function generateUnifiedLogs(dir: string, opts: GenOptions = {}): GenResult {
  const now = (opts.now ?? new Date()).getTime();
  const breaks = new Set(opts.breaks ?? []);
  const files: string[] = [];
  const broken: Partial<Record<Break, string>> = {};
  rmSync(join(dir, "logs"), { recursive: true, force: true });

  const write = (rel: string, content: string | Buffer, ageMs: number, gz = false) => {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, gz ? gzipSync(content) : content);
    const t = new Date(now - ageMs);
    utimesSync(path, t, t);
    files.push(rel);
    return rel;
  };
  const mark = (b: Break, rel: string) => (broken[b] = rel);

  // raw: today's logs plain; older than a day gzip-compressed; older than 7 days gone.
  for (const [component, levels] of [["api", ["info", "debug", "info", "warning"]], ["worker", ["info", "info", "debug"]]] as const) {
    for (const [age, gz] of [[HOUR / 2, false], [30 * HOUR, true], [5 * DAY, true]] as const) {
      const t = now - age;
      let lines = rawLines(component, t, 40, levels);
      const rel = `logs/raw/${component}/${component}_${stamp(t)}.jsonl${gz ? ".gz" : ""}`;
      if (component === "api" && !gz && breaks.has("raw-invalid-json")) {
        lines.splice(17, 0, `${lines[17]!.slice(0, 60)} <-- cut by a crash`);
        mark("raw-invalid-json", rel);
      }
      if (component === "worker" && !gz && breaks.has("raw-missing-field")) {
        lines = lines.map((l, i) => (i === 5 ? l.replace(/"event_type":"\w+",/, "") : l));
        mark("raw-missing-field", rel);
      }
      if (component === "api" && age === 30 * HOUR && breaks.has("raw-null-field")) {
        lines = lines.map((l, i) => (i === 7 ? l.replace(/"timestamp":"[^"]*"/, '"timestamp":null') : l));
        mark("raw-null-field", rel);
      }
      if (gz && breaks.has("raw-deleted-not-gzipped")) {
        mark("raw-deleted-not-gzipped", "logs/raw/**/*.jsonl.gz");
        continue;
      }
      if (component === "worker" && age === 5 * DAY && breaks.has("raw-corrupt-gzip")) {
        write(rel, "this was never gzip\n", age);
        mark("raw-corrupt-gzip", rel);
        continue;
      }
      write(rel, `${lines.join("\n")}\n`, age, gz);
    }
  }
  const errT = now - 2 * HOUR;
  const errLines = rawLines("api", errT, 6, ["error", "critical"]);
  if (breaks.has("error-wrong-level")) errLines.push(rawLines("api", errT, 1, ["info"])[0]!);
  const errRel = write(`logs/raw/api/error_${stamp(errT)}.jsonl`, `${errLines.join("\n")}\n`, 2 * HOUR);
  if (breaks.has("error-wrong-level")) mark("error-wrong-level", errRel);
  if (!breaks.has("raw-deleted-not-gzipped")) write(`logs/raw/worker/error_${stamp(now - 3 * DAY)}.jsonl.gz`, `${rawLines("worker", now - 3 * DAY, 3, ["error"]).join("\n")}\n`, 3 * DAY, true);
  if (breaks.has("raw-uncompressed-old")) {
    const t = now - 2 * DAY;
    mark("raw-uncompressed-old", write(`logs/raw/worker/worker_${stamp(t)}.jsonl`, `${rawLines("worker", t, 10, ["info"]).join("\n")}\n`, 2 * DAY));
  }
  if (breaks.has("raw-expired")) {
    const t = now - 9 * DAY;
    mark("raw-expired", write(`logs/raw/api/api_${stamp(t)}.jsonl.gz`, `${rawLines("api", t, 10, ["info"]).join("\n")}\n`, 9 * DAY, true));
  }
  if (breaks.has("raw-bad-name")) mark("raw-bad-name", write("logs/raw/api/api_latest.jsonl", `${rawLines("api", now, 3, ["info"]).join("\n")}\n`, HOUR));
  if (breaks.has("raw-rotated-uncompressed")) {
    const t = now - 2 * DAY;
    mark("raw-rotated-uncompressed", write(`logs/raw/api/api_${stamp(t)}.jsonl.1`, `${rawLines("api", t, 10, ["info"]).join("\n")}\n`, 2 * DAY));
  }
  if (breaks.has("raw-hidden-expired")) {
    const t = now - 9 * DAY;
    write(`logs/raw/api/.api_${stamp(t)}.jsonl.gz`, `${rawLines("api", t, 10, ["info"]).join("\n")}\n`, 9 * DAY, true);
    mark("raw-hidden-expired", write(`logs/raw/api/.old/api_${stamp(t)}.jsonl.gz`, `${rawLines("api", t, 10, ["info"]).join("\n")}\n`, 9 * DAY, true));
  }
  if (breaks.has("raw-hidden-uncompressed-old")) {
    const t = now - 3 * DAY;
    mark("raw-hidden-uncompressed-old", write(`logs/raw/api/.api_${stamp(t)}.jsonl`, `${rawLines("api", t, 10, ["info"]).join("\n")}\n`, 3 * DAY));
  }
  if (breaks.has("raw-uncompressed-in-gz-folder")) {
    const t = now - 3 * DAY;
    mark("raw-uncompressed-in-gz-folder", write(`logs/raw/api.gz/api_${stamp(t)}.jsonl`, `${rawLines("api", t, 10, ["info"]).join("\n")}\n`, 3 * DAY));
  }
  if (breaks.has("raw-uncompressed-in-jsonl-gz-folder")) {
    const t = now - 3 * DAY;
    mark("raw-uncompressed-in-jsonl-gz-folder", write(`logs/raw/.api.jsonl.gz/.api_${stamp(t)}.jsonl`, `${rawLines("api", t, 10, ["info"]).join("\n")}\n`, 3 * DAY));
  }
  if (breaks.has("raw-stray-file")) mark("raw-stray-file", write(`logs/raw/api/summary_${stamp(now)}.csv`, summaryCsv(now), HOUR));

  // summary: daily CSVs; older than 7 days gzip-compressed.
  for (const [age, gz] of [[2 * HOUR, false], [3 * DAY, false], [10 * DAY, true], [20 * DAY, true]] as const) {
    const t = now - age;
    let rel = `logs/summary/summary_${stamp(t)}.csv${gz ? ".gz" : ""}`;
    let content = summaryCsv(t);
    if (age === 2 * HOUR && breaks.has("summary-missing-column")) {
      content = summaryCsv(t, SUMMARY_COLUMNS.filter((c) => c !== "errors"));
      mark("summary-missing-column", rel);
    }
    if (age === 3 * DAY && breaks.has("summary-ragged-row")) {
      content = content.replace(/\n([^\n]*),[^,\n]*\n$/, "\n$1\n");
      mark("summary-ragged-row", rel);
    }
    if (age === 3 * DAY && breaks.has("summary-header-only")) {
      content = content.slice(0, content.indexOf("\n") + 1);
      mark("summary-header-only", rel);
    }
    if (gz && breaks.has("summary-deleted-not-gzipped")) {
      mark("summary-deleted-not-gzipped", "logs/summary/*.csv.gz");
      continue;
    }
    const uncompressed = age === 10 * DAY && breaks.has("summary-uncompressed-old");
    if (uncompressed) rel = mark("summary-uncompressed-old", rel.slice(0, -3));
    write(rel, content, age, gz && !uncompressed);
  }

  if (breaks.has("summary-hidden-uncompressed-old")) mark("summary-hidden-uncompressed-old", write(`logs/summary/.summary_${stamp(now - 10 * DAY)}.csv`, summaryCsv(now - 10 * DAY), 10 * DAY));
  if (breaks.has("summary-stray-file")) mark("summary-stray-file", write(`logs/summary/api_${stamp(now)}.jsonl`, `${rawLines("api", now, 3, ["info"]).join("\n")}\n`, HOUR));

  // training: metrics as .npz (one stored, one deflated, as savez / savez_compressed write) and state as .pkl.
  const metrics = (seed: number) => ({ loss: float64s([2.5, 1.25, 0.8, 0.5].map((v) => v + seed / 10)), step: int32s([100, 200, 300, 400]) });
  for (const [run, age] of [["run1", 3 * DAY], ["run2", 4 * HOUR]] as const) {
    let rel = `logs/training/${run}_metrics.npz`;
    let content = npz(metrics(run === "run1" ? 1 : 2), run === "run2");
    if (run === "run1" && breaks.has("training-bad-npz")) {
      content = zip({ "loss.npy": npy(metrics(1).loss), "notes.txt": Buffer.from("not an array\n") });
      mark("training-bad-npz", rel);
    }
    if (run === "run1" && breaks.has("training-empty-arrays")) {
      content = npz({ loss: float64s([]), step: int32s([]) });
      mark("training-empty-arrays", rel);
    }
    if (run === "run2" && breaks.has("training-empty-npz")) {
      content = zip({});
      mark("training-empty-npz", rel);
    }
    write(rel, content, age);
    rel = `logs/training/${run}_state.pkl`;
    let state = pickle({ run, epoch: 4, lr: 0.0003, history: [2.5, 1.25, 0.8], done: true });
    if (run === "run2" && breaks.has("training-truncated-pkl")) {
      state = state.subarray(0, state.length - 9);
      mark("training-truncated-pkl", rel);
    }
    write(rel, state, age);
  }
  if (breaks.has("training-stray-file")) mark("training-stray-file", write(`logs/training/api_${stamp(now)}.jsonl`, `${rawLines("api", now, 3, ["info"]).join("\n")}\n`, HOUR));

  // tagged: never deleted, whatever their age; MANIFEST lists every tagged file ever written.
  const tagged: string[] = [];
  [40 * DAY, 20 * DAY, 9 * DAY, 3 * DAY, DAY, HOUR].forEach((age, i) => {
    const t = now - age;
    const name = `tagged_${String(i + 1).padStart(4, "0")}.jsonl`;
    const lines = Array.from({ length: 5 }, (_, j) =>
      JSON.stringify({ timestamp: new Date(t - (5 - j) * 1000).toISOString(), message: `example ${j} of batch ${i + 1}`, tags: j % 2 ? ["latency", "api"] : ["quality"] }),
    );
    if (i === 3 && breaks.has("tagged-empty-tags")) {
      lines[2] = JSON.stringify({ timestamp: new Date(t).toISOString(), message: "untagged example", tags: [] });
      mark("tagged-empty-tags", `logs/tagged/${name}`);
    }
    if (i === 4 && breaks.has("tagged-blank-tag")) {
      lines[1] = JSON.stringify({ timestamp: new Date(t).toISOString(), message: "example tagged with nothing", tags: [""] });
      mark("tagged-blank-tag", `logs/tagged/${name}`);
    }
    tagged.push(name);
    if (i === 1 && breaks.has("tagged-deleted")) {
      mark("tagged-deleted", `logs/tagged/${name}`);
      return;
    }
    if (i === 2 && breaks.has("tagged-emptied")) {
      mark("tagged-emptied", write(`logs/tagged/${name}`, "", age));
      return;
    }
    if (i === 2 && breaks.has("tagged-blanked")) {
      mark("tagged-blanked", write(`logs/tagged/${name}`, "\n", age));
      return;
    }
    write(`logs/tagged/${name}`, `${lines.join("\n")}\n`, age);
  });
  write("logs/tagged/MANIFEST", `# every tagged file ever written, one per line\n${tagged.join("\n")}\n`, HOUR);
  return { files, broken };
}

// ---- CLI ----

/** The rule column's width: the longest rule's name, so each description stays apart from its name. */
const RULE_WIDTH = Math.max(...Object.keys(BREAKS).map((k) => k.length));
const USAGE = `usage: bun scripts/gen-unified-logs.ts DIR [--break RULE]... [--list]
Writes DIR/logs/{raw,summary,training,tagged} for scenarios/unified-logging.yaml (replacing DIR/logs).
Run the scenario on it with: bun bin/scenario.ts scenarios/unified-logging.yaml --var LOGS_ROOT=DIR
Rules --break can break (repeatable):
${Object.entries(BREAKS).map(([k, v]) => `  ${k.padEnd(RULE_WIDTH)}  ${v}`).join("\n")}`;

export function main(argv: readonly string[]): number {
  const breaks: Break[] = [];
  let dir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--list" || a === "--help" || a === "-h") {
      console.log(USAGE);
      return 0;
    }
    if (a === "--break") {
      const rule = argv[++i];
      if (!rule || !(rule in BREAKS)) {
        console.error(`unknown rule ${JSON.stringify(rule ?? "")}: one of ${Object.keys(BREAKS).join(", ")}`);
        return 2;
      }
      breaks.push(rule as Break);
    } else if (a.startsWith("-")) {
      console.error(`unknown option ${a}\n${USAGE}`);
      return 2;
    } else dir = a;
  }
  if (!dir) {
    console.error(USAGE);
    return 2;
  }
  const { files, broken } = generateUnifiedLogs(resolve(dir), { breaks });
  console.log(`wrote ${files.length} files under ${resolve(dir, "logs")}`);
  for (const [rule, file] of Object.entries(broken)) console.log(`broke ${rule}: ${file}`);
  return 0;
}

if (import.meta.main) process.exitCode = main(process.argv.slice(2));
