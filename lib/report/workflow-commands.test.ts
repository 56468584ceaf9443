import { describe, expect, test } from "bun:test";
import { commandSafe, notCommands } from "./workflow-commands.ts";

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
