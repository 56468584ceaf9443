// Variable lookup in the format's order: captures, --var, built-ins, process environment, `vars:`.
import { runLogDir } from "../util/run-log-dir.ts";
import { findRefs, interpolate } from "./interpolate.ts";
import { emptyTable, ownValue } from "../util/own.ts";

export interface ScopeSources {
  cli: Record<string, string>;
  /** --env-file values: below --var, above the process environment. */
  envFile: Record<string, string>;
  env: Record<string, string | undefined>;
  vars: Record<string, string>;
  builtins: Record<string, string>;
}

/** The longest a `vars:` value may grow once its references are filled in: as long as a scenario file may be. */
export const MAX_VAR_CHARS = 16 * 1024 * 1024;

export class VarScope {
  /** Read-only outside this class: set captures with capture(), which keeps exported() current. */
  readonly captures: Record<string, string> = emptyTable();
  /** The name of the step that captured each variable last, as the reports show it. */
  readonly capturedBy: Record<string, string> = emptyTable();
  private readonly vars: Record<string, string> = emptyTable();
  /** The names whose last capture was empty: while there is none, no step needs looking through for them. */
  private readonly emptyCaptures = new Set<string>();
  private exportedCache?: Record<string, string>;

  /**
   * `vars:` entries that refer to themselves, directly (`API_KEY: ${API_KEY}`) or through others (`A: ${B}`, `B: ${A}`),
   * with no source above vars: defining a name on the way: each has no value (the loader refuses them, lib/loader/variables.ts),
   * where the reference's text was its value before.
   */
  readonly looping: ReadonlyMap<string, { path: string[]; offset: number }>;
  /** `vars:` entries longer than MAX_VAR_CHARS once their references are filled in (`A: ${B}${B}`, `B: ${C}${C}`, …): no value (the loader refuses them). */
  readonly oversized = new Map<string, number>();

  constructor(private readonly src: ScopeSources) {
    this.looping = varLoops(src.vars, (n) => this.aboveVars(n));
    // `vars:` values may refer to other variables (e.g. http://127.0.0.1:${PORT}), before them in the file or after (an
    // entry read before the one it names had that one's text, `${C}` and all): each is resolved once, those it names
    // first. A name being resolved has no value inside itself (`A: ${B:-x}`, `B: ${A:-y}`: the default).
    const resolving = new Set<string>();
    const resolved = (k: string): string | undefined => {
      if (this.looping.has(k) || this.oversized.has(k) || resolving.has(k)) return undefined;
      const done = ownValue(this.vars, k);
      if (done !== undefined) return done;
      resolving.add(k);
      const value = interpolate(src.vars[k]!, (n) => (this.aboveVars(n) ? this.lookup(n) : Object.hasOwn(src.vars, n) ? resolved(n) : undefined));
      resolving.delete(k);
      if (value.length > MAX_VAR_CHARS) {
        this.oversized.set(k, value.length);
        return undefined;
      }
      this.vars[k] = value;
      return value;
    };
    for (const k of Object.keys(src.vars)) resolved(k);
  }

  /** Whether a source that comes before `vars:` defines the name. */
  private aboveVars(name: string): boolean {
    return ownValue(this.src.cli, name) !== undefined || ownValue(this.src.builtins, name) !== undefined || ownValue(this.src.envFile, name) !== undefined || ownValue(this.src.env, name) !== undefined;
  }

  lookup = (name: string): string | undefined =>
    ownValue(this.captures, name) ?? ownValue(this.src.cli, name) ?? ownValue(this.src.builtins, name) ?? ownValue(this.src.envFile, name) ?? ownValue(this.src.env, name) ?? ownValue(this.vars, name);

  /** lookup() of the names known before the run starts (everything but captures); undefined for the others. */
  lookupKnown = (name: string): string | undefined => (this.knownBeforeRun(name) ? this.lookup(name) : undefined);

  /** True when the name resolves from a source known before the run starts (everything but captures). */
  knownBeforeRun(name: string): boolean {
    return ownValue(this.src.cli, name) !== undefined || ownValue(this.src.builtins, name) !== undefined || ownValue(this.src.envFile, name) !== undefined ||
      ownValue(this.src.env, name) !== undefined || ownValue(this.vars, name) !== undefined;
  }

