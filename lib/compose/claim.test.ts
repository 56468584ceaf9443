// Tests of a run's claim on a compose project: exclusive per engine and project, another run's (of this process or another) refused, a dead holder's taken over, released only by its own holder, and on exit.
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { claimFile, claimProject, describeHolder, holderAlive, type ClaimHolder, type ClaimRequest } from "./claim.ts";
import { readProcStat } from "../util/proc-stat.ts";
import { waitFor } from "../../test/helpers/cli.ts";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function claimDir(): string {
  const d = mkdtempSync(join(tmpdir(), "claim-test-"));
  dirs.push(d);
  return d;
}

function req(dir: string, over: Partial<ClaimRequest> = {}): ClaimRequest {
  return { project: "pcr-shared", env: {}, runId: "run1", scenario: "x1", keep: false, dir, ...over };
}

/** A claim file as another process would have written it. */
function writeHolder(file: string, over: Partial<ClaimHolder>): void {
  const h: ClaimHolder = { pid: 1, runId: "other", scenario: "x2", project: "pcr-shared", keep: false, since: new Date().toISOString(), token: "t0k3n", ...over };
  writeFileSync(file, JSON.stringify(h));
}

/** A process that has ended and been reaped: its PID answers no more. */
async function deadPid(): Promise<number> {
  const p = Bun.spawn(["true"]);
  await p.exited;
  return p.pid;
}

