// The repository's scenarios with values swapped for values of every type at seeded random places: each loads or is
// refused with load errors (exit 2), never a crash (`vars: {N: null}` crashed the check of variables' values).
import { expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { tempDir } from "../../test/helpers/cli.ts";
import { loadErrorText } from "../../test/helpers/load-errors.ts";
import { seededRandom } from "../../test/helpers/random.ts";
import { builtins } from "../vars/scope.ts";
import { loadScenario } from "./load.ts";

const SCENARIOS = join(import.meta.dir, "../../scenarios");
const SOURCES = ["demo.yaml", "full-stack.yaml", "app.yaml", "unified-logging.yaml", "compose-demo.yaml"];
/** Values of every YAML type, and texts the loader reads specially (durations, references, a NUL). */
const VALUES: unknown[] = [null, 5, -1, 0, 1.5, true, false, "x", "", "5s", "${NOPE}", [], [1], ["a", null], {}, { a: 1 }, { eq: null }, { not: {} }, "\u0000"];

type Path = (string | number)[];

function paths(v: unknown, at: Path = [], out: Path[] = []): Path[] {
  if (at.length) out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
  else if (v !== null && typeof v === "object") for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out);
  return out;
}

function setAt(root: unknown, path: Path, value: unknown): void {
  let o = root as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  o[path.at(-1)!] = value;
}

test("400 scenarios with one to three values of another type load or are refused, and none crashes the loader", async () => {
  const r = seededRandom(20261205);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const dir = tempDir("mutated-");
  const crashes: string[] = [];
  let refused = 0;
  for (let i = 0; i < 400; i++) {
    const source = pick(SOURCES);
    const doc: unknown = parse(readFileSync(join(SCENARIOS, source), "utf8"));
    const changes: string[] = [];
    for (let m = 0, n = 1 + Math.floor(r() * 3); m < n; m++) {
      const path = pick(paths(doc));
      const value = structuredClone(pick(VALUES));
      setAt(doc, path, value);
      changes.push(`${path.join(".")}=${JSON.stringify(value)}`);
    }
    const file = join(dir, `m${i}.yaml`);
    writeFileSync(file, stringify(doc));
    try {
      const text = await loadErrorText(loadScenario(file, { sources: { cli: {}, envFile: {}, env: {} }, builtins: (d) => builtins("r1", new Date(0), d) }, SCENARIOS));
      if (text !== "") {
        refused++;
        if (!text.includes("nothing was run.")) crashes.push(`${source} ${changes.join(", ")}: refused without the load errors' last line: ${text}`);
      }
    } catch (err) {
      crashes.push(`${source} ${changes.join(", ")}: ${(err as Error).stack?.split("\n").slice(0, 3).join(" | ")}`);
    }
  }
  expect(crashes).toEqual([]);
  // Most changes make a scenario wrong: the loop tried the error paths, not only files that still load.
  expect(refused).toBeGreaterThan(200);
}, 60_000);