  /** Where a name known before the run takes its value from, as messages say it ("from --var"); undefined for others. */
  sourceOf(name: string): string | undefined {
    if (ownValue(this.src.cli, name) !== undefined) return "from --var";
    if (ownValue(this.src.builtins, name) !== undefined) return "a built-in";
    if (ownValue(this.src.envFile, name) !== undefined) return "from --env-file";
    if (ownValue(this.src.env, name) !== undefined) return "from the environment";
    if (ownValue(this.vars, name) !== undefined) return "under vars:";
    return undefined;
  }

  /** `by`: the name of the step that captured it, as the reports show it. */
  capture(name: string, value: string, by?: string): void {
    this.captures[name] = value;
    if (value === "") this.emptyCaptures.add(name);
    else this.emptyCaptures.delete(name);
    if (by !== undefined) this.capturedBy[name] = by;
    this.exportedCache = undefined;
  }

  /** True when some variable was captured empty (its last capture). */
  hasEmptyCapture(): boolean {
    return this.emptyCaptures.size > 0;
  }

  /** True when the last capture of `name` was empty. */
  capturedEmpty(name: string): boolean {
    return this.emptyCaptures.has(name);
  }

  /** The variables exported to child processes: every name in lookup()'s order, so that $NAME in a child is what ${NAME} gives. */
  exported(): Record<string, string> {
    if (this.exportedCache) return this.exportedCache;
    const out: Record<string, string> = Object.assign(emptyTable(), this.vars);
    for (const [k, v] of Object.entries(this.src.env)) if (v !== undefined) out[k] = v;
    Object.assign(out, this.src.envFile, this.src.builtins, this.src.cli, this.captures);
    this.exportedCache = out;
    return out;
  }
}

/** The built-in variables of a run. `cwd`: the directory the command runs in, under which the run log is written. */
export function builtins(runId: string, start: Date, scenarioDir: string, cwd = process.cwd()): Record<string, string> {
  return {
    RUN_ID: runId,
    START_EPOCH: String(Math.floor(start.getTime() / 1000)),
    START_ISO: start.toISOString(),
    SCENARIO_DIR: scenarioDir,
    RUN_LOG_DIR: runLogDir(cwd),
  };
}

/**
 * The `vars:` entries whose references lead back to themselves through entries no source above vars: defines (`above`),
 * references with a default aside: each with the loop (`[A, B, A]`) and the offset of the reference that starts it.
 */
export function varLoops(vars: Record<string, string>, above: (name: string) => boolean): Map<string, { path: string[]; offset: number }> {
  const loops = new Map<string, { path: string[]; offset: number }>();
  const refsOf = (name: string) => {
    const raw = Object.hasOwn(vars, name) ? vars[name] : undefined;
    if (typeof raw !== "string" || above(name)) return [];
    return findRefs(raw).filter((r) => !r.error && !r.hasDefault);
  };
  // The way back to `start` from `from`, each entry visited once per start (a shared reference is walked once: a chain of
  // entries each naming the next twice took 2^n walks), as the names from `from` to `start`.
  const back = (start: string, from: string): string[] | undefined => {
    const cameFrom = new Map<string, string>([[from, ""]]);
    const queue = [from];
    for (let i = 0; i < queue.length; i++) {
      const at = queue[i]!;
      for (const ref of refsOf(at)) {
        if (ref.name === start) {
          const path = [start];
          for (let n: string = at; n !== ""; n = cameFrom.get(n)!) path.unshift(n);
          return path;
        }
        if (cameFrom.has(ref.name)) continue;
        cameFrom.set(ref.name, at);
        queue.push(ref.name);
      }
    }
    return undefined;
  };
  for (const name of Object.keys(vars)) {
    for (const ref of refsOf(name)) {
      const path = ref.name === name ? [name] : back(name, ref.name);
      if (path) {
        loops.set(name, { path: [name, ...path], offset: ref.offset });
        break;
      }
    }
  }
  return loops;
}
