// A strict XML 1.0 parser for the subset reports write, for tests that check a report's structure.

export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

/** A strict parser for the subset the reporter writes; throws on anything that is not well-formed XML 1.0. */
export function parseXml(src: string): XmlNode {
  for (const ch of src) {
    const cp = ch.codePointAt(0)!;
    const legal = cp === 9 || cp === 10 || cp === 13 || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || cp >= 0x10000;
    if (!legal) throw new Error(`illegal character U+${cp.toString(16)}`);
  }
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`${why} at ${i}: ${JSON.stringify(src.slice(i, i + 30))}`);
  };
  const decode = (raw: string): string =>
    raw.replace(/&([^;&]*);|&/g, (m, ref: string | undefined) => {
      const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
      if (ref === undefined) return fail("bare &");
      if (ref in named) return named[ref]!;
      const num = /^#(\d+)$/.exec(ref)?.[1] ?? (/^#x([0-9a-fA-F]+)$/.exec(ref) ? String(parseInt(ref.slice(2), 16)) : undefined);
      if (num === undefined) return fail(`unknown entity ${m}`);
      const cp = Number(num);
      if (!(cp === 9 || cp === 10 || cp === 13 || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || cp >= 0x10000)) fail(`illegal reference ${m}`);
      return String.fromCodePoint(cp);
    });
  const name = (): string => {
    const m = /[A-Za-z_][\w.-]*/y;
    m.lastIndex = i;
    const found = m.exec(src)?.[0] ?? fail("expected a name");
    i += found.length;
    return found;
  };
  const ws = () => {
    while (/\s/.test(src[i] ?? "")) i++;
  };
  const element = (): XmlNode => {
    if (src[i] !== "<") fail("expected <");
    i++;
    const node: XmlNode = { name: name(), attrs: {}, children: [], text: "" };
    for (;;) {
      const hadSpace = /\s/.test(src[i] ?? "");
      ws();
      if (src.startsWith("/>", i)) return (i += 2), node;
      if (src[i] === ">") break;
      if (!hadSpace) fail("expected space before an attribute");
      const key = name();
      ws();
      if (src[i++] !== "=") fail("expected =");
      ws();
      const quote = src[i++];
      if (quote !== '"' && quote !== "'") fail("expected a quote");
      const end = src.indexOf(quote!, i);
      if (end === -1) fail("unterminated attribute");
      const raw = src.slice(i, end);
      if (raw.includes("<")) fail("< in an attribute");
      if (key in node.attrs) fail(`duplicate attribute ${key}`);
      node.attrs[key] = decode(raw);
      i = end + 1;
    }
    i++;
    for (;;) {
      const lt = src.indexOf("<", i);
      if (lt === -1) fail("unterminated element");
      const raw = src.slice(i, lt);
      if (raw.includes("]]>")) fail("]]> in text");
      node.text += decode(raw);
      i = lt;
      if (src.startsWith("</", i)) {
        i += 2;
        if (name() !== node.name) fail(`mismatched end tag of ${node.name}`);
        ws();
        if (src[i++] !== ">") fail("expected >");
        return node;
      }
      if (src[i + 1] === "!" || src[i + 1] === "?") fail("unexpected markup");
      node.children.push(element());
    }
  };
  const prolog = /^<\?xml version="1\.0" encoding="UTF-8"\?>\n/.exec(src);
  if (!prolog) fail("missing XML declaration");
  i = prolog![0].length;
  const root = element();
  ws();
  if (i !== src.length) fail("content after the root element");
  return root;
}

export function all(node: XmlNode, name: string): XmlNode[] {
  return [...(node.name === name ? [node] : []), ...node.children.flatMap((c) => all(c, name))];
}
