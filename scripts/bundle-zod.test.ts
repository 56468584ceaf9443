// Tests of zod's file beside the bundle: it holds every member of `z` the JavaScript of lib/ reads, and the build refuses a use it cannot see.
import { describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { z } from "zod";
import { ZOD_ENTRY, zMembers, zodEntry, zodMembersOfLib } from "./bundle-zod.ts";
import { tempDir } from "../test/helpers/cli.ts";

const REPO = resolve(import.meta.dir, "..");

describe("zod's file", () => {
  test("zMembers: the members the JavaScript reads, not those read only in types; regular expressions and strings are no use of `z`", () => {
    const root = tempDir("bundle-zod-");
    const module = (text: string) => {
      const path = join(root, `m${Math.random().toString(16).slice(2)}.ts`);
      writeFileSync(path, text);
      return path;
    };
    expect(zMembers(module('import { z } from "zod";\nimport type { ZodType } from "zod";\nconst s = z\n  .object({ a: z.string().regex(/^[a-z]+$/, "a-z only") });\ntype T = z.infer<typeof s>;\nlet t: z.core.$ZodIssue;\n'), root)).toEqual(["object", "string"]);
    expect(zMembers(module('import type { z } from "zod";\nexport type T = z.ZodType;\n'), root)).toEqual([]);
    expect(zMembers(module('import { z } from "zod";\n// z alone in a comment\nexport const s = z.number();\nconst url = "http://x/z";\n'), root)).toEqual(["number"]);
    expect(() => zMembers(module('import * as z from "zod";\nz.string();\n'), root)).toThrow("takes from zod more than { z }");
    expect(() => zMembers(module('import { z, ZodError } from "zod";\nz.string();\nexport const e = ZodError;\n'), root)).toThrow("takes from zod more than { z }");
    expect(() => zMembers(module('export const load = () => import("zod");\n'), root)).toThrow("takes from zod more than { z }");
    expect(() => zMembers(module('import { z } from "zod";\nexport const all = z;\n'), root)).toThrow("uses `z` other than by reading a member");
    expect(() => zMembers(module('import { z } from "zod";\nexport const s = z["string"]();\n'), root)).toThrow("uses `z` other than by reading a member");
  });

  test("the built file's `z` holds exactly the members lib/ reads, each there", async () => {
    const members = zodMembersOfLib(REPO);
    expect(members).toContain("object");
    const outdir = tempDir("bundle-zod-");
    const built = await Bun.build({ entrypoints: [ZOD_ENTRY], outdir, naming: { entry: "vendor-zod.js" }, target: "bun", format: "cjs", plugins: [zodEntry(REPO, members)] });
    expect(built.success).toBe(true);
    const apart = (require(join(outdir, "vendor-zod.js")) as { z: Record<string, unknown> }).z;
    expect(Object.keys(apart).sort()).toEqual(members);
    for (const m of members) expect({ m, built: typeof apart[m] }).toEqual({ m, built: typeof (z as Record<string, unknown>)[m] });
    for (const m of members) expect(apart[m]).toBeDefined();
  });
});
