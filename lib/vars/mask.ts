// Secret masking, the one place it happens: every occurrence of a secret in any text becomes ***, in the forms output commonly gives it (raw, percent- and form-encoded, JSON- and shell-escaped, HTML entities, base64 and base64url).

const MASK = "***";

/** Secrets shorter than this are not masked: masking 1–3 characters would shred every text (the runner warns instead). */
export const MIN_SECRET_LENGTH = 4;

/** Why a secret cannot be masked, or undefined when it is. */
export function unmaskableReason(value: string): string | undefined {
  if (value === "") return "its value is empty, so nothing can be masked";
  const length = [...value].length;
  if (length < MIN_SECRET_LENGTH) return `its value is ${length} character${length === 1 ? "" : "s"} long, too short to mask (minimum ${MIN_SECRET_LENGTH}): it appears in output as it is`;
  return undefined;
}

const reEscape = (s: string) => s.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");
/** One hex digit, either case. */
const hexRe = (d: string) => (/[a-f]/i.test(d) ? `[${d.toLowerCase()}${d.toUpperCase()}]` : d);
const hexSeq = (hex: string) => [...hex].map(hexRe).join("");

const JSON_SHORT: Record<string, string> = { '"': '\\"', "\\": "\\\\", "/": "\\/", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f" };
const HTML: Record<string, string[]> = {
  "&": ["&amp;", "&#38;", "&#x26;"],
  "<": ["&lt;", "&#60;", "&#x3c;", "&#x3C;"],
  ">": ["&gt;", "&#62;", "&#x3e;", "&#x3E;"],
  '"': ["&quot;", "&#34;", "&#x22;"],
  "'": ["&#39;", "&#x27;", "&apos;"],
};

/** Every way one character commonly appears in output, as a regex alternative. */
function charForms(ch: string): string {
  const forms = [reEscape(ch)];
  const bytes = Buffer.from(ch, "utf8");
  forms.push([...bytes].map((b) => `%${hexSeq(b.toString(16).padStart(2, "0"))}`).join(""));
  if (ch === " ") forms.push("\\+");
  // Escapes may be nested (JSON inside a JSON string): one or more backslashes.
  if (JSON_SHORT[ch]) forms.push(`\\\\+${reEscape(JSON_SHORT[ch].slice(1))}`);
  const units = [...Array(ch.length).keys()].map((i) => ch.charCodeAt(i).toString(16).padStart(4, "0"));
  forms.push(units.map((u) => `\\\\+u${hexSeq(u)}`).join(""));
  if (/[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e ]/.test(ch)) forms.push(`\\\\+${reEscape(ch)}`);
  if (ch === "'") forms.push(reEscape(`'\\''`), reEscape(`'"'"'`));
  for (const entity of HTML[ch] ?? []) forms.push(reEscape(entity));
  return forms.length === 1 ? forms[0]! : `(?:${forms.join("|")})`;
}

/** The base64 text that encodes the secret's bytes wherever they sit in a longer value (three alignments), both alphabets. */
function base64Forms(value: string): string[] {
  const bytes = Buffer.from(value, "utf8");
  const out = new Set<string>();
  for (let k = 0; k < 3; k++) {
    const text = Buffer.concat([Buffer.alloc(k), bytes]).toString("base64");
    const fragment = text.slice(Math.ceil((8 * k) / 6), Math.floor((8 * (k + bytes.length)) / 6));
    if (fragment.length < MIN_SECRET_LENGTH) continue;
    out.add(fragment);
    out.add(fragment.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  return [...out];
}

/** The regex source matching a secret in every form above. */
function secretPattern(value: string): string {
  const encoded = [...value].map(charForms).join("");
  return [encoded, ...base64Forms(value).map(reEscape)].join("|");
}

export class Masker {
  private values: string[] = [];
  private pattern?: RegExp;
  /**
   * Masked copies of the objects deep() has seen, while the secrets stay the same: a step's result travels in several
   * events (attempt-end, step-end) and its step info in every event of the step, and each is masked once.
   */
  private copies = new WeakMap<object, unknown>();

  /** Adds a secret value; returns why it is not masked (empty, too short), or undefined. */
  add(value: string | undefined): string | undefined {
    if (value === undefined) return undefined;
    const reason = unmaskableReason(value);
    if (reason !== undefined || this.values.includes(value)) return reason;
    this.values.push(value);
    // Longest first, so a secret that contains another is masked whole.
    this.values.sort((a, b) => b.length - a.length);
    this.pattern = new RegExp(this.values.map(secretPattern).join("|"), "g");
    this.copies = new WeakMap();
    return undefined;
  }

  get active(): boolean {
    return this.values.length > 0;
  }

  text(s: string): string {
    if (!this.pattern) return s;
    return s.replace(this.pattern, MASK);
  }

  /** Masks every string inside a value (events, results); returns the same object when nothing is secret. */
  deep<T>(value: T): T {
    if (!this.pattern) return value;
    return this.walk(value) as T;
  }

  private walk(value: unknown): unknown {
    if (typeof value === "string") return this.text(value);
    if (value instanceof Date || value === null || typeof value !== "object") return value;
    const seen = this.copies.get(value);
    if (seen !== undefined) return seen;
    let out: unknown;
    if (Array.isArray(value)) out = value.map((v) => this.walk(v));
    else {
      const copy: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) copy[k] = this.walk(v);
      out = copy;
    }
    this.copies.set(value, out);
    return out;
  }
}
