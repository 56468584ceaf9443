// Hardening: SIGINT/SIGTERM at random moments of a compose scenario under every entry, and kill -9 while reports are written.
// Script: npx bun test/hardening/interrupts.ts [--runs N] [--entries "npx scenario,bun run scenario"] [--kill9 N] [--seed S]
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { busyboxService, httpService, leftovers, IMAGE } from "../helpers/compose.ts";
import { freePort } from "../helpers/ports.ts";
import { PROJECT_LABEL } from "../../lib/compose/down.ts";
import { slugify } from "../../lib/util/slug.ts";
import { exec } from "../../lib/util/exec.ts";
import { REPO, tempDir, writeScenario } from "../helpers/cli.ts";
import { ENTRIES, ENTRY_PATH } from "../helpers/entries.ts";
import { seededRandom } from "../helpers/random.ts";
import { alive } from "../helpers/processes.ts";

export interface Trial {
  entry: string;
  signal: "SIGINT" | "SIGTERM";
  /** The whole process group, as a terminal's Ctrl-C or a CI runner's cancel; or only the process started. */
  target: "group" | "leader";
  /** When to signal: milliseconds after the tool printed its first line (random moments), or a point the run reaches (tests). */
  moment: number | "during compose up" | "during the long step";
}

export interface TrialResult extends Trial {
  problems: string[];
  /** Where the run was when the signal came (the last step the console showed). */
  phase: string;
  signalledAfter?: number;
  tookMs?: number;
}

/** A stack and scenario that keep the run busy until the signal: up --wait, a background process, checks, then a long step. */
function writeTrialFiles(dir: string, name: string): { file: string; bgPid: string; teardown: string } {
  const port = freePort();
  const web = httpService(port);
  const idle = busyboxService("exec sleep 600").replace("    network_mode: host\n", "") + '\n    volumes: ["data:/data"]';
  writeFileSync(join(dir, "compose.yml"), `services:\n  web:\n${web}\n  idle:\n${idle}\nvolumes:\n  data: {}\n`);
  const bgPid = join(dir, "bg.pid");
  const teardown = join(dir, "teardown-ran");
  const file = writeScenario(dir, `name: ${name}
steps:
  - name: Background helper
    shell: { run: "echo $$ > ${bgPid}; exec sleep 600", background: true }
  - name: Stack up
    compose: { files: compose.yml, wait: true, expect: { healthy: [web] } }
    timeout: 2m
  - name: Web answers
    http: { url: "http://127.0.0.1:${port}/health", expect: { status: 200 } }
    eventually: 20s
  - name: Long step
    shell: { run: "sleep 600" }
    timeout: 15m
teardown:
  - name: Teardown marker
    shell: { run: "touch ${teardown}" }
`);
  return { file, bgPid, teardown };
}

