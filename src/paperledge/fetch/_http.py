"""HTTP for the crawler: politeness, retries, redirects, size caps and the cache.

Everything that touches the network is here, behind one call,
:meth:`Fetcher.get`, which either returns a body or raises :class:`FetchFailure`
carrying the diagnostic code and message the crawl reports.  The rules:

* only ``http`` and ``https``, only the allowed hosts (the start URL's host
  and whatever the caller adds), checked again at every redirect hop;
* robots.txt of each host read first and obeyed (RFC 9309, see
  :mod:`._robots`: a missing file allows everything, an unreachable one
  forbids everything), its ``Crawl-delay`` honoured when longer than ours;
* at most one request per ``delay`` seconds per host, at most ``concurrency``
  requests in flight;
* each response bounded in size (counted after decompression, which goes
  in bounded steps: see :mod:`._body`) and in time (one deadline for
  connecting, the headers and the whole body);
* retries with exponential backoff and jitter on timeouts, connection errors,
  truncated bodies, 429 and 5xx, waiting as long as ``Retry-After`` asks;
* conditional requests (``If-None-Match``/``If-Modified-Since``) when the
  cache holds the URL; a 304 serves the stored body.
"""

from __future__ import annotations

import asyncio
import functools
import io
import logging
import random
import ssl
import time
from collections.abc import Callable, Iterable
from urllib.parse import urljoin

from .._version import __version__
from ._body import (
    ACCEPT_ENCODING,
    BodyCorrupt,
    BodyTooLarge,
    Decoder,
    UnsupportedEncoding,
    read_bounded,
)
from ._cache import CacheEntry, Journal, ResponseCache, UnsafePath
from ._hosts import HostClock, host_key, origin
from ._outcomes import (
    Fetched,
    FetchFailure,
    Retry,
    Stats,
    header_number,
    retry_after,
    transport_reason,
    why,
)
from ._robots import FORBID_ALL, NO_RULES, ROBOTS_MAX, Robots, parse_robots

try:
    import httpx
except ImportError as error:  # pragma: no cover - exercised without the extra only
    raise ImportError(
        "paperledge.fetch needs httpx, which comes with the 'fetch' extra: "
        "pip install paperledge[fetch]"
    ) from error

__all__ = ["USER_AGENT", "FetchFailure", "Fetched", "Fetcher", "Stats", "host_key"]

logger = logging.getLogger("paperledge")

USER_AGENT = f"paperledge/{__version__} (+https://github.com/paperledge/paperledge)"
"""The User-Agent of every request: who we are and where to read about us."""

_RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Where a redirect's Location is kept, out of httpx's sight (see _hide_location).
_LOCATION = "X-Paperledge-Location"


async def _hide_location(response: httpx.Response) -> None:
    """Move a redirect's Location out of httpx's sight.

    httpx builds the next request of a redirect even with redirects off, and
    a Location it cannot parse (``data:``, ``mailto:``, ``http://[``) raises
    out of the request itself.  Redirects are followed by hand here, each
    target checked (:meth:`Fetcher._get`): httpx need not read it at all.
    """
    location = response.headers.get("Location")
    if location is not None:
        del response.headers["Location"]
        response.headers[_LOCATION] = location


