// The promql step's zod input schema, built on first use: a run whose every promql step passes the fast input check
// (query/fast-input.ts) never builds it.
import { z } from "zod";
import { duration } from "../../core/zod-fields.ts";
import { metricExpectFields } from "../query/expect-schema.ts";
import { connectionFields, timeValue } from "../query/source-schema.ts";
import { connectionIssues, windowIssues } from "../query/source.ts";

export const promqlSchema = z
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


export type PromqlSchema = typeof promqlSchema;
export type PromqlInput = z.output<PromqlSchema>;
