// Reads a project's live state (containers via compose ps, or by label and inspect) and its resolved config (dependencies, one-shot services, healthchecks).
import { parse as parseYaml } from "yaml";
import type { ComposeEngine } from "./engine.ts";
import { failureText, runCompose, runLogged, type ComposeTarget } from "./command.ts";
import { parseInspect, parsePsJson, type ContainerState, type ListResult } from "./ps.ts";
import { PROJECT_LABEL } from "./down.ts";
import { configHealthcheck } from "./healthcheck.ts";
import { emptyTable, ownValue } from "../util/own.ts";

/** Every container of the project, stopped ones included. */
export async function listContainers(
  engine: ComposeEngine,
  t: ComposeTarget,
  signal: AbortSignal,
  log?: (line: string) => void,
  quiet = true,
): Promise<ListResult> {
  if (engine.jsonPs) {
    const r = await runCompose(engine, t, ["ps", "-a", "--format", "json"], { signal, log, quiet });
    if (r.exitCode === 0) {
      try {
        return { states: parsePsJson(r.stdout) };
      } catch {
        // Not JSON after all (an old or unusual compose): ask the engine directly below.
      }
    } else if (r.aborted) {
      return { error: failureText(r) };
    }
  }
  // By the project's label through the docker CLI: the same containers as `compose ps -a -q`, without starting
  // compose v1's Python on every poll of a wait.
  const ids = await runLogged([engine.cli, "ps", "-a", "-q", "--no-trunc", "--filter", `label=${PROJECT_LABEL}=${t.project}`], t.cwd, t.env, { signal, log, quiet });
  if (ids.exitCode !== 0) return { error: `listing the project's containers failed: ${failureText(ids)}` };
  const list = ids.stdout.split("\n").map((l) => l.trim()).filter(Boolean);
  if (list.length === 0) return { states: [] };
  const inspect = await runLogged([engine.cli, "inspect", ...list], t.cwd, t.env, { signal, log, quiet });
  if (inspect.exitCode !== 0) return { error: `inspect failed: ${failureText(inspect)}` };
  try {
    return { states: parseInspect(inspect.stdout) };
  } catch (e) {
    return { error: `cannot parse inspect output: ${(e as Error).message}` };
  }
}

/** What the wait loop needs from the resolved compose file. */
export interface ProjectConfig {
  services: string[];
  /** service → the services it depends on. */
  dependsOn: Record<string, string[]>;
  /**
   * service → the ones of its dependencies marked `required: false` (compose v2.20+): compose starts them only if it can,
   * and not at all when they are no service of the project (under a profile the step does not enable).
   */
  optional: Record<string, string[]>;
  /** Services others wait on with `condition: service_completed_successfully`: exiting 0 is their success. */
  oneShot: Set<string>;
  /** service → whether its `healthcheck:` defines a check (true) or disables it (false); absent: the image decides. */
  healthchecks: Record<string, boolean>;
  /** Services scaled to no container (`scale: 0`, `deploy: {replicas: 0}`): `up` starts none of them. */
  noReplicas: Set<string>;
}

/** Whether a resolved service asks for no container: `scale: 0` or `deploy: {replicas: 0}` (compose prints either as a number). */
function scaledToZero(svc: { scale?: unknown; deploy?: unknown } | null | undefined): boolean {
  const replicas = svc?.deploy && typeof svc.deploy === "object" ? (svc.deploy as { replicas?: unknown }).replicas : undefined;
  return [svc?.scale, replicas].some((n) => n === 0 || n === "0");
}

/** Extracts dependencies from the resolved config: `config --format json` (v2) or `config` YAML (v1), parsed. */
export function parseConfig(doc: unknown): ProjectConfig {
  const services = (doc as { services?: Record<string, { depends_on?: unknown; healthcheck?: unknown; scale?: unknown; deploy?: unknown } | null> } | null)?.services ?? {};
  const dependsOn = emptyTable<string[]>();
  const optional = emptyTable<string[]>();
  const oneShot = new Set<string>();
  const healthchecks = emptyTable<boolean>();
  const noReplicas = new Set<string>();
  for (const [name, svc] of Object.entries(services)) {
    if (scaledToZero(svc)) noReplicas.add(name);
    const hc = configHealthcheck(svc?.healthcheck);
    if (hc !== undefined) healthchecks[name] = hc;
    const deps = svc?.depends_on;
    if (Array.isArray(deps)) dependsOn[name] = deps.map(String);
    else if (deps && typeof deps === "object") {
      dependsOn[name] = Object.keys(deps);
      for (const [dep, spec] of Object.entries(deps as Record<string, { condition?: string; required?: unknown } | null>)) {
        if (spec?.condition === "service_completed_successfully") oneShot.add(dep);
        if (spec?.required === false) (optional[name] ??= []).push(dep);
      }
    } else dependsOn[name] = [];
  }
  return { services: Object.keys(services).sort(), dependsOn, optional, oneShot, healthchecks, noReplicas };
}

/** The resolved config (compose v2 prints it as JSON, v1 as YAML); undefined when compose cannot print it. */
export async function projectConfig(engine: ComposeEngine, t: ComposeTarget, signal: AbortSignal): Promise<ProjectConfig | undefined> {
  const r = await runCompose(engine, t, engine.jsonPs ? ["config", "--format", "json"] : ["config"], { signal, quiet: true });
  if (r.exitCode !== 0) return undefined;
  try {
    return parseConfig(engine.jsonPs ? JSON.parse(r.stdout) : parseYaml(r.stdout));
  } catch {
    return undefined;
  }
}

/**
 * The services an `up` starts containers for, as the wait and the read after `up` take them: the given ones and what
 * they depend on (every service of the files when none is given), less those scaled to no container, for which the wait
 * waited until its timeout ("z (no container yet)"), where `compose up --wait` skips them. Undefined without a config.
 */
export function startedServices(cfg: ProjectConfig | undefined, services: readonly string[]): string[] | undefined {
  const all = services.length ? withDependencies(cfg, services) : cfg?.services;
  return all?.filter((s) => !cfg?.noReplicas.has(s));
}

/** The given services plus everything they depend on, transitively. */
export function withDependencies(cfg: ProjectConfig | undefined, services: readonly string[]): string[] {
  const out = new Set<string>();
  const visit = (s: string) => {
    if (out.has(s)) return;
    out.add(s);
    for (const d of (cfg && ownValue(cfg.dependsOn, s)) ?? []) visit(d);
  };
  services.forEach(visit);
  return [...out].sort();
}

/**
 * The dependencies of the given services that `up` may leave without a container: reached only through `depends_on`
 * entries marked `required: false` (and what those depend on), never named nor reached through a required entry. The
 * wait waited for such a one that compose did not start (under a profile the step does not enable) until its timeout
 * ("db (no container yet)"). Compose's config cannot say whether it starts one: it starts one under the profile of a
 * service the step names, which the config leaves out too, so the wait decides by whether it has a container.
 */
export function optionalServices(cfg: ProjectConfig | undefined, services: readonly string[]): Set<string> {
  const required = new Set<string>();
  const visit = (s: string) => {
    if (required.has(s)) return;
    required.add(s);
    const soft = (cfg && ownValue(cfg.optional, s)) ?? [];
    for (const d of (cfg && ownValue(cfg.dependsOn, s)) ?? []) if (!soft.includes(d)) visit(d);
  };
  services.forEach(visit);
  return new Set(withDependencies(cfg, services).filter((s) => !required.has(s)));
}
