"""The crawl: listing pages through their pagination, episode pages and the feed, merged."""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import attrs

from .._api.formats import with_source
from .._diagnostics import DIAGNOSTIC_CODES, Diagnostic
from .._formats.feed import parse_feed
from .._formats.html import parse_html
from .._model import Show, merge
from .._rules.urls import page_number
from ._cache import Journal, ResponseCache
from ._content import html_input, looks_like, media_type
from ._http import USER_AGENT, Fetched, Fetcher, FetchFailure, host_key

__all__ = ["FETCH_CODES", "USER_AGENT", "Progress", "acrawl", "crawl"]

logger = logging.getLogger("paperledge")

FETCH_CODES: dict[str, str] = {
    code: meaning for code, meaning in DIAGNOSTIC_CODES.items() if code.startswith("fetch-")
}
"""The diagnostic codes a crawl adds, with what causes them.

The ``fetch-*`` part of :data:`paperledge.DIAGNOSTIC_CODES`, with the same
words.  Each names its URL as the diagnostic's ``source``.  All but
``fetch-cache`` mean a URL was not read, or read in part; ``fetch-cache``
means the crawler's cache or resume journal could not be used (a full disk,
a symbolic link below the cache folder), while the page itself was read.
A crawl may also add an ``encoding`` diagnostic, for a page whose charset
is unknown or is no text encoding.
"""

_ACCEPT_HTML = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
_ACCEPT_FEED = "application/rss+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.1"
_HTML_TYPES = ("text/html", "application/xhtml+xml")
#: A page larger than this is dropped (a listing page is well under 1 MB).
DEFAULT_MAX_BYTES = 32 << 20
#: Listing pages that fail in a row before the walk gives up guessing the next.
_SKIPS = 2


@attrs.frozen(kw_only=True)
class Progress:
    """Where a crawl stands; the ``progress`` callback receives one after each step.

    ``event`` says what just happened: ``"page"`` (a listing page read),
    ``"episode"`` (an episode page read), ``"feed"``, ``"retry"`` (a request is
    tried again), ``"failed"`` (a URL given up, see ``diagnostics``) or
    ``"done"`` (the last report).  ``url`` is the URL concerned.
    ``pages_done`` counts the listing pages walked, read or lost.
    ``pages_total`` is ``max_pages`` when given (the archive's length is not
    known beforehand); ``episode_pages_total`` counts the episode pages found
    so far.  ``requests`` counts HTTP requests sent (tries included),
    ``not_modified`` the 304 answers, ``resumed`` the URLs taken from the
    cache of an interrupted crawl without a request.  ``pages_read`` counts
    what was read: listing pages, episode pages and the feed (a lost page
    or a refused feed is not read).
    """

    event: str
    url: str | None
    pages_done: int
    pages_total: int | None
    episode_pages_done: int
    episode_pages_total: int
    episodes_found: int
    feed_done: bool
    requests: int
    not_modified: int
    resumed: int
    retries: int
    failures: int
    bytes_received: int
    elapsed: float
    pages_read: int = 0

    @property
    def rate(self) -> float:
        """Requests per second so far."""
        return self.requests / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def eta(self) -> float | None:
        """Seconds left, estimated from the work known so far, or ``None``."""
        done = self.pages_done + self.episode_pages_done
        if self.pages_total is None or done == 0 or self.elapsed <= 0:
            return None
        left = max(0, self.pages_total - self.pages_done)
        left += max(0, self.episode_pages_total - self.episode_pages_done)
        return left * self.elapsed / done


