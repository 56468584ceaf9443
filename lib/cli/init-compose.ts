// Reads a docker compose file (and the files it includes) into what a draft scenario needs: services, ports, healthchecks, log mounts.
import { isFile } from "../util/file-kind.ts";
import { NotRegularFile, readRegular } from "../util/regular-file.ts";
import { envFileEntries } from "../vars/env-file.ts";
import { composeInterpolated } from "../vars/compose-interpolate.ts";
import { emptyTable, ownValue } from "../util/own.ts";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { homedir } from "node:os";
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Alias, type Document, type Node } from "yaml";
import { InvalidInput, type LoadIssue } from "../core/invalid-input.ts";
import { yamlIssues } from "../loader/yaml-exact.ts";
import { charPos } from "../loader/positions.ts";
import { composeFileList } from "../util/compose-files.ts";

export interface ComposeService {
  name: string;
  image?: string;
  /** Host ports published for container ports (first published one per container port). */
  ports: PublishedPort[];
  hasHealthcheck: boolean;
  /** The first http(s) URL to this container in the healthcheck: its port, scheme and path (see HealthUrl). */
  healthUrl?: HealthUrl;
  /** Absolute host folders bind-mounted writable into the service whose path names logs (where it writes its log files). */
  logMounts: string[];
  /**
   * Every absolute host path bind-mounted writable into the service, folder or file, whatever its name (a log shipper's
   * `./logs/positions`): a log folder's check leaves out such a path inside it that another service mounts.
   */
  writableMounts: string[];
  /** The compose profiles the service belongs to: a plain `up` does not start a service that has any. */
  profiles: string[];
  /** Another service waits for it to complete (`depends_on: {X: {condition: service_completed_successfully}}`): it exits. */
  oneShot: boolean;
  /** The HTTP port its command sets with `-server.http-listen-port` (Loki's flag; Loki listens on 3100 without it). */
  httpListenPort?: number;
  /** `scale: 0` or `deploy: {replicas: 0}`, as said in the draft, when it asks for no container: `up` starts none. */
  scaledToZero?: string;
  /**
   * `network_mode: host`: Docker publishes no port, the service listens on the host's; `ports` are then its container
   * ports (and its healthcheck's), on 127.0.0.1.
   */
  hostNetwork: boolean;
  /** Published ports left out because a variable in them has no value the draft can know: the port as written, and why. */
  unknownPorts: { written: string; why: string }[];
}

/**
 * A healthcheck's URL as the draft checks it. `path` stops before a query string (`?key=…` may hold a secret, and the
 * draft is printed and shared: `query` says one was left out), before a variable the draft cannot resolve
 * (`unresolved`: it would be undefined in the draft) and before a variable's value, from the `.env` or the environment
 * (`valueCut`: `/healthz/${API_TOKEN}` with the token in a git-ignored `.env`; the draft is committed, and such a value
 * may be a secret whatever its name). A default written in the compose file (`${X:-/ready}`) is the file's own text,
 * kept. `insecure`: the healthcheck accepts any certificate (`curl -k`).
 */
export interface HealthUrl {
  port: number;
  path: string;
  scheme: "http" | "https";
  query: boolean;
  unresolved: boolean;
  valueCut: boolean;
  insecure: boolean;
}

/**
 * A published port; `hostText` keeps a host port the compose file reads from a variable (`${WEB_PORT:-8080}`);
 * `hostIp` is where it is reached: the host IP it is published on (`127.0.0.2`, `[::1]`), 127.0.0.1 for all of them.
 */
export interface PublishedPort {
  hostIp: string;
  host: number;
  container: number;
  hostText?: string;
}

export interface ComposeStack {
  /** The project's name as compose gives it: `name:` (the last file's that sets one), else COMPOSE_PROJECT_NAME of the `.env`, else the first compose file's folder (projectNameOf). */
  name?: string;
  /** The compose files read, absolute, in the order read: each named one (in order), then the files it includes; the first named one first. */
  files: string[];
  services: ComposeService[];
  /** Every file read, absolute: compose files (the named ones, those included or extended) and env files. */
  read: { path: string; kind: "compose" | "env" }[];
  /** The files the compose files read name for compose to read, mount or build from (namedFiles): init writes no draft there. */
  named: NamedFile[];
  /** The profiles COMPOSE_PROFILES enables (`*`: every one), from the environment, else the project's `.env`, as compose takes it. */
  profiles?: { names: string[]; from: "environment" | "dotenv" };
}

/**
 * A file a compose file names for compose (a service's env_file, a secret's file, a Dockerfile), which init itself does
 * not read: absolute; `what` its field (`services.a.env_file`); `at` where it is written (file:line:col).
 */
export interface NamedFile {
  path: string;
  what: string;
  at?: string;
}

/**
 * `${X}`, `${X:-d}`/`${X-d}` (a default), `${X:?msg}`/`${X?msg}` (required: readComposeStack refuses the file when it
 * has no value), `${X:+alt}`/`${X+alt}` (alt when set).
 */
const VAR = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?+])([^}]*))?\}/g;

/** Variables as compose reads them for the project: from the `.env` file of the named compose file's folder. */
type Env = Record<string, string>;
/** The environment init runs in: compose takes a variable from it first (here only for a required `${X?msg}`). */
export type ShellEnv = Record<string, string | undefined>;

/**
 * A variable an env file sets to a value that refers to one no file init reads sets (`E_PORT=${BASE}05`, BASE in no
 * env file): compose takes that one from the environment, which the draft does not read, so the value is not known.
 * `where`: the env file, as the draft names it; `ref`: the variable it refers to.
 */
interface Unknown {
  where: string;
  ref: string;
}

/**
 * What a compose file's variables come from: its env files (the project's `.env`; for an included file, those of its
 * `include:` under the including file's), and the shell for required variables.
 */
interface Vars {
  dotEnv: Env;
  /** Names dotEnv holds whose value is not known (Unknown): a variable reading one has no value here. */
  unknown: Record<string, Unknown>;
  shell: ShellEnv;
}

/** An env file as compose reads it: `optional`, the project directory's `.env`, which may be missing. */
export interface EnvFile {
  path: string;
  optional: boolean;
}

/** An env file could not be read: `cause` is an InvalidInput (file:line:col), a NotRegularFile or a missing file's error. */
export class DotEnvError extends Error {
  constructor(readonly file: string, override readonly cause: Error) {
    super(`${file}: ${cause.message}`);
  }
}

/**
 * Env files read as compose reads them (a line that is a name alone takes the shell's value: here the name stays
 * unset; `KEY: value` is KEY=value), under `parent`'s variables: a name `parent` sets keeps its value (compose merges
 * an include's env file under the including project's environment), and a value's references (`E_PORT=${BASE}05`) are
 * filled in from `parent`'s, then from the values before it (a single-quoted value is as written), as compose-go's
 * dotenv fills them; a reference to none of them makes the value unknown (Unknown). Their values win over a
 * `${X:-default}`'s default, as in compose (a port moved there was checked at its default). An optional file that
 * does not exist gives nothing; one that is no regular file (a FIFO held init blocked), a required one missing, or one
 * holding a line compose refuses is a DotEnvError. `shownFrom`: the folder the draft names env files from;
 * `onRead`: told each file read.
 */
