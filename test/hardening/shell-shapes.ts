// The ways an author writes ${V} into a bash command line, what bash must print for each, and random values that try to break out.
import { bashCommand, displayCommand } from "../../lib/vars/shell-refs.ts";
import { seededRandom } from "../helpers/random.ts";

/** [how the author wrote it, what bash must print for the value V]. */
export const SHAPES: [string, (v: string) => string][] = [
  ['printf "%s" "${V}"', (v) => v],
  ["printf %s ${V}", (v) => v],
  ["printf '%s' 'v=${V}'", (v) => `v=${v}`],
  ['printf "%s" "v=${V}!"', (v) => `v=${v}!`],
  ["printf '%s' \"$(printf '%s' \"${V}\")\"", (v) => v.replace(/\n+$/, "")],
  ["printf '%s' \"$(printf '%s' ${V})\"", (v) => v.replace(/\n+$/, "")],
  ["x=`printf '%s' ${V}`; printf '%s' \"$x\"", (v) => v.replace(/\n+$/, "")],
  ["cat <<EOF\n${V}\nEOF", (v) => `${v}\n`],
  ["cat <<-EOF\n\t${V} and \"${V}\"\n\tEOF", (v) => `${v} and "${v}"\n`],
  ["printf %s $'a\\t'${V}", (v) => `a\t${v}`],
  ["printf %s $'a${V}b'", (v) => `a${v}b`],
  ['printf %s "$${V_UNSET:-${V}}"', (v) => v],
  ["# a comment's quote: ${V}\nprintf %s ${V}", (v) => v],
  ['printf %s "$(printf %s "`printf %s ${V}`")"', (v) => v.replace(/\n+$/, "")],
];

/** Runs a shape the way the shell step does (values in the environment); stdout. */
export function runShape(shape: string, value: string): string {
  const cmd = bashCommand(shape, (n) => (n === "V" ? value : undefined));
  if ("error" in cmd) throw new Error(cmd.error);
  return Bun.spawnSync(["bash", "-c", cmd.command], { env: { PATH: process.env.PATH!, ...cmd.env } }).stdout.toString();
}

/** Runs what the log shows for a shape, pasted into bash; stdout. */
export function runDisplayed(shape: string, value: string): string {
  return Bun.spawnSync(["bash", "-c", displayCommand(shape, (n) => (n === "V" ? value : undefined))], { env: { PATH: process.env.PATH! } }).stdout.toString();
}

/** The displayed form cannot hold a value with the heredoc's delimiter line, nor line-leading tabs in a <<- heredoc (the real run can). */
export const displayable = (shape: string, value: string) =>
  !(shape.includes("EOF") && /^\t*EOF$/m.test(value)) && !(shape.includes("<<-") && /^\t/m.test(value));

const FRAGMENTS = ["$(", ")", "`", "'", '"', ";", "\n", "\\", "${", "}", "$", "EOF", "\t", "|", "&", "<", ">", "*", "?", "[", "]", "a[", "--", "-n", " ", "#", "!", "~", "=", "é", "😀", "x", "0"];

/** A random value built from the fragments shells treat specially, with a `touch marker` in the middle. */
export function randomPayload(rand: () => number, marker: string): string {
  const n = 1 + Math.floor(rand() * 12);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(FRAGMENTS[Math.floor(rand() * FRAGMENTS.length)]!);
  parts.splice(Math.floor(rand() * (parts.length + 1)), 0, rand() < 0.5 ? `touch ${marker}` : `$(touch ${marker})`);
  return parts.join("");
}
