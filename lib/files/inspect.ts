// Works out what each matched file must be read for (a Plan), then stats and streams every file once to gather FileFacts.
import { stat } from "node:fs/promises";
import type { MatchedFile } from "./collect.ts";
import type { EachExpect, FilesExpect, Format } from "./schema.ts";
import type { Hit } from "./byte-probes.ts";
import { type ContentResult, type ContentSpec, type RegexCount, runContentProbes } from "./content-probes.ts";
import { probeContent } from "./split-scan.ts";
import { JsonlProbe } from "./jsonl.ts";
import { JsonDocProbe } from "./json-doc.ts";
import { CsvProbe } from "./csv.ts";
import { checkNpz } from "./npz.ts";
import { checkPkl } from "./pkl.ts";
import { fieldRules, type FieldRule } from "./fields.ts";
import { ProblemLog } from "./format-probe.ts";
import { probeFile } from "./scan.ts";
import { compressionOfFile, CompressedFileError, isGzipPath } from "../util/read-chunks.ts";

/** Whether the file's first bytes are gzip's (false when it cannot be opened): for what a read failure is called. */
function gzipBytes(path: string): boolean {
  try {
    return compressionOfFile(path) === "gzip";
  } catch {
    return false;
  }
}

/** One format check (the top level and `each` may name different ones). */
export interface FormatSpec {
  key: string;
  format: Format;
  rules: FieldRule[];
  columns: string[];
}

export interface Plan {
  stat: boolean;
  lines: boolean;
  literals: string[];
  /** Literals wanted only by top-level `contains`: once one file has it, the others need not be searched. */
  anyFileLiterals: Set<string>;
  regexes: string[];
  formats: FormatSpec[];
}

export interface FileFacts {
  file: MatchedFile;
  size?: number;
  mtimeMs?: number;
  lines?: number;
  /** Bytes read (decompressed) while streaming the file. */
  bytesRead: number;
  /** literal → where it was first found (null: not in this file; absent: not searched). */
  literal: Map<string, Hit | null>;
  regex: Map<string, RegexCount>;
  format: Map<string, ProblemLog>;
  /** Set when the file could not be read (vanished, permission, corrupt gzip). */
  readError?: string;
}

export function formatSpec(keys: EachExpect): FormatSpec | undefined {
  if (!keys.format) return undefined;
  const rules = fieldRules(keys.required_fields);
  const columns = keys.columns ?? [];
  return { key: JSON.stringify([keys.format, keys.required_fields ?? null, columns]), format: keys.format, rules, columns };
}

export function makePlan(expect: FilesExpect): Plan {
  const each: EachExpect = expect.each ?? {};
  const both = [expect, each];
  const literals = new Set<string>();
  const regexes = new Set<string>();
  for (const keys of both) {
    for (const item of [...(keys.contains ?? []), ...(keys.not_contains ?? [])]) {
      if (typeof item === "string") literals.add(item);
      else regexes.add(item.matches);
    }
  }
  const elsewhere = new Set<string>();
  for (const item of [...(each.contains ?? []), ...(expect.not_contains ?? []), ...(each.not_contains ?? [])]) if (typeof item === "string") elsewhere.add(item);
  const formats = new Map<string, FormatSpec>();
  for (const keys of both) {
    const spec = formatSpec(keys);
    if (spec) formats.set(spec.key, spec);
  }
  return {
    stat: both.some((k) => k.fresh !== undefined || k.max_age !== undefined || k.min_age !== undefined || k.size !== undefined),
    lines: both.some((k) => k.lines !== undefined),
    literals: [...literals],
    anyFileLiterals: new Set([...literals].filter((l) => !elsewhere.has(l))),
    regexes: [...regexes],
    formats: [...formats.values()],
  };
}

function reason(e: unknown, path: string): string {
  const err = e as { code?: string; message?: string };
  if (err.code === "ENOENT") return "the file disappeared while being checked";
  if (err.code === "EACCES" || err.code === "EPERM") return "permission denied";
  const message = err.message ?? String(e);
  if (e instanceof CompressedFileError || err.code?.startsWith("E")) return message;
  // Read as gzip by its name, or by its first bytes (a rotated log compressed without the .gz name).
  return isGzipPath(path) || gzipBytes(path) ? `not a valid gzip file (${message})` : message;
}

/** Shared by files that need no map of a kind; never written to. */
const NOTHING = new Map<string, never>();

