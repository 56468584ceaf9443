// PLACEHOLDER: the files step kind is being written; this file is replaced by the real one.
import { z } from "zod";
import type { Step } from "./types.ts";

export const step = {
  kind: "files",
  schema: z.object({}).passthrough(),
  describe: () => "files",
  run: async () => ({ checks: [], error: "the files step is not implemented yet" }),
} satisfies Step;
