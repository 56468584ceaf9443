// The full stack's compose files (compose/): docker compose accepts each alone and together, real and local, and they keep the stack's rules.
import { expect, test } from "bun:test";
import { join } from "node:path";
import { REPO } from "./helpers/cli.ts";
import { describeWithEngine } from "./helpers/compose.ts";
import { exec } from "../lib/util/exec.ts";

const COMPOSE = join(REPO, "compose");
const CONCERNS = ["serving", "app", "mlflow", "monitoring"] as const;
const STACK_VARS = ["API_KEY", "GRAFANA_PASSWORD", "FAULT", "LOG_DIR", "MODEL_NAME", "API_IMAGE", "COMPOSE_FILE", "COMPOSE_PROJECT_NAME",
  "VLLM_PORT", "FASTAPI_PORT", "MLFLOW_PORT", "LOKI_PORT", "GRAFANA_PORT", "PROMETHEUS_PORT"];
const REQUIRED = { API_KEY: "test-api-key", GRAFANA_PASSWORD: "test-grafana-password" };

/** The file sets a scenario passes: each concern with its overlay, and the whole stack with all four. */
function fileSets(stack: "real" | "local"): Record<string, string[]> {
  const sets: Record<string, string[]> = {};
  for (const c of CONCERNS) sets[c] = [`docker-compose.${c}.yml`, `${stack}/docker-compose.${c}.yml`];
  sets.whole = ["docker-compose.yml", ...CONCERNS.map((c) => `${stack}/docker-compose.${c}.yml`)];
  return sets;
}

function composeEnv(vars: Record<string, string>): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const name of STACK_VARS) delete env[name];
  return { ...env, ...vars };
}

async function compose(cli: string, files: string[], args: string[], vars: Record<string, string> = REQUIRED) {
  const argv = [cli, "compose", ...files.flatMap((f) => ["-f", f]), ...args];
  const r = await exec(argv, { cwd: COMPOSE, env: composeEnv(vars), signal: AbortSignal.timeout(30_000) });
  return { ...r, output: `${argv.join(" ")}\n${r.stdout}\n${r.stderr}` };
}

interface ServiceConfig {
  image: string;
  healthcheck?: { test?: string[]; disable?: boolean };
  ports?: { host_ip?: string; published?: string; target: number }[];
  volumes?: { type: string; source?: string; target: string }[];
  environment?: Record<string, string | null>;
  pull_policy?: string;
  network_mode?: string;
}

async function config(cli: string, files: string[], vars: Record<string, string> = REQUIRED): Promise<Record<string, ServiceConfig>> {
  const r = await compose(cli, files, ["config", "--format", "json"], vars);
  if (r.exitCode !== 0) throw new Error(r.output);
  return (JSON.parse(r.stdout) as { services: Record<string, ServiceConfig> }).services;
}

