// PLACEHOLDER: the compose step kind is being written; this file is replaced by the real one.
import { z } from "zod";
import type { Step } from "./types.ts";

export const step = {
  kind: "compose",
  schema: z.object({}).passthrough(),
  describe: () => "compose",
  run: async () => ({ checks: [], error: "the compose step is not implemented yet" }),
} satisfies Step;
