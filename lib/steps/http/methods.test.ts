// An unknown method (a typo such as GTE) is refused at load with its file:line:col, by validate, --dry-run and run alike,
// whichever client would send it: it was sent as is and passed on a server that answers every method alike.
import { describe, expect, test } from "bun:test";
import { runCli, tempDir, writeScenario } from "../../../test/helpers/cli.ts";
import { fastHttpInput } from "./fast-input.ts";
import { httpSchema } from "./schema.ts";
import { HTTP_METHODS, methodIssue } from "./methods.ts";

const scenario = (method: string) => `name: m\nsteps:\n  - name: typo method\n    http:\n      url: http://127.0.0.1:1/x\n      method: ${method}\n`;

describe("http method", () => {
  test("a typo is refused, with the method it is likely a typo of", () => {
    expect(methodIssue("GTE")).toStartWith("GTE is not an HTTP method (did you mean GET?)");
    expect(methodIssue("PSOT")).toStartWith("PSOT is not an HTTP method (did you mean POST?)");
    expect(methodIssue("DELTE")).toStartWith("DELTE is not an HTTP method (did you mean DELETE?)");
    expect(methodIssue("PROPFIDN")).toStartWith("PROPFIDN is not an HTTP method (did you mean PROPFIND?)");
    expect(methodIssue("FROBNICATE")).toStartWith("FROBNICATE is not an HTTP method: give GET");
    for (const m of HTTP_METHODS) expect(methodIssue(m)).toBeUndefined();
  });

  test("the fast check leaves an unknown method to zod, which refuses it; any case of a known one is taken", () => {
    expect(fastHttpInput({ url: "http://x", method: "GTE" })).toBeUndefined();
    const issues = httpSchema.safeParse({ url: "http://x", method: "GTE" }).error?.issues ?? [];
    expect(issues.map((i) => i.path)).toEqual([["method"]]);
    expect(issues[0]!.message).toStartWith("GTE is not an HTTP method (did you mean GET?)");
    expect(fastHttpInput({ url: "http://x", method: "propfind" })?.value.method).toBe("PROPFIND");
    expect(httpSchema.parse({ url: "http://x", method: "purge" }).method).toBe("PURGE");
  });

  for (const [what, args, env] of [
    ["validate", ["validate"], {}],
    ["--dry-run", ["run", "--dry-run"], {}],
    ["run (built-in client)", ["run"], {}],
    ["run (fetch)", ["run"], { SCENARIO_HTTP_CLIENT: "fetch" }],
  ] as const) {
    test(`${what}: method: GTE is a load error at file:line:col, exit 2, nothing written`, async () => {
      const dir = tempDir();
      writeScenario(dir, scenario("GTE"), "gte.yaml");
      const r = await runCli([...args, "gte.yaml"], { cwd: dir, env });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("gte.yaml:6:15: steps[0].http.method: GTE is not an HTTP method (did you mean GET?)");
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain("nothing was run");
    });
  }
});
