// Tests of slugify: the characters it keeps, where it cuts, and that it may return "".
import { expect, test } from "bun:test";
import { slugify } from "./slug.ts";

test.each([
  ["Full stack logging integration", Infinity, "full-stack-logging-integration"],
  ["  Déjà vu: API / v2!  ", Infinity, "deja-vu-api-v2"],
  ["already-fine_1", Infinity, "already-fine-1"],
  ["***", Infinity, ""],
  ["abc def", 4, "abc"],
  ["--abcdef", 4, "abc"],
])("slugify(%p, %p) → %p", (text, maxLength, want) => {
  expect(slugify(text, maxLength)).toBe(want);
});
