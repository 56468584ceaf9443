// Benchmark: per-step overhead, whole process: `bun bin/scenario.ts run` of N http steps vs a plain Bun fetch loop script doing the same requests and checks.
// Run: npx bun bench/steps.ts [--steps 1000] [--rounds 7] [--report md,log]. Target: the CLI at most 1.3x the loop script (medians of interleaved rounds).
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { startItemsServer } from "./items-server.ts";

const argv = process.argv.slice(2);
const opt = (name: string, def: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1]! : def);
const STEPS = Number(opt("--steps", "1000"));
const ROUNDS = Number(opt("--rounds", "7"));
const REPORTS = opt("--report", "");
const DATA = join(import.meta.dir, ".data", "steps");
mkdirSync(DATA, { recursive: true });

const { server, base } = startItemsServer();
const scenario = join(DATA, `steps-${STEPS}.yaml`);
writeFileSync(scenario, ["name: bench-steps", "steps:", ...Array.from({ length: STEPS }, (_, i) => [
  `  - name: item ${i}`, "    http:", `      url: ${base}/items/${i}`, "      expect:", "        status: 200", `        json: { "$.id": ${i} }`,
]).flat()].join("\n") + "\n");
const loop = join(DATA, "fetch-loop.ts");
writeFileSync(loop, `// The same requests and checks written by hand.
const [base, n] = [process.argv[2], Number(process.argv[3])];
let failed = 0;
for (let i = 0; i < n; i++) {
  const res = await fetch(\`\${base}/items/\${i}\`);
  const body = await res.json();
  if (res.status !== 200 || body.id !== i) failed++;
}
console.log(\`\${n - failed} passed, \${failed} failed\`);
process.exit(failed ? 1 : 0);
`);

async function timed(cmd: string[]): Promise<number> {
  const t0 = performance.now();
  const p = Bun.spawn(cmd, { cwd: DATA, stdout: "ignore", stderr: "pipe" });
  const code = await p.exited;
  const ms = performance.now() - t0;
  if (code !== 0) throw new Error(`${cmd.join(" ")} exited ${code}: ${await new Response(p.stderr).text()}`);
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const bun = process.execPath;
const cli = [bun, resolve(import.meta.dir, "../bin/scenario.ts"), "run", scenario, "--quiet", "--report-dir", join(DATA, "reports"), ...(REPORTS ? ["--report", REPORTS] : [])];
const plain = [bun, loop, base, String(STEPS)];
const bare = [bun, "-e", "0"];
try {
  for (const cmd of [plain, cli]) await timed(cmd); // warm the page cache and Bun's transpiler cache
  const s = { plain: [] as number[], cli: [] as number[], bare: [] as number[], ratio: [] as number[] };
  for (let r = 0; r < ROUNDS; r++) {
    const a = await timed(plain);
    const c = await timed(cli);
    const b = await timed(plain);
    s.plain.push(a, b);
    s.cli.push(c);
    s.ratio.push(c / ((a + b) / 2));
    s.bare.push(await timed(bare));
  }
  const fmt = (xs: number[]) => `median ${median(xs).toFixed(0)} ms, best ${Math.min(...xs).toFixed(0)} ms`;
  console.log(`steps: ${STEPS} sequential http steps (status + one JSON field), whole process, ${ROUNDS} interleaved rounds, ${new Date().toISOString()}`);
  console.log(`  reproduce: npx bun bench/steps.ts --steps ${STEPS} --rounds ${ROUNDS}${REPORTS ? ` --report ${REPORTS}` : ""}`);
  console.log(`  bare bun -e 0        ${fmt(s.bare)}`);
  console.log(`  plain fetch loop     ${fmt(s.plain)}`);
  console.log(`  bin/scenario.ts run  ${fmt(s.cli)}   (reports: md, log${REPORTS ? `, ${REPORTS}` : ""})`);
  console.log(`  ratio                median of rounds ${median(s.ratio).toFixed(2)}x (${s.ratio.map((x) => x.toFixed(2)).join(", ")}), target <= 1.3x`);
  const perStep = (median(s.cli) - median(s.plain)) / STEPS * 1000;
  console.log(`  overhead per step    ${perStep.toFixed(0)} µs (start-up included; the CLI's start-up alone: npx bun bench/startup.ts)`);
} finally {
  server.stop(true);
}
