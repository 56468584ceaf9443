// full-stack.yaml's completion and its trace through the log files, run as written against a stand-in for vLLM and
// the gateway (one HTTP server) and a log folder holding an earlier request's lines: an empty request id or model id
// must turn the steps red, not have the traces look for "request_id=" (any request's line) or compare "" with "".
import { afterAll, describe, expect, test } from "bun:test";
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { REPO, runCli, tempDir } from "./helpers/cli.ts";

const STEPS = [
  "GET /v1/models",
  "A completion through the gateway",
  "The completion names the model it was asked for",
  "The request id is in the gateway's log file",
  "The request id is in vLLM's log file",
];

/** The steps from full-stack.yaml, unchanged, with its variables. */
function scenario(): object {
  const doc = parseDocument(readFileSync(join(REPO, "scenarios/full-stack.yaml"), "utf8")).toJS() as { vars: object; secrets: string[]; steps: { name: string }[] };
  const steps = doc.steps.filter((s) => STEPS.includes(s.name));
  expect(steps.map((s) => s.name)).toEqual(STEPS);
  return { name: "trace", vars: doc.vars, secrets: doc.secrets, steps };
}

type Fault = "none" | "empty-request-id" | "empty-model-id" | "error-body-200";
let fault: Fault = "none";
let logDir = "";
let next = 0;
const MODEL = "Qwen/Qwen2.5-0.5B-Instruct";

// vLLM's and the gateway's answers, and the lines each writes to its log file (compose/README.md).
const server = Bun.serve({
  port: 0,
  hostname: "127.0.0.1",
  async fetch(req) {
    const url = new URL(req.url);
    const model = fault === "empty-model-id" ? "" : MODEL;
    if (url.pathname === "/v1/models") return Response.json({ object: "list", data: [{ id: model, object: "model" }] });
    if (url.pathname === "/v1/chat/completions") {
      const body = (await req.json()) as { model: string };
      // A gateway that turns vLLM's failure into a 200 with an error body (OpenAI's error shape), logging its own line.
      if (fault === "error-body-200") {
        const id = `req-${++next}`;
        appendFileSync(join(logDir, "fastapi/app.log"), `ERROR gateway request_id=${id} upstream failed\n`);
        return Response.json({ object: "error", message: "upstream unavailable", type: "BadRequestError", code: 400 }, { headers: { "X-Request-Id": id } });
      }
      const id = fault === "empty-request-id" ? "" : `req-${++next}`;
      if (id) {
        appendFileSync(join(logDir, "fastapi/app.log"), `INFO gateway request_id=${id} POST /v1/chat/completions 200\n`);
        appendFileSync(join(logDir, "vllm/vllm_20260101_000000.log"), `INFO Received request chatcmpl-${id}: prompt: 'Say OK.'\n`);
      }
      return Response.json({ id: `chatcmpl-${id}`, model: body.model, choices: [{ message: { role: "assistant", content: "OK" } }] }, { headers: { "X-Request-Id": id } });
    }
    return new Response("not found", { status: 404 });
  },
});
afterAll(() => server.stop(true));

async function failedSteps(f: Fault): Promise<string[]> {
  fault = f;
  const dir = tempDir("trace-");
  logDir = join(dir, "logs");
  mkdirSync(join(logDir, "fastapi"), { recursive: true });
  mkdirSync(join(logDir, "vllm"), { recursive: true });
  // An earlier request's lines, as in a logs/ folder kept from an earlier run.
  writeFileSync(join(logDir, "fastapi/app.log"), "INFO gateway request_id=req-0 POST /v1/chat/completions 200\n");
  writeFileSync(join(logDir, "vllm/vllm_20260101_000000.log"), "INFO Received request chatcmpl-req-0: prompt: 'Say OK.'\n");
  writeFileSync(join(dir, "s.yaml"), JSON.stringify(scenario()));
  const base = `http://127.0.0.1:${server.port}`;
  const vars = [`VLLM_URL=${base}`, `API_URL=${base}`, `LOG_DIR=${logDir}`, `MODEL_NAME=${MODEL}`, "API_KEY=k-0123456789abcdef"];
  const r = await runCli(["s.yaml", "--no-color", "--report", "json", "--report-dir", "reports", ...vars.flatMap((v) => ["--var", v])], { cwd: dir });
  expect(r.code === 0 || r.code === 1).toBe(true);
  const report = JSON.parse(readFileSync(join(dir, "reports", "latest.json"), "utf8")) as { steps: { name: string; status: string }[] };
  expect(report.steps.map((s) => s.name)).toEqual(STEPS);
  return report.steps.filter((s) => s.status !== "passed").map((s) => s.name);
}

describe("full-stack.yaml: the completion traced through the log files", () => {
  test("a request id and a model id: every step passes", async () => {
    expect(await failedSteps("none")).toEqual([]);
  });

  test("the gateway answers 200 with an empty X-Request-Id: the completion and both traces fail", async () => {
    expect(await failedSteps("empty-request-id")).toEqual([
      "A completion through the gateway",
      "The completion names the model it was asked for",
      "The request id is in the gateway's log file",
      "The request id is in vLLM's log file",
    ]);
  });

  test("the gateway answers 200 with an error body: the completion fails, and with it what it would have captured", async () => {
    expect(await failedSteps("error-body-200")).toEqual([
      "A completion through the gateway",
      "The completion names the model it was asked for",
      "The request id is in the gateway's log file",
      "The request id is in vLLM's log file",
    ]);
  });

  test("vLLM lists a model with an empty id: the model checks fail", async () => {
    const failed = await failedSteps("empty-model-id");
    expect(failed).toContain("GET /v1/models");
    expect(failed).toContain("The completion names the model it was asked for");
  });
});
