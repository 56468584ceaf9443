// Variable checks before a run: every ${NAME} is known before the run or captured by an earlier step.
import { didYouMean } from "../util/did-you-mean.ts";
import { captureNames } from "../vars/captures.ts";
import { findRefs, interpolate, interpolateInput, InterpolationError, keyCollisionMessage, type Lookup, protoKeyMessage, refValue, strayRefMessage, strayRefs } from "../vars/interpolate.ts";
import { envKeyMessage, envNameMessage, notEnvName, runsAsCodeWhy } from "../vars/code-names.ts";
import { shellScript } from "../vars/shells.ts";
import { capturedAssignmentMessage, capturedProgramMessage, listProgramRefs, scriptProgramRefs, type ProgramRef } from "../steps/shell/program-refs.ts";
import { widenedChecks, widenedMessage } from "../vars/empty-refs.ts";
import { MAX_VAR_CHARS, type VarScope } from "../vars/scope.ts";
import { grouped } from "../util/grouped.ts";
import { tooLongToPass } from "../util/env-limit.ts";
import { kindOf, type Steps } from "./kinds.ts";
import type { Path, RawIssue } from "./raw-issue.ts";

/**
 * False when no string parsed from this YAML text can hold "${": the text has no "${" and no backslash (a
 * double-quoted escape such as "\x24{" or an escaped line break is the only other way to write one).
 */
export function textMayHoldRefs(source: string): boolean {
  return source.includes("${") || source.includes("\\");
}

/** True when some string inside the value, mapping keys included, holds a ${…} reference. */
export function hasRefs(value: unknown): boolean {
  if (typeof value === "string") return value.includes("${");
  if (Array.isArray(value)) {
    for (const v of value) if (hasRefs(v)) return true;
  } else if (value && typeof value === "object") {
    for (const k in value) if (Object.hasOwn(value, k) && (k.includes("${") || hasRefs((value as Record<string, unknown>)[k]))) return true;
  }
  return false;
}

/**
 * Calls fn for every string inside a value that holds "${", with its path, mapping keys included (a key is passed with
 * the path of its mapping and itself as `key`). The path is copied only for such a string.
 */
function eachRefString(value: unknown, path: Path, fn: (text: string, path: Path, key?: string) => void): void {
  if (typeof value === "string") {
    if (value.includes("${")) fn(value, [...path]);
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      eachRefString(value[i], path, fn);
      path.pop();
    }
  } else if (value && typeof value === "object") {
    for (const k in value) {
      if (!Object.hasOwn(value, k)) continue;
      if (k.includes("${")) fn(k, [...path], k);
      path.push(k);
      eachRefString((value as Record<string, unknown>)[k], path, fn);
      path.pop();
    }
  }
}

/**
 * Whether the string at `path` is a shell step's script: its `run` written as a string, or the script that a list-form
 * `run` hands to a shell ([bash, -c, SCRIPT]).
 */
function isShellScript(root: Record<string, unknown>, path: Path): boolean {
  const [phase, index, kind, field, element] = path;
  if ((phase !== "steps" && phase !== "teardown") || kind !== "shell" || field !== "run") return false;
  if (path.length === 4) return true;
  if (path.length !== 5 || typeof element !== "number") return false;
  const run = ((root[phase] as unknown[])[index as number] as { shell: { run: unknown } }).shell.run;
  return Array.isArray(run) && run.every((a) => typeof a === "string") && shellScript(run as string[])?.script === element;
}

