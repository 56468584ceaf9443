// Finds what is wrong with parsed scenario data (schema of the kinds it uses, variables) and keeps the validated data.
import type { ScenarioParsed, stepSchemaFor } from "../schema/scenario.ts";
import { findRefs, interpolateDeep, interpolateInput, InterpolationError } from "../vars/interpolate.ts";
import { VarScope, type ScopeSources } from "../vars/scope.ts";
import { fastScenario, type SlowStep } from "./fast-scenario.ts";
import { kindOf, stepsUsed, type Steps } from "./kinds.ts";
import type { RawIssue } from "./raw-issue.ts";
import { capturedComposeFileIssues, capturedProgramIssues, COMMON_WITH_REFS, envNameIssues, hasRefs, tooLongToExport, variableIssues } from "./variables.ts";
import { stringsIn } from "../util/strings-in.ts";

export interface LoadOptions {
  /** Everything but `vars:` (read from the file) and built-ins (computed from the scenario's directory). */
  sources: Omit<ScopeSources, "vars" | "builtins">;
  builtins: (scenarioDir: string) => Record<string, string>;
  /** The run's interrupt: a scenario file that is a FIFO stops waiting for its writer at it. */
  signal?: AbortSignal;
  /** Called when a scenario file that is a FIFO has had no writer for a second (the file as shown). */
  onFifoWait?: (file: string) => void;
  /** Called with the file as shown when the wait for a FIFO's writer begins, with undefined when it ends. */
  onWriterWait?: (file: string | undefined) => void;
}

type StepSchema = ReturnType<typeof stepSchemaFor>;

export interface Analysis {
  issues: RawIssue[];
  scope: VarScope;
  parsed?: ScenarioParsed;
  steps: Steps;
  /** False when no string in the data holds a ${…} reference (nothing to substitute or check). */
  refs: boolean;
}

/** One step parsed by zod's step schema: its output, or undefined when it fails (the whole-scenario parse then words why). */
function slowStepOf(stepSchema: StepSchema): SlowStep {
  return (raw) => {
    const one = stepSchema.safeParse(raw, { jitless: true });
    return one.success ? one.data : undefined;
  };
}

/** Whether a field's text names a variable without a default that has no value before the run. */
function namesUnknown(value: unknown, scope: VarScope): boolean {
  return stringsIn(value).some((t) => findRefs(t).some((r) => !r.hasDefault && scope.lookupKnown(r.name) === undefined));
}

/**
 * Validates the data and its variables; `parsed` is set when nothing is wrong. `refs`: false when the text cannot hold a
 * ${…} reference. `steps`: the kinds the data uses, when the caller has them loaded already.
 */
