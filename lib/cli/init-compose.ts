// Reads a docker compose file (and the files it includes) into what a draft scenario needs: services, ports, healthchecks, log mounts.
import { readFileSync } from "node:fs";
import { isFile } from "../util/file-kind.ts";
import { parseEnvFile } from "../vars/env-file.ts";
import { emptyTable, ownValue } from "../util/own.ts";
import { basename, dirname, isAbsolute, resolve } from "node:path";
import { LineCounter, parseDocument } from "yaml";
import { InvalidInput } from "../core/invalid-input.ts";
import { yamlIssues } from "../loader/yaml-exact.ts";

export interface ComposeService {
  name: string;
  image?: string;
  /** Host ports published for container ports (first published one per container port). */
  ports: PublishedPort[];
  hasHealthcheck: boolean;
  /** The path of the first http(s) URL in the healthcheck, with the container port it targets. */
  healthUrl?: { port: number; path: string };
  /** Absolute host folders bind-mounted writable into the service whose path names logs (where it writes its log files). */
  logMounts: string[];
  /** The compose profiles the service belongs to: a plain `up` does not start a service that has any. */
  profiles: string[];
  /** Another service waits for it to complete (`depends_on: {X: {condition: service_completed_successfully}}`): it exits. */
  oneShot: boolean;
}

/** A published port; `hostText` keeps a host port the compose file reads from a variable (`${WEB_PORT:-8080}`). */
export interface PublishedPort {
  host: number;
  container: number;
  hostText?: string;
}

export interface ComposeStack {
  /** The project's name as compose gives it: `name:`, else COMPOSE_PROJECT_NAME of the `.env`, else the compose file's folder (projectNameOf). */
  name?: string;
  /** The compose files read, absolute, the named file first. */
  files: string[];
  services: ComposeService[];
}

const VAR = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)-([^}]*))?\}/g;

/** Variables as compose reads them for the project: from the `.env` file of the named compose file's folder. */
type Env = Record<string, string>;

/**
 * The project's `.env`, read as --env-file reads one (compose's format): its values win over a `${X:-default}`'s
 * default, as in compose (a port moved there was checked at its default). None when there is no such file.
 */
function readDotEnv(dir: string): Env {
  const file = resolve(dir, ".env");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return emptyTable();
  }
  return parseEnvFile(text, file); // a malformed line throws, named file:line:col (as compose refuses it)
}

/** A variable's value as compose takes it: `.env`, else `${X:-d}`'s default when unset or empty (`${X-d}`: unset). */
function valueOf(env: Env, name: string, colon: string | undefined, def: string | undefined): string | undefined {
  const set = ownValue(env, name);
  if (set !== undefined && (set !== "" || colon !== ":")) return set;
  return def;
}

/** Resolves `${X:-default}` (from `.env`, else its default); undefined when a variable has neither (the draft cannot guess it). */
function withDefaults(text: string, env: Env): string | undefined {
  let unresolved = false;
  const out = text.replace(VAR, (_m, name: string, colon: string | undefined, def: string | undefined) => {
    const v = valueOf(env, name, colon, def);
    if (v === undefined) unresolved = true;
    return v ?? "";
  });
  return unresolved ? undefined : out;
}

function asRecord(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** The `${NAME:-default}` a host port is written as (at the end of the part before `:container`), or undefined. */
const HOST_VAR = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)-([^}]*))?\}$/;

/**
 * Published TCP ports with a host port (UDP takes no HTTP check; `127.0.0.1::8000` lets compose pick the host port,
 * which the draft cannot know).
 */
