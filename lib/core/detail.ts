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
  return {
    title,
    get body() {
      return (body ??= make());
    },
  };
}
