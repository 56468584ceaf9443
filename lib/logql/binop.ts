// Binary operators between instant vectors and scalars: arithmetic, comparisons (filter or bool), and/or/unless, vector matching.
import type { ArithOp, BinOp, CmpOp, VectorMatching } from "./ast.ts";
import { LogqlError } from "./errors.ts";
import { emptyLabels, labelOf, type Labels, labelsKey, labelsString, withoutEmptyValues } from "./labels.ts";
import type { InstantSample } from "./vector-ops.ts";

const CMP = new Set<BinOp>(["==", "!=", ">", ">=", "<", "<="]);

export function isComparison(op: BinOp): op is CmpOp {
  return CMP.has(op);
}

/** A comparison between two numbers (label filters, and comparisons between scalars). */
export function compare(op: CmpOp, a: number, b: number): boolean {
  switch (op) {
    case "==": return a === b;
    case "!=": return a !== b;
    case ">": return a > b;
    case ">=": return a >= b;
    case "<": return a < b;
    case "<=": return a <= b;
  }
}

/**
 * Applies an arithmetic or comparison operator to two numbers (comparisons give 1 or 0, as between scalars).
 * LogQL's MergeBinOp, not PromQL's: dividing (or taking the modulo) by zero gives NaN, never ±Inf; `^` is Go's
 * math.Pow (1^NaN and (-1)^±Inf are 1).
 */
export function scalarBinop(op: ArithOp | CmpOp, a: number, b: number): number {
  switch (op) {
    case "+": return a + b;
    case "-": return a - b;
    case "*": return a * b;
    case "/": return b === 0 ? NaN : a / b;
    case "%": return b === 0 ? NaN : a % b;
    case "^": return a === 1 || (a === -1 && (b === Infinity || b === -Infinity)) ? 1 : a ** b;
    default: return compare(op, a, b) ? 1 : 0;
  }
}

/**
 * vector op scalar (or scalar op vector when `scalarLeft`): arithmetic applies to every sample; a comparison keeps
 * the samples for which it holds (with their own value), or with `bool` gives every sample 1 or 0.
 */
export function vectorScalar(op: ArithOp | CmpOp, vector: InstantSample[], scalar: number, scalarLeft: boolean, bool: boolean): InstantSample[] {
  const out: InstantSample[] = [];
  for (const s of vector) {
    const [l, r] = scalarLeft ? [scalar, s.value] : [s.value, scalar];
    const v = scalarBinop(op, l, r);
    if (isComparison(op)) {
      if (bool) out.push({ labels: s.labels, value: v });
      else if (v === 1) out.push(s);
    } else out.push({ labels: s.labels, value: v });
  }
  return out;
}

/** The labels two samples are matched on: only the on(...) labels, or all but the ignoring(...) ones. */
function matchLabels(labels: Labels, m: VectorMatching): Labels {
  const picked = emptyLabels();
  // An empty value matches as no label, as in Loki 3.4.6 ({} and {y=""} are the same series to `+ on(y)`), except
  // where the operator has no matching options (Loki's signature is then the labels' own hash).
  for (const [k, v] of Object.entries(labels)) if ((v !== "" || m.exact) && m.on === m.labels.includes(k)) picked[k] = v;
  return picked;
}

function signature(labels: Labels, m: VectorMatching): string {
  return labelsKey(matchLabels(labels, m));
}

/** and / or / unless between two vectors, matching on all labels or on(...)/ignoring(...). */
export function setOperation(op: "and" | "or" | "unless", left: InstantSample[], right: InstantSample[], m: VectorMatching): InstantSample[] {
  const rightSigs = new Set(right.map((s) => signature(s.labels, m)));
  if (op === "and") return left.filter((s) => rightSigs.has(signature(s.labels, m)));
  if (op === "unless") return left.filter((s) => !rightSigs.has(signature(s.labels, m)));
  const leftSigs = new Set(left.map((s) => signature(s.labels, m)));
  return [...left, ...right.filter((s) => !leftSigs.has(signature(s.labels, m)))];
}

/** The labels of a result sample, as Prometheus builds them (one-to-one keeps on() labels or drops ignoring() ones). */
function resultLabels(many: Labels, one: Labels, m: VectorMatching): Labels {
  let out: Labels;
  if (m.exact) {
    // Loki's resultMetric builds them from the left's labels with a labels builder, which drops empty values.
    out = withoutEmptyValues(many);
  } else if (m.card === "one-to-one") {
    out = matchLabels(many, m);
  } else {
    // Built from the many side's labels with a labels builder, which drops those with an empty value (Loki 3.4.6
    // answers `A + on(y) group_left B` with {} for A's {y=""}, and two such results of one group are its error).
    out = Object.assign(emptyLabels(), withoutEmptyValues(many));
    for (const name of m.include) {
      const v = labelOf(one, name);
      if (v) out[name] = v;
      else delete out[name];
    }
  }
  return out;
}

/** Arithmetic or comparison between two vectors with one-to-one, many-to-one or one-to-many matching. */
export function vectorVector(op: ArithOp | CmpOp, left: InstantSample[], right: InstantSample[], m: VectorMatching, bool: boolean): InstantSample[] {
  const oneToMany = m.card === "one-to-many";
  const [manySide, oneSide] = oneToMany ? [right, left] : [left, right];
  const ones = new Map<string, InstantSample>();
  for (const s of oneSide) {
    const sig = signature(s.labels, m);
    if (ones.has(sig)) {
      const side = oneToMany ? "left" : "right";
      throw new LogqlError(
        "pipeline",
        `found duplicate series for the match group ${labelsString(matchLabels(s.labels, m))} on the ${side} hand-side of the operation: [${labelsString(ones.get(sig)!.labels)}, ${labelsString(s.labels)}];many-to-many matching not allowed: matching labels must be unique on one side`,
      );
    }
    ones.set(sig, s);
  }
  const out: InstantSample[] = [];
  const seen = new Set<string>();
  for (const s of manySide) {
    const other = ones.get(signature(s.labels, m));
    if (!other) continue;
    const [l, r] = oneToMany ? [other, s] : [s, other];
    const v = scalarBinop(op, l.value, r.value);
    const labels = resultLabels(s.labels, other.labels, m);
    if (m.exact) {
      // Loki's vectorBinop checks nothing without matching options: {g=""} and {} give two results labelled {}.
    } else if (m.card === "one-to-one") {
      const key = labelsKey(labels);
      if (seen.has(key)) throw new LogqlError("pipeline", "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
      seen.add(key);
    } else {
      // Two results of one match group with the same labels (the many side held two samples labelled alike): Loki's
      // vectorBinop refuses them rather than returning both.
      const key = `${signature(s.labels, m)}\u0000${labelsKey(labels)}`;
      if (seen.has(key)) throw new LogqlError("pipeline", "multiple matches for labels: grouping labels must ensure unique matches");
      seen.add(key);
    }
    if (isComparison(op)) {
      if (bool) out.push({ labels, value: v });
      else if (v === 1) out.push({ labels, value: l.value });
    } else out.push({ labels, value: v });
  }
  return out;
}
