// Tests of the Markdown escaping shortcut: mdText gives what every pass over the text gives.
import { expect, test } from "bun:test";
import { htmlText, mdCode, mdDetails, mdFence, mdText, mdTextFully } from "./markdown-text.ts";
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
  // Before: "&amp;" and "&copy;" rendered as "&" and "©", "$5 and $6" as math, ":rocket:" as an emoji. The "#38" of
  // "&#38;" is an issue reference too, once read: it gets the comment that stops GitHub linking it (the test below).
  expect(mdText("A &amp; B | C <i>y</i> `z` &copy; &#38; $5 and $6 :rocket:")).toBe("A \\&amp; B \\| C \\<i\\>y\\</i\\> \\`z\\` \\&copy; \\&\\#<!-- -->38; \\$5 and \\$6 \\:rocket:");
  // A & or : that starts no entity or emoji code is left as written.
  expect(mdText("R&D: a & b, x:y, http://h:1/")).toBe("R&D: a & b, x:y, http://h:1/");
});

test("the HTML report's reader of the Markdown shows every text as written", () => {
  for (const text of [...randomTexts(2000), "A &amp; B", "&copy;", "$x$", ":rocket:", "a\\&amp;", "@alice and @acme/sre on #12", "a \u202Eb\u202C c"]) {
    const shown = printable(text).replace(/\n/g, " ");
    expect(inlineHtml(mdText(text))).toBe(htmlText(shown));
  }
});

test("mdText keeps @-mentions and issue references from pinging and linking on GitHub: an empty HTML comment after the @ or #", () => {
  // Before: "@alice" and "@acme/sre" in a pasted report notified that user and team, and "#12" linked issue 12. GitHub
  // finds them in the text after it has read the Markdown, so a backslash (gone by then) does not stop them; a comment does.
  expect(mdText("ask @alice or @acme/sre about #12 (see acme/app#7)")).toBe("ask @<!-- -->alice or @<!-- -->acme/sre about \\#<!-- -->12 (see acme/app\\#<!-- -->7)");
  // An @ or # that starts neither is left as before.
  expect(mdText("a @ b, @-x, x#y, #")).toBe("a @ b, @-x, x\\#y, \\#");
  // A <summary>'s text is HTML, read for mentions too; code is not (a code span, a fenced block).
  expect(mdDetails("logs of @alice #3", "@bob #4")).toEqual(["<details><summary>logs of @<!-- -->alice #<!-- -->3</summary>", "", "```text", "@bob #4", "```", "", "</details>", ""]);
  expect(mdCode("@alice #3")).toBe("`@alice #3`");
});

test("characters that reorder or hide text are shown as \\uXXXX in text, code, fenced blocks and HTML: a step's name showed otherwise than what ran", () => {
  // Before: U+202E showed "deploy \u202Eyrt\u202C" as "deploy try", and the zero-width ones showed nothing at all.
  const name = "deploy \u202Eyrt\u202C \u2066x\u2069\u200E\u200F\u200B\u200C\u200D\u2060\uFEFF";
  const shown = "deploy \\u202Eyrt\\u202C \\u2066x\\u2069\\u200E\\u200F\\u200B\\u200C\\u200D\\u2060\\uFEFF";
  expect(mdText(name)).toBe(shown.replaceAll("\\", "\\\\"));
  expect(mdCode(name)).toBe(`\`${shown}\``);
  expect(mdFence(`${name}\n`)).toEqual(["```text", shown, "```"]);
  expect(htmlText(name)).toBe(shown);
  expect(mdDetails(name, name)[0]).toBe(`<details><summary>${shown}</summary>`);
});
