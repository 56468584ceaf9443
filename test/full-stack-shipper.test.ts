// full-stack.yaml's shipper-config steps, run as written against copies of compose/monitoring with one line broken:
// a commented-out path, a wrong service label, a wrong glob — each turns exactly its service's step red.
import { describe, expect, test } from "bun:test";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { REPO, runCli, tempDir } from "./helpers/cli.ts";

/** The three steps from full-stack.yaml, unchanged but for their root (a copy of the monitoring folder). */
function shipperSteps(): unknown[] {
  const doc = parseDocument(readFileSync(join(REPO, "scenarios/full-stack.yaml"), "utf8")).toJS() as { steps: { name: string; files?: { root: string } }[] };
  const steps = doc.steps.filter((s) => s.name.startsWith("The shipper's"));
  expect(steps.map((s) => s.name)).toEqual([
    ...["vllm", "fastapi", "mlflow"].map((s) => `The shipper's configs tail logs/${s}/*.log as service ${s}`),
    "The shipper's Alloy config has no block comment",
  ]);
  return steps.map((s) => ({ ...s, files: { ...s.files, root: "mon" } }));
}

async function failedSteps(breakIt: (dir: string) => void): Promise<string[]> {
  const dir = tempDir("shipper-");
  for (const sub of ["alloy", "promtail"]) cpSync(join(REPO, "compose/monitoring", sub), join(dir, "mon", sub), { recursive: true });
  breakIt(join(dir, "mon"));
  writeFileSync(join(dir, "s.yaml"), JSON.stringify({ name: "shipper", steps: shipperSteps() }));
  const r = await runCli(["s.yaml", "--no-color", "--report", "json", "--report-dir", "reports"], { cwd: dir });
  expect(r.code === 0 || r.code === 1).toBe(true);
  const report = JSON.parse(readFileSync(join(dir, "reports", "latest.json"), "utf8")) as { steps: { name: string; status: string }[] };
  return report.steps.filter((s) => s.status !== "passed").map((s) => s.name.replace(/^The shipper's configs tail logs\/(\w+)\/.*$/, "$1").replace(/^The shipper's Alloy config has no block comment$/, "block comment"));
}

const edit = (file: string, from: string | RegExp, to: string) => (mon: string) => {
  const path = join(mon, file);
  const text = readFileSync(path, "utf8");
  const changed = text.replace(from, to);
  expect(changed).not.toBe(text);
  writeFileSync(path, changed);
};

describe("full-stack.yaml: the shipper's configs", () => {
  test("as committed, all three pass", async () => {
    expect(await failedSteps(() => {})).toEqual([]);
  });

  test.each([
    ["promtail's mlflow line commented out", edit("promtail/config.yml", /^(\s+)labels: \{ service: mlflow/m, "$1# labels: { service: mlflow"), ["mlflow"]],
    ["alloy's vllm line commented out", edit("alloy/config.alloy", /^(\s+)\{"__path__" = "\/logs\/vllm/m, '$1// {"__path__" = "/logs/vllm'), ["vllm"]],
    ["promtail labels fastapi's files fast-api", edit("promtail/config.yml", "service: fastapi,", "service: fast-api,"), ["fastapi"]],
    ["alloy tails mlflow's *.txt", edit("alloy/config.alloy", "/logs/mlflow/*.log", "/logs/mlflow/*.txt"), ["mlflow"]],
    ["alloy labels vllm's files fastapi", edit("alloy/config.alloy", '"service" = "vllm"', '"service" = "fastapi"'), ["vllm"]],
    // A label or glob that only begins like the right one, and a path left in a trailing comment, passed before.
    ["promtail labels vllm's files vllm-canary", edit("promtail/config.yml", "service: vllm,", "service: vllm-canary,"), ["vllm"]],
    ["promtail tails vllm's rotated *.log.1", edit("promtail/config.yml", "/logs/vllm/*.log", "/logs/vllm/*.log.1"), ["vllm"]],
    ["alloy tails mlflow's *.log.gz", edit("alloy/config.alloy", '"/logs/mlflow/*.log"', '"/logs/mlflow/*.log.gz"'), ["mlflow"]],
    [
      "promtail's fastapi path only in a trailing comment",
      edit("promtail/config.yml", "labels: { service: fastapi, __path__: /logs/fastapi/*.log }", "labels: { service: fastapi, __path__: /logs/fastapi/*.log.1 }   # __path__: /logs/fastapi/*.log"),
      ["fastapi"],
    ],
    // Alloy's `/* … */`: the line inside looks live to a line-by-line check; the config's block comment is refused.
    ["alloy's vllm line inside a /* */ block", edit("alloy/config.alloy", /^(\s+\{"__path__" = "\/logs\/vllm.*)$/m, "/* disabled:\n$1\n*/"), ["block comment"]],
    ["a /* */ note after a value in alloy's config", edit("alloy/config.alloy", "forward_to = [loki.write.local.receiver]", "forward_to = [loki.write.local.receiver] /* one writer */"), ["block comment"]],
    // `/*` inside a string or a `//` comment opens no block comment.
    ["alloy's paths with /* in strings and a // comment holding /*", edit("alloy/config.alloy", "loki.source.file", '// tails /logs/*/ (see /* in the docs)\nloki.source.file'), []],
    ["alloy's mlflow path only in a trailing comment", edit("alloy/config.alloy", '{"__path__" = "/logs/mlflow/*.log",', '{"__path__" = "/logs/mlflow/old/*.log", // "__path__" = "/logs/mlflow/*.log",'), ["mlflow"]],
  ])("%s: that step fails, no other", async (_what, breakIt, failed) => {
    expect(await failedSteps(breakIt)).toEqual(failed);
  });
});
