// Tests of where "has a healthcheck" comes from: compose config (v2 JSON, v1 YAML), inspect's Config.Healthcheck, and the poll wrapper that asks inspect once per container.
import { describe, expect, test } from "bun:test";
import type { ContainerState } from "./ps.ts";
import type { ListResult } from "./ps.ts";
import { configHealthcheck, parseInspectHealthchecks, withHealthchecks } from "./healthcheck.ts";

describe("configHealthcheck", () => {
  test.each([
    // What `docker compose config --format json` (2.26) and `docker-compose config` (1.29) print.
    [{ test: ["CMD", "false"], interval: "1s" }, true],
    [{ test: ["CMD-SHELL", "exit 0"] }, true],
    [{ test: "exit 0" }, true],
    [{ disable: true }, false],
    [{ test: ["NONE"] }, false],
    [{ interval: "5s" }, undefined],
    [{ test: [] }, undefined],
    [undefined, undefined],
    [null, undefined],
  ])("%o → %p", (hc, want) => {
    expect(configHealthcheck(hc)).toBe(want as boolean | undefined);
  });
});

describe("parseInspectHealthchecks", () => {
  test("Config.Healthcheck as docker 20.10 and podman 4.3 give it, the image's included", () => {
    const text = JSON.stringify([
      { Name: "/p-hc-1", Config: { Healthcheck: { Test: ["CMD", "false"], Interval: 1e9 } } },
      { Name: "/p-img-1", Config: { Healthcheck: { Test: ["CMD-SHELL", "false"] } } },
      { Name: "/p-disabled-1", Config: { Healthcheck: { Test: ["NONE"] } } },
      { Name: "/p-none-1", Config: { Healthcheck: null } },
      { Name: "p-bare-1", Config: {} },
    ]);
    expect(Object.fromEntries(parseInspectHealthchecks(text))).toEqual({ "p-hc-1": true, "p-img-1": true, "p-disabled-1": false, "p-none-1": false, "p-bare-1": false });
  });
  test("anything but an array is an error", () => {
    expect(() => parseInspectHealthchecks("{}")).toThrow("JSON array");
  });
});

describe("withHealthchecks", () => {
  const st = (service: string, name = `p-${service}-1`): ContainerState => ({ service, name, state: "running", health: "", exitCode: null, status: "" });

  test("the compose config decides where it says; inspect once per other container", async () => {
    const asked: string[][] = [];
    const poll = withHealthchecks(async () => ({ states: [st("api"), st("web"), st("worker")] }), { api: true, web: false }, async (names) => {
      asked.push(names);
      return new Map(names.map((n) => [n, true]));
    });
    for (let i = 0; i < 2; i++) {
      const r = (await poll()) as { states: ContainerState[] };
      expect(r.states.map((s) => [s.service, s.healthcheck])).toEqual([["api", true], ["web", false], ["worker", true]]);
    }
    expect(asked).toEqual([["p-worker-1"]]);
  });

  test("a service named constructor or toString without a healthcheck in the config is inspected like any other", async () => {
    // The config's table answered these names with Object.prototype's functions: never inspected, "health: not reported" forever.
    const asked: string[][] = [];
    const poll = withHealthchecks(async () => ({ states: [st("constructor"), st("toString"), st("web")] }), { web: false }, async (names) => {
      asked.push(names);
      return new Map(names.map((n) => [n, false]));
    });
    const r = (await poll()) as { states: ContainerState[] };
    expect(r.states.map((s) => [s.service, s.healthcheck])).toEqual([["constructor", false], ["toString", false], ["web", false]]);
    expect(asked).toEqual([["p-constructor-1", "p-toString-1"]]);
  });

  test("an inspect error, or a container inspect does not describe, is a poll error", async () => {
    const base = async (): Promise<ListResult> => ({ states: [st("web")] });
    expect(await withHealthchecks(base, {}, async () => ({ error: "inspect failed: boom" }))()).toEqual({ error: "inspect failed: boom" });
    expect(await withHealthchecks(base, {}, async () => new Map())()).toEqual({ error: "inspect did not describe container p-web-1" });
  });

  test("a poll error passes through without an inspect", async () => {
    let inspected = false;
    const poll = withHealthchecks(async () => ({ error: "ps failed" }), {}, async () => ((inspected = true), new Map()));
    expect(await poll()).toEqual({ error: "ps failed" });
    expect(inspected).toBe(false);
  });
});
