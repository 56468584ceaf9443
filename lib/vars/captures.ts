// Which names a step's `capture:` mapping defines (any kind may offer captures).

/** Names defined by a step's `capture:` mapping. */
export function captureNames(input: unknown): string[] {
  if (input && typeof input === "object" && "capture" in input) {
    const cap = (input as { capture: unknown }).capture;
    if (cap && typeof cap === "object" && !Array.isArray(cap)) return Object.keys(cap);
  }
  return [];
}
