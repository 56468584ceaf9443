// What a container's healthcheck said when it ran (inspect's State.Health.Log: exit code and output of its last runs), read only for a container found unhealthy: why it is, on the verdict's one line and in the report.
import type { ComposeEngine } from "./engine.ts";
import type { ComposeTarget } from "./command.ts";
import type { ContainerState, HealthRun } from "./ps.ts";
import type { ServiceVerdict } from "./wait.ts";
import { containerName, inspectedContainers, inspectWith, isObj } from "./inspect-json.ts";
import { stripAnsi } from "./output-text.ts";
import { clipAfter } from "../util/clip.ts";

export type { HealthRun };

/** How much of a check's output the verdict's one line carries: its telling line (tellingLine), cut here with "…". */
const LINE_MAX = 200;
/** How much of each check's output the report carries (docker keeps 4 KiB of it; podman does not cut). */
const OUTPUT_MAX = 4096;

/** Control characters other than tab and line breaks: a check's output is a program's, and may hold any. */
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;

/**
 * `inspect` output → container name → the runs of its healthcheck, oldest first (none for a container without a
 * health state). Docker writes them in `State.Health.Log`; podman too, and its own inspect before 4.3 in
 * `State.Healthcheck.Log`.
 */
export function parseInspectHealthLogs(text: string): Map<string, HealthRun[]> {
  const out = new Map<string, HealthRun[]>();
  for (const c of inspectedContainers(text)) {
    const state = isObj(c.State) ? c.State : {};
    const health = isObj(state.Health) ? state.Health : isObj(state.Healthcheck) ? state.Healthcheck : {};
    const log = Array.isArray(health.Log) ? health.Log.filter(isObj) : [];
    out.set(
      containerName(c),
      log.map((r) => ({
        exitCode: typeof r.ExitCode === "number" ? r.ExitCode : null,
        output: typeof r.Output === "string" ? r.Output : "",
        start: typeof r.Start === "string" ? r.Start : "",
        end: typeof r.End === "string" ? r.End : "",
      })),
    );
  }
  return out;
}

/** Inspects containers' healthcheck runs by name through the engine's CLI (a container gone meanwhile is left out). */
export function inspectHealthLogsWith(engine: ComposeEngine, t: ComposeTarget, signal: AbortSignal, log?: (line: string) => void) {
  return inspectWith(engine, t, signal, log, parseInspectHealthLogs, true);
}

export type ReadHealthLogs = (names: string[]) => Promise<Map<string, HealthRun[]> | { error: string }>;

/** A check's output as text to show: no terminal escapes, no control characters but tabs and line breaks. */
function shown(output: string): string {
  return stripAnsi(output).replace(CONTROL, "");
}

/** A Python traceback's header, and the lines joining two chained ones: none of them says what went wrong. */
const TRACEBACK_HEADER = /^Traceback \(most recent call last\):$/;
const TRACEBACK_JOIN = /^(During handling of the above exception, another exception occurred:|The above exception was the direct cause of the following exception:)$/;

/**
 * The line of a check's output that says why it failed, on one line (tabs as spaces), cut to LINE_MAX with "…"; "" for
 * none: its first line that says something, but for a Python traceback (the `python3 -c "…urlopen(…)"` healthchecks),
 * whose first line is its header, the exception: its last line not indented that is no header (`urllib.error.URLError:
 * <urlopen error [Errno 111] Connection refused>`), or the header when the output holds no such line.
 */
export function tellingLine(output: string): string {
  const raw = shown(output).split(/\r\n|\r|\n/).map((l) => l.replace(/\t/g, " ").trimEnd()).filter((l) => l.trim() !== "");
  let line = raw[0]?.trim() ?? "";
  if (TRACEBACK_HEADER.test(line)) {
    const exception = raw.findLast((l) => !/^\s/.test(l) && !TRACEBACK_HEADER.test(l) && !TRACEBACK_JOIN.test(l));
    if (exception !== undefined) line = exception;
  }
  return clipAfter(line, LINE_MAX);
}

/**
 * One failed run in words: "its healthcheck exited 7: curl: (7) Failed to connect…". A code below 0 is the engine's own
 * failure (docker's -1: the command could not be started, or it ran past its timeout), whose output says which.
 */
export function failedCheckText(run: HealthRun, whose = "its healthcheck"): string {
  const line = tellingLine(run.output);
  const how = run.exitCode !== null && run.exitCode < 0 ? "failed" : `exited ${run.exitCode ?? "with an unknown code"}`;
  return `${whose} ${how}${line ? `: ${line}` : " with no output"}`;
}

