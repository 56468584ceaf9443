// Bun's regular expressions give up on heavy backtracking and answer "no match": which such answers are not trusted.

/**
 * JavaScriptCore's regular expression interpreter stops a search after about a million backtracking steps (half a
 * second on the development machine) and answers "no match", with no error JavaScript can see. `(\w+ ?)+: ERROR`
 * misses a line that grep finds, and searched over a block of 5,000 short lines in one call it misses every line after
 * the steps ran out. A search answering "no match" after this long, plus a little for each character of the text (a
 * plain search of a long text takes time too), may be such a give-up: its answer is not trusted.
 */
const DOUBT_MS = 20;
/**
 * 50 ns a character: a search of 1 MiB is doubted after 72 ms, one of 4 MiB after 0.23 s (`(?i)(warn|err)+ing: ` takes
 * 45–100 ns a character over a 4 MB JSON line without giving up); a give-up takes about half a second of its own.
 */
const DOUBT_MS_PER_CHAR = 5e-5;
/** A search this slow is not a pause of the machine: it is not tried again before it is doubted. */
const PAUSE_MS = 1000;

/** Whether a search that answered "no match" over `length` characters after `ms` may have given up. */
export function doubtful(ms: number, length: number): boolean {
  return ms >= DOUBT_MS + length * DOUBT_MS_PER_CHAR;
}

/**
 * Whether a pattern may make the engine give up: a group under any quantifier (`(\w+ ?)+`, `(a|aa)+`, `(a*)*`, and
 * `(\w+\s?){12}`, which gives up too), a back reference or a lookaround. Others (`\w*\w*!X`, `.*a.*b`) are searched to the end however long it takes, as
 * measured: a path that searches many lines times only these (a clock costs about 40 ns a call, as much as a search).
 */
export function mayGiveUp(source: string): boolean {
  return /\)[*+?{]|\\[1-9]|\\k<|\(\?<?[=!]/.test(source);
}

/**
 * `re.test(text)`, or undefined when it answered "no match" so slowly that it may have given up. Such an answer is
 * tried once more first (unless it took a second or more), so that a pause of a busy machine is not taken for one.
 */
export function testAnswer(re: RegExp, text: string): boolean | undefined {
  const from = re.lastIndex;
  const t0 = performance.now();
  if (re.test(text)) return true;
  return secondLook(re, text, from, performance.now() - t0);
}

/** `re.exec(text)`, or undefined when it answered "no match" so slowly that it may have given up (as testAnswer). */
export function execAnswer(re: RegExp, text: string): RegExpExecArray | null | undefined {
  const from = re.lastIndex;
  const t0 = performance.now();
  const found = re.exec(text);
  if (found !== null) return found;
  const again = secondLook(re, text, from, performance.now() - t0);
  if (again !== true) return again === false ? null : undefined;
  re.lastIndex = from;
  return re.exec(text);
}

/**
 * After a search from `from` answered "no match" in `ms`: false when that was quick enough to trust; else the answer
 * of one more timed search (true: it matched), or undefined when that one is doubtful too or the first took a second
 * or more (no pause of the machine lasts that long).
 */
function secondLook(re: RegExp, text: string, from: number, ms: number): boolean | undefined {
  if (!doubtful(ms, text.length)) return false;
  if (ms >= PAUSE_MS) return undefined;
  re.lastIndex = from;
  const t0 = performance.now();
  if (re.test(text)) return true;
  return doubtful(performance.now() - t0, text.length) ? undefined : false;
}

/**
 * What a search that may have given up (testAnswer's undefined) means, for a check's actual value or an error; `where`
 * (a file's line, a body) goes first, as a report may cut a long text.
 */
export function gaveUpText(source: string, where?: string): string {
  return (
    `not known${where ? ` on ${where}` : ""}: /${source}/ answered "no match" only after a long search, as Bun's ` +
    `regular expressions answer when they give up (after about a million backtracking steps); write it without nested ` +
    `quantifiers (\`\\w+: ERROR\` finds the lines \`(\\w+ ?)+: ERROR\` is meant to)`
  );
}

/** A search that may have given up (testAnswer), where an answer was needed: what it was for is not known. */
export class RegexLimitError extends Error {
  /** Its code, which goes with it from a helper thread (where the class does not). */
  readonly code = "EREGEXLIMIT";
  constructor(source: string, where?: string) {
    super(gaveUpText(source, where));
  }
}
