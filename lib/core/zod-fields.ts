// Zod building blocks (durations, sizes, regexes, string maps) shared by the scenario schema, every step kind and the files checks.
import { z } from "zod";
import { durationMs } from "./units/duration.ts";
import { oneLetterSize, parseSize } from "./units/size.ts";
import { regexError } from "../expect/regex.ts";

/** A duration ("500ms", "1m30s", or a number of seconds), parsed to milliseconds. */
export const duration = z
  .union([z.string(), z.number()])
  .transform((v, ctx) => {
    const ms = durationMs(v);
    if (ms === undefined) {
      ctx.addIssue({ code: "custom", message: `invalid duration ${JSON.stringify(v)}: use a number with a unit, e.g. 500ms, 2s, 1m30s, 1h, 7d` });
      return z.NEVER;
    }
    return ms;
  })
  .meta({ description: "Duration: 500ms, 2s, 1m30s, 1h, 7d, or a number of seconds" });

/** The text that refuses a deadline of 0: nothing could finish in it, so the step would fail on its own clock. */
export const ZERO_DEADLINE = "a deadline of 0 leaves no time to run: give one, e.g. 5s, or leave the key out";

/** A duration that is a deadline (a timeout, an `eventually`): more than 0. */
export const deadline = duration
  .refine((ms) => ms > 0, { message: ZERO_DEADLINE })
  .meta({ description: "Duration: 500ms, 2s, 1m30s, 1h, 7d, or a number of seconds; more than 0" });

/** A duration that must be more than 0, refused with `message` when it is 0 (an interval, a hold). */
export function positiveDuration(message: string) {
  return duration.refine((ms) => ms > 0, { message }).meta({ description: "Duration: 500ms, 2s, 1m30s, 1h, 7d, or a number of seconds; more than 0" });
}

/** The text that refuses an interval of 0: the step would be asked again at once, as fast as it can, until its deadline. */
export const ZERO_INTERVAL = "an interval of 0 asks again at once, hundreds of times a second: give one, e.g. 50ms, or leave the key out";
/** The text that refuses a hold of 0: it holds for no time. */
export const ZERO_HOLD = "hold: 0 holds for no time: give how long the step must keep passing, e.g. 30s, or leave hold out";

/** A size ("10KB", "1MiB", or a number of bytes), parsed to bytes. */
export const size = z
  .union([z.string(), z.number()])
  .transform((v, ctx) => {
    const bytes = typeof v === "number" ? v : parseSize(v);
    if (bytes === undefined) {
      ctx.addIssue({ code: "custom", message: (typeof v === "string" && oneLetterSize(v)) || `invalid size ${JSON.stringify(v)}: use a number with a unit, e.g. 512B, 10KB, 1MiB` });
      return z.NEVER;
    }
    return bytes;
  })
  .meta({ description: "Size: 512B, 10KB, 1MiB, 2GiB, or a number of bytes" });

/** A regular expression source, checked to compile. */
export const regex = z.string().superRefine((v, ctx) => {
  const err = regexError(v);
  if (err) ctx.addIssue({ code: "custom", message: `invalid regular expression: ${err}` });
});

/** A string, number or boolean, as a string (YAML reads `8080` and `true` as non-strings). */
export const scalar = z.union([z.string(), z.number(), z.boolean()]).transform(String);

/** string → string map (headers, env, labels); scalar values are stringified. */
export const stringMap = z.record(z.string(), scalar);

/** One string or a list of them. */
export const stringOrList = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v]));
