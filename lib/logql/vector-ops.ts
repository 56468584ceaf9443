// Vector aggregations (sum, avg, min, max, count, stddev, stdvar, topk, bottomk, sort) and label_replace on one instant.
import type { Grouping, VectorOp } from "./ast.ts";
import { compareLabels, emptyLabels, type Labels, groupLabels, labelOf, labelsKey, withoutEmptyValues } from "./labels.ts";

const METRIC_NAME = "__name__";
import { compileRe2, namedGroupsOf } from "./re2.ts";
import { execAnswer, RegexLimitError } from "../util/regex-limit.ts";

export interface InstantSample {
  labels: Labels;
  value: number;
}

/** A topk/bottomk group whose k-th and (k+1)-th best are of one value: the series of that value it kept and left out. */
export interface GroupTie {
  group: Labels;
  value: number;
  kept: Labels[];
  left: Labels[];
}

/**
 * Aggregates one instant vector; groups by `by`/`without` labels (no grouping: one group without labels).
 * `emptyGroupsMerged`: a `without (…)` group is told apart by its labels without the empty ones (see ast.ts).
 * `sumOverCount`: an `avg` is the group's sum divided by its count (Loki's sharded avg), not a running mean.
 * `onTie`: told of each topk/bottomk group where the cut falls among series of one value (GroupTie).
 */
export function vectorAggregate(
  op: VectorOp,
  param: number | undefined,
  grouping: Grouping | undefined,
  input: InstantSample[],
  emptyGroupsMerged = false,
  sumOverCount = false,
  onTie?: (tie: GroupTie) => void,
): InstantSample[] {
  if (op === "sort" || op === "sort_desc") {
    const dir = op === "sort" ? 1 : -1;
    return [...input].sort((a, b) => nanLast(a.value, b.value, dir));
  }
  const groups = new Map<string, { labels: Labels; samples: InstantSample[] }>();
  // Loki 3.4.6 never hands stddev/stdvar down to its queriers: its frontend meets the querier's answer sorted by
  // labels, and the running variance depends on that order in its last bit (fuzz grammar forms, seed 399).
  const ordered = op === "stddev" || op === "stdvar" ? [...input].sort((a, b) => compareLabels(a.labels, b.labels)) : input;
  for (const s of ordered) {
    const kept = grouping ? groupLabels(s.labels, grouping.labels, grouping.without) : {};
    // Prometheus's HashWithoutLabels and Loki's group labels leave out __name__ under without (…) (a line's JSON key
    // `__name__` under | json): `sum without (x) (…)` answers no __name__, and groups as if there were none.
    if (grouping?.without && METRIC_NAME in kept) delete kept[METRIC_NAME];
    // Loki groups without (…) by a hash of every other label, y="" included, but builds the group's labels with a
    // labels.Builder, which drops an empty value: {y=""} and {} stay two groups, both labelled {}.
    const labels = grouping?.without ? withoutEmptyValues(kept) : kept;
    const key = labelsKey(emptyGroupsMerged ? labels : kept);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { labels, samples: [] }));
    g.samples.push(s);
  }
  const out: InstantSample[] = [];
  for (const g of groups.values()) {
    const values = g.samples.map((s) => s.value);
    switch (op) {
      case "sum":
        out.push({ labels: g.labels, value: values.reduce((a, b) => a + b, 0) });
        break;
      case "avg":
        out.push({ labels: g.labels, value: sumOverCount ? values.reduce((a, b) => a + b, 0) / values.length : runningMean(values) });
        break;
      case "count":
        out.push({ labels: g.labels, value: values.length });
        break;
      case "min":
        out.push({ labels: g.labels, value: values.reduce((a, b) => (b < a || Number.isNaN(a) ? b : a)) });
        break;
      case "max":
        out.push({ labels: g.labels, value: values.reduce((a, b) => (b > a || Number.isNaN(a) ? b : a)) });
        break;
      case "stddev":
      case "stdvar": {
        // Loki's vector aggregation starts from the first sample (mean x, sum of squares 0), unlike stdvar_over_time,
        // which starts from 0: a group of one NaN or Inf is 0 here, NaN there.
        let mean = values[0]!;
        let m2 = 0;
        for (let i = 1; i < values.length; i++) {
          const delta = values[i]! - mean;
          mean += delta / (i + 1);
          m2 += delta * (values[i]! - mean);
        }
        const v = m2 / values.length;
        out.push({ labels: g.labels, value: op === "stddev" ? Math.sqrt(v) : v });
        break;
      }
      case "topk":
      case "bottomk": {
        const dir = op === "topk" ? -1 : 1;
        const sorted = [...g.samples].sort((a, b) => nanLast(a.value, b.value, dir));
        const k = param!;
        out.push(...sorted.slice(0, k));
        // Loki keeps the k best in a heap fed in Go map order and replaces its worst only by a better value (a NaN by
        // anything): among series of the value at the cut, which it keeps changes from run to run. Series alike in
        // labels too are one answer whichever is kept.
        if (onTie && sorted.length > k && sameValue(sorted[k - 1]!.value, sorted[k]!.value)) {
          const value = sorted[k]!.value;
          const tied = (s: InstantSample) => sameValue(s.value, value);
          const kept = sorted.slice(0, k).filter(tied).map((s) => s.labels);
          const left = sorted.slice(k).filter(tied).map((s) => s.labels);
          const keys = new Set([...kept, ...left].map(labelsKey));
          if (keys.size > 1) onTie({ group: g.labels, value, kept, left });
        }
        break;
      }
    }
  }
  return out;
}

/** Equal for topk/bottomk's pick: NaN is each NaN's equal (Loki's heap replaces a NaN by any value, a NaN too). */
function sameValue(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

/** Sorts ascending (dir 1) or descending (dir -1) with NaN last either way. */
function nanLast(a: number, b: number, dir: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
  if (Number.isNaN(b)) return -1;
  return (a - b) * dir;
}

/** label_replace(v, dst, replacement, src, regex): when the anchored regex matches src, dst gets the expansion (empty labels go). */
export function labelReplace(input: InstantSample[], dst: string, replacement: string, src: string, regex: string): InstantSample[] {
  const re = compileRe2(regex, true);
  return input.map((s) => {
    const text = labelOf(s.labels, src) ?? "";
    const m = execAnswer(re, text);
    if (m === undefined) throw new RegexLimitError(regex, `the label ${src}=${JSON.stringify(text.slice(0, 80))}`);
    if (!m) return s;
    const value = replacement.replace(/\$(?:\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g, (all, braced?: string, bare?: string) => {
      if (all === "$$") return "$";
      const name = (braced ?? bare)!;
      return (/^\d+$/.test(name) ? m[Number(name)] : namedGroupsOf(regex, m)[name]) ?? "";
    });
    // Loki rebuilds a matched sample's labels with a labels builder, which drops every label with an empty value
    // (`{y=""}` comes out as `{}`); a sample the regex does not match keeps its labels as they are.
    const labels = Object.assign(emptyLabels(), withoutEmptyValues(s.labels));
    if (value === "") delete labels[dst];
    else labels[dst] = value;
    return { labels, value: s.value };
  });
}

/** `avg`'s running mean, m += (v - m)/k: in the last bit not avg_over_time's (Loki 3.4.6 answered each as written). */
function runningMean(values: readonly number[]): number {
  let m = 0;
  for (let k = 1; k <= values.length; k++) m += (values[k - 1]! - m) / k;
  return m;
}
