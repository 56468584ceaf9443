// A file's bytes as UTF-8 text, refused at its first byte that is none: decoded as it is, such a byte became U+FFFD and the text another one.
import { InvalidInput } from "../core/invalid-input.ts";

/**
 * The bytes as text; an InvalidInput at the line and column (in characters) of the first byte that is no UTF-8, for a
 * file the run reads as text (a scenario, an `--env-file`): `not_contains: "caf\xe9"` saved as Latin-1 looked for
 * "caf\ufffd", which no output holds, and passed. A U+FFFD written as UTF-8 is a character like any other.
 */
export function utf8Text(bytes: Buffer, display: string): string {
  const text = bytes.toString("utf8");
  if (!text.includes("\ufffd") || Buffer.from(text, "utf8").equals(bytes)) return text;
  let start = 0;
  for (let line = 1; ; line++) {
    const nl = bytes.indexOf(10, start);
    const raw = bytes.subarray(start, nl === -1 ? bytes.length : nl);
    const lineText = raw.toString("utf8");
    if (!Buffer.from(lineText, "utf8").equals(raw) || nl === -1) {
      const col = [...lineText.slice(0, Math.max(0, lineText.indexOf("\ufffd")))].length + 1;
      throw new InvalidInput([{ file: display, pos: { line, col }, message: "the file is not UTF-8 text (a byte here is none): save it as UTF-8" }]);
    }
    start = nl + 1;
  }
}
