// A files step's content scan split across threads gives the same answer as one pass, at awkward range boundaries too.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { lineRanges } from "../util/line-ranges.ts";
import { idleWorkers, setWorkerBudget, WORKER_BUDGET } from "../util/worker-threads.ts";
import type { ContentSpec } from "./content-probes.ts";
import { probeContent } from "./split-scan.ts";

const HELPERS = 3;
let dir = "";

/** Lines with matches everywhere (more than the sample limit), a line far longer than a range, CRLF, no final newline. */
function mixed(): string {
  const lines: string[] = [];
  for (let i = 0; i < 40_000; i++) lines.push(`${i % 9 === 0 ? "ERROR" : "info"} request ${i} took ${(i * 7919) % 1000}ms "level":"${i % 5 ? "info" : "error"}" ${"é".repeat(i % 5)}`);
  lines[20_000] = `huge ${"y".repeat(2_000_000)} ERROR "level":"error" took 412ms`;
  return lines.join(lines.length % 2 ? "\n" : "\r\n").replace(/\r\n(?=[^\r]*$)/, "\n") + "\nlast line took 499ms, no newline ERROR";
}

const files: Record<string, string> = {
  mixed: mixed(),
  "one-long-line": `start ${"x".repeat(3_000_000)} ERROR took 400ms end\n`,
  crlf: Array.from({ length: 30_000 }, (_, i) => `row ${i} ${i % 1000 === 999 ? "ERROR took 450ms" : "fine"}`).join("\r\n") + "\r\n",
  "needle-only-at-the-end": "filler line\n".repeat(200_000) + "the ERROR took 401ms",
  tiny: "ERROR\n",
  "two-bytes": "ab",
  empty: "",
};

const specs: Record<string, ContentSpec> = {
  everything: { lines: true, literals: ["ERROR", "absent", "took 4"], regexes: ['"level":"error"', "took 4[0-9]{2}ms", "ERROR$", "nowhere"] },
  "literal only": { lines: false, literals: ["ERROR"], regexes: [] },
  "lines only": { lines: true, literals: [], regexes: [] },
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "split-scan-"));
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  setWorkerBudget(HELPERS);
});
afterAll(async () => {
  setWorkerBudget(WORKER_BUDGET);
  await rm(dir, { recursive: true, force: true });
});

