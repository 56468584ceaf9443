// http_req_failed counts a request as failed when its status is not what its step asks for (k6's expectedStatuses): a
// 401 a step demands (`status: 401`) is an expected response, and a 200 where the step demands 401 is a failed one.
// It once counted every 4xx, so the demo, all of whose steps pass, read http_req_failed 50% and failed the threshold
// docs/summary-and-thresholds.md shows (`http_req_failed: ["rate<0.01"]`).
import { afterAll, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, tempDir, writeScenario } from "./helpers/cli.ts";

const server = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch(req) {
    const path = new URL(req.url).pathname;
    if (path === "/secret") return new Response("no token", { status: 401 });
    if (path === "/missing") return new Response("not found", { status: 404 });
    if (path === "/busy") return new Response("busy", { status: 503 });
    return new Response("ok");
  },
});
afterAll(() => server.stop(true));

interface Summary {
  total: { http_reqs: { count: number }; http_req_failed: { failed: number } };
}

async function run(steps: string, thresholds = "") {
  const dir = tempDir("http-req-failed-");
  const file = writeScenario(dir, `name: failed requests\nvars: { U: "http://127.0.0.1:${server.port}" }\nsteps:\n${steps}${thresholds}`);
  const r = await runCli([file, "--report", "json", "--report-dir", join(dir, "reports"), "--no-color"], { cwd: dir });
  const summary = (JSON.parse(readFileSync(join(dir, "reports", "latest.json"), "utf8")) as { summary: Summary }).summary;
  return { code: r.code, output: `${r.stdout}\n${r.stderr}`, total: summary.total };
}

test("a status the step demands (401, 404, 4xx) is no failed request; every step passes, and so does http_req_failed rate<0.01", async () => {
  const r = await run(
    [
      '  - http: { url: "${U}/secret", expect: { status: 401 } }',
      '  - http: { url: "${U}/missing", expect: { status: 4xx } }',
      '  - http: { url: "${U}/missing", expect: { status: [404, 410] } }',
      '  - http: { url: "${U}/ok" }',
      "",
    ].join("\n"),
    'thresholds:\n  http_req_failed: ["rate<0.01"]\n',
  );
  expect({ code: r.code, failed: r.total.http_req_failed.failed, reqs: r.total.http_reqs.count }).toEqual({ code: 0, failed: 0, reqs: 4 });
  expect(r.output).toContain("http_req_failed.....: 0.00% 0 out of 4");
});

test("a status the step does not allow is a failed request, a 2xx included; without expect.status, 400 and above (k6's default)", async () => {
  const r = await run(
    [
      '  - http: { url: "${U}/ok", expect: { status: 401 } }',         // a 200 where 401 is demanded: failed
      "    continue_on_failure: true",
      '  - http: { url: "${U}/busy", expect: { status: 200 } }',       // a 503: failed
      "    continue_on_failure: true",
      '  - http: { url: "${U}/busy" }',                                 // no status expectation, 503: failed
      "    continue_on_failure: true",
      '  - http: { url: "${U}/ok", expect: { status: { not: 5xx } } }', // a 200 the matcher allows: not failed
      "",
    ].join("\n"),
  );
  expect({ code: r.code, failed: r.total.http_req_failed.failed, reqs: r.total.http_reqs.count }).toEqual({ code: 1, failed: 3, reqs: 4 });
});
