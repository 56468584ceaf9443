// Reads KEY=VALUE files (--env-file, compose-style): comments, blank lines, optional quotes, `export` prefix.
import { InvalidInput, type LoadIssue } from "../core/invalid-input.ts";

export function parseEnvFile(text: string, file: string): Record<string, string> {
  const out: Record<string, string> = {};
  const issues: LoadIssue[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) {
      issues.push({ file, pos: { line: i + 1, col: 1 }, message: "expected KEY=VALUE" });
      return;
    }
    let value = m[2]!;
    const q = value[0];
    if ((q === '"' || q === "'") && value.endsWith(q) && value.length >= 2) {
      value = value.slice(1, -1);
      if (q === '"') value = value.replace(/\\n/g, "\n").replace(/\\"/g, '"');
    } else {
      value = value.replace(/\s+#.*$/, "");
    }
    out[m[1]!] = value;
  });
  if (issues.length) throw new InvalidInput(issues, new Map([[file, text]]));
  return out;
}
