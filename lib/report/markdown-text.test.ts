// Tests of the Markdown escaping shortcut: mdText gives what every pass over the text gives.
import { expect, test } from "bun:test";
import { htmlText, mdText, mdTextFully } from "./markdown-text.ts";
import { inlineHtml } from "./markdown-html.ts";
import { printable } from "./format.ts";
import { randomTexts } from "../../test/fixtures/awkward-texts.ts";

test("mdText gives what every pass over the text gives, for texts with and without characters to escape", () => {
  const texts = randomTexts(5000);
  for (const text of texts) expect(mdText(text)).toBe(mdTextFully(text));
  expect(texts.filter((t) => mdTextFully(t) !== t).length).toBeGreaterThan(100);
  expect(texts.filter((t) => mdTextFully(t) === t).length).toBeGreaterThan(100);
});

test("mdText escapes what GitHub reads as markup: entity references, math, emoji codes, HTML, pipes, backticks", () => {
  // Before: "&amp;" and "&copy;" rendered as "&" and "©", "$5 and $6" as math, ":rocket:" as an emoji.
  expect(mdText("A &amp; B | C <i>y</i> `z` &copy; &#38; $5 and $6 :rocket:")).toBe("A \\&amp; B \\| C \\<i\\>y\\</i\\> \\`z\\` \\&copy; \\&\\#38; \\$5 and \\$6 \\:rocket:");
  // A & or : that starts no entity or emoji code is left as written.
  expect(mdText("R&D: a & b, x:y, http://h:1/")).toBe("R&D: a & b, x:y, http://h:1/");
});

test("the HTML report's reader of the Markdown shows every text as written", () => {
  for (const text of [...randomTexts(2000), "A &amp; B", "&copy;", "$x$", ":rocket:", "a\\&amp;"]) {
    const shown = printable(text).replace(/\n/g, " ");
    expect(inlineHtml(mdText(text))).toBe(htmlText(shown));
  }
});
