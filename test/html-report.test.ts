// The HTML report as a browser shows it: a real headless Chromium opens latest.html of a failed and a passed run.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { findChromium, openPage, type Page } from "./helpers/chromium.ts";
import { runCli, tempDir, writeScenario } from "./helpers/cli.ts";
import { describeRequiring } from "./helpers/requires.ts";

const chromium = findChromium();

describeRequiring("the HTML report in Chromium", "Chromium", chromium.missing, () => {
  let page: Page;
  beforeAll(async () => {
    page = await openPage(chromium.bin!);
  });
  afterAll(async () => {
    await page?.close();
  });

  test("a failed run: title and status, the failing step with expected and actual, details collapsed until opened, no external asset", async () => {
    const dir = tempDir();
    const file = writeScenario(dir, `name: html check
steps:
  - name: "Escapes <script>alert(1)</script>"
    shell: { run: "true" }
  - name: Service answers
    service: api
    shell:
      run: "printf '<b>%s</b>\\n' bold; seq 2 | sed s/^/row-/; exit 3"
      expect: { exit_code: 0 }
`);
    const r = await runCli([file, "--report", "html", "--report-dir", join(dir, "reports")], { cwd: dir });
    expect(r.code).toBe(1);
    const latest = join(dir, "reports", "latest.html");
    expect(existsSync(latest)).toBe(true);
    expect(r.stdout).toContain("reports/latest.html");
    await page.goto(`file://${latest}`);

    expect(await page.evaluate<string>("document.title")).toBe("html check — failed");
    const text = await page.evaluate<string>("document.body.innerText");
    expect(text).toContain("html check — failed");
    expect(text).toContain("Escapes <script>alert(1)</script>");
    expect(text).toMatch(/exit_code\s+== 0\s+3/);
    expect(await page.evaluate<number>("document.scripts.length")).toBe(0);
    expect(await page.evaluate<number>("document.querySelectorAll('link, img, iframe').length")).toBe(0);
    expect(await page.evaluate<number>("performance.getEntriesByType('resource').length")).toBe(0);
    expect(await page.evaluate<string>("getComputedStyle(document.querySelector('table')).borderCollapse")).toBe("collapse");

    const details = await page.evaluate<{ summary: string; open: boolean; bodyVisible: boolean }[]>(
      "[...document.querySelectorAll('details')].map((d) => ({ summary: d.querySelector('summary').innerText, open: d.open, bodyVisible: d.querySelector('pre').checkVisibility() }))",
    );
    const output = details.find((d) => d.summary.includes("stdout"));
    expect(output).toEqual({ summary: expect.stringContaining("stdout"), open: false, bodyVisible: false });
    expect(text).not.toContain("row-1");
    const opened = await page.evaluate<{ visible: boolean; text: string }>(
      "(() => { const d = [...document.querySelectorAll('details')].find((d) => d.querySelector('summary').innerText.includes('stdout')); d.querySelector('summary').click(); const pre = d.querySelector('pre'); return { visible: pre.checkVisibility(), text: pre.innerText }; })()",
    );
    expect(opened).toEqual({ visible: true, text: "<b>bold</b>\nrow-1\nrow-2" });
  });

  test("a passed run renders as passed, with its steps table", async () => {
    const dir = tempDir();
    const file = writeScenario(dir, "name: html pass\nsteps:\n  - name: Works\n    shell: { run: \"true\" }\n");
    const r = await runCli([file, "--report", "html", "--report-dir", join(dir, "reports")], { cwd: dir });
    expect(r.code).toBe(0);
    await page.goto(`file://${join(dir, "reports", "latest.html")}`);
    expect(await page.evaluate<string>("document.body.className")).toBe("passed");
    const rows = await page.evaluate<string[]>("[...document.querySelectorAll('table')][1].innerText.split('\\n')");
    expect(rows.join("\n")).toMatch(/1\s+Works\s+✅ passed/);
  });
});
