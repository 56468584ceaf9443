#!/usr/bin/env bun
// Entry point: sets the exit code from main(argv); nothing else.
import { main } from "../lib/cli.ts";

process.exitCode = await main(process.argv.slice(2));
