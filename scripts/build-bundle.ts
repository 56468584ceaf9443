// Builds .bundle/ (lib/cli.ts and everything it imports in a CommonJS file with JavaScriptCore bytecode beside it, the rarely used parts of lib/ in a second one, the packages it uses only on some paths in files of their own)
// for a faster start, and the C reading of passed-over lines' times (scripts/build-native.ts); run by npm's `postinstall` (npm ci) and `npm run build`.
// bin/scenario.ts runs the bundle only while lib/cli/bundle.ts finds it built from the sources now on disk; a failed build leaves the sources to run.
import type { BunPlugin } from "bun";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { BUNDLE_DIR, BUNDLE_ENTRY, bundleRecord, FINGERPRINT_FILE, sourceRecord } from "../lib/cli/bundle.ts";
import { buildEntryAndRare } from "./bundle-split.ts";
import { buildLineTimes } from "./build-native.ts";
import { ZOD_ENTRY, zodEntry, zodMembersOfLib } from "./bundle-zod.ts";

const root = resolve(import.meta.dir, "..");
const out = join(root, BUNDLE_DIR);

/**
 * The packages the code only imports lazily (json_schema's ajv, the spinner and colours on a
 * terminal, the LogQL grammar, yaml: the loader's exact parse for file:line:col, compose's config and `init` — a
 * valid file goes through Bun's own parser — and zod: every schema but the kinds' fast checks), each built into a file of
 * its own beside the bundle: every start deserializes the bundle's bytecode, about a third less without them; a run that needs
 * one loads its file then. zod's file holds only the members of `z` that lib/ reads (scripts/bundle-zod.ts). Each file holds its package whole,
 * CommonJS with bytecode like the bundle, except ora: lib/ takes its default export through import(), and import() of a
 * CommonJS file in this "type": "module" package hands over the exports object as the default, so ora is an ES module (.mjs).
 */
const VENDORED: Record<string, { file: string; format: "cjs" | "esm" }> = {
  "ajv": { file: "vendor-ajv.js", format: "cjs" },
  "ajv/dist/2019.js": { file: "vendor-ajv-2019.js", format: "cjs" },
  "ajv/dist/2020.js": { file: "vendor-ajv-2020.js", format: "cjs" },
  "ora": { file: "vendor-ora.mjs", format: "esm" },
  "chalk": { file: "vendor-chalk.js", format: "cjs" },
  "@grafana/lezer-logql": { file: "vendor-lezer-logql.js", format: "cjs" },
  "yaml": { file: "vendor-yaml.js", format: "cjs" },
  "zod": { file: "vendor-zod.js", format: "cjs" },
};
/** Resolves each vendored package, as lib/ imports it, to its file beside the bundle, which requires it at run time (relative to itself). */
const vendoredApart: BunPlugin = {
  name: "vendored apart",
  setup(build) {
    build.onResolve({ filter: /^(ajv|ora|chalk|@grafana\/lezer-logql|yaml|zod)(\/|$)/ }, (args) => {
      const vendored = args.importer.startsWith(join(root, "lib/")) ? VENDORED[args.path] : undefined;
      return vendored ? { path: `./${vendored.file}`, external: true } : undefined;
    });
  },
};

// Bytecode (parsing and compiling skipped at start) needs CommonJS unless the result is a compiled executable. In CommonJS
// output Bun writes each module's import.meta.url and .dir as the source file's, so files found relative to a module (the
// JSON Schema, a worker script) resolve as they do from the sources (test/bundle.test.ts checks it).
const options = { outdir: out, target: "bun", format: "cjs", bytecode: true, minify: true } as const;

// The record is taken before building: a source edited during the build leaves the bundle stale, never wrongly current.
const { fingerprint, directories } = sourceRecord(root);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const builds = [
  // the entry file and the rare file: scripts/bundle-split.ts
  buildEntryAndRare(root, { ...options, naming: { entry: BUNDLE_ENTRY } }, [vendoredApart]),
  // async, so a package that cannot be resolved fails this build like any other error instead of ending the script
  ...Object.entries(VENDORED).map(async ([name, { file, format }]) => {
    const own = name === "zod" ? { entrypoints: [ZOD_ENTRY], plugins: [zodEntry(root, zodMembersOfLib(root))] } : { entrypoints: [Bun.resolveSync(name, join(root, "lib/cli.ts"))] };
    return Bun.build({ ...options, format, bytecode: format === "cjs", ...own, naming: { entry: file } });
  }),
];
const results = (await Promise.all(builds.map((build) => build.catch((e: unknown) => ({ success: false as const, logs: e instanceof AggregateError ? e.errors : [e], outputs: [] }))))).flat();
if (results.some((result) => !result.success)) {
  rmSync(out, { recursive: true, force: true });
  console.error(`scenario: the bundle was not built (the sources will run, more slowly):\n${results.flatMap((result) => (result.success ? [] : result.logs)).join("\n")}`);
} else {
  writeFileSync(join(out, FINGERPRINT_FILE), bundleRecord(fingerprint, results.flatMap((result) => result.outputs.map((o) => relative(out, o.path))).sort(), directories));
  console.error(`scenario: built ${BUNDLE_DIR}/ (${results.reduce((n, result) => n + result.outputs.length, 0)} files)`);
}

// The C reading of passed-over lines' times, built by the system's compiler where there is one (scripts/build-native.ts).
const native = buildLineTimes();
console.error(native.ok ? `scenario: built ${relative(root, native.path)}` : `scenario: the C reading was not built (Bun's own compiler will build it when needed): ${native.why}`);
