// What the http step reads of a response, whichever transport got it (Bun's fetch or the built-in plain-HTTP client).
import type { BodyRead } from "./body.ts";

/** The parts of a response the checks, details and log lines read: a fetch Response satisfies it, and so does the wire client's. */
export interface HttpResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  readonly redirected: boolean;
  readonly url: string;
}

/** One request's outcome: the response and its body, read up to the bound. */
export interface Exchange {
  res: HttpResponse;
  read: BodyRead;
}
