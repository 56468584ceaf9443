// `scenario init [DIR]`: writes a commented starter scenario, or with --from a draft scenario for a compose stack, and ignores reports.
import { appendFileSync, existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { PACKAGE_ROOT } from "./package-root.ts";
import { writeAtomic } from "../report/write-atomic.ts";
import { InvalidInput } from "../core/invalid-input.ts";
import { readComposeStack, type ComposeService, type ComposeStack, type PublishedPort } from "./init-compose.ts";
import { addTo } from "../util/group.ts";
import { shellQuote } from "../vars/interpolate.ts";

const SCHEMA_FILE = join(PACKAGE_ROOT, "scenario.schema.json");
const IGNORED = ["reports/", ".context/"];
const SHIPPER_IMAGE = /(^|\/)(loki|promtail|alloy|grafana-agent|fluent-bit|vector)([:@]|$)/;

export interface InitOptions {
  dir: string;
  from?: string;
  force: boolean;
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
/**
 * The URL of a published port: a port the compose file reads from a variable keeps reading it (`--var WEB_PORT=…`
 * moves the service and the check together), its default written as the compose file wrote it.
 */
const urlOf = (p: PublishedPort): string => (p.hostText ? JSON.stringify(`http://127.0.0.1:${p.hostText}`) : `http://127.0.0.1:${p.host}`);

const varName = (service: string): string => `${service.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}_URL`;
const isLoki = (s: ComposeService): boolean => s.name === "loki" || /(^|\/)loki([:@]|$)/.test(s.image ?? "");
const isShipper = (s: ComposeService): boolean => SHIPPER_IMAGE.test(s.image ?? "") || ["loki", "promtail", "alloy"].includes(s.name);

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

function httpStep(s: ComposeService, variable: string): string[] {
  const health = s.healthUrl && s.ports.find((p) => p.container === s.healthUrl!.port);
  const port = health ?? s.ports[0]!;
  const path = health ? s.healthUrl!.path : "/";
  return [
    `  - name: ${q(`${s.name} answers on port ${port.hostText ?? port.host}`)}`,
    `    service: ${q(s.name)}`,
    "    http:",
    `      url: ${q(`\${${variable}}${path}`)}`,
    health ? "      expect: { status: 2xx }" : "      expect: { status: { lt: 500 } }   # any answer: point it at a health endpoint",
    "    eventually: 1m",
    "",
  ];
}

function filesStep(folder: string, services: string[], scenarioDir: string): string[] {
  return [
    `  - name: ${q(`Fresh log files under ${rel(scenarioDir, folder)}`)}`,
    ...(services.length === 1 ? [`    service: ${q(services[0]!)}`] : [`    # mounted by ${services.join(", ")}: narrow the glob to one service's files`]),
    "    files:",
    `      glob: ${q(`${rel(scenarioDir, folder)}/**/*`)}`,
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
    "      url: ${LOKI_URL}",
    `      query: ${q(`{service="${s.name}"}`)}   # the label your log shipper sets`,
    "      start: ${START_EPOCH}   # lines shipped since this run started, not ones an earlier run left in Loki",
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

/** The draft scenario for a compose stack: up with wait, a check per published port, per log folder, per service in Loki; down. */
function draftFromCompose(stack: ComposeStack, scenarioFile: string, command: string): string {
  const dir = dirname(scenarioFile);
  const files = `[${q(rel(dir, stack.files[0]!))}]`;
  // A service with profiles is started only when one of them is enabled, which the drafted `up` does not do.
  const started = stack.services.filter((s) => s.profiles.length === 0);
  const inProfiles = stack.services.filter((s) => s.profiles.length > 0);
  const withPorts = started.filter((s) => s.ports.length > 0);
  // A service another waits for to complete (a model download) has exited by then: neither running nor healthy.
  const staying = started.filter((s) => !s.oneShot);
  const healthy = staying.filter((s) => s.hasHealthcheck).map((s) => s.name);
  const loki = started.find(isLoki);
  const lokiPort = loki?.ports.find((p) => p.container === 3100) ?? loki?.ports[0];
  const folders = new Map<string, string[]>();
  for (const s of started) for (const m of s.logMounts) addTo(folders, m, s.name);
  // One variable per service: `gateway-api` and `gateway_api` both made GATEWAY_API_URL, a duplicate key.
  // LOKI_URL is Loki's, whatever its service is named.
  const varNames = new Map<string, string>();
  const taken = new Set<string>();
  for (const s of withPorts) {
    let name = varName(s.name);
    for (let k = 2; taken.has(name) || (name === "LOKI_URL" && s !== loki); k++) name = varName(s.name).replace(/_URL$/, `_${k}_URL`);
    taken.add(name);
    varNames.set(s.name, name);
  }

  const vars = withPorts.map((s) => {
    const p = s.healthUrl ? (s.ports.find((x) => x.container === s.healthUrl!.port) ?? s.ports[0]!) : s === loki ? lokiPort! : s.ports[0]!;
    return `  ${varNames.get(s.name)}: ${urlOf(p)}`;
  });
  if (lokiPort && !vars.some((v) => v.startsWith("  LOKI_URL:"))) vars.push(`  LOKI_URL: ${urlOf(lokiPort)}`);

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
    ...(inProfiles.length
      ? [`      # not started, so not checked: ${inProfiles.map((s) => `${s.name} (profiles: ${s.profiles.join(", ")})`).join("; ")}; add \`profiles: [...]\` to start them`]
      : []),
    "      wait: true",
    "      expect:",
    `        running: [${staying.map((s) => q(s.name)).join(", ")}]`,
    ...(healthy.length ? [`        healthy: [${healthy.map(q).join(", ")}]`] : []),
    "    timeout: 10m",
    "",
    ...withPorts.flatMap((s) => httpStep(s, varNames.get(s.name)!)),
    ...[...folders].flatMap(([folder, services]) => filesStep(folder, services, dir)),
    ...(lokiPort ? shippedServices(started).flatMap(logqlStep) : []),
    "teardown:",
    `  - compose: { action: down, files: ${files}, volumes: true }`,
    "",
  ];
  return lines.join("\n");
}

function ignoreReports(dir: string): string | undefined {
  const file = join(dir, ".gitignore");
  const have = existsSync(file) ? readFileSync(file, "utf8") : "";
  const present = new Set(have.split(/\r?\n/).map((l) => l.trim()));
  const missing = IGNORED.filter((l) => !present.has(l) && !present.has(`/${l}`));
  if (missing.length === 0) return undefined;
  appendFileSync(file, `${have && !have.endsWith("\n") ? "\n" : ""}# scenario: run reports and logs\n${missing.join("\n")}\n`);
  return file;
}

/** Writes the starter or drafted scenario under DIR/scenarios/ and the .gitignore lines; refuses to overwrite without force. */
export async function runInit(opts: InitOptions): Promise<InitResult> {
  const dir = resolve(opts.dir);
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new InitError(`${opts.dir} is a file: give the folder to write scenarios/ under`);
  // `scenario init smoke.yaml` made a folder named smoke.yaml: DIR is where scenarios/ goes, the file's name is chosen.
  if (!existsSync(dir) && /\.ya?ml$/i.test(dir))
    throw new InitError(`${opts.dir}: init takes the folder to write scenarios/ under, not a scenario file's name (it writes DIR/scenarios/smoke.yaml, or DIR/scenarios/<project>.yaml with --from); give a folder, or none for this one`);
  let stack: ComposeStack | undefined;
  if (opts.from) {
    const from = resolve(opts.from);
    if (!existsSync(from)) throw new InitError(`--from ${opts.from}: no such file`);
    if (statSync(from).isDirectory()) throw new InitError(`--from ${opts.from}: it is a folder: give the compose file (e.g. ${join(opts.from, "docker-compose.yml")})`);
    try {
      stack = readComposeStack(from);
    } catch (e) {
      if (e instanceof InvalidInput) throw new InitError(`--from ${opts.from}: cannot read it as a compose file:\n${e.format().replace(/nothing was run\.$/, "nothing was written.")}`);
      throw new InitError(`--from ${opts.from}: cannot read it as a compose file: ${(e as Error).message}`);
    }
    if (stack.services.length === 0) throw new InitError(`--from ${opts.from}: no services found (looked in ${stack.files.length} file(s))`);
  }
  const stem = stack ? (stack.name ?? (basename(stack.files[0]!).replace(/\.ya?ml$/, "").replace(/^docker-compose\.?/, "") || "stack")) : "smoke";
  const scenario = join(dir, "scenarios", `${stem.replace(/[^A-Za-z0-9_.-]+/g, "-")}.yaml`);
  if (existsSync(scenario) && !opts.force) throw new InitError(`${scenario} exists: pass --force to replace it`);
  // The command that drafts it again, run in DIR: the path quoted for the shell, on the comment's one line.
  const command = `scenario init --from ${shellQuote(relative(dir, stack?.files[0] ?? dir)).replace(/[\r\n]/g, "?")}`;
  const text = stack ? draftFromCompose(stack, scenario, command) : starter(scenario);
  await writeAtomic(scenario, text);
  const written = [scenario];
  const ignore = ignoreReports(dir);
  if (ignore) written.push(ignore);
  return { written, scenario };
}
