// Patterns a glob matcher takes but reads otherwise than bash: refused where a scenario is loaded.

/** What to write for the POSIX classes people reach for, in place of `[:name:]` inside a class. */
const POSIX_RANGES: Record<string, string> = { digit: "0-9", alpha: "a-zA-Z", alnum: "a-zA-Z0-9", upper: "A-Z", lower: "a-z", xdigit: "0-9a-fA-F" };

/**
 * Why a pattern cannot be a glob here though Bun's matcher takes it, or undefined: a POSIX class (`[[:digit:]]`, any
 * digit in bash) is read by Bun as the class `[[:digt]` and a `]`, so `logs/app.log.[[:digit:]]` matched
 * `app.log.d]` and not `app.log.1`, and `count: 0` passed. Refused, naming the class to write instead.
 */
export function globRefusal(pattern: string): string | undefined {
  const posix = /(?<!\\)\[:([a-z]+):\]/.exec(pattern);
  if (posix) {
    const range = Object.hasOwn(POSIX_RANGES, posix[1]!) ? POSIX_RANGES[posix[1]!] : undefined;
    return `${posix[0]} is a POSIX class, which this glob does not know (it would read ${JSON.stringify(`[${posix[0]}]`)} as a class of its characters and a ]): ${range ? `write [${range}]` : "write the characters it stands for in a class"}`;
  }
  return undefined;
}
