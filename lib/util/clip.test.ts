// Tests of the text clipping helpers: where each cuts and how it marks the cut.
import { expect, test } from "bun:test";
import { clipAfter, clipBlockHead, clipBlockTail, clipCounted, clipToWidth } from "./clip.ts";

test("clipAfter keeps `keep` characters and marks a cut with …", () => {
  expect(clipAfter("abcdef", 3)).toBe("abc…");
  expect(clipAfter("abc", 3)).toBe("abc");
});

test("clipToWidth fits the text, … included, in `width` characters", () => {
  expect(clipToWidth("abcdef", 4)).toBe("abc…");
  expect(clipToWidth("abcd", 4)).toBe("abcd");
});

test("clipCounted says how many characters it left out", () => {
  expect(clipCounted("abcdef", 2)).toBe("ab… (4 more chars)");
  expect(clipCounted("ab", 2)).toBe("ab");
});

test("clipBlockHead and clipBlockTail keep one end of a block and say on a line of its own how much is gone", () => {
  expect(clipBlockHead("abcdef", 2)).toBe("ab\n… (4 more characters left out)");
  expect(clipBlockTail("abcdef", 2)).toBe("… (4 earlier characters left out)\nef");
  expect(clipBlockHead("ab", 2)).toBe("ab");
  expect(clipBlockTail("ab", 2)).toBe("ab");
});
