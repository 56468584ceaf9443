// The report's Markdown as HTML: every construct the reports write, and user text that must stay text.
import { describe, expect, test } from "bun:test";
import { failedRun, recordRun, trickyTextRun } from "../../test/fixtures/report-runs.ts";
import { htmlPage } from "./html.ts";
import { inlineHtml, markdownToHtml } from "./markdown-html.ts";
import { renderMarkdown } from "./markdown-render.ts";
import { mdCode, mdDetails, mdTable, mdText } from "./markdown-text.ts";
import { callInChild } from "../../test/helpers/bounded-spawn.ts";

describe("inlineHtml", () => {
  test.each([
    ["plain & <b>", "plain &amp; &lt;b&gt;"],
    ["**Error:** `boom`", "<strong>Error:</strong> <code>boom</code>"],
    ["`` a`b ``", "<code>a`b</code>"],
    [mdText("<script>alert(1)</script> *x* [l](u)"), "&lt;script&gt;alert(1)&lt;/script&gt; *x* [l](u)"],
    ["unclosed ` tick", "unclosed ` tick"],
  ])("%p", (md, html) => {
    expect(inlineHtml(md)).toBe(html);
  });
});

describe("markdownToHtml", () => {
  test("a table keeps escaped pipes and pipes inside code spans in their cell; right-aligned columns", () => {
    const md = mdTable(["path", "n"], [[mdCode("a|b", true), "1"], [mdText("x|y"), "2"]], "lr").join("\n");
    expect(markdownToHtml(md)).toBe(
      '<table><thead><tr><th>path</th><th class="num">n</th></tr></thead><tbody>' +
        '<tr><td><code>a|b</code></td><td class="num">1</td></tr><tr><td>x|y</td><td class="num">2</td></tr></tbody></table>',
    );
  });

  test("details stay collapsible and their body is escaped code", () => {
    const html = markdownToHtml(mdDetails("logs <api>", "line 1\n<b>not bold</b>").join("\n"));
    expect(html).toBe("<details><summary>logs &lt;api&gt;</summary>\n<pre><code>line 1\n&lt;b&gt;not bold&lt;/b&gt;</code></pre>\n</details>");
  });

  test("a line starting with ``` that is no fence (a code span of a command holding ```) is a paragraph, in a child bounded in time: it looped, pushing empty paragraphs until memory ran out", async () => {
    const mdLines = [mdCode("$ echo '```'; exit 1 → exit 1 in 4ms", true), "````x ````\nnext", "text\n```` a ````"];
    const rs = await Promise.all(mdLines.map((md) => callInChild(`${import.meta.dir}/markdown-html.ts`, "markdownToHtml", [md], 30_000)));
    expect(rs.map((r) => r.stderr)).toEqual(["", "", ""]);
    expect(rs.map((r) => r.value)).toEqual(["<p><code>$ echo '```'; exit 1 → exit 1 in 4ms</code></p>", "<p><code>x </code><br>next</p>", "<p>text<br><code>a</code></p>"]);
  });

  test("headings, alerts, lists and paragraphs", () => {
    const md = "## ✅ Title\n\n> [!WARNING]\n> **Interrupted**: stopped.\n\n- one\n- `two`\n\nSome text\nnext line";
    expect(markdownToHtml(md)).toBe(
      '<h2>✅ Title</h2>\n<blockquote class="alert warning"><strong>Interrupted</strong>: stopped.</blockquote>\n' +
        "<ul><li>one</li><li><code>two</code></li></ul>\n<p>Some text<br>next line</p>",
    );
  });

  test("a whole failed-run report converts with no Markdown table or fence syntax left over", () => {
    const html = markdownToHtml(renderMarkdown(recordRun(failedRun()), new Date("2026-11-22T01:51:40Z")));
    expect(html).not.toMatch(/^\|/m);
    expect(html).not.toMatch(/^`{3,}text$/m);
    expect(html).toContain("api  | ```oops```");
    expect(html).toContain("<h3>Problems found</h3>");
    expect(html.match(/<details>/g)?.length).toBe(html.match(/<\/details>/g)?.length);
  });
});

test("the HTML page shows a mention as written, without the comment that keeps it from pinging on GitHub, and shows characters that reorder or hide text as \\uXXXX, in its title too", () => {
  const html = markdownToHtml(renderMarkdown(recordRun(trickyTextRun()), new Date("2026-11-22T01:51:40Z")));
  expect(html).toStartWith("<h2>❌ Deploy for @alice — failed</h2>\n<blockquote>Asks @acme/sre about #12.</blockquote>");
  expect(html).toContain("<h4>❌ 3. API \\u202Egol\\u202C logs @bob\\u200B\\uFEFF (api)</h4>");
  expect(html).not.toContain("&lt;!--");
  // Before: the page (and its title, in the browser's tab) held U+202E, which reversed the text after it.
  expect(html).not.toMatch(/[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/);
  expect(htmlPage("API \u202Egol\u202C — failed", "failed", "")).toContain("<title>API \\u202Egol\\u202C — failed</title>");
});
