// Builds .bundle/ (lib/cli.ts and everything it imports in one CommonJS file, with JavaScriptCore bytecode beside it; lazy imports stay lazy)
// for a faster start; run by npm's `postinstall` (npm ci) and `npm run build`.
// bin/scenario.ts runs the bundle only while lib/cli/bundle.ts finds it built from the sources now on disk; a failed build leaves the sources to run.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { BUNDLE_DIR, BUNDLE_ENTRY, FINGERPRINT_FILE, sourceFingerprint } from "../lib/cli/bundle.ts";

const root = resolve(import.meta.dir, "..");
const out = join(root, BUNDLE_DIR);

// The fingerprint is taken before building: a source edited during the build leaves the bundle stale, never wrongly current.
const fingerprint = sourceFingerprint(root);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const result = await Bun.build({
  entrypoints: [join(root, "lib/cli.ts")],
  outdir: out,
  target: "bun",
  // Bytecode (parsing and compiling skipped at start) needs CommonJS unless the result is a compiled executable. In CommonJS
  // output Bun writes each module's import.meta.url and .dir as the source file's, so files found relative to a module (the
  // JSON Schema, a worker script) resolve as they do from the sources (test/bundle.test.ts checks it).
  format: "cjs",
  bytecode: true,
  minify: true,
  naming: { entry: BUNDLE_ENTRY },
}).catch((e: unknown) => ({ success: false as const, logs: e instanceof AggregateError ? e.errors : [e], outputs: [] }));
if (!result.success) {
  rmSync(out, { recursive: true, force: true });
  console.error(`scenario: the bundle was not built (the sources will run, more slowly):\n${result.logs.join("\n")}`);
} else {
  writeFileSync(join(out, FINGERPRINT_FILE), fingerprint);
  console.error(`scenario: built ${BUNDLE_DIR}/ (${result.outputs.length} files)`);
}
