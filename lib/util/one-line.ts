// A text shown on one line of a listing (a multi-line step name): each line break becomes " ↵ ".

const BREAKS = /[ \t]*(?:\r\n|\r|\n)[ \t]*/g;

/** The text with its line breaks (and the blanks around them) shown as " ↵ "; trailing breaks are dropped. */
export function oneLine(text: string): string {
  if (!text.includes("\n") && !text.includes("\r")) return text;
  return text.replace(/[\s]+$/, "").replace(BREAKS, " ↵ ");
}