/** The last run that failed, or undefined. */
export function lastFailedRun(runs: readonly HealthRun[] | undefined): HealthRun | undefined {
  return runs?.findLast((r) => r.exitCode !== 0);
}

/** An unhealthy container's verdict: "unhealthy: its healthcheck exited 3: no-db-here", or "unhealthy" when its log has no failed run. */
export function unhealthyText(runs: readonly HealthRun[] | undefined): string {
  const failed = lastFailedRun(runs);
  return failed ? `unhealthy: ${failedCheckText(failed)}` : "unhealthy";
}

/** Every run, oldest first: when it started, how it ended and its whole output (cut at OUTPUT_MAX), indented. */
export function healthLogText(runs: readonly HealthRun[]): string {
  const lines: string[] = [];
  for (const r of runs) {
    const how = r.exitCode !== null && r.exitCode < 0 ? "failed (the engine's own error)" : `exit ${r.exitCode ?? "?"}`;
    lines.push(`${r.start || "(start not given)"} ${how}:`);
    const out = shown(clipAfter(r.output, OUTPUT_MAX)).replace(/\r\n|\r/g, "\n").trimEnd();
    lines.push(...(out.trim() === "" ? ["(no output)"] : out.split("\n")).map((l) => `  ${l.trimEnd()}`));
  }
  return lines.join("\n");
}

/**
 * The states with the healthcheck runs of each container `wanted` picks that has none read yet (one read for them all).
 * A read that fails leaves them as they were: the runs only say more about a verdict already made.
 */
export async function withHealthLogs(states: readonly ContainerState[], wanted: (c: ContainerState) => boolean, read: ReadHealthLogs): Promise<ContainerState[]> {
  const names = states.filter((c) => c.healthLog === undefined && wanted(c)).map((c) => c.name);
  if (names.length === 0) return [...states];
  const found = await read(names);
  if ("error" in found) return [...states];
  return states.map((c) => {
    const runs = names.includes(c.name) ? found.get(c.name) : undefined;
    return runs ? { ...c, healthLog: runs } : c;
  });
}

/** The unhealthy container a verdict names: by its service (a service of one container) or its container name. */
function containerOf(v: ServiceVerdict, states: readonly ContainerState[]): ContainerState | undefined {
  return states.find((c) => c.health === "unhealthy" && c.name === v.service) ?? states.find((c) => c.health === "unhealthy" && c.service === v.service);
}

/**
 * Failed verdicts with each plain "unhealthy" one saying why (unhealthyText), from one read of the healthcheck runs of
 * the containers they name, and the states with those runs (for the report). No unhealthy verdict, no read.
 */
export async function explainUnhealthy(failed: readonly ServiceVerdict[], states: readonly ContainerState[], read: ReadHealthLogs): Promise<{ failed: ServiceVerdict[]; states: ContainerState[] }> {
  const sick = new Set(failed.filter((v) => v.why === "unhealthy").map((v) => containerOf(v, states)?.name).filter((n) => n !== undefined));
  if (sick.size === 0) return { failed: [...failed], states: [...states] };
  const read2 = await withHealthLogs(states, (c) => sick.has(c.name), read);
  const explained = failed.map((v) => {
    if (v.why !== "unhealthy") return v;
    const c = containerOf(v, read2);
    return c ? { ...v, why: unhealthyText(c.healthLog) } : v;
  });
  return { failed: explained, states: read2 };
}

/**
 * The container a failed `compose up` names as an unhealthy dependency, or undefined: compose v2's "dependency failed
 * to start: container p-db-1 is unhealthy", v1's `Container "8d8f7b2c1a2e" is unhealthy.` (an id).
 */
export function unhealthyDependency(output: string): string | undefined {
  return /\bcontainer "?([A-Za-z0-9][A-Za-z0-9_.-]*)"? is unhealthy/i.exec(stripAnsi(output))?.[1];
}

/**
 * For a `compose up` that failed on a dependency's healthcheck ("dependency failed to start: container p-db-1 is
 * unhealthy"): "; the healthcheck of p-db-1 exited 3: no-db-here", from its last failed run. "" otherwise.
 */
export async function dependencyWhy(output: string, read: ReadHealthLogs): Promise<string> {
  const name = unhealthyDependency(output);
  if (!name) return "";
  const found = await read([name]);
  // compose v1 names it by its id: the one container inspected.
  const failed = "error" in found ? undefined : lastFailedRun(found.get(name) ?? [...found.values()][0]);
  return failed ? `; ${failedCheckText(failed, `the healthcheck of ${name}`)}` : "";
}
