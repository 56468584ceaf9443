// Steps grouped by tag and service: the user story × service view of a run, and which tags broke.
import type { StepStatus, Totals } from "../engine/events.ts";
import { type StepView, countTotals } from "./run-record.ts";
import { addTo } from "../util/group.ts";

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

/**
 * One row per tag, sorted by name with numbers in numeric order (us-2 before us-10); untagged steps are left out. The
 * passes over every step are indexed loops, and an untagged step makes no Set: this runs once a run over every step
 * (the console's last lines and the Markdown report), mostly before the JIT has compiled it.
 */
export function tagRows(steps: readonly StepView[]): TagRow[] {
  const byTag = new Map<string, StepView[]>();
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!;
    if (s.step.tags.length === 0) continue;
    for (const tag of new Set(s.step.tags)) addTo(byTag, tag, s);
  }
  const sorted = [...byTag].sort(([a], [b]) => a.localeCompare(b, "en", { numeric: true }));
  return sorted.map(([tag, list]) => {
    const byService = new Map<string, StepView[]>();
    for (const s of list) addTo(byService, s.step.service ?? OTHER_SERVICE, s);
    const services = new Map([...byService].map(([service, of]) => [service, countTotals(of)] as const));
    const failedServices = [...new Set(list.filter((s) => s.status === "failed").map((s) => s.step.service ?? OTHER_SERVICE))];
    const totals = countTotals(list);
    return { tag, status: tagStatus(totals), totals, services, failedServices };
  });
}

/** The columns of the table: the services of tagged steps in order of first appearance in the run, OTHER_SERVICE last. */
export function tagColumns(steps: readonly StepView[]): string[] {
  const services = new Set<string>();
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!;
    if (s.step.tags.length > 0) services.add(s.step.service ?? OTHER_SERVICE);
  }
  const all = [...services];
  return [...all.filter((s) => s !== OTHER_SERVICE), ...all.filter((s) => s === OTHER_SERVICE)];
}

function tagStatus(t: Totals): StepStatus {
  if (t.failed > 0) return "failed";
  if (t.interrupted > 0) return "interrupted";
  return t.skipped === 0 ? "passed" : "skipped";
}

/** "tag (svc, svc)" for a broken tag: its failing services, "no service" for steps that name none (not "((no service))"). */
export function brokenTagText(row: TagRow, tag: (t: string) => string = (t) => t, service: (s: string) => string = (s) => s): string {
  return `${tag(row.tag)} (${row.failedServices.map((s) => (s === OTHER_SERVICE ? "no service" : service(s))).join(", ")})`;
}
