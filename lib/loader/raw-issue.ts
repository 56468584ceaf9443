// A problem found in loaded data, located by its path; the YAML position is looked up only when it is reported.

export type Path = (string | number)[];

/** A path as messages write it (`steps[0].http.expect.labels.version`): the engine's words for it, at load too. */
export { formatPath } from "../engine/path-text.ts";

export interface RawIssue {
  path: Path;
  /** For unknown keys and references in keys: the key itself (its position is the key's, not the value's). */
  key?: string;
  /** For variable references: the offset of "${" inside the string at path (or inside `key`). */
  refOffset?: number;
  /** For an error inside a string (a JSONPath, as the value at path or as `key`): the UTF-16 offset in it of the character meant. */
  textOffset?: number;
  message: string;
}
