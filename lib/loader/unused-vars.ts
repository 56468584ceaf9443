// --var names the scenario never reads: not in vars:/secrets:, any ${…} or $NAME of its steps, nor its compose and env files.
import { resolve } from "node:path";
import type { Scenario, StepSpec } from "../engine/spec.ts";
import { closestName, didYouMean } from "../util/did-you-mean.ts";
import { interpolate, type Lookup } from "../vars/interpolate.ts";
import { stringsAndKeysIn } from "../util/strings-in.ts";
import { readRegular } from "../util/regular-file.ts";
import { defaultComposeFiles } from "../util/compose-files.ts";

/** The info key under which reports show the warning about one --var. */
export const unusedVarWarningKey = (name: string) => `warning: --var ${name}`;

/** `${NAME}`, `${NAME:-x}` and `$NAME`: how YAML values, shell commands and compose files read a variable. */
const NAME_REF = /\$\{?([A-Za-z_][A-Za-z0-9_]*)/g;

function addRefs(text: string, into: Set<string>): void {
  if (text.includes("$")) for (const m of text.matchAll(NAME_REF)) into.add(m[1]!);
}

function addStringRefs(value: unknown, into: Set<string>): void {
  for (const text of stringsAndKeysIn(value)) addRefs(text, into);
}

const asList = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * The compose and env files the step hands to compose, absolute, their ${…} filled in from the values known before
 * the run; undefined when they cannot all be known (a path still holding a ${…}). A step that names no files uses those
 * of the scenario's other compose steps when one names some (`inherits`: counted there), else compose's own lookup.
 */
function composeFilesOf(spec: StepSpec, dir: string, lookup: Lookup, inherits = false): string[] | undefined {
  const input = (spec.input ?? {}) as Record<string, unknown>;
  const named = [...asList(input.files), ...asList(input.env_file)];
  if (named.some((f) => typeof f !== "string")) return undefined;
  const paths = (named as string[]).map((f) => interpolate(f, lookup));
  if (paths.some((f) => f.includes("${"))) return undefined;
  if (asList(input.files).length || inherits) return paths.map((f) => resolve(dir, f));
  // Compose's own lookup from the scenario's directory, where the step runs: its default file and that file's override.
  const fallback = defaultComposeFiles(dir);
  return fallback.length ? [...fallback, ...paths.map((f) => resolve(dir, f))] : undefined;
}

/** Whether some compose step of the scenario names its files: a step that names none then uses theirs. */
function someComposeFiles(steps: readonly StepSpec[]): boolean {
  return steps.some((s) => s.kind === "compose" && asList(((s.input ?? {}) as Record<string, unknown>).files).length > 0);
}

/**
 * What the compose steps' programs read from their environment, which holds every scenario variable
 * (docs/steps/compose.md): the engine's address and the compose settings. A --var of one of them changes the run.
 */
const COMPOSE_ENV = /^(?:DOCKER_[A-Z_]+|COMPOSE_[A-Z_]+|CONTAINER_HOST|SCENARIO_COMPOSE_ENGINE)$/;

/**
 * Every name the scenario reads, or undefined when one of its compose files cannot be read (then nothing is known
 * unused); `skipUnreadable`: such a file is left out instead, and the names the others read are returned.
 */
function referencedNames(scenario: Scenario, lookup: Lookup, skipUnreadable = false): Set<string> | undefined {
  const names = new Set([...Object.keys(scenario.vars), ...scenario.secrets, ...(scenario.fieldRefs ?? [])]);
  for (const value of Object.values(scenario.vars)) addRefs(value, names);
  const files = new Set<string>();
  const steps = [...scenario.steps, ...scenario.teardown];
  const inherits = someComposeFiles(steps);
  for (const spec of steps) {
    addStringRefs(spec.input, names);
    if (spec.kind !== "compose") continue;
    const own = composeFilesOf(spec, scenario.dir, lookup, inherits);
    if (!own && skipUnreadable) continue;
    if (!own) return undefined;
    for (const f of own) files.add(f);
  }
  for (const f of files) {
    try {
      addRefs(readRegular(f), names);
    } catch {
      // Unreadable, or no regular file (NotRegularFile): a FIFO held validate and the run in open(), waiting for a writer.
      if (!skipUnreadable) return undefined;
    }
  }
  return names;
}

/**
 * The names the scenario reads as far as they can be known (a compose file that cannot be read is left out), and the
 * compose settings (DOCKER_HOST, COMPOSE_…) a scenario with a compose step hands its programs.
 */
export function namesRead(scenario: Scenario, lookup: Lookup, candidates: Iterable<string>): Set<string> {
  const names = referencedNames(scenario, lookup, true)!;
  const compose = [...scenario.steps, ...scenario.teardown].some((s) => s.kind === "compose");
  if (compose) for (const name of candidates) if (COMPOSE_ENV.test(name)) names.add(name);
  return names;
}

/** One warning per --var name the scenario never reads: name → why, with the nearest name it does read. */
export function unusedVarWarnings(scenario: Scenario, lookup: Lookup, cliNames: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  if (!cliNames.length) return out;
  const used = referencedNames(scenario, lookup);
  if (!used) return out;
  const steps = [...scenario.steps, ...scenario.teardown];
  const compose = steps.some((s) => s.kind === "compose");
  // A shell step's command gets every variable in its environment: a program it runs may read the name unseen.
  const shell = steps.some((s) => s.kind === "shell");
  for (const name of cliNames) {
    if (used.has(name) || (compose && COMPOSE_ENV.test(name))) continue;
    const effect = shell ? "only a program a shell step runs could see it, in its environment" : "so it changes nothing";
    out.set(name, `no \${${name}} or $${name} in the scenario or its compose files, ${effect}${didYouMean(name, [...used])}`);
  }
  return out;
}

/**
 * The unused --var names that are one of the scenario's secrets misspelt (`--var API_KY=…` beside `secrets: [API_KEY]`,
 * `--var api_key=…`): their values were meant as that secret, and are masked as one. The command line every report
 * records, and any output of a program that prints its environment, showed them as given.
 */
export function misspeltSecrets(scenario: Pick<Scenario, "secrets">, unused: Iterable<string>): string[] {
  return [...unused].filter((name) => closestName(name, scenario.secrets) !== undefined);
}
