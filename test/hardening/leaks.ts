// Helpers of the secrets and injection hardening tests: a secret's common encodings, everything a run wrote, and report structure checks.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { shellQuote } from "../../lib/vars/interpolate.ts";

/** The forms a secret commonly takes in output; none may appear anywhere a run writes. */
export function encodedForms(secret: string): Record<string, string> {
  const json = JSON.stringify(secret).slice(1, -1);
  return {
    raw: secret,
    "percent-encoded": encodeURIComponent(secret),
    "percent-encoded, lower-case hex": encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    "form-encoded": new URLSearchParams({ x: secret }).toString().slice(2),
    "JSON-escaped": json,
    "JSON-escaped, ASCII only": json.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`),
    "JSON-escaped twice (JSON in a JSON string)": JSON.stringify(json).slice(1, -1),
    base64: Buffer.from(secret).toString("base64"),
    base64url: Buffer.from(secret).toString("base64url"),
    "shell-quoted": shellQuote(secret),
    "double-quote escaped": secret.replace(/[\\"$`]/g, "\\$&"),
    "HTML-escaped": Bun.escapeHTML(secret),
    "UTF-8 read as Latin-1": Buffer.from(secret, "utf8").toString("latin1"),
    "UTF-8 read as Latin-1, JSON-escaped ASCII only": JSON.stringify(Buffer.from(secret, "utf8").toString("latin1")).slice(1, -1).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`),
  };
}

/** Every regular file under dir (recursively), path → text. */
export function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile() && statSync(path).size < 50 * 1024 * 1024) out.set(path, readFileSync(path, "utf8"));
  }
  return out;
}

/** Where any form of any secret appears: "<where>: <form> of <secret name>" lines (empty when nothing leaked). */
export function findLeaks(texts: Map<string, string>, secrets: Record<string, string>): string[] {
  const leaks: string[] = [];
  for (const [where, text] of texts) {
    for (const [name, value] of Object.entries(secrets)) {
      for (const [form, encoded] of Object.entries(encodedForms(value))) {
        if (text.includes(encoded)) leaks.push(`${where}: ${form} of ${name}`);
      }
    }
  }
  return [...new Set(leaks)];
}

/** Structural problems of a Markdown report: table rows whose cell count differs from their header, unbalanced fences and <details>. */
export function markdownProblems(md: string): string[] {
  const problems: string[] = [];
  const lines = md.split("\n");
  const cells = (line: string) => line.replace(/\\\\/g, "").replace(/\\\|/g, "").split("|").length;
  let header: number | undefined;
  let fence: string | undefined;
  let open = 0;
  for (const [n, line] of lines.entries()) {
    const f = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (f && (fence === undefined || (f[0] === fence[0] && f.length >= fence.length))) {
      fence = fence === undefined ? f : undefined;
      continue;
    }
    if (fence !== undefined) continue;
    open += (line.match(/<details>/g) ?? []).length - (line.match(/<\/details>/g) ?? []).length;
    if (line.startsWith("|")) {
      if (header === undefined) header = cells(line);
      else if (cells(line) !== header) problems.push(`line ${n + 1}: ${cells(line)} cells, the table has ${header}: ${line}`);
    } else header = undefined;
  }
  if (fence !== undefined) problems.push(`an unclosed code fence ${fence}`);
  if (open !== 0) problems.push(`${open} unbalanced <details>`);
  return problems;
}
