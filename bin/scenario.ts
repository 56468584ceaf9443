#!/usr/bin/env bun
// Entry point: sets the exit code from main(argv); output to a reader that went away is dropped.
import { main } from "../lib/cli.ts";

// `scenario schema | head`, `scenario run … | head`: once the reader has closed stdout, the run still finishes (teardown,
// reports) and keeps its exit code; only what it would have printed there is lost.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
});

process.exitCode = await main(process.argv.slice(2));
