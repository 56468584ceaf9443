// Turns the Markdown the reports write (headings, tables, fences, quotes, alerts, lists, <details>, code spans, bold) into HTML.
import { htmlText, NO_LINK } from "./markdown-text.ts";

const ALERT = /^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]$/;

/** Inline Markdown of one line: code spans, backslash escapes, **bold**, mdText's empty comments; everything else is text. */
export function inlineHtml(text: string): string {
  let out = "";
  let i = 0;
  let bold = false;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "\\" && i + 1 < text.length && /[\\`*_[\]<>|~#!&$:]/.test(text[i + 1]!)) {
      out += htmlText(text[i + 1]!);
      i += 2;
    } else if (c === "<" && text.startsWith(NO_LINK, i)) {
      // The comment mdText puts after an `@` or `#` GitHub would link: it shows nothing.
      i += NO_LINK.length;
    } else if (c === "`") {
      const fence = /^`+/.exec(text.slice(i))![0];
      const end = text.indexOf(fence, i + fence.length);
      if (end < 0) {
        out += htmlText(fence);
        i += fence.length;
        continue;
      }
      let code = text.slice(i + fence.length, end);
      if (/^ .* $/.test(code) && code.trim() !== "") code = code.slice(1, -1);
      out += `<code>${htmlText(code)}</code>`;
      i = end + fence.length;
    } else if (text.startsWith("**", i)) {
      out += bold ? "</strong>" : "<strong>";
      bold = !bold;
      i += 2;
    } else {
      out += htmlText(c);
      i++;
    }
  }
  return bold ? `${out}</strong>` : out;
}

/** Splits a table row into cells at pipes that are not escaped (\|) and not inside a code span. */
function cells(row: string): string[] {
  const inner = row.trim().replace(/^\|/, "").replace(/\|$/, "");
  const out: string[] = [];
  let cell = "";
  let fence = "";
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i]!;
    if (c === "\\" && inner[i + 1] === "|") {
      cell += fence ? "|" : "\\|";
      i++;
    } else if (c === "`") {
      const run = /^`+/.exec(inner.slice(i))![0];
      if (!fence) fence = run;
      else if (run === fence) fence = "";
      cell += run;
      i += run.length - 1;
    } else if (c === "|" && !fence) {
      out.push(cell.trim());
      cell = "";
    } else cell += c;
  }
  out.push(cell.trim());
  return out;
}

function table(rows: string[]): string {
  const [head, rule, ...body] = rows.map(cells);
  const align = rule!.map((r) => (r.endsWith(":") ? ' class="num"' : ""));
  const tr = (row: string[], tag: "th" | "td") => `<tr>${row.map((c, i) => `<${tag}${align[i] ?? ""}>${inlineHtml(c)}</${tag}>`).join("")}</tr>`;
  return `<table><thead>${tr(head!, "th")}</thead><tbody>${body.map((r) => tr(r, "td")).join("")}</tbody></table>`;
}

/** A fence line: three backticks or more, and a language word or nothing. */
const FENCE = /^(`{3,})(\S*)$/;

/** Converts a report's Markdown to an HTML fragment; `<details>`/`<summary>` lines pass through as written. */
export function markdownToHtml(markdown: string): string {
  const lines = markdown.split("\n");
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    const fence = FENCE.exec(line);
    if (fence) {
      const body: string[] = [];
      i++;
      while (i < lines.length && lines[i] !== fence[1]) body.push(lines[i++]!);
      i++;
      out.push(`<pre><code>${htmlText(body.join("\n"))}</code></pre>`);
      continue;
    }
    const heading = /^(#{1,6}) (.*)$/.exec(line);
    if (heading) {
      const level = heading[1]!.length;
      out.push(`<h${level}>${inlineHtml(heading[2]!)}</h${level}>`);
      i++;
      continue;
    }
    if (line.startsWith("|")) {
      const rows: string[] = [];
      while (i < lines.length && lines[i]!.startsWith("|")) rows.push(lines[i++]!);
      out.push(table(rows));
      continue;
    }
    if (line.startsWith(">")) {
      const quoted: string[] = [];
      while (i < lines.length && lines[i]!.startsWith(">")) quoted.push(lines[i++]!.replace(/^> ?/, ""));
      const alert = ALERT.exec(quoted[0] ?? "");
      const body = (alert ? quoted.slice(1) : quoted).map(inlineHtml).join(" ");
      out.push(alert ? `<blockquote class="alert ${alert[1]!.toLowerCase()}">${body}</blockquote>` : `<blockquote>${body}</blockquote>`);
      continue;
    }
    if (/^<\/?details>?|^<summary>/.test(line)) {
      out.push(line);
      i++;
      continue;
    }
    if (/^[-*] /.test(line)) {
      const items: string[] = [];
      while (i < lines.length && /^[-*] /.test(lines[i]!)) items.push(lines[i++]!.slice(2));
      out.push(`<ul>${items.map((it) => `<li>${inlineHtml(it)}</li>`).join("")}</ul>`);
      continue;
    }
    if (line.trim() === "") {
      i++;
      continue;
    }
    // The first line is one no block above took (a line starting with ``` that is no fence, a code span of a command
    // that holds ```, left the loop taking none and pushing empty paragraphs until memory ran out).
    const para: string[] = [lines[i++]!];
    while (i < lines.length && lines[i]!.trim() !== "" && !FENCE.test(lines[i]!) && !/^(#{1,6} |\||>|<\/?details|[-*] )/.test(lines[i]!)) para.push(lines[i++]!);
    out.push(`<p>${para.map(inlineHtml).join("<br>")}</p>`);
  }
  return out.join("\n");
}
