// What each run of scenarios/full-stack.yaml on the local stack must fail: nothing without a fault, exactly the dependent steps with one.

export interface FaultRun {
  /** The FAULT variable ("" = none). */
  fault: string;
  /** Names of the steps that fail, in run order. */
  failed: string[];
  /** Each broken user story (tag) with the services of its failed steps, in order of first appearance. */
  broken: Record<string, string[]>;
}

export const FAULT_RUNS: FaultRun[] = [
  { fault: "", failed: [], broken: {} },
];
