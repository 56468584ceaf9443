// Runs podman's container healthchecks on a host without systemd (podman schedules them with systemd timers): each at its own interval, through the API socket.
// Usage: bun scripts/podman-healthchecks.ts [unix socket path]   (default /run/podman/podman.sock; runs until killed)

export {};

const socket = process.argv[2] ?? "/run/podman/podman.sock";
const API = "http://podman/v4.0.0/libpod";
const TICK_MS = 250;
/** docker's and podman's default interval. */
const DEFAULT_INTERVAL_MS = 30_000;

interface Listed {
  Id: string;
  /** The health status for a container with a healthcheck ("starting", "healthy", "unhealthy"), "" without one. */
  Status?: string;
}

async function api<T>(path: string): Promise<T> {
  const res = await fetch(`${API}${path}`, { unix: socket } as RequestInit);
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${(await res.text()).trim()}`);
  return (await res.json()) as T;
}

/** The container's healthcheck interval in ms, or undefined when it has no healthcheck. */
async function intervalOf(id: string): Promise<number | undefined> {
  const c = await api<{ Config?: { Healthcheck?: { Test?: string[]; Interval?: number } } }>(`/containers/${id}/json`);
  const hc = c.Config?.Healthcheck;
  if (!hc?.Test?.length || hc.Test[0] === "NONE") return undefined;
  return hc.Interval ? hc.Interval / 1e6 : DEFAULT_INTERVAL_MS;
}

/** id → when its next check is due (ms since epoch) and its interval; undefined interval: no healthcheck. */
const due = new Map<string, { at: number; every?: number; busy?: boolean }>();

async function tick(): Promise<void> {
  const running = await api<Listed[]>("/containers/json");
  const now = Date.now();
  const seen = new Set(running.map((c) => c.Id));
  for (const id of due.keys()) if (!seen.has(id)) due.delete(id);
  for (const c of running) {
    let entry = due.get(c.Id);
    if (!entry) {
      const every = c.Status ? await intervalOf(c.Id) : undefined;
      entry = { at: every === undefined ? Infinity : now + every, every };
      due.set(c.Id, entry);
    }
    if (entry.every === undefined || entry.at > now || entry.busy) continue;
    // One check at a time per container, the next one an interval after this one ends (as docker does).
    const every = entry.every;
    const mine = entry;
    mine.busy = true;
    void api(`/containers/${c.Id}/healthcheck`)
      .catch((e) => console.error(`podman-healthchecks: check of ${c.Id.slice(0, 12)}: ${(e as Error).message}`))
      .finally(() => {
        mine.busy = false;
        mine.at = Date.now() + every;
      });
  }
}

console.error(`podman-healthchecks: running healthchecks of the containers behind ${socket}`);
for (;;) {
  try {
    await tick();
  } catch (e) {
    console.error(`podman-healthchecks: ${(e as Error).message}`);
  }
  await Bun.sleep(TICK_MS);
}
