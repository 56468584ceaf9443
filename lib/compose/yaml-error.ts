// compose's YAML errors ("yaml: line 3: did not find expected ',' or ']'") name no file: with several compose files
// in a step (a base file and its overlay), the user could not tell which one to fix.
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { parseAllDocuments } from "yaml";

/**
 * When compose's failure text is a YAML error, the step's compose files that are not valid YAML (shown relative to
 * `cwd`), as text to add to the error: `, in bad.yml (not valid YAML)`; "" otherwise, or when none of them fails to parse
 * (the bad file is another one, an `include:`d or `extends:` file).
 */
export function yamlErrorFiles(text: string, files: readonly string[], cwd: string): string {
  if (!/(^|\s)yaml: /.test(text)) return "";
  const bad = files.filter((file) => {
    let source: string;
    try {
      source = readFileSync(file, "utf8");
    } catch {
      return false;
    }
    return [...parseAllDocuments(source)].some((doc) => doc.errors.length > 0);
  });
  if (bad.length === 0) return "";
  const shown = bad.map((f) => {
    const rel = relative(cwd, f);
    return rel.startsWith("..") ? f : rel;
  });
  return `, in ${shown.join(" and ")} (not valid YAML)`;
}
