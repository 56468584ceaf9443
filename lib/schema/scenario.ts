// The zod schema of a whole scenario file, built from the step kinds it uses (every kind for the JSON Schema).
import { z } from "zod";
import { deadline, positiveDuration, scalar, ZERO_HOLD, ZERO_INTERVAL } from "../core/zod-fields.ts";
import { KINDS } from "../steps/registry.ts";
import type { Step } from "../steps/types.ts";
import { stepChecks } from "../engine/spec.ts";
import { BACKOFF, RETRIES, STEP_ID } from "./limits.ts";
import { VAR_NAME } from "../vars/interpolate.ts";
import { nulIssue } from "../vars/nul.ts";
import { thresholdsSchema, checkThresholdScope } from "./thresholds.ts";
import { onceOnlyIssue } from "./once-only.ts";
import { CHECKED_AT_RUN } from "./at-run.ts";

/** What `eventually` takes, said for a value of neither form (a list, a mapping's issues are its keys'). */
const EVENTUALLY_TAKES = "eventually takes a duration (2m, 30s, or a number of seconds) or a mapping {timeout, interval, backoff, max_interval}";

/** `eventually`: a deadline, or {timeout, interval, backoff}. */
export const eventuallySchema = z.union([
  deadline,
  z
    .object({
      timeout: deadline,
      interval: positiveDuration(ZERO_INTERVAL).optional(),
      backoff: z.number().min(BACKOFF.min).max(BACKOFF.max).optional().meta({ description: "factor the interval grows by after each attempt (default 1: constant)" }),
      max_interval: positiveDuration(ZERO_INTERVAL).optional().meta({ description: "upper bound of the growing interval (default 10s)" }),
    })
    .strict()
    .superRefine((v, ctx) => {
      // Clamped silently, the interval the author wrote was never the one used.
      if (v.interval !== undefined && v.max_interval !== undefined && v.max_interval < v.interval)
        ctx.addIssue({ code: "custom", path: ["max_interval"], message: `max_interval is below interval: the interval could never grow to it; give a max_interval of at least the interval, or leave it out` });
    }),
], {
  // A text or a number is a duration written wrong: the duration's own words say how (invalid duration "x").
  error: (issue) => (typeof issue.input === "string" || typeof issue.input === "number" ? undefined : EVENTUALLY_TAKES),
});

/** Fields every step may carry besides its kind key. */
export const commonStepFields = {
  name: z.string().optional().meta({ description: "shown in reports; defaults to a summary of the step" }),
  id: z.string().regex(STEP_ID, "id: letters, digits, _ and - only").optional(),
  service: z.string().optional().meta({ description: "the service this step checks; reports group results by it" }),
  tags: z.array(z.string()).optional(),
  timeout: deadline.optional().meta({ description: "deadline for one attempt" }),
  eventually: eventuallySchema.optional().meta({ description: "re-run the whole step until it passes or the deadline passes" }),
  retries: z.number().int().min(RETRIES.min).max(RETRIES.max).optional().meta({ description: "count-based alternative to eventually" }),
  hold: positiveDuration(ZERO_HOLD).optional().meta({ description: "after passing, the step must keep passing for this long" }),
  continue_on_failure: z.boolean().optional(),
  always: z.boolean().optional().meta({ description: "run even when an earlier step failed" }),
  setup: z.boolean().optional().meta({ description: "a step later steps depend on (e.g. compose up): --tag and --step keep it when they select a step after it" }),
} as const;


/** Stands for a kind the file does not use: its key is absent from every step, yet still an allowed key. */
const unusedKind = z.unknown().optional();

const checkedAtRun = z.custom<typeof CHECKED_AT_RUN>((v) => v === CHECKED_AT_RUN);

