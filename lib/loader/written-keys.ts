// An upper bound of the mapping keys a YAML text writes, from one pass over its characters: compared with the keys the native parse kept, it finds duplicate keys whatever their spelling.

const SPACE = 32, TAB = 9, HASH = 35, COLON = 58, COMMA = 44, DASH = 45, QUESTION = 63;
const SQUOTE = 39, DQUOTE = 34, BACKSLASH = 92, AMP = 38, STAR = 42, BANG = 33, PERCENT = 37, LT = 60;
const LBRACKET = 91, RBRACKET = 93, LBRACE = 123, RBRACE = 125, PIPE = 124, GT = 62;

/** A block scalar header after its indicator: chomping, then only a comment (an explicit indentation digit is not followed). */
const BLOCK_HEADER = /^[|>][-+]?[ \t]*(#.*)?$/;

/**
 * The common line (its indentation included), matched without the character loop: a plain or simply quoted key and a plain value that holds no
 * `: `, `#`, quote, flow, anchor, alias, tag or block scalar at its start. It writes exactly one key.
 */
const SIMPLE_LINE = / *(?:- +)*(?:[A-Za-z_$][\w$./-]*|"[^"\\\n]*") *:(?: +[A-Za-z0-9_$/(.][^\n#:]*(?::[^\s#:][^\n#:]*)*)?(?:\n|$)/y;

/** The next most common line: a key whose value is a one-line flow mapping of one plain or simply quoted key and a short plain value. It writes two keys. */
const ONE_PAIR_FLOW_LINE = / *(?:- +)*(?:[A-Za-z_$][\w$./-]*|"[^"\\\n]*") *: +\{ *(?:[A-Za-z_$][\w$./-]*|"[^"\\\n]*") *: *[A-Za-z0-9_$/.+-]+ *\} *\r?(?:\n|$)/y;

/**
 * A run of whole lines, each of one of the two common forms with no `{` but a one-pair flow line's own: such a line writes
 * 1 key, or 2 when it holds a `{`, so a run is counted from its line ends and braces, without a regex call per line.
 */
