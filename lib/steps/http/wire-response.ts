// Reads one HTTP/1.x response from the bytes of a connection as Bun's fetch reads it: status line, headers, and the body by its framing.
import { contentCoding } from "./wire-coding.ts";
import { statusHasNoBody } from "./no-reuse.ts";
import type { FetchErrorCode } from "./wire-errors.ts";

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const STATUS_LINE = /^HTTP\/1\.(\d) +(\d{3})(?: +(.*))?$/;
/** Control characters fetch refuses in a header value. */
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;
/** Fetch does not parse a head from fewer bytes than this: it waits for more (or the close). */
const MIN_HEAD_BYTES = 16;
const EMPTY = Buffer.alloc(0);
/** Fetch refuses a response whose head is still not whole after more bytes than this (ResponseHeadersTooLarge). */
const MAX_PARTIAL_HEAD = 1024 * 1024;
/** Fetch refuses a head with more header lines than this. */
const MAX_HEADERS = 256;
const MAX_LENGTH = 18446744073709551615n;
/** Control characters fetch refuses in a status line before it ends (a CR may be the start of its CRLF). */
const FIRST_LINE_CONTROL = /[\x00-\x08\x0a-\x0c\x0e-\x1f\x7f]|\r(?!$)/;
const CHUNK_SIZE_LINE = /^([0-9a-fA-F]{1,16})(;[^\r]*)?\r$/;
/** What may start a chunk-size line not yet ended (fetch refuses the rest at once). */
const CHUNK_SIZE_START = /^[0-9a-fA-F]{0,16}(;[^\r\n]*)?\r?$/;
const utf8 = new TextDecoder();

/** A response the parser could not read, with the code fetch gives for it. */
export class WireProtocolError extends Error {
  constructor(readonly code: FetchErrorCode) {
    super(code);
  }
}

export interface ResponseHead {
  status: number;
  statusText: string;
  /** Every header line in order, names as sent. */
  headers: [string, string][];
  /** The content coding to decode (see wire-coding.ts). */
  coding: string | undefined;
  /** False when the connection may not carry another request after this response. */
  keepAlive: boolean;
}

type Phase = "head" | "length" | "size" | "data" | "data-end" | "trailers" | "close" | "done";

/** Feeds on the connection's bytes; `done` once the response is whole, `truncated` once the body passed `max` raw bytes. */
export class ResponseParser {
  head: ResponseHead | undefined;
  readonly chunks: Buffer[] = [];
  bodyBytes = 0;
  done = false;
  truncated = false;
  /** The response was read whole by `wholePlain`: its header names are tokens and its values printable ASCII without surrounding spaces, which Headers takes as they are. */
  plain = false;
  /** The status of the last informational head (1xx) read before the final one, if any: a timeout there says so. */
  informational: number | undefined;
  /** A 204, 205 or 304 whose head announced a body (a length other than 0, a transfer coding): see no-reuse.ts. */
  announcedBody = false;
  private phase: Phase = "head";
  private pending: Buffer = EMPTY;
  private left = 0;
  /** Bytes of the pending head already checked (a line start): see checkPartialHead. */
  private headChecked = 0;
  private readonly headLines = { count: 0 };

  /**
   * `max` bounds the raw body bytes kept; `encodedMax` replaces it for a body in an encoding the client decodes (the bound
   * applies after decoding there).
   */
  constructor(
    private readonly method: string,
    private max: number,
    private readonly encodedMax: number,
    /** Whether a plain response that came whole in one read may be read by `wholePlain` (false: always the step by step reading; tests). */
    private readonly whole = true,
    /** True for a head whose body fetch does not read (a redirect it follows): the response ends with its head. */
    private readonly headOnly: (head: ResponseHead) => boolean = () => false,
  ) {}

  /** Takes the next bytes; throws WireProtocolError for a response fetch would refuse. */
  push(data: Buffer): void {
    if (this.whole && this.phase === "head" && this.pending.length === 0 && this.method !== "HEAD") {
      const read = wholePlain(data, this.max);
      // A followed redirect is read step by step: it ends with its head, and a body keeps the connection from reuse.
      if (read && !this.headOnly(read.head)) {
        this.head = read.head;
        if (read.body.length > 0) this.chunks.push(read.body);
        this.bodyBytes = read.body.length;
        this.phase = "done";
        this.done = true;
        this.plain = true;
        return;
      }
    }
    this.pending = this.pending.length === 0 ? data : Buffer.concat([this.pending, data]);
    while (!this.done && this.pending.length > 0) if (!this.step()) break;
  }

