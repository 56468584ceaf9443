// The `thresholds:` mapping's schema: every key and expression parsed at load time, and selectors that name real steps.
import { z } from "zod";
import { EXAMPLE_EXPRESSION, METRICS, parseThresholdKey, parseThresholds } from "../metrics/thresholds.ts";
import { didYouMean } from "../util/did-you-mean.ts";
import { isPlainObject } from "../expect/matcher.ts";

/** k6's options of a threshold in its object form: thresholds here are checked at the end of the run, never abort it. */
const ABORT_KEYS = new Set(["abortOnFail", "delayAbortEval"]);

/**
 * k6's `{threshold: "p(95)<300", abortOnFail: true}` in a list of expressions: said so, not "expected string", with the
 * string to write (its own `threshold`, else an example that fits the metric of `key`) and what else it gave.
 */
function k6ObjectForm(item: Record<string, unknown>, key: unknown): string {
  const parsed = typeof key === "string" ? parseThresholdKey(key) : undefined;
  const metric = parsed?.ok ? parsed.value.metric : "http_req_duration";
  const write = typeof item.threshold === "string" ? JSON.stringify(item.threshold) : `e.g. ${JSON.stringify(EXAMPLE_EXPRESSION[metric])}`;
  const others = Object.keys(item).filter((k) => k !== "threshold");
  const why = others.some((k) => ABORT_KEYS.has(k)) ? " (thresholds never stop a run early: they are checked at its end)" : "";
  const unsupported = others.length === 0 ? "" : `; ${others.join(others.length === 2 ? " and " : ", ")} ${others.length === 1 ? "is" : "are"} not supported${why}`;
  return `k6's object form ({threshold: …}) is not supported: write the expression as a string, ${write}${unsupported}`;
}

const expression = z.string({
  // The message is made once the whole parse is over: the issue's path then ends with the key and the index.
  error: (issue) => (isPlainObject(issue.input) ? k6ObjectForm(issue.input, issue.path?.at(-2)) : undefined),
});

export const thresholdsSchema = z
  .record(z.string(), z.array(expression))
  // Run also when a list is not one of strings (k6's object form, a number), so that every other mistake is reported
  // with it: parseThresholds passes over what is no list of strings, which has the type's error.
  .superRefine((spec, ctx) => {
    for (const e of parseThresholds(spec).errors) {
      // A wrong key is reported at the key (file:line:col of its first character), not at its list of expressions.
      const params = e.inKey ? { textOffset: 0, inKey: true } : undefined;
      ctx.addIssue({ code: "custom", path: e.index === undefined ? [e.key] : [e.key, e.index], message: e.message, ...(params && { params }) });
    }
  }, { when: (payload) => isPlainObject(payload.value) })
  .meta({
    description: `k6-style pass/fail criteria checked at the end of the run: metric (${Object.keys(METRICS).join(", ")}), optionally with {service:NAME}, {tag:TAG} or {step:ID} → expressions such as "p(95)<500", "avg<200", "rate>0.99", "count>=10"`,
  });

interface StepLike {
  id?: string;
  name?: string;
  service?: string;
  tags?: string[];
  [kind: string]: unknown;
}

/** A selector must name a service, tag or step the scenario has, and an http metric must cover some http step: else it could never be measured. */
export function checkThresholdScope(s: { steps: StepLike[]; teardown?: StepLike[]; thresholds?: Record<string, string[]> }, ctx: z.RefinementCtx, checksSomething: (step: StepLike) => boolean = () => true): void {
  const steps = [...s.steps, ...(s.teardown ?? [])];
  for (const key of Object.keys(s.thresholds ?? {})) {
    const parsed = parseThresholdKey(key);
    if (!parsed.ok) continue;
    const { metric, selector } = parsed.value;
    // At the key: its selector names what no step has (or selects no http step), the expressions are not at fault.
    const problem = (message: string) => ctx.addIssue({ code: "custom", path: ["thresholds", key], params: { textOffset: 0, inKey: true }, message: `threshold ${JSON.stringify(key)}: ${message}` });
    const known = {
      service: [...new Set(steps.flatMap((x) => (x.service === undefined ? [] : [x.service])))],
      tag: [...new Set(steps.flatMap((x) => x.tags ?? []))],
      step: [...new Set(steps.flatMap((x) => [x.id, x.name].filter((v): v is string => v !== undefined)))],
    };
    let named = true;
    for (const [k, v] of Object.entries(selector) as [keyof typeof known, string][]) {
      if (known[k].includes(v)) continue;
      named = false;
      problem(`no step has ${k} ${JSON.stringify(v)}${didYouMean(v, known[k])}${known[k].length ? ` (${k}s: ${known[k].join(", ")})` : ""}`);
    }
    if (!named) continue;
    // `{step:X}` takes the step whose id is X and every step named X: two different steps there measure together, where
    // the selector meant one (a fast `id: login` beside a slow step named login failed `max<300`, or passed a rate).
    if (selector.step !== undefined) {
      const byId = steps.find((x) => x.id === selector.step);
      const byName = steps.filter((x) => x !== byId && x.name === selector.step);
      if (byId && byName.length > 0) problem(`{step:${selector.step}} names the step with id ${JSON.stringify(selector.step)} and ${byName.length === 1 ? "another step" : `${byName.length} other steps`} named so: it would measure them together; give ${byName.length === 1 ? "that step" : "those steps"} another name, or the step another id`);
      // Two steps of one name (a fast and a slow `health`) measured together too: `p(95)<300` passed on the fast one's requests.
      else if (!byId && byName.length > 1) problem(`{step:${selector.step}} names ${byName.length} steps named so: it would measure them together; give the one it means an id and name that ({step:ID}), or to measure several together give them a tag ({tag:…})`);
    }
    const selected = steps.filter((x) =>
      (selector.service === undefined || x.service === selector.service) &&
      (selector.tag === undefined || (x.tags ?? []).includes(selector.tag)) &&
      (selector.step === undefined || x.id === selector.step || x.name === selector.step));
    // checks counts the checks of the steps it covers: a sleep, a compose down or logs make none.
    if (metric === "checks") {
      if (selected.length > 0 && !selected.some(checksSomething)) problem(`checks counts the checks steps make, and the steps ${Object.keys(selector).length ? "selected by it" : "of the scenario"} make none (a sleep; compose down, stop, logs, restart without wait, ps without expect): it could never have samples`);
      continue;
    }
    if (!selected.some((x) => x.http !== undefined)) problem(`${metric} measures http requests, and no http step is ${Object.keys(selector).length ? "selected by it" : "in the scenario"}`);
  }
}
