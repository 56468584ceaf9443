// A process-wide budget of helper threads (one per core beyond the main one) and a one-shot Bun Worker call that ends with its job or the signal.
import { availableParallelism } from "node:os";

/** Helper threads the whole process may run at once. */
export const WORKER_BUDGET = Math.max(0, Math.min(availableParallelism(), 8) - 1);

let budget = WORKER_BUDGET;
let free = budget;

/** Sets how many helper threads the process may run at once (tests force splits; benches compare one thread with several). */
export function setWorkerBudget(n: number): void {
  free += n - budget;
  budget = n;
}

/** Takes up to `wanted` threads from the budget (none when all are busy); give them back with releaseWorkers. */
export function takeWorkers(wanted: number): number {
  const n = Math.max(0, Math.min(wanted, free));
  free -= n;
  return n;
}

export function releaseWorkers(n: number): void {
  free += n;
}

/** Runs `use` with up to `wanted` threads of the budget (perhaps none) and gives them back when it settles. */
export async function withWorkers<T>(wanted: number, use: (helpers: number) => Promise<T>): Promise<T> {
  const helpers = takeWorkers(wanted);
  try {
    return await use(helpers);
  } finally {
    releaseWorkers(helpers);
  }
}

/** Threads of the budget not in use. */
export function idleWorkers(): number {
  return free;
}

/**
 * Runs `script` (a module that answers one job, see answerJobs) on a new thread with `job`, and resolves with its
 * answer; `onPart` gets the parts it posts before, in order, each with `taken` to call once it is taken off the
 * receiver's queue (the thread may wait for that before posting more). The thread is terminated when it answers,
 * fails, or the signal fires (then the promise rejects with the signal's reason).
 */
export function runWorker<Job, Answer, Part = never>(script: URL, job: Job, signal?: AbortSignal, onPart?: (part: Part, taken: () => void) => void): Promise<Answer> {
  return new Promise<Answer>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const worker = new Worker(script);
    const finish = () => {
      signal?.removeEventListener("abort", onAbort);
      // See runKeptWorker: a thread left running must not keep the process alive.
      worker.unref();
      worker.terminate();
    };
    const onAbort = () => {
      finish();
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    worker.onmessage = (event: MessageEvent) => {
      const data = event.data as { part?: Part; error?: { message: string; code?: string }; answer?: Answer };
      if ("part" in data) return onPart?.(data.part as Part, () => worker.postMessage({ taken: true }));
      finish();
      if (data.error !== undefined) reject(threadError(data.error));
      else resolve(data.answer as Answer);
    };
    worker.onerror = (event: ErrorEvent) => {
      finish();
      reject(new Error(event.message));
    };
    worker.postMessage(job);
  });
}

/** The error a helper thread answered with (answerJobs), its code kept: the class stays on the other thread. */
function threadError(error: { message: string; code?: string }): Error {
  return Object.assign(new Error(error.message), error.code ? { code: error.code } : {});
}

/** Threads of runKeptWorker idle between jobs, by script: the next job of the same script takes one instead of starting a thread. */
const idle = new Map<string, Worker[]>();
/** How many idle threads of one script are kept. */
const KEPT_IDLE = 2;

/**
 * runWorker for a job with no parts, on a thread kept for the next job of the same script when it answers (unref'd
 * while idle: it keeps no process alive). A thread whose job failed or was aborted is terminated, not kept: an abort
 * leaves its job running, as JavaScript cannot stop a regular expression midway, and only the process's end stops it.
 */
export function runKeptWorker<Job, Answer>(script: URL, job: Job, signal?: AbortSignal): Promise<Answer> {
  return new Promise<Answer>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const key = script.href;
    const worker = idle.get(key)?.pop() ?? new Worker(script);
    worker.ref();
    const done = (keep: boolean) => {
      signal?.removeEventListener("abort", onAbort);
      worker.onmessage = null;
      worker.onerror = null;
      const kept = idle.get(key) ?? [];
      // Unref'd first: a thread still running what it was given (terminate does not stop a regular expression) must
      // not keep the process alive after the run has ended (in a terminal it waited for the expression, a minute).
      worker.unref();
      if (keep && kept.length < KEPT_IDLE) {
        kept.push(worker);
        idle.set(key, kept);
      } else worker.terminate();
    };
    const onAbort = () => {
      done(false);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    worker.onmessage = (event: MessageEvent) => {
      const data = event.data as { error?: { message: string; code?: string }; answer?: Answer };
      if (data.error !== undefined) {
        done(false);
        reject(threadError(data.error));
      } else {
        done(true);
        resolve(data.answer as Answer);
      }
    };
    worker.onerror = (event: ErrorEvent) => {
      done(false);
      reject(new Error(event.message));
    };
    worker.postMessage(job);
  });
}

/**
 * Sends a part of the answer ahead of it (the buffers in `transfer` move to the other thread); resolves when the
 * receiver has taken it, so a thread that awaits before posting more holds back while the receiver is behind.
 */
export type PostPart<Part> = (part: Part, transfer?: ArrayBuffer[]) => Promise<void>;

/** The worker side of runWorker: answers the one job with `work`'s result, or with its error's message and code. */
export function answerJobs<Job, Answer, Part = never>(work: (job: Job, post: PostPart<Part>) => Promise<{ answer: Answer; transfer?: ArrayBuffer[] }>): void {
  const port = globalThis as unknown as { onmessage: (e: MessageEvent) => void; postMessage(msg: unknown, transfer?: ArrayBuffer[]): void };
  /** One per part posted and not yet taken, oldest first. */
  const untaken: (() => void)[] = [];
  const post: PostPart<Part> = (part, transfer) =>
    new Promise<void>((resolve) => {
      untaken.push(resolve);
      port.postMessage({ part }, transfer ?? []);
    });
  port.onmessage = (event: MessageEvent) => {
    if ((event.data as { taken?: true } | null)?.taken === true) return untaken.shift()?.();
    work(event.data as Job, post).then(
      ({ answer, transfer }) => port.postMessage({ answer }, transfer ?? []),
      (err: unknown) => port.postMessage({ error: { message: err instanceof Error ? err.message : String(err), code: (err as { code?: string }).code } }),
    );
  };
}
