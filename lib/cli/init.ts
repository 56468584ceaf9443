// `scenario init [DIR]`: writes a commented starter scenario, or with --from (or COMPOSE_FILE, as compose reads it) a draft scenario for a compose stack, and ignores reports.
import { accessSync, closeSync, constants, existsSync, realpathSync, statSync, writeSync, type Stats } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { PACKAGE_ROOT } from "./package-root.ts";
import { writeAtomic } from "../report/write-atomic.ts";
import { InvalidInput } from "../core/invalid-input.ts";
import { composeFileSetting, DotEnvError, readComposeStack, type ComposeService, type ComposeStack, type EnvFile, type PublishedPort } from "./init-compose.ts";
import { kindOf, NotRegularFile, openRegular, readRegular } from "../util/regular-file.ts";
import { addTo } from "../util/group.ts";
import { escapeGlob, shellQuote } from "../vars/interpolate.ts";
import { composeEnvFileList, composePathSeparator, DEFAULT_COMPOSE_FILES } from "../util/compose-files.ts";
import { ownValue } from "../util/own.ts";

const SCHEMA_FILE = join(PACKAGE_ROOT, "scenario.schema.json");
const IGNORED = ["reports/", ".context/"];
/** Images of log shippers: they read the app's log files (a folder they mount writable is still no folder they write logs in). */
const SHIPPER_IMAGE = /(^|\/)(promtail|alloy|grafana-agent|grafana\/agent|fluent-bit|vector|filebeat)([:@]|$)/;
/** A profile name as a compose step takes it (lib/steps/compose.ts refuses others at load). */
const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export interface InitOptions {
  dir: string;
  from?: string;
  force: boolean;
  /**
   * The environment init runs in (compose reads a required `${X?msg}` there first, and COMPOSE_FILE, COMPOSE_ENV_FILES);
   * process.env when not given.
   */
  env?: Record<string, string | undefined>;
  /** The working folder, whose `.env` may set COMPOSE_FILE and from which COMPOSE_FILE's and COMPOSE_ENV_FILES's paths go; process.cwd() when not given. */
  cwd?: string;
}

export interface InitResult {
  written: string[];
  scenario: string;
}

export class InitError extends Error {}

/** A path as a scenario writes it: relative to the scenario's folder, with forward slashes. */
function rel(fromDir: string, to: string): string {
  const r = relative(fromDir, to).split(sep).join("/");
  return r.startsWith(".") ? r : `./${r}`;
}

const q = (s: string): string => JSON.stringify(s);
/** Text the scenario takes as written (a step's name, a compose file's path): a `${` in it would start a variable, `$${` is the text. */
const asWritten = (s: string): string => s.replaceAll("${", () => "$${");
/**
 * A folder as a files step's pattern names it: its glob syntax escaped, as docs/steps/files.md reads a name's own
 * `[`, `*`, `{`… (a folder `logs/app[1]` drafted as `logs/app[1]/**` matched `logs/app1/` and not itself).
 */
const folderPattern = (fromDir: string, folder: string): string => escapeGlob(rel(fromDir, folder));
/**
 * The URL of a published port, on the host address it is published on: a port the compose file reads from a variable
 * keeps reading it (`--var WEB_PORT=…` moves the service and the check together), its default written as the compose
 * file wrote it. `scheme`: the healthcheck's, when it checks this port (https stays https).
 */
const urlOf = (p: PublishedPort, scheme = "http"): string => {
  const url = `${scheme}://${p.hostIp}:${p.hostText ?? p.host}`;
  return p.hostText ? JSON.stringify(url) : url;
};

/**
 * A service's URL variable: SCENARIO_<SERVICE>_URL (one whose name another service has is made unique after _URL: draftFromCompose). The environment overrides `vars:`, so a plain API_URL or
 * DATABASE_URL set for something else sent the check to another server; the prefix also makes `1worker` a valid name.
 */
const varName = (service: string): string => `SCENARIO_${service.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}_URL`;
const LOKI_VAR = "SCENARIO_LOKI_URL";
const isLoki = (s: ComposeService): boolean => s.name === "loki" || /(^|\/)loki([:@]|$)/.test(s.image ?? "");
/** A log shipper: it reads logs, writes none to check. */
const isLogShipper = (s: ComposeService): boolean => SHIPPER_IMAGE.test(s.image ?? "") || ["promtail", "alloy"].includes(s.name);
const isShipper = (s: ComposeService): boolean => isLoki(s) || isLogShipper(s);

