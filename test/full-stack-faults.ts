// What each run of scenarios/full-stack.yaml on the local stack must fail: nothing without a fault, exactly the dependent steps with one.

export interface FaultRun {
  /** The FAULT variable ("" = none). */
  fault: string;
  /** Names of the steps that fail, in run order. */
  failed: string[];
  /** Each broken user story (tag), in tag order, with the services of its failed steps, in order of first appearance. */
  broken: Record<string, string[]>;
}

const CHECK_LOGS = "scripts/check_logs.sh passes";
const LOKI_WHOLE = "Loki refused none of the lines pushed to it and cut none short";
const MLFLOW_API = "MLflow's API answers an experiments search";
const MLFLOW_LINE_FILE = "MLflow wrote that request's access line to its log file";
const MLFLOW_LINE_LOKI = "MLflow's access line of that request is in Loki";
const PROM_METRICS = "Prometheus collects each job's own metrics, not only up";
const lokiHolds = (service: "vLLM's" | "the gateway's" | "MLflow's") => `Loki holds every line ${service} log file got during this run`;

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
      lokiHolds("vLLM's"), // its file got no line: Loki must hold at least one
    ],
    broken: { "us-001": ["vllm"], "us-002": ["loki", "vllm"], "us-003": ["vllm"], "us-004": ["vllm", "(no service)"] },
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
      MLFLOW_LINE_LOKI,
      lokiHolds("vLLM's"),
      lokiHolds("the gateway's"),
      lokiHolds("MLflow's"),
    ],
    broken: { "us-002": ["loki", "vllm", "fastapi", "mlflow"], "us-003": ["vllm", "fastapi", "mlflow"], "us-004": ["fastapi", "vllm", "mlflow"] },
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
    // MLflow exits at start: its file does not come up, its health, UI and API do not answer (so no access line),
    // Prometheus has up == 0 and no metric for it, and it is not up at the end.
    fault: "mlflow-down",
    failed: [
      "MLflow file up",
      "MLflow is healthy",
      "The MLflow UI answers (port 5050 unless MLFLOW_PORT says otherwise)",
      MLFLOW_API,
      MLFLOW_LINE_FILE,
      "Prometheus scrapes every job (up == 1)",
      PROM_METRICS,
      MLFLOW_LINE_LOKI,
      "Every service is still up at the end",
    ],
    broken: { "us-004": ["mlflow", "prometheus", "(no service)"] },
  },
  {
    // The shipper labels vLLM's folder fastapi and the gateway's vllm: every service label is there, but a query for one
    // service returns the other's lines, so each check for a service's own lines in Loki fails; and {service="vllm"}
    // holds the gateway's lines, fewer than vLLM's file got (the gateway's label holds more than its file got: passes).
    fault: "shipper-swapped-labels",
    failed: [
      `{service="vllm"} returns this run's lines through Grafana`,
      `{service="fastapi"} returns lines through Grafana`,
      "The request id is in Loki, from the gateway",
      "The request id is in Loki, from vLLM",
      lokiHolds("vLLM's"),
    ],
    broken: { "us-002": ["vllm"], "us-003": ["vllm", "fastapi"], "us-004": ["fastapi", "vllm"] },
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
    // Loki discards lines longer than 256 bytes: vLLM's "Received request" line of the completion is lost (so Loki holds
    // fewer of vLLM's lines than its file got), the rest is there.
    fault: "loki-drops-long-lines",
    failed: ["The request id is in Loki, from vLLM", LOKI_WHOLE, lokiHolds("vLLM's")],
    broken: { "us-002": ["loki", "vllm"], "us-004": ["vllm"] },
  },
  {
    // vLLM answers each completion naming another model than the one asked for: only the step that reads the name fails.
    fault: "vllm-answers-wrong-model",
    failed: ["The completion names the model it was asked for"],
    broken: { "us-004": ["fastapi"] },
  },
  {
    // Loki keeps every line but cuts those over 128 bytes short (max_line_size_truncate): vLLM's long lines are there,
    // only their end is lost, and so is the user agent at the end of MLflow's access line that marks this run's request.
    fault: "loki-truncates-long-lines",
    failed: [MLFLOW_LINE_LOKI, LOKI_WHOLE],
    broken: { "us-002": ["loki"], "us-004": ["mlflow"] },
  },
  {
    // The shipper drops every MLflow line but its start-up one: the label and the run's start-up line are in Loki (the
    // Grafana check passes), the access line and the rest of the file's lines are not.
    fault: "shipper-drops-mlflow-lines",
    failed: [MLFLOW_LINE_LOKI, lokiHolds("MLflow's")],
    broken: { "us-002": ["mlflow"], "us-004": ["mlflow"] },
  },
  {
    // Prometheus scrapes vLLM's /health in place of /metrics: the job is up == 1 and has no series of vLLM's own.
    fault: "prometheus-scrapes-vllm-health",
    failed: [PROM_METRICS],
    broken: { "us-004": ["prometheus"] },
  },
  {
    // MLflow's /health and UI answer while its API answers 500, and none of the server's own output reaches its log
    // (only the wrapper's start-up line does): the search and its access line, in the file and in Loki, fail.
    fault: "mlflow-health-lies",
    failed: [MLFLOW_API, MLFLOW_LINE_FILE, MLFLOW_LINE_LOKI],
    broken: { "us-004": ["mlflow"] },
  },
];
