// The http kind's schema is built on first read of step.schema: one object, the module's own, with its errors; importing the kind loads no zod.
import { describe, expect, test } from "bun:test";
import { resolve } from "node:path";
import { step } from "../http.ts";
import { httpSchema } from "./schema.ts";
import { runWithin } from "../../../test/helpers/bounded-spawn.ts";

const ROOT = resolve(import.meta.dir, "../../..");

/** The modules a fresh process has evaluated after running `code`, among those named. */
async function loadedAfter(code: string, names: string[]): Promise<string[]> {
  const script = `${code}; console.log(JSON.stringify(Object.keys(require.cache).map((k) => k.slice(${JSON.stringify(ROOT)}.length + 1))))`;
  const out = await runWithin([process.execPath, "-e", script], { cwd: ROOT });
  if (out.code !== 0) throw new Error(`the child failed (${out.code}): ${out.stderr}`);
  const loaded = JSON.parse(out.stdout) as string[];
  return names.filter((n) => loaded.includes(n));
}

describe("http step schema", () => {
  test("every read gives the schema module's one object", () => {
    expect(step.schema).toBe(httpSchema);
    expect(step.schema).toBe(step.schema);
  });

  test("gives the same output and errors as the schema itself", () => {
    const inputs: unknown[] = [
      { url: "http://x/a" },
      { url: "http://x/a", method: "post", headers: { a: 1 }, expect: { status: "2xx", json: { "$.id": 1 } }, capture: { ID: "$.id" } },
      { url: "" },
      { url: "http://x", method: "G E T", body: "a", json: {} },
      { url: "http://x", concurrency: 2 },
      { url: "http://x", expect: { status: [], bogus: 1 }, capture: { "1x": "nope", R: { regex: "(" } } },
    ];
    for (const input of inputs) expect(step.schema.safeParse(input)).toEqual(httpSchema.safeParse(input));
    expect(step.schema.safeParse({ url: "" }).error?.issues.map((i) => i.message)).toEqual(["url: give the address to request"]);
  });

  test("a json body's number that would not be sent as written is refused, by the fast check too (it leaves it to the schema)", () => {
    const input = { url: "http://x", method: "POST", json: { id: 9007199254740993, f: [1, 1e400], ok: 9007199254740991, x: 2.5 } };
    expect(step.fastInput?.(input)).toBeUndefined();
    expect(httpSchema.safeParse(input).error?.issues.map((i) => [i.path.join("."), i.message.slice(0, 60)])).toEqual([
      ["json.id", "an integer beyond 2^53 would be sent as 9007199254740992, no"],
      ["json.f.1", "a number beyond a double's range (about 1.8e308) would be se"],
    ]);
    expect(httpSchema.safeParse({ ...input, json: { ok: 9007199254740991, x: 2.5 } }).success).toBe(true);
  });

  test("a header value with a line break or NUL written in the file is refused, by the fast check too (it leaves it to the schema); one a capture brings is the run's", () => {
    for (const value of ["a\nb", "a\r\nInjected: 1", "a\u0000b"]) {
      const input = { url: "http://x", headers: { "X-A": value, "X-B": "${C}" } };
      expect(step.fastInput?.(input)).toBeUndefined();
      expect(httpSchema.safeParse(input).error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
        ["headers.X-A", "its value holds a line break or NUL, which HTTP does not allow in a header; it was not sent"],
      ]);
    }
    // A tab is allowed in a header's value; `${C}`, filled in during the run, is checked when the step runs (http.test.ts).
    expect(httpSchema.safeParse({ url: "http://x", headers: { "X-A": "a\tb", "X-B": "${C}" } }).success).toBe(true);
    expect(step.fastInput?.({ url: "http://x", headers: { "X-A": "a\tb", "X-B": "${C}" } })).toBeDefined();
  });

  test("importing the kind and checking inputs with its fast check loads neither zod nor a schema module", async () => {
    const modules = ["lib/steps/http/schema.ts", "lib/core/zod-fields.ts", "lib/steps/http/status-schema.ts", "lib/expect/matcher-schema.ts", "node_modules/zod/index.js"];
    const fastOnly = `const { step } = await import("./lib/steps/http.ts"); if (!step.fastInput({ url: "http://x", expect: { status: 200, json: { "$.id": 1 } } })) throw new Error("fast check unsure")`;
    expect(await loadedAfter(fastOnly, modules)).toEqual([]);
    expect(await loadedAfter(`const { step } = await import("./lib/steps/http.ts"); step.schema`, modules)).toEqual(modules);
  });

  test("the schemas built lazily use the one zod every module imports, not zod's CommonJS copy", async () => {
    const build = `const { step } = await import("./lib/steps/http.ts"); step.schema; (await import("./lib/steps/shell.ts")).step.schema`;
    expect(await loadedAfter(build, ["node_modules/zod/index.js", "node_modules/zod/index.cjs"])).toEqual(["node_modules/zod/index.js"]);
  });
});
