// Tests of the resolved-config reading: dependencies, one-shot services, healthchecks, transitive closure.
import { describe, expect, test } from "bun:test";
import { parse as parseYaml } from "yaml";
import { optionalServices, parseConfig, startedServices, withDependencies } from "./query.ts";

const CONFIG = {
  name: "p",
  services: {
    api: { depends_on: { db: { condition: "service_healthy" }, migrate: { condition: "service_completed_successfully" } } },
    migrate: { depends_on: { db: { condition: "service_healthy", required: true } } },
    db: { healthcheck: { test: ["CMD-SHELL", "pg_isready"], interval: "1s" } },
    web: { depends_on: ["api"], healthcheck: { disable: true } },
  },
};

/** What docker-compose 1.29.2 prints for the same file: YAML, short dependency lists expanded. */
const CONFIG_V1 = `services:
  api:
    depends_on:
      db:
        condition: service_healthy
      migrate:
        condition: service_completed_successfully
    image: scenario-busybox:latest
  db:
    healthcheck:
      interval: 1s
      test:
      - CMD-SHELL
      - pg_isready
    image: scenario-busybox:latest
  migrate:
    depends_on:
      db:
        condition: service_healthy
    image: scenario-busybox:latest
  web:
    depends_on:
      api:
        condition: service_started
    healthcheck:
      test:
      - NONE
    image: scenario-busybox:latest
version: '3.9'
`;

describe("parseConfig", () => {
  test("reads services, dependencies and one-shot services", () => {
    const cfg = parseConfig(CONFIG);
    expect(cfg.services).toEqual(["api", "db", "migrate", "web"]);
    expect(cfg.dependsOn).toEqual({ api: ["db", "migrate"], migrate: ["db"], db: [], web: ["api"] });
    expect([...cfg.oneShot]).toEqual(["migrate"]);
    expect(cfg.healthchecks).toEqual({ db: true, web: false });
  });
  test("compose v1's YAML gives the same", () => {
    const cfg = parseConfig(parseYaml(CONFIG_V1));
    expect(cfg.services).toEqual(["api", "db", "migrate", "web"]);
    expect(cfg.dependsOn).toEqual({ api: ["db", "migrate"], migrate: ["db"], db: [], web: ["api"] });
    expect([...cfg.oneShot]).toEqual(["migrate"]);
    expect(cfg.healthchecks).toEqual({ db: true, web: false });
  });
  test("a service without settings (`db:` alone) has no dependencies", () => {
    expect(parseConfig({ services: { db: null } }).dependsOn).toEqual({ db: [] });
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
  test("a service the config does not list, named as Object.prototype's members, has no dependencies (it threw)", () => {
    // e.g. `services: [toString]` where toString is under a profile compose config leaves out.
    expect(withDependencies(cfg, ["toString", "valueOf", "constructor"])).toEqual(["constructor", "toString", "valueOf"]);
  });
});

describe("startedServices", () => {
  // As compose 2.26 prints `scale: 0` and `deploy: {replicas: 0}` (docker-compose 1.29.2 prints them alike, in YAML).
  const cfg = parseConfig({
    services: {
      api: { depends_on: { db: { condition: "service_started" }, off: { condition: "service_started" } } },
      db: { deploy: { replicas: 1 } },
      off: { scale: 0 },
      disabled: { deploy: { replicas: 0, resources: {} } },
    },
  });
  test("a service scaled to no container is not waited for: up starts none", () => {
    expect(startedServices(cfg, [])).toEqual(["api", "db"]);
    expect(startedServices(cfg, ["api"])).toEqual(["api", "db"]);
    expect(startedServices(cfg, ["disabled"])).toEqual([]);
  });
  test("without a config, every service of the project (undefined); a subset stays as given", () => {
    expect(startedServices(undefined, [])).toBeUndefined();
    expect(startedServices(undefined, ["b", "a"])).toEqual(["a", "b"]);
  });
});

describe("optionalServices", () => {
  // As compose 2.26 prints `depends_on: {db: {condition: service_started, required: false}}`: db under a profile the
  // step does not enable is no service of the config, and `up api` starts no container of it.
  const cfg = parseConfig({
    services: {
      api: { depends_on: { db: { condition: "service_started", required: false }, cache: { condition: "service_started", required: false } } },
      cache: { depends_on: { disk: { condition: "service_started" } } },
      disk: {},
      worker: { depends_on: { cache: { condition: "service_started", required: true } } },
    },
  });
  test("the dependencies reached only through required: false, with what they depend on", () => {
    expect([...optionalServices(cfg, ["api"])].sort()).toEqual(["cache", "db", "disk"]);
    // Named, or reached through a required dependency too: not optional.
    expect([...optionalServices(cfg, ["api", "db"])].sort()).toEqual(["cache", "disk"]);
    expect([...optionalServices(cfg, ["api", "worker"])].sort()).toEqual(["db"]);
    expect([...optionalServices(cfg, [])]).toEqual([]);
    expect([...optionalServices(undefined, ["api"])]).toEqual([]);
  });
  test("required: false is read from compose v2's JSON; a dependency list or required: true is required", () => {
    expect(parseConfig(CONFIG).optional).toEqual({});
    expect(cfg.optional).toEqual({ api: ["db", "cache"] });
  });
});
