// Values the run captures, in an http step: a status matcher that holds one is judged once the value is known (at load
// `not_matches: "^${E}"` read the text "^${E}" and was refused as holding for every status), and a key one makes is
// shown quoted in the step's error (a server's answer with line breaks printed report lines of its own).
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runInProcess } from "../../../test/helpers/in-process.ts";

const dir = mkdtempSync(join(tmpdir(), "http-captured-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A name that, printed raw, writes two report lines of its own. */
const FORGED = "X\n✓ deploy check (1ms, 1 attempt)\n✓ t9: passed";
const server = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch(req) {
    const url = new URL(req.url);
    switch (url.pathname) {
      case "/status":
        return new Response("ok", { status: Number(url.searchParams.get("s") ?? 200) });
      case "/capture":
        return Response.json({ h: FORGED, five: "5", x: "x" });
      default:
        return Response.json({});
    }
  },
});
afterAll(() => server.stop(true));
const base = `http://127.0.0.1:${server.port}`;

const run = (yaml: string, ...extra: string[]) => runInProcess(dir, yaml, ...extra);

const ANY_STATUS = "status holds here for every status, and expect checks nothing else, so the step would pass on any response";

describe("a status matcher holding a value captured during the run", () => {
  const scenario = (matcher: string, status: number, value = "five") => `name: m3
steps:
  - name: cap
    http: {url: "${base}/capture", capture: {E: $.${value}}}
  - name: check
    http: {url: "${base}/status?s=${status}", expect: {status: ${matcher}}}
`;

  for (const matcher of ['{not_matches: "^${E}"}', '{not_matches: "${E}"}', '{not_contains: "${E}"}']) {
    test(`${matcher} is judged with the value: with E=5 it fails on 500 and passes on 200`, async () => {
      const failed = await run(scenario(matcher, 500));
      expect(failed.stderr).toBe("");
      expect(failed.code).toBe(1);
      expect(failed.steps.map((s) => [s.status, s.error])).toEqual([["passed", undefined], ["failed", undefined]]);
      const passed = await run(scenario(matcher, 200));
      expect(passed.code).toBe(0);
      expect(passed.steps.map((s) => s.status)).toEqual(["passed", "passed"]);
    });
  }

  test("a captured value that makes it hold for every status fails the step, saying so, on any response", async () => {
    // `not_matches: "^x"`: no status's digits start with x.
    for (const status of [200, 500]) {
      const r = await run(scenario('{not_matches: "^${E}"}', status, "x"));
      expect(r.code).toBe(1);
      expect(r.steps.map((s) => s.status)).toEqual(["passed", "failed"]);
      expect(r.steps[1]!.error).toBe(`invalid input after interpolating variables: expect.status: ${ANY_STATUS}: leave status out to require 2xx, or check a header, the body or a JSON field beside it`);
    }
  });

  test("a value known at load (vars:, --var) is judged at load, as before", async () => {
    const fromVars = await run(`name: m3
vars: {E: x}
steps:
  - name: check
    http: {url: "${base}/status?s=500", expect: {status: {not_matches: "^\${E}"}}}
`);
    expect(fromVars.code).toBe(2);
    expect(fromVars.stderr).toMatch(/\.yaml:5:\d+: steps\[0\]\.http\.expect\.status: status holds here for every status/);
    const fromCli = await run(`name: m3
steps:
  - name: check
    http: {url: "${base}/status?s=500", expect: {status: {not_matches: "^\${E}"}}}
`, "--var", "E=x");
    expect(fromCli.code).toBe(2);
    expect(fromCli.stderr).toMatch(/\.yaml:4:\d+: steps\[0\]\.http\.expect\.status: status holds here for every status/);
  });
});

describe("a key a captured value makes, in the step's error", () => {
  const QUOTED = JSON.stringify(FORGED);

  test("a header name holding line breaks is shown quoted, in the console and every report: no line of its own", async () => {
    const r = await run(`name: h
steps:
  - {name: cap, http: {url: "${base}/capture", capture: {H: $.h}}}
  - {name: hdr name, continue_on_failure: true, http: {url: "${base}/echo", headers: {"\${H}": v}}}
`);
    expect(r.steps.map((s) => s.status)).toEqual(["passed", "failed"]);
    expect(r.steps[1]!.error).toStartWith(`invalid input after interpolating variables: headers[${QUOTED}]: `);
    expect(r.steps[1]!.error).not.toContain("\n");
    // No forged line in the console or the Markdown report; the cause stays whole on its line.
    for (const text of [r.stdout, r.stderr, r.markdown]) expect(text.split("\n").filter((l) => l.startsWith("✓ t9") || l.startsWith("✓ deploy"))).toEqual([]);
    expect(r.markdown).toContain(`headers[${QUOTED}]`);
  });

  test("a response header name to check is one too: refused with it quoted (fetch's own error printed it raw)", async () => {
    const r = await run(`name: h
steps:
  - {name: cap, http: {url: "${base}/capture", capture: {H: $.h}}}
  - {name: hdr check, http: {url: "${base}/echo", expect: {headers: {"\${H}": {exists: false}}}}}
`);
    expect(r.steps.map((s) => s.status)).toEqual(["passed", "failed"]);
    expect(r.steps[1]!.error).toStartWith(`invalid input after interpolating variables: expect.headers[${QUOTED}]: ${QUOTED} is no header name`);
  });

  test("a JSON body's key: quoted too", async () => {
    const r = await run(`name: h
steps:
  - {name: cap, http: {url: "${base}/capture", capture: {H: $.h}}}
  - {name: body key, http: {url: "${base}/echo", method: POST, json: {"\${H}": 1e400}}}
`);
    expect(r.steps.map((s) => s.status)).toEqual(["passed", "failed"]);
    expect(r.steps[1]!.error).toStartWith(`invalid input after interpolating variables: json[${QUOTED}]: a number beyond a double's range`);
  });

  test("so is one known at load (--var), in the load error", async () => {
    const r = await run(`name: h
steps:
  - {name: hdr name, http: {url: "${base}/echo", headers: {"\${H}": v}}}
`, "--var", `H=${FORGED}`);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`steps[0].http.headers[${QUOTED}]: `);
    expect(r.stderr.split("\n").filter((l) => l.startsWith("✓"))).toEqual([]);
  });
});
