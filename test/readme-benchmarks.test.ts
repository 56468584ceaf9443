// README's `npm run bench` line names exactly the benchmarks bench/run.ts finds (files whose first line is "// Benchmark:").
import { expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dir, "..");

function benchmarksOnDisk(): string[] {
  const dir = join(root, "bench");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".ts") && readFileSync(join(dir, f), "utf8").startsWith("// Benchmark:"))
    .map((f) => f.slice(0, -3))
    .sort();
}

function benchmarksInReadme(): string[] {
  const line = readFileSync(join(root, "README.md"), "utf8").split("\n").find((l) => l.startsWith("npm run bench"));
  const list = line?.match(/benchmarks print numbers: (.*) \(figures: bench\/RESULTS\.md\)/)?.[1];
  if (!list) throw new Error("README has no `npm run bench` line listing the benchmarks");
  return list
    .split(", ")
    .map((entry) => entry.replace(/ \(.*\)$/, ""))
    .sort();
}

test("README lists every benchmark bench/run.ts runs, and no other", () => {
  expect(benchmarksInReadme()).toEqual(benchmarksOnDisk());
});
