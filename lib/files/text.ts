// Small text helpers for failure messages: how much of a line to quote, rendering ages and byte counts.
import { formatSize } from "../core/units/size.ts";

/** How much of a file's line a failure message quotes. */
export const QUOTE_LIMIT = 200;

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

/** "1536 bytes (1.5 KiB)". */
export function formatBytes(n: number): string {
  return n < 1024 ? `${n} bytes` : `${n} bytes (${formatSize(n)})`;
}
