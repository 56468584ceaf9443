// Tests that need something a machine may lack (a Docker engine, the prometheus binary): a failure in CI, a skip that says why elsewhere.
import { describe, test } from "bun:test";

/**
 * describe(title, body) when `missing` is undefined. Otherwise, with CI=true, one failing test naming what is
 * missing (CI must run these tests); elsewhere the block is skipped with the reason in its title.
 */
export function describeRequiring(title: string, what: string, missing: string | undefined, body: () => void): void {
  if (missing === undefined) {
    describe(title, body);
    return;
  }
  const reason = missing.replace(/\s*\n\s*-?\s*/g, " ");
  if (process.env.CI === "true") {
    describe(title, () => {
      test(`${what} is available (required when CI=true)`, () => {
        throw new Error(`not available: ${what} (${missing})`);
      });
    });
    return;
  }
  console.warn(`skipping "${title}": ${reason}`);
  describe.skip(`${title} (skipped, not available: ${what} — ${reason})`, body);
}
