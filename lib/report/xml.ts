// A small XML tree and its serialiser: escapes markup, and writes characters XML 1.0 forbids as visible \xNN text.
import { printable } from "./format.ts";

export interface XmlElement {
  name: string;
  attrs?: Record<string, string | number | undefined>;
  /** Child elements, or one text body. */
  children?: XmlElement[] | string;
}

/** Text safe for XML 1.0: control characters other than tab/newline shown as \xNN, lone surrogates and U+FFFE/F replaced. */
function xmlSafe(text: string): string {
  return printable(text).replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|[\uFFFE\uFFFF]/g, "\uFFFD");
}

function escapeText(text: string): string {
  return xmlSafe(text).replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"));
}

function escapeAttr(text: string): string {
  return escapeText(text)
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
    const attrs = Object.entries(el.attrs ?? {})
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => ` ${k}="${escapeAttr(String(v))}"`)
      .join("");
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