/** Processes (other than zombies) whose command line mentions text: what a trial started and left running. */
function processesMentioning(text: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ").trim();
      if (cmd.includes(text) && alive(Number(entry))) found.push(`${entry} ${cmd}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

async function until(cond: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) return false;
    await Bun.sleep(50);
  }
  return true;
}

/** Compose projects whose containers, networks or volumes carry a name starting with prefix. */
async function projectsWithPrefix(cli: string, prefix: string): Promise<string[]> {
  const found = new Set<string>();
  for (const args of [["ps", "-a"], ["network", "ls"], ["volume", "ls"]]) {
    const r = await exec([cli, ...args, "--format", `{{.Label "${PROJECT_LABEL}"}}`], { signal: AbortSignal.timeout(15_000) });
    for (const p of r.stdout.split("\n").map((l) => l.trim())) if (p.startsWith(prefix)) found.add(p);
  }
  return [...found];
}

/** One run under an entry, signalled after delayMs; returns what was wrong (nothing, when all held). */
export async function interruptTrial(t: Trial, cli = "docker"): Promise<TrialResult> {
  const dir = tempDir("scenario-interrupt-");
  const name = `interrupt ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const prefix = `${slugify(name)}-`;
  const { file, bgPid, teardown } = writeTrialFiles(dir, name);
  const reports = join(dir, "reports");
  const proc = Bun.spawn([...ENTRIES[t.entry]!, file, "--report-dir", reports, "--no-color"], {
    cwd: REPO,
    env: { ...process.env, PATH: ENTRY_PATH, GITHUB_STEP_SUMMARY: "", NO_COLOR: "1" },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
    // Its own process group, as a shell gives each foreground job.
    detached: true,
  });
  let stdout = "";
  const out = (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of proc.stdout) stdout += decoder.decode(chunk, { stream: true });
  })();
  const err = new Response(proc.stderr).text();
  // Before its first line the tool may not run yet (npx and bun are still starting): a signal then is theirs to handle.
  if (!(await until(() => stdout.length > 0 || proc.exitCode !== null, 120_000))) return { ...t, problems: ["the tool printed nothing for 2 minutes"], phase: "" };
  const started = performance.now();
  if (typeof t.moment === "number") await Bun.sleep(t.moment);
  else {
    const reached = t.moment === "during compose up" ? () => existsSync(bgPid) : () => stdout.includes("Web answers");
    if (!(await until(() => reached() || proc.exitCode !== null, 120_000))) return { ...t, problems: [`the run never got ${t.moment}`], phase: stdout };
  }
  const phase = stdout.trimEnd().split("\n").at(-1) ?? "(nothing printed yet)";
  try {
    process.kill(t.target === "group" ? -proc.pid : proc.pid, t.signal);
  } catch {
    // already gone: the exit code below says so
  }
  const signalledAfter = Math.round(performance.now() - started);
  const problems: string[] = [];
  const finished = await Promise.race([proc.exited, Bun.sleep(180_000).then(() => "hung" as const)]);
  if (finished === "hung") {
    problems.push("no exit within 3 minutes of the signal");
    process.kill(-proc.pid, "SIGKILL");
  }
  await out;
  const stderr = await err;
  if (proc.exitCode !== 130) problems.push(`exit ${proc.exitCode ?? proc.signalCode}, not 130; stderr: ${stderr.trim().slice(-400)}`);
  if (stderr.includes("killed every child process")) problems.push(`one signal was taken for two: ${stderr.trim().slice(-300)}`);
  if (!existsSync(teardown)) problems.push("the teardown step did not run");
  const md = existsSync(join(reports, "latest.md")) ? readFileSync(join(reports, "latest.md"), "utf8") : "";
  if (!/interrupted/i.test(md)) problems.push(md ? "the report is not marked interrupted" : "no report was written");
  if (existsSync(bgPid)) {
    const pid = Number(readFileSync(bgPid, "utf8").trim());
    if (!(await until(() => !alive(pid), 5000))) problems.push(`background process ${pid} is still running`);
  }
  if (!(await until(() => processesMentioning(dir).length === 0, 5000))) problems.push(`processes left: ${processesMentioning(dir).join("; ")}`);
  const projects = await projectsWithPrefix(cli, prefix);
  for (const p of projects) problems.push(`compose project ${p} left: ${(await leftovers(cli, p)).join(", ")}`);
  return { ...t, problems, phase, signalledAfter, tookMs: Math.round(performance.now() - started) };
}

