// Runs benchmarks by name (`npm run bench -- files logql`), each in its own process; with no name, lists them and runs all.
import { join } from "node:path";
import { availableBenchmarks } from "./available.ts";

const here = import.meta.dir;
const available = availableBenchmarks();
const argv = process.argv.slice(2);
const split = argv.indexOf("--");
const names = split >= 0 ? argv.slice(0, split) : argv.filter((a) => !a.startsWith("-"));
const passOn = split >= 0 ? argv.slice(split + 1) : argv.filter((a) => a.startsWith("-"));
const unknown = names.filter((n) => !available.includes(n));
if (unknown.length) {
  console.error(`unknown benchmark ${unknown.join(", ")}: choose from ${available.join(", ")}`);
  process.exit(2);
}
const chosen = names.length ? names : available;
if (!names.length) console.log(`benchmarks: ${available.join(", ")} (name some to run only those)`);
let worst = 0;
for (const name of chosen) {
  console.log(`\n## ${name}`);
  const proc = Bun.spawn([process.execPath, join(here, `${name}.ts`), ...passOn], { stdio: ["inherit", "inherit", "inherit"] });
  worst = Math.max(worst, await proc.exited);
}
process.exit(worst);
