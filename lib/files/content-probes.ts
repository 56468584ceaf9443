// The probes a files step can run on any byte range of a file (line count, literals, line-matching regexes), and how range results merge.
import { LineCountProbe, LiteralLinesProbe, LiteralProbe, SAMPLE_LIMIT, type Hit } from "./byte-probes.ts";
import { RegexProbe } from "./regex-probe.ts";
import { MAX_LINE_BYTES, type Probes } from "./scan.ts";
import { literalOfRegex } from "../expect/regex.ts";

/** What to look for in a file's content. */
export interface ContentSpec {
  lines: boolean;
  /** `contains` / `not_contains` strings: where each first occurs. */
  literals: string[];
  /** `matches` regexes: how many lines match, and the first few. */
  regexes: string[];
}

export interface RegexCount {
  count: number;
  samples: Hit[];
  /** A line whose search may have given up (regex-limit.ts): the count is not known. */
  gaveUp?: Hit;
}

export interface ContentResult {
  lines?: number;
  /** In spec order; null: not found. */
  literals: (Hit | null)[];
  /** In spec order. */
  regexes: RegexCount[];
}

export interface ContentProbes {
  lineCount?: LineCountProbe;
  literals: LiteralProbe[];
  regexes: (RegexProbe | LiteralLinesProbe)[];
}

/** Builds the spec's probes and adds them to `probes`. A regex without metacharacters is a literal: searched in the raw bytes. */
function contentProbes(spec: ContentSpec, probes: Probes): ContentProbes {
  const lineCount = spec.lines ? new LineCountProbe() : undefined;
  if (lineCount) probes.bytes.push(lineCount);
  const literals = spec.literals.map((l) => new LiteralProbe(l));
  probes.bytes.push(...literals);
  const regexes = spec.regexes.map((r) => {
    const literal = literalOfRegex(r);
    if (literal === undefined) {
      const probe = new RegexProbe(r);
      probes.text.push(probe);
      return probe;
    }
    const probe = new LiteralLinesProbe(literal, MAX_LINE_BYTES);
    probes.bytes.push(probe);
    return probe;
  });
  return { lineCount, literals, regexes };
}

/** Builds the spec's probes, lets `feed` run them over a file or a range (it returns the bytes read), and gives their results. */
export async function runContentProbes(spec: ContentSpec, feed: (probes: Probes) => Promise<number>): Promise<{ result: ContentResult; bytes: number }> {
  const probes: Probes = { bytes: [], text: [] };
  const content = contentProbes(spec, probes);
  const bytes = await feed(probes);
  return { result: contentResult(content), bytes };
}

function contentResult(p: ContentProbes): ContentResult {
  return {
    lines: p.lineCount?.lines,
    literals: p.literals.map((l) => l.hit ?? null),
    regexes: p.regexes.map((r) => ({ count: r.count, samples: r.samples, ...withGaveUp(r instanceof RegexProbe ? r.gaveUp : undefined) })),
  };
}

/** The result for a whole file from the results of its consecutive ranges, in file order: as one pass would find. */
export function mergeContentResults(parts: readonly ContentResult[]): ContentResult {
  const first = parts[0]!;
  return {
    lines: first.lines === undefined ? undefined : parts.reduce((s, p) => s + p.lines!, 0),
    literals: first.literals.map((_, i) => parts.find((p) => p.literals[i])?.literals[i] ?? null),
    regexes: first.regexes.map((_, i) => ({
      count: parts.reduce((s, p) => s + p.regexes[i]!.count, 0),
      samples: parts.flatMap((p) => p.regexes[i]!.samples).slice(0, SAMPLE_LIMIT),
      ...withGaveUp(parts.find((p) => p.regexes[i]!.gaveUp)?.regexes[i]!.gaveUp),
    })),
  };
}

function withGaveUp(gaveUp: Hit | undefined): { gaveUp?: Hit } {
  return gaveUp ? { gaveUp } : {};
}
