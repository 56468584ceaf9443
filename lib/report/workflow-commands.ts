// GitHub Actions workflow commands: the tool's own annotations built with GitHub's escaping, and text GitHub's runner would
// run as a command made plain text (it reads every line of a step's stdout and stderr).

/** A workflow command's message: `%`, CR and LF escaped (GitHub's own rule, as its toolkit's escapeData). */
export function escapeData(text: string): string {
  return text.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
}

/** A workflow command's property value: as a message, plus `:` and `,` (which would end the value or the properties). */
export function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(":", "%3A").replaceAll(",", "%2C");
}

/**
 * One workflow command, without its line break: `::name key=value,…::message`, each property's value escaped by
 * escapeProperty and the message by escapeData. A property whose value is undefined is left out; with none left it is
 * `::name::message`. Every annotation the tool writes is built here.
 */
export function workflowCommand(name: "error" | "warning" | "notice", properties: Readonly<Record<string, string | number | undefined>>, message: string): string {
  const props = Object.entries(properties).flatMap(([key, value]) => (value === undefined ? [] : [`${key}=${escapeProperty(String(value))}`]));
  return `::${name}${props.length > 0 ? ` ${props.join(",")}` : ""}::${escapeData(message)}`;
}

/** The zero-width space put into a command's marker: the runner does not trim it, and a reader does not see it. */
const ZWSP = "\u200B";

/**
 * A line GitHub's runner would run as a workflow command (after its leading spaces `::`, anywhere the older `##[`), with a
 * zero-width space in it, which the runner does not trim: a Loki error's second line `::error::…` printed as
 * `    ::error::…` made an annotation of a service's text, and `::stop-commands::…` would have hidden the tool's own.
 * Text already made safe is left as it is. The tool's annotations are written to stdout by their own reporter, not through here.
 */
export function notCommands(text: string): string {
  return escaped(text, true);
}

/**
 * notCommands of a text whose first line starts a line only when `atLineStart` (commandSafe's writes may start in the
 * middle of one). A line starts after any of BREAKS (a NEL too: `ok\u0085::error::x` was left as it was on stdout,
 * escaped on stderr), then any white space the runner's TrimStart takes (no-break spaces too). The older `##[` form is
 * looked for anywhere in a line (the runner's ActionCommand.TryParse takes IndexOf("##[")): `status
 * ##[stop-commands]tok` in a service's answer, shown under a failed check, hid every annotation after it.
 */
function escaped(text: string, atLineStart: boolean): string {
  return text
    .replace(LINE_START_COMMAND, (m, br: string, space: string, at: number) => (at === 0 && br === "" && !atLineStart ? m : `${br}${space}${ZWSP}`))
    .replaceAll("##[", `#${ZWSP}#[`);
}

/**
 * An output whose every line is made safe by notCommands, however the lines are cut into writes: a write that starts
 * in the middle of a line is escaped as the line's rest, not as a line of its own (a `::` there is no command), and a
 * `##[` or a line-start `::` split over two writes is caught. Under GitHub Actions stderr goes through this: it carried
 * text from outside as it came (a Docker daemon's error line in a refusal, the command line a left-running process chose).
 */
export function commandSafe<T extends { write(text: string): unknown; isTTY?: boolean }>(out: T): { write(text: string): unknown; readonly isTTY?: boolean } {
  /** The line so far is white space only (a `::` next would start a command). */
  let blank = true;
  /** The line so far is white space and one `:` (a `:` next would start a command). */
  let colon = false;
  /** The last two characters written, for a `##[` split over writes. */
  let tail = "";
  return {
    get isTTY() {
      return out.isTTY;
    },
    write(text: string) {
      if (text === "") return out.write(text);
      // The first line of this write is a line start only when the line so far is blank; the other lines always are.
      let safe = escaped(text, blank);
      if ((colon && safe.startsWith(":")) || (tail.endsWith("##") && safe.startsWith("[")) || (tail.endsWith("#") && safe.startsWith("#["))) safe = `${ZWSP}${safe}`;
      const br = lastBreak(safe);
      const rest = br === -1 ? safe : safe.slice(br + 1);
      const wasBlank = br === -1 ? blank : true;
      const wasColon = br === -1 ? colon : false;
      if (rest !== "") {
        colon = (wasBlank && ONLY_SPACE_COLON.test(rest)) || false;
        blank = wasBlank && ONLY_SPACE.test(rest);
      } else {
        blank = wasBlank;
        colon = wasColon;
      }
      tail = `${tail}${safe}`.slice(-2);
      return out.write(safe);
    },
  };
}

/**
 * What ends a line for the runner, which reads with .NET's ReadLine (\r too) and may be shown a NEL or U+2028/9: the one
 * definition of a line start, for stdout's lines (notCommands) and stderr's (commandSafe).
 */
const BREAKS = "\\n\\r\\u0085\\u2028\\u2029";
const LINE_START_COMMAND = new RegExp(`(^|[${BREAKS}])([^\\S${BREAKS}]*)(?=::)`, "g");
const ONLY_SPACE = new RegExp(`^[^\\S${BREAKS}]*$`);
const ONLY_SPACE_COLON = new RegExp(`^[^\\S${BREAKS}]*:$`);

function lastBreak(text: string): number {
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029) return i;
  }
  return -1;
}