@functools.lru_cache(maxsize=1)
def _tls_context() -> ssl.SSLContext:
    # Loading the CA bundle takes a good part of a second: once per process,
    # not once per crawl.
    return httpx.create_ssl_context()


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
        on_problem: Callable[[str, str, str], None] | None = None,
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
        self._on_problem = on_problem
        # Causes of failed cache writes already reported (a full disk once,
        # not once per page).
        self._store_failures: set[str] = set()
        self._slots = asyncio.Semaphore(max(1, concurrency))
        self._clocks: dict[str, HostClock] = {}
        self._robots: dict[str, Robots] = {}
        self._robots_locks: dict[str, asyncio.Lock] = {}
        # Origins whose robots.txt could not be read, with why.
        self._robots_unreachable: dict[str, FetchFailure] = {}
        self._client = httpx.AsyncClient(
            # Only the codings _body decodes with a bound.
            headers={"User-Agent": user_agent, "Accept-Encoding": ACCEPT_ENCODING},
            event_hooks={"response": [_hide_location]},
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

    def _clock(self, host: str) -> HostClock:
        clock = self._clocks.get(host)
        if clock is None:
            clock = self._clocks[host] = HostClock(self.delay)
        return clock

    # -- robots.txt ----------------------------------------------------------

    async def _rules(self, url: str) -> Robots:
        site = origin(url)
        lock = self._robots_locks.setdefault(site, asyncio.Lock())
        async with lock:
            rules = self._robots.get(site)
            if rules is None:
                rules = self._robots[site] = await self._read_robots(site)
        return rules

    async def _read_robots(self, origin: str) -> Robots:
        try:
            fetched = await self._get(f"{origin}/robots.txt", "text/plain", ROBOTS_MAX, cut=True)
        except FetchFailure as failure:
            if failure.code == "fetch-status" and 400 <= (failure.status or 0) < 500:
                # RFC 9309 2.3.1.3: a 4xx robots.txt means no rules at all.
                return Robots(NO_RULES)
            logger.info("robots.txt of %s unreachable: %s", origin, failure.message)
            self._robots_unreachable[origin] = failure
            return Robots(FORBID_ALL)
        # A body served from the cache does not say it was cut: its size does.
        cut = fetched.cut or len(fetched.body) >= ROBOTS_MAX
        if cut:
            logger.info("robots.txt of %s is over %d bytes: read that far", origin, ROBOTS_MAX)
        rules = parse_robots(fetched.body, cut=cut)
        self._honour_crawl_delay(origin, rules.crawl_delay())
        return rules

    def _honour_crawl_delay(self, origin: str, delay: float | None) -> None:
        host = host_key(origin)
        if delay is None or delay <= self.delay or host is None:
            return
        if delay > self.max_retry_after:
            # A Crawl-delay of days would stall the crawl for good (and one
            # of 1e300 s overflows the event loop's clock).
            logger.info(
                "robots.txt of %s asks %g s between requests; waiting %g s, our limit",
                origin,
                delay,
                self.max_retry_after,
            )
            delay = self.max_retry_after
        clock = self._clock(host)
        clock.delay = delay
        # The robots.txt request itself booked the next slot with our
        # shorter delay: push it out to the one the site asks for.
        clock.hold_off(delay)

    # -- the cache ------------------------------------------------------------

    def _cache_problem(self, message: str, url: str) -> None:
        """A cache or journal that failed: a ``fetch-cache`` note, not a URL given up."""
        logger.warning("%s", message)
        if self._on_problem is not None:
            self._on_problem("fetch-cache", message, url)

    def _cached(self, url: str) -> CacheEntry | None:
        if self.cache is None:
            return None
        try:
            return self.cache.get(url)
        except UnsafePath as error:
            self._cache_problem(f"{url}: not read from the cache: {error}", url)
            return None

    def _journal(self, url: str) -> None:
        if self.journal is None:
            return
        try:
            self.journal.record(url)
        except OSError as error:
            # A full disk must not stop the crawl: what the journal holds
            # still resumes, up to here.
            self.journal.abandon()
            self._cache_problem(
                f"{url}: the crawl's journal cannot be written ({why(error)}); "
                "the crawl goes on, but cannot be resumed past this point",
                url,
            )

    def open_journal(self, url: str) -> None:
        """Open the journal of the crawl from ``url``; a failure is reported, not raised."""
        if self.journal is None:
            return
        try:
            self.journal.open()
        except OSError as error:
            # A full disk or a link in the cache: crawl all the same, without
            # writing the journal (so not resumable).
            self.journal.abandon()
            self._cache_problem(
                f"{url}: the crawl's journal cannot be kept ({why(error)}); "
                "the crawl cannot be resumed",
                url,
            )

    def close_journal(self, url: str, *, finished: bool) -> None:
        """Close the journal, marking it complete when the crawl ``finished``."""
        journal = self.journal
        if journal is None:
            return
        if not finished:
            journal.close()
            return
        try:
            journal.complete()
        except OSError as error:
            # Unmarked, the journal would make the next crawl take every URL
            # from the cache without asking: remove it (which a full disk
            # allows), so the next crawl revalidates everything.
            try:
                journal.path.unlink(missing_ok=True)
            except OSError:
                self._cache_problem(
                    f"{url}: the end of the crawl cannot be written in its journal "
                    f"({why(error)}); the next crawl will resume this one",
                    url,
                )

    # -- GET ------------------------------------------------------------------

    async def get(self, url: str, accept: str) -> Fetched:
        """The body of ``url``, following allowed redirects, or :class:`FetchFailure`."""
        if not self.allowed(url):
            raise FetchFailure("fetch-refused", f"{url} is not on an allowed http(s) host")
        if self.journal is not None and url in self.journal.done:
            entry = self._cached(url)
            if entry is not None:
                self.stats.resumed += 1
                return Fetched(
                    url=entry.location or url,
                    body=entry.body,
                    content_type=entry.content_type,
                    origin="resumed",
                )
        rules = await self._rules(url)
        if not rules.allows(url):
            unreachable = self._robots_unreachable.get(origin(url))
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
                    f"robots.txt of {origin(url)} could not be read ({unreachable.reason}), "
                    f"which forbids {url}",
                    robots=True,
                    reason=unreachable.reason,
                )
            raise FetchFailure("fetch-refused", f"robots.txt forbids {url}", robots=True)
        fetched = await self._get(url, accept, self.max_bytes, rules=rules)
        self._journal(url)
        return fetched

    async def _get(
        self,
        url: str,
        accept: str,
        limit: int,
        *,
        rules: Robots | None = None,
        cut: bool = False,
    ) -> Fetched:
        """``url`` through its redirects; ``cut``: a body over ``limit`` is cut, not dropped."""
        seen = [url]
        current = url
        while True:
            response = await self._retrying(current, accept, limit, cut)
            if isinstance(response, Fetched):
                if self.cache is not None and current != url and response.origin == "network":
                    # Remember the body under the first URL too, so a resumed
                    # crawl finds it where it looks.
                    self._store(url, response.body, response.content_type, location=response.url)
                return response
            location = response
            try:
                target = urljoin(current, location)
            except ValueError:
                raise FetchFailure(
                    "fetch-refused", f"{current} redirects to {location!r}, which is not a URL"
                ) from None
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
            if rules is not None and not (await self._rules(target)).allows(target):
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
            # Reported once per cause, not for every page after it.
            cause = why(error)
            if isinstance(error, UnsafePath) or cause not in self._store_failures:
                self._store_failures.add(cause)
                self._cache_problem(f"{url}: not stored in the cache: {cause}", url)

    async def _retrying(self, url: str, accept: str, limit: int, cut: bool) -> Fetched | str:
        """One URL, retried: a body, or the ``Location`` of a redirect."""
        host = host_key(url) or ""
        entry = self._cached(url)
        partial: Fetched | None = None
        reason = ""
        status: int | None = None
        for attempt in range(self.tries):
            if attempt:
                self.stats.retries += 1
                self._on_event("retry", url)
            wait: float | None = None
            try:
                result = await self._once(url, accept, limit, entry, cut)
            except Retry as retry:
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
        self, url: str, accept: str, limit: int, entry: CacheEntry | None, cut: bool
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
                    self._exchange(url, headers, limit, entry, cut), self.timeout
                )
            except (TimeoutError, asyncio.TimeoutError):
                raise Retry(f"no complete response within {self.timeout:g} s") from None
            except httpx.TimeoutException:
                raise Retry(f"no complete response within {self.timeout:g} s") from None
            except httpx.TransportError as error:
                raise Retry(transport_reason(error, url)) from None
            except httpx.InvalidURL as error:
                # A link that urllib accepts and httpx does not.
                raise FetchFailure(
                    "fetch-refused", f"{url} is not a valid URL ({error})"
                ) from None

    async def _exchange(
        self, url: str, headers: dict[str, str], limit: int, entry: CacheEntry | None, cut: bool
    ) -> Fetched | str:
        async with self._client.stream("GET", url, headers=headers) as response:
            status: int = response.status_code
            if status in _REDIRECT_STATUSES:
                location: str | None = response.headers.get(_LOCATION)
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
                after = retry_after(response.headers.get("Retry-After"), time.time())
                raise Retry(
                    f"HTTP {status} {response.reason_phrase}".rstrip(), after=after, status=status
                )
            if status != 200:
                raise FetchFailure(
                    "fetch-status",
                    f"{url}: HTTP {status} {response.reason_phrase}".rstrip(),
                    status=status,
                )
            body, was_cut = await self._body(url, response, limit, cut)
            content_type = response.headers.get("Content-Type")
            self.stats.bytes += len(body)
            self._store(
                url,
                body,
                content_type,
                etag=response.headers.get("ETag"),
                last_modified=response.headers.get("Last-Modified"),
            )
            return Fetched(
                url=url, body=body, content_type=content_type, origin="network", cut=was_cut
            )

    async def _body(
        self, url: str, response: httpx.Response, limit: int, cut: bool
    ) -> tuple[bytes, bool]:
        """The decoded body of a 200, at most ``limit`` bytes, and whether it was cut."""
        codings = response.headers.get_list("Content-Encoding", split_commas=True)
        try:
            decoder = Decoder(codings)
        except UnsupportedEncoding as error:
            raise FetchFailure(
                "fetch-content-type",
                f"{url}: Content-Encoding {error} cannot be decoded "
                f"(paperledge asks for {ACCEPT_ENCODING})",
            ) from None
        declared = header_number(response.headers.get("Content-Length"))
        if declared is not None and declared > limit and not codings and not cut:
            raise FetchFailure(
                "fetch-too-large", f"{url}: {declared} bytes, more than the {limit} allowed"
            )
        into = io.BytesIO()
        try:
            was_cut = await read_bounded(response.aiter_raw(), decoder, limit, into, truncate=cut)
        except BodyTooLarge:
            coded = f" once decoded ({', '.join(codings)})" if codings else ""
            raise FetchFailure(
                "fetch-too-large", f"{url}: more than the {limit} bytes allowed{coded}"
            ) from None
        except BodyCorrupt as error:
            raise Retry(f"body cannot be decoded: {error}") from None
        except (httpx.RemoteProtocolError, httpx.ReadError) as error:
            content_type = response.headers.get("Content-Type")
            partial = Fetched(
                url=url, body=into.getvalue(), content_type=content_type, origin="network"
            )
            size = len(partial.body)
            raise Retry(f"body cut short ({size} bytes): {error}", partial=partial) from None
        return into.getvalue(), was_cut
