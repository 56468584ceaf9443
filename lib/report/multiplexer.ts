// Fans every event out to several reporters; one that throws is noted once on stderr and never stops the others.
import type { Reporter, RunEvent } from "../engine/events.ts";

/** A reporter's finish that failed after it wrote some of its files: the multiplexer lists those and notes the failure. */
export class PartlyWritten extends Error {
  constructor(message: string, readonly written: readonly string[]) {
    super(message);
  }
}

export interface MultiplexerOptions {
  /** Where failures of reporters are noted (default process.stderr). */
  stderr?: { write(text: string): unknown };
}

export class Multiplexer implements Reporter {
  readonly name = "multiplexer";
  readonly #reporters: readonly Reporter[];
  readonly #stderr: { write(text: string): unknown };
  /** Reporters that already threw from onEvent: noted once, still fed (their files may still be useful). */
  readonly #noted = new Set<Reporter>();

  constructor(reporters: readonly Reporter[], options: MultiplexerOptions = {}) {
    this.#reporters = reporters;
    this.#stderr = options.stderr ?? process.stderr;
  }

  onEvent(event: RunEvent, at?: number): void {
    const reporters = this.#reporters;
    for (let i = 0; i < reporters.length; i++) {
      const reporter = reporters[i]!;
      try {
        reporter.onEvent(event, at);
      } catch (error) {
        if (this.#noted.has(reporter)) continue;
        this.#noted.add(reporter);
        this.#note(`the ${nameOf(reporter)} reporter failed on a ${event.type} event (its report may be incomplete): ${messageOf(error)}`);
      }
    }
  }

  /** Reporters whose finish failed: a report the user asked for is missing or stale (the CLI's exit code says so). */
  failures = 0;

  /** Runs every reporter's finish, even when some fail; returns every path written. */
  async finish(): Promise<string[]> {
    const results = await Promise.allSettled(this.#reporters.map(async (r) => (r.finish ? r.finish() : [])));
    const paths: string[] = [];
    results.forEach((result, i) => {
      if (result.status === "fulfilled") return void paths.push(...result.value);
      this.failures++;
      if (result.reason instanceof PartlyWritten) {
        paths.push(...result.reason.written);
        this.#note(`${messageOf(result.reason)} (the other ${nameOf(this.#reporters[i]!)} files were written)`);
      } else this.#note(`the ${nameOf(this.#reporters[i]!)} report could not be written: ${messageOf(result.reason)}`);
    });
    return paths;
  }

  #note(text: string): void {
    try {
      this.#stderr.write(`scenario: ${text}\n`);
    } catch {
      // Nowhere left to say it; the run itself must go on.
    }
  }
}

function nameOf(reporter: Reporter): string {
  const name = (reporter as { name?: unknown }).name;
  return typeof name === "string" && name !== "" ? name : reporter.constructor.name || "anonymous";
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
