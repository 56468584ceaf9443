// A number as Go's strconv.ParseFloat(s, 64) reads it: LogQL's number literals and label values (Loki), and a
// threshold's number and p(N) (k6). Decimal with an exponent (3e2, 1.5e3), a leading or trailing point (.5, 300.), a
// sign (-1, +3), underscores between digits (1_000), hexadecimal with a binary exponent (0x1p4; 0x10 without one is
// refused), inf/infinity with a sign and nan in any case. A number too large for a float64 (1e400) is refused, as
// ParseFloat's range error is; one too small (1e-400) is 0, as there.

/** Go's float literal forms as strconv.ParseFloat reads them, `_` between digits included: decimal, and hexadecimal with its `p` exponent. */
const GO_DECIMAL = /^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/;
const GO_HEX = /^([+-]?)0[xX](?:_?([0-9a-fA-F](?:_?[0-9a-fA-F])*)(?:\.((?:[0-9a-fA-F](?:_?[0-9a-fA-F])*)?))?|\.([0-9a-fA-F](?:_?[0-9a-fA-F])*))[pP]([+-]?\d(?:_?\d)*)$/;
const GO_SPECIAL = /^(?:([+-]?)(?:inf|infinity)|nan)$/i;

/** The value, or undefined where ParseFloat fails (goFloatFailure says why). */
export function parseGoFloat(text: string): number | undefined {
  if (GO_DECIMAL.test(text)) {
    const value = Number(text.includes("_") ? text.replaceAll("_", "") : text);
    return Number.isFinite(value) ? value : undefined;
  }
  const hex = GO_HEX.exec(text);
  if (hex) {
    const whole = (hex[2] ?? "").replaceAll("_", "");
    const frac = (hex[3] ?? hex[4] ?? "").replaceAll("_", "");
    const digits = `${whole}${frac}`.replace(/^0+/, "") || "0";
    const value = parseInt(digits, 16) * 2 ** (Number(hex[5]!.replaceAll("_", "")) - 4 * frac.length);
    return Number.isFinite(value) ? (hex[1] === "-" ? -value : value) : undefined;
  }
  const special = GO_SPECIAL.exec(text);
  if (special) return special[1] === undefined ? NaN : special[1] === "-" ? -Infinity : Infinity;
  return undefined;
}

/** Why ParseFloat refuses a text parseGoFloat gives undefined for, in its words. */
export function goFloatFailure(text: string): "invalid syntax" | "value out of range" {
  return GO_DECIMAL.test(text) || GO_HEX.test(text) ? "value out of range" : "invalid syntax";
}
