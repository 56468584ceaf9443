#!/usr/bin/env bun
// Entry point: runs main(argv) from the prebuilt bundle when it is current (else from the sources) and sets the exit code.
import { resolve } from "node:path";
import { currentBundle } from "../lib/cli/bundle.ts";

const bundle = currentBundle(resolve(import.meta.dir, ".."));
const cli: typeof import("../lib/cli.ts") = bundle ? require(bundle) : await import("../lib/cli.ts");
process.exitCode = await cli.main(process.argv.slice(2));