/** The `vars:` entries that refer to themselves (VarScope.looping): one issue each, at the reference that starts the loop. */
function selfReferences(scope: VarScope): RawIssue[] {
  const oversized = [...scope.oversized].map(([name, length]): RawIssue => ({
    path: ["vars", name],
    message: `vars: ${name} is ${grouped(length)} characters once its references are filled in, more than a value may hold (${grouped(MAX_VAR_CHARS)}): its references name the same entries over and over`,
  }));
  return [...oversized, ...[...scope.looping].map(([name, { path, offset }]) => ({
    path: ["vars", name],
    refOffset: offset,
    message: `vars: ${name} ${path.length === 2 ? "refers to itself" : `refers to itself through ${path.slice(1, -1).join(", ")} (${path.join(" → ")})`}, and nothing else defines ${path.length === 2 ? "it" : "them"}: no value can come of it. Set ${name} in the environment, pass --var ${name}=… or --env-file (they come before vars:), and leave it out of vars:; or give it a default, \${${name}:-…}`,
  }))];
}

/**
 * `vars:` entries too long to export, where a step starts programs (shell, compose): every variable is exported to each
 * command, and Linux passes none longer than 128 KiB, so no such step could start (`E2BIG`), whether it uses the entry
 * or not. Said at the entry when the scenario loads, not at the first step.
 */
export function tooLongToExport(root: Record<string, unknown>, scope: VarScope, rawVars: Record<string, unknown>): RawIssue[] {
  const starts = (["steps", "teardown"] as const).some((phase) => Array.isArray(root[phase]) && (root[phase] as unknown[]).some((s) => s !== null && typeof s === "object" && ("shell" in s || "compose" in s)));
  if (!starts) return [];
  const issues: RawIssue[] = [];
  for (const name of Object.keys(rawVars)) {
    const value = scope.sourceOf(name) === "under vars:" ? scope.lookup(name) : undefined;
    if (value === undefined) continue;
    const bytes = tooLongToPass(name, value);
    if (bytes !== undefined) {
      issues.push({ path: ["vars", name], message: `vars: ${name} is ${grouped(bytes)} bytes once filled in: every variable is exported to each command, and Linux passes none longer than 128 KiB, so no shell or compose step could start; write the value to a file and give its path` });
    }
  }
  return issues;
}

/**
 * A lookup of the values known before the run, for what they make of a key: a name an earlier step captures gives a
 * text of its own each time (no key's text, so it neither meets another key nor names anything), its value being
 * known only at run time, where the step checks it.
 */
function knownNow(scope: VarScope, captured: { has(name: string): boolean }): Lookup {
  let n = 0;
  return (name) => (captured.has(name) ? `\0${n++}\0` : scope.lookupKnown(name));
}

/**
 * Calls fn for each step and teardown step in the order they run, with the names the steps before it capture (a
 * `capture:` of any kind: a shell's output, an http answer), each with the step that captures it last, as messages name
 * it (`step 2 ("get")`, `teardown step 1`).
 */
function afterCaptures(root: Record<string, unknown>, steps: Steps, fn: (raw: Record<string, unknown>, phase: "steps" | "teardown", i: number, captured: ReadonlyMap<string, string>) => void): void {
  const captured = new Map<string, string>();
  for (const phase of ["steps", "teardown"] as const) {
    const list = root[phase];
    if (!Array.isArray(list)) continue;
    list.forEach((raw: unknown, i) => {
      if (raw === null || typeof raw !== "object") return;
      const step = raw as Record<string, unknown>;
      fn(step, phase, i, captured);
      const impl = kindOf(step, steps);
      const names = impl ? captureNames(step[impl.kind]) : [];
      if (names.length === 0) return;
      const label = `${phase === "steps" ? "step" : "teardown step"} ${i + 1}${typeof step.name === "string" ? ` (${JSON.stringify(step.name)})` : ""}`;
      for (const n of names) captured.set(n, label);
    });
  }
}

/**
 * A shell step's `env:` keys that name what a program reads as code (runsAsCodeWhy) and that a value decides: made so
 * by a variable known now (one a captured value makes fails its step at run: lib/vars/code-names.ts madeEnvKeyError),
 * or written so with a value holding a name a step captures (`BASH_ENV: "${F}"`: an answer would choose the file bash
 * runs), whatever kind of step captures it. Written so with a value of the author's (`PATH: /opt/bin:/usr/bin`,
 * `DOCKER_HOST: …`) is the author's choice.
 */
