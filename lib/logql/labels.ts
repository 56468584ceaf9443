// Label sets: canonical keys, Prometheus-style printing and ordering, and name sanitising as Loki's parsers do it.
import { emptyLabels, labelOf, labelsOf, type Labels } from "../core/query-result.ts";
import { goTrimSpace } from "./lexical.ts";

export type { Labels };
export { emptyLabels, labelOf, labelsOf };

export const ERROR_LABEL = "__error__";
export const ERROR_DETAILS_LABEL = "__error_details__";

/** A canonical, collision-free key for a label set (names sorted). */
export function labelsKey(labels: Labels): string {
  const names = Object.keys(labels).sort();
  let key = "";
  for (const n of names) key += n + "\u0000" + labels[n] + "\u0001";
  return key;
}

/** A copy with the names in sorted order (for stable output). */
export function sortedLabels(labels: Labels): Labels {
  const out = emptyLabels();
  for (const n of Object.keys(labels).sort()) out[n] = labels[n]!;
  return out;
}

/** `{a="b", c="d"}` with names sorted, as Prometheus and Loki print label sets. */
export function labelsString(labels: Labels): string {
  const names = Object.keys(labels).sort();
  return "{" + names.map((n) => `${n}=${JSON.stringify(labels[n])}`).join(", ") + "}";
}

/** Orders label sets like Prometheus' labels.Compare: pairwise by sorted name, then value, then length. */
export function compareLabels(a: Labels, b: Labels): number {
  const an = Object.keys(a).sort();
  const bn = Object.keys(b).sort();
  const n = Math.min(an.length, bn.length);
  for (let i = 0; i < n; i++) {
    if (an[i] !== bn[i]) return an[i]! < bn[i]! ? -1 : 1;
    const av = a[an[i]!]!;
    const bv = b[bn[i]!]!;
    if (av !== bv) return av < bv ? -1 : 1;
  }
  return an.length - bn.length;
}

/**
 * Keeps only `names` (by) or drops them (without). A label with an empty value stays either way: it tells groups
 * apart, as in Loki 3.4.6 (`sum by (y)` answers {} and {y=""} apart; HashWithoutLabels hashes y="" too).
 */
export function groupLabels(labels: Labels, names: readonly string[], without: boolean): Labels {
  const out = emptyLabels();
  if (without) {
    for (const [k, v] of Object.entries(labels)) if (!names.includes(k)) out[k] = v;
  } else {
    for (const n of names) {
      const v = labelOf(labels, n);
      if (v !== undefined) out[n] = v;
    }
  }
  return out;
}

/**
 * Loki's key sanitising for extracted labels: trims spaces, prefixes a leading digit with `_`,
 * and replaces every character other than ASCII letters, digits and `_` with `_`.
 */
export function sanitizeLabelName(key: string): string {
  if (isLabelName(key)) return key;
  let k = goTrimSpace(key);
  if (!k) return k;
  if (/^[0-9]/.test(k)) k = "_" + k;
  let out = "";
  for (const ch of k) {
    const c = ch.charCodeAt(0);
    const ok = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
    out += ok && ch.length === 1 ? ch : "_";
  }
  return out;
}

/** True when sanitizeLabelName leaves the key as it is: ASCII letters, digits and `_`, not starting with a digit (most keys). */
function isLabelName(key: string): boolean {
  if (key.length === 0) return false;
  const first = key.charCodeAt(0);
  if (first >= 48 && first <= 57) return false;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95)) return false;
  }
  return true;
}

/** The labels without those whose value is empty (Prometheus's labels.Builder drops them). */
export function withoutEmptyValues(labels: Labels): Labels {
  if (!Object.values(labels).includes("")) return labels;
  return labelsOf(Object.entries(labels).filter(([, v]) => v !== ""));
}
