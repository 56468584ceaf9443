// docs/format.md states the bounds the loader enforces on a step's retries and eventually's backoff, so a user learns
// them from the page and not from a load error.
import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { BACKOFF, RETRIES } from "../lib/schema/limits.ts";

const format = readFileSync(join(import.meta.dir, "../docs/format.md"), "utf8");
const row = (field: string) => format.split("\n").find((l) => l.startsWith(`| \`${field}\` |`)) ?? "";

test("format.md gives retries' bounds and that retries and eventually exclude each other", () => {
  expect(row("retries")).toContain(`N from ${RETRIES.min} to ${RETRIES.max.toLocaleString("en-US")}`);
  expect(row("retries")).toContain("a step with both is refused");
});

test("format.md gives backoff's bounds", () => {
  expect(row("eventually")).toContain(`\`backoff\` (from ${BACKOFF.min} to ${BACKOFF.max};`);
});
