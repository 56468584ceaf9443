// The HTML reporter: one self-contained page per run (<slug>-<stamp>.html and latest.html), the Markdown report's content with collapsible details.
import { renderMarkdown } from "./markdown-render.ts";
import { markdownToHtml } from "./markdown-html.ts";
import { htmlText } from "./markdown-text.ts";
import { writeRunReport } from "./names.ts";
import { runStatus } from "./run-record.ts";
import { RunReporter, type CollectedRuns } from "./run-reporter.ts";

const STYLE = `
body { font: 15px/1.5 system-ui, sans-serif; max-width: 72rem; margin: 2rem auto; padding: 0 1rem; color: #1f2328; }
h2 { border-bottom: 1px solid #d0d7de; padding-bottom: .3rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
th, td { border: 1px solid #d0d7de; padding: .25rem .6rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td.num, th.num { text-align: right; }
code { font: 13px ui-monospace, monospace; background: #f6f8fa; padding: .1rem .3rem; border-radius: 4px; }
pre { background: #f6f8fa; padding: .75rem; overflow-x: auto; border-radius: 6px; }
pre code { padding: 0; background: none; }
blockquote { margin: .5rem 0; padding: .25rem 1rem; border-left: 4px solid #d0d7de; color: #59636e; }
blockquote.alert.warning, blockquote.alert.caution { border-color: #bf8700; color: #1f2328; }
details { margin: .25rem 0 .75rem; }
summary { cursor: pointer; font-weight: 600; }
body.failed h2:first-of-type { color: #cf222e; }
body.passed h2:first-of-type { color: #1a7f37; }
`;

/** A whole page around the report's HTML; no scripts, no external assets. */
export function htmlPage(title: string, status: string, bodyHtml: string): string {
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${htmlText(title)}</title>`,
    `<style>${STYLE}</style>`,
    "</head>",
    `<body class="${htmlText(status)}">`,
    bodyHtml,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

export interface HtmlReporterOptions extends CollectedRuns {
  reportDir: string;
  /** Added to the file name ("<slug>-<stamp>-<suffix>"): the run id when several files run at once. */
  nameSuffix?: string;
  /** Clock for the duration of a run that never ended (tests). */
  now?: () => Date;
}

export class HtmlReporter extends RunReporter<HtmlReporterOptions> {
  readonly name = "html";

  async finish(): Promise<string[]> {
    const now = this.options.now ?? (() => new Date());
    const written: string[] = [];
    for (const run of this.runs) {
      const page = htmlPage(`${run.scenario} — ${runStatus(run)}`, runStatus(run), markdownToHtml(renderMarkdown(run, now())));
      await writeRunReport(run, this.options.reportDir, ".html", page, this.options.nameSuffix, written);
    }
    return written;
  }
}
