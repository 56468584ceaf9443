// Sizes as the scenario format writes them ("10KB", "1MiB", "512B"), parsed to bytes.
import { ownValue } from "../../util/own.ts";

const UNIT_BYTES: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

/** A number with a unit of one letter (`10k`, `100M`, `1G`; `10m` is ten minutes, read as a duration before a size is). */
const ONE_LETTER = /^\s*(\d+(?:\.\d+)?)\s*([kKMgGtT])\s*$/;

/**
 * Why a text such as `100M` is no size here, or undefined: a unit of one letter is 1000-based to some tools (Kubernetes,
 * Go's humanize, LogQL's byte filters) and 1024-based to others (`ls -h`, `du`). Read as 1024-based, `size: {lt: 100M}`
 * passed on a log of 104,000,000 bytes that its author meant to keep under 10^8.
 */
export function oneLetterSize(text: string): string | undefined {
  const m = ONE_LETTER.exec(text);
  if (!m) return undefined;
  const n = m[1]!;
  const u = m[2]!.toUpperCase();
  // Rounded to what a double holds of the digits written: 1.005k is 1005, not 1004.9999999999999.
  const whole = Number((Number(n) * 1000 ** ("KMGT".indexOf(u) + 1)).toPrecision(15));
  return `${JSON.stringify(text)}: a unit of one letter is 1000-based to some tools and 1024-based to others, so it is no unit here: write the number (${whole}), or a size with B: ${n}${u}B (1000-based) or ${n}${u}iB (1024-based)`;
}

const SIZE = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]+)\s*$/;

/** Parses "1.5MiB"-style text to bytes; undefined when it is not a size. */
export function parseSize(text: string): number | undefined {
  const m = SIZE.exec(text);
  if (!m) return undefined;
  const unit = ownValue(UNIT_BYTES, m[2]!.toLowerCase());
  return unit === undefined ? undefined : Number(m[1]) * unit;
}

/** Renders bytes for reports: 512 B, 1.5 KiB, 20.0 MiB. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}
