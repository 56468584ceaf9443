// Errors a LogQL query can cause (bad syntax, unsupported features, pipeline errors), with line:col and a quote of the query.

export type LogqlErrorKind = "parse" | "unsupported" | "pipeline" | "limit";

/** A user-facing query error: its message is meant to be shown as is (no stack trace). */
export class LogqlError extends Error {
  constructor(
    readonly kind: LogqlErrorKind,
    message: string,
  ) {
    super(message);
    this.name = "LogqlError";
  }
}

const UNSUPPORTED_HINT = "not supported by the embedded engine — point `url` at a Loki";

/** 1-based line and column of a character offset. */
function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, col: offset - lineStart + 1 };
}

/** The query line holding `offset`, with a caret under it. */
function quoteAt(text: string, offset: number): string {
  const start = text.lastIndexOf("\n", Math.max(0, offset - 1)) + 1;
  let end = text.indexOf("\n", offset);
  if (end === -1) end = text.length;
  const caretCol = Math.max(0, Math.min(offset, end) - start);
  return `  ${text.slice(start, end)}\n  ${" ".repeat(caretCol)}^`;
}

/** "parse error at line 1, col 15: …" followed by the quoted query line. */
export function parseError(query: string, offset: number, message: string): LogqlError {
  const { line, col } = lineCol(query, offset);
  return new LogqlError("parse", `parse error at line ${line}, col ${col}: ${message}\n${quoteAt(query, offset)}`);
}

/** "<feature> at line 1, col 9 is not supported by the embedded engine — point `url` at a Loki". */
export function unsupportedError(query: string, offset: number, feature: string): LogqlError {
  const { line, col } = lineCol(query, offset);
  return new LogqlError("unsupported", `${feature} (line ${line}, col ${col}) is ${UNSUPPORTED_HINT}\n${quoteAt(query, offset)}`);
}
