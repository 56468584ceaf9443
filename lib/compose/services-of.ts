// The services compose files define, read from the files themselves (every profile's), to refuse an expectation that names none of them ("running.wbe: actual no container" said nothing of the typo).
import { relative } from "node:path";
import { parse } from "yaml";
import { didYouMean } from "../util/did-you-mean.ts";
import { readRegular } from "../util/regular-file.ts";

/**
 * Every service the files define, in any profile (compose's resolved config lists only the enabled profiles'), or
 * undefined when the files alone cannot say: one cannot be read or parsed (compose says why when it runs), is no
 * mapping, or pulls in other files with `include:` (whose services count too). `<<: *anchor` merges as compose reads it.
 * A file that is no regular file (a FIFO) is one that cannot be read: reading it waited in open() for a writer, deaf to
 * Ctrl-C, before the first step.
 */
export function servicesOfFiles(files: readonly string[]): string[] | undefined {
  const names = new Set<string>();
  for (const file of files) {
    let doc: unknown;
    try {
      doc = parse(readRegular(file), { merge: true, logLevel: "silent" });
    } catch {
      // Not there, unreadable, no regular file (NotRegularFile), or not YAML.
      return undefined;
    }
    if (doc === null || doc === undefined) continue;
    if (typeof doc !== "object" || Array.isArray(doc)) return undefined;
    const top = doc as Record<string, unknown>;
    if (top.include !== undefined) return undefined;
    const services = top.services;
    if (services === undefined || services === null) continue;
    if (typeof services !== "object" || Array.isArray(services)) return undefined;
    for (const name of Object.keys(services)) names.add(name);
  }
  return [...names].sort();
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
