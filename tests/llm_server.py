"""A scripted, dependency-free HTTP server speaking the OpenAI chat-completions protocol.

No machine that runs the test suite can reach a real LLM API, so the LLM engine is
exercised end to end against this server on loopback: the real ``openai`` client and
``instructor`` send real HTTP requests, and the server answers with replies that a test
scripted in advance (or computed from the request by a ``default`` factory).

Example::

    with ScriptedLLMServer() as server:
        server.enqueue(ToolCallReply({"title": "x"}), ErrorReply(429, headers={"Retry-After": "1"}))
        client = openai.OpenAI(base_url=server.base_url, api_key="sk-test", max_retries=0)
        ...
        assert server.requests[0].body["model"] == "gpt-test"

Endpoints: ``POST /v1/chat/completions`` (``stream: false`` only) and ``GET /v1/models``.
Everything else is a 404 with an OpenAI-shaped error body.

Reply kinds (one queued reply is consumed per chat-completions request):

* :class:`ToolCallReply` -- an assistant message with one function tool call.
* :class:`ContentReply` -- an assistant message with plain content (JSON modes).
* :class:`ErrorReply` -- an HTTP error status with an OpenAI-shaped error body.
* :class:`HangReply` -- wait (to exceed a client timeout), then drop the connection.
* :class:`ResetReply` -- drop the connection abruptly (TCP RST), no response at all.

The ``Authorization`` header is never stored: each :class:`RecordedRequest` only keeps a
boolean ``had_auth``, and the other stored headers exclude every credential-like header.
"""

from __future__ import annotations

import itertools
import json
import math
import socket
import struct
import threading
import time
import traceback
import uuid
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self

__all__ = [
    "ContentReply",
    "DefaultFactory",
    "ErrorReply",
    "HangReply",
    "RecordedRequest",
    "Reply",
    "ResetReply",
    "ScriptedLLMServer",
    "ToolCallReply",
    "estimate_tokens",
]

MODEL_ID = "scripted-llm"
"""The id of the single model listed by ``GET /v1/models``."""

_SECRET_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "api-key", "x-api-key", "openai-api-key", "cookie"}
)
_FINISH_REASONS = frozenset({"stop", "length", "tool_calls", "content_filter", "function_call"})
_ERROR_TYPES: Mapping[int, tuple[str, str]] = {
    400: ("invalid_request_error", "bad_request"),
    401: ("invalid_request_error", "invalid_api_key"),
    403: ("invalid_request_error", "permission_denied"),
    404: ("invalid_request_error", "not_found"),
    408: ("timeout", "request_timeout"),
    409: ("invalid_request_error", "conflict"),
    422: ("invalid_request_error", "unprocessable_entity"),
    429: ("requests", "rate_limit_exceeded"),
}


# --------------------------------------------------------------------------- replies


@dataclass(frozen=True)
class ToolCallReply:
    """Answer with one function tool call (``finish_reason="tool_calls"``).

    ``arguments`` is sent verbatim when it is a string (so a test can send malformed JSON)
    and JSON-encoded when it is a dict. ``name`` defaults to the tool forced by the request's
    ``tool_choice``, else the first declared tool.
    """

    arguments: str | dict[str, Any]
    name: str | None = None
    finish_reason: str = "tool_calls"


@dataclass(frozen=True)
class ContentReply:
    """Answer with plain assistant content; ``finish_reason="length"`` mimics truncation."""

    content: str
    finish_reason: str = "stop"


@dataclass(frozen=True)
class ErrorReply:
    """Answer with HTTP ``status``; ``body`` defaults to an OpenAI-shaped error object."""

    status: int
    body: dict[str, Any] | None = None
    headers: dict[str, str] | None = None


@dataclass(frozen=True)
class HangReply:
    """Wait ``seconds`` (cut short when the server shuts down), then close without answering.

    If ``then`` is given, serve that reply after the wait instead of closing (a slow reply).
    """

    seconds: float
    then: Reply | None = None


@dataclass(frozen=True)
class ResetReply:
    """Close the connection abruptly (RST) without sending any response."""


