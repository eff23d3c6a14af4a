"""Fetching a URL for the summarizer: an I/O edge, never imported by the core.

`fetch(url)` GETs one http(s) URL with a deadline and a size cap and follows redirects by hand,
one hop at a time, so that each hop is checked before it is requested: with
`allow_private=False` (the page, which runs on a server) a host that resolves to a loopback,
private, link-local or otherwise non-global address is refused, on the first URL and on every
redirect. The CLI, run by a user on their own machine, allows them.

Each hop's name is resolved once: the addresses checked are the addresses connected to (the
request keeps the name in its Host header, and HTTPS its SNI and certificate check), so a DNS
answer that changes between the check and the connection (DNS rebinding) cannot send the
request elsewhere. A checked fetch connects directly: proxies from the environment would
resolve the name again themselves, so they are not used for it.

Written on the standard library's `urllib` and `http.client`: the per-hop checks need
redirects handled here anyway, the rest is a plain GET, and pinning the address takes one
connection hook (`_PinnedHTTPConnection`), which no higher-level client offers more simply.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from http.client import HTTPException, HTTPResponse
from urllib.parse import urljoin, urlsplit

from summarizer.errors import (
    FetchHttpError,
    FetchTimeoutError,
    InputTooLargeError,
    RedirectLoopError,
    UrlNotAllowedError,
)

DEFAULT_TIMEOUT_S = 15.0
MAX_REDIRECTS = 5
_CHUNK = 65536
_HEADERS = {
    "User-Agent": "summarizer/0.1 (+article summarizer; one request per article)",
    "Accept": "text/html,application/xhtml+xml,application/pdf;q=0.9,text/plain;q=0.8,*/*;q=0.1",
}


@dataclass(frozen=True)
class Fetched:
    """A fetched response: the URL asked for, where it ended, its type and its body."""

    url: str
    final_url: str
    content_type: str  # media type only, lower case: 'text/html', 'application/pdf'
    charset: str | None
    body: bytes


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Hand every 3xx back to `fetch`, which checks the next hop before following it."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def is_public(address: IPAddress) -> bool:
    """True for a globally routable address; False for loopback, private (10/8, 172.16/12,
    192.168/16, fc00::/7), link-local (169.254/16, fe80::/10), shared, reserved, multicast or
    unspecified ones, and for IPv6 forms of those IPv4 addresses."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def check_url(
    url: str, *, allow_private: bool, address_ok: Callable[[IPAddress], bool] = is_public
) -> tuple[str, ...]:
    """Refuse anything but an http(s) URL with a host, and, unless `allow_private`, a host
    that resolves to any address `address_ok` refuses (by default every non-public one).

    Returns:
        The addresses checked, in the resolver's order, for the connection to use (the name
        is resolved once); empty when `allow_private` (nothing resolved, nothing pinned).

    Raises:
        UrlNotAllowedError: saying which rule the URL breaks.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UrlNotAllowedError(f"not an http(s) URL: {url!r}")
    if allow_private:
        return ()
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, ValueError) as exc:
        raise FetchHttpError(f"cannot resolve {parts.hostname}: {exc}") from exc
    addresses: list[str] = []
    for info in infos:
        raw = str(info[4][0])
        address = ipaddress.ip_address(raw.split("%", 1)[0])
        if not address_ok(address):
            raise UrlNotAllowedError(
                f"{parts.hostname} resolves to {address}, a loopback, private or link-local "
                "address: this server does not fetch those (its operator can allow them)"
            )
        if raw not in addresses:
            addresses.append(raw)
    if not addresses:
        raise FetchHttpError(f"cannot resolve {parts.hostname}: no address")
    return tuple(addresses)


def _connect_to(
    addresses: Sequence[str],
    address: tuple[str, int],
    timeout: float | None = None,
    source_address: tuple[str, int] | None = None,
) -> socket.socket:
    """`socket.create_connection` to the checked addresses in turn, never to the name."""
    failure = OSError(f"no checked address to connect to for {address[0]}")
    for ip in addresses:
        try:
            return socket.create_connection((ip, address[1]), timeout, source_address)
        except OSError as exc:
            failure = exc
    raise failure


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection to the checked addresses of its host, which keeps the name.

    `http.client` opens its socket through the `_create_connection` attribute it sets in
    `__init__` (its test hook, unchanged since Python 3.2); setting it here is the one change.
    """

    def __init__(self, host: str, *, addresses: Sequence[str], **kwargs: object) -> None:
        super().__init__(host, **kwargs)  # type: ignore[arg-type]
        self._create_connection = partial(_connect_to, tuple(addresses))


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """As `_PinnedHTTPConnection`, over TLS: SNI and the certificate are checked for the name."""

    def __init__(self, host: str, *, addresses: Sequence[str], **kwargs: object) -> None:
        super().__init__(host, **kwargs)  # type: ignore[arg-type]
        self._create_connection = partial(_connect_to, tuple(addresses))


