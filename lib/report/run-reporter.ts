// The base of reporters that read the collected runs (the report files, and the end-of-run summary of the console and the run log): their own collector, or one shared by all.
import type { Reporter, RunEvent } from "../engine/events.ts";
import { RunCollector, type RunRecord } from "./run-record.ts";

export interface CollectedRuns {
  /**
   * A collector fed once for every reporter (createReporters puts it first in the multiplexer); without one the
   * reporter collects the events it is given itself.
   */
  runs?: RunCollector;
}

export abstract class RunReporter<Options extends CollectedRuns> implements Reporter {
  abstract readonly name: string;
  protected readonly options: Options;
  readonly #collector: RunCollector;
  readonly #ownCollector: boolean;

  constructor(options: Options) {
    this.options = options;
    this.#ownCollector = options.runs === undefined;
    this.#collector = options.runs ?? new RunCollector();
  }

  onEvent(event: RunEvent): void {
    if (this.#ownCollector) this.#collector.onEvent(event);
  }

  /** Every run so far, in order. */
  protected get runs(): readonly RunRecord[] {
    return this.#collector.runs;
  }

  /** The run the events are about now. */
  protected get currentRun(): RunRecord | undefined {
    return this.#collector.current;
  }

  abstract finish(): Promise<string[]>;
}
