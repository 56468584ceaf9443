// --env-file lines as dotenv reads them: comments after quoted values, escapes read once, errors with file:line:col.
import { expect, test } from "bun:test";
import { InvalidInput } from "../core/invalid-input.ts";
import { envFileEntries, parseEnvFile } from "./env-file.ts";

test("quoted values end at their closing quote; a comment may follow; escapes in double quotes are read once", () => {
  const text = ['A="quoted" # a comment', "B=plain # a comment", 'C="and \\\\n"', 'D="x\\ny"', "E='it's'", "F='lit\\n'", 'G="a \\"q\\" b"', "export H=1", "# a line of comment", ""].join("\n");
  expect(parseEnvFile(text, "f.env")).toEqual({
    // Was `"quoted" # a comment`, quotes and comment included.
    A: "quoted",
    B: "plain",
    // Was a backslash and a newline: `\\` is one backslash, then `n`.
    C: "and \\n",
    D: "x\ny",
    E: "it's",
    F: "lit\\n",
    G: 'a "q" b',
    H: "1",
  });
});

test("a quoted value may go on over lines up to the one its closing quote ends, as dotenv and compose read it; backticks quote too", () => {
  const text = ['A="line one', "line two\\tx", '  three" # note', "B='a", "b'", "C=`x 'y' \\n", "z`", "D=plain"].join("\n");
  expect(parseEnvFile(text, "f.env")).toEqual({ A: "line one\nline two\tx\n  three", B: "a\nb", C: "x 'y' \\n\nz", D: "plain" });
  // A quote that closes with more text after it on its line ends nothing: the first line's error stands.
  expect(() => parseEnvFile('A="open\nB="x" y\n', "f.env")).toThrow('f.env:1:3: no closing ": the value runs to the end of the file');
  // Quoted in an error, the lines such a value goes on over are value: masked whole (a key=... line among them too).
  let formatted = "";
  try {
    parseEnvFile('KEY="Secr3t-one\nuser=Secr3t-two"\nbad line\n', "f.env");
  } catch (e) {
    formatted = (e as InvalidInput).format();
  }
  expect(formatted).toContain("f.env:3:1: expected KEY=VALUE");
  expect(formatted).not.toContain("user");
});

test("a value holding a NUL byte is an error with its position: every variable is exported to each command, which cannot carry one", () => {
  expect(() => parseEnvFile("A=1\nB=x\0y\n", "f.env")).toThrow("f.env:2:3: its value holds a NUL byte, which no command's environment or argument can carry (every variable is exported to each shell, compose and background command)");
  expect(() => parseEnvFile('A="x\0"', "f.env")).toThrow("f.env:1:3: its value holds a NUL byte");
});

test("text after a closing quote that is no comment, and a quote never closed, are errors with their position", () => {
  expect(() => parseEnvFile('A="x" y', "f.env")).toThrow('f.env:1:3: unexpected text after the closing " (quote the whole value');
  expect(() => parseEnvFile('\nB="open', "f.env")).toThrow('f.env:2:3: no closing ": the value runs to the end of the file');
});

test("an error names no value and quotes the line with its value as ***: an env file gives secrets, and the error comes before any is known", () => {
  const text = 'GOOD=Fine-Secr3t-1\nDB_PASSWORD="EnvF1le-Secr3t-Value\nexport DB PASS=Spac3dSecret-1\nSpac3dSecret-2\nC="Quot3d-secret" tail-Secr3t\n';
  let formatted = "";
  try {
    parseEnvFile(text, "f.env");
  } catch (e) {
    formatted = (e as InvalidInput).format();
  }
  expect(formatted).toContain("f.env:2:13: no closing \"");
  expect(formatted).toContain('  2 | DB_PASSWORD=***\n    |             ^');
  expect(formatted).toContain("  3 | export DB PASS=***");
  expect(formatted).toContain("  4 | ***");
  expect(formatted).toContain("  5 | C=***");
  expect(["Secr3t", "Spac3d", "Quot3d"].filter((s) => formatted.includes(s))).toEqual([]);
});

test("a variable named __proto__ or constructor is kept like any other", () => {
  // A plain object took `__proto__=x` as its prototype and dropped the value without a word.
  expect(Object.entries(parseEnvFile("__proto__=x\nconstructor=y\n", "f.env")).sort()).toEqual([["__proto__", "x"], ["constructor", "y"]]);
});

test("read as compose reads an env file: `KEY: value`, a name compose allows, a name alone passed over, backticks as text; each value's quote said", () => {
  // Each value below is what `docker compose --env-file F config` (2.26) gave for the same lines.
  const text = [
    'TLS_KEY="-----BEGIN PRIVATE KEY-----',
    "MIIEabc",
    '-----END PRIVATE KEY-----"',
    "API_TOKEN: tok9f8e7d6c5b4a",
    "A:x # c",
    'export B : "q v" # c',
    "C: 'lit ${A}'",
    "my.key-1=dotted",
    "BARE",
    "F=`bt`",
    "G = spaced",
    "URL: http://u:p@h/?a=b",
  ].join("\n");
  expect(parseEnvFile(text, "f.env", { compose: true })).toEqual({
    TLS_KEY: "-----BEGIN PRIVATE KEY-----\nMIIEabc\n-----END PRIVATE KEY-----",
    API_TOKEN: "tok9f8e7d6c5b4a",
    A: "x",
    B: "q v",
    C: "lit ${A}",
    "my.key-1": "dotted",
    F: "`bt`",
    G: "spaced",
    URL: "http://u:p@h/?a=b",
  });
  // In order, with the quote each value was written in: compose fills in references in all but a single-quoted one.
  expect(envFileEntries("A=1\nB='${A}'\nA=\"2\"\n", "f.env", { compose: true }).entries).toEqual([
    { name: "A", value: "1", quote: undefined },
    { name: "B", value: "${A}", quote: "'" },
    { name: "A", value: "2", quote: '"' },
  ]);
  // The tool's own --env-file keeps to KEY=VALUE.
  expect(() => parseEnvFile("API_TOKEN: tok9f8e7d6c5b4a", "f.env")).toThrow("f.env:1:1: expected KEY=VALUE");
});

test("a refused line of the `KEY: value` form is quoted with its value as ***, also when the value holds a =", () => {
  let formatted = "";
  try {
    parseEnvFile('TOKEN: "Secr3t=abc\nOTHER: x\n', "f.env", { compose: true });
  } catch (e) {
    formatted = (e as InvalidInput).format();
  }
  expect(formatted).toContain("f.env:1:8: no closing \"");
  expect(formatted).toContain("  1 | TOKEN: ***");
  expect(formatted).not.toContain("abc");
});
