// Undoes Bun's own reading of the working folder's .env files: a scenario's variables come from --var, --env-file, the environment and vars: only, the same through every entry.
import { existsSync, readFileSync } from "node:fs";

/**
 * The files Bun reads into the environment from its working folder before any code runs (`.env`, `.env.local`,
 * `.env.<NODE_ENV>` and `.env.<NODE_ENV>.local`, NODE_ENV development when unset): the package script and
 * bin/scenario start Bun with --no-env-file, `bun bin/scenario.ts` cannot.
 */
const BUN_DOTENV = [".env", ".env.local", ".env.development", ".env.production", ".env.test", ".env.development.local", ".env.production.local", ".env.test.local"];

/**
 * When one of those files is in `cwd`, sets `env` back to the environment the process was started with, as Linux keeps
 * it in /proc/self/environ (Bun's reading changes the process's own copy only): a name Bun added is removed, a value it
 * changed is put back. Elsewhere, or where /proc cannot be read, `env` is left as it is. Returns the names removed.
 */
export function undoBunDotenv(cwd: string, env: NodeJS.ProcessEnv = process.env, environ = "/proc/self/environ"): string[] {
  if (!BUN_DOTENV.some((name) => existsSync(`${cwd}/${name}`))) return [];
  let text: string;
  try {
    text = readFileSync(environ, "latin1");
  } catch {
    return [];
  }
  const started = new Map<string, string>();
  for (const entry of text.split("\0")) {
    const eq = entry.indexOf("=");
    if (eq > 0) started.set(entry.slice(0, eq), Buffer.from(entry.slice(eq + 1), "latin1").toString("utf8"));
  }
  // An environment that held no variable at all is no answer (a sandbox that hides the file's content).
  if (started.size === 0) return [];
  const removed: string[] = [];
  for (const name of Object.keys(env)) {
    const was = started.get(name);
    if (was === undefined) {
      delete env[name];
      removed.push(name);
    } else if (env[name] !== was) env[name] = was;
  }
  return removed;
}
