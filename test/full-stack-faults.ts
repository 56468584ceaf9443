// What each run of scenarios/full-stack.yaml on the local stack must fail: nothing without a fault, exactly the dependent steps with one.

export interface FaultRun {
  /** The FAULT variable ("" = none). */
  fault: string;
  /** Names of the steps that fail, in run order. */
  failed: string[];
  /** Each broken user story (tag) with the services of its failed steps, in order of first appearance. */
  broken: Record<string, string[]>;
}

const CHECK_LOGS = "scripts/check_logs.sh passes";

export const FAULT_RUNS: FaultRun[] = [
  { fault: "", failed: [], broken: {} },
  {
    // vLLM logs under /tmp in its container: every check of vLLM's log file, and of its lines in Loki, fails.
    fault: "no-vllm-log",
    failed: [
      "vLLM wrote a fresh timestamped log file in logs/vllm/",
      "That log file holds the model-loading message",
      "The request then appears in vLLM's log file",
      "The service label's values include vllm, fastapi and mlflow",
      `{service="vllm"} returns this run's lines through Grafana`,
      "The request id is in vLLM's log file",
      "The request id is in Loki, from vLLM",
      CHECK_LOGS,
    ],
    broken: { "us-001": ["vllm"], "us-002": ["loki"], "us-003": ["vllm"], "us-004": ["vllm", "(no service)"] },
  },
  {
    // The shipper reads the wrong folders: the files are fine, Loki (and Grafana through it) has nothing.
    fault: "shipper-wrong-path",
    failed: [
      "Loki's labels include service",
      "The service label's values include vllm, fastapi and mlflow",
      `{service="vllm"} returns this run's lines through Grafana`,
      `{service="fastapi"} returns lines through Grafana`,
      `{service="mlflow"} returns this run's lines through Grafana`,
      "The request id is in Loki, from the gateway",
      "The request id is in Loki, from vLLM",
    ],
    broken: { "us-002": ["loki"], "us-003": ["vllm", "fastapi", "mlflow"], "us-004": ["fastapi", "vllm"] },
  },
  {
    // The gateway calls a wrong vLLM URL: it stays degraded, the completion fails (502), so no request id to trace,
    // and the gateway logs the error check_logs.sh finds.
    fault: "gateway-no-vllm",
    failed: [
      "FastAPI is healthy (it reaches vLLM)",
      "A completion through the gateway",
      "The completion names the model it was asked for",
      "The request id is in the gateway's log file",
      "The request id is in vLLM's log file",
      "The request id is in Loki, from the gateway",
      "The request id is in Loki, from vLLM",
      CHECK_LOGS,
    ],
    broken: { "us-004": ["fastapi", "vllm", "(no service)"] },
  },
  {
    // MLflow exits at start: its file does not come up, its health and UI do not answer, Prometheus has up == 0 for it,
    // and it is not up at the end.
    fault: "mlflow-down",
    failed: [
      "MLflow file up",
      "MLflow is healthy",
      "The MLflow UI answers (port 5050 unless MLFLOW_PORT says otherwise)",
      "Prometheus scrapes every job (up == 1)",
      "Every service is still up at the end",
    ],
    broken: { "us-004": ["mlflow", "prometheus", "(no service)"] },
  },
  {
    // The shipper labels vLLM's folder fastapi and the gateway's vllm: every service label is there, but a query for one
    // service returns the other's lines, so each check for a service's own lines in Loki fails.
    fault: "shipper-swapped-labels",
    failed: [
      `{service="vllm"} returns this run's lines through Grafana`,
      `{service="fastapi"} returns lines through Grafana`,
      "The request id is in Loki, from the gateway",
      "The request id is in Loki, from vLLM",
    ],
    broken: { "us-003": ["vllm", "fastapi"], "us-004": ["fastapi", "vllm"] },
  },
  {
    // vLLM serves another model than MODEL_NAME: its log loads that one and /v1/models lists it; the rest works with it.
    fault: "vllm-wrong-model",
    failed: ["That log file holds the model-loading message", "vLLM serves the configured model (MODEL_NAME)"],
    broken: { "us-001": ["vllm"] },
  },
  {
    // vLLM is killed (no log line) right after answering the first completion: everything it did is logged and shipped,
    // only the last look at the stack finds it gone.
    fault: "vllm-dies-after-completion",
    failed: ["Every service is still up at the end"],
    broken: { "us-004": ["(no service)"] },
  },
  {
    // Loki discards lines longer than 256 bytes: vLLM's "Received request" line of the completion is lost, the rest is there.
    fault: "loki-drops-long-lines",
    failed: ["The request id is in Loki, from vLLM", "Loki refused none of the lines pushed to it"],
    broken: { "us-002": ["loki"], "us-004": ["vllm"] },
  },
  {
    // vLLM answers each completion naming another model than the one asked for: only the step that reads the name fails.
    fault: "vllm-answers-wrong-model",
    failed: ["The completion names the model it was asked for"],
    broken: { "us-004": ["fastapi"] },
  },
];
