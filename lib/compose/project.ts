// Compose project names: derived from the scenario name plus the run id (so parallel runs never collide), or given.
import { slugify } from "../util/slug.ts";

/** What compose accepts as a project name. */
export const PROJECT_NAME = /^[a-z0-9][a-z0-9_-]*$/;

const MAX_BASE = 40;

/** The default project of a run: "<scenario-slug>-<run-id-slug>", e.g. "full-stack-logging-1a2b3c". */
export function defaultProjectName(scenarioName: string, runId: string): string {
  const base = slugify(scenarioName).slice(0, MAX_BASE).replace(/-+$/, "") || "scenario";
  const id = slugify(runId);
  return id ? `${base}-${id}` : base;
}

/** Why a user-given project name is not usable, or undefined when it is. */
export function projectNameError(name: string): string | undefined {
  if (PROJECT_NAME.test(name)) return undefined;
  return `invalid compose project name ${JSON.stringify(name)}: use lower-case letters, digits, "-" and "_", starting with a letter or digit`;
}

/** What compose accepts as a service or profile name; anything else (e.g. "--build") must not reach its command line. */
const SERVICE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9._-]*$/;

/** Why a service or profile name is not usable, or undefined when it is. */
export function serviceNameError(kind: "service" | "profile", name: string): string | undefined {
  if (SERVICE_NAME.test(name)) return undefined;
  return `invalid compose ${kind} name ${JSON.stringify(name)}: use letters, digits, ".", "_" and "-", starting with a letter or digit`;
}
