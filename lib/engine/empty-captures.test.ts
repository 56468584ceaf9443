// A positive text check whose pattern takes a variable captured empty checks more than meant: the step fails, named.
import { describe, expect, test } from "bun:test";
import { widenedByEmptyCapture } from "./empty-captures.ts";
import type { StepSpec } from "./spec.ts";
import { VarScope } from "../vars/scope.ts";

const scope = () => {
  const s = new VarScope({ cli: {}, envFile: {}, env: {}, vars: {}, builtins: {} });
  s.capture("X", "", "get id");
  s.capture("Y", "42", "get other");
  return s;
};
const spec = (input: unknown, kind = "shell") => ({ kind, input }) as unknown as StepSpec;
const widened = (input: unknown, kind?: string) => widenedByEmptyCapture(spec(input, kind), scope());

describe("a text check widened by an empty capture", () => {
  test("contains and matches with a part captured empty fail, naming the variable, the step that captured it and the check as it became", () => {
    expect(widened({ expect: { stdout: { contains: "id=${X}" } } })).toBe('${X} is empty (captured by step "get id"): contains "id=" would match more than meant');
    expect(widened({ expect: { body: { matches: "id=${X}$" } } })).toBe('${X} is empty (captured by step "get id"): matches /id=$/ would match more than meant');
  });

  test("under every, some, a JSONPath and in a list of patterns (files and logql steps), with a count too", () => {
    expect(widened({ expect: { json: { "$.items": { some: { contains: "a${X}" } } } } })).toContain('contains "a"');
    expect(widened({ expect: { contains: ["ok", { matches: "id=${X}\\d", count: 2 }] } }, "files")).toContain("matches /id=\\d/");
  });

  test("a files step's glob and root, and a promql matcher in single quotes", () => {
    expect(widened({ glob: "logs/${X}", expect: { count: 0 } }, "files")).toBe('${X} is empty (captured by step "get id"): glob "logs/" would name other files than meant');
    expect(widened({ root: "${X}", glob: "*.log" }, "files")).toContain('root "" would be another folder than meant');
    expect(widened({ query: "reqs{path='${X}'}" }, "promql")).toContain("the label matcher path=''");
  });

  test("a logql query's line filters: |= and |~ would keep more lines, != and !~ leave out more", () => {
    expect(widened({ query: '{app="a"} |= "id=${X}"', expect: {} }, "logql")).toBe('${X} is empty (captured by step "get id"): the line filter |= "id=" would match more than meant');
    expect(widened({ query: "{app=\"a\"} |~ `id=${X}`" }, "logql")).toContain("the line filter |~ `id=`");
    expect(widened({ query: '{app="a"} != "id=${X}" !~ "x${X}"' }, "logql")).toBe('${X} is empty (captured by step "get id"): the line filter != "id=" would leave out more than meant; ${X} is empty (captured by step "get id"): the line filter !~ "x" would leave out more than meant');
  });

  test("negated checks, equality, a default, a value not empty and a field outside expect are left alone", () => {
    expect(widened({ expect: { stdout: { not_contains: "id=${X}", not_matches: "${X}a" } } })).toBeUndefined();
    expect(widened({ expect: { stdout: { not: { contains: "id=${X}" } } } })).toBeUndefined();
    expect(widened({ expect: { stdout: "id=${X}", status: { eq: "${X}" } } })).toBeUndefined();
    expect(widened({ expect: { stdout: { contains: "id=${X:-}" } } })).toBeUndefined();
    expect(widened({ expect: { stdout: { contains: "id=${Y}" } } })).toBeUndefined();
    expect(widened({ body: { contains: "id=${X}" }, expect: { status: 200 } })).toBeUndefined();
  });

  test("a not of a not is positive again; two variables are named together", () => {
    expect(widened({ expect: { stdout: { not: { not: { contains: "${X}" } } } } })).toContain('contains ""');
    const s = scope();
    s.capture("Z", "", "get z");
    expect(widenedByEmptyCapture(spec({ expect: { stdout: { contains: "${X}=${Z}" } } }), s)).toBe('${X} is empty (captured by step "get id"), ${Z} is empty (captured by step "get z"): contains "=" would match more than meant');
  });
});

describe("the last capture of a name decides", () => {
  const contains = { expect: { stdout: { contains: "id=${X}" } } };
  test("captured empty, then again with a value: nothing is widened; with a value, then empty: widened", () => {
    const s = new VarScope({ cli: {}, envFile: {}, env: {}, vars: {}, builtins: {} });
    s.capture("X", "", "first");
    expect(s.hasEmptyCapture()).toBe(true);
    s.capture("X", "7", "second");
    expect(s.hasEmptyCapture()).toBe(false);
    expect(widenedByEmptyCapture(spec(contains), s)).toBeUndefined();
    s.capture("X", "", "third");
    expect(widenedByEmptyCapture(spec(contains), s)).toBe('${X} is empty (captured by step "third"): contains "id=" would match more than meant');
  });
});
