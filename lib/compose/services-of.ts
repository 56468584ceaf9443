// The services compose files define, read from the files themselves (every profile's), to refuse an expectation that names none of them ("running.wbe: actual no container" said nothing of the typo).
import { dirname, isAbsolute, relative, resolve } from "node:path";
import { parse } from "yaml";
import { didYouMean } from "../util/did-you-mean.ts";
import { readRegular } from "../util/regular-file.ts";
import { isObj } from "./inspect-json.ts";

/** Files read through include: before giving up (no real project nests further). */
const MAX_FILES = 256;

/**
 * Every service the files define, in any profile (compose's resolved config lists only the enabled profiles'), the
 * services of the files they pull in with `include:` too, or undefined when the files alone cannot say: one cannot be
 * read or parsed (compose says why when it runs), is no mapping, or has an `include:` that cannot be followed for sure
 * (followedIncludes). `<<: *anchor` merges as compose reads it. A file that is no regular file (a FIFO) is one that
 * cannot be read: reading it waited in open() for a writer, deaf to Ctrl-C, before the first step.
 */
export function servicesOfFiles(files: readonly string[]): string[] | undefined {
  const names = new Set<string>();
  // compose resolves the include: paths of the files it is given against the project directory, the folder of the first
  // one (`-f a/x.yml -f b/y.yml` reads y.yml's `include: [sub.yml]` as a/sub.yml), and the first file differs between
  // the compose commands of a project brought up file by file: the paths are known only when the files share a folder.
  const folders = new Set(files.map((f) => dirname(f)));
  const read = { count: 0 };
  for (const file of files) {
    if (!addServices(file, folders.size === 1 ? dirname(file) : undefined, names, [], read)) return undefined;
  }
  return [...names].sort();
}

/**
 * Adds the services of `file` and of the files its `include:` pulls in to `names`; false when that cannot be said for
 * sure. `base`: the folder its relative include: paths are read from, undefined when not known. `chain`: the files that
 * included this one (a cycle, which compose refuses, gives up).
 */
function addServices(file: string, base: string | undefined, names: Set<string>, chain: readonly string[], read: { count: number }): boolean {
  if (chain.includes(file) || ++read.count > MAX_FILES) return false;
  let doc: unknown;
  try {
    doc = parse(readRegular(file), { merge: true, logLevel: "silent" });
  } catch {
    // Not there, unreadable, no regular file (NotRegularFile), or not YAML.
    return false;
  }
  if (doc === null || doc === undefined) return true;
  if (!isObj(doc)) return false;
  const included = followedIncludes(doc.include, base);
  if (!included) return false;
  for (const { path, base: theirs } of included) if (!addServices(path, theirs, names, [...chain, file], read)) return false;
  const services = doc.services;
  if (services === undefined || services === null) return true;
  if (!isObj(services)) return false;
  for (const name of Object.keys(services)) names.add(name);
  return true;
}

/**
 * The files an `include:` pulls in, each with the folder its own include: paths are read from, as compose reads them:
 * entries are a path or a mapping whose `path:` is a path or a list of them (a file and its overrides, which may add
 * services too), relative to `base`; the files of one entry read theirs from the folder of its first file, or from its
 * `project_directory:` (not followed: compose versions differ on what that is relative to). Undefined when one cannot be
 * followed for sure: not a list, a path holding `${…}` (compose fills it in from an environment the files do not give), a
 * remote one (`oci://…`, a git URL), one starting with `~`, or a relative one where `base` is not known.
 */
function followedIncludes(include: unknown, base: string | undefined): { path: string; base: string | undefined }[] | undefined {
  if (include === undefined || include === null) return [];
  if (!Array.isArray(include)) return undefined;
  const out: { path: string; base: string | undefined }[] = [];
  for (const entry of include) {
    const given = typeof entry === "string" ? [entry] : isObj(entry) ? (typeof entry.path === "string" ? [entry.path] : entry.path) : undefined;
    if (!Array.isArray(given) || given.length === 0) return undefined;
    const paths: string[] = [];
    for (const p of given) {
      if (!localPath(p) || (!isAbsolute(p) && base === undefined)) return undefined;
      paths.push(resolve(base ?? "/", p));
    }
    const theirs = isObj(entry) && entry.project_directory !== undefined && entry.project_directory !== null ? undefined : dirname(paths[0]!);
    for (const path of paths) out.push({ path, base: theirs });
  }
  return out;
}

/** A path compose reads from this machine's files as written: not empty, no `${…}`, not remote, no `~`. */
function localPath(p: unknown): p is string {
  return typeof p === "string" && p !== "" && !p.includes("$") && !p.startsWith("~") && !/^[a-z][a-z0-9+.-]*:/i.test(p) && !p.startsWith("git@") && !p.startsWith("github.com/");
}


/**
 * Why the names an `expect` lists under `key` (running, healthy) that no service of the files has cannot be checked,
 * one text per name: `expect.running names "wbe", which is no service of p.yml (did you mean "web"?); its services: web`.
 * Names holding `${…}` are left to the run.
 */
export function unknownServiceNames(key: string, names: readonly string[], known: readonly string[], files: readonly string[], dir: string): string[] {
  const shown = files.map((f) => relative(dir, f) || f).join(", ");
  return names
    .filter((n) => !n.includes("${") && !known.includes(n))
    .map((n) => `expect.${key} names ${JSON.stringify(n)}, which is no service of ${shown}${didYouMean(n, known)}; its services: ${known.join(", ") || "none"}`);
}
