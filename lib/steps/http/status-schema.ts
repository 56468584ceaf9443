// The load-time schema of the http step's `expect.status`: a code, a class such as 2xx, a list of either, or a matcher mapping.
import { z } from "zod";
import { addMatcherIssues, MATCHER_META } from "../../expect/matcher-schema.ts";
import { statusMatcherIssues } from "./status-issues.ts";

/** Validates a status expectation at load time. */
export const statusSchema = z
  .unknown()
  .superRefine((v, ctx) => {
    addMatcherIssues(ctx, statusMatcherIssues(v));
  })
  .meta(MATCHER_META)
  .meta({ description: "status code (200), class (2xx), a list of them ([200, 3xx]), or a matcher ({gte: 200, lt: 300}); default: 2xx or 3xx" });