/** Stats and reads one file for everything the plan needs; `skip` holds literals already found in another file. */
export async function inspectFile(file: MatchedFile, plan: Plan, skip: ReadonlySet<string>, signal?: AbortSignal): Promise<FileFacts> {
  const facts: FileFacts = {
    file,
    bytesRead: 0,
    literal: plan.literals.length ? new Map() : NOTHING,
    regex: plan.regexes.length ? new Map() : NOTHING,
    format: plan.formats.length ? new Map() : NOTHING,
  };
  try {
    if (plan.stat) {
      const st = file.stat ?? (await stat(file.abs));
      facts.size = st.size;
      facts.mtimeMs = st.mtimeMs;
    }
    const wanted = plan.literals.filter((l) => !skip.has(l));
    const spec: ContentSpec = { lines: plan.lines, literals: wanted, regexes: plan.regexes };
    const streamedFormats = plan.formats.filter((f) => f.format === "jsonl" || f.format === "csv" || f.format === "json");
    let scanned: { result: ContentResult; bytes: number } | undefined;
    if (streamedFormats.length) {
      // Format checks read the file in order: everything goes in one pass on this thread.
      const streamed: [string, { problems: ProblemLog }][] = [];
      const formatOf = (key: string) => streamedFormats.find((f) => f.key === key)!.format;
      let gzipBytes = false;
      scanned = await runContentProbes(spec, (probes) => {
        for (const f of streamedFormats) {
          if (f.format === "jsonl") streamed.push([f.key, pushed(probes.text, new JsonlProbe(f.rules))]);
          else if (f.format === "csv") streamed.push([f.key, pushed(probes.text, new CsvProbe(f.columns, f.rules))]);
          else streamed.push([f.key, pushed(probes.bytes, new JsonDocProbe(f.rules))]);
        }
        return probeFile(file.abs, probes, signal, () => (gzipBytes = true));
      });
      for (const [key, probe] of streamed) facts.format.set(key, gzipBytes ? misnamedGzip(formatOf(key)) : probe.problems);
    } else if (spec.lines || spec.literals.length || spec.regexes.length) {
      scanned = await probeContent(file.abs, spec, signal);
    }
    if (scanned) {
      const { result } = scanned;
      facts.bytesRead = scanned.bytes;
      facts.lines = result.lines;
      wanted.forEach((l, i) => facts.literal.set(l, result.literals[i]!));
      plan.regexes.forEach((r, i) => facts.regex.set(r, result.regexes[i]!));
    }
    for (const spec of plan.formats) {
      if (spec.format === "npz") facts.format.set(spec.key, (await checkNpz(file.abs, spec.rules.map((r) => r.name), signal)).problems);
      else if (spec.format === "pkl") facts.format.set(spec.key, await checkPkl(file.abs, signal));
    }
  } catch (e) {
    if (signal?.aborted) throw e;
    facts.readError = reason(e, file.abs);
  }
  return facts;
}

/**
 * A format check's verdict on a file whose bytes are gzip though its name does not end in .gz: content checks read it
 * decompressed (as zgrep does), but a reader going by its name (json.loads of its lines, csv, a log shipper) gets
 * compressed bytes, so it is not well-formed as named. Read decompressed, it passed `format: jsonl`.
 */
function misnamedGzip(format: Format): ProblemLog {
  const what = format === "csv" ? "CSV" : format === "json" ? "a JSON document" : "JSON lines";
  const log = new ProblemLog();
  log.add({ message: `its bytes are gzip but its name does not end in .gz: read by its name it holds no ${what} (name it .gz to have it checked decompressed)` });
  return log;
}

function pushed<P, T extends P>(list: P[], probe: T): T {
  list.push(probe);
  return probe;
}

/** True when the plan needs the files' contents (not only their names or metadata). */
export function readsContent(plan: Plan): boolean {
  return plan.lines || plan.literals.length > 0 || plan.regexes.length > 0 || plan.formats.length > 0;
}

/** Inspects every file, a few at a time (many when only stat is needed), keeping the files' order. */
export async function inspectAll(files: readonly MatchedFile[], plan: Plan, signal?: AbortSignal): Promise<FileFacts[]> {
  const content = readsContent(plan);
  if (!content && !plan.stat) return files.map((file) => ({ file, bytesRead: 0, literal: NOTHING, regex: NOTHING, format: NOTHING }));
  const concurrency = content ? 4 : 64;
  const out: FileFacts[] = new Array(files.length);
  const found = new Set<string>();
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const i = next++;
      const facts = await inspectFile(files[i]!, plan, found, signal);
      for (const [lit, hit] of facts.literal) if (hit && plan.anyFileLiterals.has(lit)) found.add(lit);
      out[i] = facts;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
  return out;
}
