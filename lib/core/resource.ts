// Something a step started that outlives it, which the engine diagnoses on failure and cleans up at the end.
import type { Detail } from "./detail.ts";

/** Something a step started that outlives it (a background process, a compose project). */
export interface Resource {
  /** Shown in logs, e.g. "compose project demo-1a2b" or "background: bun demo/server.ts". */
  name: string;
  /** Report material gathered when a step fails while this resource is live. */
  diagnostics?(): Promise<Detail[]>;
  /** Stops and removes it; the engine calls this once, after teardown, in reverse order of creation. */
  cleanup(): Promise<void>;
  /** When true, cleanup is not called at the end (compose `keep: true`, `--keep-stack`). */
  keep?: boolean;
  /** What is left of it when the run is killed before cleanup, with the command that removes it (printed on a second Ctrl-C). */
  leftBehind?(): string;
  /**
   * A background process that failed on its own while the run went on (exit code not 0, or a signal), said once: the
   * warning the step that ends next carries, since the step that started it had passed as soon as it started. With
   * `afterLastStep` (no step is left to carry it: the run's own warning) it is worded so.
   */
  endedNotice?(afterLastStep?: boolean): string | undefined;
}
