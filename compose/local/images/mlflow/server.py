"""MLflow stand-in (scenario local stack): the tracking server's /health, a UI page and the experiments search API.

Prints the start-up lines of `mlflow server` (gunicorn's) and gunicorn's access line for every request (as
`mlflow server --gunicorn-opts "--access-logfile -"` does); holds the Default experiment.
FAULT=mlflow-health-lies: the API answers 500 (/health and the UI still answer 200).
"""
import os
import time
from datetime import datetime, timezone

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse

from standin_http import label_stand_in

MLFLOW_VERSION = "2.21.3"
started_ms = int(time.time() * 1000)
api_calls = {"count": 0}
app = FastAPI(title="MLflow stand-in")
label_stand_in(app, "mlflow")


def gunicorn_log(message: str, level: str = "INFO") -> None:
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S +0000")
    print(f"[{stamp}] [{os.getpid()}] [{level}] {message}", flush=True)


@app.middleware("http")
async def access_log(request: Request, call_next):
    """gunicorn's access line in its default format: '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s"'."""
    response = await call_next(request)
    client = request.client.host if request.client else "-"
    stamp = datetime.now(timezone.utc).strftime("%d/%b/%Y:%H:%M:%S +0000")
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    length = response.headers.get("content-length", "-")
    referer = request.headers.get("referer", "-")
    agent = request.headers.get("user-agent", "-")
    print(
        f'{client} - - [{stamp}] "{request.method} {target} HTTP/{request.scope.get("http_version", "1.1")}" '
        f'{response.status_code} {length} "{referer}" "{agent}"',
        flush=True,
    )
    return response


@app.get("/health")
async def health() -> PlainTextResponse:
    return PlainTextResponse("OK")


@app.get("/version")
async def version() -> PlainTextResponse:
    return PlainTextResponse(MLFLOW_VERSION)


@app.get("/", response_class=HTMLResponse)
async def ui() -> str:
    return (
        "<!doctype html><html><head><title>MLflow</title></head>"
        "<body><div id=\"root\">MLflow tracking UI (stand-in of the scenario local stack)</div></body></html>"
    )


@app.api_route("/api/2.0/mlflow/experiments/search", methods=["GET", "POST"])
async def search_experiments(request: Request):
    api_calls["count"] += 1
    if os.environ.get("FAULT") == "mlflow-health-lies":
        return JSONResponse({"error_code": "INTERNAL_ERROR", "message": "backend store unavailable"}, status_code=500)
    return {
        "experiments": [
            {
                "experiment_id": "0",
                "name": "Default",
                "artifact_location": "/mlflow/artifacts/0",
                "lifecycle_stage": "active",
                "last_update_time": started_ms,
                "creation_time": started_ms,
            }
        ]
    }


@app.get("/metrics")
async def metrics() -> PlainTextResponse:
    return PlainTextResponse(
        "# HELP mlflow_http_request_total Total number of HTTP requests\n"
        "# TYPE mlflow_http_request_total counter\n"
        f'mlflow_http_request_total{{method="GET",status="200"}} {api_calls["count"]}\n',
        media_type="text/plain; version=0.0.4",
    )


if __name__ == "__main__":
    gunicorn_log(f"Starting gunicorn 23.0.0 (MLflow {MLFLOW_VERSION} stand-in)")
    gunicorn_log(f"Listening at: http://0.0.0.0:5000 ({os.getpid()})")
    gunicorn_log("Using worker: sync")
    gunicorn_log(f"Booting worker with pid: {os.getpid()}")
    uvicorn.run(app, host="0.0.0.0", port=5000, log_level="warning", access_log=False)