class _PinnedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, addresses: Sequence[str]) -> None:
        super().__init__()
        self._addresses = tuple(addresses)

    def http_open(self, req: urllib.request.Request) -> HTTPResponse:
        connection = partial(_PinnedHTTPConnection, addresses=self._addresses)
        return self.do_open(connection, req)  # type: ignore[arg-type]


class _PinnedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, addresses: Sequence[str]) -> None:
        super().__init__()
        self._addresses = tuple(addresses)

    def https_open(self, req: urllib.request.Request) -> HTTPResponse:
        connection = partial(_PinnedHTTPSConnection, addresses=self._addresses)
        return self.do_open(connection, req, context=self._context)  # type: ignore[arg-type,attr-defined]


def _opener(addresses: Sequence[str]) -> urllib.request.OpenerDirector:
    """The plain opener, or one whose connections go only to `addresses`, with no proxy."""
    if not addresses:
        return _OPENER
    return urllib.request.build_opener(
        _NoRedirects,
        urllib.request.ProxyHandler({}),
        _PinnedHTTPHandler(addresses),
        _PinnedHTTPSHandler(addresses),
    )


def fetch(
    url: str,
    *,
    allow_private: bool,
    timeout: float = DEFAULT_TIMEOUT_S,
    max_bytes: Callable[[str], int],
    max_redirects: int = MAX_REDIRECTS,
    address_ok: Callable[[IPAddress], bool] = is_public,
) -> Fetched:
    """GET `url`, following at most `max_redirects` redirects, within `timeout` seconds in all.

    `max_bytes` gives the size cap of a body of each media type ('text/html' -> 5 MB).
    Unless `allow_private`, every hop's host must resolve only to addresses `address_ok`
    accepts (by default, public ones), and the hop connects to those addresses only.

    Raises:
        UrlNotAllowedError: not http(s), or a refused address (first URL or a redirect).
        FetchTimeoutError: no complete answer within `timeout`.
        FetchHttpError: an HTTP error status, or the host cannot be reached.
        RedirectLoopError: a redirect back to a URL already visited, or too many.
        InputTooLargeError: a body over its type's cap.
    """
    deadline = time.monotonic() + timeout
    visited: list[str] = []
    current = url.strip()
    while True:
        addresses = check_url(current, allow_private=allow_private, address_ok=address_ok)
        if current in visited:
            raise RedirectLoopError(f"{url} redirects in a loop (back to {current})")
        if len(visited) > max_redirects:
            raise RedirectLoopError(f"{url} redirects more than {max_redirects} times")
        visited.append(current)
        request = urllib.request.Request(current, headers=_HEADERS)
        try:
            opener = _opener(addresses)
            with opener.open(request, timeout=_remaining(deadline, url)) as response:
                media = response.headers.get_content_type().lower()
                body = _read_capped(response, deadline, max_bytes(media), url)
                return Fetched(
                    url=url,
                    final_url=current,
                    content_type=media,
                    charset=response.headers.get_content_charset(),
                    body=body,
                )
        except urllib.error.HTTPError as exc:
            location = exc.headers.get("Location") if 300 <= exc.code < 400 else None
            exc.close()
            if location:
                current = urljoin(current, location)
                continue
            raise FetchHttpError(f"{current} answered HTTP {exc.code} {exc.reason}") from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError | socket.timeout):
                raise _timed_out(url, timeout) from None
            raise FetchHttpError(f"cannot reach {current}: {exc.reason}") from None
        except TimeoutError:
            raise _timed_out(url, timeout) from None
        except (HTTPException, ConnectionError) as exc:
            raise FetchHttpError(f"{current}: the connection failed ({exc!r})") from None


def _remaining(deadline: float, url: str) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchTimeoutError(f"{url} did not answer in time")
    return left


def _timed_out(url: str, timeout: float) -> FetchTimeoutError:
    return FetchTimeoutError(f"{url} did not answer within {timeout:g} s")


def _read_capped(response: HTTPResponse, deadline: float, max_bytes: int, url: str) -> bytes:
    """The body, read in chunks against the deadline (a server trickling bytes is cut off)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        _remaining(deadline, url)
        chunk = response.read1(_CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise InputTooLargeError(
                f"{url} sends more than {max_bytes:,} bytes, the limit for this kind of page"
            )
        chunks.append(chunk)
