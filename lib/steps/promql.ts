// PLACEHOLDER: the promql step kind is being written; this file is replaced by the real one.
import { z } from "zod";
import type { Step } from "./types.ts";

export const step = {
  kind: "promql",
  schema: z.object({}).passthrough(),
  describe: () => "promql",
  run: async () => ({ checks: [], error: "the promql step is not implemented yet" }),
} satisfies Step;
