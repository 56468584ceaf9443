// The full secrets and injection runs: thousands of random shell-syntax values through every quoting shape, and random secrets through every encoding. Prints the numbers.
// Usage: bun test/hardening/secrets-injection.ts [--values N] [--secrets N] [--seed N]
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Masker } from "../../lib/vars/mask.ts";
import { encodedForms } from "./leaks.ts";
import { displayable, randomPayload, runDisplayed, runShape, SHAPES } from "./shell-shapes.ts";
import { seededRandom } from "../helpers/random.ts";

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
const values = option("values", 1000);
const secrets = option("secrets", 20000);
const seed = option("seed", 1);

const dir = mkdtempSync(join(tmpdir(), "hardening-"));
const marker = join(dir, "pwned");
const failures: string[] = [];

// 1. Injection: every value through every shape, run for real and as the log displays it.
let runs = 0;
let t0 = performance.now();
const rand = seededRandom(seed);
for (let i = 0; i < values; i++) {
  const value = randomPayload(rand, marker);
  for (const [shape, want] of SHAPES) {
    const got = runShape(shape, value);
    runs++;
    if (got !== want(value)) failures.push(`run ${JSON.stringify(shape)} with ${JSON.stringify(value)}: printed ${JSON.stringify(got)}`);
    if (displayable(shape, value)) {
      const shown = runDisplayed(shape, value);
      runs++;
      if (shown !== want(value)) failures.push(`display of ${JSON.stringify(shape)} with ${JSON.stringify(value)}: printed ${JSON.stringify(shown)}`);
    }
    if (existsSync(marker)) {
      failures.push(`EXECUTED: ${JSON.stringify(shape)} with ${JSON.stringify(value)}`);
      rmSync(marker);
    }
  }
}
console.log(`injection: ${values} random values × ${SHAPES.length} shapes = ${runs} bash runs in ${((performance.now() - t0) / 1000).toFixed(1)} s (seed ${seed})`);

// 2. Secrets: random secrets, each form embedded in text, must leave no form behind.
const ALPHABET = [..."abcXYZ019 @/&+%=?#'\"<>\\`$;:|~!*()[]{}\t\néü€😀中"];
let masked = 0;
t0 = performance.now();
const srand = seededRandom(seed + 1);
for (let i = 0; i < secrets; i++) {
  const length = 4 + Math.floor(srand() * 24);
  const secret = Array.from({ length }, () => ALPHABET[Math.floor(srand() * ALPHABET.length)]).join("");
  const m = new Masker();
  m.add(secret);
  for (const [form, text] of Object.entries(encodedForms(secret))) {
    const out = m.text(`<<${text}>> and ${text}`);
    masked++;
    if (out.includes(text)) failures.push(`secret ${JSON.stringify(secret)}: its ${form} form ${JSON.stringify(text)} survived: ${JSON.stringify(out)}`);
  }
}
console.log(`secrets: ${secrets} random secrets × ${Object.keys(encodedForms("abcd")).length} forms = ${masked} maskings in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

rmSync(dir, { recursive: true, force: true });
for (const f of failures.slice(0, 20)) console.log(`FAIL ${f}`);
console.log(`${failures.length === 0 ? "ok" : `${failures.length} failures`}`);
process.exitCode = failures.length === 0 ? 0 : 1;
