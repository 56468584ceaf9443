// Tests of the split of the bundle into its entry file and the rare file: every module of lib/ in exactly one of them.
import { describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import type { BuildOutput, BunPlugin } from "bun";
import { buildEntryAndRare, RARE_FILE, RARE_ROOTS } from "./bundle-split.ts";
import { tempDir } from "../test/helpers/cli.ts";

const REPO = resolve(import.meta.dir, "..");
/** As scripts/build-bundle.ts builds the packages lib/ imports lazily into files of their own: every package stays out. */
const packagesApart: BunPlugin = {
  name: "packages apart",
  setup(build) {
    build.onResolve({ filter: /^(ajv|ora|chalk|@grafana\/lezer-logql|yaml|zod)(\/|$)/ }, (args) => ({ path: args.path, external: true }));
  },
};
const OPTIONS = { target: "bun", format: "cjs", minify: true } as const;

/** The lib/ modules a built file holds, relative to the checkout. */
function libModules(output: BuildOutput): string[] {
  return Object.keys(output.metafile!.inputs).map((p) => relative(REPO, resolve(REPO, p))).filter((p) => p.startsWith("lib/"));
}

describe("the bundle's split", () => {
  test("each module of lib/ is built into one file only; the rare roots and the capabilities only an http run never needs are in the rare file", async () => {
    const outdir = tempDir("bundle-split-");
    const [entry, rare] = await buildEntryAndRare(REPO, { ...OPTIONS, outdir, naming: { entry: "cli.js" } }, [packagesApart]);
    expect([entry!.success, rare!.success]).toEqual([true, true]);
    expect(rare!.outputs.map((o) => relative(outdir, o.path))).toEqual([RARE_FILE]);
    const inEntry = libModules(entry!);
    const inRare = libModules(rare!);
    expect(inEntry.filter((m) => inRare.includes(m))).toEqual([]);
    for (const r of RARE_ROOTS) expect({ r, inRare: inRare.includes(r), inEntry: inEntry.includes(r) }).toEqual({ r, inRare: true, inEntry: false });
    expect(inEntry.filter((m) => /^lib\/(logql|files|compose|prom|loki|logsource)\//.test(m))).toEqual([]);
    expect(inEntry).toContain("lib/steps/http.ts");
    // zod is in a file of its own, which both require (scripts/bundle-zod.ts)
    for (const output of [entry!, rare!]) expect(Object.keys(output.metafile!.inputs).filter((p) => p.includes("node_modules/"))).toEqual([]);
  }, 60_000);

  test("a rare root imported other than by import() fails the build, naming the import", async () => {
    const root = tempDir("bundle-split-");
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    };
    write("lib/cli.ts", 'import { step } from "./steps/logql.ts";\nexport const main = () => step;\n');
    for (const r of RARE_ROOTS) write(r, "export const step = 1;\n");
    const failure = await buildEntryAndRare(root, { ...OPTIONS, outdir: join(root, "out") }, []).then(
      () => "built",
      (e: unknown) => (e instanceof AggregateError ? e.errors : [e]).map(String).join("\n"),
    );
    expect(failure).toContain("lib/cli.ts imports lib/steps/logql.ts without import(): it cannot be built apart");
  });
});