function header(scenarioFile: string, comment: string): string[] {
  return [`# yaml-language-server: $schema=${rel(dirname(scenarioFile), SCHEMA_FILE)}`, comment];
}

function starter(scenarioFile: string): string {
  return [
    ...header(scenarioFile, "# A starter scenario: `scenario validate` checks it, `scenario run` runs it. The format: docs/format.md."),
    "name: Smoke test",
    "vars:                          # defaults; --var KEY=VALUE and the environment override them",
    "  API_URL: http://127.0.0.1:8080",
    "# secrets: [API_KEY]           # values of these variables are masked (***) in every report",
    "defaults: { timeout: 30s }    # an attempt's deadline; `eventually` retries every 50ms unless `interval:` says otherwise",
    "steps:",
    "  - name: The shell works",
    "    shell:",
    "      run: echo \"hello from ${RUN_ID}\"",
    "      expect:",
    "        exit_code: 0",
    "        stdout: { contains: hello }",
    "",
    "  # - name: The API answers",
    "  #   http:",
    "  #     url: ${API_URL}/health",
    "  #     expect: { status: 200, json: { \"$.status\": ok }, latency: { lt: 2s } }",
    "  #   eventually: 1m              # retry until it passes or a minute has gone by",
    "",
    "  # - name: The API writes its log file",
    "  #   files:",
    "  #     glob: ../logs/api/*.log       # paths start from this file's folder",
    "  #     expect: { count: { gte: 1 }, fresh: true, not_contains: ERROR }",
    "",
    "# teardown:                     # always runs, also after a failure or Ctrl-C",
    "#   - shell: { run: echo done }",
    "",
  ].join("\n");
}

/**
 * Container ports of well-known protocols that are no HTTP: an http check there can never pass on a correct stack (a
 * Redis answers `-ERR unknown command 'GET'`, which no HTTP client reads as an answer).
 */
const NOT_HTTP: ReadonlyMap<number, string> = new Map([
  [5432, "PostgreSQL"],
  [3306, "MySQL"],
  [6379, "Redis"],
  [27017, "MongoDB"],
  [11211, "Memcached"],
  [5672, "AMQP (RabbitMQ)"],
  [9092, "Kafka"],
  [2181, "ZooKeeper"],
  [9042, "Cassandra"],
  [1433, "SQL Server"],
  [1521, "Oracle"],
  [4222, "NATS"],
  [1883, "MQTT"],
  [4317, "OTLP gRPC"],
]);

/**
 * The service with only the published ports an http check can pass on: not one of NOT_HTTP's, unless its healthcheck's
 * URL targets it (it speaks HTTP there); `left`: the ones left out.
 */
function httpPortsOf(s: ComposeService): { service: ComposeService; left: PublishedPort[] } {
  const isHttp = (p: PublishedPort) => !NOT_HTTP.has(p.container) || s.healthUrl?.port === p.container;
  const left = s.ports.filter((p) => !isHttp(p));
  return { service: left.length ? { ...s, ports: s.ports.filter(isHttp) } : s, left };
}

/** Where a service is checked: its published port, and whether its healthcheck's URL targets it (its path and scheme are the check's). */
interface Checked {
  port: PublishedPort;
  health: boolean;
  /** Loki's HTTP port (the container's), when no host port is published for it: `port` is a guess. */
  unpublished?: number;
}

/**
 * The port a service is checked on: the one its healthcheck's URL targets, else its first. Loki's is the one published
 * for its HTTP port, 3100 unless its command's `-server.http-listen-port` moves it, which the logql checks query too
 * (its first published port, gRPC's 9095, named the check while the URL went to 3100); when none is, as for another
 * service, and `unpublished` says so.
 */
function checkedPort(s: ComposeService, loki: boolean): Checked {
  const health = s.healthUrl && s.ports.find((p) => p.container === s.healthUrl!.port);
  const checked = { port: health ?? s.ports[0]!, health: !!health };
  if (!loki) return checked;
  const http = s.httpListenPort ?? 3100;
  const port = s.ports.find((p) => p.container === http);
  return port ? { port, health: s.healthUrl?.port === http } : { ...checked, unpublished: http };
}

