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
  expect(requestError(e, url)).toBe("request failed: Response body had invalid content length (InvalidContentLength): http://127.0.0.1:20001/loop");
});
