// Benchmark: `compose up` with `wait: true` through the real CLI on services that die right after starting; counts the runs that wrongly pass, and the wait time of a healthy stack.
// Run: npx bun bench/compose-wait.ts [--runs 20] [--engine v2|v1|podman] [--cli PATH/bin/scenario.ts] (--cli runs another checkout's code, e.g. main's).
// Every "dies" case must pass 0 times: a wait that passes there checked nothing.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { exec } from "../lib/util/exec.ts";
import { ENGINE_VAR } from "../lib/compose/engine.ts";
import { busyboxService, forceRemove, PODMAN_DOCKER_HOST } from "../test/helpers/compose.ts";
import { median, numberOption, option } from "./measure.ts";

const RUNS = numberOption("--runs", 20);
const ENGINE = option("--engine", "v2");
const CLI = resolve(option("--cli", resolve(import.meta.dir, "../bin/scenario.ts")));
const ENGINES: Record<string, Record<string, string>> = {
  v2: { [ENGINE_VAR]: "docker compose" },
  v1: { [ENGINE_VAR]: "docker-compose" },
  podman: { [ENGINE_VAR]: "docker compose", DOCKER_HOST: PODMAN_DOCKER_HOST },
};
const env = ENGINES[ENGINE];
if (!env) {
  console.error(`unknown engine ${ENGINE}: choose from ${Object.keys(ENGINES).join(", ")}`);
  process.exit(2);
}

const healthcheckFalse = ["    healthcheck:", `      test: ["CMD", "false"]`, "      interval: 1s", "      retries: 3"].join("\n");
const CASES: { name: string; service: string; shouldPass: boolean }[] = [
  { name: "dies, healthcheck false (exits 3 after 1 s)", service: busyboxService("sleep 1; exit 3", healthcheckFalse), shouldPass: false },
  { name: "dies, no healthcheck (exits 3 after 1 s)", service: busyboxService("sleep 1; exit 3"), shouldPass: false },
  { name: "stays up, no healthcheck", service: busyboxService("exec sleep 600"), shouldPass: true },
];

const dir = mkdtempSync(join(tmpdir(), "bench-compose-wait-"));
console.log(`engine ${ENGINE}, ${RUNS} runs per case, cli ${CLI}`);
let wrong = 0;
try {
  for (const [i, c] of CASES.entries()) {
    writeFileSync(join(dir, "compose.yml"), `services:\n  talker:\n${c.service}\n`);
    writeFileSync(join(dir, "wait.yaml"), "name: bench wait\nsteps:\n  - name: up\n    compose: { files: compose.yml, project: \"${PROJECT}\", wait: true }\n    timeout: 60s\n");
    let passed = 0;
    const waits: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const project = `bench-wait-${process.pid}-${i}-${run}`;
      const r = await exec([process.execPath, CLI, "run", join(dir, "wait.yaml"), "--quiet", "--no-color", "--report-dir", join(dir, "reports"), "--var", `PROJECT=${project}`], {
        env: { ...process.env, ...env }, cwd: dir, signal: AbortSignal.timeout(180_000),
      });
      if (r.exitCode === 0) passed++;
      else if (r.exitCode !== 1) console.log(`  run ${run}: exit ${r.exitCode}: ${(r.stderr || r.stdout).trim().split("\n").slice(-3).join(" | ")}`);
      const log = await exec(["sh", "-c", `cat "${dir}"/.context/terminal/*.log 2>/dev/null; rm -rf "${dir}/.context" "${dir}/reports"`], { signal: AbortSignal.timeout(10_000) });
      const m = /all services ready after (\d+(?:\.\d+)?)(ms|s)\b/.exec(log.stdout);
      if (m) waits.push(Number(m[1]) * (m[2] === "s" ? 1000 : 1));
    }
    if ((passed > 0) !== c.shouldPass || (c.shouldPass && passed < RUNS)) wrong++;
    const typicalWait = waits.length ? `${median(waits)} ms` : "-";
    console.log(`${c.name}: passed ${passed} of ${RUNS} (should ${c.shouldPass ? "always" : "never"}); median wait when passed ${typicalWait}`);
  }
} finally {
  const left = await exec(["docker", "ps", "-a", "--format", "{{.Label \"com.docker.compose.project\"}}"], { env: { ...process.env, ...env }, signal: AbortSignal.timeout(15_000) });
  for (const p of new Set(left.stdout.split("\n").filter((l) => l.startsWith(`bench-wait-${process.pid}-`)))) await forceRemove("docker", p, env);
  rmSync(dir, { recursive: true, force: true });
}
process.exit(wrong ? 1 : 0);
