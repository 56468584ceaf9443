// A titled block of text that results and resources hand to the reports.

/** A titled block of text shown in reports (stdout, a response body, `compose ps`, service logs). */
export interface Detail {
  title: string;
  body: string;
}
