"""The chat gateway (stand-in of the team's FastAPI app): API key, conversations, completions forwarded to vLLM.

/health is "degraded" while vLLM is unreachable and "healthy" once it answers; every completion carries a request
id that is logged here and sent to vLLM as X-Request-Id (vLLM logs it as chatcmpl-<id>).
"""
import hmac
import logging
import os
import sys
import time
import uuid
from collections import Counter

import httpx
from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, PlainTextResponse
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from standin_http import label_stand_in

from .db import Conversation, Message, Session

VLLM_URL = os.environ.get("VLLM_URL", "http://vllm:8000").rstrip("/")
API_KEY = os.environ.get("API_KEY", "")
LOG_FILE = os.environ.get("LOG_FILE", "/logs/fastapi/app.log")
MODEL_NAME = os.environ.get("MODEL_NAME", "")


def make_logger() -> logging.Logger:
    os.makedirs(os.path.dirname(LOG_FILE), exist_ok=True)
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    log = logging.getLogger("gateway")
    log.setLevel(logging.INFO)
    for handler in (logging.FileHandler(LOG_FILE), logging.StreamHandler(sys.stderr)):
        handler.setFormatter(formatter)
        log.addHandler(handler)
    return log


log = make_logger()
requests_total: Counter = Counter()
vllm_state = {"reachable": None}


app = FastAPI(title="chat gateway (stand-in)")
label_stand_in(app, "fastapi")


# FastAPI 0.92 (Debian bookworm's) has start-up and shut-down events, not yet the lifespan argument.
@app.on_event("startup")
async def start() -> None:
    app.state.http = httpx.AsyncClient(timeout=httpx.Timeout(60.0, connect=2.0))
    if not API_KEY:
        log.warning("API_KEY is empty: every chat request will be refused")
    log.info("gateway starting (scenario local stack stand-in): vLLM at %s", VLLM_URL)


@app.on_event("shutdown")
async def stop() -> None:
    await app.state.http.aclose()
    log.info("gateway stopped")


@app.middleware("http")
async def access_log(request: Request, call_next):
    request.state.request_id = request.headers.get("x-request-id") or uuid.uuid4().hex
    started = time.monotonic()
    response = await call_next(request)
    elapsed_ms = (time.monotonic() - started) * 1000
    requests_total[(request.url.path, response.status_code)] += 1
    log.info(
        "request_id=%s %s %s %d %.1fms",
        request.state.request_id, request.method, request.url.path, response.status_code, elapsed_ms,
    )
    response.headers["X-Request-Id"] = request.state.request_id
    return response


def require_api_key(request: Request) -> None:
    """401 without a key, 403 with a wrong one (Authorization: Bearer <key> or X-API-Key)."""
    given = request.headers.get("x-api-key")
    auth = request.headers.get("authorization", "")
    if given is None and auth.lower().startswith("bearer "):
        given = auth[7:].strip()
    if not given:
        raise HTTPException(status_code=401, detail="missing API key", headers={"WWW-Authenticate": "Bearer"})
    if not API_KEY or not hmac.compare_digest(given.encode(), API_KEY.encode()):
        raise HTTPException(status_code=403, detail="invalid API key")


async def vllm_reachable(http: httpx.AsyncClient) -> bool:
    try:
        reachable = (await http.get(f"{VLLM_URL}/health", timeout=2.0)).status_code == 200
    except httpx.HTTPError:
        reachable = False
    if reachable != vllm_state["reachable"]:
        if reachable:
            log.info("vLLM is reachable at %s", VLLM_URL)
        else:
            log.warning("vLLM is not reachable at %s: degraded", VLLM_URL)
        vllm_state["reachable"] = reachable
    return reachable


@app.get("/health")
async def health(request: Request) -> dict:
    reachable = await vllm_reachable(request.app.state.http)
    async with Session() as session:
        await session.execute(select(func.count(Conversation.id)))
    return {"status": "healthy" if reachable else "degraded", "vllm": "reachable" if reachable else "unreachable", "database": "ok"}


