// The JSONPath differential as a script: seeded documents and paths, the tool against jq (see compare.ts).
// Run: bun test/jsonpath-differential/fuzz.ts [seed] [documents] [paths per document] [new]; prints each difference, exits 1
// if any. With "new", the paths have forms.ts's forms too (nested filters, $, !, slices with steps, unions, escapes).
import { runDifferential } from "./compare.ts";
import { jsonPathError } from "../../lib/steps/shared/jsonpath.ts";

const seed = Number(process.argv[2] ?? 1);
const docs = Number(process.argv[3] ?? 200);
const perDoc = Number(process.argv[4] ?? 10);
const newForms = process.argv[5] === "new";
const { differences, paths, verdicts, refused, undecided } = await runDifferential(seed, docs, perDoc, newForms);
for (const d of differences) console.log(JSON.stringify(d));
for (const p of refused.slice(0, 20)) console.log(`refused: ${p}: ${jsonPathError(p)}`);
console.log(`seed ${seed}${newForms ? " (new forms)" : ""}: ${paths} paths (${refused.length} refused at load, ${undecided} undecided), ${verdicts} verdicts, ${differences.length} differences`);
process.exit(differences.length > 0 ? 1 : 0);
