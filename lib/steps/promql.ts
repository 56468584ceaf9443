// The `promql` step: runs a PromQL query on Prometheus (instant, or a range with `step`) and checks value/series/labels/empty.
import { z } from "zod";
import { duration } from "../core/zod-fields.ts";
import { promClient } from "../prom/client.ts";
import type { QueryResult } from "../core/query-result.ts";
import type { StepResult } from "../core/step-result.ts";
import { warningLines } from "../core/warnings.ts";
import { checkResult, metricExpectFields, resultObserved, resultSummary, resultText, type RangeGrid } from "./query/expect.ts";
import {
  clipQuery,
  connectionFields,
  describeServer,
  httpOptions,
  instantEvaluation,
  requestFailure,
  resolveWindow,
  timeValue,
  urlError,
  windowEvaluation,
  windowIssues,
  connectionIssues,
  type Evaluation,
} from "./query/source.ts";
import type { Step } from "./types.ts";

const schema = z
  .object({
    url: z.string().meta({ description: "Root URL of Prometheus, e.g. http://localhost:9090" }),
    query: z.string().min(1).meta({ description: "The PromQL query" }),
    time: timeValue.optional(),
    start: timeValue.optional(),
    end: timeValue.optional(),
    since: duration.optional(),
    step: duration.meta({ description: "Makes a range query over start..end (or since), evaluated every step" }).optional(),
    tenant: connectionFields.tenant,
    auth: connectionFields.auth,
    headers: connectionFields.headers,
    expect: z.object(metricExpectFields).strict().optional(),
  })
  .strict()
  .superRefine((input, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (input.step !== undefined) {
      if (input.step <= 0) issue("step", "step must be more than 0");
      if (input.time !== undefined) issue("time", "time is the instant of an instant query; with step, give start/end or since");
    } else {
      for (const key of ["start", "end", "since"] as const) {
        if (input[key] !== undefined) issue(key, `${key} belongs to a range query: add step (e.g. step: 15s), or give time for an instant query`);
      }
    }
    for (const i of windowIssues(input)) issue(i.path, i.message);
    for (const i of connectionIssues(input)) issue(i.path, i.message);
  });

type Input = z.output<typeof schema>;

export const step = {
  kind: "promql",
  checks: true,
  schema,
  describe: (input: Input) => `promql ${clipQuery(input.query)}`,
  async run(input, ctx) {
    const badUrl = urlError(input.url);
    if (badUrl) return { checks: [], error: badUrl };
    const warnings: string[] = [];
    const client = promClient(httpOptions(input, ctx, warnings));
    const now = Date.now();
    let evaluation: Evaluation;
    let run: () => Promise<QueryResult>;
    let grid: RangeGrid | undefined;
    if (input.step !== undefined) {
      const window = resolveWindow(input, now);
      if (typeof window === "string") return { checks: [], error: window };
      const stepMs = input.step;
      grid = { ...window, stepMs };
      evaluation = windowEvaluation(window, stepMs);
      run = () => client.queryRange(input.query, { ...window, stepMs });
    } else {
      if (Number.isNaN(input.time)) return { checks: [], error: "time still holds an undefined variable" };
      const timeMs = input.time ?? now;
      evaluation = instantEvaluation(timeMs);
      run = () => client.query(input.query, { timeMs });
    }
    const { when, observed: observedWhen } = evaluation;
    const queryDetail = { title: "Query", body: `query:  ${input.query}\nsource: ${describeServer("Prometheus", input)}\nwhen:   ${when}` };
    const summary = `promql ${clipQuery(input.query, 60)} on ${input.url}`;
    let result: QueryResult;
    try {
      result = await run();
    } catch (err) {
      return requestFailure(err, { summary, details: [queryDetail], observed: observedWhen });
    }
    ctx.log(`promql ${input.query} → ${resultSummary(result)}`);
    // Prometheus's warnings and infos (a partial answer, a metric that may not be a counter) go with the query: a handful,
    // one line each (core/warnings.ts); StepResult.warnings keeps them all for the JSON report.
    const warned = warnings.length ? { ...queryDetail, body: `${queryDetail.body}\n${warningLines(warnings, "warning: ").join("\n")}` } : queryDetail;
    const done: StepResult = {
      checks: checkResult(result, input.expect ?? {}, undefined, grid),
      observed: { ...resultObserved(result), ...observedWhen, ...(warnings.length ? { warnings: warnings.length } : {}) },
      details: [warned, { title: "Result", body: resultText(result) }],
      summary: `${summary} ${when} → ${resultSummary(result)}`,
    };
    if (warnings.length) done.warnings = warnings.map((w) => `Prometheus: ${w}`);
    return done;
  },
} satisfies Step<typeof schema>;
