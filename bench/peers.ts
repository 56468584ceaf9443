// Benchmark: the same 200 http checks (status + the JSON id) run by this tool, goss, stepci and a bash curl|jq loop, plus cold starts.
// Run: npx bun bench/peers.ts [--checks 200] [--rounds 5] [--pair]. --pair runs only ours and goss sequential, alternated (no heavy peer between them: the steadier comparison). Peers that are not installed are listed as missing, never faked; peak memory comes from GNU time (/usr/bin/time):
// goss is Debian's package (scripts/setup-docker.sh adds the source), stepci is installed on first use under bench/.data/peers.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { startItemsServer } from "./items-server.ts";
import { CHILD_LIMIT_MS, measured, median, numberOption } from "./measure.ts";
import { stepsYaml } from "./steps-data.ts";

const CHECKS = numberOption("--checks", 200);
const ROUNDS = numberOption("--rounds", 5);
const PAIR = process.argv.includes("--pair");
const REPO = resolve(import.meta.dir, "..");
const DATA = join(import.meta.dir, ".data", "peers");
const STEPCI_VERSION = "2.8.2";
mkdirSync(DATA, { recursive: true });

const { server, base } = startItemsServer();
const ids = Array.from({ length: CHECKS }, (_, i) => i);

function write(name: string, text: string): string {
  const path = join(DATA, name);
  writeFileSync(path, text);
  return path;
}

const scenario = write("checks.yaml", stepsYaml(base, CHECKS, "peers"));
const gossfile = write("goss.yaml", ["http:", ...ids.flatMap((i) => [
  `  ${base}/items/${i}:`, "    status: 200", `    body: ['"id":${i},']`,
])].join("\n") + "\n");
const workflow = write("stepci.yaml", ["version: \"1.1\"", "name: peers", "tests:", "  checks:", "    steps:", ...ids.flatMap((i) => [
  `      - name: item ${i}`, "        http:", `          url: ${base}/items/${i}`, "          method: GET", "          check:", "            status: 200",
  "            jsonpath:", `              $.id: ${i}`,
])].join("\n") + "\n");
const curlLoop = write("curl-jq.sh", `#!/usr/bin/env bash
set -u
fail=0
for i in $(seq 0 ${CHECKS - 1}); do
  code=$(curl -s -o "$0.body" -w '%{http_code}' "${base}/items/$i")
  [ "$code" = 200 ] && jq -e ".id == $i" "$0.body" >/dev/null || fail=1
done
exit $fail
`);
const oneStep = write("one-step.yaml", "name: one\nsteps:\n  - shell: { run: \"true\" }\n");
const gossOne = write("goss-one.yaml", "command:\n  \"true\":\n    exit-status: 0\n");

function which(bin: string): string | undefined {
  return Bun.which(bin) ?? undefined;
}

async function ensureStepci(): Promise<string | undefined> {
  const bin = join(DATA, "node_modules", ".bin", "stepci");
  if (existsSync(bin)) return bin;
  const npm = which("npm");
  if (!npm) return undefined;
  console.error(`installing stepci ${STEPCI_VERSION} under ${DATA} (once)…`);
  const p = Bun.spawn([npm, "install", "--no-audit", "--no-fund", "--prefix", DATA, `stepci@${STEPCI_VERSION}`], { stdout: "ignore", stderr: "inherit", timeout: CHILD_LIMIT_MS, killSignal: "SIGKILL" });
  return (await p.exited) === 0 && existsSync(bin) ? bin : undefined;
}

interface Peer {
  name: string;
  cmd: string[];
  missing?: string;
}

interface Sample {
  ms: number;
  rssMiB: number;
}

/** Runs a command under GNU time for its peak RSS (the largest process of the tree, in KiB on time's last stderr line). */
async function runOnce(cmd: string[]): Promise<Sample> {
  const run = await measured(["/usr/bin/time", "-f", "%M", ...cmd], { cwd: DATA, env: { ...process.env, STEPCI_DISABLE_ANALYTICS: "1", NO_COLOR: "1" } });
  return { ms: run.wallMs, rssMiB: Number(run.stderr.trimEnd().split("\n").at(-1)) / 1024 };
}

/** Runs every present peer once per round, in the same order each round, and returns the medians. */
async function table(title: string, peers: Peer[], rounds: number): Promise<void> {
  const present = peers.filter((p) => !p.missing);
  const samples = new Map<string, Sample[]>(present.map((p) => [p.name, []]));
  for (const p of present) await runOnce(p.cmd); // warm the page cache and any first-run work
  for (let r = 0; r < rounds; r++) for (const p of present) samples.get(p.name)!.push(await runOnce(p.cmd));
  const ours = median(samples.get(present[0]!.name)!.map((s) => s.ms));
  console.log(`\n### ${title}\n`);
  console.log("| tool | wall (median) | best | peak RSS | wall / ours |");
  console.log("| --- | ---: | ---: | ---: | ---: |");
  for (const p of peers) {
    if (p.missing) {
      console.log(`| ${p.name} | — | — | — | not run: ${p.missing} |`);
      continue;
    }
    const s = samples.get(p.name)!;
    const wall = median(s.map((x) => x.ms));
    const best = Math.min(...s.map((x) => x.ms));
    const rss = Math.max(...s.map((x) => x.rssMiB));
    console.log(`| ${p.name} | ${wall.toFixed(0)} ms | ${best.toFixed(0)} ms | ${rss.toFixed(0)} MiB | ${(wall / ours).toFixed(2)}× |`);
  }
}

const bun = process.execPath;
const cli = join(REPO, "bin", "scenario.ts");
const reports = ["--quiet", "--report-dir", join(DATA, "reports")];
const goss = which("goss");
const stepci = PAIR ? undefined : await ensureStepci();
const missingGoss = goss ? undefined : "goss is not installed (apt-get install goss)";

console.log(`# Peers: ${CHECKS} sequential http checks against one local Bun server, ${ROUNDS} rounds (medians), ${new Date().toISOString()}`);
console.log(`reproduce: npx bun bench/peers.ts --checks ${CHECKS} --rounds ${ROUNDS}${PAIR ? " --pair" : ""}`);
try {
  const peers: Peer[] = [
    { name: "scenario (bun bin/scenario.ts)", cmd: [bun, cli, "run", scenario, ...reports] },
    { name: "goss validate --max-concurrent 1", cmd: [goss ?? "goss", "-g", gossfile, "validate", "--max-concurrent", "1"], missing: missingGoss },
    { name: "goss validate (default concurrency)", cmd: [goss ?? "goss", "-g", gossfile, "validate"], missing: missingGoss },
    { name: `stepci ${STEPCI_VERSION}`, cmd: [stepci ?? "stepci", "run", workflow], missing: stepci ? undefined : "stepci could not be installed from the npm registry" },
    { name: "bash curl + jq loop", cmd: ["bash", curlLoop], missing: which("curl") && which("jq") ? undefined : "curl or jq is missing" },
  ];
  await table(`${CHECKS} http checks (status + JSON id), whole process`, PAIR ? peers.slice(0, 2) : peers, ROUNDS);
  if (!PAIR) await table("cold start: one check, whole process", [
    { name: "scenario, one shell step", cmd: [bun, cli, "run", oneStep, ...reports] },
    { name: "scenario validate, one step", cmd: [bun, cli, "validate", oneStep] },
    { name: "goss validate, one command check", cmd: [goss ?? "goss", "-g", gossOne, "validate"], missing: missingGoss },
    { name: "bare bun -e 0", cmd: [bun, "-e", "0"] },
  ], Math.max(ROUNDS, 10));
} finally {
  server.stop(true);
}