function httpStep(s: ComposeService, variable: string, { port, health }: Checked): string[] {
  const h = health ? s.healthUrl : undefined;
  const path = h ? h.path : "/";
  // A path cut before a variable or its value is not the health endpoint: any answer.
  const exact = h && !h.unresolved && !h.valueCut;
  return [
    `  - name: ${q(`${s.name} answers on port ${port.hostText ?? port.host}`)}`,
    `    service: ${q(s.name)}`,
    "    http:",
    `      url: ${q(`\${${variable}}${path}`)}`,
    ...(s.hostNetwork ? [`      # network_mode: host: the service listens on the host's port ${port.host} (compose publishes no port)`] : []),
    ...(h?.query ? ["      # the healthcheck's URL has a query string, left out (it may hold a secret): add what the endpoint needs"] : []),
    ...(h?.unresolved ? ["      # the healthcheck's path goes on with a variable the draft cannot know: complete the path"] : []),
    ...(h?.valueCut ? ["      # the healthcheck's path goes on with a variable's value (from the .env or the environment), left out (it may be a secret): complete the path"] : []),
    ...(h?.scheme === "https" && h.insecure ? ["      insecure_tls: true   # the healthcheck accepts any certificate too"] : []),
    exact ? "      expect: { status: 2xx }" : "      expect: { status: { lt: 500 } }   # any answer: point it at a health endpoint",
    "    eventually: 1m",
    "",
  ];
}

/** `nested`: folders inside this one that other services write (their files are not this folder's services'). */
function filesStep(folder: string, services: string[], nested: string[], scenarioDir: string): string[] {
  return [
    `  - name: ${q(`Fresh log files under ${asWritten(rel(scenarioDir, folder))}`)}`,
    ...(services.length === 1 ? [`    service: ${q(services[0]!)}`] : [`    # mounted by ${services.join(", ")}: narrow the glob to one service's files`]),
    "    files:",
    `      glob: ${q(`${folderPattern(scenarioDir, folder)}/**/*`)}`,
    ...(nested.length ? [`      exclude: [${nested.map((n) => q(folderPattern(scenarioDir, n))).join(", ")}]   # other services' log folders`] : []),
    "      expect: { count: { gte: 1 }, fresh: true }",
    "    eventually: 1m",
    "",
  ];
}

function logqlStep(s: ComposeService): string[] {
  return [
    `  - name: ${q(`Loki holds ${s.name}'s logs`)}`,
    `    service: ${q(s.name)}`,
    "    logql:",
    `      url: \${${LOKI_VAR}}`,
    `      query: ${q(`{service="${s.name}"}`)}   # the label your log shipper sets`,
    "      start: ${START_ISO}   # lines shipped since this run started, not ones an earlier run left in Loki",
    "      expect: { lines: { gte: 1 } }",
    "    eventually: { timeout: 2m, interval: 2s }",
    "",
  ];
}

function stackTitle(stack: ComposeStack): string {
  const name = stack.name ?? basename(stack.files[0]!).replace(/\.ya?ml$/, "");
  return /stack$/i.test(name) ? name : `${name} stack`;
}

/** Services whose logs should reach Loki: those writing log files when any does, else every service but Loki and the shippers. */
function shippedServices(services: ComposeService[]): ComposeService[] {
  const writers = services.filter((s) => s.logMounts.length > 0 && !isShipper(s));
  return writers.length ? writers : services.filter((s) => !isShipper(s));
}

/** A list of paths as the draft writes it: each relative to `dir`, in a flow sequence. */
const pathList = (dir: string, paths: readonly string[]): string => `[${paths.map((p) => q(asWritten(rel(dir, p)))).join(", ")}]`;

/**
 * The draft scenario for a compose stack: up with wait, a check per published port, per log folder, per service in Loki;
 * down. `composeFiles`: the files compose is given (the steps' `files`); `envFiles`: the steps' `env_file` (COMPOSE_ENV_FILES's, or the `.env`s read beside a COMPOSE_FILE the working folder's `.env` set).
 */
