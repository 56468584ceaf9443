// The shell step's zod input schema, built on first use: a run whose every shell step passes the fast input check (fast-input.ts) never builds it.
import { z } from "zod";
import { stringMap } from "../../core/zod-fields.ts";
import { matcherSchema, numericMatcherSchema, textMatcherSchema } from "../../expect/matcher-schema.ts";
import { captureSchema } from "../shared/capture-schema.ts";
import { jsonPathMap } from "../shared/jsonpath-schema.ts";
import { listRunIssue, stringRunIssue } from "./shell-script.ts";
import { shellExpectIssue } from "./expect-issues.ts";
import { WHATEVER_VALUE } from "../../core/whatever-value.ts";
import { NUL_MESSAGE, nulFields } from "./nul-fields.ts";

const expectSchema = z
  .object({
    exit_code: numericMatcherSchema("exit", true).optional().meta({ description: "matcher on the exit code; without it the exit code must be 0" }),
    stdout: textMatcherSchema("stdout").optional().meta({ description: "matcher on stdout (trailing line breaks removed)" }),
    stderr: textMatcherSchema("stderr").optional().meta({ description: "matcher on stderr (trailing line breaks removed)" }),
    json: jsonPathMap(matcherSchema).optional().meta({ description: "JSONPath → matcher, on stdout parsed as JSON" }),
  })
  .strict()
  .superRefine((v, ctx) => {
    const alone = shellExpectIssue(v);
    if (alone) ctx.addIssue({ code: "custom", path: ["exit_code"], message: alone });
  });

/** What the mapping under `shell:` must hold; the output is the step's input. */
export const shellSchema = z
  .object({
    run: z
      .union([z.string().min(1, "run: give a command"), z.array(z.string()).min(1, "run: give at least the program to run")])
      .meta({ description: "a command line run by bash -c (bash expands each ${NAME} from the environment: a value never runs as code), or a list: argv run without a shell" }),
    cwd: z.string().optional().meta({ description: "working directory, relative to the scenario's directory" }),
    env: stringMap.optional().meta({ description: "extra environment variables (every scenario variable is exported already)" }),
    background: z.boolean().optional().meta({ description: "start it and go on; it is stopped (whole process group) when the scenario ends" }),
    expect: expectSchema.optional(),
    capture: captureSchema({ named: ["stdout", "stderr"], textName: "stdout" })
      .optional()
      .meta({ description: "NAME: stdout | stderr (trimmed), a JSONPath into stdout, or {regex: ...} on stdout" }),
  })
  .strict()
  .superRefine((v, ctx) => {
    const wrapped = typeof v.run === "string" ? undefined : listRunIssue(v.run);
    // These hold whatever the values (WHATEVER_VALUE): a reference to a name captured during the run is refused at load too.
    if (wrapped) ctx.addIssue({ code: "custom", path: ["run", wrapped.index], message: wrapped.message, params: WHATEVER_VALUE });
    const code = typeof v.run === "string" ? stringRunIssue(v.run) : undefined;
    if (code) ctx.addIssue({ code: "custom", path: ["run"], message: code, params: WHATEVER_VALUE });
    for (const path of nulFields(v)) ctx.addIssue({ code: "custom", path, message: NUL_MESSAGE });
    if (!v.background) return;
    for (const key of ["expect", "capture"] as const) {
      if (v[key] !== undefined)
        ctx.addIssue({ code: "custom", path: [key], message: `a background command has no ${key}: it passes once started; check what it serves in a later step (with eventually)` });
    }
  });

export type ShellSchema = typeof shellSchema;
