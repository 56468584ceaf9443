// Reads a response body with an upper bound, so a huge or endless body cannot exhaust memory.

/** Decodes each whole body (a cut one gets a decoder of its own), so one decoder per charset serves every call. */
const utf8 = new TextDecoder();
const decoders = new Map<string, TextDecoder>([["utf-8", utf8]]);
/** A charset label as TextDecoder is given it (its type lists the names; any WHATWG label is taken). */
type Label = ConstructorParameters<typeof TextDecoder>[0];
const CHARSET = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;,\s]*))/i;

/**
 * The encoding a body with this Content-Type is read in, by its WHATWG name: the `charset` parameter when TextDecoder
 * knows it (iso-8859-1, latin1 and us-ascii are windows-1252, as browsers read them), else UTF-8; a JSON type
 * (application/json, any +json) is always UTF-8, as RFC 8259 has it (its charset parameter has no effect).
 */
export function charsetOf(contentType: string | null | undefined): string {
  if (!contentType) return "utf-8";
  const essence = contentType.split(";")[0]!.trim().toLowerCase();
  if (essence === "application/json" || essence.endsWith("+json")) return "utf-8";
  const m = CHARSET.exec(contentType);
  const label = (m?.[1] ?? m?.[2] ?? "").trim().toLowerCase();
  if (label === "") return "utf-8";
  return decoderOf(label)?.encoding ?? "utf-8";
}

/** The decoder of a charset label, or undefined for one TextDecoder does not know. */
function decoderOf(label: string): TextDecoder | undefined {
  let d = decoders.get(label);
  if (d) return d;
  try {
    d = new TextDecoder(label as Label);
  } catch {
    return undefined;
  }
  decoders.set(label, d);
  decoders.set(d.encoding, decoders.get(d.encoding) ?? d);
  return d;
}

export interface BodyRead {
  text: string;
  /** Bytes received (after content decoding), up to the bound. */
  bytes: number;
  /** True when the body was longer than the bound and the rest was not read. */
  truncated: boolean;
}

/**
 * The encoding a byte order mark at the body's start names (UTF-8's EF BB BF, UTF-16LE's FF FE, UTF-16BE's FE FF), or
 * undefined without one. As the WHATWG Encoding Standard's decode, the mark decides over the Content-Type's charset (a
 * JSON type's UTF-8 too), and the decoder leaves it out: a UTF-16LE `ERROR happened` read as UTF-8 held no `ERROR`, and
 * `not_contains: ERROR` passed on it.
 */
function bomOf(data: Uint8Array): string | undefined {
  if (data.length < 2) return undefined;
  const a = data[0];
  const b = data[1];
  if (a === 0xff && b === 0xfe) return "utf-16le";
  if (a === 0xfe && b === 0xff) return "utf-16be";
  return a === 0xef && b === 0xbb && data[2] === 0xbf ? "utf-8" : undefined;
}

/** Reads at most `max` bytes of the body as text (see bodyRead); stops reading (and cancels the stream) past that. */
export function readBody(res: Response, max: number): Promise<BodyRead> {
  // A declared length within the bound is read whole without touching res.body (which makes a stream object);
  // a response without a body (HEAD, 204) reads as empty here too. Not async: this path's promise is the read's own.
  try {
    const declared = Number(res.headers.get("content-length") ?? Number.NaN);
    if (Number.isFinite(declared) && declared <= max && !res.headers.has("content-encoding")) return res.arrayBuffer().then((buf) => bodyRead(buf, false, res.headers.get("content-type")));
    return readStream(res, max);
  } catch (e) {
    return Promise.reject(e);
  }
}

/**
 * The read of a body's bytes (all of them, or the first `max` when `truncated`), whichever client read them, as text in
 * the charset its Content-Type names (charsetOf), or the one a byte order mark at its start names (bomOf). A cut body ends
 * before a character the cut went through (decoded as a stream that is never finished), where it showed a U+FFFD the body
 * did not hold.
 */
export function bodyRead(data: ArrayBuffer | Uint8Array, truncated: boolean, contentType?: string | null): BodyRead {
  const charset = bomOf(data instanceof Uint8Array ? data : new Uint8Array(data)) ?? charsetOf(contentType);
  const text = truncated ? new TextDecoder(charset as Label).decode(data, { stream: true }) : (decoderOf(charset) ?? utf8).decode(data);
  return { text, bytes: data.byteLength, truncated };
}

/** The body read chunk by chunk, up to `max` bytes. */
async function readStream(res: Response, max: number): Promise<BodyRead> {
  if (!res.body) return { text: "", bytes: 0, truncated: false };
  const contentType = res.headers.get("content-type");
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (bytes + value.byteLength > max) {
      chunks.push(value.subarray(0, max - bytes));
      bytes = max;
      truncated = true;
      await reader.cancel().catch(() => {});
      break;
    }
    chunks.push(value);
    bytes += value.byteLength;
  }
  const all = new Uint8Array(bytes);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return bodyRead(all, truncated, contentType);
}
