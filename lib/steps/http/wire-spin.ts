// Keeps the event loop polling, not asleep, for a moment after the wire client writes a request: a local service's answer is read as it lands instead of after the thread is woken.

/**
 * How long after a request is written the loop keeps polling (milliseconds). A thread asleep in epoll is woken by the
 * answer's arrival, and on a virtual machine that wake costs a round trip through the hypervisor: on the 2-core
 * development VM, a local server's answer reached a sleeping client a median 33 µs after the server sent it, and a
 * polling one 10–14 µs after (the whole round trip: 80 µs against 62). Round trips to a local service are well under
 * this budget; longer ones are not polled for (below).
 */
export const SPIN_MS = 0.25;

type Schedule = (tick: () => void) => unknown;

/**
 * While any answer is awaited, and for at most `budget` ms after the last request was written, a tick is kept queued
 * with setImmediate: the event loop then polls its sockets without sleeping and runs whatever else is queued (the
 * reporters' deferred work runs first, as it was queued before). Polling costs CPU, so it is bounded twice: by the
 * budget after each request, and not at all while the last answer took longer than the budget (a slow service: the
 * wait would be spent polling for nothing; the next answer that comes within the budget turns it back on).
 */
export class ResponseSpin {
  #awaited = 0;
  #until = 0;
  #spinning = false;
  /** How long the last answer took, from its request's writing (0 before any: the first request is polled for). */
  #lastTook = 0;
  readonly #budget: number;
  readonly #now: () => number;
  readonly #schedule: Schedule;

  constructor(budget = SPIN_MS, now: () => number = () => performance.now(), schedule: Schedule = setImmediate) {
    this.#budget = budget;
    this.#now = now;
    this.#schedule = schedule;
  }

  /** A request was written and its answer is awaited; returns what to call when the exchange ends, however it ends (called again, it does nothing). */
  awaiting(): () => void {
    const started = this.#now();
    this.#awaited++;
    if (this.#lastTook <= this.#budget) {
      this.#until = started + this.#budget;
      if (!this.#spinning) {
        this.#spinning = true;
        this.#schedule(this.#tick);
      }
    }
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.#awaited--;
      this.#lastTook = this.#now() - started;
    };
  }

  /** Answers awaited now (tests). */
  get awaited(): number {
    return this.#awaited;
  }

  /** A tick is queued (tests). */
  get spinning(): boolean {
    return this.#spinning;
  }

  readonly #tick = (): void => {
    if (this.#awaited > 0 && this.#now() < this.#until) this.#schedule(this.#tick);
    else this.#spinning = false;
  };
}

/** The wire client's: every exchange of the process shares it. */
export const responseSpin = new ResponseSpin();
