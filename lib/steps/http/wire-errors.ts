// The errors the wire client rejects with: the same code and message Bun's fetch gives in the same case, so requestError words them alike.

const VERBOSE = "For more information, pass `verbose: true` in the second argument to fetch()";

export type FetchErrorCode =
  | "ECONNRESET"
  | "Malformed_HTTP_Response"
  | "InvalidHTTPResponse"
  | "ResponseHeadersTooLarge"
  | "InvalidContentLength"
  | "UnsupportedTransferEncoding"
  | "UnrequestedUpgrade"
  | "TooManyRedirects"
  | "RedirectURLInvalid"
  | "UnsupportedRedirectProtocol"
  | "ZlibError"
  | "BrotliDecompressionError"
  | "ZstdDecompressionError";

/** A TypeError with fetch's code and message for that code; `url` is the address fetch names in its message. */
export function fetchError(code: FetchErrorCode, url: string): TypeError & { code: string } {
  let message: string;
  if (code === "ECONNRESET") message = `ECONNRESET: The socket connection was closed unexpectedly. ${VERBOSE}`;
  else if (code === "TooManyRedirects") message = `TooManyRedirects: The response redirected too many times. ${VERBOSE}`;
  else if (code === "RedirectURLInvalid") message = "RedirectURLInvalid: Redirect URL in Location header is invalid.";
  else message = `${code} fetching ${JSON.stringify(url)}. ${VERBOSE}`;
  return Object.assign(new TypeError(message), { code });
}
