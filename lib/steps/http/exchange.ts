// What the http step reads of a response, whichever transport got it (Bun's fetch or the built-in plain-HTTP client).
import type { BodyRead } from "./body.ts";
import { headerText, NON_ASCII, responseHeaderValue } from "../../util/header-bytes.ts";
import { cookieSecrets, type SecretValue } from "../../vars/mask.ts";

/** The parts of a response the checks, details and log lines read: a fetch Response satisfies it, and so does the wire client's. */
export interface HttpResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  readonly redirected: boolean;
  readonly url: string;
  /** The headers as `name: value` lines, as iterating `headers` gives them, when the response can give them without its Headers object (the wire client's plain responses). */
  headerText?(): string;
  /** The header names and values as received, when the response can give them without its Headers object (see responseSources). */
  headerSources?(): string[];
  /** The header `lower` (a lower-case name) as `headers.get` gives it, when the response can give it without its Headers object (read it with headerOf). */
  header?(lower: string): string | null;
  /** The Set-Cookie lines, as `headers.getSetCookie()` gives them, when the response can give them without its Headers object. */
  setCookies?(): string[];
}

/** The header `lower` (a lower-case name) of a response as `headers.get` gives it: from the response itself when it can give it, else from its Headers. */
export function headerOf(res: HttpResponse, lower: string): string | null {
  return res.header ? res.header(lower) : res.headers.get(lower);
}

/**
 * What masks the cookies a response sets (`Set-Cookie: sid=VALUE; Path=/`): each value in its cookie form, and one long
 * enough to be a session (COOKIE_CREDENTIAL characters or more, as for a request's Cookie header) everywhere.
 */
export function setCookieSecrets(res: HttpResponse): SecretValue[] {
  const lines = res.setCookies ? res.setCookies() : res.headers.getSetCookie();
  // The first pair of each line is the cookie; its attributes (Path=/, Max-Age=…) follow it.
  return cookieSecrets(lines.map((line) => line.split(";", 1)[0]!));
}

/** One request's outcome: the response and its body, read up to the bound. */
export interface Exchange {
  res: HttpResponse;
  read: BodyRead;
}

/** Headers as `name: value` lines, in the order iterating them gives. */
export function headersText(headers: Headers): string {
  let text = "";
  headers.forEach((v, k) => void (text += `${k}: ${v}\n`));
  return text;
}

/** A request's headers as `name: value` lines, each value the text whose UTF-8 bytes it holds (see headersAndBody). */
export function requestHeadersText(headers: Headers): string {
  let text = "";
  headers.forEach((v, k) => void (text += `${k}: ${headerText(v)}\n`));
  return text;
}

/**
 * A response's headers as the step's response detail shows them: from the response itself when it can give them, else
 * from its Headers; a line whose bytes are UTF-8 shown as its text (responseHeaderValue).
 */
export function responseHeaderText(res: HttpResponse): string {
  const text = res.headerText ? res.headerText() : headersText(res.headers);
  return NON_ASCII.test(text) ? text.split("\n").map(responseHeaderValue).join("\n") : text;
}

/**
 * The texts a response detail's body is made of (lib/core/detail.ts lazyDetail's `sources`): the status text, the
 * header names and values (their lines lower a name, join a name's values with ", " or "; " and decode UTF-8 bytes, none
 * of which makes or unmakes a word of ASCII letters), and the body.
 */
export function responseSources(res: HttpResponse, body: string): string[] {
  const sources = res.headerSources ? res.headerSources() : [responseHeaderText(res)];
  sources.push(res.statusText, body);
  return sources;
}

