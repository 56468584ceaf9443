// The Resource of a compose project brought up by a run: diagnostics on failure; at the end it is taken down with its own volumes (lib/compose/down.ts), never a volume it did not create.
import type { Detail } from "../core/detail.ts";
import type { Resource } from "../core/resource.ts";
import type { ComposeEngine } from "./engine.ts";
import { composeArgv, showArgv, type ComposeTarget } from "./command.ts";
import { collectDiagnostics, DIAGNOSTICS_MS } from "./diagnostics.ts";
import { bringDown, PROJECT_LABEL } from "./down.ts";
import { withoutUserinfo } from "../util/url-text.ts";
import type { Claim } from "./claim.ts";
import type { ContainerStart, ContainerState } from "./ps.ts";

/** What the run saw of a container when it last came up: its creation (a container made anew is another) and restart count. */
interface SeenStart {
  service: string;
  created?: string;
  restarts: number;
  /** The step that saw it, or that set its count back to 0: "compose up", "compose restart", "compose stop". */
  by: string;
}

/** Cleanup's own deadline: it must work after the step's signal has fired (timeout, Ctrl-C). */
const CLEANUP_MS = 120_000;

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}

export class ComposeProject implements Resource {
  readonly name: string;
  keep = false;
  /**
   * The run's claim on the project (lib/compose/claim.ts), taken before its first `up`: released once the run's own down
   * or cleanup of it has ended, or (a kept project, which the run never takes down) once that `up` has.
   */
  claim?: Claim;
  private target: ComposeTarget;
  /** Container name → its restart count when the run's last `up` (or `restart` with wait) of it read it, or 0 since a `stop` or `restart` of it. */
  private readonly seen = new Map<string, SeenStart>();

  constructor(
    readonly engine: ComposeEngine,
    target: ComposeTarget,
    private readonly log: (line: string) => void,
  ) {
    this.name = `compose project ${target.project}`;
    this.target = { ...target };
  }

  get project(): string {
    return this.target.project;
  }

  /** Everything any step used for this project (files, profiles, env files), so `down` sees every service. */
  get current(): ComposeTarget {
    return this.target;
  }

  /** Records what a later step of the same project used. */
  merge(t: ComposeTarget): void {
    this.target = {
      ...this.target,
      files: union(this.target.files, t.files),
      profiles: union(this.target.profiles, t.profiles),
      envFiles: union(this.target.envFiles, t.envFiles),
      env: { ...this.target.env, ...t.env },
    };
  }

  diagnostics(): Promise<Detail[]> {
    return collectDiagnostics(this.engine, this.target, AbortSignal.timeout(DIAGNOSTICS_MS), { log: this.log });
  }

  /**
   * The command that removes the project after a hard stop, to be pasted into any shell. Compose v2 takes a project down
   * by its name alone, which needs neither the files nor the variables they require: with the files, a
   * `${API_KEY:?…}` that was set only for the run makes the command fail in another shell. By name, its `--volumes`
   * removes only the volumes that carry the project's label (the ones compose created for it) and the anonymous ones.
   * v1 needs the files, with which `down --volumes` removes every named volume they declare, one the run did not create
   * too: so its containers go with their anonymous volumes (`rm --stop --force -v`), then the rest (`down`), then the
   * volumes labelled with the project.
   */
  leftBehind(): string {
    const env = this.engineSelection();
    if (this.engine.jsonPs) {
      const byName = { ...this.target, files: [], profiles: [], envFiles: [] };
      return `compose project ${this.project}: ${env}${showArgv(composeArgv(this.engine, byName, ["down", "--volumes", "--remove-orphans"]))}`;
    }
    const commands = [
      showArgv(composeArgv(this.engine, this.target, ["rm", "--stop", "--force", "-v"])),
      showArgv(composeArgv(this.engine, this.target, ["down", "--remove-orphans"])),
      `${showArgv([this.engine.cli, "volume", "ls", "-q", "--filter", `label=${PROJECT_LABEL}=${this.project}`])} | ${env}xargs -r ${showArgv([this.engine.cli, "volume", "rm"])}`,
    ];
    return `compose project ${this.project}: ${commands.map((c) => env + c).join(" && ")}`;
  }

  /**
   * `DOCKER_HOST=… DOCKER_CONTEXT=… ` for the ones the run set itself (--var, vars:) to another value than this
   * process's environment has: a shell without them would send the command to another engine. A user name and password
   * in DOCKER_HOST are shown as `***` (the user puts them back).
   */
  private engineSelection(): string {
    let out = "";
    for (const name of ["DOCKER_HOST", "DOCKER_CONTEXT"] as const) {
      const value = this.target.env[name];
      if (value === undefined || value === process.env[name]) continue;
      out += `${name}=${showArgv([name === "DOCKER_HOST" ? withoutUserinfo(value) : value])} `;
    }
    return out;
  }

  /** Records each container's restart count as an `up` (or a `restart` with wait) of the run read it. */
  recordStarts(states: readonly ContainerState[], by: string): void {
    for (const c of states) {
      if (c.start) this.seen.set(c.name, { service: c.service, created: c.start.created, restarts: c.start.restarts, by });
    }
  }

  /**
   * The counts of the services' containers (every one when none is given) after a `stop` or `restart` of them: the
   * engine sets them back to 0, so they are counted from 0 since the step `by` names ("compose restart"). Without `by`
   * (the command failed, having set some back or none), from 0 too, since the step that last saw or set them.
   */
  resetStarts(services: readonly string[], by?: string): void {
    for (const [name, s] of this.seen) {
      if (services.length === 0 || services.includes(s.service)) this.seen.set(name, { ...s, restarts: 0, by: by ?? s.by });
    }
  }

  /**
   * A container's restart count when this run last saw it come up, and the step that saw it: the recorded one (0 since a
   * `stop` or `restart` of it), or 0 for one it has no record of, which this run created (the project is one it brought
   * up) or started again since.
   */
  restartsWhenUp(name: string, start: ContainerStart): { restarts: number; by: string } {
    const s = this.seen.get(name);
    if (s && s.created === start.created) return { restarts: s.restarts, by: s.by };
    return { restarts: 0, by: "compose up" };
  }

  /** Lets another run claim the project. */
  releaseClaim(): void {
    this.claim?.release();
    this.claim = undefined;
  }

  async cleanup(): Promise<void> {
    this.log(`cleanup: bringing compose project ${this.project} down`);
    let error: string | undefined;
    try {
      error = await bringDown(this.engine, this.target, {
        volumes: true,
        signal: AbortSignal.timeout(CLEANUP_MS),
        log: this.log,
        sweep: true,
      });
    } finally {
      this.releaseClaim();
    }
    if (error) throw new Error(error);
    this.log(`cleanup: compose project ${this.project} removed (containers, networks, volumes)`);
  }
}

/** The live project resource of that name, if a step of this run registered it. */
export function findProject(resources: readonly Resource[], project: string): ComposeProject | undefined {
  return resources.find((r): r is ComposeProject => r instanceof ComposeProject && r.project === project);
}