async def default_model(http: httpx.AsyncClient) -> str:
    if MODEL_NAME:
        return MODEL_NAME
    answer = await http.get(f"{VLLM_URL}/v1/models")
    answer.raise_for_status()
    return answer.json()["data"][0]["id"]


@app.post("/v1/chat/completions", dependencies=[Depends(require_api_key)])
async def chat_completions(request: Request) -> JSONResponse:
    try:
        body = await request.json()
    except ValueError:
        raise HTTPException(status_code=422, detail="the body is not JSON") from None
    messages = body.get("messages") if isinstance(body, dict) else None
    if not isinstance(messages, list) or not messages:
        raise HTTPException(status_code=422, detail="messages must be a non-empty list")
    request_id = request.state.request_id
    http: httpx.AsyncClient = request.app.state.http
    async with Session() as session:
        conversation_id = body.get("conversation_id")
        if conversation_id is not None:
            conversation = await session.get(Conversation, conversation_id)
            if conversation is None:
                raise HTTPException(status_code=404, detail=f"no conversation {conversation_id}")
        else:
            conversation = Conversation(title=str(messages[-1].get("content", ""))[:200] or "untitled")
            session.add(conversation)
            await session.flush()
        try:
            forwarded = {k: v for k, v in body.items() if k != "conversation_id"}
            forwarded.setdefault("model", await default_model(http))
            started = time.monotonic()
            answer = await http.post(f"{VLLM_URL}/v1/chat/completions", json=forwarded, headers={"X-Request-Id": request_id})
        except httpx.HTTPError as exc:
            log.error("request_id=%s vLLM call failed: %s: %s", request_id, type(exc).__name__, exc)
            raise HTTPException(status_code=502, detail=f"vLLM unreachable at {VLLM_URL}") from exc
        log.info("request_id=%s forwarded to vLLM: %d in %.1fms", request_id, answer.status_code, (time.monotonic() - started) * 1000)
        if answer.status_code != 200:
            return JSONResponse(status_code=answer.status_code, content=answer.json())
        completion = answer.json()
        session.add(Message(conversation_id=conversation.id, role="user", content=str(messages[-1].get("content", "")), request_id=request_id))
        session.add(Message(conversation_id=conversation.id, role="assistant", content=completion["choices"][0]["message"]["content"], request_id=request_id))
        await session.commit()
    completion["conversation_id"] = conversation.id
    return JSONResponse(completion)


@app.get("/v1/conversations", dependencies=[Depends(require_api_key)])
async def list_conversations() -> dict:
    async with Session() as session:
        rows = (await session.execute(select(Conversation).options(selectinload(Conversation.messages)).order_by(Conversation.id))).scalars()
        return {"data": [{"id": c.id, "title": c.title, "created_at": c.created_at.isoformat(), "messages": len(c.messages)} for c in rows]}


@app.get("/v1/conversations/{conversation_id}", dependencies=[Depends(require_api_key)])
async def get_conversation(conversation_id: int) -> dict:
    async with Session() as session:
        query = select(Conversation).where(Conversation.id == conversation_id).options(selectinload(Conversation.messages))
        conversation = (await session.execute(query)).scalar_one_or_none()
        if conversation is None:
            raise HTTPException(status_code=404, detail=f"no conversation {conversation_id}")
        return {
            "id": conversation.id,
            "title": conversation.title,
            "created_at": conversation.created_at.isoformat(),
            "messages": [
                {"role": m.role, "content": m.content, "request_id": m.request_id, "created_at": m.created_at.isoformat()}
                for m in conversation.messages
            ],
        }


@app.get("/metrics")
async def metrics() -> PlainTextResponse:
    lines = ["# HELP gateway_requests_total Requests answered, by path and status.", "# TYPE gateway_requests_total counter"]
    for (path, status), count in sorted(requests_total.items()):
        lines.append(f'gateway_requests_total{{path="{path}",status="{status}"}} {count}')
    return PlainTextResponse("\n".join(lines) + "\n", media_type="text/plain; version=0.0.4")
