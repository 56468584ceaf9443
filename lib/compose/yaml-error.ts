// compose's YAML errors ("yaml: line 3: did not find expected ',' or ']'") name no file: with several compose files
// in a step (a base file and its overlay), or a file one of them pulls in (`include:`, `extends: file:`), the user could
// not tell which one to fix.
import { dirname, isAbsolute, relative, resolve } from "node:path";
import { parseAllDocuments } from "yaml";
import { readRegular } from "../util/regular-file.ts";
import { isObj } from "./inspect-json.ts";
import { defaultComposeFiles } from "../util/compose-files.ts";

/** Files followed through include:/extends: before giving up (no real project nests further). */
const MAX_FILES = 256;

interface Found {
  file: string;
  /** How the file was reached from a step's file: undefined for the step's own files. */
  via?: { how: "include:" | "extends:"; from: string };
}

/**
 * When compose's failure text is a YAML error, the compose files that are not valid YAML (shown relative to `cwd`), as
 * text to add to the error: `, in bad.yml (not valid YAML)`, or for a file pulled in by another,
 * `, in sub/db.yml (not valid YAML, an include: of compose.yml)`; "" otherwise, or when every file parses. The step's
 * files are read, then the local files their `include:` entries and services' `extends: {file: …}` name (relative to the
 * file naming them, as compose reads them), and theirs in turn; a path with `${…}` or a remote one is not followed. A step
 * that names no files has compose's default ones (`compose.yaml` … and its override) looked at.
 */
export function yamlErrorFiles(text: string, files: readonly string[], cwd: string): string {
  if (!/(^|\s)yaml: /.test(text)) return "";
  const bad: Found[] = [];
  const seen = new Set<string>();
  const queue: Found[] = (files.length ? files.map((file) => resolve(cwd, file)) : defaultComposeFiles(cwd)).map((file) => ({ file }));
  while (queue.length && seen.size < MAX_FILES) {
    const found = queue.shift()!;
    if (seen.has(found.file)) continue;
    seen.add(found.file);
    let source: string;
    try {
      // A FIFO (NotRegularFile) is skipped as a file that cannot be read: an open of one with no writer would hold the
      // run, after compose has failed, deaf to Ctrl-C and SIGTERM.
      source = readRegular(found.file);
    } catch {
      continue;
    }
    const docs = [...parseAllDocuments(source)];
    if (docs.some((doc) => doc.errors.length > 0)) {
      bad.push(found);
      continue;
    }
    for (const doc of docs) {
      for (const [how, path] of pulledIn(doc.toJS({ maxAliasCount: 100 }) as unknown)) {
        queue.push({ file: resolve(dirname(found.file), path), via: { how, from: found.file } });
      }
    }
  }
  if (bad.length === 0) return "";
  const shown = (f: string) => {
    const rel = relative(cwd, f);
    return rel.startsWith("..") || isAbsolute(rel) ? f : rel;
  };
  const named = bad.map(({ file, via }) => `${shown(file)} (not valid YAML${via ? `, ${via.how === "include:" ? "an include:" : "an extends: file"} of ${shown(via.from)}` : ""})`);
  return `, in ${named.join(" and ")}`;
}

/** The local paths a compose file's `include:` and its services' `extends:` name. */
function pulledIn(model: unknown): ["include:" | "extends:", string][] {
  if (!isObj(model)) return [];
  const out: ["include:" | "extends:", string][] = [];
  const local = (p: unknown): p is string => typeof p === "string" && p !== "" && !p.includes("$") && !/^[a-z][a-z0-9+.-]*:\/\//i.test(p) && !p.startsWith("git@");
  const includes = Array.isArray(model.include) ? model.include : [];
  for (const entry of includes) {
    const paths = typeof entry === "string" ? [entry] : isObj(entry) ? (Array.isArray(entry.path) ? entry.path : [entry.path]) : [];
    for (const p of paths) if (local(p)) out.push(["include:", p]);
  }
  if (isObj(model.services)) {
    for (const service of Object.values(model.services)) {
      if (isObj(service) && isObj(service.extends) && local(service.extends.file)) out.push(["extends:", service.extends.file]);
    }
  }
  return out;
}

