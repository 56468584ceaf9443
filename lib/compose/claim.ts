// A run's exclusive claim on a compose project (per engine), taken before its check-and-up and held until its own down or cleanup of the project ends: two runs given one fixed `project:` cannot both bring it up, nor take it down under each other.
import { createHash, randomBytes } from "node:crypto";
import { linkSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { processAlive } from "../util/exec.ts";
import { readProcStat } from "../util/proc-stat.ts";
import { NotRegularFile, readRegular } from "../util/regular-file.ts";
import { sleep } from "../util/sleep.ts";

/** What a claim file holds (JSON): who holds it. */
export interface ClaimHolder {
  pid: number;
  runId: string;
  scenario: string;
  project: string;
  /** A keep run's claim (keep: true, --keep-stack): held only while its `up` runs, since it never takes the stack down. */
  keep: boolean;
  /** When it was taken (ISO). */
  since: string;
  /** The holder's start time in clock ticks since boot (/proc/PID/stat), where there is one: a reused PID is no holder. */
  procStart?: string;
  /** Tells this claim from any other (a release removes only its own). */
  token: string;
}

/** A claim this process holds: release it once the run's down or cleanup of the project has ended. */
export interface Claim {
  readonly file: string;
  /** Removes the claim file if it is still this claim's; safe to call more than once. */
  release(): void;
}

export type ClaimResult =
  | { claim: Claim }
  /** A keep run found another keep run's claim: both only use the stack and neither takes it down, so it goes on unclaimed. */
  | { shared: ClaimHolder }
  | { heldBy: ClaimHolder }
  /** The claim file could not be written or read (a read-only temporary directory, say). */
  | { error: string };

export interface ClaimRequest {
  /** The compose project's name. */
  project: string;
  /** The environment the run's compose commands get: DOCKER_HOST and DOCKER_CONTEXT say which engine the project lives on. */
  env: Record<string, string | undefined>;
  runId: string;
  scenario: string;
  keep: boolean;
  /** Where claim files live (default: the system's temporary directory, shared by every run on this machine). */
  dir?: string;
}

/**
 * The engine, for the claim's key: DOCKER_HOST, else DOCKER_CONTEXT, else the default socket (the docker CLI's order).
 * Unset, the default context and the default socket are one engine.
 */
function engineKey(env: Record<string, string | undefined>): string {
  const host = env.DOCKER_HOST?.trim();
  if (host && host !== "unix:///var/run/docker.sock") return `host ${host}`;
  const context = env.DOCKER_CONTEXT?.trim();
  if (!host && context && context !== "default") return `context ${context}`;
  return "default";
}

/** The claim file of a project on an engine. The engine is hashed: a DOCKER_HOST may hold a password. */
export function claimFile(project: string, env: Record<string, string | undefined>, dir = tmpdir()): string {
  const hash = createHash("sha256").update(`${engineKey(env)}\0${project}`).digest("hex").slice(0, 16);
  return join(dir, `scenario-compose-${project}-${hash}.claim`);
}

/** Whether the process that wrote a claim still runs: its PID answers, is no zombie, and (where known) started when it did. */
export function holderAlive(h: Pick<ClaimHolder, "pid" | "procStart">): boolean {
  if (!Number.isInteger(h.pid) || h.pid <= 0 || !processAlive(h.pid)) return false;
  const stat = readProcStat(h.pid);
  if (stat?.state === "Z") return false;
  return !(stat && h.procStart !== undefined && stat.startTime !== h.procStart);
}

/**
 * The claim (or takeover lock) file's text; undefined when there is none. Opened only as a regular file: the folder is
 * shared, and a FIFO planted at a claim's path would hold a plain read (and the whole process) until something wrote to it.
 */
function readHolder(file: string): { text: string; holder?: ClaimHolder } | undefined {
  let text: string;
  try {
    text = readRegular(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    if (e instanceof NotRegularFile) throw new Error(`it is ${e.kind}, not a regular file`);
    throw e;
  }
  try {
    const h = JSON.parse(text) as ClaimHolder;
    return { text, holder: typeof h?.pid === "number" && typeof h.token === "string" ? h : undefined };
  } catch {
    return { text };
  }
}

/** Claims this process holds, released when it exits however it exits (a second Ctrl-C, an uncaught error). */
const held = new Set<Claim>();
let exitHook = false;

function track(c: Claim): void {
  held.add(c);
  if (exitHook) return;
  exitHook = true;
  process.on("exit", () => {
    for (const c of [...held]) c.release();
  });
}

function makeClaim(file: string, holder: ClaimHolder): Claim {
  const claim: Claim = {
    file,
    release() {
      held.delete(claim);
      try {
        if (readHolder(file)?.holder?.token === holder.token) unlinkSync(file);
      } catch {
        // Gone already, or unreadable: nothing of ours to remove.
      }
    },
  };
  track(claim);
  return claim;
}

/** Removes a file; one already gone is no error. */
const remove = (file: string): void => rmSync(file, { force: true });

/** Creates `file` holding `text` only if it does not exist: written aside, then linked (atomic; a reader never sees it half written). */
function createExclusive(file: string, text: string): boolean {
  const aside = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
  writeFileSync(aside, text, { mode: 0o644 });
  try {
    linkSync(aside, file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  } finally {
    remove(aside);
  }
}

/**
 * Removes a claim whose holder is gone, if the file still holds exactly `stale`; false when another run is taking it
 * over right now (the caller reads again shortly). Under a second, short-lived lock (`….takeover`), so two runs that
 * both found it stale do not both remove it: the second would remove the first's new claim. A takeover lock whose
 * holder died in the middle goes.
 */
function removeStale(file: string, stale: string): boolean {
  const lock = `${file}.takeover`;
  if (!createExclusive(lock, JSON.stringify({ pid: process.pid, procStart: readProcStat(process.pid)?.startTime }))) {
    const other = readHolder(lock);
    if (other === undefined) return true;
    let pid: unknown;
    let procStart: string | undefined;
    try {
      ({ pid, procStart } = JSON.parse(other.text) as { pid?: unknown; procStart?: string });
    } catch {
      pid = undefined;
    }
    if (typeof pid === "number" && holderAlive({ pid, procStart })) return false;
    remove(lock);
    return true;
  }
  try {
    if (readHolder(file)?.text === stale) remove(file);
  } finally {
    remove(lock);
  }
  return true;
}

/**
 * Takes the claim on `req.project` on its engine, or says who holds it. A claim whose holder is no longer running
 * (crashed, killed) is taken over. A holder of this process with another run id (`--jobs`) holds it as another
 * process would; one of the same run id is this run (its claim is handed back).
 */
export async function claimProject(req: ClaimRequest, signal?: AbortSignal): Promise<ClaimResult> {
  const file = claimFile(req.project, req.env, req.dir);
  const holder: ClaimHolder = {
    pid: process.pid,
    runId: req.runId,
    scenario: req.scenario,
    project: req.project,
    keep: req.keep,
    since: new Date().toISOString(),
    procStart: readProcStat(process.pid)?.startTime,
    token: randomBytes(8).toString("hex"),
  };
  const text = `${JSON.stringify(holder)}\n`;
  try {
    for (let attempt = 0; attempt < 100; attempt++) {
      if (createExclusive(file, text)) return { claim: makeClaim(file, holder) };
      const found = readHolder(file);
      if (!found) continue; // released between the two: try again
      const other = found.holder;
      if (other && holderAlive(other)) {
        if (other.pid === process.pid && other.runId === req.runId) return { claim: makeClaim(file, other) };
        if (other.keep && req.keep) return { shared: other };
        return { heldBy: other };
      }
      // Another run is taking the same dead claim over: it is done within milliseconds.
      if (!removeStale(file, found.text) && !(await sleep(10, signal))) break;
    }
    return { error: `the claim file ${file} kept changing` };
  } catch (e) {
    return { error: `cannot take the claim file ${file}: ${(e as Error).message}` };
  }
}

/** "PID 1234" or, for a run of this same process (--jobs), "run id 1a2b3c4d of this process"; with its scenario. */
export function describeHolder(h: ClaimHolder): string {
  const who = h.pid === process.pid ? `run id ${h.runId} of this same invocation, scenario "${h.scenario}"` : `PID ${h.pid}, run id ${h.runId}, scenario "${h.scenario}"`;
  return `${who}, since ${h.since}`;
}
