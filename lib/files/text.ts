// Small text helpers for failure messages: how much of a line to quote, rendering ages and byte counts.
import { formatSize } from "../core/units/size.ts";

/** How much of a file's line a failure message quotes. */
export const QUOTE_LIMIT = 200;

/**
 * How much of a long line a quote shows before the find (as a report shows it, a NUL as \u0000): little, so that the
 * find is within what a console shows of the message, after the file's path.
 */
export const CONTEXT_BEFORE = 40;

/** Renders an age in ms compactly: 850ms, 42s, 5m10s, 3h05m, 8d02h. */
export function formatAge(ms: number): string {
  if (ms < 0) return `${formatAge(-ms)} in the future`;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m}m${String(s % 60).padStart(2, "0")}s` : `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h}h${String(m % 60).padStart(2, "0")}m` : `${h}h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d}d${String(h % 24).padStart(2, "0")}h` : `${d}d`;
}

/** Whole seconds split into days, hours, minutes and seconds. */
function dhms(total: number): [d: number, h: number, m: number, s: number] {
  return [Math.floor(total / 86_400), Math.floor(total / 3600) % 24, Math.floor(total / 60) % 60, total % 60];
}

/** A bound (a max_age, a min_age) exactly, in the units a scenario writes: "7d", "1h30m", "1d1h1m1s", "1.5s", "250ms". */
export function formatBound(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const [d, h, m, s] = dhms(Math.floor(ms / 1000));
  const frac = ms % 1000 ? `.${String(ms % 1000).padStart(3, "0").replace(/0+$/, "")}` : "";
  return [d ? `${d}d` : "", h ? `${h}h` : "", m ? `${m}m` : "", s || frac ? `${s}${frac}s` : ""].join("");
}

/**
 * An age precisely enough to see it against its bound: every unit from the largest down to seconds ("7d 0h 0m 5s",
 * "23h 59m 30s"), and the fraction of a second when an age past the bound would otherwise show the bound itself
 * ("7d 0h 0m 0.400s" for 7d and 400 ms against 7d). Whole seconds are floored: an age below its bound never shows above it.
 */
export function formatAgeExact(ms: number, bound: number): string {
  const total = Math.floor(ms / 1000);
  const [d, h, m, s] = dhms(total);
  // Past the bound by less than what whole seconds show: milliseconds, or microseconds when the bound is within a millisecond.
  let sec = `${s}s`;
  if (ms > bound && total * 1000 <= bound) {
    const digits = Math.floor(ms) > bound ? 3 : 6;
    const part = Math.floor((ms - total * 1000) * 10 ** (digits - 3));
    sec = `${s}.${String(part).padStart(digits, "0")}s`;
  }
  const parts = d ? [`${d}d`, `${h}h`, `${m}m`] : h ? [`${h}h`, `${m}m`] : m ? [`${m}m`] : [];
  return [...parts, sec].join(" ");
}

/** "1536 bytes (1.5 KiB)". */
export function formatBytes(n: number): string {
  return n < 1024 ? `${n} bytes` : `${n} bytes (${formatSize(n)})`;
}