function draftFromCompose(stack: ComposeStack, scenarioFile: string, command: string, composeFiles: readonly string[], envFiles: readonly string[]): string {
  const dir = dirname(scenarioFile);
  const files = pathList(dir, composeFiles);
  // The run's environment may not set COMPOSE_ENV_FILES: the steps name its files, which compose then reads in place of the .env.
  const envFile = envFiles.length ? pathList(dir, envFiles) : undefined;
  // A service with profiles is started only when one of them is enabled: by COMPOSE_PROFILES (the environment's, else
  // the .env's; `*` enables every one), which the drafted `up` names (the run's environment may not set it).
  const all = stack.profiles?.names.includes("*") ?? false;
  const enabled = (all ? [...new Set(stack.services.flatMap((s) => s.profiles))] : (stack.profiles?.names ?? [])).filter((p) => PROFILE_NAME.test(p));
  const profileOn = (s: ComposeService): boolean => s.profiles.length === 0 || s.profiles.some((p) => enabled.includes(p));
  const inProfiles = stack.services.filter((s) => !profileOn(s));
  // A service scaled to 0 (`deploy: {replicas: 0}`, `scale: 0`): up starts no container for it.
  const scaledOff = stack.services.filter((s) => profileOn(s) && s.scaledToZero);
  // A port of a protocol that is no HTTP (PostgreSQL's 5432) has no http check: a service left with none says why.
  const notHttp = new Map<string, PublishedPort[]>();
  const started = stack.services
    .filter((s) => profileOn(s) && !s.scaledToZero)
    .map((s) => {
      const { service, left } = httpPortsOf(s);
      if (left.length && service.ports.length === 0) notHttp.set(s.name, left);
      return service;
    });
  const profilesFrom = stack.profiles?.from === "environment" ? "the environment init ran in" : envFile ? "the env files" : "the .env";
  const withPorts = started.filter((s) => s.ports.length > 0);
  // A service whose ports a variable gives that the draft cannot know has no check: said where it would be.
  const unknownPorts = started
    .filter((s) => s.ports.length === 0)
    .flatMap((s) => [
      ...(notHttp.get(s.name) ?? []).map(
        (p) => `  # no check on ${s.name}'s port ${p.host}: container port ${p.container} is ${NOT_HTTP.get(p.container)}'s, which speaks no HTTP: check it another way${s.hasHealthcheck && !s.oneShot ? " (up checks that it is healthy)" : ""}`,
      ),
      ...s.unknownPorts.map((u) => `  # no check on ${s.name}'s port ${u.written}: ${u.why}: add the check`),
    ]);
  // A service another waits for to complete (a model download) has exited by then: neither running nor healthy.
  const staying = started.filter((s) => !s.oneShot);
  const healthy = staying.filter((s) => s.hasHealthcheck).map((s) => s.name);
  const loki = started.find(isLoki);
  const checked = new Map(withPorts.map((s) => [s, checkedPort(s, s === loki)]));
  const lokiChecked = loki && checked.get(loki);
  // A log shipper reads the folders it mounts (writable or not): their files are the app's, checked as the app's.
  const folders = new Map<string, string[]>();
  for (const s of started) if (!isLogShipper(s)) for (const m of s.logMounts) addTo(folders, m, s.name);
  // A path inside the folder (./logs/worker, ./logs/positions in ./logs) that a service of the outer one's does not
  // mount writable, a log shipper's too (its positions): its files are that service's, and the outer one's check
  // passed on them alone (on promtail's positions file while the app wrote nothing).
  const nestedIn = (outer: string): string[] => {
    const writers = folders.get(outer)!;
    const inside = started.filter((s) => !writers.includes(s.name)).flatMap((s) => s.writableMounts.filter((m) => m.startsWith(`${outer}${sep}`)));
    return [...new Set(inside)];
  };
  // One variable per service: `gateway-api` and `gateway_api` both made one name, a duplicate key. The first service
  // (in file order) whose rule gives a name keeps it, and SCENARIO_LOKI_URL is Loki's, whatever its service is named;
  // another gets the name with _2, _3… after _URL, which no service's rule gives (with `_2_URL`, `my_api` took the
  // name `my-api-2`'s rule gives, and moved its check).
  const varNames = new Map<string, string>();
  const owners = new Map<string, string>();
  for (const s of withPorts) {
    const name = varName(s.name);
    if (owners.has(name) || (name === LOKI_VAR && s !== loki)) continue;
    owners.set(name, s.name);
    varNames.set(s.name, name);
  }
  const taken = new Set([...owners.keys(), LOKI_VAR]);
  const notes = new Map<string, string>();
  for (const s of withPorts) {
    if (varNames.has(s.name)) continue;
    const base = varName(s.name);
    let k = 2;
    while (taken.has(`${base}_${k}`)) k++;
    taken.add(`${base}_${k}`);
    varNames.set(s.name, `${base}_${k}`);
    const owner = owners.get(base);
    notes.set(s.name, `   # ${s.name} (${base} is ${owner === undefined ? "Loki" : owner}'s)`);
  }

  // Loki's URL is its check's, named by the same port; when its HTTP port is not published, the comment says so.
  const lokiNote = lokiChecked?.unpublished === undefined ? "" : `   # Loki's HTTP port (container port ${lokiChecked.unpublished}) is not published: this is its first published port; publish it, or point this at Loki's HTTP API`;
  const vars = withPorts.map((s) => {
    const { port, health } = checked.get(s)!;
    const note = (notes.get(s.name) ?? "") + (varNames.get(s.name) === LOKI_VAR ? lokiNote : "");
    return `  ${varNames.get(s.name)}: ${urlOf(port, health ? s.healthUrl!.scheme : "http")}${note}`;
  });
  if (lokiChecked && !vars.some((v) => v.startsWith(`  ${LOKI_VAR}:`))) {
    vars.push(`  ${LOKI_VAR}: ${urlOf(lokiChecked.port, lokiChecked.health ? loki!.healthUrl!.scheme : "http")}${lokiNote}`);
  }

  const lines = [
    ...header(scenarioFile, `# Drafted by \`${command}\`: every check is a guess from the compose file — edit it.`),
    `name: ${q(stackTitle(stack))}`,
    ...(vars.length ? ["vars:", ...vars] : []),
    "defaults: { timeout: 30s }    # an attempt's deadline; `eventually` retries every 50ms unless `interval:` says otherwise",
    "steps:",
    "  - name: Start the stack",
    "    setup: true    # kept when --tag or --step selects a later step: the checks need the stack up",
    "    tags: [setup]",
    "    compose:",
    "      action: up",
    `      files: ${files}`,
    ...(envFile ? [`      env_file: ${envFile}`] : []),
    ...(enabled.length ? [`      profiles: [${enabled.map(q).join(", ")}]   # COMPOSE_PROFILES of ${profilesFrom}${all ? ": *, every profile" : ""}`] : []),
    ...(inProfiles.length
      ? [`      # not started, so not checked: ${inProfiles.map((s) => `${s.name} (profiles: ${s.profiles.join(", ")})`).join("; ")}; ${enabled.length ? "add theirs to `profiles:`" : "add `profiles: [...]`"} to start them`]
      : []),
    ...(scaledOff.length
      ? [`      # not started, so not checked: ${scaledOff.map((s) => `${s.name} (${s.scaledToZero})`).join(", ")}; up starts no container for a service scaled to 0`]
      : []),
    "      wait: true",
    // `running: []` checks nothing and is refused at load: a stack whose services are all left out or one-shot has none.
    ...(staying.length
      ? ["      expect:", `        running: [${staying.map((s) => q(s.name)).join(", ")}]`, ...(healthy.length ? [`        healthy: [${healthy.map(q).join(", ")}]`] : [])]
      : ["      # no service this up starts stays running: nothing to expect of it"]),
    "    timeout: 10m",
    "",
    ...withPorts.flatMap((s) => httpStep(s, varNames.get(s.name)!, checked.get(s)!)),
    ...(unknownPorts.length ? [...unknownPorts, ""] : []),
    ...[...folders].flatMap(([folder, services]) => filesStep(folder, services, nestedIn(folder), dir)),
    ...(lokiChecked ? shippedServices(started).flatMap(logqlStep) : []),
    "teardown:",
    `  - compose: { action: down, files: ${files}${envFile ? `, env_file: ${envFile}` : ""}, volumes: true }`,
    "",
  ];
  return lines.join("\n");
}

