// The run's live resources at the end of a step or run: diagnostics after a failure, cleanup newest first.
import type { StepResult } from "../core/step-result.ts";
import type { StepInfo } from "./events.ts";
import type { RunState } from "./run-state.ts";
import { withTimeout } from "./with-timeout.ts";

const DIAGNOSTICS_TIMEOUT_MS = 30_000;
export const DEFAULT_CLEANUP_TIMEOUT_MS = 120_000;

/** Diagnostics of every live resource, except blocks the failed step already carries (a failing compose step shows its own `compose ps`). */
export async function collectDiagnostics(run: RunState, si: StepInfo, failed: StepResult): Promise<void> {
  const shown = new Set((failed.details ?? []).map((d) => d.title));
  for (const r of run.resources) {
    if (!r.diagnostics) continue;
    try {
      const details = (await withTimeout(r.diagnostics(), DIAGNOSTICS_TIMEOUT_MS)).filter((d) => !shown.has(d.title));
      if (details.length) run.emit({ type: "diagnostics", step: si, details });
    } catch (e) {
      run.log(`diagnostics of ${r.name} failed: ${(e as Error).message}`);
    }
  }
}

/**
 * Cleans up everything the steps left behind, newest first; a fired signal stops it. Returns what is kept (compose
 * `keep: true`, `--keep-stack`), newest first, each with the command that removes it; the warnings of background
 * processes that failed on their own after the last step ended (before or while the run stopped the others), which no
 * step is left to carry; and what its cleanup could not remove, why, and the command that removes it (a compose `down`
 * the engine refused left the stack up, said only in the run log, and the run passed).
 */
export async function cleanUp(run: RunState, signal: AbortSignal, timeoutMs: number): Promise<{ kept: string[]; ended: string[]; unremoved: string[] }> {
  const kept: string[] = [];
  const unremoved: string[] = [];
  for (const r of [...run.resources].reverse()) {
    if (r.keep) {
      run.log(`kept: ${r.name}`);
      kept.push(r.leftBehind?.() ?? r.name);
      continue;
    }
    if (signal.aborted) break;
    run.log(`cleanup: ${r.name}`);
    try {
      await withTimeout(r.cleanup(), timeoutMs);
    } catch (e) {
      run.log(`cleanup of ${r.name} failed: ${(e as Error).message}`);
      const left = r.leftBehind?.();
      unremoved.push(`the run's cleanup could not remove ${r.name} (${(e as Error).message})${left === undefined ? "" : `; left behind (remove with the command shown): ${left}`}`);
    }
  }
  const ended = run.resources.flatMap((r) => r.endedNotice?.(true) ?? []);
  run.resources.length = 0;
  return { kept, ended, unremoved };
}
