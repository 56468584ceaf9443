// Tests of the real-Loki harness: finding the binaries, start/ready/stop, push with structured metadata, flush of old lines, a dying Loki.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { groupAlive } from "../../lib/util/exec.ts";
import { waitFor } from "./cli.ts";
import { describeWithLoki, findBinary, findPinned, LOKI_START_TIMEOUT_MS, sharedLoki, startLoki, type SharedLoki } from "./loki.ts";

/** Runs fn with process.env[name] set (or removed), restoring it afterwards. */
function withEnv<T>(name: string, value: string | undefined, fn: () => T): T {
  const before = process.env[name];
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
  try {
    return fn();
  } finally {
    if (before === undefined) delete process.env[name];
    else process.env[name] = before;
  }
}

describe("findBinary", () => {
  const dir = mkdtempSync(join(tmpdir(), "scenario-findbin-"));
  const fake = join(dir, "fake-loki");
  writeFileSync(fake, "#!/bin/sh\nexit 0\n");
  chmodSync(fake, 0o755);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("the environment variable wins", () => {
    expect(withEnv("LOKI_BIN", fake, () => findBinary("loki", "LOKI_BIN"))).toEqual({ path: fake });
  });

  test("an environment variable naming no executable says so instead of falling back", () => {
    const r = withEnv("LOKI_BIN", join(dir, "nope"), () => findBinary("loki", "LOKI_BIN"));
    expect(r).toEqual({ missing: `LOKI_BIN=${join(dir, "nope")} is not an executable file` });
  });

  test("PATH is searched next", () => {
    const r = withEnv("LOKI_BIN", undefined, () => withEnv("PATH", dir, () => findBinary("fake-loki", "LOKI_BIN")));
    expect(r).toEqual({ path: fake });
  });

  test("nothing found names all three places", () => {
    const r = withEnv("NO_SUCH_BIN", undefined, () => withEnv("PATH", dir, () => findBinary("no-such-binary", "NO_SUCH_BIN")));
    expect("missing" in r && r.missing).toMatch(/set NO_SUCH_BIN, put no-such-binary on PATH, or place it in .*shared\/bin$/);
  });
});

