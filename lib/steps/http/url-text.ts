// What a `url:` may not hold once its variables are filled in: URL parsing removes a tab, CR and LF anywhere in it (a
// `${P}` holding "nu\nl.json" requested /nul.json, and the step passed against another URL), and NUL is no URL's either.

/** A line break, a tab or NUL. */
export const URL_CONTROL = /[\r\n\t\0]/;

/** Why such a URL is refused: the load error's message, and the step's error when a run-time value brings one. */
export const URL_CONTROL_MESSAGE =
  "its value holds a line break, a tab or NUL, which a URL does not allow (URL parsing drops line breaks and tabs, so another URL would be requested); it was not sent";
