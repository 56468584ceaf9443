// Builds .bundle/ (lib/cli.ts and everything it imports in one CommonJS file with JavaScriptCore bytecode beside it, the packages it imports only lazily in files of their own)
// for a faster start; run by npm's `postinstall` (npm ci) and `npm run build`.
// bin/scenario.ts runs the bundle only while lib/cli/bundle.ts finds it built from the sources now on disk; a failed build leaves the sources to run.
import type { BunPlugin } from "bun";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { BUNDLE_DIR, BUNDLE_ENTRY, FINGERPRINT_FILE, sourceFingerprint } from "../lib/cli/bundle.ts";

const root = resolve(import.meta.dir, "..");
const out = join(root, BUNDLE_DIR);

/**
 * The packages the code only imports lazily (json_schema's ajv, JSONPath beyond plain paths, the spinner and colours on a
 * terminal, the LogQL grammar), each built into a file of its own beside the bundle: every start deserializes the bundle's
 * bytecode, about a third less without them; a run that needs one loads its file then. Each file holds its package whole, as
 * an ES module (no bytecode): importing a CommonJS file from this "type": "module" package would hand over its exports object
 * as the default export, where the package's own default export is meant (ora's).
 */
const VENDORED: Record<string, string> = {
  "ajv": "vendor-ajv.mjs",
  "ajv/dist/2019.js": "vendor-ajv-2019.mjs",
  "ajv/dist/2020.js": "vendor-ajv-2020.mjs",
  "jsonpath-plus": "vendor-jsonpath-plus.mjs",
  "ora": "vendor-ora.mjs",
  "chalk": "vendor-chalk.mjs",
  "@grafana/lezer-logql": "vendor-lezer-logql.mjs",
};
/** Resolves each vendored package, as lib/ imports it, to its file beside the bundle, which requires it at run time (relative to itself). */
const vendoredApart: BunPlugin = {
  name: "vendored apart",
  setup(build) {
    build.onResolve({ filter: /^(ajv|jsonpath-plus|ora|chalk|@grafana\/lezer-logql)(\/|$)/ }, (args) => {
      const file = args.importer.startsWith(join(root, "lib/")) ? VENDORED[args.path] : undefined;
      return file ? { path: `./${file}`, external: true } : undefined;
    });
  },
};

// Bytecode (parsing and compiling skipped at start) needs CommonJS unless the result is a compiled executable. In CommonJS
// output Bun writes each module's import.meta.url and .dir as the source file's, so files found relative to a module (the
// JSON Schema, a worker script) resolve as they do from the sources (test/bundle.test.ts checks it).
const options = { outdir: out, target: "bun", format: "cjs", bytecode: true, minify: true } as const;

// The fingerprint is taken before building: a source edited during the build leaves the bundle stale, never wrongly current.
const fingerprint = sourceFingerprint(root);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const builds = [
  Bun.build({ ...options, entrypoints: [join(root, "lib/cli.ts")], naming: { entry: BUNDLE_ENTRY }, plugins: [vendoredApart] }),
  ...Object.entries(VENDORED).map(([name, file]) =>
    Bun.build({ ...options, format: "esm", bytecode: false, entrypoints: [Bun.resolveSync(name, join(root, "lib/cli.ts"))], naming: { entry: file } })),
];
const results = await Promise.all(builds.map((build) => build.catch((e: unknown) => ({ success: false as const, logs: e instanceof AggregateError ? e.errors : [e], outputs: [] }))));
if (results.some((result) => !result.success)) {
  rmSync(out, { recursive: true, force: true });
  console.error(`scenario: the bundle was not built (the sources will run, more slowly):\n${results.flatMap((result) => (result.success ? [] : result.logs)).join("\n")}`);
} else {
  writeFileSync(join(out, FINGERPRINT_FILE), fingerprint);
  console.error(`scenario: built ${BUNDLE_DIR}/ (${results.reduce((n, result) => n + result.outputs.length, 0)} files)`);
}
