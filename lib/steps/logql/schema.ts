// The logql step's zod input schema, built on first use: a run whose every logql step passes the fast input check
// (query/fast-input.ts) never builds it.
import { z } from "zod";
import { duration, stringMap } from "../../core/zod-fields.ts";
import { embeddedSupportErrors, filesMapErrors } from "../../logsource/evaluate.ts";
import { logExpectFields } from "../query/expect-schema.ts";
import { connectionFields, timeValue } from "../query/source-schema.ts";
import { connectionIssues, windowIssues } from "../query/source.ts";
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
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
    if (input.url === undefined && input.files === undefined) issue([], "give url (a Loki server) or files (evaluated locally by the embedded engine)");
    if (input.url !== undefined && input.files !== undefined) issue(["files"], "give either url or files, not both");
    if (input.files !== undefined) {
      for (const message of filesMapErrors(input.files)) issue(["files"], message);
      for (const key of ["tenant", "auth", "headers"] as const) {
        if (input[key] !== undefined) issue([key], `${key} applies to a Loki url, not to files`);
      }
      if (!input.query.includes("${")) for (const message of embeddedSupportErrors(input.query)) issue(["query"], message);
    } else if (input.ingest_labels !== undefined) issue(["ingest_labels"], "ingest_labels applies to files (a Loki adds its own labels)");
    if (input.step !== undefined && input.step <= 0) issue(["step"], "step must be more than 0");
    // A range is evaluated at whole steps within the window: one shorter than a step may hold none.
    if (input.step !== undefined && input.since !== undefined && input.since < input.step) issue(["since"], "since is shorter than step: a range is evaluated at whole steps within the window, so make since at least one step");
    for (const i of windowIssues(input)) issue([i.path], i.message);
    for (const i of connectionIssues(input)) issue([i.path], i.message);
  });


export type LogqlSchema = typeof logqlSchema;
export type LogqlInput = z.output<LogqlSchema>;
