// Facts a report names so a run can be traced and repeated: the command, the tool's version, the commit, the scenario's path in the repository.
import { relative, resolve } from "node:path";
import { shellQuote } from "../vars/interpolate.ts";
import { gitCheckout } from "../util/git-head.ts";

/** [key, value] pairs for `info` events, in report order; the caller masks them. */
export function runFacts(argv: readonly string[], scenarioFile: string, cwd: string, version: string): [string, string][] {
  const full = resolve(cwd, scenarioFile);
  const checkout = gitCheckout(full);
  const facts: [string, string][] = [
    ["command", ["scenario", ...argv].map(shellQuote).join(" ")],
    ["version", `scenario ${version}`],
  ];
  if (checkout?.commit) facts.push(["commit", checkout.branch ? `${checkout.commit} (${checkout.branch})` : checkout.commit]);
  if (checkout) facts.push(["path in repository", relative(checkout.root, full)]);
  return facts;
}
