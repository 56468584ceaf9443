import { describe, expect, test } from "bun:test";
import { oneLine } from "./one-line.ts";

describe("oneLine", () => {
  test("a text without line breaks is returned as it is", () => {
    expect(oneLine("check the API  ")).toBe("check the API  ");
  });
  test("each line break, with the blanks around it, becomes one marker", () => {
    expect(oneLine("first line\nsecond line")).toBe("first line ↵ second line");
    expect(oneLine("a  \r\n  b\rc")).toBe("a ↵ b ↵ c");
    expect(oneLine("a\rb")).toBe("a ↵ b");
  });
  test("trailing breaks (a YAML block scalar's) are dropped", () => {
    expect(oneLine("name\n")).toBe("name");
    expect(oneLine("a\nb\n\n")).toBe("a ↵ b");
  });
});
