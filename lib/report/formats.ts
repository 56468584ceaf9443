// The report formats a run can write (--report), in one place for the CLI and the reporters.

export const REPORT_FORMATS = ["md", "log", "junit", "json", "html"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
/** What a run writes when --report is not given. */
export const DEFAULT_REPORTS: readonly ReportFormat[] = ["md", "log"];