function parsePorts(raw: unknown, env: Env): PublishedPort[] {
  const out: PublishedPort[] = [];
  // The scenario reads the same variable, its default the value compose would use, in the form the scenario knows.
  const withText = (port: PublishedPort, hostRaw: string): PublishedPort => {
    const m = HOST_VAR.exec(hostRaw);
    return m ? { ...port, hostText: `\${${m[1]}:-${port.host}}` } : port;
  };
  for (const p of Array.isArray(raw) ? raw : []) {
    if (typeof p === "string" || typeof p === "number") {
      const text = withDefaults(String(p), env);
      if (text === undefined || /\/udp$/i.test(text)) continue;
      const parts = text.replace(/\/tcp$/i, "").split(":");
      if (parts.length < 2) continue;
      const host = Number(parts.at(-2) || Number.NaN);
      const container = Number(parts.at(-1));
      if (Number.isInteger(host) && host > 0 && Number.isInteger(container)) out.push(withText({ host, container }, String(p).replace(/:[^:]*$/, "")));
    } else {
      const r = asRecord(p);
      if (String(r.protocol ?? "tcp").toLowerCase() === "udp") continue;
      const host = Number(withDefaults(String(r.published ?? ""), env) || Number.NaN);
      const container = Number(r.target);
      if (Number.isInteger(host) && host > 0 && Number.isInteger(container)) out.push(withText({ host, container }, String(r.published ?? "")));
    }
  }
  return out;
}

/** A healthcheck that runs: `test: ["NONE"]` and `disable: true` turn it off. */
function checksHealth(healthcheck: Record<string, unknown>): boolean {
  const test = healthcheck.test;
  if (test === undefined || healthcheck.disable === true) return false;
  const first = Array.isArray(test) ? test[0] : test;
  return first !== "NONE";
}

