// Hands a run's events to its reporters in batches (200 held, or 25 ms after the first), when the event loop is idle, in order, each with the time it was emitted.
import type { Reporter, RunEvent } from "../engine/events.ts";

/** What the events are handed to: a Multiplexer, which never throws from onEvent. */
export type EventSink = Pick<Reporter, "onEvent">;

export interface DeferredOptions {
  /** Milliseconds since the epoch, read when an event arrives (tests). */
  clock?: () => number;
  /** Fired just before the process exits on a second Ctrl-C: everything held is handed over first. */
  hardStop?: AbortSignal;
  /** Events held before they are handed over at the next idle turn of the loop (default HANDOVER_EVENTS). */
  batch?: number;
  /** Milliseconds after which fewer held events are handed over all the same (default HANDOVER_MS). */
  holdMs?: number;
}

/** A batch: about 33 http steps' events. */
export const HANDOVER_EVENTS = 200;
/**
 * The longest an event waits for its reporters, however slow the run: a step that starts is on the console within
 * 25 ms, and its records reach the run log's file within 75 ms (the log writes within 50 ms of formatting them).
 */
export const HANDOVER_MS = 25;

/**
 * The engine emits several events per step (its start, each attempt, the request and response lines, its end); the
 * reporters' work on them (the log's records, the collected run, the console's lines) is not needed before the next
 * step starts. Held here, it runs when the loop is idle, instead of between a response and the next request, and in
 * batches: once `batch` events are held (at the next idle turn of the loop), or `holdMs` after the first of fewer.
 * Handed over a step at a time, the reporters' code and the steps' took turns on every step, and the same work cost
 * more: with batches of 200, a 1,000-step run took about 17 ms less main-thread CPU and 19 ms (12%) less wall time on
 * the 2-core development machine (bench/RESULTS.md, round 8). Each event keeps the time it was emitted (passed as
 * `at`), so records and elapsed times are those of the engine, not of the handover.
 *
 * Everything held is handed over, in order, before run-start and run-end (and with them), on flush(), when the
 * process exits (an exit lands in the middle of nothing the reporters would miss), and on the hard stop, whose
 * listener is added here before any reporter adds its own: this object must be made before the reporters.
 */
export class DeferredDelivery {
  #sink: EventSink | undefined;
  #events: RunEvent[] = [];
  #times: number[] = [];
  #scheduled = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #exitWatched = false;
  readonly #clock: () => number;
  readonly #hardStop: AbortSignal | undefined;
  readonly #batch: number;
  readonly #holdMs: number;

  constructor(options: DeferredOptions = {}) {
    this.#clock = options.clock ?? Date.now;
    this.#hardStop = options.hardStop;
    this.#batch = options.batch ?? HANDOVER_EVENTS;
    this.#holdMs = options.holdMs ?? HANDOVER_MS;
    this.#hardStop?.addEventListener("abort", this.flush, { once: true });
  }

  /** Where events go; events that arrive before it is set are held. */
  set sink(sink: EventSink) {
    this.#sink = sink;
  }

  onEvent(event: RunEvent): void {
    if (event.type === "run-start" || event.type === "run-end") {
      this.flush();
      this.#sink?.onEvent(event);
      if (event.type === "run-end") this.#unwatchExit();
      return;
    }
    this.#events.push(event);
    this.#times.push(this.#clock());
    if (this.#events.length >= this.#batch) {
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(this.#onIdle);
      }
    } else if (!this.#timer) {
      this.#timer = setTimeout(this.#onTimer, this.#holdMs);
      this.#timer.unref?.(); // the exit hands over what is held (below): a run's end never waits for it
    }
    if (!this.#exitWatched) {
      this.#exitWatched = true;
      // First among the exit's listeners: a reporter's own (the run log formats and writes what it has) may have been
      // added before this one (the info before run-start), and what it is handed after its own has run is lost.
      process.prependListener("exit", this.flush);
    }
  }

  /** Hands over everything held, in order. */
  readonly flush = (): void => {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    const sink = this.#sink;
    if (!sink || this.#events.length === 0) return;
    const events = this.#events;
    const times = this.#times;
    this.#events = [];
    this.#times = [];
    for (let i = 0; i < events.length; i++) sink.onEvent(events[i]!, times[i]);
  };

  /** Events held and not yet handed over (tests). */
  get held(): number {
    return this.#events.length;
  }

  readonly #onIdle = (): void => {
    this.#scheduled = false;
    this.flush();
  };

  readonly #onTimer = (): void => {
    this.#timer = undefined;
    this.flush();
  };

  #unwatchExit(): void {
    if (!this.#exitWatched) return;
    this.#exitWatched = false;
    process.off("exit", this.flush);
  }

  /** Stops watching the process's exit and the hard stop once the run's reports are written. */
  close(): void {
    this.flush();
    this.#unwatchExit();
    this.#hardStop?.removeEventListener("abort", this.flush);
  }
}
