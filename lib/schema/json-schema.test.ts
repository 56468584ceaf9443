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
