#!/usr/bin/env bun
// Entry point: runs main(argv) from the prebuilt bundle when it is current (else from the sources), sets the exit code, and ends the process at once when nothing is left to wait for.
import { resolve } from "node:path";
import { currentBundle } from "../lib/cli/bundle.ts";
import { undoBunDotenv } from "../lib/cli/dotenv-undo.ts";

// Bun has read the working folder's .env into the environment unless started with --no-env-file (the package script and
// bin/scenario are): undone here, before anything reads it.
undoBunDotenv(process.cwd());

const bundle = currentBundle(resolve(import.meta.dir, ".."));
const cli: typeof import("../lib/cli.ts") = bundle ? require(bundle) : await import("../lib/cli.ts");
const code = await cli.main(process.argv.slice(2));
process.exitCode = code;
if (cli.mayExitAtOnce()) process.exit(code);
