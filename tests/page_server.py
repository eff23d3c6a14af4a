"""A local HTTP server of saved pages for the link tests: no network, every answer scripted.

Routes: the files of `fixtures/pages/` by name (`/article.html`), a PDF served from memory
(`pdf`), and fault routes: `/missing` (404), `/slow` (answers after `slow_s`), `/trickle` (a
byte every 0.2 s), `/big` (a 6 MB page), `/loop-a` <-> `/loop-b` (a redirect loop),
`/moved` (302 to `/article.html`) and `/to?url=...` (302 to any URL). `requests` lists the
paths asked for.
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Self
from urllib.parse import parse_qs, urlsplit

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        owner = self.server.owner
        parts = urlsplit(self.path)
        owner.requests.append(parts.path)
        route = parts.path
        if route == "/missing":
            self._send(404, b"<html><body><p>Not found</p></body></html>", "text/html")
        elif route == "/slow":
            time.sleep(owner.slow_s)
            self._send(200, (PAGES / "article.html").read_bytes(), "text/html")
        elif route == "/trickle":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(50):
                if owner.closing.is_set():
                    return
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.2)
        elif route == "/big":
            self._send(
                200, b"<html><body>" + b"<p>x</p>" * 800_000 + b"</body></html>", "text/html"
            )
        elif route in ("/loop-a", "/loop-b"):
            self._redirect("/loop-b" if route == "/loop-a" else "/loop-a")
        elif route == "/moved":
            self._redirect("/article.html")
        elif route == "/to":
            self._redirect(parse_qs(parts.query)["url"][0])
        elif route == "/budget.pdf" and owner.pdf is not None:
            self._send(200, owner.pdf, "application/pdf")
        elif (PAGES / route.lstrip("/")).is_file() and "/" not in route.lstrip("/"):
            self._send(200, (PAGES / route.lstrip("/")).read_bytes(), "text/html; charset=utf-8")
        else:
            self._send(404, b"no such page", "text/plain")

    def _send(self, status: int, body: bytes, media: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a size cap): nothing to do

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (signature)
        return


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, owner: PageServer) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.owner = owner


class PageServer:
    """Serve the saved pages on 127.0.0.1 until closed (use as a context manager)."""

    def __init__(self, *, slow_s: float = 3.0, pdf: bytes | None = None) -> None:
        self.slow_s = slow_s
        self.pdf = pdf
        self.requests: list[str] = []
        self.closing = threading.Event()
        self._server = _Server(self)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        """'http://127.0.0.1:PORT'."""
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.closing.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)
