"""HTTP for the crawler: politeness, retries, redirects, size caps and the cache.

Everything that touches the network is here, behind one call,
:meth:`Fetcher.get`, which either returns a body or raises :class:`FetchFailure`
carrying the diagnostic code and message the crawl reports.  The rules:

* only ``http`` and ``https``, only the allowed hosts (the start URL's host
  and whatever the caller adds), checked again at every redirect hop;
* robots.txt of each host read first and obeyed (RFC 9309: a missing file
  allows everything, an unreachable one forbids everything), its
  ``Crawl-delay`` honoured when longer than ours;
* at most one request per ``delay`` seconds per host, at most ``concurrency``
  requests in flight;
* each response bounded in size (counted after decompression) and in time
  (one deadline for connecting, the headers and the whole body);
* retries with exponential backoff and jitter on timeouts, connection errors,
  truncated bodies, 429 and 5xx, waiting as long as ``Retry-After`` asks;
* conditional requests (``If-None-Match``/``If-Modified-Since``) when the
  cache holds the URL; a 304 serves the stored body.
"""

from __future__ import annotations

import asyncio
import email.utils
import functools
import logging
import random
import socket
import ssl
import time
import urllib.robotparser
from collections.abc import Callable, Iterable, Iterator
from urllib.parse import urljoin, urlsplit

import attrs

from .._version import __version__
from ._cache import CacheEntry, Journal, ResponseCache

try:
    import httpx
except ImportError as error:  # pragma: no cover - exercised without the extra only
    raise ImportError(
        "paperledge.fetch needs httpx, which comes with the 'fetch' extra: "
        "pip install paperledge[fetch]"
    ) from error

__all__ = ["USER_AGENT", "FetchFailure", "Fetched", "Fetcher", "Stats", "host_key"]

logger = logging.getLogger("paperledge")

#: The User-Agent of every request: who we are and where to read about us.
USER_AGENT = f"paperledge/{__version__} (+https://github.com/paperledge/paperledge)"
#: The robots.txt token paperledge obeys (besides ``*``).
ROBOTS_AGENT = "paperledge"

_RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_DEFAULT_PORTS = {"http": 80, "https": 443}
# robots.txt is small; a huge one is a misconfiguration, not a policy.
_ROBOTS_MAX = 512 << 10


class FetchFailure(Exception):
    """A URL could not be fetched; ``code`` is the diagnostic code to report.

    ``partial`` holds what arrived of a body that was cut short, when the
    caller may still make use of it.
    """

    def __init__(
        self,
        code: str,
        message: str,
        *,
        partial: Fetched | None = None,
        status: int | None = None,
        robots: bool = False,
        reason: str | None = None,
    ) -> None:
        super().__init__(message)
        self.robots = robots
        #: The cause alone, without the URL (``connection refused``), when known.
        self.reason = reason
        self.code = code
        self.message = message
        self.partial = partial
        self.status = status


@attrs.frozen(kw_only=True)
class Fetched:
    """A body and where it came from.

    ``origin`` is ``"network"`` (a 200), ``"not-modified"`` (a 304 served from
    the cache) or ``"resumed"`` (taken from the cache without a request).
    """

    url: str
    body: bytes
    content_type: str | None
    origin: str


@attrs.define
class Stats:
    """Counters the progress reports are made of."""

    requests: int = 0
    not_modified: int = 0
    resumed: int = 0
    retries: int = 0
    failures: int = 0
    bytes: int = 0
    started: float = attrs.field(factory=time.monotonic)


