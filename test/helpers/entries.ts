// The documented ways to start the tool, as argv run from the checkout, and the PATH they see after npm ci.
import { join } from "node:path";
import { REPO } from "./cli.ts";

export const ENTRIES: Record<string, string[]> = {
  "bun bin/scenario.ts": ["bun", "bin/scenario.ts"],
  "npx bun bin/scenario.ts": ["npx", "bun", "bin/scenario.ts"],
  "bun run scenario": ["bun", "run", "scenario"],
  "npx bun run scenario": ["npx", "bun", "run", "scenario"],
  "npx scenario": ["npx", "scenario"],
  "bunx scenario": ["bunx", "scenario"],
  "node_modules/.bin/scenario": ["node_modules/.bin/scenario"],
};

/** PATH as after npm ci in a shell without a global Bun: the checkout's node_modules/.bin first. */
export const ENTRY_PATH = `${join(REPO, "node_modules/.bin")}:${process.env.PATH}`;
