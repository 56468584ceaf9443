// File names of reports: the scenario's slug and the run's UTC stamp.

/** "Full stack logging (v2)" → "full-stack-logging-v2"; never empty, at most 60 characters. */
export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, 60)
    .replace(/^-+|-+$/g, "");
  return slug === "" ? "scenario" : slug;
}

/** 2026-11-22T01:51:30.123Z → "20261122T015130Z". */
export function utcStamp(date: Date): string {
  return date.toISOString().replace(/\.\d+Z$/, "Z").replace(/[-:]/g, "");
}

/** Seconds since the epoch, as the run log's file name uses them. */
export function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
