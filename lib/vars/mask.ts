// Secret masking: every occurrence of a secret value in any text becomes ***.

export const MASK = "***";

export class Masker {
  private values: string[] = [];

  /** Adds a secret value (values shorter than 3 characters are ignored: masking them would shred every text). */
  add(value: string | undefined): void {
    if (value === undefined || value.length < 3 || this.values.includes(value)) return;
    this.values.push(value);
    // Longest first, so a secret that contains another is masked whole.
    this.values.sort((a, b) => b.length - a.length);
    for (const encoded of [encodeURIComponent(value), Buffer.from(value).toString("base64")]) {
      if (encoded !== value && encoded.length >= 3 && !this.values.includes(encoded)) this.values.push(encoded);
    }
  }

  get active(): boolean {
    return this.values.length > 0;
  }

  text(s: string): string {
    if (!this.values.length) return s;
    let out = s;
    for (const v of this.values) if (out.includes(v)) out = out.split(v).join(MASK);
    return out;
  }

  /** Masks every string inside a value (events, results); returns the same object when nothing is secret. */
  deep<T>(value: T): T {
    if (!this.values.length) return value;
    return this.walk(value) as T;
  }

  private walk(value: unknown): unknown {
    if (typeof value === "string") return this.text(value);
    if (Array.isArray(value)) return value.map((v) => this.walk(v));
    if (value instanceof Date || value === null || typeof value !== "object") return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = this.walk(v);
    return out;
  }
}