export function envNameIssues(root: Record<string, unknown>, scope: VarScope, steps: Steps): RawIssue[] {
  const issues: RawIssue[] = [];
  afterCaptures(root, steps, (raw, phase, i, captured) => {
    const input = raw.shell;
    if (input === null || typeof input !== "object") return;
    const env = (input as Record<string, unknown>).env;
    if (env === null || typeof env !== "object" || Array.isArray(env)) return;
    const lookup = knownNow(scope, captured);
    for (const [key, value] of Object.entries(env)) {
      const made = key.includes("${");
      const name = made ? interpolate(key, lookup) : key;
      // A key a captured value makes (knownNow's \0n\0 stands for it) is judged at run (madeEnvKeyError); a NUL written
      // in the key itself is a control character like any other.
      const bad = made && name.includes("\0") ? undefined : notEnvName(name);
      if (bad) {
        issues.push({ path: [phase, i, "shell", "env"], key, message: envKeyMessage(name, bad, made ? key : undefined) });
        continue;
      }
      const why = runsAsCodeWhy(name);
      const fromAnswer = !made && typeof value === "string" && findRefs(value).some((r) => captured.has(r.name));
      if (why && (made || fromAnswer)) issues.push({ path: [phase, i, "shell", "env"], key, message: envNameMessage(name, why, made ? key : undefined, fromAnswer) });
    }
  });
  return issues;
}

/**
 * The references of a shell step's `run` that stand where the program to run goes (lib/steps/shell/program-refs.ts) and
 * name a value an earlier step captures: what answered would choose the program (`${CMD}` captured as `whoami` ran it).
 * As for `env:` keys, a name counts as captured from the step that captures it on; the author's own values (vars:, --var,
 * the environment, a reference's default) may name the program, as the author may write any command; and a program
 * file's path they make (`sh "${DIR}/run.sh" <<< "${CMD}"`) is read as their value, a captured one's as any path.
 */
export function capturedProgramIssues(root: Record<string, unknown>, steps: Steps, scope: VarScope): RawIssue[] {
  const issues: RawIssue[] = [];
  afterCaptures(root, steps, (raw, phase, i, captured) => {
    const input = raw.shell;
    if (captured.size === 0 || input === null || typeof input !== "object") return;
    const run = (input as Record<string, unknown>).run;
    const at = [phase, i, "shell", "run"];
    const pathValues = (name: string, def: string | undefined) => (captured.has(name) ? undefined : refValue(scope.lookupKnown, name, def));
    const refused = (path: Path, r: ProgramRef) => {
      const by = captured.get(r.name);
      if (by !== undefined) issues.push({ path, refOffset: r.offset, message: r.assigned === undefined ? capturedProgramMessage(r.name, by, r.via, r.place) : capturedAssignmentMessage(r.name, by, r.assigned, r.via) });
    };
    if (typeof run === "string") {
      if (findRefs(run).some((r) => captured.has(r.name))) for (const r of scriptProgramRefs(run, pathValues)) refused(at, r);
    } else if (Array.isArray(run) && run.every((a) => typeof a === "string")) {
      for (const r of listProgramRefs(run, pathValues)) refused([...at, r.index], r);
    }
  });
  return issues;
}

/** The fields of a compose step naming files that decide what runs, what each is, and what it decides. */
const COMPOSE_FILE_FIELDS = [
  ["files", "a compose file", "the services up starts, their images, commands and mounts"],
  ["env_file", "an env file", "the variables compose fills into the compose files, and COMPOSE_FILE when the step names none"],
] as const;

