// The zod schemas of the fields the logql and promql steps share (connection, time values), built only when a step of
// theirs goes through zod (the fast input check, query/fast-input.ts, was unsure of it) or for the JSON Schema.
import { z } from "zod";
import { scalar, stringMap } from "../../core/zod-fields.ts";
import type { Auth } from "../../prom/http.ts";
import { timeField } from "./source.ts";

/** `auth: {basic: {username, password}}` or `auth: {bearer: TOKEN}`. */
const authSchema = z.union(
  [
    z.object({ basic: z.object({ username: z.string(), password: z.string() }).strict() }).strict(),
    z.object({ bearer: z.string() }).strict(),
  ],
  { error: "auth takes {basic: {username, password}} or {bearer: TOKEN}" },
).meta({ description: "{basic: {username, password}} or {bearer: TOKEN}" }) satisfies z.ZodType<Auth>;

/** The fields that say how to reach a Prometheus-API server (Loki, Prometheus, Mimir). */
export const connectionFields = {
  url: z.string().meta({ description: "Root URL of the server, e.g. http://localhost:3100" }).optional(),
  tenant: scalar.meta({ description: "Tenant, sent as X-Scope-OrgID (a number is sent as written: tenant: 007 sends 007)" }).optional(),
  auth: authSchema.optional(),
  headers: stringMap.meta({ description: "Extra request headers" }).optional(),
};

/**
 * A time field: RFC 3339 or epoch seconds, parsed to epoch milliseconds. A string still holding `${...}`
 * (a variable captured at run time) passes validation at load time as NaN; run() sees it resolved.
 */
export const timeValue = z
  .union([z.string(), z.number()])
  .transform((v, ctx) => {
    const ms = timeField(v);
    if (typeof ms === "string") {
      ctx.addIssue({ code: "custom", message: ms });
      return z.NEVER;
    }
    return ms;
  })
  .meta({ description: "Time: RFC 3339 (2024-05-01T12:00:00Z) or epoch seconds" });

