import { describe, expect, test } from "bun:test";
import { commandSafe, escapeData, escapeProperty, notCommands, workflowCommand } from "./workflow-commands.ts";

/** What the runner would take for a command: a line starting `::` after white space, or holding `##[`. */
const commands = (text: string) => text.split("\n").filter((l) => l.trimStart().startsWith("::") || l.includes("##["));

function written(...writes: string[]): string {
  let out = "";
  const safe = commandSafe({ write: (t: string) => void (out += t) });
  for (const w of writes) safe.write(w);
  return out;
}

describe("commandSafe", () => {
  test("each line of a write is made safe as notCommands makes it", () => {
    const text = "scenario: refused\n  ::error::x\nstatus ##[stop-commands]tok\n";
    expect(written(text)).toBe(notCommands(text));
    expect(commands(written(text))).toEqual([]);
  });

  test("a command split over writes is caught; text in the middle of a line is left as it is", () => {
    for (const parts of [["  ", "::error::x\n"], ["  :", ":error::x\n"], ["a ##", "[stop-commands]t\n"], ["a #", "#[stop-commands]t\n"], ["a #", "#", "[x\n"], ["ok\n", "::warning::y\n"]]) {
      const out = written(...parts);
      expect(commands(out)).toEqual([]);
      expect(out.replaceAll("\u200B", "")).toBe(parts.join(""));
    }
    expect(written("key", "::value\n")).toBe("key::value\n");
    expect(written("a: ", ":b\n")).toBe("a: :b\n");
  });

  test("a carriage return, NEL or a line or paragraph separator starts a line too (the runner's ReadLine splits at \\r)", () => {
    for (const br of ["\r", "\u0085", "\u2028", "\u2029"]) {
      for (const parts of [[`a${br}::error title=x::y\n`], ["a", `${br}  ::error::y\n`], [`a${br}`, "::error::y\n"], [`a${br} :`, ":error::y"]]) {
        const out = written(...parts);
        expect(out.split(/[\n\r\u0085\u2028\u2029]/).filter((l) => l.trimStart().startsWith("::"))).toEqual([]);
        expect(out.replaceAll("\u200B", "")).toBe(parts.join(""));
      }
    }
  });

  test("text already made safe is not changed again", () => {
    const once = notCommands("::error::x ##[y\n");
    expect(written(once)).toBe(once);
  });

  test("isTTY is the stream's", () => {
    expect(commandSafe({ write: () => true, isTTY: true }).isTTY).toBe(true);
  });
});

describe("workflowCommand", () => {
  test("GitHub's escaping: % CR LF in data; also : and , in properties", () => {
    expect(escapeData("50% a\r\nb: c, d")).toBe("50%25 a%0D%0Ab: c, d");
    expect(escapeProperty("50% a\r\nb: c, d")).toBe("50%25 a%0D%0Ab%3A c%2C d");
  });

  test("one line: each property value escaped as a property, the message as data", () => {
    expect(workflowCommand("error", { file: "a, b:c.yaml", line: 17, title: "T: x, y\n50%" }, "m: 1, 2\r\n100%")).toBe(
      "::error file=a%2C b%3Ac.yaml,line=17,title=T%3A x%2C y%0A50%25::m: 1, 2%0D%0A100%25",
    );
    // A `::` in a property cannot end the properties early; one in the message is the message's.
    expect(workflowCommand("warning", { title: "a::b" }, "c::d")).toBe("::warning title=a%3A%3Ab::c::d");
  });

  test("a property left undefined is left out; with none the command is `::name::message`", () => {
    expect(workflowCommand("warning", { file: "f.yaml", line: undefined, title: "t" }, "m")).toBe("::warning file=f.yaml,title=t::m");
    expect(workflowCommand("notice", {}, "m")).toBe("::notice::m");
    expect(workflowCommand("error", { line: undefined }, "")).toBe("::error::");
  });
});

describe("notCommands", () => {
  /** Lines as the runner reads them: its ReadLine ends one at \r too, and a NEL or a line or paragraph separator may be shown as one. */
  const runnerLines = (text: string) => text.split(/\r\n|[\n\r\u0085\u2028\u2029]/);
  const runnerCommands = (text: string) => runnerLines(text).filter((l) => l.trimStart().startsWith("::") || l.includes("##["));

  test("a line starts where stderr's commandSafe says one does: after \\n, \\r, NEL, U+2028 and U+2029, and white space", () => {
    for (const br of ["\n", "\r", "\r\n", "\u0085", "\u2028", "\u2029"]) {
      for (const text of [`ok${br}::error::x`, `ok${br}  ::warning title=t::y\n`, `::notice::z${br}\t::error::x`, `a${br}${br}::error::x`]) {
        const safe = notCommands(text);
        expect([text, runnerCommands(safe)]).toEqual([text, []]);
        expect(safe.replaceAll("\u200B", "")).toBe(text);
        // One definition of a line start: stdout's lines are escaped as stderr's are.
        expect([text, safe]).toEqual([text, written(text)]);
      }
    }
    expect(notCommands("ok\u0085::error::x")).toBe("ok\u0085\u200B::error::x");
  });

  test("a `::` inside a line is no command and stays as it is", () => {
    expect(notCommands("key::value\nurl http://h::1/")).toBe("key::value\nurl http://h::1/");
  });
});
