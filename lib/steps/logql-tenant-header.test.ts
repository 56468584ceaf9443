// The tenant given as an X-Scope-OrgID header (any case of its name) instead of `tenant:` is named where no stream matches
// the selector, as `tenant:` is: "no stream of tenant "team-c" matches …". A stub Loki on loopback that has no stream.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { step } from "./logql.ts";
import { testContext } from "../../test/helpers/context.ts";

/** A Loki with no stream at all, recording the X-Scope-OrgID of each request; on the first free port of 42300-42399. */
const tenants: (string | null)[] = [];
let server: ReturnType<typeof Bun.serve> | undefined;
beforeAll(() => {
  for (let port = 42300; port <= 42399 && server === undefined; port++) {
    try {
      server = Bun.serve({
        hostname: "127.0.0.1",
        port,
        fetch(req) {
          tenants.push(req.headers.get("x-scope-orgid"));
          const path = new URL(req.url).pathname;
          if (path === "/loki/api/v1/query_range") return Response.json({ status: "success", data: { resultType: "streams", result: [] } });
          if (path === "/loki/api/v1/series") return Response.json({ status: "success", data: [] });
          return new Response("not found", { status: 404 });
        },
      });
    } catch {
      // Taken: the next one.
    }
  }
  if (server === undefined) throw new Error("no free port in 42300-42399");
});
afterAll(() => server?.stop(true));

const run = async (input: Record<string, unknown>) => {
  tenants.length = 0;
  return step.run(step.schema.parse({ url: `http://127.0.0.1:${server!.port}`, query: '{service="apii"} |= "panic"', ...input }), testContext());
};

describe("the tenant in an X-Scope-OrgID header is named where no stream matches", () => {
  test.each([["X-Scope-OrgID"], ["x-scope-orgid"], ["X-SCOPE-ORGID"]])("a check that held on nothing fails naming it (header %s), as with tenant:", async (header) => {
    const r = await run({ headers: { [header]: "team-c" }, expect: { not_contains: "x" } });
    expect(r.error).toMatch(/^no stream of tenant "team-c" matches \{service="apii"\} from \S+Z to \S+Z: not_contains held on nothing \(a typo in the selector, a wrong tenant/);
    // It went to that tenant, which the Query detail names too.
    expect(new Set(tenants)).toEqual(new Set(["team-c"]));
    expect(r.details?.[0]?.body).toContain(`source: Loki http://127.0.0.1:${server!.port} (tenant team-c)`);
    const withTenant = await run({ tenant: "team-c", expect: { not_contains: "x" } });
    expect(withTenant.error!.replace(/from \S+Z to \S+Z/, "")).toBe(r.error!.replace(/from \S+Z to \S+Z/, ""));
  });

  test("empty: true passes with a warning naming it", async () => {
    const r = await run({ headers: { "x-scope-orgid": "team-c" }, expect: { empty: true } });
    expect(r.error).toBeUndefined();
    expect(r.warnings).toEqual([expect.stringMatching(/^empty as expected, but no stream of tenant "team-c" matches \{service="apii"\} from \S+Z to \S+Z: a typo\?/)]);
  });

  test("with no tenant, none is named", async () => {
    const r = await run({ headers: { "X-Other": "1" }, expect: { not_contains: "x" } });
    expect(r.error).toMatch(/^no stream matches \{service="apii"\}/);
  });
});