def host_key(url: str) -> str | None:
    """``host`` or ``host:port`` (a port only when it is not the scheme's default)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    if port is None or port == _DEFAULT_PORTS[parts.scheme]:
        return host
    return f"{host}:{port}"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - now)


def _causes(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def transport_reason(error: BaseException, url: str) -> str:
    """What went wrong below HTTP, in words: connection refused, DNS, TLS, reset.

    httpx wraps the socket's own error (``ConnectionRefusedError``,
    ``socket.gaierror``, ``ssl.SSLError``) in its exceptions; the first one
    that names a cause wins, else the exception's own text.
    """
    host = urlsplit(url).hostname or url
    for cause in _causes(error):
        if isinstance(cause, ConnectionRefusedError):
            return f"connection refused by {host}"
        if isinstance(cause, socket.gaierror):
            return f"DNS lookup of {host} failed ({cause.strerror or cause})"
        if isinstance(cause, ssl.SSLCertVerificationError):
            detail = cause.verify_message or cause.reason or str(cause)
            return f"TLS certificate of {host} not accepted ({detail})"
        if isinstance(cause, ssl.SSLError):
            return f"TLS handshake with {host} failed ({cause.reason or cause})"
        if isinstance(cause, ConnectionResetError):
            return f"connection reset by {host}"
        if isinstance(cause, OSError) and cause.errno is not None and cause.strerror:
            return f"{host}: {cause.strerror.lower()}"
    return f"{type(error).__name__}: {error}"


@functools.lru_cache(maxsize=1)
def _tls_context() -> ssl.SSLContext:
    # Loading the CA bundle takes a good part of a second: once per process,
    # not once per crawl.
    return httpx.create_ssl_context()


class _HostClock:
    """The earliest moment the next request to one host may start."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.next = 0.0
        self.lock = asyncio.Lock()

    async def wait_turn(self) -> None:
        loop = asyncio.get_running_loop()
        # The lock makes waiters take turns: each one books the slot after
        # the previous one, so the spacing holds with any concurrency.
        async with self.lock:
            # A loop, not one sleep: a Retry-After may push the slot further
            # out while we wait for it.
            while (pause := self.next - loop.time()) > 0:
                await asyncio.sleep(pause)
            self.next = loop.time() + self.delay

    def hold_off(self, seconds: float) -> None:
        """Start no request to this host for ``seconds`` (a Retry-After)."""
        loop = asyncio.get_running_loop()
        self.next = max(self.next, loop.time() + seconds)