describeWithEngine("compose/ full stack files", (engine) => {
  // Read in the tests: where no engine answers, the body still runs to list the skipped tests, without one.
  const cli = () => engine.cli;

  test("every file alone passes `docker compose config -q`", async () => {
    for (const file of [...CONCERNS.map((c) => `docker-compose.${c}.yml`), "docker-compose.yml"]) {
      const r = await compose(cli(), [file], ["config", "-q"]);
      expect({ file, code: r.exitCode, output: r.output }).toEqual({ file, code: 0, output: expect.any(String) });
    }
  });

  for (const stack of ["real", "local"] as const) {
    test(`every ${stack} file set passes \`docker compose config -q\``, async () => {
      for (const [name, files] of Object.entries(fileSets(stack))) {
        const r = await compose(cli(), files, ["config", "-q"]);
        expect({ name, code: r.exitCode, output: r.output }).toEqual({ name, code: 0, output: expect.any(String) });
      }
    });
  }

  test("no secret is in the files: API_KEY and GRAFANA_PASSWORD must come from the environment", async () => {
    const noKey = await compose(cli(), ["docker-compose.app.yml"], ["config", "-q"], { GRAFANA_PASSWORD: "x" });
    expect(noKey.exitCode).not.toBe(0);
    expect(noKey.stderr).toContain("API_KEY");
    const noPassword = await compose(cli(), ["docker-compose.monitoring.yml"], ["config", "-q"], { API_KEY: "x" });
    expect(noPassword.exitCode).not.toBe(0);
    expect(noPassword.stderr).toContain("GRAFANA_PASSWORD");
  });

  test("the whole stack: pinned images, a healthcheck on every service, ports on 127.0.0.1 only, bridge networking", async () => {
    for (const stack of ["real", "local"] as const) {
      const services = await config(cli(), fileSets(stack).whole!);
      expect(Object.keys(services).sort()).toEqual(["alloy", "fastapi", "grafana", "loki", "mlflow", "prometheus", "vllm"]);
      for (const [name, s] of Object.entries(services)) {
        const where = `${stack} ${name}`;
        expect({ where, image: s.image }).toEqual({ where, image: expect.stringMatching(/^[^:]+(:[^:]+)?:(?!latest$)[^:/]+$/) });
        const checked = (s.healthcheck?.test?.length ?? 0) > 1 && s.healthcheck?.test?.[0] !== "NONE" && !s.healthcheck?.disable;
        expect({ where, checked }).toEqual({ where, checked: true });
        expect({ where, network_mode: s.network_mode }).toEqual({ where, network_mode: undefined });
        for (const p of s.ports ?? []) expect({ where, host_ip: p.host_ip }).toEqual({ where, host_ip: "127.0.0.1" });
      }
    }
  });

  test("the local overlay keeps every service, port, volume target and environment variable of the real stack", async () => {
    const real = await config(cli(), fileSets("real").whole!);
    const local = await config(cli(), fileSets("local").whole!);
    expect(Object.keys(local).sort()).toEqual(Object.keys(real).sort());
    for (const [name, r] of Object.entries(real)) {
      const l = local[name]!;
      expect({ name, ports: l.ports }).toEqual({ name, ports: r.ports });
      const targets = (s: ServiceConfig) => (s.volumes ?? []).map((v) => `${v.source ?? ""}:${v.target}`);
      expect({ name, volumes: targets(l) }).toEqual({ name, volumes: expect.arrayContaining(targets(r)) });
      expect({ name, environment: l.environment ?? {} }).toEqual({ name, environment: expect.objectContaining(r.environment ?? {}) });
      expect({ name, image: l.image, pull: l.pull_policy }).toEqual({ name, image: `scenario-local/${name === "alloy" ? "promtail" : name}:1`, pull: "never" });
    }
  });

  test("host ports and the log root are variables with the documented defaults", async () => {
    const published = (services: Record<string, ServiceConfig>) =>
      Object.fromEntries(Object.entries(services).filter(([, s]) => s.ports?.length).map(([n, s]) => [n, s.ports!.map((p) => p.published)]));
    const defaults = await config(cli(), fileSets("local").whole!);
    expect(published(defaults)).toEqual({
      vllm: ["8000"], fastapi: ["8080"], mlflow: ["5050"], loki: ["3100"], grafana: ["3000"], prometheus: ["9090"],
    });
    const moved = await config(cli(), fileSets("local").whole!, {
      ...REQUIRED, VLLM_PORT: "18000", FASTAPI_PORT: "18080", MLFLOW_PORT: "15050", LOKI_PORT: "13100", GRAFANA_PORT: "13000",
      PROMETHEUS_PORT: "19090", LOG_DIR: "/tmp/elsewhere",
    });
    expect(published(moved)).toEqual({
      vllm: ["18000"], fastapi: ["18080"], mlflow: ["15050"], loki: ["13100"], grafana: ["13000"], prometheus: ["19090"],
    });
    expect(defaults.vllm!.volumes!.find((v) => v.target === "/logs/vllm")!.source).toBe(join(REPO, "logs/vllm"));
    expect(moved.vllm!.volumes!.find((v) => v.target === "/logs/vllm")!.source).toBe("/tmp/elsewhere/vllm");
    expect(moved.alloy!.volumes!.find((v) => v.target === "/logs")!.source).toBe("/tmp/elsewhere");
  });

  test("FAULT reaches every stand-in of the local stack, and no real service", async () => {
    const local = await config(cli(), fileSets("local").whole!, { ...REQUIRED, FAULT: "mlflow-down" });
    const withFault = Object.entries(local).filter(([, s]) => s.environment?.FAULT === "mlflow-down").map(([n]) => n).sort();
    expect(withFault).toEqual(["alloy", "fastapi", "grafana", "loki", "mlflow", "prometheus", "vllm"]);
    const real = await config(cli(), fileSets("real").whole!, { ...REQUIRED, FAULT: "mlflow-down" });
    expect(Object.values(real).filter((s) => s.environment?.FAULT !== undefined)).toEqual([]);
  });
});
