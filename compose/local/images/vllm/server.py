"""vLLM stand-in (scenario local stack): vLLM's OpenAI-compatible API and log lines, with no model behind it.

Takes vLLM's own command line (--model, --served-model-name, --host, --port), prints vLLM's start-up lines (model
loading included) and one "Received request chatcmpl-<id>" line per completion; uvicorn prints the access lines.
"""
import argparse
import asyncio
import os
import time
import uuid
from datetime import datetime

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from starlette.background import BackgroundTask

from standin_http import label_stand_in

VLLM_VERSION = "0.8.5"


def vllm_log(source: str, message: str, level: str = "INFO") -> None:
    print(f"{level} {datetime.now().strftime('%m-%d %H:%M:%S')} [{source}] {message}", flush=True)


def die_after_tee() -> None:
    """Exits 137 as an OOM kill would, once tee (entrypoint.sh) has had time to write the lines printed before: the
    process is PID 1, and its end stops the container and tee with it, which lost the request's line now and then (a
    real vLLM's lines written before it is killed are in its file)."""
    time.sleep(0.5)
    os._exit(137)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="vllm-stand-in")
    parser.add_argument("--model", required=True)
    parser.add_argument("--served-model-name", default=None)
    parser.add_argument("--host", default="0.0.0.0")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--max-model-len", type=int, default=32768)
    args, _ignored = parser.parse_known_args()
    return args


args = parse_args()
served_model = args.served_model_name or args.model
counters = {"success": 0, "prompt_tokens": 0, "generation_tokens": 0}
app = FastAPI(title="vLLM stand-in")
label_stand_in(app, "vllm")


def openai_error(status: int, kind: str, message: str) -> JSONResponse:
    return JSONResponse(status_code=status, content={"object": "error", "message": message, "type": kind, "param": None, "code": status})


def chat_prompt(messages: list) -> str:
    turns = [f"<|im_start|>{m.get('role')}\n{m.get('content')}<|im_end|>\n" for m in messages]
    return "".join(turns) + "<|im_start|>assistant\n"


@app.get("/health")
async def health() -> Response:
    return Response(status_code=200)


@app.get("/version")
async def version() -> dict:
    return {"version": VLLM_VERSION}


@app.get("/v1/models")
async def models() -> dict:
    return {
        "object": "list",
        "data": [
            {
                "id": served_model,
                "object": "model",
                "created": int(time.time()),
                "owned_by": "vllm",
                "root": args.model,
                "parent": None,
                "max_model_len": args.max_model_len,
            }
        ],
    }


@app.post("/v1/chat/completions")
async def chat_completions(request: Request) -> Response:
    try:
        body = await request.json()
    except ValueError:
        return openai_error(400, "BadRequestError", "the body is not JSON")
    if not isinstance(body, dict):
        return openai_error(400, "BadRequestError", "the body is not a JSON object")
    if body.get("model") != served_model:
        return openai_error(404, "NotFoundError", f"The model `{body.get('model')}` does not exist.")
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages or not all(isinstance(m, dict) and "content" in m for m in messages):
        return openai_error(400, "BadRequestError", "messages must be a non-empty list of {role, content}")
    if body.get("stream"):
        return openai_error(400, "BadRequestError", "the vLLM stand-in does not stream")
    max_tokens = body.get("max_tokens") or 16
    if not isinstance(max_tokens, int) or max_tokens < 1:
        return openai_error(400, "BadRequestError", "max_tokens must be a positive integer")

    request_id = f"chatcmpl-{request.headers.get('x-request-id') or uuid.uuid4().hex}"
    prompt = chat_prompt(messages)
    vllm_log(
        "logger.py:39",
        f"Received request {request_id}: prompt: {prompt!r}, params: SamplingParams(n=1, temperature={body.get('temperature', 1.0)}, "
        f"max_tokens={max_tokens}), prompt_token_ids: None, lora_request: None, prompt_adapter_request: None.",
    )
    vllm_log("async_llm.py:252", f"Added request {request_id}.")
    last = str(messages[-1].get("content"))
    words = f"vLLM stand-in reply to: {last}".split()
    reply = words[:max_tokens]
    prompt_tokens = len(prompt.split())
    counters["success"] += 1
    counters["prompt_tokens"] += prompt_tokens
    counters["generation_tokens"] += len(reply)
    # FAULT=vllm-dies-after-completion: the process is killed right after its first answer is sent, printing nothing
    # (as the kernel's OOM killer would): healthy until then, gone afterwards.
    dies = BackgroundTask(die_after_tee) if os.environ.get("FAULT") == "vllm-dies-after-completion" else None
    return JSONResponse(
        {
            "id": request_id,
            "object": "chat.completion",
            "created": int(time.time()),
            # FAULT=vllm-answers-wrong-model: the answer names another model than the one asked for (and served).
            "model": "facebook/opt-125m" if os.environ.get("FAULT") == "vllm-answers-wrong-model" else served_model,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": " ".join(reply), "tool_calls": []},
                    "logprobs": None,
                    "finish_reason": "length" if len(words) > max_tokens else "stop",
                    "stop_reason": None,
                }
            ],
            "usage": {"prompt_tokens": prompt_tokens, "total_tokens": prompt_tokens + len(reply), "completion_tokens": len(reply)},
        },
        background=dies,
    )


