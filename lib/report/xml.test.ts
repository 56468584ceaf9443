// Tests of the XML escaping: the shortcut for texts that need no escaping gives what the full escaping gives, on every kind of character.
import { expect, test } from "bun:test";
import { escapeAttr, escapeAttrFully, escapeText, escapeTextFully, serializeXml } from "./xml.ts";
import { randomTexts } from "../../test/fixtures/awkward-texts.ts";

for (const [name, shortcut, full] of [
  ["escapeText", escapeText, escapeTextFully],
  ["escapeAttr", escapeAttr, escapeAttrFully],
] as const) {
  test(`${name} gives what the full escaping gives, for texts with and without characters to escape`, () => {
    const texts = randomTexts(5000);
    let changed = 0;
    for (const text of texts) {
      expect(shortcut(text)).toBe(full(text));
      if (full(text) !== text) changed++;
    }
    expect(changed).toBeGreaterThan(100);
    expect(changed).toBeLessThan(texts.length - 100);
  });
}

test("attributes: undefined ones left out, the rest in order, numbers as text", () => {
  expect(serializeXml({ name: "a", attrs: { z: "1", skip: undefined, n: 2, q: 'say "hi"\n' }, children: [{ name: "b" }, { name: "c", children: "x < y" }] })).toBe(
    '<?xml version="1.0" encoding="UTF-8"?>\n<a z="1" n="2" q="say &quot;hi&quot;&#10;">\n  <b/>\n  <c>x &lt; y</c>\n</a>\n',
  );
});
