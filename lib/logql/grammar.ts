// The LogQL grammar (@grafana/lezer-logql) with its keyword lookup mended, for every module that parses a query.
import { parser as published } from "@grafana/lezer-logql";

type Replacement = NonNullable<NonNullable<Parameters<typeof published.configure>[0]["specializers"]>[number]>;
type Specializer = Replacement["from"];

/**
 * The names Object.prototype answers to (`constructor`, `__proto__`, `toString`…). The grammar looks a name up as a
 * keyword with `table[name.toLowerCase()]` in a plain object, so `constructor` and `__proto__` found a member of
 * Object.prototype there and became a token that fits nowhere: `{constructor="x"}` and `sum by (__proto__)` failed
 * to parse, where Loki reads both as label names (Loki 3.4.6 answers them).
 */
const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

/** The grammar's keyword lookups (external specializers), as lezer keeps them; none when a later version keeps them otherwise. */
const lookups = (published as unknown as { specializerSpecs?: readonly { external?: Specializer }[] }).specializerSpecs ?? [];

/** Each keyword lookup, answering "no keyword" for a name of Object.prototype (no LogQL keyword is one). */
const mended: Replacement[] = lookups.flatMap(({ external }) =>
  external ? [{ from: external, to: (value: string, stack: Parameters<Specializer>[1]) => (PROTOTYPE_NAMES.has(value.toLowerCase()) ? -1 : external(value, stack)) }] : [],
);

/** The LogQL parser: @grafana/lezer-logql's, with names such as `constructor` and `__proto__` read as identifiers. */
export const parser = published.configure({ specializers: mended });
