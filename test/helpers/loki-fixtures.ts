// Where the recorded Loki 3.4.6 responses live (test/fixtures/loki, described in its README.md) and how tests read one.
import { join } from "node:path";

export const LOKI_FIXTURES_DIR = join(import.meta.dir, "..", "fixtures", "loki");

/** The text of one recorded response, by file name. */
export function lokiFixture(name: string): Promise<string> {
  return Bun.file(join(LOKI_FIXTURES_DIR, name)).text();
}
