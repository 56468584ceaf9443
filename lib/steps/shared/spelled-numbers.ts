// Where a step's `expect` compares a text it observed (stdout, a body, a header's value) with what is written: a number
// written there otherwise than it prints (`contains: 007`, `ne: 0x10`) is refused at load (the steps' `spelledNumbers`).

/** A matcher's places that compare with a written value: itself, its contains, eq, ne and in, under no, one or two `not`. */
const OPERATORS: readonly (readonly string[])[] = [[], ["contains"], ["not_contains"], ["eq"], ["ne"], ["in", "#"]];
const NOTS: readonly (readonly string[])[] = [[], ["not"], ["not", "not"]];

/**
 * The spelledNumbers patterns of a text field's matcher (`["expect", "stdout"]`): YAML reads `007` as 7, so
 * `not_contains: 0x1F` looked for "31" and passed on `id=0x1F`, and `contains: 007` passed on `id=7`.
 */
export function textMatcherSpelledNumbers(...fields: (readonly string[])[]): (readonly string[])[] {
  return fields.flatMap((field) => NOTS.flatMap((not) => OPERATORS.map((op) => [...field, ...not, ...op])));
}
