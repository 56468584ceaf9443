// PLACEHOLDER: the logql step kind is being written; this file is replaced by the real one.
import { z } from "zod";
import type { Step } from "./types.ts";

export const step = {
  kind: "logql",
  schema: z.object({}).passthrough(),
  describe: () => "logql",
  run: async () => ({ checks: [], error: "the logql step is not implemented yet" }),
} satisfies Step;