describe("probeContent split across threads", () => {
  for (const name of Object.keys(files)) {
    for (const [specName, spec] of Object.entries(specs)) {
      test(`${name}, ${specName}: the same result as one pass`, async () => {
        const path = join(dir, name);
        const one = await probeContent(path, spec, undefined, { workers: 0 });
        const split = await probeContent(path, spec, undefined, { minBytes: 0 });
        expect(split.result).toEqual(one.result);
        // Bytes read may differ only when every literal is found, so the scans can stop at different points.
        const full = spec.lines || spec.regexes.length > 0 || one.result.literals.includes(null);
        if (full) expect(split.bytes).toBe(Buffer.byteLength(files[name]!));
        expect(idleWorkers()).toBe(HELPERS);
      });
    }
  }

  test("the files above are really cut into several ranges (inside the huge line's neighbourhood too)", async () => {
    const size = Buffer.byteLength(files.mixed!);
    const ranges = await lineRanges(join(dir, "mixed"), size, HELPERS + 1);
    expect(ranges.length).toBeGreaterThan(2);
    expect((await lineRanges(join(dir, "crlf"), Buffer.byteLength(files.crlf!), HELPERS + 1)).length).toBe(HELPERS + 1);
  });

  test("a literal holding a newline across the cut between two ranges is found (a spec with one is read in one pass)", async () => {
    const line = (text: string) => text.padEnd(29, ".") + "\n";
    const lines = Array.from({ length: 40_000 }, (_, i) => line(`filler ${i}`));
    const path = join(dir, "across-the-cut");
    await writeFile(path, lines.join(""));
    const cut = (await lineRanges(path, lines.length * 30, HELPERS + 1))[1]!.start;
    lines[cut / 30 - 1] = line("BEGIN");
    lines[cut / 30] = "END" + line("").slice(3);
    await writeFile(path, lines.join(""));
    expect((await lineRanges(path, lines.length * 30, HELPERS + 1))[1]!.start).toBe(cut);
    const spec: ContentSpec = { lines: false, literals: [`BEGIN${".".repeat(24)}\nEND`], regexes: [] };
    const split = await probeContent(path, spec, undefined, { minBytes: 0 });
    expect(split.result.literals[0]?.offset).toBe(cut - 30);
    expect(split.result).toEqual((await probeContent(path, spec, undefined, { workers: 0 })).result);
  });

  test("CRLF lines split across threads: a CR is no part of its line, so `^$` counts only blank lines (grep on the file without CRs)", async () => {
    // 30,000 groups: a CRLF line, a blank CRLF line every 3rd group, a line ending in a space and CRLF every 5th, an LF line.
    const groups = Array.from({ length: 30_000 }, (_, i) => `row ${i}\r\n${i % 3 ? "" : "\r\n"}${i % 5 ? "" : "tail \r\n"}plain ${i}\n`);
    const path = join(dir, "crlf-blank");
    await writeFile(path, groups.join(""));
    const spec: ContentSpec = { lines: true, literals: [], regexes: ["^$", "^\\s*$", "\\r$", "\\s+$", "\\d$"] };
    const want = [10_000, 10_000, 0, 6_000, 60_000];
    expect((await lineRanges(path, Buffer.byteLength(groups.join("")), HELPERS + 1)).length).toBe(HELPERS + 1);
    for (const options of [{ workers: 0 }, { minBytes: 0 }]) {
      const r = await probeContent(path, spec, undefined, options);
      expect(r.result.lines).toBe(76_000);
      expect(r.result.regexes.map((x) => x.count)).toEqual(want);
      expect(r.result.regexes[0]!.samples.map((h) => h.text)).toEqual(["", "", ""]);
    }
  });

  test("matches in several ranges: counts add up, samples are the first ones in file order", async () => {
    const r = await probeContent(join(dir, "mixed"), specs.everything!, undefined, { minBytes: 0 });
    expect(r.result.regexes[0]!.count).toBe(8_000);
    expect(r.result.regexes[0]!.samples.map((s) => s.offset)).toEqual([0, expect.any(Number), expect.any(Number)]);
    expect(r.result.literals[1]).toBeNull();
    expect(r.bytes).toBe(Buffer.byteLength(files.mixed!));
  });

  test("compressed bytes are not cut into ranges: gzip without a .gz name is read decompressed in one pass, another compressor is refused", async () => {
    // Cut into ranges, the compressed bytes were searched: a literal in the text was not found, the lines miscounted.
    const path = join(dir, "app.log.1");
    await writeFile(path, gzipSync(files.mixed!));
    const r = await probeContent(path, specs.everything!, undefined, { minBytes: 0 });
    expect(r.result).toEqual((await probeContent(join(dir, "mixed"), specs.everything!, undefined, { workers: 0 })).result);
    expect(r.bytes).toBe(Buffer.byteLength(files.mixed!));
    const zst = join(dir, "app.log.2");
    await writeFile(zst, Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), Buffer.from(files.mixed!)]));
    await expect(probeContent(zst, specs.everything!, undefined, { minBytes: 0 })).rejects.toThrow("compressed with zstd");
    expect(idleWorkers()).toBe(HELPERS);
  });

  test("an aborted scan rejects with the signal's reason and gives its threads back", async () => {
    const ac = new AbortController();
    const scan = probeContent(join(dir, "mixed"), specs.everything!, ac.signal, { minBytes: 0 });
    ac.abort(new Error("step timeout"));
    await expect(scan).rejects.toThrow("step timeout");
    expect(idleWorkers()).toBe(HELPERS);
  });

  test("a file that cannot be read fails with its error code, and the threads are given back", async () => {
    const err = await probeContent(join(dir, "missing"), specs.everything!, undefined, { minBytes: 0 }).catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe("ENOENT");
    expect(idleWorkers()).toBe(HELPERS);
  });
});
