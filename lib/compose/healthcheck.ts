// Whether a container has a healthcheck, from configuration only: the resolved compose config, else the container's own (where an image's HEALTHCHECK lands).
import type { ComposeEngine } from "./engine.ts";
import type { ComposeTarget } from "./command.ts";
import type { ContainerState, ListResult } from "./ps.ts";
import { containerName, inspectedContainers, inspectWith, isObj } from "./inspect-json.ts";
import { ownValue } from "../util/own.ts";

/** A test command that runs a check: not empty (inherit the image's) and not NONE (disabled). */
function testRuns(test: unknown): boolean | undefined {
  if (typeof test === "string") return test.trim() === "" ? undefined : test.trim() !== "NONE";
  if (!Array.isArray(test) || test.length === 0) return undefined;
  return test[0] !== "NONE";
}

/**
 * A service's `healthcheck:` in the resolved compose config: true when it defines a test, false when it disables the
 * check; undefined when it says neither, and the image decides.
 */
export function configHealthcheck(healthcheck: unknown): boolean | undefined {
  if (!isObj(healthcheck)) return undefined;
  if (healthcheck.disable === true) return false;
  return testRuns(healthcheck.test);
}

/** `docker inspect` output → container name → whether its Config.Healthcheck runs a check. */
export function parseInspectHealthchecks(text: string): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const c of inspectedContainers(text)) {
    const cfg = isObj(c.Config) ? c.Config : {};
    const hc = isObj(cfg.Healthcheck) ? cfg.Healthcheck : {};
    out.set(containerName(c), testRuns(hc.Test) ?? false);
  }
  return out;
}

/**
 * Wraps a poll so that every container it returns says whether it has a healthcheck: from `configured` (service →
 * answer, from the compose config) or, for the rest, from one `inspect` per container (remembered).
 */
export function withHealthchecks(
  poll: () => Promise<ListResult>,
  configured: Readonly<Record<string, boolean>>,
  inspect: (names: string[]) => Promise<Map<string, boolean> | { error: string }>,
): () => Promise<ListResult> {
  const known = new Map<string, boolean>();
  return async () => {
    const r = await poll();
    if ("error" in r) return r;
    const unknown = r.states.filter((c) => ownValue(configured, c.service) === undefined && !known.has(c.name)).map((c) => c.name);
    if (unknown.length > 0) {
      const found = await inspect(unknown);
      if ("error" in found) return found;
      for (const name of unknown) {
        const has = found.get(name);
        if (has === undefined) return { error: `inspect did not describe container ${name}` };
        known.set(name, has);
      }
    }
    const states: ContainerState[] = r.states.map((c) => ({ ...c, healthcheck: ownValue(configured, c.service) ?? known.get(c.name)! }));
    return { states };
  };
}

/** Inspects containers' healthcheck configuration by name through the engine's CLI. */
export function inspectHealthchecksWith(engine: ComposeEngine, t: ComposeTarget, signal: AbortSignal, log?: (line: string) => void) {
  return inspectWith(engine, t, signal, log, parseInspectHealthchecks);
}