function readEnvFiles(files: readonly EnvFile[], parent: Vars, shownFrom: string, onRead: (file: string) => void): Vars {
  const own = emptyTable<string>();
  const unknown = emptyTable<Unknown>();
  for (const { path: file, optional } of files) {
    let text: string;
    try {
      text = readRegular(file);
    } catch (e) {
      if (optional && (e as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw new DotEnvError(file, e as Error);
    }
    onRead(file);
    const { entries, error } = envFileEntries(text, file, { compose: true });
    if (error) throw new DotEnvError(file, error);
    const shown = relative(shownFrom, file).split(sep).join("/");
    const where = shown === ".env" ? "the .env" : shown;
    for (const { name, value, quote } of entries) {
      if (Object.hasOwn(parent.dotEnv, name)) continue;
      let ref: string | undefined;
      const lookup = (n: string): string | undefined => {
        const from = Object.hasOwn(parent.dotEnv, n) ? parent : Object.hasOwn(own, n) ? { dotEnv: own, unknown } : undefined;
        if (!from) return undefined;
        ref ??= ownValue(from.unknown, n)?.ref;
        return from.dotEnv[n];
      };
      own[name] = quote === "'" ? value : composeInterpolated(value, lookup, (n) => void (ref ??= n));
      if (ref === undefined) delete unknown[name];
      else unknown[name] = { where, ref };
    }
  }
  return { dotEnv: Object.assign(emptyTable<string>(), own, parent.dotEnv), unknown: Object.assign(emptyTable<Unknown>(), unknown, parent.unknown), shell: parent.shell };
}

/**
 * A variable's value as compose takes it: its env files' (the `.env`), else `${X:-d}`'s default when unset or empty
 * (`${X-d}`: unset); `${X:+alt}`'s alt when set and not empty (`${X+alt}`: set), else empty; none when its env files'
 * value is not known (Unknown). A required one (`${X?msg}`, which compose refuses unset: readComposeStack said so
 * before) is the shell's value, else the env files', as compose reads it.
 */
function valueOf(env: Vars, name: string, colon: string | undefined, op: string | undefined, arg: string | undefined): string | undefined {
  const unknown = Object.hasOwn(env.unknown, name);
  const set = unknown ? undefined : ownValue(env.dotEnv, name);
  if (op === "?") return ownValue(env.shell, name) ?? set;
  if (unknown) return undefined;
  const given = set !== undefined && (set !== "" || colon !== ":");
  if (op === "+") return given ? arg : "";
  if (given) return set;
  return op === "-" ? arg : undefined;
}

/** Whether valueOf's answer is a variable's value (from the `.env` or the environment), not text of the compose file (a default, an alt). */
function isVariableValue(env: Vars, name: string, colon: string | undefined, op: string | undefined): boolean {
  if (op === "?") return true;
  if (op === "+") return false;
  const set = ownValue(env.dotEnv, name);
  return set !== undefined && (set !== "" || colon !== ":");
}

/**
 * A compose value with its variables replaced as compose reads them: `$$` is a literal `$` and starts no variable
 * (`$${X:-8080}` is the text `${X:-8080}`, not 8080), each `${X…}` what `unknown` makes of valueOf's answer.
 * `fromVariables`, when given, gets where in the result each non-empty variable's value stands (isVariableValue).
 */
function interpolated(text: string, env: Vars, unknown: (written: string) => string | undefined, fromVariables?: [start: number, end: number][]): string | undefined {
  let unresolved = false;
  let out = "";
  text.split("$$").forEach((part, i) => {
    if (i > 0) out += "$";
    let last = 0;
    for (const m of part.matchAll(VAR)) {
      const [written, name, colon, op, arg] = m as unknown as [string, string, string | undefined, string | undefined, string | undefined];
      out += part.slice(last, m.index);
      const known = valueOf(env, name, colon, op, arg);
      const v = known ?? unknown(written);
      if (v === undefined) unresolved = true;
      else if (fromVariables && known && isVariableValue(env, name, colon, op)) fromVariables.push([out.length, out.length + known.length]);
      out += v ?? "";
      last = m.index + written.length;
    }
    out += part.slice(last);
  });
  return unresolved ? undefined : out;
}

/** Resolves what `.env` or a default gives and leaves any other `${X}` as written; `fromVariables` as interpolated's. */
function withKnown(text: string, env: Vars, fromVariables?: [start: number, end: number][]): string {
  return interpolated(text, env, (written) => written, fromVariables)!;
}

/** Resolves `${X:-default}` (from `.env`, else its default); undefined when a variable has neither (the draft cannot guess it). */
function withDefaults(text: string, env: Vars): string | undefined {
  return interpolated(text, env, () => undefined);
}

/**
 * A boolean field as compose casts it (compose-go's toBoolean, after interpolation): true, or the text `true`, `yes`,
 * `y` or `on` in any case (`disable: "true"`, `read_only: "yes"`, `disable: ${HC_OFF:-true}`); anything else, or a
 * value the draft cannot know, is not true.
 */
function composeTrue(v: unknown, env: Vars): boolean {
  if (typeof v === "boolean") return v;
  if (typeof v !== "string") return false;
  return ["true", "yes", "y", "on"].includes(withDefaults(v, env)?.trim().toLowerCase() ?? "");
}

/** A long-form port's `protocol` (its variables filled in), as compose publishes it: `tcp` when none is given; undefined when the draft cannot know it. */
function protocolOf(r: Record<string, unknown>, env: Vars): string | undefined {
  return r.protocol === undefined || r.protocol === null ? "tcp" : withDefaults(String(r.protocol), env)?.toLowerCase();
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function asRecord(v: unknown): Record<string, unknown> {
  return isRecord(v) ? v : {};
}

/** The `${NAME:-default}` (or required `${NAME?msg}`) a host port is written as (at the end of the part before `:container`), or undefined. */
const HOST_VAR = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)[-?]([^}]*))?\}$/;

/**
 * Published TCP ports with a host port (UDP takes no HTTP check; `127.0.0.1::8000` lets compose pick the host port,
 * which the draft cannot know).
 */
