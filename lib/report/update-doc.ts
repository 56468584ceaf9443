// Replaces one scenario's marked block in a document (or appends it), leaving every other byte as it was.
import { readFileSync } from "node:fs";
import { writeAtomic } from "./write-atomic.ts";

function markers(name: string): { begin: string; end: string } {
  return { begin: `<!-- scenario:${name}:begin -->`, end: `<!-- scenario:${name}:end -->` };
}

/**
 * The document with the block between `<!-- scenario:NAME:begin -->` and `<!-- scenario:NAME:end -->` replaced by
 * `content`, or with the block appended when the document has none. Throws on a begin marker without its end.
 */
export function replaceBlock(doc: string, name: string, content: string): string {
  const { begin, end } = markers(name);
  // A marker quoted inside the content (a log line, say) must not end the block early on the next update.
  const safe = content.replace(/<!-- scenario:/g, "<!--\u200Bscenario:").replace(/\n+$/, "");
  const block = `${begin}\n${safe}\n${end}`;
  const start = doc.indexOf(begin);
  if (start === -1) {
    if (doc === "") return `${block}\n`;
    return `${doc}${doc.endsWith("\n") ? "" : "\n"}\n${block}\n`;
  }
  const stop = doc.indexOf(end, start + begin.length);
  if (stop === -1) throw new Error(`${begin} has no matching ${end}; fix the document before updating it`);
  return doc.slice(0, start) + block + doc.slice(stop + end.length);
}

/** The last pending update of each document: runs of one invocation (--jobs) update a shared document one at a time. */
const pending = new Map<string, Promise<void>>();

/**
 * Updates the block in the file at `path` atomically, creating the file when it is missing. Updates of one path in this
 * process wait for each other, so concurrent runs never lose each other's block.
 */
export function updateDocBlock(path: string, name: string, content: string): Promise<void> {
  const previous = pending.get(path) ?? Promise.resolve();
  const next = previous.catch(() => {}).then(() => replaceInFile(path, name, content));
  pending.set(path, next);
  void next.finally(() => {
    if (pending.get(path) === next) pending.delete(path);
  }).catch(() => {});
  return next;
}

async function replaceInFile(path: string, name: string, content: string): Promise<void> {
  let doc = "";
  try {
    doc = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  await writeAtomic(path, replaceBlock(doc, name, content));
}
