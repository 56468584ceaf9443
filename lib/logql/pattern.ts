// Loki's pattern expressions (`<ip> - <_> "<method> <path>"`): the `pattern` parser and the `|>` / `!>` line filters.

type Part = { literal: string } | { capture: string };

export class PatternMatcher {
  private readonly parts: Part[];
  /** Named captures in order (`<_>` excluded). */
  readonly names: string[];

  constructor(pattern: string) {
    this.parts = [];
    for (const piece of pattern.split(/(<[A-Za-z_][A-Za-z0-9_]*>)/)) {
      if (piece === "") continue;
      const m = /^<([A-Za-z_][A-Za-z0-9_]*)>$/.exec(piece);
      if (m) this.parts.push({ capture: m[1]! });
      else {
        const last = this.parts[this.parts.length - 1];
        if (last && "literal" in last) last.literal += piece;
        else this.parts.push({ literal: piece });
      }
    }
    this.names = this.parts.flatMap((p) => ("capture" in p && p.capture !== "_" ? [p.capture] : []));
  }

  /**
   * Captured values in order of `names`. A leading literal must start the line; each capture runs to the next literal;
   * when a literal is missing, the capture takes the rest of the line and matching stops.
   */
  matches(line: string): string[] {
    const out: string[] = [];
    if (!line.length || !this.parts.length) return out;
    let parts = this.parts;
    let rest = line;
    const first = parts[0]!;
    if ("literal" in first) {
      if (!rest.startsWith(first.literal)) return out;
      rest = rest.slice(first.literal.length);
      parts = parts.slice(1);
    }
    for (let i = 0; i < parts.length; i += 2) {
      const capture = (parts[i] as { capture: string }).capture;
      const next = parts[i + 1] as { literal: string } | undefined;
      if (!next) {
        if (capture !== "_") out.push(rest);
        return out;
      }
      const at = rest.indexOf(next.literal);
      if (at === -1) {
        if (capture !== "_") out.push(rest);
        return out;
      }
      if (capture !== "_") out.push(rest.slice(0, at));
      rest = rest.slice(at + next.literal.length);
    }
    return out;
  }

  /** True when the whole pattern matches the line (a trailing literal must end it). */
  test(line: string): boolean {
    // Loki 3.4.6's pattern line filter (measured): an empty pattern matches the empty line only; each literal is
    // searched for from where the last one ended (the first anywhere in the line: `GET <_>` matches `ts=1 GET /b`);
    // a capture between two literals, or after the last, takes at least one character; a pattern ending in a literal
    // must end the line.
    if (!this.parts.length || !line.length) return !this.parts.length && !line.length;
    let off = 0;
    for (let i = 0; i < this.parts.length; i++) {
      const part = this.parts[i]!;
      if (!("literal" in part)) continue;
      const at = line.indexOf(part.literal, off);
      if (at === -1 || (i !== 0 && at === off)) return false;
      off = at + part.literal.length;
    }
    return "literal" in this.parts[this.parts.length - 1]! ? off === line.length : off < line.length;
  }
}
