// Label filter expressions (`level="error"`, `status >= 500`, `latency > 250ms`, `size < 1KB`, `and`/`or`) over a Row.
import type { CmpOp, LabelFilterExpr } from "./ast.ts";
import { compare } from "./binop.ts";
import { goBytesError, goDurationError, goFloatError, parseBytes, parseGoDurationSeconds, parseGoFloat } from "./lexical.ts";
import { ipTextFilter } from "./ip-filter.ts";
import { compileMatcher } from "./matcher.ts";
import { simplifiedRegex } from "./regex-simplify.ts";
import type { Row } from "./row.ts";
import { ERROR_DETAILS_LABEL } from "./labels.ts";

export type RowPredicate = (row: Row) => boolean;

/**
 * Numeric, duration and bytes filters convert the label first. Loki 3.4.6's rules (pkg/logql/log/label_filter.go):
 * a missing label fails the filter, also on a line that already carries `__error__`; a value that does not convert
 * keeps the line and adds `__error__="LabelFilterErr"` unless an error is already set; a value that converts is
 * compared, whatever error the line carries.
 */
function converting(name: string, op: CmpOp, target: number, convert: (v: string) => number | undefined, goError: (v: string) => string): RowPredicate {
  return (row) => {
    const v = row.get(name);
    if (v === undefined) return false;
    const value = convert(v);
    if (value === undefined) {
      if (!row.hasError()) row.setError("LabelFilterErr", goError(v));
      return true;
    }
    return compare(op, value, target);
  };
}

/** Go's error texts for a value that does not convert (they become `__error_details__`), in label filters and `unwrap` alike. */
export const floatError = goFloatError;
export const durationError = goDurationError;
export const bytesError = goBytesError;

export function compileLabelFilter(f: LabelFilterExpr): RowPredicate {
  switch (f.kind) {
    case "match": {
      // String matchers compare a missing label as "", and are the only filters that can drop `__error__` lines.
      const name = f.matcher.name;
      const { op, value } = f.matcher;
      // Loki keeps a line's error details apart from its labels until the end: a filter on them sees "" (Loki 3.4.6),
      // or a line's own key of that name (`{"__error_details__":"d"}` under | json), which its labels builder finds.
      if (name === ERROR_DETAILS_LABEL) {
        const test = compileMatcher(f.matcher);
        const simpleEmpty = op === "=~" || op === "!~" ? simplifiedRegex(value, true) : undefined;
        const on = (v: string) => (simpleEmpty === undefined ? test(v) : simpleEmpty === "true" ? op === "=~" : op === "=~" ? simpleEmpty(v) : !simpleEmpty(v));
        const onEmpty = on("");
        return (row) => (row.parsedErrorKeys ? on(row.getParsed(name) ?? "") : onEmpty);
      }
      // Loki runs a regex its simplifier takes as equal/contains tests (`=~"api.*"` is a contains, `=~""` keeps all).
      const simple = op === "=~" || op === "!~" ? simplifiedRegex(value, true) : undefined;
      if (simple !== undefined) {
        const t = simple === "true" ? () => true : simple;
        return op === "=~" ? (row) => t(row.get(name) ?? "") : (row) => !t(row.get(name) ?? "");
      }
      const test = compileMatcher(f.matcher);
      return (row) => test(row.get(name) ?? "");
    }
    case "number":
      return converting(f.name, f.op, f.value, parseGoFloat, floatError);
    case "duration":
      return converting(f.name, f.op, f.seconds, parseGoDurationSeconds, durationError);
    case "bytes":
      return converting(f.name, f.op, f.bytes, parseBytes, bytesError);
    case "ip": {
      // Loki's IPLabelFilter: a line with an error passes (only string matchers drop those), a missing label fails
      // both `=` and `!=`, and the value is searched for addresses as a line is.
      const test = ipTextFilter(f.pattern);
      const { name, negative } = f;
      return (row) => {
        if (row.hasError()) return true;
        const v = row.get(name);
        if (v === undefined) return false;
        return negative ? !test(v) : test(v);
      };
    }
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