class Fetcher:
    """Polite, bounded, retrying GETs for one crawl (see the module docstring)."""

    def __init__(
        self,
        *,
        allowed_hosts: Iterable[str],
        delay: float,
        concurrency: int,
        timeout: float,
        tries: int,
        backoff: float,
        max_bytes: int,
        max_redirects: int,
        max_retry_after: float,
        user_agent: str,
        cache: ResponseCache | None,
        journal: Journal | None,
        on_event: Callable[[str, str], None],
    ) -> None:
        self.allowed_hosts = {h.lower() for h in allowed_hosts}
        self.delay = delay
        self.timeout = timeout
        self.tries = max(1, tries)
        self.backoff = backoff
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.max_retry_after = max_retry_after
        self.cache = cache
        self.journal = journal
        self.stats = Stats()
        self._on_event = on_event
        self._slots = asyncio.Semaphore(max(1, concurrency))
        self._clocks: dict[str, _HostClock] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self._robots_locks: dict[str, asyncio.Lock] = {}
        # Origins whose robots.txt could not be read, with why.
        self._robots_unreachable: dict[str, FetchFailure] = {}
        self._client = httpx.AsyncClient(
            headers={"User-Agent": user_agent},
            follow_redirects=False,  # followed by hand, to check every hop
            timeout=httpx.Timeout(timeout),
            trust_env=False,  # no proxies or netrc from the environment
            verify=_tls_context(),
        )

    async def aclose(self) -> None:
        """Close the connections."""
        await self._client.aclose()

    def allowed(self, url: str) -> bool:
        """Whether ``url`` is http(s) on one of the allowed hosts."""
        key = host_key(url)
        return key is not None and key in self.allowed_hosts

    def _clock(self, host: str) -> _HostClock:
        clock = self._clocks.get(host)
        if clock is None:
            clock = self._clocks[host] = _HostClock(self.delay)
        return clock

    # -- robots.txt ----------------------------------------------------------

    async def _rules(self, url: str) -> urllib.robotparser.RobotFileParser:
        origin = _origin(url)
        lock = self._robots_locks.setdefault(origin, asyncio.Lock())
        async with lock:
            rules = self._robots.get(origin)
            if rules is None:
                rules = self._robots[origin] = await self._read_robots(origin)
        return rules

    async def _read_robots(self, origin: str) -> urllib.robotparser.RobotFileParser:
        rules = urllib.robotparser.RobotFileParser(f"{origin}/robots.txt")
        try:
            fetched = await self._get(f"{origin}/robots.txt", "text/plain", _ROBOTS_MAX)
        except FetchFailure as failure:
            if failure.code == "fetch-status" and 400 <= (failure.status or 0) < 500:
                # RFC 9309 2.3.1.3: a 4xx robots.txt means no rules at all.
                rules.parse([])
            else:
                logger.info("robots.txt of %s unreachable: %s", origin, failure.message)
                self._robots_unreachable[origin] = failure
                rules.parse(["User-agent: *", "Disallow: /"])
            return rules
        rules.parse(fetched.body.decode("utf-8", "replace").splitlines())
        delay = rules.crawl_delay(ROBOTS_AGENT)
        host = host_key(origin)
        if delay is not None and float(delay) > self.delay and host is not None:
            clock = self._clock(host)
            clock.delay = float(delay)
            # The robots.txt request itself booked the next slot with our
            # shorter delay: push it out to the one the site asks for.
            clock.hold_off(float(delay))
        return rules

    # -- GET ------------------------------------------------------------------

    async def get(self, url: str, accept: str) -> Fetched:
        """The body of ``url``, following allowed redirects, or :class:`FetchFailure`."""
        if not self.allowed(url):
            raise FetchFailure("fetch-refused", f"{url} is not on an allowed http(s) host")
        if self.journal is not None and self.cache is not None and url in self.journal.done:
            entry = self.cache.get(url)
            if entry is not None:
                self.stats.resumed += 1
                return Fetched(
                    url=entry.location or url,
                    body=entry.body,
                    content_type=entry.content_type,
                    origin="resumed",
                )
        rules = await self._rules(url)
        if not rules.can_fetch(ROBOTS_AGENT, url):
            unreachable = self._robots_unreachable.get(_origin(url))
            if unreachable is not None and unreachable.status is None:
                # The host itself could not be reached (refused, DNS, TLS, a
                # timeout): that is the cause to name, not robots.txt.
                reason = unreachable.reason or unreachable.message
                raise FetchFailure(
                    "fetch-failed",
                    f"{url}: {reason} (while reading its robots.txt)",
                    robots=True,
                    reason=reason,
                )
            if unreachable is not None:
                raise FetchFailure(
                    "fetch-refused",
                    f"robots.txt of {_origin(url)} could not be read ({unreachable.reason}), "
                    f"which forbids {url}",
                    robots=True,
                    reason=unreachable.reason,
                )
            raise FetchFailure("fetch-refused", f"robots.txt forbids {url}", robots=True)
        fetched = await self._get(url, accept, self.max_bytes, rules=rules)
        if self.journal is not None:
            self.journal.record(url)
        return fetched

    async def _get(
        self,
        url: str,
        accept: str,
        limit: int,
        *,
        rules: urllib.robotparser.RobotFileParser | None = None,
    ) -> Fetched:
        seen = [url]
        current = url
        while True:
            response = await self._retrying(current, accept, limit)
            if isinstance(response, Fetched):
                if self.cache is not None and current != url and response.origin == "network":
                    # Remember the body under the first URL too, so a resumed
                    # crawl finds it where it looks.
                    self._store(url, response.body, response.content_type, location=response.url)
                return response
            location = response
            target = urljoin(current, location)
            if target in seen:
                chain = " -> ".join([*seen, target])
                raise FetchFailure("fetch-redirect", f"redirect loop: {chain}")
            if len(seen) > self.max_redirects:
                raise FetchFailure(
                    "fetch-redirect", f"more than {self.max_redirects} redirects from {url}"
                )
            if not self.allowed(target):
                raise FetchFailure(
                    "fetch-refused", f"{current} redirects off the allowed hosts, to {target}"
                )
            if rules is not None and not (await self._rules(target)).can_fetch(
                ROBOTS_AGENT, target
            ):
                raise FetchFailure("fetch-refused", f"robots.txt forbids {target}", robots=True)
            seen.append(target)
            current = target

    def _store(
        self,
        url: str,
        body: bytes,
        content_type: str | None,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        location: str | None = None,
    ) -> None:
        if self.cache is None:
            return
        try:
            self.cache.put(
                CacheEntry(
                    url=url,
                    body=body,
                    content_type=content_type,
                    etag=etag,
                    last_modified=last_modified,
                    stored=time.time(),
                    location=location,
                )
            )
        except OSError as error:
            # A full disk must not stop the crawl; the next run just refetches.
            logger.warning("cannot store %s in the cache: %s", url, error)

    async def _retrying(self, url: str, accept: str, limit: int) -> Fetched | str:
        """One URL, retried: a body, or the ``Location`` of a redirect."""
        host = host_key(url) or ""
        entry = self.cache.get(url) if self.cache is not None else None
        partial: Fetched | None = None
        reason = ""
        status: int | None = None
        for attempt in range(self.tries):
            if attempt:
                self.stats.retries += 1
                self._on_event("retry", url)
            wait: float | None = None
            try:
                result = await self._once(url, accept, limit, entry)
            except _Retry as retry:
                reason = retry.reason
                status = retry.status
                wait = retry.after
                partial = retry.partial or partial
            else:
                return result
            if attempt + 1 >= self.tries:
                break
            if wait is not None:
                if wait > self.max_retry_after:
                    reason += f" (Retry-After {wait:.0f} s is more than we wait)"
                    break
                self._clock(host).hold_off(wait)
            else:
                # Exponential backoff with full jitter around it, so clients
                # that failed together do not come back together.
                wait = self.backoff * (2**attempt) * random.uniform(0.5, 1.5)
                await asyncio.sleep(min(wait, 60.0))
            logger.debug("retrying %s in %.2f s: %s", url, wait, reason)
        self.stats.failures += 1
        tries = f"{self.tries} tries" if self.tries > 1 else "1 try"
        if partial is not None:
            raise FetchFailure(
                "fetch-truncated",
                f"{url}: {reason}, after {tries}",
                partial=partial,
                reason=reason,
                status=status,
            )
        raise FetchFailure(
            "fetch-failed", f"{url}: {reason}, after {tries}", reason=reason, status=status
        )

    async def _once(
        self, url: str, accept: str, limit: int, entry: CacheEntry | None
    ) -> Fetched | str:
        headers = {"Accept": accept}
        if entry is not None:
            headers.update(entry.validators())
        host = host_key(url) or ""
        # A slot first, then the host's turn: taking the turn first would let
        # requests that queued for a slot start together once slots free up.
        async with self._slots:
            await self._clock(host).wait_turn()
            self.stats.requests += 1
            self._on_event("request", url)
            try:
                # One deadline for the whole exchange: httpx's timeouts bound
                # each read, and a server trickling bytes would pass them all.
                return await asyncio.wait_for(
                    self._exchange(url, headers, limit, entry), self.timeout
                )
            except (TimeoutError, asyncio.TimeoutError):
                raise _Retry(f"no complete response within {self.timeout:g} s") from None
            except httpx.TimeoutException:
                raise _Retry(f"no complete response within {self.timeout:g} s") from None
            except httpx.TransportError as error:
                raise _Retry(transport_reason(error, url)) from None

    async def _exchange(
        self, url: str, headers: dict[str, str], limit: int, entry: CacheEntry | None
    ) -> Fetched | str:
        async with self._client.stream("GET", url, headers=headers) as response:
            status: int = response.status_code
            if status in _REDIRECT_STATUSES:
                location: str | None = response.headers.get("Location")
                if not location:
                    raise FetchFailure("fetch-redirect", f"{url}: {status} without a Location")
                return location
            if status == 304 and entry is not None:
                self.stats.not_modified += 1
                return Fetched(
                    url=url,
                    body=entry.body,
                    content_type=entry.content_type,
                    origin="not-modified",
                )
            if status in _RETRY_STATUSES or status >= 500:
                after = _retry_after(response.headers.get("Retry-After"), time.time())
                raise _Retry(
                    f"HTTP {status} {response.reason_phrase}".rstrip(), after=after, status=status
                )
            if status != 200:
                raise FetchFailure(
                    "fetch-status",
                    f"{url}: HTTP {status} {response.reason_phrase}".rstrip(),
                    status=status,
                )
            content_type = response.headers.get("Content-Type")
            declared = response.headers.get("Content-Length", "")
            if (
                declared.isdigit()
                and int(declared) > limit
                and "Content-Encoding" not in (response.headers)
            ):
                raise FetchFailure(
                    "fetch-too-large", f"{url}: {declared} bytes, more than the {limit} allowed"
                )
            chunks: list[bytes] = []
            size = 0
            try:
                async for chunk in response.aiter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise FetchFailure(
                            "fetch-too-large", f"{url}: more than the {limit} bytes allowed"
                        )
                    chunks.append(chunk)
            except (httpx.RemoteProtocolError, httpx.ReadError) as error:
                partial = Fetched(
                    url=url, body=b"".join(chunks), content_type=content_type, origin="network"
                )
                raise _Retry(f"body cut short ({size} bytes): {error}", partial=partial) from None
            body = b"".join(chunks)
            self.stats.bytes += len(body)
            self._store(
                url,
                body,
                content_type,
                etag=response.headers.get("ETag"),
                last_modified=response.headers.get("Last-Modified"),
            )
            return Fetched(url=url, body=body, content_type=content_type, origin="network")


class _Retry(Exception):
    """A failure worth another try."""

    def __init__(
        self,
        reason: str,
        *,
        after: float | None = None,
        partial: Fetched | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.after = after
        self.partial = partial
        self.status = status