  /**
   * The connection ended: a close-delimited body is whole, so is a chunked one past its last chunk (as fetch has it),
   * anything else cut short. A connection that failed (`failed`: a reset, an RST, not the server's close, a FIN) ends no
   * close-delimited body: it was cut short, as curl says (`Recv failure: Connection reset by peer`), where fetch reads it whole.
   */
  end(failed = false): void {
    if (this.done) return;
    if ((this.phase === "close" && !failed) || this.phase === "trailers") {
      this.done = true;
      return;
    }
    throw new WireProtocolError("ECONNRESET");
  }

  /** One parsing step on the pending bytes; false when it needs more. */
  private step(): boolean {
    switch (this.phase) {
      case "head":
        return this.readHead();
      case "length":
        return this.take(Math.min(this.left, this.pending.length), true);
      case "close":
        return this.take(this.pending.length, false);
      case "size":
        return this.readSize();
      case "data":
        return this.take(Math.min(this.left, this.pending.length), true);
      case "data-end":
        return this.readLineEnd();
      case "trailers":
        return this.readTrailers();
      default:
        return false;
    }
  }

  private readHead(): boolean {
    if (this.pending.length < MIN_HEAD_BYTES) return false;
    const end = headEnd(this.pending, Math.max(0, this.headChecked - 1));
    if (end === undefined) {
      this.headChecked = checkPartialHead(this.pending, this.headChecked, this.headLines);
      if (this.pending.length > MAX_PARTIAL_HEAD) throw new WireProtocolError("ResponseHeadersTooLarge");
      return false;
    }
    this.headChecked = 0;
    this.headLines.count = 0;
    const text = this.pending.subarray(0, end.at).toString("latin1");
    this.pending = this.pending.subarray(end.at + end.length);
    const lines = text.split(/\r?\n/);
    const match = statusLine(lines[0] ?? "");
    if (!match || lines.length - 1 > MAX_HEADERS) throw new WireProtocolError("Malformed_HTTP_Response");
    const headers: [string, string][] = [];
    for (let i = 1; i < lines.length; i++) {
      const header = headerLine(lines[i]!);
      if (!header) throw new WireProtocolError("Malformed_HTTP_Response");
      headers.push(header);
    }
    const status = Number(match[2]);
    if (status === 101) throw new WireProtocolError("UnrequestedUpgrade");
    if (status >= 100 && status < 200) {
      this.informational = status;
      return true;
    }
    const http10 = match[1] === "0";
    let connection = "";
    let transfer = "";
    let length: string | undefined;
    const codings: string[] = [];
    for (const [name, value] of headers) {
      const lower = name.toLowerCase();
      if (lower === "connection") connection += `${value.toLowerCase()},`;
      else if (lower === "transfer-encoding") transfer += `${transfer ? "," : ""}${value.toLowerCase()}`;
      else if (lower === "content-encoding") codings.push(value);
      else if (lower === "content-length") {
        if (!/^\d+$/.test(value) || BigInt(value) > MAX_LENGTH || (length !== undefined && BigInt(length) !== BigInt(value))) throw new WireProtocolError("InvalidContentLength");
        length = value;
      }
    }
    const coding = contentCoding(codings);
    if (coding !== undefined) this.max = this.encodedMax;
    const chunked = transferChunked(transfer);
    this.head = { status, statusText: utf8.decode(Buffer.from(match[3] ?? "", "latin1")), headers, coding, keepAlive: (!http10 || /(^|,)\s*keep-alive\s*,/.test(connection)) && !/(^|,|\s)close\s*,/.test(connection) };
    // A response to HEAD is never reused: its head is a GET's, so a length, chunks or a close-delimited body could follow
    // it from a server that wrongly sends the body, and those bytes would be read as the next request's response (fetch is
    // told the same: keepalive false, transport.ts). A HEAD goes on a new connection of its own (wire.ts), closed after it.
    if (this.method === "HEAD") return this.finish(false);
    // A followed redirect: fetch goes on at once, keeping the connection only when no body was to come (none, or a zero length).
    if (this.headOnly(this.head)) return this.finish(!chunked && length !== undefined && BigInt(length) === 0n);
    // 204, 205 and 304 have no body whatever their head says; one whose head announces a body (a length other than 0, a
    // transfer coding) is not reused, for the same reason: a server that sends that body would answer the next request with it.
    if (statusHasNoBody(status)) {
      this.announcedBody = transfer !== "" || (length !== undefined && BigInt(length) !== 0n);
      return this.finish(!this.announcedBody);
    }
    if (chunked) {
      this.phase = "size";
      return true;
    }
    if (length !== undefined) {
      this.left = Number(length);
      if (this.left === 0) return this.finish();
      this.phase = "length";
      return true;
    }
    this.head.keepAlive = false;
    this.phase = "close";
    return true;
  }

