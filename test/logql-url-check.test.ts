// The url: step's load-time LogQL check refuses only syntax errors Loki refuses too: every query of the differential
// suite and a list of Loki 3.4 features (many beyond the embedded engine) against a real Loki 3.4.6, and without one the
// recorded verdicts.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { embeddedSupportErrors, lokiSyntaxErrors } from "../lib/logql/index.ts";
import { main } from "../lib/cli.ts";
import { LOKI_FEATURES, LOKI_REFUSES, allQueries } from "./logql-url-check/queries.ts";
import { describeWithLoki, LOKI_START_TIMEOUT_MS, type SharedLoki, sharedLoki } from "./helpers/loki.ts";

const refused = new Set(LOKI_REFUSES);

test("the check refuses exactly the queries Loki 3.4.6 answers 400 (the verdicts recorded by the live test below)", () => {
  const wrong: string[] = [];
  for (const q of allQueries()) {
    const errors = lokiSyntaxErrors(q);
    if (refused.has(q) !== errors.length > 0) wrong.push(`${refused.has(q) ? "Loki refuses, the check accepts" : `Loki reads it, the check refuses (${errors[0]})`}: ${q}`);
  }
  expect(wrong).toEqual([]);
  expect(allQueries().length).toBeGreaterThan(380);
});

test("features the embedded engine cannot run are among them: a url: step keeps them, a files: step refuses them", () => {
  const beyond = LOKI_FEATURES.filter((q) => embeddedSupportErrors(q).length > 0);
  expect(beyond.length).toBeGreaterThanOrEqual(8);
  for (const q of beyond) expect(lokiSyntaxErrors(q)).toEqual([]);
});

describeWithLoki("the url: load check against a real Loki 3.4.6", () => {
  let loki: SharedLoki;
  beforeAll(async () => {
    loki = await sharedLoki();
  }, LOKI_START_TIMEOUT_MS);

  test("no query Loki reads is refused, and LOKI_REFUSES lists exactly the ones it answers 400", async () => {
    // Over data (Loki checks a template or a regex only once it has lines to run it on), in the last hour, where the
    // shared Loki holds whatever other suites pushed.
    const endNs = BigInt(Date.now()) * 1_000_000n;
    const startNs = endNs - 3_600_000_000_000n;
    const answered400: string[] = [];
    const wronglyRefused: string[] = [];
    for (const q of allQueries()) {
      const params = new URLSearchParams({ query: q, start: String(startNs), end: String(endNs), limit: "10" });
      // Each request has its own deadline, so a query Loki hangs on is named instead of the whole test timing out.
      const res = await fetch(`${loki.url}/loki/api/v1/query_range?${params}`, { signal: AbortSignal.timeout(20_000) }).catch((err: Error) => {
        throw new Error(`Loki did not answer ${q}: ${err.message}`);
      });
      const body = await res.text();
      // What the shared Loki holds (other suites push lines) can make Loki refuse to answer a query it reads: more than
      // its 500 series, or a metric over lines `| json` cannot parse ("pipeline error: 'JSONParserErr'", with the
      // pipeline test's broken JSON lines of service="api", shipped by promtail). Those are answers about the data, not refusals of the query's text.
      if (res.status === 400 && !/maximum of series|pipeline error/i.test(body)) answered400.push(q);
      else if (lokiSyntaxErrors(q).length > 0) wronglyRefused.push(`${res.status}: ${q}`);
    }
    expect(wronglyRefused).toEqual([]);
    expect(answered400.sort()).toEqual([...refused].sort());
  }, 120_000);
});

describe("through the CLI", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "logql-url-check-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const validate = async (query: string) => {
    const yaml = [
      "name: url check",
      "vars:",
      "  LEVEL: error",
      "steps:",
      "  - logql:",
      "      url: http://127.0.0.1:9",
      `      query: '${query}'`,
      "  - shell: { run: echo error, capture: { CAPTURED: stdout } }",
      "  - logql:",
      "      url: http://127.0.0.1:9",
      `      query: '${query.replace("${LEVEL}", "${CAPTURED}")}'`,
      "",
    ].join("\n");
    const file = join(dir, "s.yaml");
    await writeFile(file, yaml);
    const out: string[] = [];
    const io = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => out.push(t) }, cwd: dir, env: {}, handleSignals: false };
    return { code: await main(["validate", file], io), out: out.join("") };
  };

  test("a syntax error in a url: step's query is refused at load with its place, exit 2", async () => {
    const { code, out } = await validate('{service="api"} |= ');
    expect(code).toBe(2);
    expect(out).toContain("s.yaml:7:14: steps[0].logql.query: parse error at line 1, col 20: syntax error: unexpected end of query");
  });

  test("a feature the embedded engine cannot run is accepted for a url: step", async () => {
    const { code, out } = await validate('sum by (service) (rate_counter({service="api"} |= ip("10.0.0.1") | json | unwrap n [5m]))');
    expect(out).not.toContain("error");
    expect(code).toBe(0);
  });

  test("a variable known at load is filled in before the check; one captured during the run leaves the query to Loki", async () => {
    const { code, out } = await validate('{service="api"} | json | level="${LEVEL}" |= ');
    expect(code).toBe(2);
    expect(out).toContain("s.yaml:7:14: steps[0].logql.query: parse error at line 1, col 43: syntax error: unexpected end of query");
    expect(out).toContain('  {service="api"} | json | level="error" |= ');
    // The third step's query (line 11) holds ${CAPTURED}: not checked at load.
    expect(out).not.toContain("s.yaml:11:");
    expect(out).toContain("1 error");
  });
});
