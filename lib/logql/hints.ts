// Loki's parser hints for metric queries: which labels parsers extract, whether they parse at all, and when errors are kept.
import type { Grouping, LabelFilterExpr, Stage } from "./ast.ts";
import { ERROR_LABEL } from "./labels.ts";
import { Template } from "./template.ts";

/**
 * What the parsers of one metric query's pipeline must produce. Loki computes these to parse less, and they have
 * visible effects the engine reproduces:
 * - `noLabels` (e.g. `sum(count_over_time({…} | json [5m]))`): nothing needs a label, so parsers do not run and
 *   report no errors;
 * - `required`: only these labels are extracted, and a parser stops reading the line once all are found (a
 *   syntax error after that point goes unnoticed);
 * - `preserveError`: the query names `__error__` (`sum by (__error__) (…)`, `| __error__!=""`), so lines
 *   with parse errors are counted instead of failing the query.
 * Log queries have no hints: every label is extracted.
 */
export interface ParserHints {
  noLabels: boolean;
  /** null: extract every label. Holds each name also without an `_extracted` suffix. */
  required: Set<string> | null;
  preserveError: boolean;
  /**
   * Loki 3.4.6 checks a label filter of one label (not an `and`/`or`) as soon as a parser sets that label, and drops the
   * line when it fails, even when the label is written again later in the line or changed by a later stage: `x=7 x=8`
   * never passes `| logfmt | x="8"`. Its hints carry these filters except where a `by (…)` grouping names labels.
   */
  pushdown: boolean;
}

export const NO_HINTS: ParserHints = { noLabels: false, required: null, preserveError: false, pushdown: true };

export const PRESERVE_ERROR_LABEL = "__preserve_error__";

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

/** Label names a stage reads (label filters, templates, renames). */
export function stageRequiredLabels(stage: Stage): string[] {
  switch (stage.kind) {
    case "label_filter":
      return filterLabelNames(stage.filter);
    case "line_format":
      return [...new Template(stage.template).fields()];
    case "label_format":
      return stage.items.flatMap((i) => (i.src !== undefined ? [i.src] : [...new Template(i.template!).fields()]));
    default:
      return [];
  }
}

/**
 * Hints for a range aggregation: `grouping` is its own by/without, or the one a `sum` around it passes down;
 * `unwrapLabel` is the unwrapped label; `postFilters` the filters after the unwrap.
 */
export function parserHints(stages: readonly Stage[], grouping: Grouping | undefined, unwrapLabel: string | undefined, postFilters: readonly LabelFilterExpr[]): ParserHints {
  const names = [
    ...stages.flatMap(stageRequiredLabels),
    ...postFilters.flatMap(filterLabelNames),
    ...(grouping?.labels ?? []),
    ...(unwrapLabel ? [unwrapLabel] : []),
  ];
  const required = new Set<string>();
  for (const n of names) {
    required.add(n);
    if (n.endsWith("_extracted")) required.add(n.slice(0, -"_extracted".length));
  }
  // `by ()` needs no label (Loki's Grouping.Singleton); `without ()` keeps them all, so its parsers run in full.
  const noLabels = !!grouping && !grouping.without && grouping.labels.length === 0;
  if (noLabels) {
    if (!required.size) return { noLabels: true, required: null, preserveError: false, pushdown: true };
    return { noLabels: false, required, preserveError: required.has(ERROR_LABEL), pushdown: true };
  }
  if (!grouping || grouping.without) return NO_HINTS;
  return { noLabels: false, required, preserveError: required.has(ERROR_LABEL), pushdown: false };
}
