// The promql step's zod input schema, built on first use: a run whose every promql step passes the fast input check
// (query/fast-input.ts) never builds it.
import { z } from "zod";
import { duration } from "../../core/zod-fields.ts";
import { metricExpectFields } from "../query/expect-schema.ts";
import { connectionFields, timeValue } from "../query/source-schema.ts";
import { promqlInputIssues } from "../query/input-issues.ts";

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
    for (const i of promqlInputIssues(input)) ctx.addIssue({ code: "custom", path: i.path, message: i.message });
  });

export type PromqlSchema = typeof promqlSchema;
export type PromqlInput = z.output<PromqlSchema>;
