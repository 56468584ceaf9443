// The logql step over local files: a glob through `logs/latest/..` (a link) reads the files bash reads there, so a
// Traceback beside the link's target fails `empty: true` instead of passing on logs/archive; a `..` after a missing
// folder is a glob that matches no file, an error of the step.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { step } from "./logql.ts";
import { testContext } from "../../test/helpers/context.ts";

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "logql-dotdot-"));
  for (const d of ["runs/r1", "runs/archive", "logs/archive"]) mkdirSync(join(dir, d), { recursive: true });
  writeFileSync(join(dir, "runs/archive/bad.log"), '{"level":"error","msg":"Traceback"}\n');
  writeFileSync(join(dir, "logs/archive/ok.log"), '{"level":"info","msg":"ok"}\n');
  symlinkSync("../runs/r1", join(dir, "logs/latest"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (files: Record<string, unknown>, query: string, expect_: Record<string, unknown>) =>
  step.run(step.schema.parse({ files, query, expect: expect_ }), testContext({ scenarioDir: dir }));

describe("logql files: a .. in a glob, as the kernel reads it", () => {
  test("through a link: the Traceback in runs/archive fails empty: true, and its line is named by the path as written", async () => {
    const r = await run({ "logs/latest/../archive/*.log": {} }, '{filename=~".+"} |= "Traceback"', { empty: true });
    expect(r.error).toBeUndefined();
    expect(r.checks.filter((c) => !c.ok).map((c) => `${c.path}: ${c.actual}`)).toEqual(["empty: false"]);
    expect(r.details?.find((d) => d.title === "Lines")?.body).toContain('filename="logs/latest/../archive/bad.log"');
  });

  test("after a missing folder: no file is read, and the step fails as for any glob that matches none", async () => {
    const r = await run({ "logs/nosuch/../archive/*.log": {} }, '{filename=~".+"} |= "Traceback"', { empty: true });
    expect(r.checks.every((c) => c.ok)).toBe(true);
    expect(r.error).toContain('"logs/nosuch/../archive/*.log" matches no file: logs/nosuch does not exist; the nearest existing directory, logs, holds: archive/, latest (link)');
  });
});
