// Suggestions for misspelt names: within a third of the word's length, a swap of two neighbouring letters one edit.
import { describe, expect, test } from "bun:test";
import { closestName, didYouMean } from "./did-you-mean.ts";

describe("closestName", () => {
  test.each([
    // Two letters swapped: two edits before, so a five-letter word (reach 1) got no suggestion.
    ["firts", ["first", "second"], "first"],
    ["frist", ["first", "second"], "first"],
    ["infar", ["infra", "app"], "infra"],
    // One letter missing, added or changed.
    ["infr", ["infra"], "infra"],
    ["expct", ["expect", "eventually"], "expect"],
    ["staus", ["status"], "status"],
    // Case is not an edit.
    ["First", ["first"], "first"],
  ])("%s among %j is %s", (word, names, closest) => {
    expect(closestName(word, names)).toBe(closest);
  });

  test.each([
    // Past reach: a third of the word's length, at least one edit.
    ["abc", ["xyz"]],
    ["tfisr", ["first"]],
    ["x", ["yz"]],
  ])("%s among %j has none", (word, names) => {
    expect(closestName(word, names)).toBeUndefined();
  });

  test("the message names the closest", () => {
    expect(didYouMean("firts", ["first"])).toBe(' (did you mean "first"?)');
    expect(didYouMean("zzz", ["first"])).toBe("");
  });
});