function parsePorts(raw: unknown, env: Vars, unknown: { written: string; why: string }[]): PublishedPort[] {
  const out: PublishedPort[] = [];
  const notKnown = (written: string) => unknown.push({ written, why: whyUnknown(written, env) });
  // The scenario reads the same variable, its default the value compose would use, in the form the scenario knows.
  const withText = (port: PublishedPort, hostRaw: string): PublishedPort => {
    const m = HOST_VAR.exec(hostRaw);
    return m ? { ...port, hostText: `\${${m[1]}:-${port.host}}` } : port;
  };
  // Where a port published on every address (0.0.0.0, ::, none given) is reached; one on a given address, there.
  const reach = (ip: string | undefined): string => {
    const bare = (ip ?? "").replace(/^\[(.*)\]$/, "$1");
    if (bare === "" || bare === "0.0.0.0" || bare === "::") return "127.0.0.1";
    return bare.includes(":") ? `[${bare}]` : bare;
  };
  for (const p of Array.isArray(raw) ? raw : []) {
    if (typeof p === "string" || typeof p === "number") {
      const text = withDefaults(String(p), env);
      if (text === undefined && !/\/udp$/i.test(String(p))) notKnown(String(p));
      if (text === undefined || /\/udp$/i.test(text)) continue;
      const parts = text.replace(/\/tcp$/i, "").split(":");
      if (parts.length < 2) continue;
      const host = Number(parts.at(-2) || Number.NaN);
      const container = Number(parts.at(-1));
      const hostIp = reach(parts.slice(0, -2).join(":"));
      if (Number.isInteger(host) && host > 0 && Number.isInteger(container)) out.push(withText({ hostIp, host, container }, String(p).replace(/:[^:]*$/, "")));
    } else {
      const r = asRecord(p);
      // UDP, SCTP: no HTTP check.
      if (protocolOf(r, env) !== "tcp") continue;
      const published = withDefaults(String(r.published ?? ""), env);
      if (published === undefined) notKnown(`${String(r.published)}:${String(r.target)}`);
      const host = Number(published || Number.NaN);
      const container = Number(r.target);
      const hostIp = reach(typeof r.host_ip === "string" ? withDefaults(r.host_ip, env) : undefined);
      if (Number.isInteger(host) && host > 0 && Number.isInteger(container)) out.push(withText({ hostIp, host, container }, String(r.published ?? "")));
    }
  }
  return out;
}

/** Why a text's variables have no value the draft can know (withDefaults gave none), each said once. */
function whyUnknown(text: string, env: Vars): string {
  const why = new Set<string>();
  for (const part of text.split("$$")) {
    for (const m of part.matchAll(VAR)) {
      const [, name, colon, op, arg] = m as unknown as [string, string, string | undefined, string | undefined, string | undefined];
      if (valueOf(env, name, colon, op, arg) !== undefined) continue;
      const unknown = ownValue(env.unknown, name);
      why.add(unknown ? `${name}'s value in ${unknown.where} refers to \${${unknown.ref}}, which no file init reads sets` : `${name} is set in no file init reads`);
    }
  }
  return `${[...why].join("; ")} (compose takes it from the environment)`;
}

/**
 * A host-network service's ports (`network_mode: host`): Docker publishes none, and the service listens on the host's
 * own ports, its container ports: those its `ports:` name (TCP), then its healthcheck's, each on 127.0.0.1.
 */
function hostPorts(raw: unknown, env: Vars, health: HealthUrl | undefined): PublishedPort[] {
  const ports: number[] = [];
  for (const p of Array.isArray(raw) ? raw : []) {
    let container: number;
    if (typeof p === "string" || typeof p === "number") {
      const text = withDefaults(String(p), env);
      if (text === undefined || /\/udp$/i.test(text)) continue;
      container = Number(text.replace(/\/tcp$/i, "").split(":").at(-1));
    } else {
      const r = asRecord(p);
      if (protocolOf(r, env) !== "tcp") continue;
      container = Number(withDefaults(String(r.target ?? ""), env) || Number.NaN);
    }
    if (Number.isInteger(container) && container > 0 && !ports.includes(container)) ports.push(container);
  }
  if (health && !ports.includes(health.port)) ports.push(health.port);
  return ports.map((port) => ({ hostIp: "127.0.0.1", host: port, container: port }));
}

/** `deploy: {replicas: 0}` or `scale: 0` as the draft says it, when the service asks for no container (`up` starts none). */
function scaledToZero(svc: Record<string, unknown>, env: Vars): string | undefined {
  const zero = (v: unknown): boolean => {
    const text = typeof v === "number" ? String(v) : typeof v === "string" ? withDefaults(v, env) : undefined;
    return text !== undefined && text.trim() !== "" && Number(text) === 0;
  };
  if (zero(asRecord(svc.deploy).replicas)) return "deploy: {replicas: 0}";
  if (zero(svc.scale)) return "scale: 0";
  return undefined;
}

/**
 * A healthcheck that runs: `test: ["NONE"]` (its first word after its variables, `["${HC:-NONE}"]`) and `disable: true`
 * (as compose casts it: composeTrue) turn it off; `test: []`, which compose drops, is none.
 */
function checksHealth(healthcheck: Record<string, unknown>, env: Vars): boolean {
  const test = healthcheck.test;
  if (test === undefined || composeTrue(healthcheck.disable, env)) return false;
  if (Array.isArray(test) && test.length === 0) return false;
  const first = Array.isArray(test) ? (typeof test[0] === "string" ? withDefaults(test[0], env) : test[0]) : test;
  return first !== "NONE";
}

/**
 * The first URL to the container itself in a healthcheck, its variables resolved as compose resolves them (a port read
 * from `.env`). The path is cut before a query string (it may hold a secret), before a variable left unresolved, and
 * before a variable's value (the `.env`'s, the environment's: it may be a secret, and the draft is committed).
 */