Reply = ToolCallReply | ContentReply | ErrorReply | HangReply | ResetReply
DefaultFactory = Callable[[dict[str, Any]], Reply]
"""Computes a reply from the request body when the scripted queue is empty."""

_REPLY_TYPES = (ToolCallReply, ContentReply, ErrorReply, HangReply, ResetReply)


@dataclass(frozen=True)
class RecordedRequest:
    """One request the server received, as seen on the wire (minus credentials)."""

    index: int
    method: str
    path: str
    body: dict[str, Any] | None
    headers: dict[str, str] = field(repr=False)
    had_auth: bool
    timestamp: float
    reply_kind: str
    """``tool_call``, ``content``, ``error``, ``hang``, ``reset``, ``models``, or ``rejected``."""

    @property
    def messages(self) -> list[dict[str, Any]]:
        """The request's chat messages (empty when there were none)."""
        if self.body is None:
            return []
        messages = self.body.get("messages")
        return messages if isinstance(messages, list) else []


# --------------------------------------------------------------------------- helpers


def estimate_tokens(text: str) -> int:
    """Deterministic token estimate: about one token per four characters, at least one."""
    return max(1, math.ceil(len(text) / 4))


def _message_text(message: Mapping[str, Any]) -> str:
    content = message.get("content")
    parts = [content if isinstance(content, str) else json.dumps(content or "")]
    if message.get("tool_calls"):
        parts.append(json.dumps(message["tool_calls"], sort_keys=True))
    return "".join(parts)


def _prompt_text(body: Mapping[str, Any]) -> str:
    messages = body.get("messages")
    if not isinstance(messages, list):
        return ""
    return "".join(_message_text(m) for m in messages if isinstance(m, Mapping))


def _forced_tool_name(body: Mapping[str, Any]) -> str | None:
    choice = body.get("tool_choice")
    if isinstance(choice, Mapping):
        function = choice.get("function")
        if isinstance(function, Mapping) and isinstance(function.get("name"), str):
            return function["name"]
        if isinstance(choice.get("name"), str):
            return choice["name"]
    tools = body.get("tools")
    if isinstance(tools, list) and tools and isinstance(tools[0], Mapping):
        function = tools[0].get("function")
        if isinstance(function, Mapping) and isinstance(function.get("name"), str):
            return function["name"]
    return None


def _error_body(status: int, message: str) -> dict[str, Any]:
    err_type, code = _ERROR_TYPES.get(status, ("server_error", "server_error"))
    return {"error": {"message": message, "type": err_type, "param": None, "code": code}}


class _ScriptError(Exception):
    """A scripted reply cannot be served for this request (served as a 500)."""


