// The faults of the local stand-in are named in five places: test/full-stack-faults.ts (what each run must fail), .ci/run
// (the CI's record of each), the stand-ins' own list (standin-env.sh, which refuses any other), compose/README.md and
// docs/full-stack.md. A fault added to one and not the others went unchecked in CI, or was refused at start.
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO } from "./helpers/cli.ts";
import { FAULT_RUNS } from "./full-stack-faults.ts";

const read = (path: string) => readFileSync(join(REPO, path), "utf8");
const faults = FAULT_RUNS.map((r) => r.fault).filter((f) => f !== "");
/** The fault names of a Markdown table's first column (`| \`name\` | …`) under the heading that holds `heading`. */
function tableFaults(text: string, heading: string): string[] {
  const start = text.indexOf(heading);
  expect(start).toBeGreaterThanOrEqual(0);
  const section = text.slice(start).split(/\n#{1,3} /)[0]!;
  return [...section.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]!).filter((f) => f !== "FAULT");
}

describe("the local stand-in's faults are the same everywhere", () => {
  test(".ci/run records every fault run of test/full-stack-faults.ts, in its order", () => {
    const m = /^for fault in "\(none\)" ([^;]+); do$/m.exec(read(".ci/run"));
    expect(m).not.toBeNull();
    expect(m![1]!.trim().split(/\s+/)).toEqual(faults);
  });

  test("the stand-ins accept exactly these faults, and name them when refusing another", () => {
    const env = read("compose/local/images/common/standin-env.sh");
    const accepted = /^\s*"" \| ([^)]+)\) ;;$/m.exec(env);
    expect(accepted).not.toBeNull();
    expect(accepted![1]!.split(" | ").sort()).toEqual([...faults].sort());
    const named = /\(known: ([^;]+); empty for none\)/.exec(env);
    expect(named![1]!.split(", ").sort()).toEqual([...faults].sort());
  });

  test("compose/README.md and docs/full-stack.md describe every fault", () => {
    expect(tableFaults(read("compose/README.md"), "## Faults").sort()).toEqual([...faults].sort());
    expect(tableFaults(read("docs/full-stack.md"), "## Faults on purpose").sort()).toEqual([...faults].sort());
  });
});
