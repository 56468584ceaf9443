// Loki's reordering of a pipeline before it runs: line filters move ahead of the stages around them (MultiStageExpr.reorderStages).
import type { Stage } from "./ast.ts";

/**
 * Walking the stages in order, line filters are collected and emitted ahead of the other stages collected since
 * the last barrier. A label filter is a barrier (pending filters and stages are emitted, then the label filter);
 * `line_format` and `unpack` rewrite the line, so line filters written after them stay after them. So
 * `| json |= "x"` filters before parsing, and `| decolorize |= "x"` filters the still-coloured line, as in Loki.
 */
export function reorderStages(stages: readonly Stage[]): Stage[] {
  const result: Stage[] = [];
  let lineFilters: Stage[] = [];
  let others: Stage[] = [];
  const flush = () => {
    result.push(...lineFilters, ...others);
    lineFilters = [];
    others = [];
  };
  for (const stage of stages) {
    switch (stage.kind) {
      case "label_filter":
        flush();
        result.push(stage);
        break;
      case "line_filter":
      case "ip_filter":
        lineFilters.push(stage);
        break;
      case "line_format":
      case "unpack":
        others.push(stage);
        flush();
        break;
      default:
        others.push(stage);
    }
  }
  flush();
  return result;
}