/** `atRun`: each kind's input may also be CHECKED_AT_RUN (the loader's second parse; never the exported JSON Schema). */
function buildSchemas(steps: readonly Step[], atRun = false) {
  const byKind = new Map(steps.map((s) => [s.kind, s]));
  const kindSchema = (s: Step) => (atRun ? z.union([checkedAtRun, s.schema]) : s.schema).optional();
  const kindFields = Object.fromEntries(KINDS.map((k) => {
    const step = byKind.get(k);
    return [k, step ? kindSchema(step) : unusedKind];
  }));

  /** Whether a step (parsed) makes checks: not a sleep, a compose down or logs (a background shell's start is one). */
  const checksSomething = (step: Record<string, unknown>): boolean => {
    const kind = KINDS.find((k) => step[k] !== undefined);
    const impl = kind === undefined ? undefined : byKind.get(kind);
    if (!impl) return true;
    return stepChecks({ impl, input: step[kind!] });
  };

  /** One step: the common fields plus exactly one kind key. */
  const stepSchema = z
    .object({ ...commonStepFields, ...kindFields })
    .strict()
    .superRefine((step, ctx) => {
      const kinds = KINDS.filter((k) => (step as Record<string, unknown>)[k] !== undefined);
      if (kinds.length === 0)
        ctx.addIssue({ code: "custom", message: `a step needs exactly one kind key: ${KINDS.join(", ")}` });
      else if (kinds.length > 1)
        ctx.addIssue({ code: "custom", path: [kinds[1]!], message: `a step has exactly one kind key, this one has ${kinds.join(" and ")}: split it into two steps` });
      if (step.eventually !== undefined && step.retries !== undefined)
        ctx.addIssue({ code: "custom", path: ["retries"], message: "use either eventually or retries, not both" });
      const again = onceOnlyIssue(step as Record<string, unknown>);
      if (again) ctx.addIssue({ code: "custom", path: [again.key], message: again.message });
    });

  const scenarioSchema = z
    .object({
      name: z.string().min(1).meta({ description: "the scenario's name: reports and the compose project derive from it" }),
      description: z.string().optional(),
      vars: z.record(z.string().regex(VAR_NAME, "not a variable name: a variable name takes letters, digits and _ and does not start with a digit"), scalar).optional()
        .meta({ description: "defaults; --var KEY=VALUE and the process environment override" }),
      secrets: z.array(z.string()).optional().meta({ description: "names whose values are masked (***) in every report and log" }),
      defaults: z
        .object({
          timeout: deadline.optional().meta({ description: "per step, unless the step says otherwise (default 30s)" }),
          interval: positiveDuration(ZERO_INTERVAL).optional().meta({ description: "wait between attempts of retries, and of hold without eventually (default 500ms); when set, also the interval of eventually (whose own default is 50ms)" }),
        })
        .strict()
        .optional(),
      steps: z.array(stepSchema).min(1, "a scenario needs at least one step"),
      teardown: z.array(stepSchema).optional().meta({ description: "always runs, also after a failure or Ctrl-C" }),
      thresholds: thresholdsSchema.optional(),
    })
    .strict()
    // Run also when another part of the file is wrong, so that every problem is reported at once (a duplicate id was
    // found only once the rest was fixed): the value is then the data as far as it parsed, so each check looks only at
    // what has the shape it needs. The threshold selectors are checked against the steps only when the steps parsed.
    .superRefine((s, ctx) => {
      if (isRecord(s.vars)) {
        for (const [name, value] of Object.entries(s.vars)) {
          // Any value reaches here (the check runs on a file wrong elsewhere): one of the wrong type has its own error.
          if (typeof value !== "string") continue;
          const nul = nulIssue(value);
          if (nul) ctx.addIssue({ code: "custom", path: ["vars", name], message: nul });
        }
      }
      const steps = Array.isArray(s.steps) ? s.steps : [];
      const teardown = Array.isArray(s.teardown) ? s.teardown : undefined;
      checkUniqueIds({ steps, teardown }, ctx);
      const stepsParsed = !ctx.issues.some((i) => i.path?.[0] === "steps" || i.path?.[0] === "teardown");
      if (stepsParsed && Array.isArray(s.steps)) checkThresholdScope(s, ctx, checksSomething);
    }, { when: (payload) => isRecord(payload.value) });
  return { stepSchema, scenarioSchema };
}

/** A mapping (not a list, not null). */
function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A step id names one step (`--step`, `{step:…}`): a second step with the same id is an error at its id. */
function checkUniqueIds(s: { steps: readonly unknown[]; teardown?: readonly unknown[] }, ctx: z.RefinementCtx): void {
  const first = new Map<string, string>();
  for (const phase of ["steps", "teardown"] as const) {
    for (const [i, step] of (s[phase] ?? []).entries()) {
      if (!isRecord(step) || typeof step.id !== "string") continue;
      const earlier = first.get(step.id);
      if (earlier === undefined) first.set(step.id, `${phase}[${i}]`);
      else ctx.addIssue({ code: "custom", path: [phase, i, "id"], message: `id ${JSON.stringify(step.id)} is also the id of ${earlier}: an id names one step` });
    }
  }
}

type Schemas = ReturnType<typeof buildSchemas>;
const built = new Map<string, Schemas>();

function schemasFor(steps: readonly Step[], atRun = false): Schemas {
  const key = `${steps.map((s) => s.kind).sort().join(",")}${atRun ? " at run" : ""}`;
  let schemas = built.get(key);
  if (!schemas) built.set(key, (schemas = buildSchemas(steps, atRun)));
  return schemas;
}

/** The scenario schema in which any step's kind input may be CHECKED_AT_RUN instead (the loader's parse once such inputs are set aside). */
export function scenarioSchemaCheckingAtRunFor(steps: readonly Step[]): Schemas["scenarioSchema"] {
  return schemasFor(steps, true).scenarioSchema;
}

/** The scenario schema checking the given kinds in full (the others only as allowed keys); built once per set of kinds. */
export function scenarioSchemaFor(steps: readonly Step[]): Schemas["scenarioSchema"] {
  return schemasFor(steps).scenarioSchema;
}

/** The schema of one step, as the scenario schema applies it to each item of `steps` and `teardown`. */
export function stepSchemaFor(steps: readonly Step[]): Schemas["stepSchema"] {
  return schemasFor(steps).stepSchema;
}

export type ScenarioParsed = z.output<Schemas["scenarioSchema"]>;
export type StepParsed = z.output<Schemas["stepSchema"]>;