export async function analyze(root: Record<string, unknown>, dir: string, opts: LoadOptions, refs = true, steps?: Steps): Promise<Analysis> {
  steps ??= await stepsUsed(root);
  const issues: RawIssue[] = [];
  // Variables known before the run: for load-time substitution and the undefined-variable check.
  const rawVars = root.vars && typeof root.vars === "object" ? (root.vars as Record<string, unknown>) : {};
  const scope = new VarScope({
    ...opts.sources,
    vars: Object.fromEntries(Object.entries(rawVars).filter(([, v]) => v !== null && typeof v !== "object").map(([k, v]) => [k, String(v)])),
    builtins: opts.builtins(dir),
  });

  // Substitute known variables in step inputs so typed fields validate; raw fields stay as written.
  const substituted: Record<string, unknown> = { ...root };
  if (refs) for (const phase of ["steps", "teardown"] as const) {
    const list = root[phase];
    if (!Array.isArray(list)) continue;
    substituted[phase] = list.map((raw) => {
      if (!raw || typeof raw !== "object") return raw;
      const step = raw as Record<string, unknown>;
      // A step's own deadlines too (`timeout: "${T}"`): they are checked now, with the values known now.
      const common = COMMON_WITH_REFS.filter((key) => hasRefs(step[key]));
      const impl = kindOf(step, steps);
      const input = impl && step[impl.kind];
      try {
        // One naming a value not known now (undefined, or captured later) is left out: the variable checks below say why,
        // and `invalid duration "${T}"` beside that said it twice.
        let withCommon = step;
        if (common.length) {
          const unknown = new Set<string>(common.filter((key) => namesUnknown(step[key], scope)));
          const filled = (key: string, value: unknown) => (common.includes(key as never) ? interpolateDeep(value, scope.lookupKnown) : value);
          withCommon = Object.fromEntries(Object.entries(step).filter(([key]) => !unknown.has(key)).map(([key, value]) => [key, filled(key, value)]));
        }
        if (!impl || !hasRefs(input)) return withCommon;
        // Two keys the known values make one: the variable checks below name them; the first one's value is validated.
        return { ...withCommon, [impl.kind]: interpolateInput(impl, input, scope.lookupKnown, () => {}) };
      } catch (e) {
        // A key the known values make `__proto__`: the variable checks below name it; the step stays as written.
        if (!(e instanceof InterpolationError)) throw e;
        return step;
      }
    });
  }
  // The common shapes need no zod; steps of kinds without a fast check go through zod's step schema one by one. Whatever
  // the fast check is unsure of (or any step zod rejects) goes to the whole-scenario parse, which words every error.
  const kinds = [...steps.values()];
  let schemas = kinds.every((s) => s.fastInput) ? undefined : await import("../schema/scenario.ts");
  let parsed = fastScenario(substituted, steps, schemas && slowStepOf(schemas.stepSchemaFor(kinds)));
  if (!parsed && !schemas) {
    schemas = await import("../schema/scenario.ts");
    parsed = fastScenario(substituted, steps, slowStepOf(schemas.stepSchemaFor(kinds)));
  }
  if (!parsed) {
    const [{ scenarioSchemaFor, scenarioSchemaCheckingAtRunFor }, { zodIssues }, { setAside, withInputsAtRun }] = await Promise.all([
      schemas ?? import("../schema/scenario.ts"),
      import("./zod-issues.ts"),
      import("./checked-at-run.ts"),
    ]);
    const schema = scenarioSchemaFor(kinds);
    // Parsed once: zod's compiled fast path would cost more to generate than it saves.
    const result = schema.safeParse(substituted, { jitless: true });
    if (result.success) parsed = result.data;
    else {
      // A field that holds a ${NAME} captured during the run is checked once the value is known (the engine, at each
      // attempt): its issues now are set aside. When they were all, each such step's input stands as CHECKED_AT_RUN.
      const { kept, atRun } = setAside(result.error.issues, root, substituted, scope, steps);
      const again = kept.length === 0 && atRun.size > 0 ? scenarioSchemaCheckingAtRunFor(kinds).safeParse(withInputsAtRun(substituted, atRun, steps), { jitless: true }) : undefined;
      if (again?.success) parsed = again.data;
      // Once those inputs stand aside, what the scenario still gets wrong (a threshold naming no step, say) is said.
      else zodIssues(kept.length > 0 ? kept : again ? again.error.issues : result.error.issues, [], substituted, issues, schema);
    }
  }

  if (refs) issues.push(...variableIssues(root, scope, rawVars, Object.keys(opts.sources.cli), steps));
  // An env: key bash or another program reads as code, made so by a variable or given a captured value.
  issues.push(...envNameIssues(root, scope, steps));
  // A captured value where a shell step's program goes: what answered would choose the program.
  if (refs) issues.push(...capturedProgramIssues(root, steps, scope));
  // A captured value in a compose step's files or env_file: what answered would choose the compose file that runs.
  if (refs) issues.push(...capturedComposeFileIssues(root, steps));
  // Any vars: entry, references or none: one too long to export stops every program a step would start.
  issues.push(...tooLongToExport(root, scope, rawVars));
  return { issues, scope, parsed, steps, refs };
}
