// A small XML tree and its serialiser: escapes markup, and writes characters XML 1.0 forbids or that reorder or hide text as visible \xNN, \uNNNN.
import { INVISIBLE_CHARS, visible } from "./format.ts";

export interface XmlElement {
  name: string;
  attrs?: Record<string, string | number | undefined>;
  /** Child elements, or one text body. */
  children?: XmlElement[] | string;
}

/**
 * Text safe for XML 1.0: control characters other than tab/newline shown as \xNN, lone surrogates and U+FFFE/F
 * replaced; and the characters that reorder or hide text shown as \uNNNN, for the CI pages that show a test case's name.
 */
function xmlSafe(text: string): string {
  return visible(text).replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|[\uFFFE\uFFFF]/g, "\uFFFD");
}

/** Every character escapeText changes (control characters but tab and newline, those that reorder or hide text, markup, surrogates, U+FFFE/F): most texts have none. */
const TEXT_CHANGES = new RegExp(String.raw`[${INVISIBLE_CHARS}&<>\uD800-\uDFFF\uFFFE\uFFFF]`);
/** Every character escapeAttr changes: those of escapeText, quotes, newline and tab. */
const ATTR_CHANGES = new RegExp(String.raw`[\t\n${INVISIBLE_CHARS}&<>"'\uD800-\uDFFF\uFFFE\uFFFF]`);

/** Text as an element body: what escapeTextFully gives, without its passes over a text it leaves as it is. */
export function escapeText(text: string): string {
  return TEXT_CHANGES.test(text) ? escapeTextFully(text) : text;
}

/** Text as an attribute value: what escapeAttrFully gives, without its passes over a text it leaves as it is. */
export function escapeAttr(text: string): string {
  return ATTR_CHANGES.test(text) ? escapeAttrFully(text) : text;
}

export function escapeTextFully(text: string): string {
  return xmlSafe(text).replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"));
}

export function escapeAttrFully(text: string): string {
  return escapeTextFully(text)
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&apos;")
    .replaceAll("\n", "&#10;")
    .replaceAll("\t", "&#9;");
}

/** Serialises an element tree with two-space indentation (text bodies are kept exactly). */
export function serializeXml(root: XmlElement): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const walk = (el: XmlElement, depth: number) => {
    const pad = "  ".repeat(depth);
    let attrs = "";
    for (const k in el.attrs) {
      const v = el.attrs[k];
      if (v !== undefined) attrs += ` ${k}="${escapeAttr(String(v))}"`;
    }
    const c = el.children;
    if (c === undefined || c.length === 0) out.push(`${pad}<${el.name}${attrs}/>`);
    else if (typeof c === "string") out.push(`${pad}<${el.name}${attrs}>${escapeText(c)}</${el.name}>`);
    else {
      out.push(`${pad}<${el.name}${attrs}>`);
      for (const child of c) walk(child, depth + 1);
      out.push(`${pad}</${el.name}>`);
    }
  };
  walk(root, 0);
  return `${out.join("\n")}\n`;
}
