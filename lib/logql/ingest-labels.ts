// The labels Loki 3.x adds at ingestion with its default limits: `service_name` (a stream label) and `detected_level`.
import { emptyLabels, type Labels } from "./labels.ts";
import { scanLogfmt } from "./logfmt.ts";
import { jpUnescape } from "./json.ts";

const SERVICE_NAME = "service_name";
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
  return Object.assign(emptyLabels(), labels, { [SERVICE_NAME]: value });
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
  if (isJsonLine(line)) return jsonLevel(line) ?? keywordLevel(line);
  if (line.includes("=")) return knownLevel(logfmtLevelField(line)?.toLowerCase()) ?? keywordLevel(line);
  return keywordLevel(line);
}

/** The level a lower-cased field value names, or undefined for a value that is no level. */
function knownLevel(value: string | undefined): string | undefined {
  switch (value) {
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
      return undefined;
  }
}

/** Every spelling knownLevel accepts, by length: a field value is matched against them in place. */
const LEVEL_WORDS = ["trace", "trc", "debug", "dbg", "info", "inf", "warn", "wrn", "warning", "error", "err", "critical", "fatal"];

/**
 * knownLevel of line[from, to) lower-cased, without copying it. ASCII case folding is enough: no other character
 * lower-cases to a lone ASCII letter of these words (U+212A KELVIN SIGN gives "k", which none holds).
 */
function knownLevelAt(line: string, from: number, to: number): string | undefined {
  const len = to - from;
  for (const word of LEVEL_WORDS) {
    if (word.length !== len) continue;
    let k = 0;
    while (k < len) {
      const c = line.charCodeAt(from + k);
      if ((c >= 65 && c <= 90 ? c + 32 : c) !== word.charCodeAt(k)) break;
      k++;
    }
    if (k === len) return knownLevel(word);
  }
  return undefined;
}

const INFO_WORDS = /info|INFO/; // also covers info: and INFO:
const ERROR_WORDS = /err:|ERR:|error|ERROR/;
const WARN_WORDS = /warn:|WARN:|warning|WARNING/;
const CRITICAL_WORDS = /CRITICAL:|critical:/;
const DEBUG_WORDS = /debug:|DEBUG:/;

function keywordLevel(line: string): string {
  if (INFO_WORDS.test(line)) return "info";
  if (ERROR_WORDS.test(line)) return "error";
  if (WARN_WORDS.test(line)) return "warn";
  if (CRITICAL_WORDS.test(line)) return "critical";
  if (DEBUG_WORDS.test(line)) return "debug";
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

const QUOTED_FIELD = new RegExp(`"(?:${LEVEL_FIELDS.join("|")})"`);
/** Where each level field's value lies in the line being read (-1: absent; start = -2: an object or array). */
const valueStart = new Int32Array(LEVEL_FIELDS.length);
const valueEnd = new Int32Array(LEVEL_FIELDS.length);

/** The index just past the closing quote of the JSON string starting at i. */
function stringEnd(line: string, i: number): number {
  const n = line.length;
  let j = i + 1;
  while (j < n) {
    const c = line.charCodeAt(j);
    if (c === 92) j += 2;
    else if (c === 34) return j + 1;
    else j++;
  }
  return n;
}

function skipSpace(line: string, i: number): number {
  while (i < line.length && isSpace(line.charCodeAt(i))) i++;
  return i;
}

/** The LEVEL_FIELDS index of the key line[from, to), or -1 (no string is made). */
function fieldIndex(line: string, from: number, to: number): number {
  const len = to - from;
  for (let k = 0; k < LEVEL_FIELDS.length; k++) {
    const name = LEVEL_FIELDS[k]!;
    if (name.length === len && line.startsWith(name, from)) return k;
  }
  return -1;
}

/**
 * The level named by the first level field found in LEVEL_FIELDS order among the top-level keys (undefined when
 * there is none or its value is no level, e.g. an object). Lines naming none of the fields are not scanned; nothing
 * is allocated per line (no copy of the value either).
 */
function jsonLevel(line: string): string | undefined {
  // (A key spelled with \u escapes, `"le\u0076el"`, is such a field too.)
  if (!QUOTED_FIELD.test(line) && !line.includes("\\u")) return undefined;
  valueStart.fill(-1);
  let depth = 0;
  let expectKey = false;
  const n = line.length;
  let i = 0;
  while (i < n) {
    const c = line.charCodeAt(i);
    if (c === 34) {
      const end = stringEnd(line, i);
      if (depth === 1 && expectKey) {
        expectKey = false;
        let k: number;
        if (line.indexOf("\\", i + 1) !== -1 && line.indexOf("\\", i + 1) < end - 1) {
          // A key with escapes is compared unescaped (jsonparser's searchKeys); one it cannot unescape ends the search
          // for every field not found before it.
          const key = jpUnescape(line.slice(i + 1, end - 1));
          if (key === undefined) break;
          k = LEVEL_FIELDS.indexOf(key);
        } else k = fieldIndex(line, i + 1, end - 1);
        let j = skipSpace(line, end);
        if (line.charCodeAt(j) !== 58) {
          i = end;
          continue;
        }
        j = skipSpace(line, j + 1);
        if (k >= 0 && valueStart[k] === -1) {
          const v = line.charCodeAt(j);
          if (v === 34) {
            const ve = stringEnd(line, j);
            // An unterminated string is jsonparser.Get's error: the field counts as absent (-3), the next one is tried.
            valueStart[k] = ve === n && line.charCodeAt(n - 1) !== 34 ? -3 : j + 1;
            valueEnd[k] = ve - 1;
            j = ve;
          } else if (v === 123 || v === 91) valueStart[k] = -2;
          else {
            const vs = j;
            while (j < n) {
              const d = line.charCodeAt(j);
              if (d === 44 || d === 125 || d === 93 || isSpace(d)) break;
              j++;
            }
            // A bare token Get refuses (`tru`, `nul`, `x`) is absent too.
            const token = line.slice(vs, j);
            const ok = v === 116 || v === 102 ? token === "true" || token === "false" : v === 110 || v === 117 ? token === "null" : v === 45 || (v >= 48 && v <= 57);
            valueStart[k] = ok ? vs : -3;
            valueEnd[k] = j;
          }
        }
        i = j;
        continue;
      }
      i = end;
      continue;
    }
    if (c === 123 || c === 91) {
      depth++;
      expectKey = c === 123 && depth === 1;
    } else if (c === 125 || c === 93) depth--;
    else if (c === 44 && depth === 1) expectKey = true;
    i++;
  }
  for (let k = 0; k < LEVEL_FIELDS.length; k++) {
    const from = valueStart[k]!;
    if (from === -1 || from === -3) continue;
    return from === -2 ? undefined : knownLevelAt(line, from, valueEnd[k]!);
  }
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
