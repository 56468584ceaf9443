// Shortening text for messages and reports: each helper says where it cuts and how it marks the cut.

/** The first `keep` characters followed by "…" when the text is longer (the result may be one longer than `keep`). */
export function clipAfter(text: string, keep: number): string {
  return text.length > keep ? `${text.slice(0, keep)}…` : text;
}

/** At most `width` characters, the last of them "…" when the text had to be cut. */
export function clipToWidth(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

/** The first `keep` characters followed by "… (N more chars)" when the text is longer. */
export function clipCounted(text: string, keep: number): string {
  return text.length > keep ? `${text.slice(0, keep)}… (${text.length - keep} more chars)` : text;
}
