// The JSONPath differential as a script: seeded documents and paths, the tool against jq (see compare.ts).
// Run: bun test/jsonpath-differential/fuzz.ts [seed] [documents] [paths per document]; prints each difference, exits 1 if any.
import { runDifferential } from "./compare.ts";

const seed = Number(process.argv[2] ?? 1);
const docs = Number(process.argv[3] ?? 200);
const perDoc = Number(process.argv[4] ?? 10);
const { differences, paths, verdicts, refused } = await runDifferential(seed, docs, perDoc);
for (const d of differences) console.log(JSON.stringify(d));
console.log(`seed ${seed}: ${paths} paths (${refused.length} refused at load), ${verdicts} verdicts, ${differences.length} differences`);
process.exit(differences.length > 0 ? 1 : 0);
