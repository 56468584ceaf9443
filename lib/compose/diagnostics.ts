// Report material for a compose project: the `compose ps` table, the last log lines of every failing or unhealthy service, and the last runs of the healthcheck of each container that is unhealthy or still starting.
import type { Detail } from "../core/detail.ts";
import type { ExecResult } from "../util/exec.ts";
import type { ComposeEngine } from "./engine.ts";
import { failureText, runCompose, type ComposeTarget } from "./command.ts";
import { stripAnsi } from "./output-text.ts";
import { formatPs, troubled, type ContainerState } from "./ps.ts";
import { listContainers } from "./query.ts";
import { healthLogText, inspectHealthLogsWith, withHealthLogs } from "./health-log.ts";

const LOG_TAIL = 50;

/** How long gathering diagnostics may take, independent of an already-fired step signal. */
export const DIAGNOSTICS_MS = 20_000;

/** The text of a `compose logs` run: stdout then stderr, without terminal escapes or v1's "Attaching to …" header; "" when there is none. */
export function logsText(r: ExecResult): string {
  const text = stripAnsi([r.stdout.trimEnd(), r.stderr.trim()].filter(Boolean).join("\n"));
  return text.replace(/^Attaching to \S.*$/m, "").trim();
}

/** The last `tail` log lines of one service. */
async function serviceLogs(
  engine: ComposeEngine,
  t: ComposeTarget,
  service: string,
  signal: AbortSignal,
  tail = LOG_TAIL,
  log?: (line: string) => void,
): Promise<string> {
  const r = await runCompose(engine, t, ["logs", "--no-color", "--tail", String(tail), service], { signal, log, quiet: true });
  if (r.exitCode !== 0) return `(could not read logs: ${failureText(r)})`;
  return logsText(r) || "(no output)";
}

/**
 * ps plus logs of each troubled service, then what the healthcheck of each container that is unhealthy or still
 * starting said in its last runs (from the states, else one inspect of them all; none for a container whose check has
 * not run); `states` may be passed when the caller just read them.
 */
export async function collectDiagnostics(
  engine: ComposeEngine,
  t: ComposeTarget,
  signal: AbortSignal,
  opts: { states?: ContainerState[]; log?: (line: string) => void; tail?: number } = {},
): Promise<Detail[]> {
  let states = opts.states;
  if (!states) {
    const r = await listContainers(engine, t, signal, opts.log);
    if ("error" in r) return [{ title: `compose ps (project ${t.project})`, body: `(could not list containers: ${r.error})` }];
    states = r.states;
  }
  const details: Detail[] = [{ title: `compose ps (project ${t.project})`, body: formatPs(states) }];
  const services = [...new Set(states.filter(troubled).map((s) => s.service))];
  const tail = opts.tail ?? LOG_TAIL;
  const logs = await Promise.all(services.map((s) => serviceLogs(engine, t, s, signal, tail, opts.log)));
  services.forEach((service, i) => details.push({ title: `logs of ${service} (last ${tail} lines)`, body: logs[i]! }));
  const checking = (c: ContainerState) => c.state === "running" && (c.health === "unhealthy" || c.health === "starting");
  const withLogs = await withHealthLogs(states, checking, inspectHealthLogsWith(engine, t, signal, opts.log));
  for (const c of withLogs.filter((c) => checking(c) && c.healthLog?.length)) {
    const who = withLogs.filter((o) => o.service === c.service).length > 1 ? c.name : c.service;
    const n = c.healthLog!.length;
    details.push({ title: `healthcheck of ${who} (last ${n === 1 ? "run" : `${n} runs`})`, body: healthLogText(c.healthLog!) });
  }
  return details;
}
