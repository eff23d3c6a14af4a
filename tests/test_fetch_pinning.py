"""DNS rebinding: a checked fetch connects to the addresses it checked, not to a second answer.

A stub resolver (`socket.getaddrinfo` monkeypatched for made-up names only) answers an allowed
address first and another address on every later lookup, as a rebinding DNS server would. Two
local servers listen on one port at 127.0.0.1 (standing in for the public page) and 127.0.0.2
(standing in for the server's own network): the request must reach the first, with the name in
its Host header (and, over HTTPS, in its SNI and certificate check), on every redirect hop.
"""

from __future__ import annotations

import datetime
import ipaddress
import socket
import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from summarizer.errors import FetchHttpError, UrlNotAllowedError
from summarizer.inputs.fetch import fetch
from summarizer.inputs.sources import byte_limit

ALLOWED = ipaddress.ip_address("127.0.0.1")  # stands in for a public address
REAL_GETADDRINFO = socket.getaddrinfo


class _Site(ThreadingHTTPServer):
    """One local server: records (Host header, path) and answers with its own name."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], name: str) -> None:
        self.name = name
        self.seen: list[tuple[str, str]] = []
        super().__init__(address, _Handler)


class _Handler(BaseHTTPRequestHandler):
    server: _Site

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.server.seen.append((self.headers.get("Host", ""), self.path))
        if self.path.startswith("/hop/"):
            self.send_response(302)
            self.send_header("Location", "http://" + self.path.removeprefix("/hop/"))
            self.end_headers()
            return
        body = f"<html><body><p>{self.server.name}</p></body></html>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def sites() -> Iterator[tuple[_Site, _Site]]:
    """The page at 127.0.0.1:PORT and the 'internal' server at 127.0.0.2:PORT."""
    page = _Site(("127.0.0.1", 0), "the public page")
    internal = _Site(("127.0.0.2", page.server_address[1]), "internal secret")
    threads = [
        threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        for s in (page, internal)
    ]
    for t in threads:
        t.start()
    yield page, internal
    for s in (page, internal):
        s.shutdown()
        s.server_close()


def _rebinding(monkeypatch: pytest.MonkeyPatch, answers: dict[str, list[str]]) -> list[str]:
    """Answer each made-up name with its first address once, then its second for ever after;
    numeric hosts go to the real resolver. Returns the names looked up, in order."""
    lookups: list[str] = []

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> list[Any]:
        if host not in answers:
            return REAL_GETADDRINFO(host, port, *args, **kwargs)
        seen = lookups.count(host)
        lookups.append(host)
        address = answers[host][min(seen, 1)]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return lookups


def _get(url: str, **kwargs: Any) -> Any:
    return fetch(url, allow_private=False, max_bytes=byte_limit, timeout=10, **kwargs)


def test_the_checked_address_is_the_one_connected_to(
    sites: tuple[_Site, _Site], monkeypatch: pytest.MonkeyPatch
) -> None:
    page, internal = sites
    port = page.server_address[1]
    lookups = _rebinding(monkeypatch, {"news.example": ["127.0.0.1", "127.0.0.2"]})
    fetched = _get(f"http://news.example:{port}/article", address_ok=lambda a: a == ALLOWED)
    assert b"the public page" in fetched.body
    assert page.seen == [(f"news.example:{port}", "/article")]  # the name kept in Host
    assert internal.seen == []
    assert lookups == ["news.example"]  # resolved once: the check's answer is the one used


def test_every_redirect_hop_is_pinned(
    sites: tuple[_Site, _Site], monkeypatch: pytest.MonkeyPatch
) -> None:
    page, internal = sites
    port = page.server_address[1]
    lookups = _rebinding(
        monkeypatch,
        {"news.example": ["127.0.0.1", "127.0.0.2"], "cdn.example": ["127.0.0.1", "127.0.0.2"]},
    )
    fetched = _get(
        f"http://news.example:{port}/hop/cdn.example:{port}/article",
        address_ok=lambda a: a == ALLOWED,
    )
    assert fetched.final_url == f"http://cdn.example:{port}/article"
    assert b"the public page" in fetched.body and internal.seen == []
    assert [host for host, _ in page.seen] == [f"news.example:{port}", f"cdn.example:{port}"]
    assert lookups == ["news.example", "cdn.example"]


def test_a_redirect_to_a_name_that_answers_loopback_is_refused(
    sites: tuple[_Site, _Site], monkeypatch: pytest.MonkeyPatch
) -> None:
    page, internal = sites
    port = page.server_address[1]
    _rebinding(
        monkeypatch,
        {"news.example": ["127.0.0.1", "127.0.0.1"], "evil.example": ["127.0.0.2", "127.0.0.2"]},
    )
    with pytest.raises(UrlNotAllowedError, match="evil.example resolves to 127.0.0.2"):
        _get(
            f"http://news.example:{port}/hop/evil.example:{port}/x",
            address_ok=lambda a: a == ALLOWED,
        )
    assert internal.seen == []


def test_public_first_loopback_second_never_reaches_loopback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With the real address rule: the check sees a public address, the connection goes there
    (refused here, with no network) and never to the loopback answer that follows."""
    lookups = _rebinding(monkeypatch, {"news.example": ["93.184.216.34", "127.0.0.1"]})
    connected: list[tuple[str, int]] = []

    def create_connection(address: tuple[str, int], *args: Any, **kwargs: Any) -> Any:
        connected.append(address)
        raise ConnectionRefusedError(111, "refused by the test")

    monkeypatch.setattr(socket, "create_connection", create_connection)
    with pytest.raises(FetchHttpError, match="cannot reach"):
        _get("http://news.example/article")
    assert connected == [("93.184.216.34", 80)]
    assert lookups == ["news.example"]


def _certificate(tmp_path: Path, name: str) -> tuple[Path, Path]:
    """A self-signed certificate for `name` (also its own CA), and its key."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def _tls(site: _Site, cert: Path, key: Path, snis: list[str | None]) -> None:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)

    def record(sock: ssl.SSLObject, name: str | None, ctx: ssl.SSLContext) -> None:
        snis.append(name)

    context.sni_callback = record  # type: ignore[assignment]
    site.socket = context.wrap_socket(site.socket, server_side=True)


def test_https_keeps_the_name_for_sni_and_the_certificate(
    sites: tuple[_Site, _Site], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    page, internal = sites
    port = page.server_address[1]
    cert, key = _certificate(tmp_path, "news.example")
    snis: list[str | None] = []
    _tls(page, cert, key, snis)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # the client trusts the test's certificate
    _rebinding(monkeypatch, {"news.example": ["127.0.0.1", "127.0.0.2"]})
    fetched = _get(f"https://news.example:{port}/article", address_ok=lambda a: a == ALLOWED)
    assert b"the public page" in fetched.body
    assert snis == ["news.example"] and internal.seen == []
