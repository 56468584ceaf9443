// Tests of the resolved-config reading: dependencies, one-shot services, transitive closure.
import { describe, expect, test } from "bun:test";
import { parseConfig, withDependencies } from "./query.ts";

const CONFIG = JSON.stringify({
  name: "p",
  services: {
    api: { depends_on: { db: { condition: "service_healthy" }, migrate: { condition: "service_completed_successfully" } } },
    migrate: { depends_on: { db: { condition: "service_healthy", required: true } } },
    db: {},
    web: { depends_on: ["api"] },
  },
});

describe("parseConfig", () => {
  test("reads services, dependencies and one-shot services", () => {
    const cfg = parseConfig(CONFIG);
    expect(cfg.services).toEqual(["api", "db", "migrate", "web"]);
    expect(cfg.dependsOn).toEqual({ api: ["db", "migrate"], migrate: ["db"], db: [], web: ["api"] });
    expect([...cfg.oneShot]).toEqual(["migrate"]);
  });
});

describe("withDependencies", () => {
  const cfg = parseConfig(CONFIG);
  test.each([
    [["web"], ["api", "db", "migrate", "web"]],
    [["db"], ["db"]],
    [["migrate", "db"], ["db", "migrate"]],
  ])("%p → %p", (services, want) => {
    expect(withDependencies(cfg, services)).toEqual(want);
  });
  test("without a config, only the named services", () => {
    expect(withDependencies(undefined, ["b", "a"])).toEqual(["a", "b"]);
  });
});
