// Evaluates a metric query at every evaluation instant from the samples its range aggregations collected.
import type { MetricQuery } from "./ast.ts";
import { scalarBinop, setOperation, vectorScalar, vectorVector } from "./binop.ts";
import { LogqlError } from "./errors.ts";
import { PRESERVE_ERROR_LABEL } from "./hints.ts";
import { emptyLabels, ERROR_LABEL, type Labels, labelsKey, labelsString, withoutEmptyValues } from "./labels.ts";
import type { RangeLeaf } from "./leaves.ts";
import { type GroupTie, type InstantSample, vectorAggregate, labelReplace } from "./vector-ops.ts";

export type StepValues = { kind: "scalar"; values: number[] } | { kind: "vector"; steps: InstantSample[][] };

/**
 * A metric query refuses samples carrying __error__ (Loki: "pipeline error"): filter them with a label filter.
 * The check runs on the series present at an evaluation instant, before any vector aggregation.
 */
function pipelineError(labels: Labels): LogqlError {
  const kind = labels[ERROR_LABEL]!;
  return new LogqlError(
    "pipeline",
    `pipeline error: '${kind}' for series: '${labelsString(labels)}'.\n` +
      `A metric query cannot count lines whose pipeline failed. Drop them with a label filter, e.g. \`| __error__!="${kind}"\`, ` +
      "or drop every error with `| __error__=\"\"` (after `| unwrap …` too).",
  );
}

/** Labels of absent_over_time's sample: the selector's equality matchers (a name used twice is left out). */
function absentLabels(leaf: RangeLeaf): Labels {
  const out = emptyLabels();
  const dropped = new Set<string>();
  for (const m of leaf.matchers) {
    if (m.op === "=" && !(m.name in out) && !dropped.has(m.name)) out[m.name] = m.value;
    else {
      dropped.add(m.name);
      delete out[m.name];
    }
  }
  return out;
}

/**
 * A querier's answer as Loki 3.4.6's frontend reads it back in a range query: the querier joins each step's samples
 * into series by their labels (JoinSampleVector), so two samples labelled alike at one step (groups told apart only by
 * an empty label) are one series with two points at that time; the frontend's MatrixStepEvaluator then takes a
 * series' next point only when its time is the step's, so it takes the first of the two and never gets past the
 * second: the series has no point after that step. (Which of the two comes first is Go map order in Loki; the engine
 * keeps its own first.) Measured: `count(quantile_over_time(…) without (…)) without (y) * 2` (fuzz seed 147).
 */
export function stallDuplicates(steps: InstantSample[][]): InstantSample[][] {
  const stalled = new Set<string>();
  return steps.map((samples) => {
    const seen = new Set<string>();
    const out: InstantSample[] = [];
    for (const s of samples) {
      const key = labelsKey(s.labels);
      if (stalled.has(key)) continue;
      if (seen.has(key)) {
        stalled.add(key);
        continue;
      }
      seen.add(key);
      out.push(s);
    }
    return out;
  });
}

export class MetricEvaluator {
  /** Each topk/bottomk group, at each step, whose cut fell among series of one value (vectorAggregate's onTie). */
  readonly ties: { node: Extract<MetricQuery, { kind: "vector_agg" }>; step: number; tie: GroupTie }[] = [];

  constructor(
    private readonly times: readonly number[],
    private readonly leafOf: (node: MetricQuery) => RangeLeaf,
    /** A range query (query_range), where Loki's frontend reads querier answers as matrices; not an instant query. */
    private readonly rangeQuery = false,
  ) {}

  eval(node: MetricQuery): StepValues {
    const v = this.evalNode(node);
    if (!this.rangeQuery || v.kind !== "vector" || node.kind === "literal" || node.kind === "vector" || node.kind === "binop" || !node.querierMatrix) return v;
    return { kind: "vector", steps: stallDuplicates(v.steps) };
  }

  private evalNode(node: MetricQuery): StepValues {
    const n = this.times.length;
    switch (node.kind) {
      case "literal":
        return { kind: "scalar", values: new Array<number>(n).fill(node.value) };
      case "vector":
        return { kind: "vector", steps: this.times.map(() => [{ labels: {}, value: node.value }]) };
      case "range_agg":
        return { kind: "vector", steps: this.rangeAgg(node) };
      case "vector_agg": {
        const inner = this.vector(node.expr);
        if (node.matchesNothing) return { kind: "vector", steps: inner.map(() => []) };
        // Handed down to the queriers and aggregated again over their answers: in a range query each querier's answer
        // is a matrix read step by step, where groups labelled alike are one series with two points at a step.
        const readBack = node.emptyGroupsMerged && this.rangeQuery;
        const aggregated = inner.map((v, step) =>
          vectorAggregate(node.op, node.param, node.grouping, v, node.emptyGroupsMerged && !readBack, node.sumOverCount, (tie) => this.ties.push({ node, step, tie })),
        );
        const steps = readBack ? stallDuplicates(aggregated) : aggregated;
        // Groups stay apart ({y=""} and {} are two samples labelled {}), as in Loki's sum/count of the shards.
        if (node.emptyLabelsDropped) for (const step of steps) for (const s of step) s.labels = withoutEmptyValues(s.labels);
        return { kind: "vector", steps };
      }
      case "label_replace": {
        const inner = this.vector(node.expr);
        return { kind: "vector", steps: inner.map((v) => labelReplace(v, node.dst, node.replacement, node.src, node.regex)) };
      }
      case "binop":
        return this.binop(node);
    }
  }

