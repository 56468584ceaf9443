// The folders a run writes into, made before it starts: the report folder and the run log's folder are made (or the
// run is refused) before the first step.
import { lstatSync, mkdirSync, readlinkSync, rmdirSync, statSync, type Stats } from "node:fs";
import { dirname, resolve } from "node:path";
import { folderNotWritable } from "../util/file-kind.ts";
import { kindOf } from "../util/regular-file.ts";

/**
 * A folder the run writes into: the words that name it in a message, its absolute path, and what goes there with what
 * to do when it cannot be written ("the reports are written there; make it writable, or give another --report-dir").
 */
export interface OutputFolder {
  label: string;
  path: string;
  writes: string;
}

/** What a path that is there but is not a folder is: "a file", "a FIFO (named pipe)". */
function notFolder(stats: Stats): string {
  return stats.isFile() ? "a file" : kindOf(stats);
}

/**
 * Why a folder cannot be made or written, found without making anything: the nearest part of its path that is there is
 * not a folder, or is a link to nothing (mkdir said "EEXIST: file already exists" of a dangling link, after the whole
 * run), or this process cannot write into it (access(): root passes where it can write). A report folder that was there
 * but could not be written failed only as the reports were written after the run, and latest.md went on showing the run
 * before it (it cannot be removed from such a folder either).
 */
function folderProblem({ label, path, writes }: OutputFolder): string | undefined {
  for (let part = path; ; part = dirname(part)) {
    let link: Stats | undefined;
    try {
      link = lstatSync(part);
    } catch {
      // Not there (or under a file, said when the walk reaches it): its parent is looked at.
    }
    if (link !== undefined) {
      const stats = statSync(part, { throwIfNoEntry: false });
      if (stats === undefined && link.isSymbolicLink()) {
        return `${label}: ${part} is a symbolic link to ${resolve(dirname(part), readlinkSync(part))}, which does not exist: create that folder, or remove the link`;
      }
      if (stats !== undefined && !stats.isDirectory()) return `${label}: ${part} is ${notFolder(stats)}, not a folder`;
      if (stats !== undefined) {
        const why = folderNotWritable(part);
        if (why === undefined) return undefined;
        return part === path ? `${label}: the folder ${path} cannot be written (${why}): ${writes}` : `${label}: the folder cannot be made: ${part} cannot be written (${why})`;
      }
    }
    if (dirname(part) === part) return undefined;
  }
}

/** Why the folders cannot be made, each found before any is made (nothing is made when one cannot be). */
export function outputFolderProblems(folders: readonly OutputFolder[]): string[] {
  return folders.flatMap((f) => folderProblem(f) ?? []);
}

/**
 * Makes the folders (mkdir -p) before the run; returns why one could not be made (a folder under /proc, no permission),
 * having removed the ones it made: a refused run leaves nothing behind.
 */
export function makeOutputFolders(folders: readonly OutputFolder[]): string[] {
  const made: { path: string; first: string }[] = [];
  for (const { label, path } of folders) {
    try {
      const first = mkdirSync(path, { recursive: true });
      if (first !== undefined) made.push({ path, first });
    } catch (error) {
      for (const { path: last, first } of made.reverse()) removeMade(last, first);
      return [`${label}: the folder cannot be made: ${(error as Error).message}`];
    }
  }
  return [];
}

/** Removes the empty folders from `path` up to `first`, the first one mkdir made; stops at one that is not empty. */
function removeMade(path: string, first: string): void {
  for (let part = path; ; part = dirname(part)) {
    try {
      rmdirSync(part);
    } catch {
      return;
    }
    if (part === first || dirname(part) === part) return;
  }
}