/**
 * The references of a compose step's `files` and `env_file` that name a value an earlier step captures: what answered
 * would choose the compose file (`files: ["${DIR}/compose.yaml"]` with DIR captured as `../evil`) or the env file
 * compose reads, and so the code that runs, as a captured script file of a shell step would (capturedProgramIssues).
 * The author's own values (vars:, --var, the environment) may pick them.
 */
export function capturedComposeFileIssues(root: Record<string, unknown>, steps: Steps): RawIssue[] {
  const issues: RawIssue[] = [];
  afterCaptures(root, steps, (raw, phase, i, captured) => {
    const input = raw.compose;
    if (captured.size === 0 || input === null || typeof input !== "object") return;
    for (const [field, what, decides] of COMPOSE_FILE_FIELDS) {
      const value = (input as Record<string, unknown>)[field];
      const entries: [Path, unknown][] = Array.isArray(value) ? value.map((v, k) => [[phase, i, "compose", field, k], v]) : [[[phase, i, "compose", field], value]];
      for (const [path, entry] of entries) {
        if (typeof entry !== "string") continue;
        for (const r of findRefs(entry)) {
          const by = captured.get(r.name);
          if (by !== undefined)
            issues.push({ path, refOffset: r.offset, message: `\${${r.name}} is in ${what} the step hands compose (${field}), and ${by} captures it: what answered would choose the code that runs (${decides}). Name the file yourself, or pick it with a value of your own (vars:, --var, the environment)` });
        }
      }
    }
  });
  return issues;
}

/** The fields every step may carry whose text may hold a ${NAME} (durations, the service), filled in at load (analyze.ts); the kind's own input is substituted too. */
export const COMMON_WITH_REFS = ["timeout", "eventually", "hold", "service"] as const;