  private vector(node: MetricQuery): InstantSample[][] {
    const v = this.eval(node);
    if (v.kind === "vector") return v.steps;
    return v.values.map((value) => [{ labels: {}, value }]);
  }

  private rangeAgg(node: Extract<MetricQuery, { kind: "range_agg" }>): InstantSample[][] {
    const leaf = this.leafOf(node);
    const { rangeMs, offsetMs } = node.range;
    const ends = this.times.map((t) => t - offsetMs);
    const steps: InstantSample[][] = this.times.map(() => []);
    const present: boolean[] = this.times.map(() => false);
    let keptError = false;
    for (const s of leaf.series.values()) {
      const values = s.buf.evaluate(node.op, ends, rangeMs, node.param);
      // Merged by Loki's sharding with a vector aggregation without (), which also leaves out __name__.
      const labels = node.emptyLabelsDropped ? withoutMetricName(withoutEmptyValues(s.labels)) : s.labels;
      const hasError = ERROR_LABEL in s.labels && s.labels[PRESERVE_ERROR_LABEL] !== "true";
      if (ERROR_LABEL in s.labels) keptError = true;
      values.forEach((value, i) => {
        if (value === undefined) return;
        present[i] = true;
        if (hasError) throw pipelineError(s.labels);
        if (node.op !== "absent_over_time") steps[i]!.push({ labels, value });
      });
    }
    if (node.op === "absent_over_time") {
      const labels = absentLabels(leaf);
      return present.map((p) => (p ? [] : [{ labels, value: 1 }]));
    }
    // Loki merges its shards' answers with min/max by (…): a sample that kept its error, labelled with all its labels,
    // folds into the group of its by labels (the others are one per group already). Measured against Loki 3.4.6:
    // max_over_time({…} | logfmt --strict | __error__!="" … | unwrap bytes(bytes) [2m]) by (flag) answers {flag=""} alone.
    if (node.errorsFoldedBy && keptError) return steps.map((v) => vectorAggregate(node.op === "min_over_time" ? "min" : "max", undefined, node.grouping, v));
    return steps;
  }

  private binop(node: Extract<MetricQuery, { kind: "binop" }>): StepValues {
    const l = this.eval(node.left);
    const r = this.eval(node.right);
    const op = node.op;
    if (l.kind === "scalar" && r.kind === "scalar") {
      if (op === "and" || op === "or" || op === "unless") throw new LogqlError("parse", `set operator ${op} needs vectors on both sides`);
      return { kind: "scalar", values: l.values.map((a, i) => scalarBinop(op, a, r.values[i]!)) };
    }
    if (op === "and" || op === "or" || op === "unless") {
      const lv = this.asVector(l);
      const rv = this.asVector(r);
      return { kind: "vector", steps: lv.map((v, i) => setOperation(op, v, rv[i]!, node.matching)) };
    }
    if (l.kind === "vector" && r.kind === "scalar")
      return { kind: "vector", steps: l.steps.map((v, i) => vectorScalar(op, v, r.values[i]!, false, node.bool)) };
    if (l.kind === "scalar" && r.kind === "vector")
      return { kind: "vector", steps: r.steps.map((v, i) => vectorScalar(op, v, l.values[i]!, true, node.bool)) };
    const lv = (l as { steps: InstantSample[][] }).steps;
    const rv = (r as { steps: InstantSample[][] }).steps;
    return { kind: "vector", steps: lv.map((v, i) => vectorVector(op, v, rv[i]!, node.matching, node.bool)) };
  }

  private asVector(v: StepValues): InstantSample[][] {
    return v.kind === "vector" ? v.steps : v.values.map((value) => [{ labels: {}, value }]);
  }
}

/** The labels without `__name__` (a line's JSON key of that name), as a vector aggregation's without (…) leaves it out. */
function withoutMetricName(labels: Labels): Labels {
  if (!("__name__" in labels)) return labels;
  const out = emptyLabels();
  for (const [k, v] of Object.entries(labels)) if (k !== "__name__") out[k] = v;
  return out;
}
