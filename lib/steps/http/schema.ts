// The http step's zod input schema, built on first use: a run whose every http step passes the fast input check never builds it.
import { z } from "zod";
import { deadline, scalar, stringMap } from "../../core/zod-fields.ts";
import { headerMatchersSchema, matcherSchema, numericMatcherSchema, textMatcherSchema } from "../../expect/matcher-schema.ts";
import { schemaTypos, vacuousSchema } from "./schema-typos.ts";
import { compileIssues } from "./json-schema.ts";
import { captureSchema } from "../shared/capture-schema.ts";
import { jsonPathMap } from "../shared/jsonpath-schema.ts";
import { expectInBody, inexactNumbers } from "./json-body.ts";
import { methodIssue } from "./methods.ts";
import { statusSchema } from "./status-schema.ts";
import { httpExpectIssue, httpExpectIssuePath } from "./status-issues.ts";
import { MAX_CONCURRENCY, MAX_REPEAT } from "./limits.ts";
import { badHeaderName, HEADER_VALUE_CONTROL, HEADER_VALUE_CONTROL_MESSAGE, invalidUrl, unsupportedScheme, URL_CONTROL, URL_CONTROL_MESSAGE } from "../../util/url-text.ts";

const expectSchema = z
  .object({
    status: statusSchema.optional(),
    headers: headerMatchersSchema.optional().meta({ description: "header name (any case) → matcher on its value; an absent header is undefined" }),
    body: textMatcherSchema("body", "an empty body").optional().meta({ description: "matcher on the body text (trailing line breaks removed)" }),
    json: jsonPathMap(matcherSchema).optional().meta({ description: "JSONPath → matcher on the JSON body; no match is undefined, several matches a list" }),
    json_schema: z
      .union([z.boolean(), z.record(z.string(), z.unknown())])
      .superRefine((v, ctx) => {
        const typos = schemaTypos(v);
        for (const t of typos) ctx.addIssue({ code: "custom", path: t.path, message: t.message, ...(t.atKey ? { params: { atKey: true } } : {}) });
        const vacuous = vacuousSchema(v);
        if (vacuous) ctx.addIssue({ code: "custom", message: vacuous });
        // What ajv itself refuses (a $ref to another document…) is known now too, not when the step runs.
        else if (typos.length === 0) for (const t of compileIssues(v)) ctx.addIssue({ code: "custom", path: t.path, message: t.message });
      })
      .optional()
      .meta({ description: "an inline JSON Schema (2020-12 unless $schema names draft-07 or 2019-09) the JSON body must satisfy" }),
    latency: numericMatcherSchema("ms").optional().meta({ description: "matcher on the time to the last body byte, in ms: {lt: 2s}" }),
  })
  .strict()
  .superRefine((v, ctx) => {
    // A name no header has cannot be looked up in the response (fetch threw "Invalid header name" when the step ran). One
    // a value captured during the run makes is checked then (the loader sets the issue at its `${…}` aside).
    for (const name of Object.keys(v.headers ?? {})) {
      const bad = badHeaderName(name);
      if (bad !== undefined) ctx.addIssue({ code: "custom", path: ["headers", name], message: bad });
    }
    const alone = httpExpectIssue(v);
    if (alone) ctx.addIssue({ code: "custom", path: httpExpectIssuePath(v.status), message: alone });
  });

