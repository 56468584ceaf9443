// Tests of doc-block updates: only the scenario's own block changes; the first update appends it.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { chmod, lstat, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { chmodSync, existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { runUnprivilegedJson, treeWithLocked } from "../../test/helpers/unprivileged.ts";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { blockProblems, type DocBlockError, lockFile, nestHeadings, replaceBlock, updateDocBlock } from "./update-doc.ts";

describe("replaceBlock", () => {
  test.each([
    ["empty document", "", "<!-- scenario:a:begin -->\nA\n<!-- scenario:a:end -->\n"],
    ["no trailing newline", "# Doc", "# Doc\n\n<!-- scenario:a:begin -->\nA\n<!-- scenario:a:end -->\n"],
    ["trailing newline", "# Doc\n", "# Doc\n\n<!-- scenario:a:begin -->\nA\n<!-- scenario:a:end -->\n"],
    [
      "existing block, bytes around kept",
      "x\r\n<!-- scenario:a:begin -->\nold\nlines\n<!-- scenario:a:end -->  tail\r\n",
      "x\r\n<!-- scenario:a:begin -->\nA\n<!-- scenario:a:end -->  tail\r\n",
    ],
  ])("%s", (_, doc, expected) => {
    expect(replaceBlock(doc, "a", "A\n\n")).toBe(expected);
  });

  test("a marker quoted in the content cannot close the block early", () => {
    const once = replaceBlock("", "a", "log: <!-- scenario:a:end -->");
    const twice = replaceBlock(once, "a", "new");
    expect(twice).toBe("<!-- scenario:a:begin -->\nnew\n<!-- scenario:a:end -->\n");
  });

  const report = ["## ✅ Run — passed", "", "### Summary", "", "```", "## a log line, not a heading", "```", "", "#### Detail", "#hashtag"].join("\n");

  test("the report's headings are nested under the section the block is in; code blocks and non-headings stay", () => {
    const doc = "# Logging\n\n## Integration test\n\n<!-- scenario:a:begin -->\nold\n<!-- scenario:a:end -->\n\n## After\n";
    const body = replaceBlock(doc, "a", report).split("<!-- scenario:a:begin -->\n")[1]!.split("\n<!-- scenario:a:end -->")[0];
    expect(body).toBe(["### ✅ Run — passed", "", "#### Summary", "", "```", "## a log line, not a heading", "```", "", "##### Detail", "#hashtag"].join("\n"));
    // Updated again, the same: the level comes from the heading before the block, outside it.
    expect(replaceBlock(replaceBlock(doc, "a", report), "a", report)).toBe(replaceBlock(doc, "a", report));
  });

  test("appended, the block nests under the document's last section", () => {
    expect(replaceBlock("# Doc\n\n### Deep\n", "a", report)).toContain("<!-- scenario:a:begin -->\n#### ✅ Run — passed\n\n##### Summary\n");
  });

  test("a setext heading (text underlined with === or ---) is the section too; a --- after a blank line is a rule, no heading", () => {
    // Only ATX headings counted: under `Integration test` + `---` (a level-2 heading) the report's `##` title stayed a sibling.
    expect(replaceBlock("Logging\n=======\n\nIntegration test\n----------------\n\nText.\n", "a", "## A")).toContain("<!-- scenario:a:begin -->\n### A\n");
    expect(replaceBlock("Logging\n=======\n\nText.\n", "a", "## A")).toContain("<!-- scenario:a:begin -->\n## A\n");
    expect(replaceBlock("# Doc\n\ntext\n\n---\n\n- item\n---\n", "a", "## A")).toContain("<!-- scenario:a:begin -->\n## A\n");
    expect(replaceBlock("# Doc\n\n```\ncode\n---\n```\n", "a", "## A")).toContain("<!-- scenario:a:begin -->\n## A\n");
  });

  test("never past ######, never moved up, and a heading in the document's code blocks does not count", () => {
    expect(nestHeadings("## A\n#### B", 5)).toBe("###### A\n###### B");
    expect(nestHeadings("## A", 0)).toBe("## A");
    expect(replaceBlock("# Doc\n\n```\n### not a heading\n```\n", "a", "## A")).toContain("<!-- scenario:a:begin -->\n## A\n");
    expect(nestHeadings("no heading\n", 3)).toBe("no heading\n");
  });

  test("a block appended after another nests under the document's section, not under the other report's headings", () => {
    const one = replaceBlock("# Doc\n\n## Integration test\n", "a", "## ✅ A\n\n### Steps\n");
    const two = replaceBlock(one, "b", "## ✅ B\n\n### Steps\n");
    expect(two).toContain("<!-- scenario:b:begin -->\n### ✅ B\n\n#### Steps\n<!-- scenario:b:end -->");
    // Refreshed, each keeps its level.
    expect(replaceBlock(replaceBlock(two, "a", "## ✅ A\n\n### Steps\n"), "b", "## ✅ B\n\n### Steps\n")).toBe(two);
  });

  test("a begin marker without its end is an error, not a clobbered document", () => {
    expect(() => replaceBlock("<!-- scenario:a:begin -->\nrest", "a", "A")).toThrow(/has no matching <!-- scenario:a:end -->/);
  });

  test("a marker at fault is named by its line", () => {
    const lineOf = (doc: string) => {
      try {
        replaceBlock(doc, "a", "A");
      } catch (err) {
        return [(err as DocBlockError).line, (err as Error).message];
      }
      return undefined;
    };
    expect(lineOf("# D\n\n<!-- scenario:a:begin -->\nrest")?.[0]).toBe(3);
    const twice = lineOf("<!-- scenario:a:begin -->\n<!-- scenario:a:end -->\n\n<!-- scenario:a:begin -->\n<!-- scenario:a:end -->\n");
    expect(twice).toEqual([4, expect.stringContaining("twice (also at line 1)")]);
    expect(lineOf("<!-- scenario:a:begin -->\nx\n  <!-- scenario:b:begin -->\n<!-- scenario:a:end -->\n")?.[0]).toBe(3);
  });
});

