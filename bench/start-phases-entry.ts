// bin/scenario.ts with marks: the same parts in the same order, each followed by the time since the process began and its minor page faults so far; written as JSON to stderr's last line for bench/start-phases.ts.
const marks: { part: string; ms: number; faults: number }[] = [];
const mark = (part: string) => marks.push({ part, ms: performance.now(), faults: process.resourceUsage().minorPageFault });
mark("Bun's start, to the entry");
const { resolve } = require("node:path") as typeof import("node:path");
mark("node:path");
const { currentBundle } = require("../lib/cli/bundle.ts") as typeof import("../lib/cli/bundle.ts");
mark("lib/cli/bundle.ts (with node:fs)");
const bundle = currentBundle(resolve(import.meta.dir, ".."));
mark("the freshness check");
if (!bundle) throw new Error("no current .bundle/: run npm run build first");
const cli: typeof import("../lib/cli.ts") = require(bundle);
mark("the bundle's require");
const code = await cli.main(process.argv.slice(2));
mark("main");
process.stderr.write(`\n${JSON.stringify(marks)}\n`);
process.exit(code);
