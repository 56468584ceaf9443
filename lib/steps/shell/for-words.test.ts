// Tests the warning of a for loop over a reference whose value holds whitespace (one word: the loop runs once).
import { expect, test } from "bun:test";
import { forWordsWarnings } from "./for-words.ts";

const values: Record<string, string> = { SERVICES: "api worker", ONE: "api", LINES: "a\nb", PADDED: " api " };
const lookup = (name: string) => values[name];

test("a reference written without quotes in a for loop's list, to a value with whitespace, is warned of, naming the loop and the name, not the value", () => {
  const [warning, ...rest] = forWordsWarnings('for s in ${SERVICES}; do test -s "logs/$s/app.log"; done', lookup);
  expect(rest).toEqual([]);
  expect(warning).toBe("for s in ${SERVICES} loops once, over the whole value (SERVICES holds whitespace; a reference is one word): to loop over its words, write for s in $SERVICES");
  expect(forWordsWarnings("for f in a ${LINES} b\ndo echo $f; done", lookup)).toHaveLength(1);
  expect(forWordsWarnings("(for s in ${SERVICES:-x}; do :; done)", lookup)).toHaveLength(1);
});

test("none for a value of one word, a quoted reference (one word meant), bash's own $NAME, or a reference outside a for list", () => {
  expect(forWordsWarnings("for s in ${ONE}; do :; done", lookup)).toEqual([]);
  expect(forWordsWarnings("for s in ${PADDED}; do :; done", lookup)).toEqual([]);
  expect(forWordsWarnings('for s in "${SERVICES}"; do :; done', lookup)).toEqual([]);
  expect(forWordsWarnings("for s in 'x ${SERVICES}'; do :; done", lookup)).toEqual([]);
  expect(forWordsWarnings("for s in $SERVICES; do :; done", lookup)).toEqual([]);
  expect(forWordsWarnings("for s in a b; do echo ${SERVICES}; done", lookup)).toEqual([]);
  expect(forWordsWarnings("echo ${SERVICES} | xargs -n1 echo", lookup)).toEqual([]);
  expect(forWordsWarnings("for s in ${UNKNOWN}; do :; done", lookup)).toEqual([]);
});

test("an array assigned from a reference written without quotes, and a select's list, are warned of the same way", () => {
  expect(forWordsWarnings("arr=(${SERVICES}); for s in \"${arr[@]}\"; do :; done", lookup)).toEqual([
    "arr=(${SERVICES}) makes one element, the whole value (SERVICES holds whitespace; a reference is one word): to make an element of each word, write arr=($SERVICES)",
  ]);
  expect(forWordsWarnings("local -a list=(a ${SERVICES})", lookup)).toHaveLength(1);
  expect(forWordsWarnings("arr+=(${SERVICES})", lookup)).toHaveLength(1);
  expect(forWordsWarnings("select s in ${SERVICES}; do break; done", lookup)).toEqual([
    "select s in ${SERVICES} offers one choice, the whole value (SERVICES holds whitespace; a reference is one word): to offer its words, write select s in $SERVICES",
  ]);
  // Quoted, one word, or not an array.
  for (const script of ['arr=("${SERVICES}")', "arr=(${ONE})", "x=${SERVICES}", "echo '(${SERVICES})'", 'select s in "${SERVICES}"; do :; done'])
    expect([script, forWordsWarnings(script, lookup)]).toEqual([script, []]);
});

test("$${ is bash's own ${ (the escape), no scenario reference: none for it, as the runner reads it", () => {
  for (const script of ["for s in $${SERVICES}; do echo $s; done", "select s in $${SERVICES}; do break; done", "arr=($${SERVICES})", "for s in $${SERVICES:-a b}; do :; done"])
    expect([script, forWordsWarnings(script, lookup)]).toEqual([script, []]);
  // A reference after the escape in the same list is still one.
  expect(forWordsWarnings("for s in $${X} ${SERVICES}; do :; done", lookup)).toHaveLength(1);
});