describe("updateDocBlock", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "update-doc-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test("two scenarios share one document; each update touches only its own block", async () => {
    const doc = join(dir, "docs", "LOGGING.md");
    await updateDocBlock(doc, "alpha", "alpha 1"); // creates the file and its directory
    await updateDocBlock(doc, "beta", "beta 1");
    const withIntro = `# Logging\n\nHand-written intro.\n\n${await readFile(doc, "utf8")}\nHand-written outro.\n`;
    await writeFile(doc, withIntro);
    await updateDocBlock(doc, "alpha", "alpha 2\nsecond line");
    expect(await readFile(doc, "utf8")).toBe(
      [
        "# Logging",
        "",
        "Hand-written intro.",
        "",
        "<!-- scenario:alpha:begin -->",
        "alpha 2",
        "second line",
        "<!-- scenario:alpha:end -->",
        "",
        "<!-- scenario:beta:begin -->",
        "beta 1",
        "<!-- scenario:beta:end -->",
        "",
        "Hand-written outro.",
        "",
      ].join("\n"),
    );
    expect(await readdir(join(dir, "docs"))).toEqual(["LOGGING.md"]);
  });

  test("updates started at once (runs under --jobs) keep every block", async () => {
    const doc = join(dir, "LOGGING.md");
    const names = Array.from({ length: 8 }, (_, i) => `s${i}`);
    await Promise.all(names.map((n) => updateDocBlock(doc, n, `${n} body`)));
    const text = await readFile(doc, "utf8");
    for (const n of names) expect(text).toContain(`<!-- scenario:${n}:begin -->\n${n} body\n`);
  });

  test("a failed update does not stop the next one of the same document", async () => {
    const doc = join(dir, "broken.md");
    await writeFile(doc, "<!-- scenario:a:begin -->\nno end\n");
    const failed = updateDocBlock(doc, "a", "x");
    const next = updateDocBlock(doc, "b", "y");
    await expect(failed).rejects.toThrow(/no matching/);
    await next;
    expect(await readFile(doc, "utf8")).toContain("<!-- scenario:b:begin -->\ny\n");
  });
});

