// Label filter expressions (`level="error"`, `status >= 500`, `latency > 250ms`, `size < 1KB`, `and`/`or`) over a Row.
import type { CmpOp, LabelFilterExpr } from "./ast.ts";
import { compare } from "./binop.ts";
import { parseBytes, parseGoDurationSeconds, parseGoFloat } from "./lexical.ts";
import { compileMatcher } from "./matcher.ts";
import type { Row } from "./row.ts";

export type RowPredicate = (row: Row) => boolean;

/**
 * Numeric, duration and bytes filters convert the label first. Loki's rules: a line that already carries
 * `__error__` passes untouched (only string matchers can filter errors out); a missing label fails the filter;
 * a value that does not convert adds `__error__="LabelFilterErr"` and the line passes.
 */
function converting(name: string, op: CmpOp, target: number, convert: (v: string) => number | undefined, what: string): RowPredicate {
  return (row) => {
    if (row.hasError()) return true;
    const v = row.get(name);
    if (v === undefined) return false;
    const value = convert(v);
    if (value === undefined) {
      row.setError("LabelFilterErr", `cannot convert ${JSON.stringify(v)} of label ${name} to ${what}`);
      return true;
    }
    return compare(op, value, target);
  };
}

export function compileLabelFilter(f: LabelFilterExpr): RowPredicate {
  switch (f.kind) {
    case "match": {
      // String matchers compare a missing label as "", and are the only filters that can drop `__error__` lines.
      const test = compileMatcher(f.matcher);
      const name = f.matcher.name;
      return (row) => test(row.get(name) ?? "");
    }
    case "number":
      return converting(f.name, f.op, f.value, parseGoFloat, "a number");
    case "duration":
      return converting(f.name, f.op, f.seconds, parseGoDurationSeconds, "a duration");
    case "bytes":
      return converting(f.name, f.op, f.bytes, parseBytes, "bytes");
    case "and": {
      const l = compileLabelFilter(f.left);
      const r = compileLabelFilter(f.right);
      return (row) => {
        const lok = l(row);
        const rok = r(row); // both sides run, as in Loki (a side may add __error__)
        return lok && rok;
      };
    }
    case "or": {
      const l = compileLabelFilter(f.left);
      const r = compileLabelFilter(f.right);
      return (row) => l(row) || r(row);
    }
  }
}

/** Label names a filter reads. */
export function filterLabelNames(f: LabelFilterExpr): string[] {
  switch (f.kind) {
    case "match":
      return [f.matcher.name];
    case "and":
    case "or":
      return [...filterLabelNames(f.left), ...filterLabelNames(f.right)];
    default:
      return [f.name];
  }
}