def _cycle_key(url: str) -> str:
    """A URL as the pagination compares it: no scheme, fragment or trailing slash."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    # Page 1 of the listing is also the site's root.
    if page_number(path + "/") == 1:
        path = ""
    return f"{(parts.hostname or '').lower()}:{parts.port}{path}?{parts.query}"


def _following_page(url: str) -> str | None:
    """``.../page/<n+1>/`` after a listing page ``.../page/<n>/`` (or the root)."""
    parts = urlsplit(url)
    number = page_number(parts.path)
    if number is None:
        if parts.path.strip("/"):
            return None
        return urlunsplit((parts.scheme, parts.netloc, "/page/2/", "", ""))
    head, _, _ = parts.path.rstrip("/").rpartition("/")
    return urlunsplit((parts.scheme, parts.netloc, f"{head}/{number + 1}/", "", ""))


class _Crawl:
    def __init__(
        self,
        fetcher: Fetcher,
        *,
        max_pages: int | None,
        episodes: bool,
        feed: bool,
        progress: Callable[[Progress], None] | None,
    ) -> None:
        self.fetcher = fetcher
        self.max_pages = max_pages
        self.want_episodes = episodes
        self.want_feed = feed
        self.progress = progress
        self.diagnostics: list[Diagnostic] = []
        self.pages: list[Show] = []
        self.episode_pages: dict[str, Show | None] = {}
        self.episode_tasks: list[asyncio.Task[None]] = []
        self.feed_task: asyncio.Task[None] | None = None
        self.feed_show: Show | None = None
        self.feed_done = False
        self.feed_seen = False
        self.pages_done = 0
        self.pages_read = 0
        self.episode_pages_done = 0
        self.episode_keys: set[str] = set()
        self.remaining: str | None = None
        self.last_failure: str | None = None

    # -- reporting ----------------------------------------------------------

    def report(self, code: str, message: str, url: str | None) -> None:
        """A URL given up: a diagnostic and a ``"failed"`` progress report."""
        self.note(code, message, url)
        self.emit("failed", url)

    def note(self, code: str, message: str, url: str | None) -> None:
        """A defect of a URL that was read all the same (its cache entry, its charset)."""
        logger.info("%s: %s", code, message)
        self.diagnostics.append(Diagnostic(code=code, message=message, line=1, source=url))

    def emit(self, event: str, url: str | None) -> None:
        if self.progress is None:
            return
        stats = self.fetcher.stats
        self.progress(
            Progress(
                event=event,
                url=url,
                pages_done=self.pages_done,
                pages_total=self.max_pages,
                episode_pages_done=self.episode_pages_done,
                episode_pages_total=len(self.episode_pages),
                episodes_found=len(self.episode_keys),
                feed_done=self.feed_done,
                requests=stats.requests,
                not_modified=stats.not_modified,
                resumed=stats.resumed,
                retries=stats.retries,
                failures=stats.failures,
                bytes_received=stats.bytes,
                elapsed=time.monotonic() - stats.started,
                pages_read=self.pages_read,
            )
        )

    async def _get(self, url: str, accept: str) -> Fetched | None:
        try:
            return await self.fetcher.get(url, accept)
        except FetchFailure as failure:
            self.report(failure.code, failure.message, url)
            self.last_failure = "robots" if failure.robots else failure.code
            return failure.partial

    # -- the three kinds of document ---------------------------------------

    async def _html(self, url: str) -> Show | None:
        fetched = await self._get(url, _ACCEPT_HTML)
        if fetched is None:
            return None
        media = media_type(fetched.content_type)
        if media not in _HTML_TYPES and not (
            media in ("", "application/octet-stream", "text/plain")
            and looks_like(fetched.body, b"<html", b"<!doctype html")
        ):
            self.report(
                "fetch-content-type",
                f"{url}: expected an HTML page, got {media or 'no type'}",
                url,
            )
            return None
        page, unknown = html_input(fetched)
        if unknown is not None:
            self.note(
                "encoding",
                f"{url}: the charset {unknown!r} its Content-Type names is not a text "
                "encoding; the page was read as if none were named",
                url,
            )
        show = parse_html(page, url=fetched.url)
        return attrs.evolve(show, diagnostics=with_source(show.diagnostics, url))

    async def _feed(self, url: str) -> None:
        try:
            fetched = await self._get(url, _ACCEPT_FEED)
            if fetched is None:
                return
            media = media_type(fetched.content_type)
            # Servers label feeds loosely (text/html, text/plain, none): a
            # body that opens like XML is read whatever its label says.
            loose = media in ("", "text/html", "text/plain", "application/octet-stream")
            if not ("xml" in media or "rss" in media) and not (
                loose and looks_like(fetched.body, b"<rss", b"<?xml")
            ):
                self.report(
                    "fetch-content-type", f"{url}: expected a feed, got {media or 'no type'}", url
                )
                return
            # Bytes, not text: XML names its own encoding.
            show = parse_feed(fetched.body)
            self.feed_show = attrs.evolve(show, diagnostics=with_source(show.diagnostics, url))
            self.pages_read += 1
        finally:
            self.feed_done = True
            self.emit("feed", url)

    async def _episode(self, url: str) -> None:
        self.episode_pages[url] = await self._html(url)
        self.episode_pages_done += 1
        if self.episode_pages[url] is not None:
            self.pages_read += 1
        self.emit("episode", url)

    # -- the walk -----------------------------------------------------------

    def _found(self, show: Show) -> None:
        for episode in show.episodes:
            key = episode.url or f"{episode.published}|{episode.title}"
            self.episode_keys.add(key)
        if self.want_feed and not self.feed_seen and show.feed_url:
            self.feed_seen = True
            if self.fetcher.allowed(show.feed_url):
                self.feed_task = asyncio.create_task(self._feed(show.feed_url))
            else:
                self.feed_done = True
                self.report(
                    "fetch-refused",
                    f"the feed {show.feed_url} is off the allowed hosts (see allow_hosts)",
                    show.feed_url,
                )
        if not self.want_episodes:
            return
        for episode in show.episodes:
            url = episode.url
            if not url or url in self.episode_pages:
                continue
            if not self.fetcher.allowed(url):
                self.report("fetch-refused", f"the episode link {url} leaves the show's host", url)
                continue
            self.episode_pages[url] = None
            self.episode_tasks.append(asyncio.create_task(self._episode(url)))

    async def walk(self, start: str) -> None:
        visited: set[str] = set()
        current: str | None = start
        failed_in_row = 0
        while current is not None:
            if self.max_pages is not None and self.pages_done >= self.max_pages:
                self.remaining = current
                break
            key = _cycle_key(current)
            if key in visited:
                self.report(
                    "fetch-cycle", f"the pagination leads back to {current}; walk stopped", current
                )
                break
            visited.add(key)
            self.last_failure = None
            show = await self._html(current)
            self.pages_done += 1
            if show is None:
                self.emit("page", current)
                failed_in_row += 1
                guess = _following_page(current)
                # A page robots.txt forbids is not lost, and the next one
                # is no likelier to be allowed: the walk ends there.
                refused = self.last_failure == "robots"
                if guess is None or refused or failed_in_row >= _SKIPS:
                    break
                # The page that would have named the next one is lost; the
                # site numbers its pages, so try the next number.
                logger.info("listing page %s lost; trying %s", current, guess)
                current = guess
                continue
            failed_in_row = 0
            self.pages.append(show)
            self.pages_read += 1
            self._found(show)
            self.emit("page", current)
            following = show.next_page_url
            if following is not None and not self.fetcher.allowed(following):
                self.report(
                    "fetch-refused",
                    f"{current}: the older-page link {following} leaves the show's host",
                    following,
                )
                following = None
            current = following

    async def finish(self) -> None:
        if self.feed_task is not None:
            await self.feed_task
        # Only the walk adds episode tasks, and it is over: this is all of them.
        if self.episode_tasks:
            await asyncio.gather(*self.episode_tasks)

    def cancel(self) -> None:
        for task in [self.feed_task, *self.episode_tasks]:
            if task is not None and not task.done():
                task.cancel()

    def result(self, start: str) -> Show:
        sources: list[Show] = list(self.pages)
        sources.extend(show for show in self.episode_pages.values() if show is not None)
        if self.feed_show is not None:
            sources.append(self.feed_show)
        merged = merge(*sources) if sources else Show(url=start)
        return attrs.evolve(
            merged,
            next_page_url=self.remaining,
            diagnostics=[*merged.diagnostics, *self.diagnostics],
        )


def _allowed_hosts(url: str, extra: Iterable[str]) -> set[str]:
    start = host_key(url)
    if start is None:
        raise ValueError(f"not an http(s) URL with a host: {url!r}")
    hosts = {start}
    for host in extra:
        key = host_key(host if "://" in host else f"http://{host}")
        if key is None:
            raise ValueError(f"not a host name: {host!r}")
        hosts.add(key)
    # Podbean serves a show's feed from its own host, next to the site's.
    if start.endswith(".podbean.com"):
        hosts.add("feed.podbean.com")
    return hosts


async def acrawl(
    url: str,
    *,
    max_pages: int | None = None,
    episodes: bool = False,
    feed: bool = True,
    cache: str | os.PathLike[str] | None = None,
    delay: float = 1.0,
    concurrency: int = 2,
    timeout: float = 30.0,
    progress: Callable[[Progress], None] | None = None,
    tries: int = 4,
    backoff: float = 1.0,
    allow_hosts: Iterable[str] = (),
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_redirects: int = 5,
    max_retry_after: float = 300.0,
    user_agent: str = USER_AGENT,
) -> Show:
    """The async twin of :func:`crawl`: the same arguments, the same result."""
    if max_pages is not None and max_pages < 1:
        raise ValueError(f"max_pages must be at least 1, got {max_pages}")
    if delay < 0 or timeout <= 0 or concurrency < 1 or tries < 1:
        raise ValueError("delay must be >= 0, timeout > 0, concurrency and tries >= 1")
    hosts = _allowed_hosts(url, allow_hosts)
    response_cache: ResponseCache | None = None
    journal: Journal | None = None
    if cache is not None:
        root = Path(cache).expanduser()
        # A folder that cannot be made is the caller's to fix, before any
        # request; a write failing later (a full disk) is reported instead.
        root.mkdir(parents=True, exist_ok=True)
        response_cache = ResponseCache(root)
        journal = Journal(root, url)
    crawl_state: _Crawl | None = None

    def on_event(event: str, where: str) -> None:
        if event == "retry" and crawl_state is not None:
            crawl_state.emit("retry", where)

    def on_problem(code: str, message: str, where: str) -> None:
        if crawl_state is not None:
            crawl_state.note(code, message, where)

    fetcher = Fetcher(
        allowed_hosts=hosts,
        delay=delay,
        concurrency=concurrency,
        timeout=timeout,
        tries=tries,
        backoff=backoff,
        max_bytes=max_bytes,
        max_redirects=max_redirects,
        max_retry_after=max_retry_after,
        user_agent=user_agent,
        cache=response_cache,
        journal=journal,
        on_event=on_event,
        on_problem=on_problem,
    )
    crawl_state = _Crawl(
        fetcher, max_pages=max_pages, episodes=episodes, feed=feed, progress=progress
    )
    finished = False
    try:
        fetcher.open_journal(url)
        await crawl_state.walk(url)
        await crawl_state.finish()
        finished = True
    finally:
        if not finished:
            crawl_state.cancel()
        await fetcher.aclose()
        fetcher.close_journal(url, finished=finished)
    show = crawl_state.result(url)
    crawl_state.emit("done", None)
    return show


def crawl(
    url: str,
    *,
    max_pages: int | None = None,
    episodes: bool = False,
    feed: bool = True,
    cache: str | os.PathLike[str] | None = None,
    delay: float = 1.0,
    concurrency: int = 2,
    timeout: float = 30.0,
    progress: Callable[[Progress], None] | None = None,
    tries: int = 4,
    backoff: float = 1.0,
    allow_hosts: Iterable[str] = (),
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_redirects: int = 5,
    max_retry_after: float = 300.0,
    user_agent: str = USER_AGENT,
) -> Show:
    """Fetch the show's archive from ``url`` (a listing page) as one :class:`~paperledge.Show`.

    Walks the listing pages from ``url`` through their "older" links until
    there is none or ``max_pages`` were read; with ``episodes=True`` also
    reads each episode's own page; unless ``feed=False`` reads the feed the
    first page names (``<link rel="alternate" type="application/rss+xml">``);
    merges all of it with :func:`paperledge.merge` (pages first, then
    episode pages, then the feed).  The result's ``next_page_url`` is the
    first listing page not read (``max_pages`` reached), else ``None``.

    Politeness: robots.txt obeyed; at most one request per ``delay`` seconds
    per host (longer if robots.txt asks) and ``concurrency`` in flight; only
    http(s) on the start URL's host, plus ``allow_hosts`` (and, for a
    ``*.podbean.com`` show, ``feed.podbean.com``); at most ``max_redirects``
    redirects, each checked; bodies over ``max_bytes`` dropped; ``timeout``
    seconds for each whole request.

    Faults: timeouts, connection errors, cut bodies, 429 and 5xx are tried
    up to ``tries`` times with exponential backoff (``backoff`` seconds,
    doubled each time, with jitter) or as long as ``Retry-After`` asks (up to
    ``max_retry_after``).  Nothing raises: each URL given up becomes a
    ``fetch-*`` diagnostic naming it (see :data:`FETCH_CODES`) and the crawl
    goes on; a lost listing page is stepped over by its page number.

    ``cache`` (a directory) makes requests conditional, so a second run
    downloads only what changed, and lets an interrupted crawl resume: the
    URLs it finished are read back without a request.  ``progress`` is
    called with a :class:`Progress` after each step; an exception it raises
    stops the crawl (which a later call with the same cache resumes).
    Raises :class:`ValueError` for a ``url`` that is not http(s), and
    :class:`OSError` when the ``cache`` folder cannot be made; a cache write
    that fails later (a full disk, a symbolic link in the folder) is a
    ``fetch-cache`` diagnostic and the crawl goes on.
    """
    coroutine = acrawl(
        url,
        max_pages=max_pages,
        episodes=episodes,
        feed=feed,
        cache=cache,
        delay=delay,
        concurrency=concurrency,
        timeout=timeout,
        progress=progress,
        tries=tries,
        backoff=backoff,
        allow_hosts=allow_hosts,
        max_bytes=max_bytes,
        max_redirects=max_redirects,
        max_retry_after=max_retry_after,
        user_agent=user_agent,
    )
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    # Called from inside an event loop (a notebook): run on a thread of its own.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
