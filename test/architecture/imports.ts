// Reads the import graph of the program: every relative import (static, `import type`, re-export, dynamic) of each non-test module.
import { readdirSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";
import ts from "typescript";

/** Module path (relative to the repo, with `/`) → the repo paths it imports. */
export type ImportGraph = Map<string, string[]>;

const isProgramModule = (name: string) => name.endsWith(".ts") && !name.endsWith(".test.ts") && !name.endsWith(".d.ts");

function modulesUnder(root: string, dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = posix.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...modulesUnder(root, path));
    else if (isProgramModule(entry.name)) found.push(path);
  }
  return found;
}

/** The relative specifiers of one source text, resolved to repo paths; package imports (zod, node:fs) are left out. */
export function importsOf(module: string, source: string): string[] {
  const { importedFiles } = ts.preProcessFile(source, true, true);
  return importedFiles
    .map((file) => file.fileName)
    .filter((specifier) => specifier.startsWith("./") || specifier.startsWith("../"))
    .map((specifier) => posix.normalize(posix.join(posix.dirname(module), specifier)));
}

/** The import graph of every non-test module under `dirs` (e.g. lib, bin) of the repo at `root`. */
export function readImportGraph(root: string, dirs: readonly string[]): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const module of dirs.flatMap((dir) => modulesUnder(root, dir)).sort()) {
    graph.set(module, importsOf(module, readFileSync(join(root, module), "utf8")));
  }
  return graph;
}
