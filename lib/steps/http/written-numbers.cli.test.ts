// A matcher's or a JSON schema's number beyond 2^53 is shown as the scenario wrote it (1234567890123456788), not as the
// double YAML reads it as prints (1234567890123456800), in the checks of a run.
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runInProcess } from "../../../test/helpers/in-process.ts";

const dir = mkdtempSync(join(tmpdir(), "http-written-numbers-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const server = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch: () => new Response('{"id":1234567890123456789,"small":5}', { headers: { "content-type": "application/json" } }),
});
afterAll(() => server.stop(true));
const url = `http://127.0.0.1:${server.port}/`;

describe("numbers beyond 2^53 written in a scenario", () => {
  test("the json matcher's and json_schema's checks show them as written, undecided or failed", async () => {
    const r = await runInProcess(dir, `name: written
steps:
  - name: json
    continue_on_failure: true
    http:
      url: ${url}
      expect:
        json:
          "$.id": 1234567890123456788
          "$.small": {in: [1, 1234567890123456788]}
  - name: schema
    http:
      url: ${url}
      expect:
        json_schema:
          properties:
            id: {const: 1234567890123456788}
            small: {minimum: 1234567890123456788}
`);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    const out = r.stdout;
    expect(out).toContain("json $.id: expected == 1234567890123456788, actual \"a number read as 1234567890123456800, whatever digits were sent: beyond 2^53");
    expect(out).toContain("json $.small: expected one of [1,1234567890123456788], actual 5");
    expect(out).toContain("json_schema /id: expected must be equal to constant 1234567890123456788, actual \"1234567890123456789 (read as 1234567890123456800): beyond 2^53");
    expect(out).toContain("json_schema /small: expected must be >= 1234567890123456788, actual 5");
  });

  test("each step shows its own text, where two steps write two that read as one double", async () => {
    const r = await runInProcess(dir, `name: steps
steps:
  - continue_on_failure: true
    http: {url: "${url}", expect: {json: {"$.small": 1234567890123456788}}}
  - http: {url: "${url}", expect: {json: {"$.small": 1234567890123456789}}}
`);
    expect(r.stdout).toContain("json $.small: expected == 1234567890123456788, actual 5");
    expect(r.stdout).toContain("json $.small: expected == 1234567890123456789, actual 5");
  });

  test("one double read from two texts in a step is shown as it prints: which text a check holds, the double cannot say", async () => {
    const r = await runInProcess(dir, `name: twice
steps:
  - http:
      url: ${url}
      expect:
        json:
          "$.id": 1234567890123456788
          "$.small": 1234567890123456789
`);
    expect(r.stdout).toContain("json $.id: expected == 1234567890123456800,");
    expect(r.stdout).toContain("json $.small: expected == 1234567890123456800,");
  });
});