function parseHealthUrl(test: unknown, env: Vars): HealthUrl | undefined {
  const raw = Array.isArray(test) ? test.join(" ") : typeof test === "string" ? test : "";
  const values: [start: number, end: number][] = [];
  const text = withKnown(raw, env, values);
  // The host and port end where the path or the command's word does: a port the container's shell gives
  // (`localhost:$${PORT:-80}`, `:$PORT`) is none the draft knows, not port 80.
  const m = /(https?):\/\/(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(?::(\d+))?(?=[/\s'"|;&)?#]|$)(\/[^\s'"|;&)]*)?/.exec(text);
  if (!m) return undefined;
  const scheme = m[1] === "https" ? "https" : "http";
  let path = m[3] ?? "/";
  const query = /[?#]/.test(path);
  path = path.replace(/[?#].*$/, "");
  // Where the path's first variable's value starts (in the path), if one does.
  const pathStart = m.index + m[0].length - (m[3]?.length ?? 0);
  const valueAt = Math.min(...values.filter(([start, end]) => end > pathStart && start < pathStart + path.length).map(([start]) => Math.max(0, start - pathStart)));
  const dollarAt = path.indexOf("$");
  const valueCut = Number.isFinite(valueAt) && (dollarAt === -1 || valueAt < dollarAt);
  const unresolved = !valueCut && dollarAt !== -1;
  // A part of the path a variable gives (unknown here, `$VAR` for the container's shell too, or a value not to write):
  // the path up to it.
  if (valueCut || unresolved) path = path.slice(0, path.lastIndexOf("/", valueCut ? valueAt : dollarAt) + 1) || "/";
  const insecure = /(?:^|\s)(?:-[a-zA-Z]*k[a-zA-Z]*|--insecure|--no-check-certificate)(?=\s|$)/.test(text);
  return { port: m[2] ? Number(m[2]) : scheme === "https" ? 443 : 80, path, scheme, query, unresolved, valueCut, insecure };
}

/** The port a command (a string or a list) gives `-server.http-listen-port` (`=3200` or ` 3200`), or undefined. */
function httpListenPortOf(command: unknown, env: Vars): number | undefined {
  const raw = Array.isArray(command) ? command.join(" ") : typeof command === "string" ? command : "";
  const m = /(?:^|\s)--?server\.http-listen-port(?:=|\s+)(\d+)(?=\s|$)/.exec(withKnown(raw, env));
  return m ? Number(m[1]) : undefined;
}

/** The host paths bind-mounted writable (absolute), each with its source as written (after its variables). */
function writableBinds(raw: unknown, baseDir: string, env: Vars): { source: string; path: string }[] {
  const out: { source: string; path: string }[] = [];
  for (const v of Array.isArray(raw) ? raw : []) {
    let source: string | undefined;
    if (typeof v === "string") {
      const text = withDefaults(v, env);
      const parts = text?.split(":");
      if (parts && parts.length >= 2 && !(parts[2] ?? "").split(",").includes("ro")) source = parts[0];
    } else {
      const r = asRecord(v);
      if (r.type === "bind" && typeof r.source === "string" && !composeTrue(r.read_only, env)) source = withDefaults(r.source, env);
    }
    if (!source || !(source.startsWith(".") || isAbsolute(source))) continue;
    out.push({ source, path: resolve(baseDir, source) });
  }
  return out;
}

function parseLogMounts(binds: { source: string; path: string }[]): string[] {
  // A folder named for logs (`logs`, `log`, `vllm-logs`, `/var/log/app`): not `logging.yaml`, `catalog`, `blog-posts`.
  // A mounted file (`./logs/app.log:/app/app.log`) is no folder of log files.
  return binds.filter((b) => b.source.split("/").some((part) => LOG_FOLDER.test(part)) && !isFile(b.path)).map((b) => b.path);
}

const LOG_FOLDER = /^(?:.*[-_.])?logs?$/i;

/** A build context compose takes from no folder of the disk: a URL, a git reference, `docker-image://`, `service:` (compose-go's paths/context.go). */
const REMOTE_CONTEXT = /^(?:[A-Za-z][A-Za-z0-9+.-]*:\/\/|service:|github\.com\/|git@)/;

/**
 * The files a compose file names for compose to read, mount or build from, where compose-go's paths/resolve.go finds
 * them: every service's `env_file` (a path, a list, `{path, required}`), `label_file`, `extends.file`, `build` (its
 * context, its Dockerfile in that context, `Dockerfile` when it names none, its `additional_contexts`, its `ssh` keys),
 * bind-mount sources (`./app.conf:/etc/app.conf`, `{type: bind, source}`) and `develop.watch` paths; `secrets` and
 * `configs` with a `file`; a volume bound to a host path (`driver_opts: {o: bind, device}`). Relative to the file's
 * project folder (`workDir`: the named file's folder, an include's project directory, an extends base's own folder),
 * `~` the home folder, variables filled in: a path with a variable the draft cannot know is left out. A remote build
 * context and what is in it are no files here.
 */
function namedFiles(parsed: ParsedFile, file: string, home: string): NamedFile[] {
  const { doc, yamlDoc, lc, env, workDir } = parsed;
  const out: NamedFile[] = [];
  // Where it is written: the node at `keys`, else the nearest one above it (a field a `<<:` merge key brings).
  const at = (keys: (string | number)[]): string | undefined => {
    for (let n = keys.length; n > 0; n--) {
      const node = yamlDoc.getIn(keys.slice(0, n), true) as Node | undefined;
      if (node?.range) {
        const { line, col } = charPos(lc, parsed.source, node.range[0]);
        return `${file}:${line}:${col}`;
      }
    }
    return undefined;
  };
  const place = (path: string, base: string): string | undefined => {
    if (path === "" || /^[A-Za-z]:[\\/]/.test(path)) return undefined;
    return resolve(base, path.startsWith("~") ? join(home, path.slice(1)) : path);
  };
  /** `value` (its variables filled in) as a path named by `what`, written at `keys`. */
  const add = (value: unknown, what: string, keys: (string | number)[], base = workDir): string | undefined => {
    const text = typeof value === "string" ? withDefaults(value, env) : undefined;
    const path = text === undefined ? undefined : place(text, base);
    if (path !== undefined) out.push({ path, what, at: at(keys) });
    return path;
  };
  /** A string or a list of them, each item's path at `pathKey` of it when it is a mapping (`{path: x, required: false}`). */
  const each = (value: unknown, what: string, keys: (string | number)[], pathKey?: string) => {
    (Array.isArray(value) ? value : [value]).forEach((item, i) => {
      const itemKeys = Array.isArray(value) ? [...keys, i] : keys;
      if (pathKey && isRecord(item)) add(item[pathKey], what, [...itemKeys, pathKey]);
      else add(item, what, itemKeys);
    });
  };
  /** `a=b` items of a list, or a mapping's entries, with the keys each is written at. */
  const entries = (value: unknown, keys: (string | number)[]): [name: string, value: unknown, keys: (string | number)[]][] =>
    Array.isArray(value)
      ? value.flatMap((item, i) => (typeof item === "string" && item.includes("=") ? [[item.slice(0, item.indexOf("=")), item.slice(item.indexOf("=") + 1), [...keys, i]] as const] : []))
      : Object.entries(asRecord(value)).map(([k, v]) => [k, v, [...keys, k]] as const);
  for (const [name, raw] of Object.entries(asRecord(doc.services))) {
    const svc = asRecord(raw);
    const keys = ["services", name];
    const field = `services.${name}`;
    each(svc.env_file, `${field}.env_file`, [...keys, "env_file"], "path");
    each(svc.label_file, `${field}.label_file`, [...keys, "label_file"]);
    const ext = asRecord(svc.extends);
    if (typeof ext.file === "string" && !REMOTE_CONTEXT.test(ext.file)) add(ext.file, `${field}.extends.file`, [...keys, "extends", "file"]);
    if (svc.build !== undefined && svc.build !== null) {
      const build = typeof svc.build === "string" ? { context: svc.build } : asRecord(svc.build);
      const buildKeys = typeof svc.build === "string" ? [...keys, "build"] : [...keys, "build", "context"];
      const context = typeof build.context === "string" ? withDefaults(build.context, env) : ".";
      if (context !== undefined && !REMOTE_CONTEXT.test(context)) {
        const contextDir = build.context === undefined ? workDir : add(build.context, `${field}.build.context`, buildKeys);
        if (contextDir !== undefined && build.dockerfile_inline === undefined) add(build.dockerfile ?? "Dockerfile", `${field}.build.dockerfile`, [...keys, "build", "dockerfile"], contextDir);
      }
      for (const [ctx, value, ctxKeys] of entries(build.additional_contexts, [...keys, "build", "additional_contexts"])) {
        if (typeof value === "string" && !REMOTE_CONTEXT.test(value)) add(value, `${field}.build.additional_contexts.${ctx}`, ctxKeys);
      }
      // `default` alone is the SSH agent; `id=key[,key]` names key files (or a socket).
      for (const [id, value, sshKeys] of entries(build.ssh, [...keys, "build", "ssh"])) {
        for (const key of typeof value === "string" ? value.split(",") : []) add(key, `${field}.build.ssh.${id}`, sshKeys);
      }
    }
    (Array.isArray(svc.volumes) ? svc.volumes : []).forEach((v, i) => {
      if (typeof v === "string") {
        const parts = withDefaults(v, env)?.split(":");
        // A host path (`.`, `/`, `~`) before the container's: a named volume or an anonymous one is none.
        const path = parts && parts.length >= 2 && /^[.~/]/.test(parts[0]!) ? place(parts[0]!, workDir) : undefined;
        if (path !== undefined) out.push({ path, what: `${field}.volumes`, at: at([...keys, "volumes", i]) });
      } else if (asRecord(v).type === "bind") add(asRecord(v).source, `${field}.volumes`, [...keys, "volumes", i, "source"]);
    });
    const watch = asRecord(svc.develop).watch;
    (Array.isArray(watch) ? watch : []).forEach((w, i) => add(asRecord(w).path, `${field}.develop.watch.path`, [...keys, "develop", "watch", i, "path"]));
  }
  for (const kind of ["secrets", "configs"]) {
    for (const [name, raw] of Object.entries(asRecord(doc[kind]))) add(asRecord(raw).file, `${kind}.${name}.file`, [kind, name, "file"]);
  }
  for (const [name, raw] of Object.entries(asRecord(doc.volumes))) {
    const vol = asRecord(raw);
    const opts = asRecord(vol.driver_opts);
    if ((vol.driver === undefined || vol.driver === "local") && opts.o === "bind") add(opts.device, `volumes.${name}.driver_opts.device`, ["volumes", name, "driver_opts", "device"]);
  }
  return out;
}

/** A file named in a compose file: absolute, as written, and the node that names it (where a missing one is said). */
type Named = { path: string; written: string; node?: Node };

/**
 * One entry of `include:`: its files (the first and its overrides), and where their variables come from, as compose
 * reads them (compose-go's loader/include.go): its `env_file`s, relative to the including file's folder, else the
 * `.env` of its project directory (`project_directory`, else the first file's folder), when there is one.
 */
type Include = { files: Named[]; envFiles: Named[]; projectDir: string };

/** The entries a compose file `include:`s. */
function includedFiles(doc: Record<string, unknown>, yamlDoc: Document, baseDir: string): Include[] {
  const out: Include[] = [];
  const items = Array.isArray(doc.include) ? doc.include : [];
  items.forEach((item, i) => {
    const itemNode = yamlDoc.getIn(["include", i], true) as Node | undefined;
    const named = (key: string): Named[] => {
      const value = typeof item === "string" ? (key === "path" ? item : undefined) : asRecord(item)[key];
      const list = Array.isArray(value) ? value : [value];
      return list.flatMap((p, j) => {
        if (typeof p !== "string") return [];
        const node = typeof item === "string" ? itemNode : ((yamlDoc.getIn(Array.isArray(value) ? ["include", i, key, j] : ["include", i, key], true) as Node | undefined) ?? itemNode);
        return [{ path: resolve(baseDir, p), written: p, node }];
      });
    };
    const files = named("path");
    if (files.length === 0) return;
    const project = asRecord(item).project_directory;
    out.push({ files, envFiles: named("env_file"), projectDir: typeof project === "string" ? resolve(baseDir, project) : dirname(files[0]!.path) });
  });
  return out;
}

/** A place in a service's value: mapping keys and list indexes (`["healthcheck", "test"]`, `["volumes", 0, "read_only"]`). */
type FieldPath = (string | number)[];

/** Nodes a service's tags are looked for in, at most (aliases can multiply them; toJS refuses such a file after). */
const TAG_WALK_LIMIT = 100_000;

/**
 * Compose's `!reset` and `!override`, at any depth, as compose reads them: the path of each tagged value under its
 * service, through aliases and `<<:` merge keys (what an `extends:` takes out of the base before merging: the base's
 * `healthcheck.test` for `healthcheck: {test: !override […]}`), keyed by service; and every mapping entry tagged
 * `!reset` taken out of the document, so the service reads it as not set, with or without `extends:`
 * (`healthcheck: {test: !reset null}` has no test; a volume's `read_only: !reset true` is writable). A list item
 * tagged `!reset` stays, as compose leaves it. An alias of an anchor inside an entry taken out gets a copy of it.
 */
function takeTags(yamlDoc: Document): Map<string, FieldPath[]> {
  const anchored: Node[] = [];
  visit(yamlDoc, {
    Node(_key, node) {
      if (isAlias(node) || (node as { anchor?: string }).anchor) anchored.push(node as Node);
    },
  });
  // The last node with the alias's anchor before it, as yaml's Alias.resolve finds it.
  const resolveAlias = (alias: Alias): Node | undefined => {
    let found: Node | undefined;
    for (const node of anchored) {
      if (node === alias) break;
      if ((node as { anchor?: string }).anchor === alias.source) found = node;
    }
    return found;
  };
  const out = new Map<string, FieldPath[]>();
  let budget = TAG_WALK_LIMIT;
  const walk = (node: unknown, path: FieldPath, found: FieldPath[], open: Set<unknown>): void => {
    if (isAlias(node)) node = resolveAlias(node);
    if (!node || typeof node !== "object" || open.has(node) || --budget < 0) return;
    const tag = (node as Node).tag;
    if (tag === "!reset" || tag === "!override") {
      found.push(path);
      return;
    }
    open.add(node);
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        // `<<: *base` (or a list of them): the base's fields are the service's own, at the same level.
        if (typeof pair.key.value === "symbol" && pair.key.source === "<<") {
          const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
          for (const src of sources) walk(src, path, found, open);
        } else walk(pair.value, [...path, String(pair.key.value)], found, open);
      }
    } else if (isSeq(node)) node.items.forEach((item, i) => walk(item, [...path, i], found, open));
    open.delete(node);
  };
  const services = yamlDoc.get("services", true);
  if (isMap(services)) {
    for (const pair of services.items) {
      if (!isScalar(pair.key)) continue;
      const found: FieldPath[] = [];
      walk(pair.value, [], found, new Set());
      if (found.length) out.set(String(pair.key.value), found);
    }
  }
  const resetPairs = new Set<unknown>();
  const inside = new Set<unknown>();
  visit(yamlDoc, {
    Pair(_key, pair, path) {
      if (!isMap(path.at(-1)) || (pair.value as Node | null)?.tag !== "!reset") return;
      resetPairs.add(pair);
      visit(pair.value as Node, { Node: (_k, n) => void inside.add(n) });
    },
  });
  if (resetPairs.size === 0) return out;
  visit(yamlDoc, {
    Alias(_key, alias) {
      const target = resolveAlias(alias);
      if (target && inside.has(target) && !inside.has(alias)) return target.clone() as Node;
    },
  });
  visit(yamlDoc, { Pair: (_key, pair) => (resetPairs.has(pair) ? visit.REMOVE : undefined) });
  return out;
}

/**
 * Where a document that parsed fails to become values: an alias with no anchor before it, a merge key `<<` whose value
 * is not a mapping (nor an alias of one, nor a list of them). Empty when neither is found (the error is said as thrown).
 */
function valueIssues(yamlDoc: Document, lc: LineCounter, source: string, file: string): LoadIssue[] {
  const issues: LoadIssue[] = [];
  const at = (node: Node) => (node.range ? charPos(lc, source, node.range[0]) : undefined);
  const isMapping = (n: unknown): boolean => isMap(n) || (isAlias(n) && isMap(n.resolve(yamlDoc)));
  visit(yamlDoc, {
    Alias(_key, node) {
      if (!node.resolve(yamlDoc)) issues.push({ file, pos: at(node), message: `undefined alias *${node.source}: no anchor &${node.source} before it` });
    },
    Pair(_key, pair) {
      // With `merge`, a plain `<<` key's value is a symbol, not the text.
      if (!isScalar(pair.key) || typeof pair.key.value !== "symbol" || pair.key.source !== "<<" || !pair.value) return;
      const v = pair.value as Node;
      if (isAlias(v) && !v.resolve(yamlDoc)) return; // said as an undefined alias
      if (isMapping(v) || (isSeq(v) && v.items.every(isMapping))) return;
      issues.push({ file, pos: at(v), message: "a merge key (<<) takes a mapping, an alias of one (*name) or a list of them" });
    },
  });
  return issues;
}

/** A required variable, `${X?msg}` or `${X:?msg}` (`$${…}` is compose's escape, no variable). */
const REQUIRED = /\$\{([A-Za-z_][A-Za-z0-9_]*)(:?)\?([^}]*)\}/g;

/**
 * Each required variable compose finds no value for (unset in the shell and the `.env`; for `:?`, or empty), said where
 * it is written: compose refuses the file ("required variable X is missing a value"), where the draft dropped the
 * service's port as if it had no variable. Keys are not interpolated, values anywhere are.
 */
function requiredIssues(yamlDoc: Document, lc: LineCounter, source: string, file: string, env: Vars): LoadIssue[] {
  const issues: LoadIssue[] = [];
  visit(yamlDoc, {
    Scalar(key, node) {
      if (key === "key" || typeof node.value !== "string" || !node.range) return;
      const written = source.slice(node.range[0], node.range[1]);
      let from = 0;
      for (const part of node.value.split("$$")) {
        for (const m of part.matchAll(REQUIRED)) {
          const [text, name, colon, message] = m as unknown as [string, string, string, string];
          const value = ownValue(env.shell, name) ?? ownValue(env.dotEnv, name);
          if (value !== undefined && (value !== "" || colon !== ":")) continue;
          // Where the variable is written in the scalar (its text as written when no escape changed it), else the scalar.
          const at = written.indexOf(text, from);
          if (at >= 0) from = at + text.length;
          issues.push({
            file,
            pos: charPos(lc, source, node.range[0] + Math.max(at, 0)),
            message: `required variable ${name} is missing a value${message ? `: ${message}` : ""} (unset${colon ? " or empty" : ""} in the environment and the .env; compose refuses the file)`,
          });
        }
      }
    },
  });
  return issues;
}

/** Why a file named in the compose file cannot be read: missing or no regular file; undefined for another error. */
function unreadableWhy(e: unknown, path: string): string | undefined {
  if ((e as NodeJS.ErrnoException).code === "ENOENT") return `no such file: ${path}`;
  if (e instanceof NotRegularFile) return `${path} is ${e.kind}, not a regular file`;
  return undefined;
}

/**
 * Reads compose files as compose reads those it is given (`-f a.yml -f b.yml`, COMPOSE_FILE's), each with,
 * recursively, the files it `include:`s, their variables as compose gives them (the project's env files; an included
 * file's, under them, from its entry's `env_file`, else its folder's `.env`: it was read with the project's alone). A
 * service a later named file defines again is merged over the earlier definition as compose merges files
 * (mergeService); one an included file defines again keeps its first definition. The later named files' relative paths
 * are the project directory's, the first file's folder, as compose resolves them. `shell`: the environment init runs
 * in, where compose reads a required `${X?msg}` and COMPOSE_PROFILES first (the env files give the rest).
 * `envFiles`: the project's env files, in layers whose first gives a name its value (compose reads the working
 * folder's `.env`, then the project directory's under it); the `.env` beside the first file when not given.
 */
export function readComposeStack(file: string | readonly string[], shell: ShellEnv = {}, envFiles?: readonly (readonly EnvFile[])[]): ComposeStack {
  const named = (typeof file === "string" ? [file] : file).map((f) => resolve(f));
  const stack: ComposeStack = { files: [], services: [], read: [], named: [] };
  const seen = new Set<string>();
  const topDir = dirname(named[0]!);
  const onRead = (kind: "compose" | "env") => (path: string) => void (stack.read.some((r) => r.path === path) || stack.read.push({ path, kind }));
  let env: Vars = { dotEnv: emptyTable(), unknown: emptyTable(), shell };
  for (const layer of envFiles ?? [[{ path: resolve(topDir, ".env"), optional: true }]]) env = readEnvFiles(layer, env, topDir, onRead("env"));
  /** Services another waits for to complete. */
  const completed = new Set<string>();
  const parsed = new Map<string, ParsedFile>();
  /**
   * `env`: the variables of the file that reads this one (a required variable's value is looked for there); `workDir`:
   * the folder compose resolves the file's relative paths from (an included file's project directory).
   */
  const parse = (path: string, env: Vars, workDir = dirname(path)): ParsedFile => {
    const known = parsed.get(path);
    if (known) return known;
    // `merge`: a service built from `<<: *common` has the anchor's volumes and healthcheck, as compose reads it.
    let doc: Record<string, unknown>;
    // Only a regular file: a FIFO in its place held init blocked in the read.
    const source = readRegular(path);
    onRead("compose")(path);
    // Invalid YAML is said at file:line:col with the line quoted, as a scenario's is (an included file's names that file).
    const lc = new LineCounter();
    const yamlDoc = parseDocument(source, { lineCounter: lc, prettyErrors: false, uniqueKeys: true, merge: true, logLevel: "error" });
    const issues = yamlIssues(yamlDoc, source, lc, path, "init --from reads one per file");
    if (issues.length) throw new InvalidInput(issues, new Map([[path, source]]));
    // Before the values are read: a `!reset` entry is not set.
    const tags = takeTags(yamlDoc);
    try {
      doc = asRecord(yamlDoc.toJS());
    } catch (e) {
      // Said where it is written when it can be found; an included file's error names that file, not the one given to --from.
      const found = valueIssues(yamlDoc, lc, source, path);
      if (found.length) throw new InvalidInput(found, new Map([[path, source]]));
      throw new Error(`${path}: ${(e as Error).message.split("\n")[0]}`);
    }
    const required = requiredIssues(yamlDoc, lc, source, path, env);
    if (required.length) throw new InvalidInput(required, new Map([[path, source]]));
    const entry = { doc, yamlDoc, lc, source, tags, env, workDir };
    parsed.set(path, entry);
    return entry;
  };
  /** Said at the include line: a file it names that is missing or no regular file (it was Node's raw ENOENT, naming no line of the compose file). */
  const refuseNamed = (from: string, inc: Named, what: string, e: unknown): never => {
    const why = unreadableWhy(e, inc.path);
    if (why === undefined) throw e;
    const { lc, source } = parsed.get(from)!;
    const pos = inc.node?.range ? charPos(lc, source, inc.node.range[0]) : undefined;
    throw new InvalidInput([{ file: from, pos, message: `include: ${what}${JSON.stringify(inc.written)}: ${why}` }], new Map([[from, source]]));
  };
  /** The variables of an included entry's files: its env files (or its project directory's `.env`) under the including file's. */
  const includeVars = (from: string, inc: Include, env: Vars): Vars => {
    const files = inc.envFiles.length ? inc.envFiles.map((f) => ({ path: f.path, optional: false })) : [{ path: resolve(inc.projectDir, ".env"), optional: true }];
    try {
      return readEnvFiles(files, env, topDir, onRead("env"));
    } catch (e) {
      // A missing env_file or one that is no regular file is said at the include line; its own error as the env file's.
      const named = e instanceof DotEnvError ? inc.envFiles.find((f) => f.path === e.file) : undefined;
      if (named && unreadableWhy((e as DotEnvError).cause, named.path) !== undefined) refuseNamed(from, named, "env_file ", (e as DotEnvError).cause);
      throw e;
    }
  };
  /**
   * Each service's definition, in the order compose first meets it: `dir` resolves its relative paths, `env` its
   * variables; `named`: the index of the named file whose reading defined it (a later named file merges over it).
   */
  const defined = new Map<string, { svc: Record<string, unknown>; dir: string; env: Vars; named: number }>();
  /** `index`: which of the named files this is, or the one reading it (an included file); `own`: a named file itself. */
  const visitFile = (path: string, env: Vars, index: number, own: boolean) => {
    if (seen.has(path)) return;
    seen.add(path);
    // A named file's relative paths are the project directory's, as compose resolves those of every file it is given.
    const dir = own ? topDir : dirname(path);
    const { doc, yamlDoc, tags } = parse(path, env, dir);
    stack.files.push(path);
    // A project name read from a variable (`name: ${STACK_NAME}`) is its value when the draft can know it, else none
    // (the file's name stands in): the variable's text named the scenario and its file. A later named file's wins, as
    // compose merges them.
    if ((stack.name === undefined || (own && index > 0)) && typeof doc.name === "string") stack.name = withDefaults(doc.name, env) || stack.name;
    for (const inc of includedFiles(doc, yamlDoc, dir)) {
      const incEnv = includeVars(path, inc, env);
      for (const named of inc.files) {
        try {
          parse(named.path, incEnv, inc.projectDir);
        } catch (e) {
          refuseNamed(path, named, "", e);
        }
        visitFile(named.path, incEnv, index, false);
      }
    }
    for (const name of Object.keys(asRecord(doc.services))) {
      const before = defined.get(name);
      if (before && !(own && before.named < index)) continue;
      // An extends' base file is read with the variables of the file that extends it, as compose reads it.
      const svc = extended((p) => parse(p, env), path, name, []);
      if (!before) defined.set(name, { svc, dir, env, named: index });
      else {
        // What the later file tags `!reset` or `!override` is taken out of the earlier definition first.
        const base = structuredClone(before.svc);
        for (const at of tags.get(name) ?? []) deleteAt(base, at);
        before.svc = mergeService(base, svc);
      }
    }
  };
  named.forEach((path, i) => visitFile(path, env, i, true));
  for (const [name, { svc, dir, env }] of defined) {
    const healthcheck = asRecord(svc.healthcheck);
    const binds = writableBinds(svc.volumes, dir, env);
    for (const [dep, how] of Object.entries(asRecord(svc.depends_on))) {
      if (asRecord(how).condition === "service_completed_successfully") completed.add(dep);
    }
    const healthUrl = parseHealthUrl(healthcheck.test, env);
    const hostNetwork = typeof svc.network_mode === "string" && withDefaults(svc.network_mode, env) === "host";
    const unknownPorts: { written: string; why: string }[] = [];
    stack.services.push({
      name,
      image: typeof svc.image === "string" ? svc.image : undefined,
      // Docker discards the ports a host-network service publishes: it listens on the host's, its container ports.
      ports: hostNetwork ? hostPorts(svc.ports, env, healthUrl) : parsePorts(svc.ports, env, unknownPorts),
      hasHealthcheck: checksHealth(healthcheck, env),
      healthUrl,
      logMounts: parseLogMounts(binds),
      writableMounts: binds.map((b) => b.path),
      profiles: Array.isArray(svc.profiles) ? svc.profiles.filter((x): x is string => typeof x === "string") : [],
      oneShot: false,
      httpListenPort: httpListenPortOf(svc.command, env),
      scaledToZero: scaledToZero(svc, env),
      hostNetwork,
      unknownPorts,
    });
  }
  // The files every compose file read names (a service defined twice, or not started, names them too: its files stay).
  const home = ownValue(shell, "HOME") || homedir();
  for (const [path, entry] of parsed) stack.named.push(...namedFiles(entry, path, home));
  for (const s of stack.services) s.oneShot = completed.has(s.name);
  // Without `name:`, compose names the project after COMPOSE_PROJECT_NAME (the `.env` may set it), else the folder.
  stack.name ??= projectNameOf(env.dotEnv.COMPOSE_PROJECT_NAME || basename(topDir));
  // COMPOSE_PROFILES: the environment's, else the project's `.env` (compose reads its environment over the `.env`).
  // The same value in both is named as the .env's: the draft's comment then points at the file a reader can open (the
  // entries no longer let Bun read a .env into the environment: lib/cli/dotenv-undo.ts).
  const shellProfiles = ownValue(shell, "COMPOSE_PROFILES");
  const dotEnvProfiles = Object.hasOwn(env.unknown, "COMPOSE_PROFILES") ? undefined : ownValue(env.dotEnv, "COMPOSE_PROFILES");
  const names = (shellProfiles ?? dotEnvProfiles ?? "").split(",").map((p) => p.trim()).filter(Boolean);
  if (names.length) stack.profiles = { names, from: shellProfiles === undefined || shellProfiles === dotEnvProfiles ? "dotenv" : "environment" };
  return stack;
}

/**
 * COMPOSE_FILE as compose takes it when given no file: the environment's, else the project's env files' (`envFiles`:
 * COMPOSE_ENV_FILES's, else the working folder's `.env`), split on COMPOSE_PATH_SEPARATOR (taken the same way) or `:`;
 * undefined when neither sets it. `unknown`: the env files' value refers to a variable none of them sets (compose would
 * take it from the environment): the files are not known. An env file that cannot be read is a DotEnvError.
 */
export function composeFileSetting(envFiles: readonly EnvFile[], shell: ShellEnv): { value: string; separator?: string; files: string[]; from: "environment" | "env file"; unknown?: string } | undefined {
  const vars = readEnvFiles(envFiles, { dotEnv: emptyTable(), unknown: emptyTable(), shell }, "/", () => {});
  const take = (name: string) => ownValue(shell, name) ?? ownValue(vars.dotEnv, name);
  const value = take("COMPOSE_FILE");
  if (value === undefined) return undefined;
  const separator = take("COMPOSE_PATH_SEPARATOR");
  const from = ownValue(shell, "COMPOSE_FILE") === undefined ? "env file" : "environment";
  const unknown = from === "env file" ? ownValue(vars.unknown, "COMPOSE_FILE")?.ref : undefined;
  return { value, separator, files: composeFileList(value, separator), from, unknown };
}

/** The list fields a later compose file's value replaces, not adds to (compose-go's override rules). */
const REPLACED_LISTS = new Set(["command", "entrypoint", "healthcheck.test"]);

/** The container path a volume entry mounts at (`./a:/b:ro` → `/b`, `/b` → `/b`, `{target: /b}`), or undefined. */
function volumeTarget(v: unknown): string | undefined {
  if (typeof v === "string") {
    const parts = v.split(":");
    return parts.length >= 2 ? parts[1] : parts[0];
  }
  return typeof asRecord(v).target === "string" ? (asRecord(v).target as string) : undefined;
}

/**
 * A service's definition in a later compose file merged over the earlier one, as compose merges the files it is
 * given: mappings key by key, at any depth (a healthcheck's `interval` keeps the earlier `test`); lists added to
 * (`ports`, `profiles`), but `command`, `entrypoint` and a healthcheck's `test` replaced; a volume mounted at a
 * container path the later file mounts too replaced by the later one; `depends_on` as a list or a mapping merged by
 * service; any other value replaced.
 */
function mergeService(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const merge = (a: unknown, b: unknown, path: string): unknown => {
    if (path === "depends_on" && (Array.isArray(a) || Array.isArray(b))) {
      const asMap = (v: unknown) => (Array.isArray(v) ? Object.fromEntries(v.map((n) => [String(n), { condition: "service_started" }])) : asRecord(v));
      return merge(asMap(a), asMap(b), path);
    }
    if (path === "volumes" && Array.isArray(a) && Array.isArray(b)) {
      const targets = new Set(b.map(volumeTarget).filter((t) => t !== undefined));
      return [...a.filter((v) => !targets.has(volumeTarget(v)!)), ...b];
    }
    if (Array.isArray(a) && Array.isArray(b) && !REPLACED_LISTS.has(path)) return [...a, ...b];
    if (isRecord(a) && isRecord(b)) {
      const out: Record<string, unknown> = { ...a };
      for (const [k, v] of Object.entries(b)) out[k] = Object.hasOwn(a, k) ? merge(a[k], v, path ? `${path}.${k}` : k) : v;
      return out;
    }
    return b === undefined ? a : b;
  };
  return merge(base, over, "") as Record<string, unknown>;
}

/** A project name as compose makes one of a folder's name: lower case, only a-z, 0-9, `_` and `-`, starting with a letter or digit. */
export function projectNameOf(text: string): string | undefined {
  return text.toLowerCase().replace(/[^a-z0-9_-]/g, "").replace(/^[^a-z0-9]+/, "") || undefined;
}

/** Takes out of a value what is at `path` in it, as compose takes a tagged field out of an extended base: a mapping's entry (a list's item stays, as in compose). */
function deleteAt(value: unknown, path: FieldPath): void {
  let at = value;
  for (const key of path.slice(0, -1)) {
    if (at === null || typeof at !== "object") return;
    at = (at as Record<string | number, unknown>)[key];
  }
  const last = path.at(-1);
  if (last !== undefined && at !== null && typeof at === "object" && !Array.isArray(at)) delete (at as Record<string | number, unknown>)[last];
}

/** A parsed compose file, as readComposeStack keeps it. */
type ParsedFile = { doc: Record<string, unknown>; yamlDoc: Document; lc: LineCounter; source: string; tags: Map<string, FieldPath[]>; env: Vars; workDir: string };

/**
 * A service's definition with what it `extends:` (in its file or in `file:`) under it, as compose merges them, as it
 * merges a later file's (mergeService): its own fields win, mappings merge key by key (`healthcheck: {interval: 30s}`
 * keeps the base's test; a test replaces the base's whole; `deploy: {resources: …}` keeps the base's `replicas`),
 * `ports`, `profiles` and the other lists add up (`worker: {extends: gateway}` got nothing of the gateway's before), a
 * volume on a container path the base mounts too replaces the base's; but what is tagged `!reset` or `!override`, at any depth, is taken out of the base first (takeTags):
 * `ports: !reset []` publishes none of the base's, `ports: !override [...]` its own alone, `healthcheck: {test: !reset
 * null}` has no test. The base's relative paths stay relative to the extending file: the draft's folders are guesses either way.
 * What compose refuses is an InvalidInput at file:line:col: a `file:` that is missing or no regular file, no `service:`,
 * a service the file does not define, a cycle (each lost what it would inherit). `chain`: the services extending this one.
 */
function extended(parse: (path: string) => ParsedFile, path: string, name: string, chain: string[]): Record<string, unknown> {
  const { doc, yamlDoc, lc, source, tags } = parse(path);
  const own = asRecord(asRecord(doc.services)[name]);
  const ext = own.extends;
  if (ext === undefined) return own;
  // Where a problem is written: the extends value's field, else extends, else the service (extends from a merge key).
  const refuse = (field: string | undefined, message: string): never => {
    const at = ["services", name, "extends"];
    const node = ((field && yamlDoc.getIn([...at, field], true)) || yamlDoc.getIn(at, true) || yamlDoc.getIn(["services", name], true)) as Node | undefined;
    throw new InvalidInput([{ file: path, pos: node?.range ? charPos(lc, source, node.range[0]) : undefined, message }], new Map([[path, source]]));
  };
  const spec = typeof ext === "string" ? { service: ext } : asRecord(ext);
  const basePath = typeof spec.file === "string" ? resolve(dirname(path), spec.file) : path;
  if (basePath !== path) {
    try {
      parse(basePath);
    } catch (e) {
      const why = unreadableWhy(e, basePath);
      if (why === undefined) throw e;
      refuse("file", `extends: file ${JSON.stringify(spec.file)}: ${why}`);
    }
  }
  if (typeof spec.service !== "string") return refuse(undefined, "extends: takes the service to extend (`extends: NAME`, or `service: NAME` beside `file:`)");
  const field = typeof ext === "string" ? undefined : "service";
  const baseServices = asRecord(parse(basePath).doc.services);
  if (!Object.hasOwn(baseServices, spec.service)) {
    refuse(field, `extends: no service ${JSON.stringify(spec.service)} in ${basePath === path ? "this file" : basePath}`);
  }
  const self = `${path}\0${name}`;
  const baseKey = `${basePath}\0${spec.service}`;
  if (baseKey === self || chain.includes(baseKey)) {
    const names = [...chain, self, baseKey].map((k) => k.split("\0")[1]!);
    refuse(field, `extends: a cycle (${names.slice(names.indexOf(spec.service)).join(" → ")}), which compose refuses`);
  }
  // A copy: the base's own definition is another service's too.
  const base = structuredClone(extended(parse, basePath, spec.service, [...chain, self]));
  for (const at of tags.get(name) ?? []) deleteAt(base, at);
  // Merged as compose merges it, as a later file over an earlier one (mergeService): `deploy: {resources}` keeps the
  // base's `replicas: 0`, a volume on the base's container path replaces it, `profiles` add up.
  const merged = mergeService(base, own);
  // Its own ports first: the draft checks a service on the first port it publishes.
  if (Array.isArray(own.ports) && Array.isArray(base.ports)) merged.ports = [...own.ports, ...base.ports];
  return merged;
}