/** What the mapping under `http:` must hold; the output is the step's input. */
export const httpSchema = z
  .object({
    url: z
      .string()
      .min(1, "url: give the address to request")
      .refine((u) => !URL_CONTROL.test(u), URL_CONTROL_MESSAGE)
      .meta({ description: "the full URL, http:// or https://" }),
    method: z
      .string()
      .regex(/^[A-Za-z]+$/, "method: an HTTP method such as GET or POST")
      .transform((m) => m.toUpperCase())
      .superRefine((m, ctx) => {
        const issue = methodIssue(m);
        if (issue !== undefined) ctx.addIssue({ code: "custom", message: issue });
      })
      .default("GET")
      .meta({ description: "HTTP method, any case (default GET)" }),
    headers: stringMap.optional().meta({ description: "request headers, name: value" }),
    query: z
      .record(z.string(), z.union([scalar, z.array(scalar)]))
      .optional()
      .meta({ description: "query parameters added to the url; a list repeats the parameter" }),
    body: z.string().optional().meta({ description: "request body text" }),
    json: z.unknown().optional().meta({ description: "request body sent as JSON (content-type: application/json unless headers set one)" }),
    timeout: deadline.optional().meta({ description: "deadline of this request (the step's timeout applies too)" }),
    follow_redirects: z.boolean().default(true).meta({ description: "follow redirects and check the final response (default true); false checks the 3xx itself" }),
    insecure_tls: z.boolean().default(false).meta({ description: "accept any TLS certificate (self-signed test stacks)" }),
    expect: expectSchema.optional(),
    repeat: z.number().int().min(1).max(MAX_REPEAT).default(1).meta({ description: `send the request N times (at most ${MAX_REPEAT}); every response is checked, and the summary and thresholds count every request` }),
    concurrency: z.number().int().min(1).max(MAX_CONCURRENCY).default(1).meta({ description: `with repeat: at most K requests in flight at once (default 1, at most ${MAX_CONCURRENCY})` }),
    capture: captureSchema({ named: ["body", "status"], headers: true, textName: "the response body" })
      .optional()
      .meta({ description: "NAME: a JSONPath into the JSON body, header:NAME, body, status, or {regex: ...} on the body" }),
  })
  .strict()
  .superRefine((v, ctx) => {
    // Known before the run (a `${…}` is checked when the step runs): the step could only fail, after everything before it.
    const badUrl = v.url === "" || v.url.includes("${") ? undefined : invalidUrl(v.url) ?? unsupportedScheme(v.url);
    if (badUrl !== undefined) ctx.addIssue({ code: "custom", path: ["url"], message: badUrl });
    for (const [name, value] of Object.entries(v.headers ?? {})) {
      const bad = name.includes("${") ? undefined : badHeaderName(name);
      if (bad !== undefined) ctx.addIssue({ code: "custom", path: ["headers", name], message: bad });
      // A line break written in the file (or in a value filled in at load) is known now; one a `${…}` captured during the
      // run brings is the step's error when it runs (http.ts).
      else if (HEADER_VALUE_CONTROL.test(value)) ctx.addIssue({ code: "custom", path: ["headers", name], message: HEADER_VALUE_CONTROL_MESSAGE });
    }
    // A number JavaScript cannot hold as written is sent as another: 9007199254740993 as …992, 1e400 as null.
    for (const [path, n] of inexactNumbers(v.json, [])) {
      const sent = Number.isFinite(n) ? String(n) : "null";
      ctx.addIssue({ code: "custom", path: ["json", ...path], message: `${Number.isFinite(n) ? "an integer beyond 2^53" : "a number beyond a double's range (about 1.8e308)"} would be sent as ${sent}, not as written: send the body as text with its digits (body: '{"…": DIGITS}' and headers: {content-type: application/json})` });
    }
    const misplaced = expectInBody(v.json, v.expect);
    if (misplaced) ctx.addIssue({ code: "custom", path: ["json", "expect"], message: misplaced, params: { atKey: true } });
    if (v.body !== undefined && v.json !== undefined)
      ctx.addIssue({ code: "custom", path: ["json"], message: "give either body (text) or json (an object sent as JSON), not both" });
    // fetch refuses to send one, so the step could only fail, having sent nothing (and counted a request that never left).
    else if ((v.method === "GET" || v.method === "HEAD") && (v.body !== undefined || v.json !== undefined))
      ctx.addIssue({ code: "custom", path: [v.json !== undefined ? "json" : "body"], message: `a ${v.method} request has no body: give method: POST (or PUT, PATCH), or leave ${v.json !== undefined ? "json" : "body"} out` });
    // A HEAD response has no body: a check of it held on "" whatever the server had (`not_contains: error` passed on
    // anything), and a capture of it took "".
    if (v.method === "HEAD") {
      for (const key of ["body", "json", "json_schema"] as const) {
        if (v.expect?.[key] !== undefined) ctx.addIssue({ code: "custom", path: ["expect", key], message: `a HEAD response has no body, so a ${key} check would be about an empty body whatever the server sends: use method: GET to check the body, or leave ${key} out` });
      }
      for (const [name, source] of Object.entries(v.capture ?? {})) {
        if (typeof source !== "string" || (source !== "status" && !source.toLowerCase().startsWith("header:"))) {
          ctx.addIssue({ code: "custom", path: ["capture", name], message: "a HEAD response has no body, so this capture would read an empty body: use method: GET, or capture status or header:NAME" });
        }
      }
    }
    if (v.concurrency > 1 && v.repeat === 1)
      ctx.addIssue({ code: "custom", path: ["concurrency"], message: "concurrency limits the requests of repeat: give repeat: N too" });
  });

export type HttpSchema = typeof httpSchema;
export type HttpInput = z.output<HttpSchema>;
