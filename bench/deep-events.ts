// Benchmark: the masker's work per event in a 1,000-step run, in the process: Masker.deep timed around each call, summed by event type, while the CLI runs bench/steps-data.ts's scenario.
// Run: npx bun bench/deep-events.ts [--steps 1000] [--rounds 9] [--baseline DIR] [--secret]. Each round runs this tree and DIR (another checkout, node_modules linked) in processes of their own, alternated; the items server runs in this process.
// --secret: the scenario declares a secret (BENCH_SECRET), so every event is walked and copied masked, not only looked through for credentials.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startItemsServer } from "./items-server.ts";
import { median, numberOption, option } from "./measure.ts";
import { stepsYaml } from "./steps-data.ts";

const SECRET_VALUE = "bench-secret-value-1234";

interface Sample {
  /** Milliseconds inside Masker.deep over the run, by event type. */
  byType: Record<string, number>;
  totalMs: number;
  calls: number;
  /** The whole main() call. */
  wallMs: number;
}

/** In a child: runs the CLI of the tree at `root` on `scenario`, timing Masker.deep; prints a Sample as JSON. */
async function child(root: string, scenario: string, reports: string): Promise<void> {
  const { Masker } = (await import(join(root, "lib/vars/mask.ts"))) as typeof import("../lib/vars/mask.ts");
  const { main } = (await import(join(root, "lib/cli.ts"))) as typeof import("../lib/cli.ts");
  const byType: Record<string, number> = {};
  let total = 0;
  let calls = 0;
  const deep = Masker.prototype.deep;
  Masker.prototype.deep = function <T>(this: InstanceType<typeof Masker>, value: T): T {
    const t0 = Bun.nanoseconds();
    const out = deep.call(this, value) as T;
    const dt = Bun.nanoseconds() - t0;
    total += dt;
    calls++;
    const type = (value as { type?: unknown } | null)?.type;
    const key = typeof type === "string" ? type : "(other)";
    byType[key] = (byType[key] ?? 0) + dt / 1e6;
    return out;
  };
  const t0 = performance.now();
  const code = await main(["run", scenario, "--quiet", "--report-dir", reports]);
  const wallMs = performance.now() - t0;
  if (code !== 0) throw new Error(`the run exited ${code}`);
  const sample: Sample = { byType, totalMs: total / 1e6, calls, wallMs };
  process.stdout.write(`${JSON.stringify(sample)}\n`);
  process.exit(0);
}

if (process.argv[2] === "--child") {
  await child(process.argv[3]!, process.argv[4]!, process.argv[5]!);
} else {
  const STEPS = numberOption("--steps", 1000);
  const ROUNDS = numberOption("--rounds", 9);
  const BASELINE = option("--baseline", "");
  const SECRET = process.argv.includes("--secret");
  const { server, base } = startItemsServer();
  const dir = mkdtempSync(join(tmpdir(), "deep-events-"));
  try {
    let yaml = stepsYaml(base, STEPS);
    if (SECRET) yaml = yaml.replace("\nsteps:\n", "\nsecrets: [BENCH_SECRET]\nsteps:\n");
    const scenario = join(dir, "steps.yaml");
    writeFileSync(scenario, yaml);
    const trees: [string, string][] = [["this tree", resolve(import.meta.dir, "..")]];
    if (BASELINE) trees.push([`baseline (${BASELINE})`, resolve(BASELINE)]);
    const samples = new Map<string, Sample[]>(trees.map(([name]) => [name, []]));
    const runOne = async (root: string): Promise<Sample> => {
      const reports = join(dir, "reports");
      mkdirSync(reports, { recursive: true });
      const proc = Bun.spawn([process.execPath, import.meta.path, "--child", root, scenario, reports], {
        cwd: dir,
        env: { ...process.env, ...(SECRET ? { BENCH_SECRET: SECRET_VALUE } : {}) },
        stdout: "pipe",
        stderr: "inherit",
      });
      const out = await new Response(proc.stdout).text();
      if ((await proc.exited) !== 0) throw new Error(`the child for ${root} failed`);
      const line = out.trim().split("\n").pop()!;
      return JSON.parse(line) as Sample;
    };
    for (const [, root] of trees) await runOne(root); // warm the page cache and Bun's transpiler cache
    for (let r = 0; r < ROUNDS; r++) for (const [name, root] of trees) samples.get(name)!.push(await runOne(root));
    const types = [...new Set([...samples.values()].flatMap((s) => s.flatMap((x) => Object.keys(x.byType))))];
    console.log(`deep-events: Masker.deep over a run of ${STEPS} http steps${SECRET ? " with a secret declared" : " (no secret declared)"}, in the process, ${ROUNDS} alternated rounds, ${new Date().toISOString()}`);
    console.log(`  reproduce: npx bun bench/deep-events.ts --steps ${STEPS} --rounds ${ROUNDS}${BASELINE ? " --baseline DIR" : ""}${SECRET ? " --secret" : ""}`);
    console.log(`\n| tree | deep, median (ms) | per step (µs) | calls | ${types.join(" | ")} | main() wall, median (ms) |`);
    console.log(`| --- | ---: | ---: | ---: | ${types.map(() => "---:").join(" | ")} | ---: |`);
    for (const [name, list] of samples) {
      const total = median(list.map((s) => s.totalMs));
      const cells = types.map((t) => median(list.map((s) => s.byType[t] ?? 0)).toFixed(2));
      console.log(`| ${name} | ${total.toFixed(2)} | ${((total * 1000) / STEPS).toFixed(1)} | ${list[0]!.calls} | ${cells.join(" | ")} | ${median(list.map((s) => s.wallMs)).toFixed(0)} |`);
    }
  } finally {
    server.stop(true);
    rmSync(dir, { recursive: true, force: true });
  }
}