/** An executable at dir/name that runs `script` (TypeScript) with this Bun. */
function fakeBinary(dir: string, name: string, script: string): string {
  writeFileSync(join(dir, `${name}.ts`), script);
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\nexec "${process.execPath}" "${join(dir, `${name}.ts`)}" "$@"\n`);
  chmodSync(path, 0o755);
  return path;
}

/** A stand-in for loki: serves /ready on the config's HTTP port and starts a child that sleeps (a process group to end). */
const FAKE_LOKI = `
if (process.argv[2] === "--version") {
  console.log("loki, version 3.4.6 (branch: stand-in)");
  process.exit(0);
}
const config = await Bun.file(process.argv[2].replace("-config.file=", "")).text();
const port = Number(/http_listen_port: (\\d+)/.exec(config)[1]);
Bun.spawn(["sleep", "300"]);
Bun.serve({ hostname: "127.0.0.1", port, fetch: () => new Response("ready\\n") });
`;

describe("startLoki and stop, with a stand-in binary", () => {
  test("waits for ready, then stop ends its whole process group and removes its temp dir", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scenario-fakeloki-"));
    try {
      const loki = await withEnv("LOKI_BIN", fakeBinary(dir, "loki", FAKE_LOKI), () => startLoki());
      expect((await (await fetch(`${loki.url}/ready`)).text()).trim()).toBe("ready");
      expect(groupAlive(loki.pid)).toBe(true);
      expect(existsSync(join(loki.dir, "loki.yaml"))).toBe(true);
      await loki.stop();
      expect(groupAlive(loki.pid)).toBe(false);
      expect(existsSync(loki.dir)).toBe(false);
      expect(await fetch(`${loki.url}/ready`).then(() => "answered", () => "refused")).toBe("refused");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("when the test process dies without stopping it, it ends and its temp dir goes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scenario-fakeloki-"));
    try {
      const fake = fakeBinary(dir, "loki", FAKE_LOKI);
      const victim = join(dir, "victim.ts");
      writeFileSync(victim, `import { startLoki } from ${JSON.stringify(join(import.meta.dir, "loki.ts"))};
const loki = await startLoki();
console.log(JSON.stringify({ pid: loki.pid, dir: loki.dir }));
process.kill(process.pid, "SIGKILL");
`);
      const proc = Bun.spawn([process.execPath, victim], { env: { ...process.env, LOKI_BIN: fake }, stdout: "pipe", stderr: "inherit" });
      const started = JSON.parse(await new Response(proc.stdout).text()) as { pid: number; dir: string };
      expect(await proc.exited).not.toBe(0);
      await waitFor(() => !groupAlive(started.pid) && !existsSync(started.dir), "the orphaned stand-in loki to end and its temp dir to go", 30_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe("findPinned", () => {
  test("a binary of another version is refused, saying which and what is needed", () => {
    const dir = mkdtempSync(join(tmpdir(), "scenario-findbin-"));
    try {
      const old = join(dir, "loki");
      writeFileSync(old, "#!/bin/sh\necho 'loki, version 2.9.4 (branch: HEAD, revision: f599ebc)'\n");
      chmodSync(old, 0o755);
      expect(withEnv("LOKI_BIN", old, () => findPinned("loki", "LOKI_BIN"))).toEqual({
        missing: `${old} is loki 2.9.4; the tests need loki 3.4.6 (set LOKI_BIN to one)`,
      });
      const good = join(dir, "loki-346");
      writeFileSync(good, "#!/bin/sh\necho 'loki, version 3.4.6 (branch: v3.4.6, revision: 2b7b94ff)'\n");
      chmodSync(good, 0o755);
      expect(withEnv("LOKI_BIN", good, () => findPinned("loki", "LOKI_BIN"))).toEqual({ path: good });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("startLoki with a binary that dies", () => {
  test("a port taken meanwhile: it tries again on other ports", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scenario-fakeloki-"));
    try {
      // Fails the first time as Loki does when its port is taken, then serves like FAKE_LOKI.
      const fake = fakeBinary(dir, "loki", `
const tries = ${JSON.stringify(join(dir, "tries"))};
const { existsSync, writeFileSync } = await import("node:fs");
if (process.argv[2] !== "--version" && !existsSync(tries)) {
  writeFileSync(tries, "1");
  console.log("listen tcp 127.0.0.1:3100: bind: address already in use");
  process.exit(1);
}
${FAKE_LOKI}`);
      const loki = await withEnv("LOKI_BIN", fake, () => startLoki());
      try {
        expect((await (await fetch(`${loki.url}/ready`)).text()).trim()).toBe("ready");
      } finally {
        await loki.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("fails with its output and leaves nothing behind", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scenario-badloki-"));
    const bad = join(dir, "loki");
    writeFileSync(bad, "#!/bin/sh\nif [ \"$1\" = --version ]; then echo 'loki, version 3.4.6'; exit 0; fi\necho 'failed parsing config: bad things'\nexit 1\n");
    chmodSync(bad, 0o755);
    try {
      const err = await withEnv("LOKI_BIN", bad, () => startLoki()).then(() => undefined, (e: Error) => e);
      expect(err?.message).toContain("exited with code 1");
      expect(err?.message).toContain("failed parsing config: bad things");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// The Loki is shared with other test files: every stream here has test="harness".
describeWithLoki("a real Loki (the shared one)", () => {
  let loki: SharedLoki;
  beforeAll(async () => {
    loki = await sharedLoki();
  }, LOKI_START_TIMEOUT_MS);

  const rangeQuery = async (query: string, startNs: bigint, endNs: bigint) => {
    const params = new URLSearchParams({ query, start: startNs.toString(), end: endNs.toString(), direction: "forward" });
    const res = await fetch(`${loki.url}/loki/api/v1/query_range?${params}`);
    if (!res.ok) throw new Error(`${res.status}: ${await res.text()}`);
    return ((await res.json()) as { data: { result: { stream: Record<string, string>; values: [string, string][] }[] } }).data.result;
  };

  test("listens on loopback only and answers ready", async () => {
    expect(loki.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await (await fetch(`${loki.url}/ready`)).text()).trim()).toBe("ready");
  });

  test("push keeps structured metadata; lines are returned with the labels Loki adds", async () => {
    const now = BigInt(Date.now()) * 1_000_000n;
    await loki.push([{ labels: { test: "harness", service: "harness" }, entries: [{ tsNs: now, line: "level=error boom", metadata: { trace_id: "t1" } }] }]);
    const result = await rangeQuery('{test="harness", service="harness"}', now - 1_000_000_000n, now + 1_000_000_000n);
    expect(result).toEqual([
      { stream: { test: "harness", service: "harness", service_name: "harness", detected_level: "error", trace_id: "t1" }, values: [[now.toString(), "level=error boom"]] },
    ]);
  });

  test("entries pushed newest first are all accepted (sent oldest first), and lines older than 3 h show after a flush", async () => {
    const old = (BigInt(Date.now()) - 30n * 3_600_000n) * 1_000_000n;
    const entries = [0n, 1n, 2n].map((h) => ({ tsNs: old + h * 3_600_000_000_000n, line: `old ${h}` })).reverse();
    await loki.push([{ labels: { test: "harness", service: "old" }, entries }]);
    const lines = async () => (await rangeQuery('{test="harness", service="old"}', old - 1n, old + 3n * 3_600_000_000_000n)).flatMap((s) => s.values.map((v) => v[1]));
    expect(await lines()).toEqual([]);
    await loki.flush(async () => (await lines()).length === 3);
    expect(await lines()).toEqual(["old 0", "old 1", "old 2"]);
  });

  test("a push above Loki's default ingestion rate limit (429) is sent again until Loki takes it all", async () => {
    const now = BigInt(Date.now()) * 1_000_000n;
    const pad = "x".repeat(1000);
    const count = 12_000; // 12 MB: twice the 6 MB burst
    const entries = Array.from({ length: count }, (_, i) => ({ tsNs: now - BigInt(count - i) * 1_000_000n, line: `${i} ${pad}` }));
    await loki.push([{ labels: { test: "harness", service: "burst" }, entries }]);
    const res = await fetch(`${loki.url}/loki/api/v1/query?${new URLSearchParams({ query: 'sum(count_over_time({test="harness", service="burst"}[1h]))' })}`);
    const body = (await res.json()) as { data: { result: { value: [number, string] }[] } };
    expect(body.data.result[0]?.value[1]).toBe(String(count));
  });

  test("a refused push throws Loki's message", async () => {
    const now = BigInt(Date.now()) * 1_000_000n;
    const long = "x".repeat(300 * 1024);
    const err = await loki.push([{ labels: { test: "harness", service: "long" }, entries: [{ tsNs: now, line: long }] }]).then(() => undefined, (e: Error) => e);
    expect(err?.message).toMatch(/^Loki refused the push \(400\): Max entry size '262144' bytes exceeded/);
  });
});