describe("updateDocBlock edits the document as it is (found by a new-user trial)", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "update-doc-keep-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test("the document keeps its mode, and a link keeps pointing at the document it updates", async () => {
    const real = join(dir, "real.md");
    await writeFile(real, "# Logging\n");
    await chmod(real, 0o600);
    await symlink("real.md", join(dir, "link.md"));
    await updateDocBlock(join(dir, "link.md"), "a", "body");
    expect((await lstat(join(dir, "link.md"))).isSymbolicLink()).toBe(true);
    expect(await readFile(real, "utf8")).toBe("# Logging\n\n<!-- scenario:a:begin -->\nbody\n<!-- scenario:a:end -->\n");
    expect((await stat(real)).mode & 0o777).toBe(0o600);
  });

  test("a link to a document not there yet creates the document and stays a link", async () => {
    await symlink("missing.md", join(dir, "dangling.md"));
    await updateDocBlock(join(dir, "dangling.md"), "a", "body");
    expect((await lstat(join(dir, "dangling.md"))).isSymbolicLink()).toBe(true);
    expect(await readFile(join(dir, "missing.md"), "utf8")).toBe("<!-- scenario:a:begin -->\nbody\n<!-- scenario:a:end -->\n");
  });

  test("markers shown as an example inside a fenced code block are text, not the block", async () => {
    const doc = join(dir, "example.md");
    const example = "# Logging\n\nThe block looks like this:\n\n```md\n<!-- scenario:a:begin -->\n…\n<!-- scenario:a:end -->\n```\n\n## Integration test\n";
    await writeFile(doc, example);
    await updateDocBlock(doc, "a", "## Report\nbody");
    expect(await readFile(doc, "utf8")).toBe(`${example}\n<!-- scenario:a:begin -->\n### Report\nbody\n<!-- scenario:a:end -->\n`);
    await updateDocBlock(doc, "a", "## Report\nbody 2");
    expect(await readFile(doc, "utf8")).toBe(`${example}\n<!-- scenario:a:begin -->\n### Report\nbody 2\n<!-- scenario:a:end -->\n`);
  });

  test("markers named in a sentence (inline code) are text, not the block: only a marker that starts its line counts", async () => {
    // The block between the two inline markers was replaced: the report was spliced into the paragraph, its sentence cut.
    const doc = join(dir, "prose.md");
    const prose = "# Logging\n\nThe run writes between `<!-- scenario:a:begin -->` and `<!-- scenario:a:end -->`; keep this.\n\n## Integration test\n";
    await writeFile(doc, prose);
    await updateDocBlock(doc, "a", "## Report\nbody");
    expect(await readFile(doc, "utf8")).toBe(`${prose}\n<!-- scenario:a:begin -->\n### Report\nbody\n<!-- scenario:a:end -->\n`);
    await updateDocBlock(doc, "a", "## Report\nbody 2");
    expect(await readFile(doc, "utf8")).toBe(`${prose}\n<!-- scenario:a:begin -->\n### Report\nbody 2\n<!-- scenario:a:end -->\n`);
    expect(blockProblems(doc, [{ name: "a", owner: "a" }])).toEqual([]);
  });

  test("markers indented as code (four spaces or more, or a tab) are text, not the block; up to three spaces they are the block", async () => {
    // The indented example became the block: its lines were replaced by the report.
    const doc = join(dir, "indented.md");
    const example = "## Integration test\n\n    <!-- scenario:a:begin -->\n    indented example\n    <!-- scenario:a:end -->\n\n\t<!-- scenario:a:begin -->\n\t<!-- scenario:a:end -->\n";
    await writeFile(doc, example);
    await updateDocBlock(doc, "a", "## Report\nbody");
    expect(await readFile(doc, "utf8")).toBe(`${example}\n<!-- scenario:a:begin -->\n### Report\nbody\n<!-- scenario:a:end -->\n`);
    const near = join(dir, "three.md");
    await writeFile(near, "## Integration test\n\n   <!-- scenario:a:begin -->\nold\n   <!-- scenario:a:end -->\nafter\n");
    await updateDocBlock(near, "a", "## Report\nbody");
    expect(await readFile(near, "utf8")).toContain("body");
    expect(await readFile(near, "utf8")).not.toContain("old");
    expect(await readFile(near, "utf8")).toEndWith("after\n");
  });

  test("the line naming the scenario is one HTML comment whatever the name: --!> and --> cannot end it, and the name reads back", async () => {
    const doc = join(dir, "owner.md");
    const name = "ok --!><h1>All checks passed</h1><!-- x --> y";
    await updateDocBlock(doc, "ok", "failed", name);
    const written = await readFile(doc, "utf8");
    const line = written.split("\n")[1]!;
    expect(line).toBe('<!-- scenario-name: "ok --!\\u003e\\u003ch1\\u003eAll checks passed\\u003c/h1\\u003e\\u003c!-- x --\\u003e y" -->');
    // One comment: no `>` before its own end.
    expect(line.slice(0, -3).includes(">")).toBe(false);
    // Read back as the same scenario's block.
    await updateDocBlock(doc, "ok", "again", name);
    expect(await readFile(doc, "utf8")).toContain("again");
    await expect(updateDocBlock(doc, "ok", "other", "ok")).rejects.toThrow(`holds the report of scenario ${JSON.stringify(name)}`);
  });

  test("a CRLF document gets its block with CRLF line ends", async () => {
    const doc = join(dir, "crlf.md");
    await writeFile(doc, "# Logging\r\n\r\nintro\r\n");
    await updateDocBlock(doc, "a", "one\ntwo");
    expect(await readFile(doc, "utf8")).toBe("# Logging\r\n\r\nintro\r\n\r\n<!-- scenario:a:begin -->\r\none\r\ntwo\r\n<!-- scenario:a:end -->\r\n");
  });

  test("a block another scenario of the same block name wrote, or a block written twice, is refused; a missing folder is a problem before the run", async () => {
    const doc = join(dir, "doc.md");
    await updateDocBlock(doc, "a-b", "first", "A B");
    await updateDocBlock(doc, "a-b", "again", "A B");
    expect(await readFile(doc, "utf8")).toBe('<!-- scenario:a-b:begin -->\n<!-- scenario-name: "A B" -->\nagain\n<!-- scenario:a-b:end -->\n');
    await expect(updateDocBlock(doc, "a-b", "other", "a-b")).rejects.toThrow('holds the report of scenario "A B", not of "a-b"');
    expect(blockProblems(doc, [{ name: "a-b", owner: "a --> b" }])).toEqual([`${doc}:1: <!-- scenario:a-b:begin --> holds the report of scenario "A B", not of "a --> b" (both names make the block's name "a-b"): rename one of the scenarios`]);
    await writeFile(doc, "<!-- scenario:x:begin -->\n1\n<!-- scenario:x:end -->\n<!-- scenario:x:begin -->\n2\n<!-- scenario:x:end -->\n");
    expect(blockProblems(doc, [{ name: "x", owner: "x" }])[0]).toBe(`${doc}:4: <!-- scenario:x:begin --> is in the document twice (also at line 1): only the first block would be updated, the other left stale; remove one`);
    expect(blockProblems(join(dir, "nodir", "x", "LOG.md"), [{ name: "x", owner: "x" }])).toEqual([`${join(dir, "nodir", "x", "LOG.md")}: the folder ${join(dir, "nodir", "x")} does not exist (create it, or check the path)`]);
    // A folder where the document goes is said in words (it was Node's "EISDIR: illegal operation on a directory, read").
    mkdirSync(join(dir, "LOGGING.md"));
    expect(blockProblems(join(dir, "LOGGING.md"), [{ name: "x", owner: "x" }])).toEqual([`${join(dir, "LOGGING.md")}: it is a folder, not a Markdown document (give the file the block goes in)`]);
  });

  test("a document that is a FIFO or a device is refused at once, before the run and at the update: reading it held the run blocked in open()", async () => {
    const fifo = join(dir, "doc-fifo");
    expect(Bun.spawnSync(["mkfifo", fifo]).exitCode).toBe(0);
    const why = (path: string, kind: string) => `${path}: it is ${kind}, not a regular file: the update reads the document and writes a new copy over it; give a Markdown file`;
    expect(blockProblems(fifo, [{ name: "x", owner: "x" }])).toEqual([why(fifo, "a FIFO (named pipe)")]);
    // Through a link, too (the update writes the link's target).
    await symlink(fifo, join(dir, "link.md"));
    expect(blockProblems(join(dir, "link.md"), [{ name: "x", owner: "x" }])).toEqual([why(join(dir, "link.md"), "a FIFO (named pipe)")]);
    expect(blockProblems("/dev/null", [{ name: "x", owner: "x" }])[0]).toBe(why("/dev/null", "a character device"));
    await expect(updateDocBlock(fifo, "x", "report")).rejects.toThrow(`${fifo} is a FIFO (named pipe), not a regular file`);
    expect((await lstat(fifo)).isFIFO()).toBe(true);
  });
});

