// Splits the rarely used parts of lib/ (the step kinds beyond http, shell and sleep, `init`, `schema`, the junit/json/html reports) out of
// .bundle/cli.js into .bundle/rare.js, loaded on their first import(), with every module of lib/ built into exactly one of the two files.
import type { BuildConfig, BuildOutput, BunPlugin } from "bun";
import { dirname, relative, resolve } from "node:path";

/** The modules lib/ only ever imports with import(), whose code an http run never runs: each becomes an entry of the rare file. */
export const RARE_ROOTS = [
  "lib/steps/compose.ts",
  "lib/steps/files.ts",
  "lib/steps/logql.ts",
  "lib/steps/promql.ts",
  "lib/schema/json-schema.ts",
  "lib/cli/init.ts",
  "lib/cli/run-many.ts",
  "lib/report/junit.ts",
  "lib/report/json.ts",
  "lib/report/html.ts",
];
/** The rare file's name beside the bundle's entry. */
export const RARE_FILE = "rare.js";
/** The global (Symbol.for) through which the rare file takes the modules it shares with the entry file, from the entry file. */
const SHARED_KEY = "scenario.bundle.shared";

/** The absolute path an import names, for the relative imports of lib/ (which always name the file); undefined for packages and builtins. */
function resolvedPath(path: string, importer: string): string | undefined {
  return path.startsWith(".") ? resolve(dirname(importer), path) : undefined;
}

/** The modules of lib/ and of packages a build's output holds (absolute paths), from its metafile (virtual modules aside; paths there are relative to the working directory). */
export function builtModules(metafile: { inputs: Record<string, unknown> }): Set<string> {
  return new Set(Object.keys(metafile.inputs).filter((p) => !p.includes(":")).map((p) => resolve(p)));
}

/**
 * For the entry file: each import() of a rare root becomes a call into the rare file (required on the first one, after the
 * modules it shares are made reachable to it); a rare root imported any other way fails the build. `shared` are the keys
 * the rare file asks for (paths of lib/ modules): empty while the entry file's modules are being found.
 */
export function entrySide(root: string, shared: ReadonlySet<string>): BunPlugin {
  const rare = new Set(RARE_ROOTS.map((r) => resolve(root, r)));
  return {
    name: "rare roots apart",
    setup(build) {
      build.onResolve({ filter: /\.ts$/ }, (args) => {
        const path = resolvedPath(args.path, args.importer);
        if (path === undefined || !rare.has(path)) return undefined;
        if (args.kind !== "dynamic-import") throw new Error(`${relative(root, args.importer)} imports ${relative(root, path)} without import(): it cannot be built apart`);
        return { path: relative(root, path), namespace: "rare-root" };
      });
      build.onLoad({ filter: /.*/, namespace: "rare-root" }, (args) => ({
        contents: `module.exports = require("rare-loader").rareRoot(${JSON.stringify(args.path)});\n`,
        loader: "js",
      }));
      build.onResolve({ filter: /^rare-loader$/ }, () => ({ path: "rare-loader", namespace: "rare-loader" }));
      build.onResolve({ filter: new RegExp(`^\\./${RARE_FILE.replace(".", "\\.")}$`) }, (args) => ({ path: args.path, external: true }));
      build.onLoad({ filter: /.*/, namespace: "rare-loader" }, () => {
        const thunks = [...shared].sort().map((key) => `      ${JSON.stringify(key)}: () => require(${JSON.stringify(resolve(root, key))}),`);
        return {
          contents: [
            "let rare;",
            "export function rareRoot(path) {",
            `  if (rare === undefined) {`,
            `    globalThis[Symbol.for(${JSON.stringify(SHARED_KEY)})] = {`,
            ...thunks,
            "    };",
            `    rare = require("./${RARE_FILE}");`,
            "  }",
            "  return rare.roots[path]();",
            "}",
            "",
          ].join("\n"),
          loader: "js",
        };
      });
    },
  };
}

/**
 * For the rare file: its entry lists the rare roots; every import of a module the entry file holds (`entryModules`) is
 * taken from the entry file instead of built in again, and its key added to `shared`.
 */
export function rareSide(root: string, entryModules: ReadonlySet<string>, shared: Set<string>): BunPlugin {
  return {
    name: "rare file",
    setup(build) {
      build.onResolve({ filter: /^rare-entry$/ }, () => ({ path: "rare-entry", namespace: "rare-entry" }));
      build.onLoad({ filter: /.*/, namespace: "rare-entry" }, () => ({
        contents: `export const roots = {\n${RARE_ROOTS.map((r) => `  ${JSON.stringify(r)}: () => require(${JSON.stringify(resolve(root, r))}),`).join("\n")}\n};\n`,
        loader: "js",
      }));
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.namespace === "shared") return undefined;
        const path = resolvedPath(args.path, args.importer);
        if (path === undefined || !entryModules.has(path)) return undefined;
        const key = relative(root, path);
        shared.add(key);
        return { path: key, namespace: "shared" };
      });
      build.onLoad({ filter: /.*/, namespace: "shared" }, (args) => ({
        contents: `module.exports = globalThis[Symbol.for(${JSON.stringify(SHARED_KEY)})][${JSON.stringify(args.path)}]();\n`,
        loader: "js",
      }));
    },
  };
}

/**
 * Builds the entry file (lib/cli.ts, named by `options.naming`) and the rare file into `options.outdir`: the entry file's
 * modules are found first (a build kept in memory), the rare file is built taking those from it, then the entry file is
 * built with what the rare file asks of it. A module of lib/ in both files fails the build.
 */
export async function buildEntryAndRare(root: string, options: Omit<BuildConfig, "entrypoints" | "plugins">, plugins: BunPlugin[]): Promise<BuildOutput[]> {
  const entry = { ...options, entrypoints: [resolve(root, "lib/cli.ts")], metafile: true };
  const found = await Bun.build({ ...entry, outdir: undefined, bytecode: false, plugins: [...plugins, entrySide(root, new Set())] });
  if (!found.success || !found.metafile) return [found];
  const shared = new Set<string>();
  const rare = await Bun.build({ ...options, entrypoints: ["rare-entry"], naming: { entry: RARE_FILE }, metafile: true, plugins: [...plugins, rareSide(root, builtModules(found.metafile), shared)] });
  if (!rare.success || !rare.metafile) return [rare];
  const built = await Bun.build({ ...entry, plugins: [...plugins, entrySide(root, shared)] });
  if (!built.success || !built.metafile) return [rare, built];
  const inEntry = builtModules(built.metafile);
  const twice = [...builtModules(rare.metafile)].filter((m) => inEntry.has(m));
  if (twice.length) throw new Error(`modules built into both files: ${twice.map((m) => relative(root, m)).join(", ")}`);
  return [built, rare];
}
