// The Resource of a compose project brought up by a run: diagnostics on failure, `down --volumes --remove-orphans` at the end.
import type { Detail } from "../core/detail.ts";
import type { Resource } from "../core/resource.ts";
import type { ComposeEngine } from "./engine.ts";
import { composeArgv, showArgv, type ComposeTarget } from "./command.ts";
import { collectDiagnostics, DIAGNOSTICS_MS } from "./diagnostics.ts";
import { bringDown } from "./down.ts";
import { withoutUserinfo } from "../util/url-text.ts";
import type { Claim } from "./claim.ts";

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
   * `${API_KEY:?…}` that was set only for the run makes the command fail in another shell. v1 needs the files.
   */
  leftBehind(): string {
    const byName = this.engine.jsonPs ? { ...this.target, files: [], profiles: [], envFiles: [] } : this.target;
    return `compose project ${this.project}: ${this.engineSelection()}${showArgv(composeArgv(this.engine, byName, ["down", "--volumes", "--remove-orphans"]))}`;
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
