// Which content coding fetch decodes for a response's Content-Encoding lines: exactly one known coding besides identity, else none.

const KNOWN: ReadonlySet<string> = new Set(["gzip", "x-gzip", "deflate", "br", "zstd"]);

/** The coding to decode, or undefined when fetch hands the body over as it came (none, identity only, unknown or stacked codings). */
export function contentCoding(lines: readonly string[]): string | undefined {
  const codings: string[] = [];
  for (const line of lines)
    for (const token of line.split(",")) {
      const name = token.trim().toLowerCase();
      if (name !== "" && name !== "identity") codings.push(name);
    }
  return codings.length === 1 && KNOWN.has(codings[0]!) ? codings[0] : undefined;
}
