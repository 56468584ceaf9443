// The HTTP methods an http step sends: those of IANA's HTTP Method Registry whose names are letters only, and PURGE
// (caches' extension). Any other name is refused at load: `method: GTE` (a typo) was sent as is, and passed on a
// server that answers every method alike.
import { closestName } from "../../util/did-you-mean.ts";

export const HTTP_METHODS: readonly string[] = [
  "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "QUERY", "TRACE", "CONNECT",
  "ACL", "BIND", "CHECKIN", "CHECKOUT", "COPY", "LABEL", "LINK", "LOCK", "MERGE", "MKACTIVITY", "MKCALENDAR", "MKCOL",
  "MKREDIRECTREF", "MKWORKSPACE", "MOVE", "ORDERPATCH", "PRI", "PROPFIND", "PROPPATCH", "REBIND", "REPORT", "SEARCH",
  "UNBIND", "UNCHECKOUT", "UNLINK", "UNLOCK", "UPDATE", "UPDATEREDIRECTREF", "PURGE",
];
const KNOWN: ReadonlySet<string> = new Set(HTTP_METHODS);
/** Suggested first: a typo of one of these is far likelier than of a WebDAV method. */
const COMMON = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

export function isHttpMethod(upper: string): boolean {
  return KNOWN.has(upper);
}

const sorted = (w: string) => [...w].sort().join("");

/** Why `method` (upper case, letters only) is refused, with the method it is likely a typo of; undefined for a known one. */
export function methodIssue(upper: string): string | undefined {
  if (KNOWN.has(upper)) return undefined;
  // Levenshtein counts a swap (GTE, PSOT) as two edits, out of reach for a short word: same letters in another order first.
  const hit = COMMON.find((m) => sorted(m) === sorted(upper)) ?? closestName(upper, COMMON) ?? HTTP_METHODS.find((m) => sorted(m) === sorted(upper)) ?? closestName(upper, HTTP_METHODS);
  return `${upper} is not an HTTP method${hit ? ` (did you mean ${hit}?)` : ""}: give GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS or another method of the IANA registry (docs/steps/http.md)`;
}