class _RejectedRequest(Exception):
    """The request is not acceptable (served as a 4xx; consumes no scripted reply)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


# --------------------------------------------------------------------------- HTTP layer


class _Handler(BaseHTTPRequestHandler):
    """Routes requests to the owning :class:`ScriptedLLMServer`."""

    protocol_version = "HTTP/1.1"  # keep-alive, like the real API
    server_version = "ScriptedLLMServer/1.0"
    sys_version = ""
    timeout = 30.0  # backstop: an idle keep-alive connection never pins a thread forever
    server: _HTTPServer

    def setup(self) -> None:
        super().setup()
        self.server.track(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        except OSError:
            pass  # the client went away (or the connection was reset on purpose)
        finally:
            self.server.untrack(self.connection)

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        self.server.owner._handle(self, "GET")

    def do_POST(self) -> None:  # noqa: N802 (http.server naming)
        self.server.owner._handle(self, "POST")

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (signature)
        """Silence the default per-request stderr logging."""

    # helpers used by ScriptedLLMServer._handle -------------------------------------

    def read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def send_json(
        self, status: int, payload: Mapping[str, Any], headers: Mapping[str, str] | None = None
    ) -> None:
        data = json.dumps(payload).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("x-request-id", f"req_{uuid.uuid4().hex[:16]}")
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
            self.wfile.flush()
        except OSError:
            self.close_connection = True  # client hung up (e.g. after its timeout)

    def drop(self, *, reset: bool) -> None:
        """Close the connection without a response; ``reset`` sends a TCP RST."""
        self.close_connection = True
        try:
            if reset:
                self.connection.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                )
            else:
                self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.connection.close()


class _HTTPServer(ThreadingHTTPServer):
    """ThreadingHTTPServer that tracks connections and handler threads for a clean close.

    Handler threads are daemons (a stuck handler can never block interpreter exit), and
    socketserver does not join daemon threads, so this class keeps and joins them itself.
    """

    daemon_threads = True
    allow_reuse_address = False

    def __init__(self, owner: ScriptedLLMServer) -> None:
        self.owner = owner
        self._connections: set[socket.socket] = set()
        self._handler_threads: list[threading.Thread] = []
        self._conn_lock = threading.Lock()
        self._closing = False
        super().__init__(("127.0.0.1", 0), _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        thread = threading.Thread(
            target=self.process_request_thread,
            args=(request, client_address),
            name=f"ScriptedLLMServer-handler:{client_address[1]}",
            daemon=True,
        )
        with self._conn_lock:
            self._handler_threads = [t for t in self._handler_threads if t.is_alive()]
            self._handler_threads.append(thread)
        thread.start()

    def join_handlers(self, timeout: float) -> list[threading.Thread]:
        """Join every handler thread; returns those still alive after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        with self._conn_lock:
            threads = list(self._handler_threads)
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        return [t for t in threads if t.is_alive()]

    def track(self, conn: socket.socket) -> None:
        with self._conn_lock:
            if self._closing:  # accepted just before shutdown: do not let it idle
                _shutdown_quietly(conn)
            self._connections.add(conn)

    def untrack(self, conn: socket.socket) -> None:
        with self._conn_lock:
            self._connections.discard(conn)

    def abort_connections(self) -> None:
        """Shut down every open connection (and any accepted later) to unblock handlers."""
        with self._conn_lock:
            self._closing = True
            connections = list(self._connections)
        for conn in connections:
            _shutdown_quietly(conn)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Record handler crashes instead of printing tracebacks to stderr."""
        self.owner._record_error(traceback.format_exc())


# --------------------------------------------------------------------------- server


class ScriptedLLMServer:
    """A loopback OpenAI-compatible chat-completions server serving scripted replies.

    Args:
        default: Called with the request body when the queue is empty; its reply is served.
            Without it, an empty queue yields a 500 whose message says so.
        latency_s: Extra delay before every reply (for throughput benchmarks).

    Use as a context manager (or call :meth:`start` / :meth:`close`). Thread-safe:
    concurrent requests pop replies from the queue in arrival order.
    """

    def __init__(self, *, default: DefaultFactory | None = None, latency_s: float = 0.0) -> None:
        if latency_s < 0:
            raise ValueError("latency_s must be >= 0")
        self.default = default
        self.latency_s = latency_s
        self._queue: deque[Reply] = deque()
        self._requests: list[RecordedRequest] = []
        self._errors: list[str] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._ids = itertools.count(1)
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # lifecycle ------------------------------------------------------------------------

    def start(self) -> Self:
        """Bind an ephemeral port on 127.0.0.1 and serve in a background thread."""
        if self._httpd is not None:
            raise RuntimeError("server already started")
        self._stopping.clear()
        self._httpd = _HTTPServer(self)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"ScriptedLLMServer:{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop serving, cut short hanging replies, close sockets and join all threads."""
        httpd, thread = self._httpd, self._thread
        if httpd is None:
            return
        self._stopping.set()  # wakes HangReply / latency waits
        httpd.shutdown()  # stops serve_forever (waits for the loop to exit)
        httpd.abort_connections()  # unblocks handlers idling on keep-alive reads
        httpd.server_close()  # closes the listening socket
        stuck = httpd.join_handlers(timeout=5)
        if stuck:
            self._record_error(f"ScriptedLLMServer: handler threads did not stop: {stuck}")
        if thread is not None:
            thread.join(timeout=5)
        self._httpd = self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # public API -----------------------------------------------------------------------

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("server not started")
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        """The URL to pass as ``openai.OpenAI(base_url=...)``."""
        return f"http://127.0.0.1:{self.port}/v1"

    def enqueue(self, *replies: Reply) -> None:
        """Append replies, served one per chat-completions request, in order."""
        for reply in replies:
            if not isinstance(reply, _REPLY_TYPES):
                raise TypeError(f"not a reply: {reply!r}")
        with self._lock:
            self._queue.extend(replies)

    @property
    def pending(self) -> int:
        """How many scripted replies have not been served yet."""
        with self._lock:
            return len(self._queue)

    @property
    def requests(self) -> list[RecordedRequest]:
        """A snapshot of every request received so far, in arrival order."""
        with self._lock:
            return list(self._requests)

    @property
    def chat_requests(self) -> list[RecordedRequest]:
        """Only the chat-completions requests."""
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    @property
    def errors(self) -> list[str]:
        """Handler crashes and failing ``default`` factories (should stay empty)."""
        with self._lock:
            return list(self._errors)

    # request handling -------------------------------------------------------------------

    def _record_error(self, text: str) -> None:
        with self._lock:
            self._errors.append(text)

    def _record(self, handler: _Handler, method: str, body: Any, kind: str) -> RecordedRequest:
        headers = {
            k.lower(): v for k, v in handler.headers.items() if k.lower() not in _SECRET_HEADERS
        }
        with self._lock:
            record = RecordedRequest(
                index=len(self._requests),
                method=method,
                path=handler.path,
                body=body if isinstance(body, dict) else None,
                headers=headers,
                had_auth=bool(handler.headers.get("Authorization")),
                timestamp=time.time(),
                reply_kind=kind,
            )
            self._requests.append(record)
        return record

    def _next_reply(self, body: dict[str, Any]) -> Reply:
        with self._lock:
            if self._queue:
                return self._queue.popleft()
            n_served = sum(1 for r in self._requests if r.path.endswith("/chat/completions"))
        if self.default is None:
            return ErrorReply(
                500,
                _error_body(
                    500,
                    f"ScriptedLLMServer: no scripted reply left for chat request "
                    f"#{n_served + 1} (queue empty and no default factory)",
                ),
            )
        try:
            reply = self.default(body)
        except Exception as exc:  # surfaced to the client and in .errors
            message = f"ScriptedLLMServer: default factory raised {exc!r}"
            self._record_error(message)
            return ErrorReply(500, _error_body(500, message))
        if not isinstance(reply, _REPLY_TYPES):
            message = f"ScriptedLLMServer: default factory returned a non-reply {reply!r}"
            self._record_error(message)
            return ErrorReply(500, _error_body(500, message))
        return reply

    def _route_extra(self, handler: _Handler, method: str, path: str, raw: bytes) -> bool:
        """Serve endpoints a subclass adds (see ``tests/batch_server.py``); False: none here."""
        return False

    def _handle(self, handler: _Handler, method: str) -> None:
        path = handler.path.split("?", 1)[0].rstrip("/")
        raw = handler.read_body() if method == "POST" else b""
        if self._route_extra(handler, method, path, raw):
            return

        if method == "GET" and path == "/v1/models":
            self._record(handler, method, None, "models")
            handler.send_json(200, self._models_payload())
            return
        if method != "POST" or path != "/v1/chat/completions":
            self._record(handler, method, None, "rejected")
            message = f"ScriptedLLMServer: unknown endpoint {method} {handler.path}"
            handler.send_json(404, _error_body(404, message))
            return

        try:
            body = self._parse_chat_body(raw)
        except _RejectedRequest as exc:
            parsed = _try_json(raw)
            self._record(handler, method, parsed, "rejected")
            handler.send_json(exc.status, _error_body(exc.status, str(exc)))
            return

        reply = self._next_reply(body)
        self._record(handler, method, body, _kind(reply))
        if self.latency_s and self._stopping.wait(self.latency_s):
            handler.drop(reset=False)
            return
        self._serve(handler, body, reply)

    def _serve(self, handler: _Handler, body: dict[str, Any], reply: Reply) -> None:
        if isinstance(reply, ResetReply):
            handler.drop(reset=True)
        elif isinstance(reply, HangReply):
            if self._stopping.wait(reply.seconds) or reply.then is None:
                handler.drop(reset=False)
            else:
                self._serve(handler, body, reply.then)
        elif isinstance(reply, ErrorReply):
            payload = reply.body
            if payload is None:
                phrase = _status_phrase(reply.status)
                payload = _error_body(reply.status, f"ScriptedLLMServer: scripted {phrase}")
            handler.send_json(reply.status, payload, reply.headers)
        else:
            try:
                payload = self._completion_payload(body, reply)
            except _ScriptError as exc:
                self._record_error(str(exc))
                handler.send_json(500, _error_body(500, str(exc)))
                return
            handler.send_json(200, payload)

    # payloads -----------------------------------------------------------------------------

    @staticmethod
    def _parse_chat_body(raw: bytes) -> dict[str, Any]:
        body = _try_json(raw)
        if not isinstance(body, dict):
            raise _RejectedRequest(400, "ScriptedLLMServer: request body must be a JSON object")
        if body.get("stream"):
            raise _RejectedRequest(
                400, "ScriptedLLMServer: stream=true is not supported (send stream=false)"
            )
        if not isinstance(body.get("model"), str) or not body["model"]:
            raise _RejectedRequest(400, "ScriptedLLMServer: 'model' is required")
        if not isinstance(body.get("messages"), list) or not body["messages"]:
            raise _RejectedRequest(400, "ScriptedLLMServer: 'messages' must be a non-empty list")
        return body

    @staticmethod
    def _models_payload() -> dict[str, Any]:
        return {
            "object": "list",
            "data": [{"id": MODEL_ID, "object": "model", "created": 0, "owned_by": "tests"}],
        }

    def _completion_payload(
        self, body: dict[str, Any], reply: ToolCallReply | ContentReply
    ) -> dict[str, Any]:
        if reply.finish_reason not in _FINISH_REASONS:
            raise _ScriptError(f"ScriptedLLMServer: invalid finish_reason {reply.finish_reason!r}")
        message: dict[str, Any]
        if isinstance(reply, ToolCallReply):
            name = reply.name or _forced_tool_name(body)
            if name is None:
                raise _ScriptError(
                    "ScriptedLLMServer: ToolCallReply has no name and the request "
                    "declared no tools / tool_choice"
                )
            arguments = (
                reply.arguments if isinstance(reply.arguments, str) else json.dumps(reply.arguments)
            )
            call_id = f"call_{next(self._ids):06d}"
            message = {
                "role": "assistant",
                "content": None,
                "refusal": None,
                "tool_calls": [
                    {
                        "id": call_id,
                        "type": "function",
                        "function": {"name": name, "arguments": arguments},
                    }
                ],
            }
            completion_text = name + arguments
        else:
            message = {"role": "assistant", "content": reply.content, "refusal": None}
            completion_text = reply.content
        prompt_tokens = estimate_tokens(_prompt_text(body))
        completion_tokens = estimate_tokens(completion_text)
        return {
            "id": f"chatcmpl-scripted-{next(self._ids):06d}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body["model"],
            "system_fingerprint": "fp_scripted",
            "choices": [
                {
                    "index": 0,
                    "message": message,
                    "logprobs": None,
                    "finish_reason": reply.finish_reason,
                }
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        }


def _shutdown_quietly(conn: socket.socket) -> None:
    try:
        conn.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def _try_json(raw: bytes) -> Any:
    try:
        return json.loads(raw) if raw else None
    except (ValueError, UnicodeDecodeError):
        return None


def _kind(reply: Reply) -> str:
    return {
        ToolCallReply: "tool_call",
        ContentReply: "content",
        ErrorReply: "error",
        HangReply: "hang",
        ResetReply: "reset",
    }[type(reply)]


def _status_phrase(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def engine_settings(server: ScriptedLLMServer, api_key: str, **overrides: Any) -> dict[str, Any]:
    """The LLM engine's settings for a run against `server`: no cache and no few-shot examples
    (every request reaches the script), quick retries and one re-ask; `overrides` win."""
    return {
        "engine": "llm",
        "model": "scripted-llm",
        "base_url": server.base_url,
        "api_key": api_key,
        "cache": False,
        "examples": False,
        "timeout": 1.0,
        "transport_retries": 1,
        "max_retry_wait": 0.05,
        "max_reasks": 1,
    } | overrides