  /** Moves n pending bytes into the body; `counted` bodies end when `left` reaches 0. */
  private take(n: number, counted: boolean): boolean {
    if (n === 0) return false;
    let piece = this.pending.subarray(0, n);
    this.pending = this.pending.subarray(n);
    if (counted) this.left -= n;
    if (this.bodyBytes + piece.length > this.max) {
      piece = piece.subarray(0, this.max - this.bodyBytes);
      this.truncated = true;
    }
    if (piece.length > 0) this.chunks.push(piece);
    this.bodyBytes += piece.length;
    if (this.truncated) return this.finish(false);
    if (counted && this.left === 0) {
      if (this.phase === "length") return this.finish();
      this.phase = "data-end";
    }
    return true;
  }

  /** A chunk-size line as fetch takes it: 1 to 16 hex digits, maybe `;` and an extension, then CRLF (no white space, no bare LF). */
  private readSize(): boolean {
    const nl = this.pending.indexOf(10);
    if (nl < 0) {
      if (!CHUNK_SIZE_START.test(this.pending.subarray(0, 64).toString("latin1"))) throw new WireProtocolError("InvalidHTTPResponse");
      return false;
    }
    const line = this.pending.subarray(0, nl).toString("latin1");
    this.pending = this.pending.subarray(nl + 1);
    const match = CHUNK_SIZE_LINE.exec(line);
    if (!match) throw new WireProtocolError("InvalidHTTPResponse");
    this.left = parseInt(match[1]!, 16);
    this.phase = this.left === 0 ? "trailers" : "data";
    return true;
  }

  private readLineEnd(): boolean {
    if (this.pending[0] === 13) {
      if (this.pending.length < 2) return false;
      if (this.pending[1] !== 10) throw new WireProtocolError("InvalidHTTPResponse");
      this.pending = this.pending.subarray(2);
    } else throw new WireProtocolError("InvalidHTTPResponse");
    this.phase = "size";
    return true;
  }

  private readTrailers(): boolean {
    const nl = this.pending.indexOf(10);
    if (nl < 0) return false;
    const line = this.pending.subarray(0, nl).toString("latin1");
    this.pending = this.pending.subarray(nl + 1);
    if (line === "" || line === "\r") return this.finish();
    return true;
  }

  private finish(reusable = true): boolean {
    this.done = true;
    if (!reusable && this.head) this.head.keepAlive = false;
    return false;
  }

  /** Bytes that arrived after the response (a server that sends more than it framed): the connection is not reused then. */
  get leftover(): number {
    return this.pending.length;
  }
}

/**
 * A head not yet ended that fetch refuses already (it does not wait for the rest): a first line not starting `HTTP/1.`, a CR
 * not followed by LF, or a whole line it would refuse (an obs-fold line excepted). Checks the lines from `from` (a line start
 * already checked up to; `lines` counts the lines checked) and returns where the next unchecked line starts, so a long head
 * is read once, not on every read. More header lines than fetch takes are refused before the head ends too.
 */
function checkPartialHead(buf: Buffer, from: number, lines: { count: number }): number {
  const malformed = new WireProtocolError("Malformed_HTTP_Response");
  if (from === 0 && !"HTTP/1.".startsWith(buf.subarray(0, 7).toString("latin1"))) throw malformed;
  for (let i = buf.indexOf(13, from); i >= 0 && i + 1 < buf.length; i = buf.indexOf(13, i + 1)) if (buf[i + 1] !== 10) throw malformed;
  let at = from;
  for (let nl = buf.indexOf(10, at); nl >= 0; at = nl + 1, nl = buf.indexOf(10, at)) {
    const line = buf.subarray(at, nl > at && buf[nl - 1] === 13 ? nl - 1 : nl).toString("latin1");
    if (++lines.count - 1 > MAX_HEADERS) throw malformed;
    if (at === 0) {
      if (!statusLine(line)) throw malformed;
    } else if (!line.startsWith(" ") && !line.startsWith("\t") && !headerLine(line)) throw malformed;
  }
  if (at === 0 && FIRST_LINE_CONTROL.test(buf.toString("latin1"))) throw malformed;
  return at;
}

