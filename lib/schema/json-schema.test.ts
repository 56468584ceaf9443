// The committed scenario.schema.json must match the zod schemas; regenerate with `bun run scenario schema > scenario.schema.json`.
import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { scenarioJsonSchemaText } from "./json-schema.ts";

test("scenario.schema.json is up to date", async () => {
  const committed = readFileSync(join(import.meta.dir, "../../scenario.schema.json"), "utf8");
  const generated = await scenarioJsonSchemaText();
  if (committed !== generated) {
    throw new Error("scenario.schema.json is stale: run `npx bun bin/scenario.ts schema > scenario.schema.json` and commit it");
  }
  expect(committed).toBe(generated);
});

test("the schema describes every step kind and the common fields", async () => {
  const schema = JSON.parse(await scenarioJsonSchemaText());
  const text = JSON.stringify(schema);
  for (const key of ["compose", "http", "files", "logql", "promql", "shell", "sleep", "eventually", "continue_on_failure", "teardown", "secrets"]) {
    expect(text).toContain(`"${key}"`);
  }
});

test("the schema accepts top-level x- keys and still rejects other unknown keys", async () => {
  const { default: Ajv } = await import("ajv");
  const validate = new Ajv({ strict: false }).compile(JSON.parse(await scenarioJsonSchemaText()));
  const base = { name: "t", steps: [{ sleep: "1ms" }] };
  expect(validate({ ...base, "x-base": { timeout: "5s" } })).toBe(true);
  expect(validate({ ...base, base: { timeout: "5s" } })).toBe(false);
});

test("the schema refuses a misspelt matcher operator where the loader does, at any depth, and takes every matcher the loader takes", async () => {
  const { default: Ajv } = await import("ajv");
  const validate = new Ajv({ strict: false }).compile(JSON.parse(await scenarioJsonSchemaText()));
  const http = (expect: unknown) => ({ name: "t", steps: [{ http: { url: "http://127.0.0.1:9/", expect } }] });
  for (const bad of [
    { status: { betwen: [200, 299] } },
    { json: { "$.a": { lenght: 3 } } },
    { json: { "$.a": { not: { mtches: "x" } } } },
    { json: { "$.items": { every: { gtee: 1 } } } },
    { headers: { "x-a": { contain: "z" } } },
    { body: { matchs: "x" } },
    { latency: { lt: "2s", bogus: 1 } },
    { json: { "$.a": {} } },
    { json: { "$.a": { type: "text" } } },
  ]) expect([bad, validate(http(bad))]).toEqual([bad, false]);
  const shell = (expect: unknown) => ({ name: "t", steps: [{ shell: { run: "true", expect } }] });
  expect(validate(shell({ exit_code: { eqq: 0 } }))).toBe(false);
  const files = (expect: unknown) => ({ name: "t", steps: [{ files: { glob: "x", expect } }] });
  expect(validate(files({ count: { atleast: 1 } }))).toBe(false);
  expect(validate(files({ required_fields: { level: { machtes: "x" } } }))).toBe(false);
  const promql = (expect: unknown) => ({ name: "t", steps: [{ promql: { url: "http://127.0.0.1:9/", query: "up", expect } }] });
  expect(validate(promql({ value: { gtee: 1 } }))).toBe(false);
  expect(validate(promql({ labels: { job: { conatins: "x" } } }))).toBe(false);
  for (const good of [
    { status: 200 },
    { status: "2xx" },
    { status: [200, "3xx"] },
    { status: { between: [200, 299] } },
    { json: { "$.a": { eq: { b: 1 } }, "$.b": "ok", "$.c": null, "$.d": [1, 2], "$.e": { not: { exists: true } } } },
    { json: { "$.items": { every: { type: "object" }, length: { gte: 1 }, some: { matches: "x" } } } },
    { headers: { "content-type": { contains: "json" } }, body: { not_contains: "x" }, latency: { lt: "2s" } },
  ]) expect([good, validate(http(good))]).toEqual([good, true]);
  expect(validate(promql({ value: [{ labels: { job: "a" }, value: { gte: 1 } }], labels: { job: { contains: "a" } } }))).toBe(true);
  // Every scenario in the repository.
  const { parse } = await import("yaml");
  const { readdirSync } = await import("node:fs");
  const dir = join(import.meta.dir, "../../scenarios");
  for (const f of readdirSync(dir).filter((f) => f.endsWith(".yaml"))) {
    expect([f, validate(parse(readFileSync(join(dir, f), "utf8"), { merge: true }))]).toEqual([f, true]);
  }
});
