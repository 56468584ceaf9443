// full-stack.yaml's step on Loki's /metrics, run as written against a stand-in answering Loki's counters: a line Loki
// refused (loki_discarded_samples_total) or kept cut short (loki_mutated_samples_total, max_line_size_truncate) must
// turn it red.
import { afterAll, describe, expect, test } from "bun:test";
import { fullStackStep, passesWith } from "./helpers/full-stack-step.ts";

const STEP = "Loki refused none of the lines pushed to it and cut none short";

/** The step from full-stack.yaml with its variables, unchanged. */
const scenario = (): object => fullStackStep(STEP, "loki-metrics");

/** Lines of Loki 3.4's /metrics about its samples (as it prints them once it counted any). */
let counters: string[] = [];
const server = Bun.serve({
  port: 0,
  hostname: "127.0.0.1",
  fetch(req) {
    if (new URL(req.url).pathname !== "/metrics") return new Response("not found", { status: 404 });
    const body = ["# HELP loki_distributor_lines_received_total The total number of lines received.", "# TYPE loki_distributor_lines_received_total counter", 'loki_distributor_lines_received_total{tenant="fake"} 120', ...counters].join("\n");
    return new Response(`${body}\n`, { headers: { "content-type": "text/plain; version=0.0.4" } });
  },
});
afterAll(() => server.stop(true));

async function passes(lines: string[]): Promise<boolean> {
  counters = lines;
  return passesWith(scenario(), "loki-metrics-", "LOKI_URL", `http://127.0.0.1:${server.port}`);
}

describe("full-stack.yaml: Loki kept every line whole", () => {
  test("no line refused or cut passes", async () => {
    expect(await passes([])).toBe(true);
  });

  test("a line refused as too long fails", async () => {
    expect(await passes(['loki_discarded_samples_total{reason="line_too_long",tenant="fake"} 1'])).toBe(false);
  });

  test("lines kept cut short (max_line_size_truncate) fail", async () => {
    expect(await passes(['loki_mutated_samples_total{reason="line_too_long",tenant="fake"} 4', 'loki_mutated_bytes_total{reason="line_too_long",tenant="fake"} 1730'])).toBe(false);
  });
});
