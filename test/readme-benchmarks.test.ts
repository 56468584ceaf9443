// README's `npm run bench` line names exactly the benchmarks bench/run.ts finds (bench/available.ts).
import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { availableBenchmarks } from "../bench/available.ts";

const root = join(import.meta.dir, "..");

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
  expect(benchmarksInReadme()).toEqual(availableBenchmarks());
});
