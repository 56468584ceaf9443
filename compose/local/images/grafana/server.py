"""Grafana stand-in (scenario local stack): health, the provisioned data sources, their health, and /api/ds/query.

Reads the data sources from Grafana's provisioning files (/etc/grafana/provisioning/datasources/*.yaml), and answers
Loki queries from the real Loki behind them, in the response shapes of Grafana 11 (data frames, one per series).
Only Loki data sources are supported; anything else answers 400 saying so.
"""
import glob
import logging
import re
import time
import uuid
from datetime import datetime, timezone

import httpx
import uvicorn
import yaml
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse

from standin_http import label_stand_in

GRAFANA_VERSION = "11.6.1"
PROVISIONING = "/etc/grafana/provisioning/datasources/*.y*ml"
app = FastAPI(title="Grafana stand-in")
label_stand_in(app, "grafana")
http = httpx.AsyncClient(timeout=httpx.Timeout(30.0, connect=2.0))
requests_total = {"count": 0}


def grafana_log(message: str, level: str = "info", **fields) -> None:
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    extra = " ".join(f'{k}="{v}"' if " " in str(v) else f"{k}={v}" for k, v in fields.items())
    print(f'logger=standin t={stamp} level={level} msg="{message}" {extra}'.rstrip(), flush=True)


def load_datasources() -> list:
    found = []
    for path in sorted(glob.glob(PROVISIONING)):
        with open(path, encoding="utf-8") as handle:
            document = yaml.safe_load(handle) or {}
        for entry in document.get("datasources") or []:
            found.append(
                {
                    "id": len(found) + 1,
                    "uid": entry.get("uid") or uuid.uuid5(uuid.NAMESPACE_URL, entry["name"]).hex[:14],
                    "orgId": entry.get("orgId", 1),
                    "name": entry["name"],
                    "type": entry["type"],
                    "access": entry.get("access", "proxy"),
                    "url": entry.get("url", "").rstrip("/"),
                    "isDefault": bool(entry.get("isDefault", False)),
                    "readOnly": True,
                    "jsonData": entry.get("jsonData") or {},
                }
            )
    return found


DATASOURCES = load_datasources()


def find_datasource(ref) -> dict | None:
    uid = ref.get("uid") if isinstance(ref, dict) else ref
    for ds in DATASOURCES:
        if ds["uid"] == uid or (uid is None and ds["isDefault"]):
            return ds
    return None


@app.middleware("http")
async def count_and_log(request: Request, call_next):
    started = time.monotonic()
    response = await call_next(request)
    requests_total["count"] += 1
    if request.url.path != "/api/health":
        grafana_log("Request Completed", method=request.method, path=request.url.path, status=response.status_code,
                    duration=f"{(time.monotonic() - started) * 1000:.1f}ms")
    return response


@app.get("/api/health")
async def health() -> dict:
    return {"commit": "stand-in", "database": "ok", "version": GRAFANA_VERSION}


@app.get("/api/datasources")
async def datasources() -> list:
    return DATASOURCES


@app.get("/api/datasources/uid/{uid}")
async def datasource(uid: str):
    ds = find_datasource(uid)
    return ds if ds else JSONResponse(status_code=404, content={"message": "Data source not found"})


@app.get("/api/datasources/uid/{uid}/health")
async def datasource_health(uid: str):
    ds = find_datasource(uid)
    if ds is None:
        return JSONResponse(status_code=404, content={"message": "Data source not found"})
    if ds["type"] != "loki":
        return JSONResponse(status_code=400, content={"status": "ERROR", "message": f"the Grafana stand-in only checks Loki data sources, not {ds['type']}"})
    # Grafana's Loki health check: the query vector(1)+vector(1) must answer 2.
    try:
        answer = await http.get(f"{ds['url']}/loki/api/v1/query", params={"query": "vector(1)+vector(1)"})
        value = answer.json()["data"]["result"][0]["value"][1] if answer.status_code == 200 else None
    except (httpx.HTTPError, ValueError, KeyError, IndexError):
        value = None
    if value != "2":
        grafana_log("Loki health check failed", level="error", url=ds["url"])
        return JSONResponse(status_code=400, content={"status": "ERROR", "message": "Unable to connect with Loki. Please check the server logs for more details."})
    return {"status": "OK", "message": "Data source successfully connected."}


RELATIVE = re.compile(r"^now(?:-(\d+)([smhdw]))?$")
UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def to_ns(value, now_ns: int) -> int:
    """Grafana's time range values: epoch milliseconds (number or string), "now" or "now-<n><unit>"."""
    text = str(value).strip()
    if text.isdigit():
        return int(text) * 1_000_000
    match = RELATIVE.match(text)
    if not match:
        raise ValueError(f"invalid time range value {text!r}")
    amount, unit = match.groups()
    return now_ns - (int(amount) * UNIT_SECONDS[unit] * 1_000_000_000 if amount else 0)


