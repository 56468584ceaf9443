// Compares an embedded-engine answer with Loki's: lines, their order and labels; series, labels and values within a tolerance.
import type { QueryResult } from "../../lib/core/query-result.ts";

export type Answer = { result: QueryResult } | { error: string };

const labelText = (labels: Record<string, string>) =>
  JSON.stringify(Object.keys(labels).sort().map((k) => [k, labels[k]]));

function sameNumber(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * True when two vectors hold the same values and differ only in which series carry them: what topk/bottomk may
 * pick among equal values (Loki's choice follows Go's map order, so it is not repeatable).
 */
export function sameValuesAnySeries(engine: Answer, loki: Answer): boolean {
  if ("error" in engine || "error" in loki) return false;
  if (engine.result.type === "matrix" && loki.result.type === "matrix") {
    // A range query: at each time, the same values (each step's pick among equal values is Loki's map order).
    const byTime = (r: Answer) => {
      const m = new Map<number, number[]>();
      if ("result" in r && r.result.type === "matrix") for (const s of r.result.series) for (const p of s.points) m.set(p.tsMs, [...(m.get(p.tsMs) ?? []), p.value]);
      return [...m.entries()].sort((a, b) => a[0] - b[0]).map(([t, vs]) => [t, vs.sort((a, b) => a - b)] as const);
    };
    const a = byTime(engine);
    const b = byTime(loki);
    return a.length === b.length && a.every(([t, vs], i) => t === b[i]![0] && vs.length === b[i]![1].length && vs.every((v, k) => sameNumber(v, b[i]![1][k]!)));
  }
  if (engine.result.type !== "vector" || loki.result.type !== "vector") return false;
  const values = (r: Answer) => ("result" in r && r.result.type === "vector" ? r.result.samples.map((x) => x.value).sort((a, b) => a - b) : []);
  const a = values(engine);
  const b = values(loki);
  return a.length === b.length && a.every((v, i) => sameNumber(v, b[i]!));
}

/** Undefined when both agree, else a short description of the first difference. */
export function difference(engine: Answer, loki: Answer): string | undefined {
  if ("error" in engine || "error" in loki) {
    if ("error" in engine && "error" in loki) return undefined;
    return "error" in engine ? `the engine failed (${engine.error}), Loki answered` : `Loki failed (${(loki as { error: string }).error}), the engine answered`;
  }
  const e = engine.result;
  const l = loki.result;
  if (e.type !== l.type) {
    // Loki answers an empty instant vector or matrix with the same empty result either way.
    const empty = (r: QueryResult) => (r.type === "vector" ? r.samples.length : r.type === "matrix" ? r.series.length : r.type === "streams" ? r.streams.length : 1) === 0;
    if (empty(e) && empty(l)) return undefined;
    return `result types differ: engine ${e.type}, Loki ${l.type}`;
  }
  switch (e.type) {
    case "streams": {
      const ls = (l as typeof e).streams;
      const text = (r: typeof e.streams) => r.map((s) => `${labelText(s.labels)}\n${s.entries.map((x) => `  ${x.tsNs} ${JSON.stringify(x.line)}`).join("\n")}`).join("\n");
      const et = text(e.streams);
      const lt = text(ls);
      if (et === lt) return undefined;
      const el = et.split("\n");
      const ll = lt.split("\n");
      const i = el.findIndex((x, k) => x !== ll[k]);
      const at = i === -1 ? el.length : i;
      return `streams differ at line ${at}: engine ${el[at] ?? "(end)"} | Loki ${ll[at] ?? "(end)"}`;
    }
    case "vector": {
      const ls = (l as typeof e).samples;
      // Samples labelled alike (a range aggregation Loki merges with `sum without ()` drops empty labels, and keeps
      // {y=""} and {} apart as two samples labelled {}) come in no set order: by value among themselves.
      const sort = (xs: typeof ls) => [...xs].sort((a, b) => (labelText(a.labels) < labelText(b.labels) ? -1 : labelText(a.labels) > labelText(b.labels) ? 1 : a.value - b.value));
      const es = sort(e.samples);
      const lsorted = sort(ls);
      if (es.length !== lsorted.length) return `${es.length} samples from the engine, ${lsorted.length} from Loki: engine ${es.map((x) => labelText(x.labels)).join(" ")} | Loki ${lsorted.map((x) => labelText(x.labels)).join(" ")}`;
      for (let i = 0; i < es.length; i++) {
        if (labelText(es[i]!.labels) !== labelText(lsorted[i]!.labels)) return `labels differ: engine ${labelText(es[i]!.labels)}, Loki ${labelText(lsorted[i]!.labels)}`;
        if (!sameNumber(es[i]!.value, lsorted[i]!.value)) return `${labelText(es[i]!.labels)}: engine ${es[i]!.value}, Loki ${lsorted[i]!.value}`;
      }
      return undefined;
    }
    case "matrix": {
      const ls = (l as typeof e).series;
      const sort = (xs: typeof ls) => [...xs].sort((a, b) => (labelText(a.labels) < labelText(b.labels) ? -1 : 1));
      const es = sort(e.series);
      const lsorted = sort(ls);
      if (es.length !== lsorted.length) return `${es.length} series from the engine, ${lsorted.length} from Loki`;
      for (let i = 0; i < es.length; i++) {
        // Points of two series labelled alike share a series and may share a time; their order is Loki's map order.
        const byTime = (x: (typeof es)[number]) => ({ ...x, points: [...x.points].sort((p, q) => p.tsMs - q.tsMs || p.value - q.value) });
        const a = byTime(es[i]!);
        const b = byTime(lsorted[i]!);
        if (labelText(a.labels) !== labelText(b.labels)) return `labels differ: engine ${labelText(a.labels)}, Loki ${labelText(b.labels)}`;
        const pa = a.points.map((p) => p.tsMs).join(",");
        const pb = b.points.map((p) => p.tsMs).join(",");
        if (pa !== pb) return `${labelText(a.labels)}: points at ${pa} (engine) vs ${pb} (Loki)`;
        for (let k = 0; k < a.points.length; k++)
          if (!sameNumber(a.points[k]!.value, b.points[k]!.value)) return `${labelText(a.labels)} at ${a.points[k]!.tsMs}: engine ${a.points[k]!.value}, Loki ${b.points[k]!.value}`;
      }
      return undefined;
    }
    case "scalar": {
      // Loki 3.4.6 stamps an instant scalar with an odd time; the value is what counts.
      const lv = (l as typeof e).value;
      return sameNumber(e.value, lv) ? undefined : `scalar: engine ${e.value}, Loki ${lv}`;
    }
  }
}

/**
 * True when the engine's answer is one Loki gives, judged from several of Loki's answers to one query whose answer
 * varies from run to run (Loki walks a Go map anew at each step, e.g. to pick which of two samples labelled alike ends
 * a series): some of Loki's answers have exactly the engine's series, labels and point times (or samples), and each of
 * the engine's values is one of those answers' value at that place.
 */
export function amongAnswers(engine: Answer, answers: readonly Answer[]): boolean {
  if ("error" in engine) return answers.some((a) => "error" in a);
  const e = engine.result;
  // The places of values, in difference()'s order: series by labels, points by time (alike ones by value); samples by labels and value.
  const places = (r: QueryResult): { shape: string; values: number[] } | undefined => {
    if (r.type === "matrix") {
      const series = [...r.series].sort((a, b) => (labelText(a.labels) < labelText(b.labels) ? -1 : 1)).map((s) => ({ labels: labelText(s.labels), points: [...s.points].sort((p, q) => p.tsMs - q.tsMs || p.value - q.value) }));
      return { shape: JSON.stringify(series.map((s) => [s.labels, s.points.map((p) => p.tsMs)])), values: series.flatMap((s) => s.points.map((p) => p.value)) };
    }
    if (r.type === "vector") {
      const samples = [...r.samples].sort((a, b) => (labelText(a.labels) < labelText(b.labels) ? -1 : labelText(a.labels) > labelText(b.labels) ? 1 : a.value - b.value));
      return { shape: JSON.stringify(samples.map((s) => labelText(s.labels))), values: samples.map((s) => s.value) };
    }
    return undefined;
  };
  const mine = places(e);
  if (mine === undefined) return answers.some((a) => difference(engine, a) === undefined);
  const alike = answers.flatMap((a) => {
    if ("error" in a || a.result.type !== e.type) return [];
    const p = places(a.result);
    return p !== undefined && p.shape === mine.shape ? [p.values] : [];
  });
  return alike.length > 0 && mine.values.every((v, i) => alike.some((vs) => sameNumber(v, vs[i]!)));
}