describe("a document the update could not keep whole is refused (found by a new-user trial)", () => {
  test("another block nested in the block, or overlapping it, or the block's begin again inside it: refused, not deleted", () => {
    const nested = "<!-- scenario:basic:begin -->\nold\n<!-- scenario:other:begin -->\nOTHER\n<!-- scenario:other:end -->\n<!-- scenario:basic:end -->\n";
    expect(() => replaceBlock(nested, "basic", "new")).toThrow("<!-- scenario:basic:begin --> … <!-- scenario:basic:end --> holds <!-- scenario:other:begin -->");
    const overlap = "<!-- scenario:basic:begin -->\n<!-- scenario:other:begin -->\nO\n<!-- scenario:basic:end -->\n<!-- scenario:other:end -->\n";
    expect(() => replaceBlock(overlap, "basic", "new")).toThrow("holds <!-- scenario:other:begin -->");
    const twice = "<!-- scenario:basic:begin -->\n  <!-- scenario:basic:begin -->\nx\n<!-- scenario:basic:end -->\n<!-- scenario:basic:end -->\n";
    expect(() => replaceBlock(twice, "basic", "new")).toThrow("holds <!-- scenario:basic:begin -->");
    // Shown inside a fence within the block, a marker is text.
    const fenced = "<!-- scenario:basic:begin -->\n```\n<!-- scenario:other:begin -->\n```\n<!-- scenario:basic:end -->\n";
    expect(replaceBlock(fenced, "basic", "new")).toBe("<!-- scenario:basic:begin -->\nnew\n<!-- scenario:basic:end -->\n");
    // The other block itself is updated as before.
    expect(replaceBlock(nested, "other", "NEW")).toContain("<!-- scenario:other:begin -->\nNEW\n<!-- scenario:other:end -->");
  });

  test("a code fence never closed: appending would put the block inside it, once more on every run", () => {
    const doc = "# T\n\n```bash\necho hi\n\n## Integration test\n\n<!-- scenario:basic:begin -->\nX\n<!-- scenario:basic:end -->\n";
    expect(() => replaceBlock(doc, "basic", "new")).toThrow("the code fence ``` opened at line 3 is never closed");
    expect(replaceBlock("# T\n\n```\ncode\n```\n", "basic", "new")).toBe("# T\n\n```\ncode\n```\n\n<!-- scenario:basic:begin -->\nnew\n<!-- scenario:basic:end -->\n");
    // ``` `x` ``` is inline code (a backtick fence's info string holds no backtick): no fence is opened.
    expect(replaceBlock("# T\n\n``` `x` ```\n", "basic", "new")).toBe("# T\n\n``` `x` ```\n\n<!-- scenario:basic:begin -->\nnew\n<!-- scenario:basic:end -->\n");
  });

  test("a marker of this block written otherwise, or an end marker without its begin, is refused at its line: the report went to the document's end and that block stayed stale", () => {
    // Each of these was taken for no block: the report was appended at the end of the document (under its last
    // section), the block the user placed kept its old text, and the run exited 0.
    const at = (doc: string, name = "full-stack") => {
      try {
        replaceBlock(doc, name, "new");
      } catch (err) {
        return [(err as DocBlockError).line, (err as Error).message];
      }
      return undefined;
    };
    const section = "# Logging\n\n## Integration test\n\n";
    for (const begin of ["<!--scenario:full-stack:begin-->", "<!-- scenario:Full-Stack:begin -->", "<!--  scenario: full-stack :begin  -->", "<!-- scenario:full-stack:begin --> <!-- keep -->", "> <!-- scenario:full-stack:begin --> x", "- <!-- SCENARIO:full-stack:BEGIN -->"]) {
      expect(at(`${section}${begin}\nNot run yet.\n<!-- scenario:full-stack:end -->\n\n## After\n`)).toEqual([
        5,
        `${begin.replace(/^[->] /, "").replace(/-->.*$/, "-->")} looks like the begin marker of this scenario's block, but is not <!-- scenario:full-stack:begin --> alone on its line: the report would be appended at the end of the document and this block left as it is; write the marker as <!-- scenario:full-stack:begin -->, alone on its line`,
      ]);
    }
    expect(at(`${section}Not run yet.\n<!-- scenario:full-stack:end -->\n`)).toEqual([
      6,
      "<!-- scenario:full-stack:end --> has no <!-- scenario:full-stack:begin --> before it: the report would be appended at the end of the document and this marker left without its pair; add the begin marker alone on its line above the block, or remove this one",
    ]);
    // A near miss beside the real block: the real one would be updated and the other left stale.
    expect(at(`${section}<!-- scenario:full-stack:begin -->\nold\n<!-- scenario:full-stack:end -->\n\n<!--scenario:full-stack:begin-->\nx\n<!--scenario:full-stack:end-->\n`)?.[0]).toBe(9);
    // Not refused: another scenario's markers, the markers shown in code or in a sentence, an end marker with text after it.
    expect(at(`${section}<!--scenario:other:begin-->\n<!-- scenario:full-stack-2:end -->\n`)).toBeUndefined();
    expect(at(`${section}\`\`\`\n<!--scenario:full-stack:begin-->\n\`\`\`\n\n    <!-- scenario:full-stack:end -->\n\nSee \`<!-- scenario:full-stack:begin -->\`.\n`)).toBeUndefined();
    expect(at(`${section}<!-- scenario:full-stack:begin -->\nold\n<!-- scenario:full-stack:end -->  tail\n`)).toBeUndefined();
  });

  test("a marker of this block written otherwise is a problem before the run, named at its line", async () => {
    const dir = await mkdtemp(join(tmpdir(), "update-doc-stray-"));
    try {
      const doc = join(dir, "LOGGING.md");
      await writeFile(doc, "# Logging\n\n## Integration test\n\n<!--scenario:a:begin-->\nNot run yet.\n<!--scenario:a:end-->\n");
      expect(blockProblems(doc, [{ name: "a", owner: "a" }])).toEqual([
        `${doc}:5: <!--scenario:a:begin--> looks like the begin marker of this scenario's block, but is not <!-- scenario:a:begin --> alone on its line: the report would be appended at the end of the document and this block left as it is; write the marker as <!-- scenario:a:begin -->, alone on its line`,
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("a byte order mark before a block on the first line: the block is found, and the mark kept", () => {
    expect(replaceBlock("\uFEFF<!-- scenario:a:begin -->\nold\n<!-- scenario:a:end -->\n", "a", "new")).toBe("\uFEFF<!-- scenario:a:begin -->\nnew\n<!-- scenario:a:end -->\n");
  });

  test("in a CRLF document, another scenario's block does not count for the section a new block nests under", () => {
    const doc = "# T\r\n\r\n## Integration test\r\n\r\n<!-- scenario:q:begin -->\r\n### Q report\r\n#### Detail\r\n<!-- scenario:q:end -->\r\n";
    expect(replaceBlock(doc, "p", "## P report\n### Summary")).toEndWith("<!-- scenario:p:begin -->\r\n### P report\r\n#### Summary\r\n<!-- scenario:p:end -->\r\n");
  });

  test("a document that is not UTF-8 is refused before the run, and an update leaves its bytes as they were", async () => {
    const dir = await mkdtemp(join(tmpdir(), "update-doc-bytes-"));
    try {
      const doc = join(dir, "latin1.md");
      const bytes = Buffer.from("# Caf\xe9\n\n<!-- scenario:a:begin -->\nX\n<!-- scenario:a:end -->\ntail \xe9\n", "latin1");
      await writeFile(doc, bytes);
      expect(blockProblems(doc, [{ name: "a", owner: "a" }])).toEqual([`${doc}: it is not UTF-8 text (byte 0xE9 at offset 5): the update would rewrite the bytes around the block too; convert the document to UTF-8`]);
      await expect(updateDocBlock(doc, "a", "new")).rejects.toThrow("it is not UTF-8 text");
      expect(readFileSync(doc).equals(bytes)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("a writable document in a folder that cannot be written is a problem before the run (the lock and the new copy go there)", () => {
    // Permissions are real: as root (which ignores them) the check runs in a child process under an unprivileged user.
    const tree = treeWithLocked("update-doc-folder-", { "docs/doc.md": "# Doc\n" }, []);
    try {
      chmodSync(join(tree.root, "docs/doc.md"), 0o666);
      chmodSync(join(tree.root, "docs"), 0o555);
      const script = join(tree.root, "check.ts");
      writeFileSync(script, `import { blockProblems } from ${JSON.stringify(join(import.meta.dir, "update-doc.ts"))};\nconsole.log(JSON.stringify(blockProblems(process.argv[2]!, [{ name: "a", owner: "a" }])));\n`);
      const doc = join(tree.root, "docs/doc.md");
      expect(runUnprivilegedJson<string[]>(script, [doc], tree.root)).toEqual([`${doc}: the folder ${join(tree.root, "docs")} cannot be written, and the update writes a lock and the new copy of the document there`]);
    } finally {
      chmodSync(join(tree.root, "docs"), 0o755);
      tree.remove();
    }
  });
});

describe("updateDocBlock across processes", () => {
  test("two processes updating one document at once both keep their block, and no lock is left", async () => {
    const dir = await mkdtemp(join(tmpdir(), "update-doc-procs-"));
    try {
      const doc = join(dir, "LOGGING.md");
      await writeFile(doc, "# Logging\n");
      const script = join(dir, "update.ts");
      // Each says it is ready, then waits for the word on its stdin: both update together, many times over. After each
      // of its updates a process reads the document: its block must say what it just wrote (the other process may
      // have written since, but only ever from a document that held it), else it exits 1.
      await writeFile(script, `import { readFileSync } from "node:fs";
import { updateDocBlock } from ${JSON.stringify(join(import.meta.dir, "update-doc.ts"))};
const [doc, name] = [process.argv[2]!, process.argv[3]!];
process.stdout.write("ready\\n");
for await (const _ of Bun.stdin.stream()) break;
let lost = 0;
for (let i = 0; i <= 199; i++) {
  await updateDocBlock(doc, name, "run " + i);
  if (!readFileSync(doc, "utf8").includes("<!-- scenario:" + name + ":begin -->\\nrun " + i + "\\n")) lost++;
}
process.exit(lost ? 1 : 0);
`);
      const procs = ["alpha", "beta"].map((name) => Bun.spawn([process.execPath, script, doc, name], { stdin: "pipe", stdout: "pipe", stderr: "pipe" }));
      for (const p of procs) await p.stdout.getReader().read();
      for (const p of procs) {
        p.stdin.write("go\n");
        p.stdin.end();
      }
      const codes = await Promise.all(procs.map((p) => p.exited));
      expect(codes).toEqual([0, 0]);
      const text = await readFile(doc, "utf8");
      for (const name of ["alpha", "beta"]) expect(text).toContain(`<!-- scenario:${name}:begin -->\nrun 199\n<!-- scenario:${name}:end -->`);
      expect(await readdir(dir)).toEqual(expect.not.arrayContaining(["LOGGING.md.lock"]));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe("the document's lock", () => {
  test("onWait is called once, when another run holds the lock, and not when the lock is free", async () => {
    const dir = await mkdtemp(join(tmpdir(), "update-doc-lock-"));
    try {
      const doc = join(dir, "LOGGING.md");
      let waits = 0;
      const unlock = await lockFile(doc, { onWait: () => waits++ });
      expect(waits).toBe(0);
      const notes: string[] = [];
      const second = lockFile(doc, { onWait: () => waits++, stderr: { write: (t: string) => notes.push(t) } });
      // The note is written after a second of waiting: by then the wait has been told, once.
      while (notes.length === 0) await Bun.sleep(50);
      expect(waits).toBe(1);
      unlock();
      (await second)();
      expect(waits).toBe(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("a lock that is a FIFO is never opened to be read (it held the update blocked in open()): an old one is taken over", async () => {
    const dir = await mkdtemp(join(tmpdir(), "update-doc-lock-"));
    try {
      const doc = join(dir, "LOGGING.md");
      expect(Bun.spawnSync(["mkfifo", `${doc}.lock`]).exitCode).toBe(0);
      const old = new Date(Date.now() - 120_000);
      utimesSync(`${doc}.lock`, old, old);
      const unlock = await lockFile(doc);
      expect(readFileSync(`${doc}.lock`, "utf8")).toBe(`${process.pid} ${hostname()}\n`);
      unlock();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("a lock left by a process of this host that is gone is taken over at once; a live one is waited for, and said so", async () => {
    const dir = await mkdtemp(join(tmpdir(), "update-doc-lock-"));
    try {
      const doc = join(dir, "LOGGING.md");
      // A run killed while it held the lock: its process is gone, its lock (fresh) is still there.
      const gone = Bun.spawn([process.execPath, "-e", "0"]);
      await gone.exited;
      await writeFile(`${doc}.lock`, `${gone.pid} ${hostname()}\n`);
      const notes: string[] = [];
      const unlock = await lockFile(doc, { stderr: { write: (t: string) => notes.push(t) } });
      expect(readFileSync(`${doc}.lock`, "utf8")).toBe(`${process.pid} ${hostname()}\n`);
      expect(notes).toEqual([]);
      // Held by a live process (this one): a second taker waits, says so after a second, and gets it once released.
      const second = lockFile(doc, { stderr: { write: (t: string) => notes.push(t) } });
      let got = false;
      void second.then(() => (got = true));
      while (notes.length === 0) await Bun.sleep(50);
      expect(got).toBe(false);
      expect(notes).toEqual([`scenario: waiting for ${doc}.lock: another run (process ${process.pid}) is updating the document\n`]);
      unlock();
      (await second)();
      expect(existsSync(`${doc}.lock`)).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("markers inside list items and block quotes are read as CommonMark reads them (found by a tester)", () => {
  const block = (body: string, indent = "") => body.split("\n").map((l) => (l === "" ? indent.trimEnd() : indent + l)).join("\n");

  test("a fence opened after a list item's marker (- ``` or 1. ```) is a fence: the markers shown in it are text, not the block", () => {
    // The fence pattern saw no fence after `- `: the report was spliced into the usage example.
    for (const item of ["- ", "1. ", "* ", "10) "]) {
      const pad = " ".repeat(item.length);
      const doc = `# Usage\n\nMark where the report goes:\n\n${item}\`\`\`\n${pad}<!-- scenario:other:begin -->\n${pad}<!-- scenario:other:end -->\n${pad}\`\`\`\n\n## Integration test\n`;
      const once = replaceBlock(doc, "other", "## Report\nbody");
      expect(once).toBe(`${doc}\n<!-- scenario:other:begin -->\n### Report\nbody\n<!-- scenario:other:end -->\n`);
      expect(replaceBlock(once, "other", "## Report\nbody 2")).toBe(`${doc}\n<!-- scenario:other:begin -->\n### Report\nbody 2\n<!-- scenario:other:end -->\n`);
    }
  });

  test("a marker indented four spaces inside a list item is the block (two past the item's content): replaced in place, indented to the item", () => {
    // Taken as indented code, it was never found: a second block was appended on every run and `OLD: passed` stayed.
    const doc = "# L\n\n- Latest results:\n\n    <!-- scenario:other:begin -->\n    OLD: passed\n    <!-- scenario:other:end -->\n";
    const once = replaceBlock(doc, "other", "## Report\n\nline");
    expect(once).toBe("# L\n\n- Latest results:\n\n    <!-- scenario:other:begin -->\n  ## Report\n\n  line\n  <!-- scenario:other:end -->\n");
    // Updated again: the same block, no second one.
    expect(replaceBlock(once, "other", "## Report\n\nline")).toBe(once);
    // Four spaces past the item's content is indented code in the item: text, and the block is appended.
    const code = "- Example:\n\n      <!-- scenario:other:begin -->\n      <!-- scenario:other:end -->\n";
    expect(replaceBlock(code, "other", "new")).toBe(`${code}\n<!-- scenario:other:begin -->\nnew\n<!-- scenario:other:end -->\n`);
  });

  test("a marker on the item's own line, and a block in an ordered item: the report's lines are indented to the item's content", () => {
    expect(replaceBlock("- <!-- scenario:a:begin -->\n  old\n  <!-- scenario:a:end -->\n- next\n", "a", "one\n\ntwo", "a")).toBe(
      '- <!-- scenario:a:begin -->\n  <!-- scenario-name: "a" -->\n  one\n\n  two\n  <!-- scenario:a:end -->\n- next\n',
    );
    const ordered = "1. Results:\n   <!-- scenario:a:begin -->\n   old\n   <!-- scenario:a:end -->\n2. next\n";
    const once = replaceBlock(ordered, "a", "body", "a");
    expect(once).toBe('1. Results:\n   <!-- scenario:a:begin -->\n   <!-- scenario-name: "a" -->\n   body\n   <!-- scenario:a:end -->\n2. next\n');
    // The owner line is read back under the indent: another scenario of the same block name is refused.
    expect(() => replaceBlock(once, "a", "x", "b")).toThrow('holds the report of scenario "a", not of "b"');
  });

  test("nested lists: the content column of the innermost item counts, for the block and for a fence", () => {
    const doc = "- outer\n\n  1. inner:\n\n       <!-- scenario:a:begin -->\n       old\n       <!-- scenario:a:end -->\n\n- last\n";
    expect(replaceBlock(doc, "a", "## R\nnew")).toBe(`- outer\n\n  1. inner:\n\n       <!-- scenario:a:begin -->\n${block("## R\nnew\n<!-- scenario:a:end -->", "     ")}\n\n- last\n`);
    const fenced = "- outer\n  - ```\n    <!-- scenario:a:begin -->\n    <!-- scenario:a:end -->\n    ```\n";
    expect(replaceBlock(fenced, "a", "new")).toBe(`${fenced}\n<!-- scenario:a:begin -->\nnew\n<!-- scenario:a:end -->\n`);
    // A fence inside an item ends with the item: the marker after it, back at the margin, is the block.
    const closedByItem = "- ```\n  code\n<!-- scenario:a:begin -->\nold\n<!-- scenario:a:end -->\n";
    expect(replaceBlock(closedByItem, "a", "new")).toBe("- ```\n  code\n<!-- scenario:a:begin -->\nnew\n<!-- scenario:a:end -->\n");
  });

  test("a block quote: a fence in it is a fence, and a block in it keeps every line in the quote", () => {
    const fenced = "> ```\n> <!-- scenario:a:begin -->\n> <!-- scenario:a:end -->\n> ```\n";
    expect(replaceBlock(fenced, "a", "new")).toBe(`${fenced}\n<!-- scenario:a:begin -->\nnew\n<!-- scenario:a:end -->\n`);
    const quoted = "> Results:\n>\n> <!-- scenario:a:begin -->\n> old\n> <!-- scenario:a:end -->\n\nafter\n";
    expect(replaceBlock(quoted, "a", "one\n\ntwo")).toBe("> Results:\n>\n> <!-- scenario:a:begin -->\n> one\n>\n> two\n> <!-- scenario:a:end -->\n\nafter\n");
  });

  test("an end marker outside the list item its begin marker is in is refused, naming its line, before the run", async () => {
    const doc = "- Results:\n  <!-- scenario:a:begin -->\n  old\n\n<!-- scenario:a:end -->\n";
    expect(() => replaceBlock(doc, "a", "new")).toThrow("<!-- scenario:a:end --> is not in the same list item or block quote as <!-- scenario:a:begin --> (line 2)");
    const dir = await mkdtemp(join(tmpdir(), "update-doc-list-"));
    try {
      await writeFile(join(dir, "l.md"), doc);
      expect(blockProblems(join(dir, "l.md"), [{ name: "a", owner: "a" }])[0]).toStartWith(`${join(dir, "l.md")}:5: <!-- scenario:a:end --> is not in the same list item`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