/** kill -9 at a random moment around the end of a run: every report file present is whole, the --update-doc file old or new. */
export async function kill9Trial(moment: number | "first report file"): Promise<string[]> {
  const dir = tempDir("scenario-kill9-");
  const steps = Array.from({ length: 300 }, (_, i) => `  - name: step ${i} with a long name to make the reports bigger ${"x".repeat(40)}\n    shell: { run: "true" }`).join("\n");
  const file = writeScenario(dir, `name: kill9\nsteps:\n${steps}\n  - name: last step\n    shell: { run: "true" }\n`);
  const reports = join(dir, "reports");
  mkdirSync(reports);
  const doc = join(dir, "LOGGING.md");
  const before = "# Logging\n\n<!-- scenario:kill9:begin -->\nold block\n<!-- scenario:kill9:end -->\n\nTail that must stay.\n";
  writeFileSync(doc, before);
  const proc = Bun.spawn([process.execPath, join(REPO, "bin/scenario.ts"), file, "--report", "md,log,junit,json", "--report-dir", reports, "--update-doc", doc, "--quiet"], {
    cwd: dir, env: { ...process.env, GITHUB_STEP_SUMMARY: "", NO_COLOR: "1" }, stdin: "ignore", stdout: "ignore", stderr: "ignore",
  });
  if (moment === "first report file") await until(() => readdirSync(reports).length > 0 || proc.exitCode !== null, 120_000);
  else await Bun.sleep(moment);
  proc.kill("SIGKILL");
  await proc.exited;
  const problems: string[] = [];
  for (const f of readdirSync(reports)) {
    if (f.endsWith(".tmp")) continue;
    const text = readFileSync(join(reports, f), "utf8");
    if (f.endsWith(".json")) {
      try {
        JSON.parse(text);
      } catch {
        problems.push(`${f} is not whole JSON (${text.length} bytes)`);
      }
    } else if (f.endsWith(".xml")) {
      if (!text.trimEnd().endsWith("</testsuites>")) problems.push(`${f} is cut short (${text.length} bytes)`);
    } else if (f.endsWith(".md")) {
      if (!text.includes("last step")) problems.push(`${f} is cut short (${text.length} bytes)`);
    }
  }
  const after = readFileSync(doc, "utf8");
  const whole = after.startsWith("# Logging\n\n<!-- scenario:kill9:begin -->\n") && after.endsWith("<!-- scenario:kill9:end -->\n\nTail that must stay.\n") && after.includes("last step");
  if (after !== before && !whole) problems.push(`--update-doc file damaged (${after.length} bytes)`);
  return problems;
}

async function main(argv: string[]): Promise<number> {
  const opt = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const runs = Number(opt("--runs") ?? 50);
  const kill9 = Number(opt("--kill9") ?? 50);
  const seed = Number(opt("--seed") ?? Date.now() % 1e9);
  const entries = (opt("--entries")?.split(",").map((s) => s.trim()) ?? Object.keys(ENTRIES)).filter(Boolean);
  for (const e of entries) if (!ENTRIES[e]) throw new Error(`unknown entry ${e}: use ${Object.keys(ENTRIES).join(", ")}`);
  const rand = seededRandom(seed);
  console.log(`seed ${seed}; image ${IMAGE}; ${runs} runs per entry; ${kill9} kill -9 runs`);
  let failed = 0;
  for (const entry of entries) {
    let ok = 0;
    for (let i = 0; i < runs; i++) {
      const t: Trial = { entry, signal: rand() < 0.5 ? "SIGINT" : "SIGTERM", target: rand() < 0.75 ? "group" : "leader", moment: Math.round(200 + rand() * 7000) };
      const r = await interruptTrial(t);
      if (r.problems.length) {
        failed++;
        console.log(`FAIL ${entry} ${t.signal} to ${t.target} after ${t.moment}ms (at: ${r.phase}): ${r.problems.join(" | ")}`);
      } else ok++;
    }
    console.log(`${entry}: ${ok}/${runs} runs exit 130 with teardown, an interrupted report and nothing left`);
  }
  let k9ok = 0;
  for (let i = 0; i < kill9; i++) {
    const problems = await kill9Trial(Math.round(300 + rand() * 2500));
    if (problems.length) {
      failed++;
      console.log(`FAIL kill -9: ${problems.join(" | ")}`);
    } else k9ok++;
  }
  if (kill9) console.log(`kill -9: ${k9ok}/${kill9} runs left only whole reports and an old-or-new --update-doc file`);
  return failed ? 1 : 0;
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));
