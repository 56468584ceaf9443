// The logql step's zod input schema, built on first use: a run whose every logql step passes the fast input check
// (query/fast-input.ts) never builds it.
import { z } from "zod";
import { duration, stringMap } from "../../core/zod-fields.ts";
import { logExpectFields } from "../query/expect-schema.ts";
import { connectionFields, timeValue } from "../query/source-schema.ts";
import { logqlInputIssues } from "../query/input-issues.ts";
import { DEFAULT_STEP_LINE_LIMIT } from "./limits.ts";

/** glob → static labels; a `{name}` path segment in the glob also becomes a label. */
const filesSchema = z
  .record(z.string(), z.union([stringMap, z.null()]).transform((v) => v ?? {}))
  .meta({ description: "Evaluate on local files instead of Loki: glob → static labels; a {name} path segment becomes a label" });

export const logqlSchema = z
  .object({
    query: z.string().min(1).meta({ description: "The LogQL query" }),
    ...connectionFields,
    files: filesSchema.optional(),
    since: duration.meta({ description: "The window reaches back this long from end (default 1h)" }).optional(),
    start: timeValue.optional(),
    end: timeValue.optional(),
    step: duration.meta({ description: "Evaluate a metric query every step over start..end instead of once at end" }).optional(),
    limit: z.number().int().positive().meta({ description: `Most lines a log query returns (default ${DEFAULT_STEP_LINE_LIMIT})` }).optional(),
    direction: z.enum(["forward", "backward"]).meta({ description: "backward: newest lines first (default); forward: oldest first" }).optional(),
    ingest_labels: z
      .boolean()
      .meta({ description: "files only: add the labels a default Loki 3.x adds at ingestion, service_name and detected_level (default true)" })
      .optional(),
    expect: z.object(logExpectFields).strict().optional(),
  })
  .strict()
  .superRefine((input, ctx) => {
    for (const i of logqlInputIssues(input)) ctx.addIssue({ code: "custom", path: i.path, message: i.message });
  });

export type LogqlSchema = typeof logqlSchema;
export type LogqlInput = z.output<LogqlSchema>;
