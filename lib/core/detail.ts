// A titled block of text that results and resources hand to the reports.

/** A titled block of text shown in reports (stdout, a response body, `compose ps`, service logs). */
export interface Detail {
  title: string;
  body: string;
}

/**
 * A detail whose body is made when first read (by a report, or the run log when the loop is idle), then kept: for a
 * body every step has and that takes some formatting (an http response). `make` must read only what never changes.
 * `sources`, when given, returns the texts the body is made of: besides them the body holds only fixed text with none
 * of the words credentials are named by (lib/vars/mask.ts LEARN_WORDS), no URL, and characters that are no letters
 * between them, so each such word (and each URL's password) of the body lies inside one of them. The masker looks
 * through those for the words and URLs while the body is not made (unmadeSources), and makes it only when one holds one.
 */
export function lazyDetail(title: string, make: () => string, sources?: () => readonly string[]): Detail {
  let body: string | undefined;
  // Let go of once used: it holds what the body is made from (a whole response body), which a result kept for the
  // reports must not.
  let from: (() => string) | undefined = make;
  const detail: Detail = {
    title,
    get body() {
      if (from) {
        body = from();
        from = undefined;
        UNMADE.delete(detail);
      }
      return body!;
    },
  };
  if (sources) UNMADE.set(detail, sources);
  return detail;
}

/** Lazy details whose body is not made yet, with their sources (see lazyDetail). */
const UNMADE = new WeakMap<object, () => readonly string[]>();

/** The sources of a lazy detail whose body is not made yet (see lazyDetail); undefined for any other object. */
export function unmadeSources(detail: object): (() => readonly string[]) | undefined {
  return UNMADE.get(detail);
}
