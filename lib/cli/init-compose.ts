// Reads a docker compose file (and the files it includes) into what a draft scenario needs: services, ports, healthchecks, log mounts.
import { readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { parse } from "yaml";

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
}

/** A published port; `hostText` keeps a host port the compose file reads from a variable (`${WEB_PORT:-8080}`). */
export interface PublishedPort {
  host: number;
  container: number;
  hostText?: string;
}

export interface ComposeStack {
  name?: string;
  /** The compose files read, absolute, the named file first. */
  files: string[];
  services: ComposeService[];
}

const VAR = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}/g;

/** Resolves `${X:-default}` to its default; undefined when a variable has none (the draft cannot guess it). */
function withDefaults(text: string): string | undefined {
  let unresolved = false;
  const out = text.replace(VAR, (_m, _name: string, def: string | undefined) => {
    if (def === undefined) unresolved = true;
    return def ?? "";
  });
  return unresolved ? undefined : out;
}

function asRecord(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** The `${NAME:-default}` a host port is written as (at the end of the part before `:container`), or undefined. */
const HOST_VAR = /(\$\{[A-Za-z_][A-Za-z0-9_]*(?::?-[^}]*)?\})$/;

function parsePorts(raw: unknown): PublishedPort[] {
  const out: PublishedPort[] = [];
  const withText = (port: PublishedPort, hostRaw: string): PublishedPort => {
    const m = HOST_VAR.exec(hostRaw);
    return m ? { ...port, hostText: m[1] } : port;
  };
  for (const p of Array.isArray(raw) ? raw : []) {
    if (typeof p === "string" || typeof p === "number") {
      const text = withDefaults(String(p));
      if (text === undefined) continue;
      const parts = text.replace(/\/(tcp|udp)$/, "").split(":");
      if (parts.length < 2) continue;
      const host = Number(parts.at(-2));
      const container = Number(parts.at(-1));
      if (Number.isInteger(host) && Number.isInteger(container)) out.push(withText({ host, container }, String(p).replace(/:[^:]*$/, "")));
    } else {
      const r = asRecord(p);
      const host = Number(withDefaults(String(r.published ?? "")));
      const container = Number(r.target);
      if (Number.isInteger(host) && host > 0 && Number.isInteger(container)) out.push(withText({ host, container }, String(r.published ?? "")));
    }
  }
  return out;
}

function parseHealthUrl(test: unknown): { port: number; path: string } | undefined {
  const text = Array.isArray(test) ? test.join(" ") : typeof test === "string" ? test : "";
  const m = /https?:\/\/(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(?::(\d+))?(\/[^\s'"|]*)?/.exec(text);
  if (!m) return undefined;
  return { port: m[1] ? Number(m[1]) : 80, path: m[2] ?? "/" };
}

function parseLogMounts(raw: unknown, baseDir: string): string[] {
  const out: string[] = [];
  for (const v of Array.isArray(raw) ? raw : []) {
    let source: string | undefined;
    if (typeof v === "string") {
      const text = withDefaults(v);
      const parts = text?.split(":");
      if (parts && parts.length >= 2 && !(parts[2] ?? "").split(",").includes("ro")) source = parts[0];
    } else {
      const r = asRecord(v);
      if (r.type === "bind" && typeof r.source === "string" && r.read_only !== true) source = withDefaults(r.source);
    }
    if (!source || !(source.startsWith(".") || isAbsolute(source))) continue;
    if (!/(^|\/)[^/]*logs?[^/]*(\/|$)/i.test(source)) continue;
    out.push(resolve(baseDir, source));
  }
  return out;
}

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
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    const doc = asRecord(parse(readFileSync(path, "utf8")));
    stack.files.push(path);
    if (stack.name === undefined && typeof doc.name === "string") stack.name = doc.name;
    const dir = dirname(path);
    for (const inc of includedFiles(doc, dir)) visit(inc);
    for (const [name, def] of Object.entries(asRecord(doc.services))) {
      if (stack.services.some((s) => s.name === name)) continue;
      const svc = asRecord(def);
      const healthcheck = asRecord(svc.healthcheck);
      stack.services.push({
        name,
        image: typeof svc.image === "string" ? svc.image : undefined,
        ports: parsePorts(svc.ports),
        hasHealthcheck: healthcheck.test !== undefined && healthcheck.disable !== true,
        healthUrl: parseHealthUrl(healthcheck.test),
        logMounts: parseLogMounts(svc.volumes, dir),
        profiles: Array.isArray(svc.profiles) ? svc.profiles.filter((x): x is string => typeof x === "string") : [],
      });
    }
  };
  visit(resolve(file));
  return stack;
}