function parseHealthUrl(test: unknown): { port: number; path: string } | undefined {
  const text = Array.isArray(test) ? test.join(" ") : typeof test === "string" ? test : "";
  const m = /https?:\/\/(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(?::(\d+))?(\/[^\s'"|]*)?/.exec(text);
  if (!m) return undefined;
  return { port: m[1] ? Number(m[1]) : 80, path: m[2] ?? "/" };
}

function parseLogMounts(raw: unknown, baseDir: string, env: Env): string[] {
  const out: string[] = [];
  for (const v of Array.isArray(raw) ? raw : []) {
    let source: string | undefined;
    if (typeof v === "string") {
      const text = withDefaults(v, env);
      const parts = text?.split(":");
      if (parts && parts.length >= 2 && !(parts[2] ?? "").split(",").includes("ro")) source = parts[0];
    } else {
      const r = asRecord(v);
      if (r.type === "bind" && typeof r.source === "string" && r.read_only !== true) source = withDefaults(r.source, env);
    }
    if (!source || !(source.startsWith(".") || isAbsolute(source))) continue;
    // A folder named for logs (`logs`, `log`, `vllm-logs`, `/var/log/app`): not `logging.yaml`, `catalog`, `blog-posts`.
    if (!source.split("/").some((part) => LOG_FOLDER.test(part))) continue;
    const path = resolve(baseDir, source);
    // A mounted file (`./logs/app.log:/app/app.log`) is no folder of log files.
    if (isFile(path)) continue;
    out.push(path);
  }
  return out;
}

const LOG_FOLDER = /^(?:.*[-_.])?logs?$/i;

function includedFiles(doc: Record<string, unknown>, baseDir: string): string[] {
  const out: string[] = [];
  for (const item of Array.isArray(doc.include) ? doc.include : []) {
    const paths = typeof item === "string" ? [item] : asRecord(item).path;
    for (const p of Array.isArray(paths) ? paths : [paths]) if (typeof p === "string") out.push(resolve(baseDir, p));
  }
  return out;
}

/** Reads a compose file and, recursively, the files it `include:`s; a service defined twice keeps its first definition. */
export function readComposeStack(file: string): ComposeStack {
  const stack: ComposeStack = { files: [], services: [] };
  const seen = new Set<string>();
  const env = readDotEnv(dirname(resolve(file)));
  /** Services another waits for to complete. */
  const completed = new Set<string>();
  const parsed = new Map<string, Record<string, unknown>>();
  const read = (path: string): Record<string, unknown> => {
    const known = parsed.get(path);
    if (known) return known;
    // `merge`: a service built from `<<: *common` has the anchor's volumes and healthcheck, as compose reads it.
    let doc: Record<string, unknown>;
    const source = readFileSync(path, "utf8");
    // Invalid YAML is said at file:line:col with the line quoted, as a scenario's is (an included file's names that file).
    const lc = new LineCounter();
    const yamlDoc = parseDocument(source, { lineCounter: lc, prettyErrors: false, uniqueKeys: true, merge: true, logLevel: "error" });
    const issues = yamlIssues(yamlDoc, source, lc, path, "init --from reads one per file");
    if (issues.length) throw new InvalidInput(issues, new Map([[path, source]]));
    try {
      doc = asRecord(yamlDoc.toJS());
    } catch (e) {
      // An included file's error names that file, not the one given to --from.
      throw new Error(`${path}: ${(e as Error).message.split("\n")[0]}`);
    }
    parsed.set(path, doc);
    return doc;
  };
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    const doc = read(path);
    stack.files.push(path);
    // A project name read from a variable (`name: ${STACK_NAME}`) is its value when the draft can know it, else none
    // (the file's name stands in): the variable's text named the scenario and its file.
    if (stack.name === undefined && typeof doc.name === "string") stack.name = withDefaults(doc.name, env) || undefined;
    const dir = dirname(path);
    for (const inc of includedFiles(doc, dir)) visit(inc);
    for (const name of Object.keys(asRecord(doc.services))) {
      if (stack.services.some((s) => s.name === name)) continue;
      const svc = extended(read, path, name, 0);
      const healthcheck = asRecord(svc.healthcheck);
      for (const [dep, how] of Object.entries(asRecord(svc.depends_on))) {
        if (asRecord(how).condition === "service_completed_successfully") completed.add(dep);
      }
      stack.services.push({
        name,
        image: typeof svc.image === "string" ? svc.image : undefined,
        ports: parsePorts(svc.ports, env),
        hasHealthcheck: checksHealth(healthcheck),
        healthUrl: parseHealthUrl(healthcheck.test),
        logMounts: parseLogMounts(svc.volumes, dir, env),
        profiles: Array.isArray(svc.profiles) ? svc.profiles.filter((x): x is string => typeof x === "string") : [],
        oneShot: false,
      });
    }
  };
  visit(resolve(file));
  for (const s of stack.services) s.oneShot = completed.has(s.name);
  // Without `name:`, compose names the project after COMPOSE_PROJECT_NAME (the `.env` may set it), else the folder.
  stack.name ??= projectNameOf(env.COMPOSE_PROJECT_NAME || basename(dirname(resolve(file))));
  return stack;
}

/** A project name as compose makes one of a folder's name: lower case, only a-z, 0-9, `_` and `-`, starting with a letter or digit. */
export function projectNameOf(text: string): string | undefined {
  return text.toLowerCase().replace(/[^a-z0-9_-]/g, "").replace(/^[^a-z0-9]+/, "") || undefined;
}

/** How deep `extends:` chains are followed (a cycle ends there). */
const MAX_EXTENDS = 10;

/**
 * A service's definition with what it `extends:` (in its file or in `file:`) under it, as compose merges them: its own
 * fields win, and `ports` and `volumes` add up (`worker: {extends: gateway}` got nothing of the gateway's before).
 * The base's relative paths stay relative to the extending file: the draft's folders are guesses either way.
 */
function extended(read: (path: string) => Record<string, unknown>, path: string, name: string, depth: number): Record<string, unknown> {
  const own = asRecord(asRecord(read(path).services)[name]);
  const ext = own.extends;
  if (ext === undefined || depth >= MAX_EXTENDS) return own;
  const spec = typeof ext === "string" ? { service: ext } : asRecord(ext);
  if (typeof spec.service !== "string") return own;
  const basePath = typeof spec.file === "string" ? resolve(dirname(path), spec.file) : path;
  let base: Record<string, unknown>;
  try {
    base = extended(read, basePath, spec.service, depth + 1);
  } catch {
    return own;
  }
  const merged: Record<string, unknown> = { ...base, ...own };
  // Its own first: the draft checks a service on the first port it publishes.
  for (const key of ["ports", "volumes"]) {
    const list = [...(Array.isArray(own[key]) ? own[key] : []), ...(Array.isArray(base[key]) ? base[key] : [])];
    if (list.length) merged[key] = list;
  }
  return merged;
}
