// File names of reports: the scenario's slug and the run's UTC stamp.
import { slugify } from "../util/slug.ts";

/** "Full stack logging (v2)" → "full-stack-logging-v2"; never empty, at most 60 characters. */
export function reportSlug(scenarioName: string): string {
  return slugify(scenarioName, 60) || "scenario";
}

/** A run's report file name without extension: "<slug>-<stamp>", plus "-<suffix>" when several files run at once (the run id). */
export function reportStem(scenarioName: string, startedAt: Date, suffix?: string): string {
  return `${reportSlug(scenarioName)}-${utcStamp(startedAt)}${suffix ? `-${suffix}` : ""}`;
}

/** 2026-11-22T01:51:30.123Z → "20261122T015130Z". */
export function utcStamp(date: Date): string {
  return date.toISOString().replace(/\.\d+Z$/, "Z").replace(/[-:]/g, "");
}

/** Seconds since the epoch, as the run log's file name uses them. */
export function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
