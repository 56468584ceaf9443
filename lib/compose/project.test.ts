// Tests of compose project naming: scenario slugs with run-id suffixes, validation of given names.
import { describe, expect, test } from "bun:test";
import { defaultProjectName, projectNameError, serviceNameError, PROJECT_NAME } from "./project.ts";

describe("defaultProjectName", () => {
  test.each([
    ["Full stack logging integration", "20250101T120000-ab12", "full-stack-logging-integration-20250101t120000-ab12"],
    ["Compose demo", "RUN_7", "compose-demo-run-7"],
    ["", "x1", "scenario-x1"],
    ["a".repeat(80), "id", `${"a".repeat(40)}-id`],
    ["name ending in a cut dash " + "b".repeat(20), "id", "name-ending-in-a-cut-dash-bbbbbbbbbbbbbb-id"],
  ])("%p + %p → %p", (name, runId, want) => {
    const got = defaultProjectName(name, runId);
    expect(got).toBe(want);
    expect(PROJECT_NAME.test(got)).toBe(true);
  });

  test("two runs of one scenario get different projects", () => {
    expect(defaultProjectName("Demo", "run1")).not.toBe(defaultProjectName("Demo", "run2"));
  });
});

describe("projectNameError", () => {
  test.each([
    ["demo", undefined],
    ["demo_2-x", undefined],
    ["Demo", "invalid compose project name"],
    ["-demo", "invalid compose project name"],
    ["de mo", "invalid compose project name"],
    ["", "invalid compose project name"],
  ])("%p", (name, want) => {
    const err = projectNameError(name);
    if (want === undefined) expect(err).toBeUndefined();
    else expect(err).toContain(want);
  });
});

describe("serviceNameError", () => {
  test.each([
    ["web", undefined],
    ["Web.api_2-x", undefined],
    ["--build", "invalid compose service name"],
    ["-d", "invalid compose service name"],
    ["a b", "invalid compose service name"],
    ["$(id)", "invalid compose service name"],
    ["", "invalid compose service name"],
  ])("%p", (name, want) => {
    const err = serviceNameError("service", name);
    if (want === undefined) expect(err).toBeUndefined();
    else expect(err).toContain(want);
  });
});