/** The lines `.gitignore` lacks, as appended (undefined when it has them all); read only as a regular file (a FIFO held init blocked). */
function ignoreLines(file: string): string | undefined {
  let have = "";
  try {
    have = readRegular(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw unreadable(file, e);
  }
  const present = new Set(have.split(/\r?\n/).map((l) => l.trim()));
  const missing = IGNORED.filter((l) => !present.has(l) && !present.has(`/${l}`));
  if (missing.length === 0) return undefined;
  return `${have && !have.endsWith("\n") ? "\n" : ""}# scenario: run reports and logs\n${missing.join("\n")}\n`;
}

/** A load error's text as init says it: nothing was written, not run. */
const nothingWritten = (text: string): string => text.replace(/nothing was run\.$/, "nothing was written.");

/** A file init reads or writes that is no regular file, or that it cannot open, said in words. */
function unreadable(file: string, e: unknown): InitError {
  if (e instanceof NotRegularFile) return new InitError(`${file} is ${e.kind}, not a regular file: init reads and writes regular files only`);
  return new InitError(`${file}: ${(e as Error).message}`);
}

/** Whether `path` is the file `st` describes (another name, a hard link, a symlink to it too). */
function sameFile(path: string, st: Stats): boolean {
  const other = statSync(path, { throwIfNoEntry: false });
  return other !== undefined && other.dev === st.dev && other.ino === st.ino;
}

/** Whether `a` and `b` are one place, neither there yet: the same path, or the same name in the same folder (one reached through a symlink). */
function samePlace(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  if (basename(a) !== basename(b)) return false;
  try {
    return realpathSync(dirname(a)) === realpathSync(dirname(b));
  } catch {
    return false;
  }
}

/** The nearest path at or above `path` that exists must be a folder (a file named like a folder on the way ended in ENOTDIR). */
function folderPossible(path: string, what: string): void {
  for (let p = path; ; p = dirname(p)) {
    const st = statSync(p, { throwIfNoEntry: false });
    if (st) {
      if (!st.isDirectory()) throw new InitError(`${p} is ${st.isFile() ? "a file" : kindOf(st)}, not a folder: init writes ${what} in ${path}; move it, or give another DIR`);
      return;
    }
    if (dirname(p) === p) return;
  }
}

/** Writes the starter or drafted scenario under DIR/scenarios/ and the .gitignore lines; refuses to overwrite without force. */
export async function runInit(opts: InitOptions): Promise<InitResult> {
  const dir = resolve(opts.dir);
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new InitError(`${opts.dir} is a file: give the folder to write scenarios/ under`);
  // `scenario init smoke.yaml` made a folder named smoke.yaml: DIR is where scenarios/ goes, the file's name is chosen.
  if (!existsSync(dir) && /\.ya?ml$/i.test(dir))
    throw new InitError(`${opts.dir}: init takes the folder to write scenarios/ under, not a scenario file's name (it writes DIR/scenarios/smoke.yaml, or DIR/scenarios/<project>.yaml with --from); give a folder, or none for this one`);
  let stack: ComposeStack | undefined;
  const shell = opts.env ?? process.env;
  const cwd = resolve(opts.cwd ?? process.cwd());
  // COMPOSE_ENV_FILES (comma-separated, from the working folder): the project's env files in place of the `.env`, with
  // --from too, as compose takes it for --env-file's default.
  const namedEnvFiles = composeEnvFileList(ownValue(shell, "COMPOSE_ENV_FILES") ?? "").map((f) => resolve(cwd, f));
  const namedEnv: EnvFile[] = namedEnvFiles.map((path) => ({ path, optional: false }));
  /** The compose files compose is given: --from's, else COMPOSE_FILE's; `label` names them in a message. */
  let composeFiles: string[] = [];
  let label = "";
  let envLayers: EnvFile[][] | undefined = namedEnv.length ? [namedEnv] : undefined;
  /** COMPOSE_FILE as the draft's first comment sets it, when it gave the files. */
  let composeFileVar = "";
  /** The env files the draft's compose steps name (`env_file:`): COMPOSE_ENV_FILES's, or the `.env`s compose read beside a COMPOSE_FILE the working folder's `.env` set. */
  let stepEnvFiles = namedEnvFiles;
  /** The `.env` compose reads in a folder: the working folder's, the first compose file's. */
  const dotEnvIn = (folder: string) => join(folder, ".env");
  const dotEnvWhy = (e: DotEnvError): string => {
    const missing = (e.cause as NodeJS.ErrnoException).code === "ENOENT";
    const why = e.cause instanceof InvalidInput ? `\n${nothingWritten(e.cause.format())}` : e.cause instanceof NotRegularFile ? ` ${unreadable(e.file, e.cause).message}` : missing ? " no such file" : ` ${e.message}`;
    const beside = composeFiles.length ? dotEnvIn(dirname(composeFiles[0]!)) : undefined;
    let which = `${e.file} (compose reads an included file's variables from there)`;
    if (namedEnvFiles.includes(e.file)) which = `${e.file} (COMPOSE_ENV_FILES names it)`;
    else if (opts.from && e.file === beside) which = "the .env beside it (compose reads the file's variables from there)";
    else if (!opts.from && e.file === dotEnvIn(cwd)) which = `${e.file} (the working folder's .env: compose reads COMPOSE_FILE and the project's variables from there)`;
    else if (e.file === beside) which = `${e.file} (the .env beside the first compose file: compose reads the project's variables from there)`;
    return `cannot read ${which}:${why}`;
  };
  if (opts.from) {
    const from = resolve(opts.from);
    if (!existsSync(from)) throw new InitError(`--from ${opts.from}: no such file`);
    if (statSync(from).isDirectory()) {
      const found = DEFAULT_COMPOSE_FILES.map((n) => join(opts.from!, n)).find((f) => statSync(f, { throwIfNoEntry: false })?.isFile());
      throw new InitError(
        found ? `--from ${opts.from}: it is a folder: give the compose file (${found})` : `--from ${opts.from}: it is a folder, with no compose file in it (${DEFAULT_COMPOSE_FILES.join(", ")}): give the compose file`,
      );
    }
    composeFiles = [from];
    label = `--from ${opts.from}`;
  } else {
    // No file given: compose reads COMPOSE_FILE, the environment's, else the one the env files set (the working
    // folder's `.env`, or COMPOSE_ENV_FILES's), its paths relative to the working folder. Without it, the starter.
    const dotEnv = { path: dotEnvIn(cwd), optional: true };
    let setting: ReturnType<typeof composeFileSetting>;
    try {
      setting = composeFileSetting(namedEnv.length ? namedEnv : [dotEnv], shell);
    } catch (e) {
      if (e instanceof DotEnvError) throw new InitError(dotEnvWhy(e));
      throw e;
    }
    if (setting) {
      const sep = composePathSeparator(setting.separator);
      label = `COMPOSE_FILE=${setting.value}${setting.from === "env file" ? ` (set in ${namedEnv.length ? "the files COMPOSE_ENV_FILES names" : dotEnv.path})` : ""}`;
      if (setting.unknown) throw new InitError(`${label}: its value refers to \${${setting.unknown}}, which no env file sets: set COMPOSE_FILE in the environment, or give --from`);
      if (setting.files.length === 0) throw new InitError(`${label}: it names no compose file: give --from, or unset it`);
      composeFiles = setting.files.map((f) => resolve(cwd, f));
      for (const f of composeFiles) {
        const st = statSync(f, { throwIfNoEntry: false });
        if (!st) throw new InitError(`${label}: no such file: ${f}`);
        if (st.isDirectory()) throw new InitError(`${label}: ${f} is a folder, not a compose file`);
      }
      // The project directory's `.env` (the first file's folder); under the working folder's when that one set
      // COMPOSE_FILE, as docker compose reads them (2.26: a COMPOSE_FILE of the environment makes the first file's
      // folder the project's before any `.env` is read, and the working folder's is not). The draft's steps give compose
      // `-f`, which reads the first file's folder's alone: they name both then, the working folder's last (it wins).
      const beside = { path: dotEnvIn(dirname(composeFiles[0]!)), optional: true };
      if (!envLayers && (beside.path === dotEnv.path || setting.from === "environment")) envLayers = [[beside]];
      else if (!envLayers) {
        envLayers = [[dotEnv], [beside]];
        stepEnvFiles = [...(statSync(beside.path, { throwIfNoEntry: false })?.isFile() ? [beside.path] : []), dotEnv.path];
      }
      const files = composeFiles.map((f) => relative(dir, f)).join(sep);
      composeFileVar = `${sep === ":" ? "" : `COMPOSE_PATH_SEPARATOR=${shellQuote(sep)} `}COMPOSE_FILE=${shellQuote(files)} `;
    }
  }
  if (composeFiles.length) {
    try {
      stack = readComposeStack(composeFiles, shell, envLayers);
    } catch (e) {
      // An env file's own error: its lines are no compose file's.
      if (e instanceof DotEnvError) throw new InitError(`${label}: ${dotEnvWhy(e)}`);
      if (e instanceof NotRegularFile) throw new InitError(`${label}: ${unreadable(e.path, e).message}`);
      if (e instanceof InvalidInput) throw new InitError(`${label}: cannot read it as a compose file:\n${nothingWritten(e.format())}`);
      throw new InitError(`${label}: cannot read it as a compose file: ${(e as Error).message}`);
    }
    if (stack.services.length === 0) throw new InitError(`${label}: no services found (looked in ${stack.files.length} file(s))`);
  }
  const stem = stack ? (stack.name ?? (basename(stack.files[0]!).replace(/\.ya?ml$/, "").replace(/^docker-compose\.?/, "") || "stack")) : "smoke";
  const scenario = join(dir, "scenarios", `${stem.replace(/[^A-Za-z0-9_.-]+/g, "-")}.yaml`);
  // Everything is checked before anything is written: a .gitignore that is a folder failed after the scenario was written.
  folderPossible(dirname(scenario), "the scenario");
  const there = statSync(scenario, { throwIfNoEntry: false });
  if (there && !there.isFile()) throw new InitError(`${scenario} is ${kindOf(there)}, not a scenario file: move it, then run init again`);
  // A file the draft is made from is never replaced, --force or not: `name: compose` in scenarios/compose.yaml drafted
  // over its own compose file.
  const source = there && stack?.read.find((r) => sameFile(r.path, there));
  if (source) {
    const what = source.kind === "env" ? "an env file" : source.path === stack!.files[0] ? "the compose file" : "a compose file";
    throw new InitError(`${scenario} is ${what} ${opts.from ? "--from" : "init"} reads, where init would write the draft (DIR/scenarios/<project>.yaml): give another DIR, or move the file`);
  }
  // Nor a file the compose project names for compose (a service's env_file, a secret's file, a Dockerfile), --force or
  // not: env_file: scenarios/r.yaml in project r was drafted over. Where none is yet, compose would read the draft there.
  const named = stack?.named.find((n) => (there ? sameFile(n.path, there) : samePlace(n.path, scenario)));
  if (named) {
    const field = `(${named.what}${named.at ? `, at ${named.at}` : ""})`;
    throw new InitError(
      there
        ? `${scenario} is a file the compose project names ${field}, where init would write the draft (DIR/scenarios/<project>.yaml): give another DIR, or move the file`
        : `${scenario} is a path the compose project names ${field}, where init would write the draft (DIR/scenarios/<project>.yaml): compose would read the draft there; give another DIR, or change the compose file`,
    );
  }
  if (there && !opts.force) throw new InitError(`${scenario} exists: pass --force to replace it`);
  const gitignore = join(dir, ".gitignore");
  const ignore = ignoreLines(gitignore);
  try {
    if (ignore !== undefined && existsSync(gitignore)) accessSync(gitignore, constants.W_OK);
  } catch (e) {
    throw unreadable(gitignore, e);
  }
  // The command that drafts it again, run in DIR: the paths quoted for the shell, on the comment's one line; the
  // variables compose read that gave the files.
  const envFilesVar = namedEnvFiles.length ? `COMPOSE_ENV_FILES=${shellQuote(namedEnvFiles.map((f) => relative(dir, f)).join(","))} ` : "";
  const command = `${envFilesVar}${composeFileVar}scenario init${opts.from ? ` --from ${shellQuote(relative(dir, composeFiles[0]!))}` : ""}`.replace(/[\r\n]/g, "?");
  const text = stack ? draftFromCompose(stack, scenario, command, composeFiles, stepEnvFiles) : starter(scenario);
  try {
    await writeAtomic(scenario, text);
  } catch (e) {
    throw new InitError(`cannot write ${scenario}: ${(e as Error).message}`);
  }
  const written = [scenario];
  if (ignore !== undefined) {
    try {
      const fd = openRegular(gitignore, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, 0o666);
      try {
        writeSync(fd, ignore);
      } finally {
        closeSync(fd);
      }
    } catch (e) {
      throw new InitError(`wrote ${scenario}, but not ${gitignore}: ${unreadable(gitignore, e).message} (add ${IGNORED.join(" and ")} to it)`);
    }
    written.push(gitignore);
  }
  return { written, scenario };
}
