// Tests of the Markdown escaping shortcut: mdText gives what every pass over the text gives.
import { expect, test } from "bun:test";
import { mdText, mdTextFully } from "./markdown-text.ts";
import { randomTexts } from "../../test/fixtures/awkward-texts.ts";

test("mdText gives what every pass over the text gives, for texts with and without characters to escape", () => {
  const texts = randomTexts(5000);
  for (const text of texts) expect(mdText(text)).toBe(mdTextFully(text));
  expect(texts.filter((t) => mdTextFully(t) !== t).length).toBeGreaterThan(100);
  expect(texts.filter((t) => mdTextFully(t) === t).length).toBeGreaterThan(100);
});
