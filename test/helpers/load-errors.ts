// The load errors of a scenario as the user reads them, for loader tests.
import { InvalidInput } from "../../lib/core/invalid-input.ts";

/** The formatted InvalidInput a load rejects with, or "" when it loads; any other error is rethrown. */
export async function loadErrorText(loading: Promise<unknown>): Promise<string> {
  try {
    await loading;
    return "";
  } catch (e) {
    if (!(e instanceof InvalidInput)) throw e;
    return e.format();
  }
}
