"""One polite connection to arXiv's query API: rate limit, retries, size cap, cache.

:class:`Api` answers :meth:`Api.query` with the parsed :class:`~._atom.Results`
or raises :class:`QueryFailed` carrying a diagnostic code and a message that
names the URL.  The rules:

* a stored response (the crawler's cache layout, keyed by the full query
  URL) is used without a request, unless older than ``max_age``;
* before each request the clock is asked to wait until ``delay`` seconds
  have passed since the previous one started (retries included);
* 429, 5xx, timeouts and lost connections are tried again, waiting as long as
  ``Retry-After`` asks (up to ``max_retry_after``), else ``backoff`` doubled;
* the body is read decoded in bounded steps and dropped past ``max_bytes``,
  and a body still arriving ``timeout`` seconds after the request began is
  given up (httpx's timeout bounds each read only: a server trickling bytes
  would otherwise hold the run for ever);
* a 400 carrying the API's error entry is that error (``arxiv-response``);
* only a response that parses as the API's Atom feed is stored, so a
  malformed one is asked for again next time; nor is a page with no entries
  though ``opensearch:totalResults`` says papers match (an arXiv glitch),
  which is asked again at once, up to ``tries`` times.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterator
from urllib.parse import urlencode

import attrs

from ..fetch._body import ACCEPT_ENCODING, BodyCorrupt, BodyTooLarge, Decoder, UnsupportedEncoding
from ..fetch._cache import CacheEntry, ResponseCache
from ..fetch._outcomes import retry_after
from ._atom import AtomError, Results, parse_results
from ._settings import ArxivSettings, Clock

try:
    import httpx
except ImportError as error:  # pragma: no cover - exercised without the extra only
    raise ImportError(
        "paperledge.arxiv needs httpx, which comes with the 'fetch' extra: "
        "pip install paperledge[fetch]"
    ) from error

__all__ = ["Api", "Counters", "QueryFailed"]

logger = logging.getLogger("paperledge.arxiv")

_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class QueryFailed(Exception):
    """A query given up: ``code`` is the diagnostic's, ``message`` names the URL."""

    def __init__(self, code: str, message: str, url: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.url = url


class _Retry(Exception):
    def __init__(self, reason: str, wait: float | None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wait = wait


@attrs.define
class Counters:
    """What the run has done so far (read by the progress reports)."""

    requests: int = 0
    cached: int = 0
    retries: int = 0
    failures: int = 0
    waited: float = 0.0


class _TooSlow(Exception):
    pass


def _bounded(
    chunks: Iterator[bytes],
    decoder: Decoder,
    limit: int,
    late: Callable[[], bool] = lambda: False,
) -> bytes:
    """The decoded body, at most ``limit`` bytes; raises :class:`_TooSlow` once
    ``late()`` says the time for the request is up."""
    into = io.BytesIO()
    size = 0
    for chunk in chunks:
        if late():
            raise _TooSlow
        for piece in decoder.decode(chunk):
            size += len(piece)
            if size > limit:
                raise BodyTooLarge(limit)
            into.write(piece)
    return into.getvalue()


class Api:
    """The query API behind one connection, for one run (see the module docstring)."""

    def __init__(
        self,
        settings: ArxivSettings,
        *,
        client: httpx.Client | None,
        cache: ResponseCache | None,
        clock: Clock,
    ) -> None:
        self.settings = settings
        self.cache = cache
        self.clock = clock
        self.counters = Counters()
        #: Told ``(event, url)``: "request", "cached", "retry".
        self.on_event: Callable[[str, str | None], None] = lambda event, url: None
        self._last_start: float | None = None
        self._began = 0.0
        # Queries given up in a row after every try: arXiv is down, ask no more.
        self._lost_in_a_row = 0
        # Made at the first request: a run answered from the cache opens none.
        self._given = client
        self._own: httpx.Client | None = None

    def close(self) -> None:
        """Close the connection, if this object opened it."""
        if self._own is not None:
            self._own.close()
            self._own = None

    def _client(self) -> httpx.Client:
        if self._given is not None:
            return self._given
        if self._own is None:
            self._own = httpx.Client(
                timeout=self.settings.timeout,
                limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
                follow_redirects=False,
            )
        return self._own

    def url(self, search_query: str, max_results: int) -> str:
        """The address of a query (its parameters in a fixed order: a stable cache key)."""
        parameters = {
            "search_query": search_query,
            "start": "0",
            "max_results": str(max_results),
            "sortBy": "submittedDate",
            "sortOrder": "descending",
        }
        return f"{self.settings.api_url}?{urlencode(parameters)}"

    def query(self, url: str) -> Results:
        """The results at ``url``: from the cache, else from the API."""
        stored = self._stored(url)
        if stored is not None:
            self.counters.cached += 1
            self.on_event("cached", url)
            return stored
        if self._lost_in_a_row >= self.settings.give_up_after:
            self.counters.failures += 1
            raise QueryFailed(
                "fetch-failed",
                f"{url}: not sent: the {self._lost_in_a_row} queries before it failed every try",
                url,
            )
        tries = self.settings.tries
        for attempt in range(1, tries + 1):
            body = self._fetch(url)
            try:
                results = parse_results(body)
            except AtomError as error:
                self.counters.failures += 1
                raise QueryFailed("arxiv-response", f"{url}: {error}", url) from None
            if results.entries or not results.total:
                self._store(url, body)
                self.on_event("request", url)
                return results
            # arXiv now and then answers a page with no entries though papers
            # match: asked again, and never kept (it would answer every later run).
            if attempt < tries:
                self.counters.retries += 1
                logger.info(
                    "retrying %s: an empty page though %d papers match", url, results.total
                )
                self.on_event("retry", url)
                self._wait_turn(self.settings.backoff * 2 ** (attempt - 1))
                self._last_start = None  # the wait was the turn; _fetch waits no more
        self.counters.failures += 1
        raise QueryFailed(
            "arxiv-response",
            f"{url}: an empty page though {results.total} papers match, {tries} times",
            url,
        )

    def _stored(self, url: str) -> Results | None:
        if self.cache is None:
            return None
        try:
            entry = self.cache.get(url)
        except OSError as error:
            logger.warning("the arXiv cache cannot be read for %s: %s", url, error)
            return None
        if entry is None:
            return None
        max_age = self.settings.max_age
        if max_age is not None and self.clock.time() - entry.stored > max_age:
            return None
        try:
            return parse_results(entry.body)
        except AtomError:
            return None

    def _store(self, url: str, body: bytes) -> None:
        if self.cache is None:
            return
        entry = CacheEntry(
            url=url, body=body, content_type="application/atom+xml", stored=self.clock.time()
        )
        try:
            self.cache.put(entry)
        except OSError as error:
            logger.warning("the arXiv cache cannot be written for %s: %s", url, error)

    def _wait_turn(self, at_least: float = 0.0) -> None:
        now = self.clock.monotonic()
        due = now + at_least
        if self._last_start is not None:
            due = max(due, self._last_start + self.settings.delay)
        if due > now:
            self.counters.waited += due - now
            self.clock.sleep(due - now)
        self._last_start = self.clock.monotonic()

    def _fetch(self, url: str) -> bytes:
        tries = self.settings.tries
        wait = 0.0
        for attempt in range(1, tries + 1):
            self._wait_turn(wait)
            try:
                body = self._once(url)
            except _Retry as retry:
                if attempt == tries:
                    self._lost_in_a_row += 1
                    self.counters.failures += 1
                    raise QueryFailed(
                        "fetch-failed", f"{url}: {retry.reason} after {tries} tries", url
                    ) from None
                wait = (
                    self.settings.backoff * 2 ** (attempt - 1)
                    if retry.wait is None
                    else retry.wait
                )
                self.counters.retries += 1
                logger.info("retrying %s in %.1f s: %s", url, wait, retry.reason)
                self.on_event("retry", url)
            else:
                self._lost_in_a_row = 0
                return body
        raise AssertionError("unreachable")  # pragma: no cover

    def _once(self, url: str) -> bytes:
        """One request; raises :class:`_Retry` or :class:`QueryFailed`."""
        headers = {
            "User-Agent": self.settings.user_agent,
            "Accept": "application/atom+xml, application/xml;q=0.9, */*;q=0.1",
            "Accept-Encoding": ACCEPT_ENCODING,
        }
        self.counters.requests += 1
        logger.debug("GET %s", url)
        self._began = self.clock.monotonic()
        try:
            with self._client().stream("GET", url, headers=headers) as response:
                return self._body(url, response)
        except _TooSlow:
            raise _Retry(
                f"the body was still arriving after {self.settings.timeout:.0f} s", None
            ) from None
        except httpx.TransportError as error:
            reason = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
            raise _Retry(reason, None) from None
        except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError) as error:
            self.counters.failures += 1
            raise QueryFailed(
                "fetch-failed", f"{url}: {type(error).__name__}: {error}", url
            ) from None

    def _late(self) -> bool:
        return self.clock.monotonic() - self._began > self.settings.timeout

    def _refusal(self, response: httpx.Response) -> str | None:
        """The reason in the API's error entry sent with a 400, if the body is one."""
        try:
            parse_results(self._read(response, 65536))
        except AtomError as error:
            return str(error) if "refused" in str(error) else None
        except (_TooSlow, BodyTooLarge, UnsupportedEncoding, BodyCorrupt, httpx.HTTPError):
            return None
        return None

    def _read(self, response: httpx.Response, limit: int) -> bytes:
        """The body decoded, at most ``limit`` bytes, within the request's time."""
        if response.is_stream_consumed:  # a transport that read the body already
            return _bounded(iter([response.content]), Decoder([]), limit)
        decoder = Decoder(response.headers.get_list("Content-Encoding", split_commas=True))
        return _bounded(response.iter_raw(), decoder, limit, self._late)

    def _body(self, url: str, response: httpx.Response) -> bytes:
        status = response.status_code
        if status in _RETRY_STATUSES:
            wait = retry_after(response.headers.get("Retry-After"), self.clock.time())
            if wait is not None and wait > self.settings.max_retry_after:
                self.counters.failures += 1
                raise QueryFailed(
                    "fetch-failed",
                    f"{url}: HTTP {status}, Retry-After asks {wait:.0f} s "
                    f"(more than {self.settings.max_retry_after:.0f} s)",
                    url,
                )
            raise _Retry(f"HTTP {status}", wait)
        if status != 200:
            self.counters.failures += 1
            refused = self._refusal(response) if status == 400 else None
            if refused is not None:
                raise QueryFailed("arxiv-response", f"{url}: HTTP 400: {refused}", url)
            location = response.headers.get("Location") if 300 <= status < 400 else None
            where = f" to {location[:300]}" if location else ""
            raise QueryFailed("fetch-status", f"{url}: HTTP {status}{where}", url)
        limit = self.settings.max_bytes
        declared = response.headers.get("Content-Length", "")
        try:
            if declared.isdigit() and int(declared) > limit:
                raise BodyTooLarge(limit)
            return self._read(response, limit)
        except BodyTooLarge:
            self.counters.failures += 1
            raise QueryFailed(
                "fetch-too-large", f"{url}: the response is larger than {limit} bytes", url
            ) from None
        except (UnsupportedEncoding, BodyCorrupt) as error:
            self.counters.failures += 1
            raise QueryFailed(
                "arxiv-response", f"{url}: undecodable body ({error})", url
            ) from None
