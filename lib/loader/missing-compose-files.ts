// Compose and env files a compose step names that do not exist when the scenario loads: compose would say so only when
// the step runs, after the steps before it. A warning, not an error: an earlier step may write the file.
import { existsSync } from "node:fs";
import { relative } from "node:path";
import type { Scenario } from "../engine/spec.ts";
import type { Lookup } from "../vars/interpolate.ts";
import { composeFilesOf, someComposeFiles } from "./unused-vars.ts";

/** The info key under which reports show the warning about one missing file. */
export const missingComposeFileKey = (path: string) => `warning: compose file ${path}`;

/** One warning per missing file (as the scenario's directory sees it): path → why, naming the first step that needs it. */
export function missingComposeFiles(scenario: Scenario, lookup: Lookup): Map<string, string> {
  const out = new Map<string, string>();
  const steps = [...scenario.steps, ...scenario.teardown];
  const inherits = someComposeFiles(steps);
  for (const spec of steps) {
    if (spec.kind !== "compose") continue;
    for (const file of composeFilesOf(spec, scenario.dir, lookup, inherits) ?? []) {
      const shown = relative(scenario.dir, file) || file;
      if (out.has(shown) || existsSync(file)) continue;
      const where = spec.line === undefined ? "" : ` (line ${spec.line})`;
      out.set(shown, `does not exist: the compose step "${spec.name}"${where} will fail on it unless an earlier step writes it`);
    }
  }
  return out;
}
