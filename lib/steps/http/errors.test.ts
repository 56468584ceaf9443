// The sentence a request without a response ends with: the cause in the tool's words, never fetch's own advice.
import { expect, test } from "bun:test";
import { requestError } from "./errors.ts";

const url = new URL("http://127.0.0.1:20001/loop");

test("a redirect loop says so, without Bun's advice about fetch()'s arguments", () => {
  const e = Object.assign(new Error("The response redirected too many times. For more information, pass `verbose: true` in the second argument to fetch()"), { code: "TooManyRedirects" });
  expect(requestError(e, url)).toBe("too many redirects (a loop?): http://127.0.0.1:20001/loop — check the Location headers, or set follow_redirects: false to check the first answer");
});

test("another fetch failure keeps its message, without the advice", () => {
  const e = Object.assign(new Error("Response body had invalid content length. For more information, pass `verbose: true` in the second argument to fetch()"), { code: "InvalidContentLength" });
  expect(requestError(e, url)).toBe("request failed: the response's Content-Length is not one number (several that differ, or not digits) (InvalidContentLength): http://127.0.0.1:20001/loop");
  const other = Object.assign(new Error("Something new happened. For more information, pass `verbose: true` in the second argument to fetch()"), { code: "SomethingNew" });
  expect(requestError(other, url)).toBe("request failed: Something new happened (SomethingNew): http://127.0.0.1:20001/loop");
});

test("a malformed head names the status line as well as header lines (HTTP/1.1 2000 OK was told as a header's fault)", () => {
  const e = Object.assign(new Error("Malformed_HTTP_Response fetching"), { code: "Malformed_HTTP_Response" });
  expect(requestError(e, url)).toContain("a status line that is no HTTP/1.x one with a three-digit code, such as HTTP/1.1 2000 or HTTP/2 200, or a header line");
});

test("a response fetch names by its code alone is said in words, the URL once", () => {
  const e = Object.assign(new Error(`ZlibError fetching "${url.href}". For more information, pass \`verbose: true\` in the second argument to fetch()`), { code: "ZlibError" });
  expect(requestError(e, url)).toBe(
    "request failed: the response's body does not decode as its Content-Encoding (gzip or deflate) says: it is damaged, cut short or not so encoded (ZlibError): http://127.0.0.1:20001/loop",
  );
});
