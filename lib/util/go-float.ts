// A number as Go's strconv.ParseFloat(s, 64) reads it, which k6 uses for a threshold's number and for p(N): decimals
// with an exponent (3e2, 1.5e3), a leading or trailing point (.5, 300.), a sign (-1, +3), underscores between digits
// (1_000), hexadecimal with a binary exponent (0x1p4; 0x10 without one is refused), Inf/Infinity and NaN in any case.
// A number too large for a float64 (1e400) is refused, as ParseFloat's range error is.

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const HEX = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)$/;
const INF = /^([+-]?)(?:inf|infinity)$/i;

/** The value, or a reason: "invalid syntax" or "value out of range", as ParseFloat's errors say. */
export function parseGoFloat(text: string): { value: number } | { error: "invalid syntax" | "value out of range" } {
  const inf = INF.exec(text);
  if (inf) return { value: inf[1] === "-" ? -Infinity : Infinity };
  if (/^nan$/i.test(text)) return { value: Number.NaN };
  if (text.includes("_") && !underscoreOK(text)) return { error: "invalid syntax" };
  const s = text.replaceAll("_", "");
  let value: number;
  if (DECIMAL.test(s)) value = Number(s);
  else {
    const hex = HEX.exec(s);
    if (!hex || hex[2]! + (hex[3] ?? "") === "") return { error: "invalid syntax" };
    const digits = hex[2]! + (hex[3] ?? "");
    value = Number(BigInt(`0x${digits}`)) * 2 ** (Number(hex[4]) - 4 * (hex[3] ?? "").length);
    if (hex[1] === "-") value = -value;
  }
  return Number.isFinite(value) ? { value } : { error: "value out of range" };
}

/** Go's rule (strconv's underscoreOK): an underscore only between two digits, or between the base prefix and a digit. */
function underscoreOK(text: string): boolean {
  let s = text;
  if (s[0] === "+" || s[0] === "-") s = s.slice(1);
  let saw = "^";
  let i = 0;
  let hex = false;
  if (s.length >= 2 && s[0] === "0" && "bBoOxX".includes(s[1]!)) {
    i = 2;
    saw = "0";
    hex = s[1] === "x" || s[1] === "X";
  }
  for (; i < s.length; i++) {
    const c = s[i]!;
    if ((c >= "0" && c <= "9") || (hex && /[a-fA-F]/.test(c))) {
      saw = "0";
      continue;
    }
    if (c === "_") {
      if (saw !== "0") return false;
      saw = "_";
      continue;
    }
    if (saw === "_") return false;
    saw = "!";
  }
  return saw !== "_";
}