/** The status line's parts, or undefined for one fetch refuses (a control character in the reason included). */
function statusLine(line: string): RegExpExecArray | undefined {
  const match = STATUS_LINE.exec(line);
  return match && !CONTROL.test(match[3] ?? "") ? match : undefined;
}

/** A header line's name and value (spaces and tabs around the value dropped), or undefined for a line fetch refuses. */
function headerLine(line: string): [string, string] | undefined {
  const colon = line.indexOf(":");
  if (colon <= 0) return undefined;
  const name = line.slice(0, colon);
  const value = line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, "");
  return TOKEN.test(name) && !CONTROL.test(value) ? [name, value] : undefined;
}

/** Transfer codings fetch accepts (any other is refused). */
const TRANSFER_CODINGS: ReadonlySet<string> = new Set(["chunked", "gzip", "x-gzip", "deflate", "br", "zstd", "identity"]);

/**
 * Whether the body is chunked, from every Transfer-Encoding line joined with commas (lower-cased): as fetch, an unknown
 * coding, or any coding after `chunked`, is refused; empty items are skipped.
 */
function transferChunked(transfer: string): boolean {
  let chunked = false;
  for (const item of transfer.split(",")) {
    const name = item.trim();
    if (name === "") continue;
    if (chunked || !TRANSFER_CODINGS.has(name)) throw new WireProtocolError("UnsupportedTransferEncoding");
    chunked = name === "chunked";
  }
  return chunked;
}

/** Where the head ends (the first blank line), if it has. */
function headEnd(buf: Buffer, from: number): { at: number; length: number } | undefined {
  for (let i = buf.indexOf(10, from); i >= 0; i = buf.indexOf(10, i + 1)) {
    if (buf[i + 1] === 10) return i > 0 && buf[i - 1] === 13 ? { at: i - 1, length: 3 } : { at: i, length: 2 };
    if (buf[i + 1] === 13 && buf[i + 2] === 10) return { at: i > 0 && buf[i - 1] === 13 ? i - 1 : i, length: i > 0 && buf[i - 1] === 13 ? 4 : 3 };
    if (buf[i + 1] === 13 && i + 2 >= buf.length) return undefined;
  }
  return undefined;
}

/** A status line the step by step reading takes as it stands: HTTP/1.1, a status with a body, a printable ASCII reason. */
const PLAIN_STATUS = /^HTTP\/1\.1 (?!1|204|205|304)([2-9]\d\d) ([!-~][ -~]*)$/;
/** A header line of a token name and a printable ASCII value (no tab, no control, no byte above 0x7e). */
const PLAIN_HEADER = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+:[ -~]*$/;
/** Headers after which the step by step reading decides framing, coding or reuse by rules of its own. */
const FRAMING = /^(?:connection|transfer-encoding|content-encoding)$/i;
const CONTENT_LENGTH = /^content-length$/i;
const SHORT_DIGITS = /^\d{1,15}$/;

/**
 * The common response read at once: the whole of it (head and a Content-Length body, nothing more) in one read, with
 * HTTP/1.1 CRLF lines, printable ASCII throughout the head, one Content-Length within `max`, no Connection,
 * Transfer-Encoding or Content-Encoding. Gives exactly what the step by step reading gives for those bytes (pinned by
 * wire-response.test.ts); undefined for anything else, which that reading then takes from the start.
 */
export function wholePlain(data: Buffer, max: number): { head: ResponseHead; body: Buffer } | undefined {
  const end = data.indexOf("\r\n\r\n");
  if (end < MIN_HEAD_BYTES) return undefined;
  const lines = data.toString("latin1", 0, end).split("\r\n");
  if (lines.length - 1 > MAX_HEADERS) return undefined;
  const status = PLAIN_STATUS.exec(lines[0]!);
  if (!status) return undefined;
  const headers: [string, string][] = [];
  let length = -1;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (!PLAIN_HEADER.test(line)) return undefined;
    const colon = line.indexOf(":");
    const name = line.slice(0, colon);
    const value = line.slice(colon + 1).trim();
    if (FRAMING.test(name)) return undefined;
    if (CONTENT_LENGTH.test(name)) {
      if (length >= 0 || !SHORT_DIGITS.test(value)) return undefined;
      length = Number(value);
    }
    headers.push([name, value]);
  }
  const start = end + 4;
  if (length < 0 || length > max || data.length !== start + length) return undefined;
  return { head: { status: Number(status[1]), statusText: status[2]!, headers, coding: undefined, keepAlive: true }, body: data.subarray(start) };
}