describe("claimProject", () => {
  test("a second run of this process (--jobs) is refused while the first holds it, and gets it once released", async () => {
    const dir = claimDir();
    const first = await claimProject(req(dir));
    if (!("claim" in first)) throw new Error(`not claimed: ${JSON.stringify(first)}`);
    const second = await claimProject(req(dir, { runId: "run2", scenario: "x2" }));
    expect("heldBy" in second && second.heldBy).toMatchObject({ pid: process.pid, runId: "run1", scenario: "x1" });
    if ("heldBy" in second) expect(describeHolder(second.heldBy)).toStartWith(`run id run1 of this same invocation, scenario "x1", since `);
    first.claim.release();
    expect(existsSync(first.claim.file)).toBe(false);
    const third = await claimProject(req(dir, { runId: "run2", scenario: "x2" }));
    expect("claim" in third).toBe(true);
    if ("claim" in third) third.claim.release();
  });

  test("the same run asking again gets its own claim back", async () => {
    const dir = claimDir();
    const first = await claimProject(req(dir));
    const again = await claimProject(req(dir));
    expect("claim" in first && "claim" in again).toBe(true);
    if ("claim" in again) again.claim.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  test("another live process's claim is refused, naming its PID", async () => {
    const dir = claimDir();
    const other = Bun.spawn(["sleep", "600"]);
    try {
      writeHolder(claimFile("pcr-shared", {}, dir), { pid: other.pid });
      const r = await claimProject(req(dir));
      if (!("heldBy" in r)) throw new Error(`not refused: ${JSON.stringify(r)}`);
      expect(describeHolder(r.heldBy)).toStartWith(`PID ${other.pid}, run id other, scenario "x2", since `);
    } finally {
      other.kill();
      await other.exited;
    }
  });

  test("a dead holder's claim (crashed, killed) is taken over; its file is then this run's", async () => {
    const dir = claimDir();
    const file = claimFile("pcr-shared", {}, dir);
    writeHolder(file, { pid: await deadPid() });
    const r = await claimProject(req(dir));
    if (!("claim" in r)) throw new Error(`not claimed: ${JSON.stringify(r)}`);
    expect(r.claim.file).toBe(file);
    r.claim.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  test("a claim file that is not one (empty, not JSON) is taken over", async () => {
    const dir = claimDir();
    writeFileSync(claimFile("pcr-shared", {}, dir), "");
    const r = await claimProject(req(dir));
    expect("claim" in r).toBe(true);
    if ("claim" in r) r.claim.release();
  });

  test.skipIf(process.platform === "win32")("a FIFO planted where the claim file goes (the folder is shared) is an error naming it, not a wait for a writer", async () => {
    const dir = claimDir();
    const file = claimFile("pcr-shared", {}, dir);
    expect(Bun.spawnSync(["mkfifo", file]).exitCode).toBe(0);
    // In a process of its own under a watchdog: a read of the FIFO that waits for a writer blocks that whole process.
    const script = join(dir, "claimer.ts");
    writeFileSync(
      script,
      `import { claimProject } from ${JSON.stringify(join(import.meta.dir, "claim.ts"))};\n` +
        `const r = await claimProject({ project: "pcr-shared", env: {}, runId: "r", scenario: "s", keep: false, dir: ${JSON.stringify(dir)} });\n` +
        `console.log(JSON.stringify(r));\n`,
    );
    const child = Bun.spawn(["timeout", "60", process.execPath, script], { stdout: "pipe", stderr: "pipe" });
    const out = await new Response(child.stdout).text();
    expect(await child.exited).toBe(0);
    expect(JSON.parse(out)).toEqual({ error: `cannot take the claim file ${file}: it is a FIFO (named pipe), not a regular file` });
  });

  test("a release removes only its own claim: one taken over since stays", async () => {
    const dir = claimDir();
    const mine = await claimProject(req(dir));
    if (!("claim" in mine)) throw new Error("not claimed");
    // Another run judged it dead and took it over (its file replaced this one's).
    writeHolder(mine.claim.file, { pid: process.pid, runId: "run2", token: "someone-else" });
    mine.claim.release();
    expect(existsSync(mine.claim.file)).toBe(true);
  });

  test("keep runs: one keep run's claim lets another keep run go on (both only use the stack); a non-keep run is refused by it, and a keep run by a non-keep one", async () => {
    const dir = claimDir();
    const keeper = await claimProject(req(dir, { keep: true }));
    if (!("claim" in keeper)) throw new Error("not claimed");
    expect(await claimProject(req(dir, { runId: "k2", keep: true }))).toMatchObject({ shared: { runId: "run1" } });
    expect(await claimProject(req(dir, { runId: "n2", keep: false }))).toMatchObject({ heldBy: { runId: "run1" } });
    keeper.claim.release();
    const plain = await claimProject(req(dir));
    if (!("claim" in plain)) throw new Error("not claimed");
    expect(await claimProject(req(dir, { runId: "k3", keep: true }))).toMatchObject({ heldBy: { runId: "run1" } });
    plain.claim.release();
  });

  test("the claim is per engine: another DOCKER_HOST or context is another file; unset, the default socket and the default context are one", () => {
    const dir = claimDir();
    const base = claimFile("p", {}, dir);
    expect(claimFile("p", { DOCKER_HOST: "unix:///var/run/docker.sock" }, dir)).toBe(base);
    expect(claimFile("p", { DOCKER_CONTEXT: "default" }, dir)).toBe(base);
    expect(claimFile("p", { DOCKER_HOST: "unix:///run/podman/podman.sock" }, dir)).not.toBe(base);
    expect(claimFile("p", { DOCKER_CONTEXT: "remote" }, dir)).not.toBe(base);
    expect(claimFile("q", {}, dir)).not.toBe(base);
    // A password in DOCKER_HOST never lands in the file's name.
    expect(claimFile("p", { DOCKER_HOST: "tcp://admin:Secret1@h:2375" }, dir)).not.toContain("Secret1");
  });

  test.skipIf(!existsSync("/proc/self/stat"))("a holder whose PID now belongs to a process started later (PID reused) is no holder", () => {
    expect(holderAlive({ pid: process.pid })).toBe(true);
    expect(holderAlive({ pid: process.pid, procStart: "1" })).toBe(false);
  });

  test.skipIf(!existsSync("/proc/self/stat"))("a holder whose command name holds `) (` and spaces is alive while it runs, by its own start time", async () => {
    // Read up to the first `)`, this name is a zombie: a live holder's claim would be taken over.
    const name = "a) Z 1 1 (b";
    const holder = Bun.spawn(["bash", "-c", `printf '%s' '${name}' > /proc/$$/comm && sleep 300; :`], { stdin: "ignore", stdout: "ignore", stderr: "ignore", detached: true });
    try {
      await waitFor(() => readProcStat(holder.pid)?.comm === name, "the holder to rename itself");
      expect(holderAlive({ pid: holder.pid, procStart: readProcStat(holder.pid)!.startTime })).toBe(true);
      expect(holderAlive({ pid: holder.pid, procStart: "1" })).toBe(false);
    } finally {
      process.kill(-holder.pid, "SIGKILL");
    }
  });

  test("a process that exits holding a claim (no cleanup ran: an uncaught error, a second Ctrl-C) leaves no claim file", async () => {
    const dir = claimDir();
    const script = join(dir, "holder.ts");
    writeFileSync(
      script,
      `import { claimProject } from ${JSON.stringify(join(import.meta.dir, "claim.ts"))};\n` +
        `const r = await claimProject({ project: "pcr-exit", env: {}, runId: "r", scenario: "s", keep: false, dir: ${JSON.stringify(dir)} });\n` +
        `if (!("claim" in r)) process.exit(9);\n` +
        `console.log("claimed");\n` +
        `throw new Error("step crashed");\n`,
    );
    const child = Bun.spawn([process.execPath, script], { stdout: "pipe", stderr: "pipe" });
    const out = await new Response(child.stdout).text();
    expect(out).toContain("claimed");
    expect(await child.exited).not.toBe(0);
    expect(readdirSync(dir).filter((f) => f.endsWith(".claim"))).toEqual([]);
  });
});
