// Facts a report names so a run can be traced and repeated: the command, the tool's version, the commit, the scenario's path in the repository.
import { relative, resolve } from "node:path";
import { shellQuoteShown } from "../vars/interpolate.ts";
import { gitCheckout } from "../util/git-head.ts";

/**
 * [key, value] pairs for `info` events, in report order; the caller masks them. A word of the command written in `$'…'`
 * (one holding a line break, an escape, a hidden character) is masked by `mask` before it is quoted: the escapes of a
 * secret in it (`\x1B`, `\'`) are no form the masker finds in a long one.
 */
export function runFacts(argv: readonly string[], scenarioFile: string, cwd: string, version: string, mask: (text: string) => string): [string, string][] {
  const full = resolve(cwd, scenarioFile);
  const checkout = gitCheckout(full);
  const word = (w: string) => {
    const quoted = shellQuoteShown(w);
    return quoted.startsWith("$'") ? shellQuoteShown(mask(w)) : quoted;
  };
  const facts: [string, string][] = [
    ["command", ["scenario", ...argv].map(word).join(" ")],
    ["version", `scenario ${version}`],
  ];
  if (checkout?.commit) facts.push(["commit", checkout.branch ? `${checkout.commit} (${checkout.branch})` : checkout.commit]);
  if (checkout) facts.push(["path in repository", relative(checkout.root, full)]);
  return facts;
}
