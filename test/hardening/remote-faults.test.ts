// Remote faults against the http, logql (Loki url) and promql steps: each a failed step with a clear cause, the run going on to teardown.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFaultServer, type FaultServer } from "../helpers/fault-server.ts";
import { freePort } from "../helpers/ports.ts";
import { waitFor } from "../helpers/cli.ts";
import { faultScenario, KINDS, runFaultScenario, TARGETS, type StepOutcome, type Target } from "./remote-faults.ts";

let server: FaultServer;
let dir = "";
beforeAll(async () => {
  // 12 MiB: past the http step's 10 MiB body bound, under the Loki/Prometheus clients' 64 MiB one (the 1 GiB body is in the script).
  server = await startFaultServer({ hugeBytes: 12 * 1024 * 1024 });
  dir = mkdtempSync(join(tmpdir(), "remote-faults-"));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const closed = /closed (by the server )?before a full response/;
/** What each step must report: its error, or (for http answers) its failing checks, as text. */
const wanted: Record<Target, Record<(typeof KINDS)[number], RegExp>> = {
  refused: { http: /^connection refused: .* is the service up\?$/, logql: /connection refused; is Loki running at/, promql: /connection refused; is Prometheus running at/ },
  reset: { http: closed, logql: closed, promql: closed },
  hang: { http: /timed out after 1/, logql: /timed out after 1/, promql: /timed out after 1/ },
  slow: { http: /timed out after 1/, logql: /timed out after 1/, promql: /timed out after 1/ },
  "500": { http: /status=500/, logql: /answered 500 Internal Server Error: internal failure \(injected\)/, promql: /answered 500 Internal Server Error: internal failure \(injected\)/ },
  "429": { http: /status=429/, logql: /answered 429 Too Many Requests \(Retry-After: 7\): rate limit \(injected\)/, promql: /answered 429 Too Many Requests \(Retry-After: 7\)/ },
  truncated: { http: closed, logql: closed, promql: closed },
  malformed: { http: /json=the response body is not JSON/, logql: /answered 200 with a body that is not JSON/, promql: /answered 200 with a body that is not JSON/ },
  huge: { http: /body was cut at 10\.0 MiB and the rest not read/, logql: /answered 200 with a body that is not JSON/, promql: /answered 200 with a body that is not JSON/ },
};

function cause(s: StepOutcome): string {
  return s.error ?? s.checks.filter((c) => !c.ok).map((c) => `${c.path}=${String(c.actual)}`).join("; ");
}

test("every fault fails its step with a clear cause, and teardown still runs", async () => {
  const yaml = faultScenario(server, freePort(), (t) => (t === "hang" || t === "slow" ? "1s" : "20s"));
  const { code, steps } = await runFaultScenario(dir, yaml);
  expect(code).toBe(1);
  const byName = new Map(steps.map((s) => [s.name, s]));
  const problems: string[] = [];
  for (const target of TARGETS) {
    for (const kind of KINDS) {
      const s = byName.get(`${target} ${kind}`);
      if (!s) problems.push(`${target} ${kind}: missing from the report`);
      else if (s.status !== "failed" || !wanted[target][kind].test(cause(s))) problems.push(`${target} ${kind}: ${s.status}: ${cause(s)}`);
    }
  }
  expect(problems).toEqual([]);
  expect(byName.get("teardown ran")?.status).toBe("passed");
  // The hung and slow connections were given up by the client, not left open.
  await waitFor(() => server.openConnections() === 0, "the fault server's connections to close");
}, 120_000);
