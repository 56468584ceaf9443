// shopspring/decimal as sprig's addf/subf/mulf/divf use it: exact decimal arithmetic on the floats' shortest forms.

/** A decimal: value = m / 10^s. */
interface Dec {
  m: bigint;
  s: number;
}

/** decimal.NewFromFloat: the float's shortest decimal form, exactly. */
function fromFloat(x: number): Dec {
  // NaN and ±Inf are decimal.NewFromFloat's panic, which Go's template reports as the call's error.
  if (!Number.isFinite(x)) throw new Error(`Cannot create a Decimal from ${Number.isNaN(x) ? "NaN" : x > 0 ? "+Inf" : "-Inf"}`);
  // A finite float's String always has this form.
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(x))!;
  const frac = m[3] ?? "";
  let digits = BigInt(m[2]! + frac);
  let s = frac.length - Number(m[4] ?? 0);
  if (s < 0) {
    digits *= 10n ** BigInt(-s);
    s = 0;
  }
  return { m: m[1] ? -digits : digits, s };
}

const scaleTo = (d: Dec, s: number): bigint => d.m * 10n ** BigInt(s - d.s);

function toFloat(d: Dec): number {
  const neg = d.m < 0n;
  const digits = (neg ? -d.m : d.m).toString().padStart(d.s + 1, "0");
  const text = d.s ? `${digits.slice(0, -d.s)}.${digits.slice(-d.s)}` : digits;
  return Number((neg ? "-" : "") + text);
}

/** decimal's DivisionPrecision: Div rounds to 16 digits after the point, half away from zero. */
const DIVISION_PRECISION = 16;

export type DecimalOp = "add" | "sub" | "mul" | "div";

/** Folds `args` with the operation as sprig's execDecimalOp does, then converts back to the nearest float. */
export function decimalFold(op: DecimalOp, first: number, rest: readonly number[]): number {
  let acc = fromFloat(first);
  for (const x of rest) {
    const d = fromFloat(x);
    if (op === "add" || op === "sub") {
      const s = Math.max(acc.s, d.s);
      acc = { m: op === "add" ? scaleTo(acc, s) + scaleTo(d, s) : scaleTo(acc, s) - scaleTo(d, s), s };
    } else if (op === "mul") acc = { m: acc.m * d.m, s: acc.s + d.s };
    else {
      if (d.m === 0n) throw new Error("decimal division by 0");
      // (acc.m / 10^acc.s) / (d.m / 10^d.s) to DIVISION_PRECISION places.
      const num = acc.m * 10n ** BigInt(DIVISION_PRECISION + d.s + 1);
      const den = d.m * 10n ** BigInt(acc.s);
      let q = num / den; // one extra digit, truncated toward zero
      q = q >= 0n ? (q + 5n) / 10n : (q - 5n) / 10n;
      acc = { m: q, s: DIVISION_PRECISION };
    }
  }
  return toFloat(acc);
}
