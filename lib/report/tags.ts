// Steps grouped by tag and service: the user story × service view of a run, and which tags broke.
import type { StepStatus, Totals } from "../engine/events.ts";
import { type StepView, countTotals } from "./run-record.ts";

export interface TagRow {
  tag: string;
  /** failed when a step failed; passed only when every step passed; else skipped (not fully checked). */
  status: StepStatus;
  totals: Totals;
  /** Per service, in order of first appearance; steps without a service under OTHER_SERVICE. */
  services: Map<string, Totals>;
  /** Services of the failed steps, in order of first appearance. */
  failedServices: string[];
}

/** The column of tagged steps that name no service. */
export const OTHER_SERVICE = "(no service)";

/** One row per tag, in order of first appearance; untagged steps are left out. */
export function tagRows(steps: readonly StepView[]): TagRow[] {
  const byTag = new Map<string, StepView[]>();
  for (const s of steps) {
    for (const tag of new Set(s.step.tags)) byTag.set(tag, [...(byTag.get(tag) ?? []), s]);
  }
  return [...byTag].map(([tag, list]) => {
    const byService = new Map<string, StepView[]>();
    for (const s of list) {
      const key = s.step.service ?? OTHER_SERVICE;
      byService.set(key, [...(byService.get(key) ?? []), s]);
    }
    const services = new Map([...byService].map(([service, of]) => [service, countTotals(of)] as const));
    const failedServices = [...new Set(list.filter((s) => s.status === "failed").map((s) => s.step.service ?? OTHER_SERVICE))];
    const totals = countTotals(list);
    return { tag, status: tagStatus(totals), totals, services, failedServices };
  });
}

/** The services of the rows, in order of first appearance, OTHER_SERVICE last. */
export function tagColumns(rows: readonly TagRow[]): string[] {
  const all = [...new Set(rows.flatMap((r) => [...r.services.keys()]))];
  return [...all.filter((s) => s !== OTHER_SERVICE), ...all.filter((s) => s === OTHER_SERVICE)];
}

function tagStatus(t: Totals): StepStatus {
  if (t.failed > 0) return "failed";
  return t.skipped === 0 ? "passed" : "skipped";
}
