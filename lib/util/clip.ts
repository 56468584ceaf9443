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

/** The first `max` characters of a report block, then a line saying how many were left out. */
export function clipBlockHead(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}\n… (${text.length - max} more characters left out)`;
}

/**
 * The line clipBlockTail starts a cut block with (the kept end follows it); with "…", which every cut here writes, it
 * is how the masker finds where a text was cut (lib/vars/mask.ts).
 */
export const CUT_START = /… \(\d+ earlier characters left out\)\n/g;

/** The last `max` characters of a report block, after a line saying how many were left out. */
export function clipBlockTail(text: string, max: number): string {
  if (text.length <= max) return text;
  return `… (${text.length - max} earlier characters left out)\n${text.slice(text.length - max)}`;
}