@app.get("/metrics")
async def metrics() -> PlainTextResponse:
    label = f'model_name="{served_model}"'
    lines = [
        "# HELP vllm:num_requests_running Number of requests in model execution batches.",
        "# TYPE vllm:num_requests_running gauge",
        f"vllm:num_requests_running{{{label}}} 0.0",
        "# HELP vllm:request_success_total Count of successfully processed requests.",
        "# TYPE vllm:request_success_total counter",
        f'vllm:request_success_total{{finished_reason="stop",{label}}} {float(counters["success"])}',
        "# HELP vllm:prompt_tokens_total Number of prefill tokens processed.",
        "# TYPE vllm:prompt_tokens_total counter",
        f"vllm:prompt_tokens_total{{{label}}} {float(counters['prompt_tokens'])}",
        "# HELP vllm:generation_tokens_total Number of generation tokens processed.",
        "# TYPE vllm:generation_tokens_total counter",
        f"vllm:generation_tokens_total{{{label}}} {float(counters['generation_tokens'])}",
    ]
    return PlainTextResponse("\n".join(lines) + "\n", media_type="text/plain; version=0.0.4")


def start_up_lines() -> None:
    """vLLM's start-up, as a real server prints it (the stand-in loads nothing)."""
    vllm_log("__init__.py:239", "Automatically detected platform cuda.")
    vllm_log("api_server.py:1043", f"vLLM API server version {VLLM_VERSION}")
    vllm_log("api_server.py:1044", f"args: Namespace(host='{args.host}', port={args.port}, model='{args.model}', served_model_name={args.served_model_name!r}, max_model_len={args.max_model_len})")
    vllm_log("config.py:717", "This model supports multiple tasks: {'generate', 'embed', 'classify', 'score', 'reward'}. Defaulting to 'generate'.")
    vllm_log("core.py:58", f"Initializing a V1 LLM engine (v{VLLM_VERSION}) with config: model='{args.model}', served_model_name={served_model}, seed=None")
    vllm_log("gpu_model_runner.py:1329", f"Starting to load model {args.model}...")
    load_seconds = float(os.environ.get("STANDIN_LOAD_SECONDS", "1"))
    time.sleep(load_seconds)
    vllm_log("loader.py:458", f"Loading weights took {load_seconds:.2f} seconds")
    vllm_log("gpu_model_runner.py:1347", f"Model loading took 0.9277 GiB and {load_seconds + 0.05:.2f} seconds")
    vllm_log("api_server.py:1090", f"Starting vLLM API server on http://{args.host}:{args.port}")
    vllm_log("launcher.py:28", "Available routes are:")
    for route in ("/health", "/version", "/v1/models", "/v1/chat/completions", "/metrics"):
        vllm_log("launcher.py:36", f"Route: {route}, Methods: {'POST' if route.endswith('completions') else 'GET'}")


if __name__ == "__main__":
    start_up_lines()
    uvicorn.run(app, host=args.host, port=args.port, log_level="info")
