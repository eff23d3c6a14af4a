"""The loopback server speaking OpenAI's Batch API as well: files and batches.

`ScriptedBatchServer` is a `ScriptedLLMServer` that also serves

* ``POST /v1/files`` (multipart upload, ``purpose=batch``), ``GET /v1/files/{id}`` and
  ``GET /v1/files/{id}/content``;
* ``POST /v1/batches``, ``GET /v1/batches/{id}``, ``POST /v1/batches/{id}/cancel``.

A batch runs in a background thread: after ``batch_delay_s`` each request line of its input
file is answered like a live chat request (the scripted queue, else the ``default`` factory,
so `FakeModel` answers batches too) and recorded in ``requests`` with ``method="BATCH"``.
Answers go to the output file; error replies (and hangs or resets, which a batch cannot
serve) go to the error file, as OpenAI does. Faults of the batch API itself are scripted:
``fail_api(ErrorReply(500), ...)`` answers the next files/batches calls with those errors,
``end_batches("failed" | "expired" | "cancelled", ...)`` ends the next batches that way
(an expired batch answers nothing; its requests come back as ``batch_expired`` errors).
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections import deque
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any

from llm_server import (
    ContentReply,
    ErrorReply,
    RecordedRequest,
    ScriptedLLMServer,
    ToolCallReply,
    _error_body,
    _Handler,
    _kind,
)

_FINAL = frozenset({"completed", "failed", "expired", "cancelled"})


class ScriptedBatchServer(ScriptedLLMServer):
    """`ScriptedLLMServer` plus OpenAI's files and batches endpoints."""

    def __init__(self, *, batch_delay_s: float = 0.05, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.batch_delay_s = batch_delay_s
        self.files: dict[str, dict[str, Any]] = {}
        self.batches: dict[str, dict[str, Any]] = {}
        self._contents: dict[str, bytes] = {}
        self._api_faults: deque[ErrorReply] = deque()
        self._endings: deque[str] = deque()
        self._counter = itertools.count(1)
        self._batch_lock = threading.Lock()
        self._workers: list[threading.Thread] = []

    def fail_api(self, *replies: ErrorReply) -> None:
        """Answer the next files/batches API calls with these errors."""
        with self._batch_lock:
            self._api_faults.extend(replies)

    def end_batches(self, *statuses: str) -> None:
        """End the next batches with these statuses instead of running them."""
        with self._batch_lock:
            self._endings.extend(statuses)

    def close(self) -> None:
        """Stop serving and wait for running batches."""
        self._stopping.set()
        for worker in self._workers:
            worker.join(timeout=5)
        super().close()

    # routing ---------------------------------------------------------------------------

    def _route_extra(self, handler: _Handler, method: str, path: str, raw: bytes) -> bool:
        parts = path.strip("/").split("/")
        if parts[:2] not in (["v1", "files"], ["v1", "batches"]):
            return False
        self._record(handler, method, _json_or_none(raw), "batch_api")
        with self._batch_lock:
            fault = self._api_faults.popleft() if self._api_faults else None
        if fault is not None:
            body = fault.body or _error_body(fault.status, "ScriptedBatchServer: scripted fault")
            handler.send_json(fault.status, body, fault.headers)
            return True
        rest = parts[2:]
        if parts[1] == "files":
            self._files_route(handler, method, rest, raw)
        else:
            self._batches_route(handler, method, rest, raw)
        return True

    def _files_route(self, handler: _Handler, method: str, rest: list[str], raw: bytes) -> None:
        if method == "POST" and not rest:
            fields = _multipart(handler.headers.get("Content-Type", ""), raw)
            if "file" not in fields or fields.get("purpose", (None, b""))[1] != b"batch":
                handler.send_json(400, _error_body(400, "need a file and purpose=batch"))
                return
            name, data = fields["file"]
            file_id = f"file-{next(self._counter):06d}"
            self._store(file_id, name or "upload.jsonl", data, "batch")
            handler.send_json(200, self.files[file_id])
        elif method == "GET" and len(rest) == 2 and rest[1] == "content" and rest[0] in self.files:
            _send_bytes(handler, self._contents[rest[0]])
        elif method == "GET" and len(rest) == 1 and rest[0] in self.files:
            handler.send_json(200, self.files[rest[0]])
        else:
            handler.send_json(404, _error_body(404, f"no such file: {'/'.join(rest)}"))

    def _batches_route(self, handler: _Handler, method: str, rest: list[str], raw: bytes) -> None:
        if method == "POST" and not rest:
            body = _json_or_none(raw) or {}
            if body.get("input_file_id") not in self.files:
                handler.send_json(400, _error_body(400, "unknown input_file_id"))
                return
            if body.get("endpoint") != "/v1/chat/completions":
                handler.send_json(400, _error_body(400, "this server batches chat completions"))
                return
            handler.send_json(200, self._start_batch(body))
        elif rest and rest[0] in self.batches:
            batch = self.batches[rest[0]]
            if method == "POST" and rest[1:] == ["cancel"]:
                with self._batch_lock:
                    if batch["status"] not in _FINAL:
                        batch["status"] = "cancelling"
            handler.send_json(200, batch)
        else:
            handler.send_json(404, _error_body(404, f"no such batch: {'/'.join(rest)}"))

    # batches ---------------------------------------------------------------------------

    def _store(self, file_id: str, name: str, data: bytes, purpose: str) -> None:
        self._contents[file_id] = data
        self.files[file_id] = {
            "id": file_id,
            "object": "file",
            "bytes": len(data),
            "created_at": int(time.time()),
            "filename": name,
            "purpose": purpose,
            "status": "processed",
        }

    def _start_batch(self, body: dict[str, Any]) -> dict[str, Any]:
        batch_id = f"batch_{next(self._counter):06d}"
        batch = {
            "id": batch_id,
            "object": "batch",
            "endpoint": body["endpoint"],
            "input_file_id": body["input_file_id"],
            "completion_window": body.get("completion_window", "24h"),
            "status": "validating",
            "created_at": int(time.time()),
            "output_file_id": None,
            "error_file_id": None,
            "errors": None,
            "metadata": body.get("metadata"),
            "request_counts": {"total": 0, "completed": 0, "failed": 0},
        }
        with self._batch_lock:
            self.batches[batch_id] = batch
            ending = self._endings.popleft() if self._endings else None
        worker = threading.Thread(target=self._run_batch, args=(batch, ending), daemon=True)
        self._workers.append(worker)
        worker.start()
        return dict(batch)

    def _run_batch(self, batch: dict[str, Any], ending: str | None) -> None:
        lines = [
            json.loads(line)
            for line in self._contents[batch["input_file_id"]].decode("utf-8").splitlines()
            if line.strip()
        ]
        batch["request_counts"]["total"] = len(lines)
        batch["status"] = "in_progress"
        if self._stopping.wait(self.batch_delay_s):
            return
        if ending == "failed":
            batch["errors"] = {"object": "list", "data": [{"code": "scripted", "message": "x"}]}
            batch["status"] = "failed"
            return
        outputs, errors = [], []
        for line in lines:
            if ending is None and batch["status"] == "cancelling":
                ending = "cancelled"
            if ending is not None:  # expired or cancelled: this request got no answer
                code = "batch_expired" if ending == "expired" else "batch_cancelled"
                errors.append(_error_line(line["custom_id"], None, code, f"batch {ending}"))
                continue
            target = outputs
            entry = self._answer(line)
            if entry["response"]["status_code"] != 200:
                target = errors
            target.append(entry)
        counts = batch["request_counts"]
        counts["completed"], counts["failed"] = len(outputs), len(errors)
        for kind, entries in (("output_file_id", outputs), ("error_file_id", errors)):
            if entries:
                file_id = f"file-{next(self._counter):06d}"
                data = "".join(json.dumps(e) + "\n" for e in entries).encode("utf-8")
                self._store(file_id, f"{batch['id']}_{kind}.jsonl", data, "batch_output")
                batch[kind] = file_id
        batch["status"] = ending or "completed"

    def _answer(self, line: dict[str, Any]) -> dict[str, Any]:
        body = line.get("body") or {}
        reply = self._next_reply(body)
        with self._lock:
            self._requests.append(
                RecordedRequest(
                    index=len(self._requests),
                    method="BATCH",
                    path=line.get("url", ""),
                    body=body,
                    headers={},
                    had_auth=False,
                    timestamp=time.time(),
                    reply_kind=_kind(reply),
                )
            )
        request_id = f"req_{next(self._counter):06d}"
        if isinstance(reply, ToolCallReply | ContentReply):
            payload = self._completion_payload(body, reply)
            response = {"status_code": 200, "request_id": request_id, "body": payload}
            return {"id": request_id, "custom_id": line["custom_id"], "response": response,
                    "error": None}  # fmt: skip
        if isinstance(reply, ErrorReply):
            payload = reply.body or _error_body(reply.status, "ScriptedBatchServer: scripted")
            response = {"status_code": reply.status, "request_id": request_id, "body": payload}
            return {"id": request_id, "custom_id": line["custom_id"], "response": response,
                    "error": None}  # fmt: skip
        return _error_line(line["custom_id"], request_id, "server_error", "no answer (dropped)")


def _error_line(custom_id: str, request_id: str | None, code: str, message: str) -> dict[str, Any]:
    return {
        "id": request_id or f"req_{custom_id}",
        "custom_id": custom_id,
        "response": {"status_code": 500 if code == "server_error" else 0, "body": None},
        "error": {"code": code, "message": message},
    }


def _multipart(content_type: str, raw: bytes) -> dict[str, tuple[str | None, bytes]]:
    """The fields of a multipart/form-data body: name -> (filename, bytes)."""
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + raw)
    fields: dict[str, tuple[str | None, bytes]] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if name:
            payload = part.get_payload(decode=True)
            fields[str(name)] = (
                part.get_filename(),
                payload if isinstance(payload, bytes) else b"",
            )
    return fields


def _json_or_none(raw: bytes) -> Any:
    try:
        return json.loads(raw) if raw else None
    except (ValueError, UnicodeDecodeError):
        return None


def _send_bytes(handler: _Handler, data: bytes) -> None:
    try:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/octet-stream")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)
        handler.wfile.flush()
    except OSError:
        handler.close_connection = True
