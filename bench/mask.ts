// Benchmark: secret masking throughput: MB of JSON log lines per second through Masker.text with a few secrets, every encoding form on.
import { Masker } from "../lib/vars/mask.ts";
import { median } from "./measure.ts";

const masker = new Masker();
for (const secret of ["s3cr3t-token-abcdef", "p@ss w/rd&x+'\"<é>", "hunter22"]) masker.add(secret);
const line = '{"ts":"2026-01-01T00:00:00Z","level":"info","msg":"GET /v1/models?key=p%40ss%20w%2Frd 200 in 4ms","user":"alice"}\n';
const text = line.repeat(Math.ceil(10e6 / line.length));
const rounds: number[] = [];
for (let i = 0; i < 7; i++) {
  const t = performance.now();
  masker.text(text);
  rounds.push(performance.now() - t);
}
const mid = median(rounds);
console.log(`mask: ${(text.length / 1e6).toFixed(1)} MB, 3 secrets: median ${mid.toFixed(0)} ms (${(text.length / 1e6 / (mid / 1000)).toFixed(0)} MB/s), first ${rounds[0]!.toFixed(0)} ms, rounds ${rounds.map((r) => r.toFixed(0)).join(" ")}`);
