// Load errors with file:line:col and the offending line quoted, collected so every error is shown at once.

export interface SourcePos {
  line: number;
  col: number;
}

export interface LoadIssue {
  file: string;
  pos?: SourcePos;
  message: string;
}

/** Thrown by the loader and the CLI for invalid input: the CLI prints it and exits 2. */
export class InvalidInput extends Error {
  constructor(readonly issues: LoadIssue[], readonly sources: Map<string, string> = new Map()) {
    super(issues.map((i) => `${i.file}${i.pos ? `:${i.pos.line}:${i.pos.col}` : ""}: ${i.message}`).join("\n"));
  }

  /** Renders every issue with the source line and a caret under the column. */
  format(): string {
    const out: string[] = [];
    for (const issue of this.issues) {
      const where = issue.pos ? `${issue.file}:${issue.pos.line}:${issue.pos.col}` : issue.file;
      out.push(`${where}: ${issue.message}`);
      const src = this.sources.get(issue.file);
      if (issue.pos && src !== undefined) {
        const text = src.split(/\r?\n/)[issue.pos.line - 1];
        if (text !== undefined) {
          const gutter = String(issue.pos.line);
          out.push(`  ${gutter} | ${text}`);
          out.push(`  ${" ".repeat(gutter.length)} | ${" ".repeat(Math.max(0, issue.pos.col - 1))}^`);
        }
      }
    }
    const n = this.issues.length;
    out.push(`${n} error${n === 1 ? "" : "s"}: nothing was run.`);
    return out.join("\n");
  }
}