const COMMON_RUN =
  /(?: *(?:- +)*(?:[A-Za-z_$][\w$./-]*|"[^"\\\n{]*") *:(?: +[A-Za-z0-9_$/(.][^\n#:{]*(?::[^\s#:{][^\n#:{]*)*)?(?:\n|$)|(?: *(?:- +)*(?:[A-Za-z_$][\w$./-]*|"[^"\\\n{]*") *: +\{ *(?:[A-Za-z_$][\w$./-]*|"[^"\\\n{]*") *: *[A-Za-z0-9_$/.+-]+ *\} *\r?(?:\n|$)))+/y;

/** The keys of the lines COMMON_RUN matched from `from` to `to`. */
function commonRunKeys(src: string, from: number, to: number): number {
  let keys = 0;
  for (let i = src.indexOf("\n", from); i >= 0 && i < to; i = src.indexOf("\n", i + 1)) keys++;
  if (to === src.length && src.charCodeAt(to - 1) !== 10) keys++; // the last line, ended by the text's end
  for (let i = src.indexOf("{", from); i >= 0 && i < to; i = src.indexOf("{", i + 1)) keys++;
  return keys;
}

/** The keys a line written whole in one of the two common forms holds (matched from `from`, its start or its content): 1, 2, or 0 for neither. */
function commonLineKeys(src: string, from: number, end: number): number {
  SIMPLE_LINE.lastIndex = from;
  if (SIMPLE_LINE.test(src) && SIMPLE_LINE.lastIndex >= end) return 1;
  ONE_PAIR_FLOW_LINE.lastIndex = from;
  if (ONE_PAIR_FLOW_LINE.test(src) && ONE_PAIR_FLOW_LINE.lastIndex >= end) return 2;
  return 0;
}

/** One flow collection open on the current line: whether it is a mapping, and its current entry. */
interface Flow { map: boolean; colons: number; content: boolean }

const isBlank = (c: number) => c === SPACE || c === TAB;
const isFlowIndicator = (c: number) => c === COMMA || c === LBRACKET || c === RBRACKET || c === LBRACE || c === RBRACE;

/**
 * Counts every place a key can be written: a `:` or `?` indicator, and each entry of a flow mapping. Whatever it
 * cannot follow exactly — tags, directives, merge keys, explicit block indentation, a quoted scalar or flow collection
 * over several lines — gives undefined, so the caller takes the exact path. Counting too many only costs a slow path.
 * Returns at least as many keys as the text writes. `commonFirst`: outside a block scalar, try the two common line forms
 * before counting the indentation (neither matches a blank line, a directive or a document marker, so the count is
 * the same; false only to check that).
 */
export function writtenKeys(src: string, commonFirst = true): number | undefined {
  const n = src.length;
  let bound = 0;
  let scalarParent = -2; // a block scalar's parent indentation while its lines are skipped; -2 outside one
  let scalarIndent = -1; // its content indentation, once its first content line is seen
  for (let start = 0; start < n; ) {
    let end = src.indexOf("\n", start);
    if (end < 0) end = n;
    const next = end + 1;
    if (end > start && src.charCodeAt(end - 1) === 13) end--;
    const tryCommonFirst = commonFirst && scalarParent === -2;
    if (tryCommonFirst) {
      COMMON_RUN.lastIndex = start;
      if (COMMON_RUN.test(src)) {
        bound += commonRunKeys(src, start, COMMON_RUN.lastIndex);
        start = COMMON_RUN.lastIndex;
        continue;
      }
      const keys = commonLineKeys(src, start, end);
      if (keys > 0) {
        bound += keys;
        start = next;
        continue;
      }
    }
    let indent = 0;
    while (start + indent < end && src.charCodeAt(start + indent) === SPACE) indent++;
    const blankLine = start + indent === end;
    if (scalarParent > -2) {
      if (blankLine) { start = next; continue; }
      if (scalarIndent < 0 && indent > scalarParent) scalarIndent = indent;
      if (scalarIndent >= 0 && indent >= scalarIndent) { start = next; continue; }
      scalarParent = -2;
      scalarIndent = -1;
    }
    if (blankLine) { start = next; continue; }
    if (indent === 0 && src.charCodeAt(start) === PERCENT) return undefined;
    if (indent === 0 && (src.startsWith("---", start) || src.startsWith("...", start)) && (end - start === 3 || isBlank(src.charCodeAt(start + 3)))) {
      const rest = src.slice(start + 3, end).trim();
      if (rest !== "" && !rest.startsWith("#")) return undefined;
      start = next;
      continue;
    }
    const keys = tryCommonFirst ? 0 : commonLineKeys(src, start + indent, end);
    if (keys > 0) {
      bound += keys;
      start = next;
      continue;
    }
    const flows: Flow[] = [];
    let tokenStart = true; // the next character starts a node
    let lineHead = true; // nothing but indentation and "- " so far on this line
    let dashCol = -1;
    let keyCol = -1; // the column of the line's first node
    let closed = false; // the previous character closed a quoted scalar or a flow collection
    let closedFlow = false; // the last node before blanks was a flow collection: a `:` after it makes it a key
    let i = start + indent;
    lineLoop: while (i < end) {
      const c = src.charCodeAt(i);
      const after = i + 1 < end ? src.charCodeAt(i + 1) : -1;
      const top = flows[flows.length - 1];
      if (c === COLON && (after === -1 || isBlank(after) || closed || (top && isFlowIndicator(after)))) {
        // A list or a mapping as a key (`{[a]: b}`): Bun's parser makes "a" of it, the yaml package "[ a ]"; the exact
        // path refuses it.
        if (closedFlow) return undefined;
        if (top) top.colons++;
        else bound++;
        tokenStart = true;
        lineHead = false;
        closed = false;
        i++;
        continue;
      }
      closed = false;
      if (!isBlank(c)) closedFlow = false;
      if (isBlank(c)) {
        if (i + 1 < end && src.charCodeAt(i + 1) === HASH) break;
        i++;
        continue;
      }
      if (top && isFlowIndicator(c)) {
        if (c === COMMA) {
          bound += entryKeys(top);
          top.colons = 0;
          top.content = false;
          tokenStart = true;
        } else if (c === LBRACKET || c === LBRACE) {
          top.content = true;
          flows.push({ map: c === LBRACE, colons: 0, content: false });
          tokenStart = true;
        } else {
          bound += entryKeys(top);
          flows.pop();
          closed = true;
          closedFlow = true;
          tokenStart = false;
        }
        i++;
        continue;
      }
      if (!tokenStart) { i++; continue; }
      if (c === HASH) break;
      if (lineHead && c === DASH && (after === -1 || isBlank(after))) {
        dashCol = i - start;
        i++;
        continue;
      }
      if (keyCol < 0) keyCol = i - start;
      lineHead = false;
      // An explicit key (`? k`) may be a list or a mapping: the exact path reads it.
      if (c === QUESTION && (after === -1 || isBlank(after))) return undefined;
      if (c === BANG || (c === LT && after === LT)) return undefined;
      if (c === AMP || c === STAR) {
        let j = i + 1;
        while (j < end && !isBlank(src.charCodeAt(j)) && src.charCodeAt(j) !== COLON && !(flows.length && isFlowIndicator(src.charCodeAt(j)))) j++;
        if (top) top.content = true;
        tokenStart = c === AMP;
        i = j;
        continue;
      }
      if (top) top.content = true;
      if (c === SQUOTE || c === DQUOTE) {
        let j = i + 1;
        for (; j < end; j++) {
          const q = src.charCodeAt(j);
          if (c === DQUOTE && q === BACKSLASH) j++;
          else if (q === c) {
            if (c === SQUOTE && j + 1 < end && src.charCodeAt(j + 1) === SQUOTE) j++;
            else break;
          }
        }
        if (j >= end) return undefined;
        i = j + 1;
        closed = true;
        tokenStart = false;
        continue;
      }
      if (c === LBRACKET || c === LBRACE) {
        flows.push({ map: c === LBRACE, colons: 0, content: false });
        i++;
        continue;
      }
      if (!top && (c === PIPE || c === GT)) {
        if (!BLOCK_HEADER.test(src.slice(i, end))) return undefined;
        if (keyCol === i - start) {
          if (dashCol < 0) return undefined;
          scalarParent = dashCol;
        } else scalarParent = keyCol;
        break lineLoop;
      }
      tokenStart = false;
      i++;
    }
    if (flows.length) return undefined;
    start = next;
  }
  return bound;
}

/** The keys one finished flow entry can hold: one per mapping entry, one per `:` or `?` (a single-pair mapping in a sequence). */
function entryKeys(flow: Flow): number {
  return flow.map ? Math.max(flow.content || flow.colons ? 1 : 0, flow.colons) : flow.colons;
}
