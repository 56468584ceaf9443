// The floor of this tool's job, written by hand: what any design of the CLI must do for a run of plain http steps, and
// nothing else. It reads and parses the scenario (Bun's YAML parser), sends each step's request over one keep-alive
// socket (bare-socket.ts, the bare socket's client: no pool, no timeouts, no redirects, no decoding), checks the status and the JSON id,
// writes a run log of the same records as the CLI's (timestamped step and attempt lines, the checks, the request and the
// response with its headers and body: about 850 bytes a step) in 64 KiB writes, and ends with a Markdown report of one
// row a step. No events, no reporters, no masking, no escaping of control characters, no error paths: a bound from
// below, not a design to ship.
// Run by bench/layers.ts (bundled first): bun job-floor.js SCENARIO LOG_DIR
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { bareSocket } from "./bare-socket.ts";

const [file, dir] = [process.argv[2]!, process.argv[3]!];
const startedAt = Date.now();
const doc = Bun.YAML.parse(readFileSync(file, "utf8")) as { name: string; steps: { name: string; http: { url: string; expect: { status: number; json: Record<string, unknown> } } }[] };
const steps = doc.steps.map((s) => {
  const url = new URL(s.http.url);
  const [path, id] = Object.entries(s.http.expect.json)[0]!;
  return { name: s.name, url: s.http.url, host: url.host, target: `${url.pathname}${url.search}`, status: s.http.expect.status, path, key: path.slice(2), id };
});
mkdirSync(dir, { recursive: true });
const fd = openSync(join(dir, `floor_${Math.floor(startedAt / 1000)}.log`), "w");
let buffer = "";
const write = (text: string) => {
  buffer += text;
  if (buffer.length >= 65536) {
    writeSync(fd, buffer);
    buffer = "";
  }
};
let second = NaN;
let secondText = "";
const stamp = (ms: number) => {
  const whole = Math.trunc(ms);
  const s = whole - (whole % 1000);
  if (s !== second) {
    second = s;
    secondText = new Date(s).toISOString().slice(0, -4);
  }
  const milli = whole - s;
  return `${secondText}${milli < 10 ? "00" : milli < 100 ? "0" : ""}${milli}Z`;
};
write(`${stamp(startedAt)} run start: ${doc.name} (${file}), ${steps.length} steps\n`);

const first = new URL(steps[0]!.url);
const socket = await bareSocket(first.hostname, Number(first.port));

const rows: string[] = [];
let failed = 0;
for (let i = 0; i < steps.length; i++) {
  const s = steps[i]!;
  const t0 = performance.now();
  const at = Date.now();
  write(`${stamp(at)} step ${i + 1} start: ${s.name} [http]\n${stamp(at)} step ${i + 1} attempt 1 start\n${stamp(at)} → GET ${s.url}\n`);
  const response = await socket.send(`GET ${s.target} HTTP/1.1\r\nHost: ${s.host}\r\n\r\n`);
  const ms = Math.round(performance.now() - t0);
  const headEnd = response.indexOf("\r\n\r\n");
  const lines = response.slice(0, headEnd).split("\r\n");
  const statusLine = lines[0]!;
  const status = Number(statusLine.slice(9, 12));
  const reason = statusLine.slice(13);
  const body = response.slice(headEnd + 4);
  const actual = (JSON.parse(body) as Record<string, unknown>)[s.key];
  const ok = status === s.status && actual === s.id;
  if (!ok) failed++;
  let headers = "";
  for (let h = 1; h < lines.length; h++) {
    const line = lines[h]!;
    const colon = line.indexOf(":");
    headers += `    ${line.slice(0, colon).toLowerCase()}: ${line.slice(colon + 1).trim()}\n`;
  }
  const end = Date.now();
  write(
    `${stamp(end)} ← ${status} ${reason} ${body.length} B in ${ms}ms\n` +
      `${stamp(end)} step ${i + 1} attempt 1 ${ok ? "passed" : "failed"} in ${ms}ms: GET ${s.url} → ${status} in ${ms}ms\n` +
      `    ${status === s.status ? "✓" : "✗"} status: expected == ${s.status}, actual ${status}\n` +
      `    ${actual === s.id ? "✓" : "✗"} json ${s.path}: expected == ${JSON.stringify(s.id)}, actual ${JSON.stringify(actual)}\n` +
      `    observed: status=${status} latency_ms=${ms} bytes=${body.length}\n` +
      `    --- request ---\n    GET ${s.url}\n    --- end of request ---\n    --- response ---\n    HTTP ${status} ${reason}\n${headers}    \n    ${body}\n    --- end of response ---\n` +
      `${stamp(end)} step ${i + 1} end: ${ok ? "passed" : "failed"} after 1 attempt in ${ms}ms\n`,
  );
  rows.push(`| ${i + 1} | ${s.name} |  | ${ok ? "✅ passed" : "❌ failed"} | 1 | ${ms}ms |\n`);
}
socket.end();
const ms = Date.now() - startedAt;
write(`${stamp(Date.now())} run end: ${failed ? "failed" : "passed"}, ${steps.length - failed} passed, ${failed} failed in ${ms}ms\n`);
writeSync(fd, buffer);
closeSync(fd);
writeFileSync(
  join(dir, `floor_${Math.floor(startedAt / 1000)}.md`),
  `## ${failed ? "❌" : "✅"} ${doc.name} — ${failed ? "failed" : "passed"}\n\n| status | ${failed ? "❌ failed" : "✅ passed"} |\n| --- | --- |\n| steps | ${steps.length - failed} passed (${steps.length} in all) |\n| duration | ${ms}ms |\n\n### Steps\n\n| # | step | service | status | attempts | duration |\n| ---: | --- | --- | --- | ---: | ---: |\n${rows.join("")}`,
);
console.log(`${steps.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
