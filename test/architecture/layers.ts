// The layer table, top to bottom: what each layer holds and, where it is narrower than "anything below", what it may import.

export interface Layer {
  name: string;
  /** Directories (ending in `/`) or single files; the most specific entry places a module. */
  holds: readonly string[];
  /** When set, the only layers (by name) or paths this layer may import besides its own; otherwise any layer below it. */
  imports?: readonly string[];
  /** Why it sits where it does, shown in docs/architecture.md. */
  note: string;
}

export const LAYERS: readonly Layer[] = [
  { name: "cli", holds: ["bin/", "lib/cli.ts", "lib/cli/"], note: "arguments, usage, main() → exit code, signals" },
  {
    name: "reporters",
    holds: ["lib/report/"],
    imports: ["core", "lib/engine/events.ts", "lib/metrics/"],
    note: "fed by engine events; only the cli picks them",
  },
  { name: "loader", holds: ["lib/loader/", "lib/schema/"], note: "YAML → checked run spec, errors with file:line:col" },
  { name: "engine", holds: ["lib/engine/", "lib/metrics/"], note: "sequencing, retries, teardown; the run's metrics and thresholds" },
  { name: "steps", holds: ["lib/steps/"], note: "one file per step kind, and their helpers" },
  {
    name: "capabilities",
    holds: ["lib/compose/", "lib/files/", "lib/logql/", "lib/logsource/", "lib/loki/", "lib/prom/"],
    note: "what the steps drive: compose, file checks, the LogQL engine, Loki and Prometheus clients",
  },
  {
    name: "core",
    holds: ["lib/core/", "lib/expect/", "lib/vars/", "lib/util/", "lib/exit-codes.ts"],
    note: "results, resources, units, matchers, variables, helpers",
  },
];

/** A known break of the rule, kept only until the named change lands. */
export interface Exception {
  /** The violation's message, exactly as the check reports it. */
  violation: string;
  /** What removes it. */
  until: string;
}

/** The test fails when one of these no longer occurs, so the list only shrinks. */
export const EXCEPTIONS: readonly Exception[] = [
  ...["attempt", "captures", "preflight", "retry", "run-scenario", "run-state", "run-step", "secrets", "selection"].map((module) => ({
    violation: `lib/engine/${module}.ts (engine) imports lib/schema/load.ts (loader)`,
    until: "the loader branch puts the run spec types in lib/engine/spec.ts",
  })),
  {
    violation: "import cycle: lib/schema/load.ts → lib/schema/yaml-exact.ts → lib/schema/load.ts",
    until: "the loader branch splits lib/schema/load.ts into lib/loader/",
  },
  {
    violation: "import cycle: lib/cli.ts → lib/cli/run-many.ts → lib/cli.ts",
    until: "the loader branch moves Io to lib/cli/io.ts",
  },
];
