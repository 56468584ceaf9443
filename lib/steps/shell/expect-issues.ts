// What is wrong with a shell step's `expect` as a whole, without zod: the schema (schema.ts) words it, the fast input check leaves such an input to it.
import { checksOnly, holdsForEvery } from "../../expect/matcher.ts";

/**
 * An `expect` whose only check is an exit code matcher that every exit code meets (`exit_code: {gte: 0}`): the step
 * passed whatever the command did. Beside a check of its output it says "any exit code", which is a meaning of its own.
 */
export function shellExpectIssue(expect: Record<string, unknown>): string | undefined {
  if (!checksOnly(expect, ["exit_code"]) || !holdsForEvery(expect.exit_code, "exit")) return undefined;
  return "exit_code holds here for every exit code, and expect checks nothing else, so the step would pass whatever the command did: leave exit_code out to require 0, or check stdout, stderr or json beside it";
}
