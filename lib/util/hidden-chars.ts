// The characters that reorder or hide the text around them where it is shown: one list for every place that shows them as escapes.

/**
 * The body of a regex character class of the characters that show nothing or reorder what is around them: the zero-width
 * ones (U+200B to U+200D, U+2060 to U+2064, U+FEFF), the bidi marks and controls (U+200E, U+200F, U+202A to U+202E,
 * U+2066 to U+2069) and U+2065 between them. A step named `deploy \u202Eyrt\u202C` read "deploy try" ("Trojan Source").
 * path-text.ts quotes a key holding one; the reports meant for a reader show each as `\u202E` (report/format.ts's visible).
 */
export const HIDDEN_CHARS = String.raw`\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF`;
