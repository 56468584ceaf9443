// Brings a project down and removes whatever is left of it (containers, networks, volumes) by its compose label: of the volumes, only its anonymous ones and those compose created for it.
import type { ComposeEngine } from "./engine.ts";
import { failureText, runCompose, runLogged, type ComposeTarget } from "./command.ts";

export const PROJECT_LABEL = "com.docker.compose.project";

export interface DownOptions {
  /** Also remove the project's volumes: its anonymous ones and the ones compose created for it (never another's). */
  volumes: boolean;
  signal: AbortSignal;
  log?: (line: string) => void;
  /** Also remove, by label, anything `down` left behind (volumes only with `volumes`). */
  sweep?: boolean;
}

export interface Leftovers {
  containers: string[];
  networks: string[];
  volumes: string[];
}

/** The ids `args` (`ps -a -q`, `volume ls -q`…) lists of what carries the project's label, or why they could not be listed. */
async function labelled(engine: ComposeEngine, t: ComposeTarget, signal: AbortSignal, args: string[]): Promise<string[] | { error: string }> {
  const r = await runLogged([engine.cli, ...args, "--filter", `label=${PROJECT_LABEL}=${t.project}`], t.cwd, t.env, { signal, quiet: true });
  if (r.exitCode !== 0) return { error: failureText(r) };
  return r.stdout.split("\n").map((l) => l.trim()).filter(Boolean);
}

/** What still carries the project's label. Volumes are only listed when asked for. */
async function leftovers(engine: ComposeEngine, t: ComposeTarget, signal: AbortSignal, volumes = true): Promise<Leftovers | { error: string }> {
  const containers = await containersOf(engine, t, signal);
  if ("error" in containers) return containers;
  const networks = await labelled(engine, t, signal, ["network", "ls", "-q"]);
  if ("error" in networks) return networks;
  const listed = volumes ? await volumesOf(engine, t, signal) : [];
  if ("error" in listed) return listed;
  return { containers, networks, volumes: listed };
}

/** The containers (any state) that carry the project's label, or why they could not be listed. */
export function containersOf(engine: ComposeEngine, t: ComposeTarget, signal: AbortSignal): Promise<string[] | { error: string }> {
  return labelled(engine, t, signal, ["ps", "-a", "-q"]);
}

/** The volumes that carry the project's label (left by a `down` without `--volumes`), or why they could not be listed. */
export function volumesOf(engine: ComposeEngine, t: ComposeTarget, signal: AbortSignal): Promise<string[] | { error: string }> {
  return labelled(engine, t, signal, ["volume", "ls", "-q"]);
}

/** Everything that still carries the project's label, volumes included. */
export function remainsOf(engine: ComposeEngine, t: ComposeTarget, signal: AbortSignal): Promise<Leftovers | { error: string }> {
  return leftovers(engine, t, signal, true);
}

export function isEmpty(l: Leftovers): boolean {
  return l.containers.length + l.networks.length + l.volumes.length === 0;
}

/** Removes the ids (`args`: `rm -f -v`, `network rm`, `volume rm -f`) through the engine's CLI; nothing when there is none. */
async function removeIds(engine: ComposeEngine, t: ComposeTarget, opts: DownOptions, args: string[], ids: readonly string[]): Promise<void> {
  if (ids.length > 0) await runLogged([engine.cli, ...args, ...ids], t.cwd, t.env, { signal: opts.signal, log: opts.log });
}

export function describeLeft(l: Leftovers): string {
  const parts: string[] = [];
  if (l.containers.length) parts.push(`${l.containers.length} container(s)`);
  if (l.networks.length) parts.push(`${l.networks.length} network(s)`);
  if (l.volumes.length) parts.push(`${l.volumes.length} volume(s)`);
  return parts.join(", ");
}

/**
 * Stops and removes the project's containers with their anonymous volumes, and never a named one: `compose rm --stop
 * --force -v` (stopped as `down` stops them, each with its stop_grace_period; v1 has no `--volumes`), then by label (`rm -f -v`) any it
 * left (an orphan: a service of none of the files). The engine removes with a container only the volumes made for it
 * alone (anonymous ones); `down --volumes` removed too every named volume the files declare that is not `external`,
 * also one that was there before the run (a developer's stack's, taken down without -v; one of `docker volume create`):
 * compose only warns at `up` that it "already exists but was created for project …" and uses it.
 */
async function removeContainers(engine: ComposeEngine, t: ComposeTarget, opts: DownOptions): Promise<void> {
  const r = await runCompose(engine, t, ["rm", "--stop", "--force", "-v"], { signal: opts.signal, log: opts.log });
  if (r.exitCode !== 0 && !r.aborted) opts.log?.(`compose rm failed (${failureText(r)}); removing the project's containers by label`);
  const left = await containersOf(engine, t, opts.signal);
  if ("error" in left) opts.log?.(`cannot list what is left of project ${t.project}'s containers: ${left.error}`);
  else await removeIds(engine, t, opts, ["rm", "-f", "-v"], left);
}

/**
 * Takes the project down: `down --remove-orphans`, never with `--volumes`. With `volumes`, its containers go first with
 * their anonymous volumes (removeContainers), and after `down` the volumes that carry the project's label: the named
 * ones compose created for it (compose labels each volume it creates with its project, a `name:`d one too, and never
 * relabels one that exists). So a volume the run did not create keeps its data. With sweep, whatever else still carries
 * the label is then removed by it. Returns an error text or undefined.
 */
export async function bringDown(engine: ComposeEngine, t: ComposeTarget, opts: DownOptions): Promise<string | undefined> {
  if (opts.volumes) await removeContainers(engine, t, opts);
  const sub = ["down", "--remove-orphans"];
  let r = await runCompose(engine, t, sub, { signal: opts.signal, log: opts.log });
  if (r.exitCode !== 0 && !r.aborted && t.files.length > 0) {
    // The compose files may be gone or broken by now; compose v2 can take a project down by name alone.
    opts.log?.("compose down failed with the files; retrying by project name only");
    r = await runCompose(engine, { ...t, files: [], envFiles: [], profiles: [] }, sub, { signal: opts.signal, log: opts.log });
  }
  const downError = r.exitCode === 0 ? undefined : `compose down failed: ${failureText(r)}`;
  if (opts.volumes) {
    const own = await volumesOf(engine, t, opts.signal);
    if ("error" in own) opts.log?.(`cannot list project ${t.project}'s volumes: ${own.error}`);
    else if (own.length > 0) {
      opts.log?.(`removing the volumes compose created for project ${t.project} (by its label): ${own.join(", ")}`);
      await removeIds(engine, t, opts, ["volume", "rm", "-f"], own);
    }
  }
  if (!opts.sweep) return downError;
  const left = await leftovers(engine, t, opts.signal, opts.volumes);
  if ("error" in left) return downError ?? `cannot check what is left of project ${t.project}: ${left.error}`;
  if (isEmpty(left)) return undefined;
  opts.log?.(`project ${t.project} still has ${describeLeft(left)} after down; removing them by label`);
  await removeIds(engine, t, opts, ["rm", "-f", "-v"], left.containers);
  await removeIds(engine, t, opts, ["network", "rm"], left.networks);
  await removeIds(engine, t, opts, ["volume", "rm", "-f"], left.volumes);
  const after = await leftovers(engine, t, opts.signal, opts.volumes);
  if ("error" in after) return `cannot check what is left of project ${t.project}: ${after.error}`;
  return isEmpty(after) ? undefined : `project ${t.project} still has ${describeLeft(after)} after down and removal by label`;
}
