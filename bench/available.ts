// Which benchmarks there are: bench/run.ts runs them, and test/readme-benchmarks.test.ts checks README names them all.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** A benchmark is a .ts file in bench/ whose first line starts with "// Benchmark:" (helpers beside them are not); sorted names. */
export function availableBenchmarks(dir = import.meta.dir): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".ts") && readFileSync(join(dir, f), "utf8").startsWith("// Benchmark:"))
    .map((f) => f.slice(0, -3))
    .sort();
}