def logs_frame(ref_id: str, expr: str, streams: list) -> dict:
    rows = []
    for stream in streams:
        for ts, line in stream["values"]:
            rows.append((stream["stream"], int(ts), line))
    rows.sort(key=lambda row: row[1], reverse=True)
    return {
        "schema": {
            "name": ref_id,
            "refId": ref_id,
            "meta": {"type": "log-lines", "typeVersion": [0, 0], "custom": {"frameType": "LabeledTimeValues"}, "executedQueryString": f"Expr: {expr}"},
            "fields": [
                {"name": "labels", "type": "other", "typeInfo": {"frame": "json.RawMessage"}},
                {"name": "Time", "type": "time", "typeInfo": {"frame": "time.Time"}},
                {"name": "Line", "type": "string", "typeInfo": {"frame": "string"}},
                {"name": "tsNs", "type": "string", "typeInfo": {"frame": "string"}},
                {"name": "id", "type": "string", "typeInfo": {"frame": "string"}},
            ],
        },
        "data": {
            "values": [
                [labels for labels, _, _ in rows],
                [ts // 1_000_000 for _, ts, _ in rows],
                [line for _, _, line in rows],
                [str(ts) for _, ts, _ in rows],
                [f"{ts}_{index}" for index, (_, ts, _) in enumerate(rows)],
            ]
        },
    }


def metric_frames(ref_id: str, expr: str, series: list, step_ms: int) -> list:
    frames = []
    for one in series:
        points = one.get("values") or [one["value"]]
        frames.append(
            {
                "schema": {
                    "name": ref_id,
                    "refId": ref_id,
                    "meta": {"type": "timeseries-multi", "typeVersion": [0, 1], "executedQueryString": f"Expr: {expr}\nStep: {step_ms}ms"},
                    "fields": [
                        {"name": "Time", "type": "time", "typeInfo": {"frame": "time.Time"}, "config": {"interval": step_ms}},
                        {"name": "Value", "type": "number", "typeInfo": {"frame": "float64"}, "labels": one["metric"], "config": {}},
                    ],
                },
                "data": {"values": [[int(float(t) * 1000) for t, _ in points], [float(v) for _, v in points]]},
            }
        )
    return frames


async def run_loki_query(ds: dict, query: dict, start_ns: int, end_ns: int) -> dict:
    ref_id = query.get("refId", "A")
    expr = query.get("expr")
    if not expr:
        return {"status": 400, "error": "query expression is empty", "errorSource": "downstream"}
    step_ms = int(query.get("intervalMs") or max(1000, (end_ns - start_ns) // 1_000_000 // 1000))
    limit = int(query.get("maxLines") or 1000)
    if query.get("queryType") == "instant":
        path, params = "/loki/api/v1/query", {"query": expr, "time": str(end_ns), "limit": limit, "direction": "backward"}
    else:
        path, params = "/loki/api/v1/query_range", {"query": expr, "start": str(start_ns), "end": str(end_ns), "limit": limit,
                                                     "step": f"{step_ms}ms", "direction": "backward"}
    try:
        answer = await http.get(f"{ds['url']}{path}", params=params)
    except httpx.HTTPError as exc:
        return {"status": 502, "error": f"Loki at {ds['url']} did not answer: {type(exc).__name__}", "errorSource": "downstream"}
    if answer.status_code != 200:
        return {"status": answer.status_code, "error": answer.text.strip(), "errorSource": "downstream"}
    data = answer.json()["data"]
    if data["resultType"] == "streams":
        return {"status": 200, "frames": [logs_frame(ref_id, expr, data["result"])]}
    return {"status": 200, "frames": metric_frames(ref_id, expr, data["result"], step_ms)}


@app.post("/api/ds/query")
async def ds_query(request: Request):
    try:
        body = await request.json()
        now_ns = time.time_ns()
        start_ns = to_ns(body.get("from", "now-1h"), now_ns)
        end_ns = to_ns(body.get("to", "now"), now_ns)
        queries = body["queries"]
        if not isinstance(queries, list) or not queries:
            raise ValueError("queries must be a non-empty list")
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        return JSONResponse(status_code=400, content={"message": f"bad request data: {exc}"})
    results = {}
    for query in queries:
        ref_id = query.get("refId", "A")
        ds = find_datasource(query.get("datasource"))
        if ds is None:
            return JSONResponse(status_code=404, content={"message": "Data source not found"})
        if ds["type"] != "loki":
            results[ref_id] = {"status": 400, "error": f"the Grafana stand-in only queries Loki data sources, not {ds['type']}"}
            continue
        results[ref_id] = await run_loki_query(ds, query, start_ns, end_ns)
    status = max((r["status"] for r in results.values()), default=200)
    return JSONResponse(status_code=200 if status == 200 else (400 if status < 500 else 500), content={"results": results})


@app.get("/metrics")
async def metrics() -> PlainTextResponse:
    return PlainTextResponse(
        "# HELP grafana_http_request_total Requests answered.\n# TYPE grafana_http_request_total counter\n"
        f"grafana_http_request_total {requests_total['count']}\n"
        f'# TYPE grafana_build_info gauge\ngrafana_build_info{{version="{GRAFANA_VERSION}",edition="stand-in"}} 1\n',
        media_type="text/plain; version=0.0.4",
    )


if __name__ == "__main__":
    logging.getLogger("httpx").setLevel(logging.WARNING)
    grafana_log("Starting Grafana (scenario local stack stand-in)", version=GRAFANA_VERSION)
    for ds in DATASOURCES:
        grafana_log("inserting datasource from configuration", name=ds["name"], uid=ds["uid"], type=ds["type"])
    grafana_log("HTTP Server Listen", address="[::]:3000", protocol="http")
    uvicorn.run(app, host="0.0.0.0", port=3000, log_level="warning", access_log=False)
