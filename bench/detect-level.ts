// Benchmark: the cost of working out detected_level per line (JSON, logfmt, plain), as the embedded engine does at read time.
// Run: npx bun bench/detect-level.ts. Prints ns per line for each kind of line (median of 5 rounds of 200,000 lines).
import { detectLevel } from "../lib/logql/ingest-labels.ts";
import { median } from "./measure.ts";

const N = 200_000;
const ts = "2026-01-01T12:00:00.123Z";
const KINDS: Record<string, (i: number) => string> = {
  "JSON, level field": (i) => `{"ts":"${ts}","level":"${i % 3 ? "info" : "error"}","service":"api","method":"GET","path":"/users/${i}","status":200,"latency_ms":${i % 900},"msg":"request served","trace_id":"${(i * 2654435761).toString(16)}"}`,
  "JSON, no level field": (i) => `{"ts":"${ts}","service":"api","method":"GET","path":"/users/${i}","status":200,"latency_ms":${i % 900},"msg":"request served"}`,
  "logfmt, level key": (i) => `ts=${ts} level=${i % 3 ? "info" : "warn"} method=GET path=/users/${i} status=200 duration=${i % 900}ms msg="request served"`,
  "plain text": (i) => `${ts} ${i % 3 ? "INFO" : "ERROR"} worker ${i} finished the job in ${i % 900}ms`,
};

for (const [name, make] of Object.entries(KINDS)) {
  const lines = Array.from({ length: N }, (_, i) => make(i));
  const rounds: number[] = [];
  let sink = 0;
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (const line of lines) sink += detectLevel(line).length;
    rounds.push(((performance.now() - t0) * 1e6) / N);
  }
  console.log(`${name}: ${median(rounds).toFixed(0)} ns/line (median of 5 rounds of ${N} lines; checksum ${sink})`);
}
