// The labels Loki 3.x adds at ingestion with its default limits: `service_name` (a stream label) and `detected_level`.
import type { Labels } from "./labels.ts";
import { scanLogfmt } from "./logfmt.ts";

export const SERVICE_NAME = "service_name";
export const DETECTED_LEVEL = "detected_level";

/** discover_service_name's default: the first of these a stream has gives `service_name`. */
const SERVICE_SOURCES = ["service", "app", "application", "app_name", "name", "app_kubernetes_io_name", "container", "container_name", "k8s_container_name", "component", "workload", "job", "k8s_job_name"];

/** The field and label names a level is read from, in Loki's order (pkg/distributor/field_detection.go). */
const LEVEL_FIELDS = ["level", "LEVEL", "Level", "severity", "SEVERITY", "Severity", "lvl", "LVL", "Lvl"];

/** The stream's labels with `service_name` added as Loki's distributor does when it has none. */
export function withServiceName(labels: Labels): Labels {
  if (SERVICE_NAME in labels) return labels;
  let value = "unknown_service";
  for (const name of SERVICE_SOURCES) {
    const v = labels[name];
    if (v) {
      value = v;
      break;
    }
  }
  return { ...labels, [SERVICE_NAME]: value };
}

/** A level stream label (`level`, `severity`, … in Loki's order) gives every line of the stream that level as is. */
export function levelFromStream(labels: Labels): string | undefined {
  for (const name of LEVEL_FIELDS) if (labels[name]) return labels[name];
  return undefined;
}

/**
 * `detected_level` of a line without a level stream label: the level field of a JSON line (first non-space
 * character `{`, last `}`) or of a logfmt line (it contains `=`), mapped case-insensitively; otherwise, or when the
 * value is not a known level, a keyword search of the raw line.
 */
export function detectLevel(line: string): string {
  let value: string | undefined;
  if (isJsonLine(line)) value = jsonLevelField(line);
  else if (line.includes("=")) value = logfmtLevelField(line);
  else return keywordLevel(line);
  switch (value?.toLowerCase()) {
    case "trace":
    case "trc":
      return "trace";
    case "debug":
    case "dbg":
      return "debug";
    case "info":
    case "inf":
      return "info";
    case "warn":
    case "wrn":
    case "warning":
      return "warn";
    case "error":
    case "err":
      return "error";
    case "critical":
      return "critical";
    case "fatal":
      return "fatal";
    default:
      return keywordLevel(line);
  }
}

function keywordLevel(line: string): string {
  if (line.includes("info") || line.includes("INFO")) return "info"; // also covers info: and INFO:
  if (line.includes("err:") || line.includes("ERR:") || line.includes("error") || line.includes("ERROR")) return "error";
  if (line.includes("warn:") || line.includes("WARN:") || line.includes("warning") || line.includes("WARNING")) return "warn";
  if (line.includes("CRITICAL:") || line.includes("critical:")) return "critical";
  if (line.includes("debug:") || line.includes("DEBUG:")) return "debug";
  return "unknown";
}

/** Go's unicode.IsSpace. */
function isSpace(c: number): boolean {
  return (c >= 9 && c <= 13) || c === 32 || c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

function isJsonLine(line: string): boolean {
  let i = 0;
  while (i < line.length && isSpace(line.charCodeAt(i))) i++;
  if (line.charCodeAt(i) !== 123) return false;
  // Loki looks at the last byte that is not a space: a trailing U+0085 or U+00A0 is not skipped as a whole.
  let j = line.length - 1;
  while (j >= 0) {
    const c = line.charCodeAt(j);
    if (c < 0x80 ? !isSpace(c) : true) break;
    j--;
  }
  return line.charCodeAt(j) === 125;
}

/** The value of the first level field found in LEVEL_FIELDS order among the top-level keys (strings as written). */
function jsonLevelField(line: string): string | undefined {
  const found = new Map<string, string>();
  let depth = 0;
  let i = 0;
  const n = line.length;
  const readString = (): string => {
    const start = ++i;
    while (i < n && line.charCodeAt(i) !== 34) i += line.charCodeAt(i) === 92 ? 2 : 1;
    return line.slice(start, i++);
  };
  let expectKey = false;
  while (i < n) {
    const c = line.charCodeAt(i);
    if (c === 34) {
      const s = readString();
      if (depth === 1 && expectKey) {
        while (i < n && isSpace(line.charCodeAt(i))) i++;
        if (line.charCodeAt(i) !== 58) continue;
        i++;
        while (i < n && isSpace(line.charCodeAt(i))) i++;
        if (LEVEL_FIELDS.includes(s) && !found.has(s)) {
          const v = line.charCodeAt(i);
          if (v === 34) found.set(s, readString());
          else if (v === 123 || v === 91) found.set(s, ""); // an object or array is no level
          else {
            const start = i;
            while (i < n && !/[\s,}\]]/.test(line[i]!)) i++;
            found.set(s, line.slice(start, i));
          }
        }
        expectKey = false;
      }
      continue;
    }
    if (c === 123 || c === 91) {
      depth++;
      expectKey = c === 123 && depth === 1;
    } else if (c === 125 || c === 93) depth--;
    else if (c === 44 && depth === 1) expectKey = true;
    i++;
  }
  for (const name of LEVEL_FIELDS) if (found.has(name)) return found.get(name);
  return undefined;
}

/** The first key equal (ignoring case) to `level`, else `severity`, else `lvl`, read until the first syntax error. */
function logfmtLevelField(line: string): string | undefined {
  let best: string | undefined;
  let rank = 3;
  scanLogfmt(line, true, (key, value) => {
    const k = key.toLowerCase();
    const r = k === "level" ? 0 : k === "severity" ? 1 : k === "lvl" ? 2 : 3;
    if (r < rank) {
      best = value;
      rank = r;
    }
    return rank !== 0;
  });
  return best;
}