/** Malformed references and undefined variables in `vars:`, the steps and the teardown, in file order. */
export function variableIssues(root: Record<string, unknown>, scope: VarScope, rawVars: Record<string, unknown>, cliNames: string[], steps: Steps): RawIssue[] {
  const issues: RawIssue[] = [];
  const captured = new Set<string>();
  /** Whether a reference checkRefs met since it was last cleared names a value known now to be empty. */
  let emptyKnownSeen = false;
  const checkRefs = (value: unknown, path: Path) =>
    eachRefString(value, path, (text, at, key) => {
      // A key that the values known now make `__proto__`: refused as a key written so is (lib/loader/data-shape.ts).
      if (key !== undefined && interpolate(key, scope.lookupKnown) === "__proto__") issues.push({ path: at, key, message: protoKeyMessage(key) });
      // A shell's script is bash's to read: `${A:0:2}`, `${A:?x}` there are bash's expansions of the variable.
      if (!isShellScript(root, at)) for (const offset of strayRefs(text)) issues.push({ path: at, key, refOffset: offset, message: strayRefMessage(text, offset) });
      for (const ref of findRefs(text)) {
        if (ref.error) {
          // In a script, `${svcs[@]}` is often bash's own expansion: say how to write it, as for an undefined name.
          const written = text.slice(ref.offset, text.indexOf("}", ref.offset) + 1);
          const own = isShellScript(root, at) && ref.error.startsWith("invalid variable name") ? `; for bash's own variable or expansion (an array's, a loop's), write $${written}` : "";
          issues.push({ path: at, key, refOffset: ref.offset, message: ref.error + own });
          continue;
        }
        // A name whose vars: entry loops back to it has its own issue, at that entry.
        if (ref.hasDefault || captured.has(ref.name) || scope.looping.has(ref.name) || scope.oversized.has(ref.name)) continue;
        const value = scope.lookupKnown(ref.name);
        if (value !== undefined) {
          if (value === "") emptyKnownSeen = true;
        } else if (at[0] === "vars" && capturedByAStep(root, ref.name, steps)) {
          // "capture it in an earlier step" was the advice, to a file that does: vars: are filled in before any step.
          issues.push({ path: at, key, refOffset: ref.offset, message: `\${${ref.name}} is captured by a step, but vars: are filled in before any step runs: write \${${ref.name}} in the steps that use it, not in vars:` });
        } else {
          const known = [...Object.keys(rawVars), ...captured, ...cliNames];
          issues.push({
            path: at,
            key,
            refOffset: ref.offset,
            message: `undefined variable \${${ref.name}}${didYouMean(ref.name, known)}: define it under vars:, pass --var ${ref.name}=…, set it in the environment, capture it in an earlier step, or write \${${ref.name}:-default}${
              // In a script, `${s}` is often bash's own variable (`for s in …`): the scenario's syntax takes it first.
              isShellScript(root, at) ? `; for bash's own variable (a loop's, the script's), write $\${${ref.name}}` : ""}`,
          });
        }
      }
    });
  checkRefs(root.vars, ["vars"]);
  issues.push(...selfReferences(scope));
  for (const phase of ["steps", "teardown"] as const) {
    const list = root[phase];
    if (!Array.isArray(list)) continue;
    list.forEach((raw, i) => {
      emptyKnownSeen = false;
      checkRefs(raw, [phase, i]);
      // A step's own timeout, eventually, hold and service are filled in at load, before any capture: a captured name
      // there stood as the text "${T}" (an invalid duration) or the vars: value it had then.
      if (raw && typeof raw === "object")
        for (const field of COMMON_WITH_REFS)
          eachRefString((raw as Record<string, unknown>)[field], [phase, i, field], (text, at) => {
            for (const ref of findRefs(text)) if (!ref.error && captured.has(ref.name)) issues.push({ path: at, refOffset: ref.offset, message: `\${${ref.name}} is captured by a step, but a step's ${field} is set when the scenario loads, before any step runs: give it a value known then (vars:, --var, the environment)` });
          });
      const impl = raw && typeof raw === "object" ? kindOf(raw as Record<string, unknown>, steps) : undefined;
      if (!impl) return;
      const input = (raw as Record<string, unknown>)[impl.kind];
      // Two keys the values known now make one (`"$.a"` and `"${P}"` with P `$.a`): one check or header was dropped.
      if (hasRefs(input)) {
        const atKey = (at: readonly (string | number)[], first: string, second: string, key: string) => issues.push({ path: [phase, i, impl.kind, ...at], key: second, message: keyCollisionMessage(first, second, key) });
        try {
          interpolateInput(impl, input, knownNow(scope, captured), atKey);
        } catch (e) {
          // A key made `__proto__` is said above; a value that does not fit where it stands, at run.
          if (!(e instanceof InterpolationError)) throw e;
        }
      }
      // A text check a value known now, empty, widens (`contains: "id=${X}"` with --var X=): refused at the reference.
      // A name an earlier step captures takes the captured value (checked at run: lib/engine/empty-captures.ts).
      // Walked only when one of the step's references names such a value: most steps name none.
      const isEmpty = (name: string) => !captured.has(name) && scope.lookupKnown(name) === "";
      if (emptyKnownSeen) for (const c of widenedChecks(impl.kind, input, isEmpty, scope.lookupKnown)) {
        issues.push({ path: [phase, i, impl.kind, ...c.path], refOffset: c.offset, message: widenedMessage(c, (n) => scope.sourceOf(n)) });
      }
      for (const n of captureNames(input)) captured.add(n);
    });
  }
  return issues;
}

/** Whether a step or teardown step of the file captures `name` (asked only for a vars: entry naming an unknown variable). */
function capturedByAStep(root: Record<string, unknown>, name: string, steps: Steps): boolean {
  return (["steps", "teardown"] as const).some((phase) => {
    const list = root[phase];
    return Array.isArray(list) && list.some((raw) => {
      const impl = raw && typeof raw === "object" ? kindOf(raw as Record<string, unknown>, steps) : undefined;
      return impl !== undefined && captureNames((raw as Record<string, unknown>)[impl.kind]).includes(name);
    });
  });
}
