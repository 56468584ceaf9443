// Reads a response body with an upper bound, so a huge or endless body cannot exhaust memory.

/** Decodes each body whole (never streaming), so one decoder serves every call. */
const utf8 = new TextDecoder();

export interface BodyRead {
  text: string;
  /** Bytes received (after content decoding), up to the bound. */
  bytes: number;
  /** True when the body was longer than the bound and the rest was not read. */
  truncated: boolean;
}

/** Reads at most `max` bytes of the body as UTF-8 text; stops reading (and cancels the stream) past that. */
export function readBody(res: Response, max: number): Promise<BodyRead> {
  // A declared length within the bound is read whole without touching res.body (which makes a stream object);
  // a response without a body (HEAD, 204) reads as empty here too. Not async: this path's promise is the read's own.
  try {
    const declared = Number(res.headers.get("content-length") ?? Number.NaN);
    if (Number.isFinite(declared) && declared <= max && !res.headers.has("content-encoding")) return res.arrayBuffer().then(wholeBody);
    return readStream(res, max);
  } catch (e) {
    return Promise.reject(e);
  }
}

/** The read of a body's bytes (all of them, or the first `max` when `truncated`), whichever client read them. */
export function bodyRead(data: ArrayBuffer | Uint8Array, truncated: boolean): BodyRead {
  return { text: utf8.decode(data), bytes: data.byteLength, truncated };
}

function wholeBody(buf: ArrayBuffer): BodyRead {
  return bodyRead(buf, false);
}

/** The body read chunk by chunk, up to `max` bytes. */
async function readStream(res: Response, max: number): Promise<BodyRead> {
  if (!res.body) return { text: "", bytes: 0, truncated: false };
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
  return bodyRead(all, truncated);
}
