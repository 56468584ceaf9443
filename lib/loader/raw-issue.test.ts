// formatPath: how messages at load (and the engine's once a run's values are in) write a path into the scenario.
import { expect, test } from "bun:test";
import { formatPath } from "./raw-issue.ts";

test("a path of plain keys and indices reads as written", () => {
  expect(formatPath(["steps", 0, "http", "expect", "labels", "app.kubernetes.io/name"])).toBe("steps[0].http.expect.labels.app.kubernetes.io/name");
  expect(formatPath(["expect", "json", "$.items[0].id"])).toBe("expect.json.$.items[0].id");
  expect(formatPath(["headers", "x y"])).toBe("headers.x y");
  expect(formatPath([])).toBe("");
});

test("a key holding what cannot be shown as it is stands quoted, as JSON writes it: it writes no line of its own", () => {
  expect(formatPath(["headers", "X\n✓ t9: passed"])).toBe('headers["X\\n✓ t9: passed"]');
  expect(formatPath(["env", "A\rB\t\u001b[2J"])).toBe('env["A\\rB\\t\\u001b[2J"]');
  // Those JSON leaves as they are: a line separator, NEL, DEL, a bidi override, a zero-width space.
  expect(formatPath(["headers", "a\u2028b\u0085c\u007fd\u202ee\u200bf"])).toBe('headers["a\\u2028b\\u0085c\\u007fd\\u202ee\\u200bf"]');
  expect(formatPath(["headers", ""])).toBe('headers[""]');
  expect(formatPath(["a\nb", "c"])).toBe('["a\\nb"].c');
  expect(formatPath(["json", "a\nb", 2, "c"])).toBe('json["a\\nb"][2].c');
});
