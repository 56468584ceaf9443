// Regexes written in scenarios: JavaScript syntax, plus a leading (?i)/(?s)/(?m) flag group as Go and Loki users write it.

const FLAG_GROUP = /^\(\?([ims]+)\)/;

/** Compiles a scenario regex; throws SyntaxError with the engine's message on bad input. */
export function compileRegex(source: string, extraFlags = ""): RegExp {
  let flags = extraFlags;
  let body = source;
  const m = FLAG_GROUP.exec(source);
  if (m) {
    body = source.slice(m[0].length);
    for (const f of m[1]!) if (!flags.includes(f)) flags += f;
  }
  return new RegExp(body, flags);
}

/** Returns the error message for an invalid regex, or undefined when it compiles. */
export function regexError(source: string): string | undefined {
  try {
    compileRegex(source);
    return undefined;
  } catch (e) {
    return (e as Error).message.replace(/^Invalid regular expression: /, "");
  }
}
