// Hands a run's events to its reporters when the event loop is next idle (while a step waits for its service), in order, each with the time it was emitted.
import type { Reporter, RunEvent } from "../engine/events.ts";

/** What the events are handed to: a Multiplexer, which never throws from onEvent. */
export type EventSink = Pick<Reporter, "onEvent">;

export interface DeferredOptions {
  /** Milliseconds since the epoch, read when an event arrives (tests). */
  clock?: () => number;
  /** Fired just before the process exits on a second Ctrl-C: everything held is handed over first. */
  hardStop?: AbortSignal;
}

/**
 * The engine emits several events per step (its start, each attempt, the request and response lines, its end); the
 * reporters' work on them (the log's records, the collected run, the console's lines) is not needed before the next
 * step starts. Held here, it runs when the loop is idle — typically while the next step's request is out — instead of
 * between the response and the next request. Each event keeps the time it was emitted (passed as `at`), so records
 * and elapsed times are those of the engine, not of the handover.
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
  #exitWatched = false;
  readonly #clock: () => number;
  readonly #hardStop: AbortSignal | undefined;

  constructor(options: DeferredOptions = {}) {
    this.#clock = options.clock ?? Date.now;
    this.#hardStop = options.hardStop;
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
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(this.#onIdle);
    if (!this.#exitWatched) {
      this.#exitWatched = true;
      // First among the exit's listeners: a reporter's own (the run log formats and writes what it has) may have been
      // added before this one (the info before run-start), and what it is handed after its own has run is lost.
      process.prependListener("exit", this.flush);
    }
  }

  /** Hands over everything held, in order. */
  readonly flush = (): void => {
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
