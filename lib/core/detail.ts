// A titled block of text that results and resources hand to the reports.

/** A titled block of text shown in reports (stdout, a response body, `compose ps`, service logs). */
export interface Detail {
  title: string;
  body: string;
}

/**
 * A detail whose body is made when first read (by a report, or the run log when the loop is idle), then kept: for a
 * body every step has and that takes some formatting (an http response). `make` must read only what never changes.
 */
export function lazyDetail(title: string, make: () => string): Detail {
  let body: string | undefined;
  // Let go of once used: it holds what the body is made from (a whole response body), which a result kept for the
  // reports must not.
  let from: (() => string) | undefined = make;
  return {
    title,
    get body() {
      if (from) {
        body = from();
        from = undefined;
      }
      return body!;
    },
  };
}
