// Text helpers shared by step kinds: what matchers see.

/** The text matchers compare: trailing line breaks removed, so `stdout: OK` matches `echo OK`. */
export function matchText(text: string): string {
  return text.replace(/[\r\n]+$/, "");
}
