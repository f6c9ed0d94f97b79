"""A Podbean-like site on 127.0.0.1 for the crawler's tests, with faults on demand.

:class:`Archive` builds the show from the seed dumps: their 24 episodes in
two runs (dated apart, titled apart) make 48 episodes, 8 to a listing page
(6 pages: ``/``, ``/page/2/`` ... ``/page/6/``), each with its episode page
``/e/<slug>/`` (JSON-LD, as Podbean writes it) and a feed ``/feed.xml`` of the
newest :data:`FEED_ITEMS` episodes (guid, pubDate, enclosure, duration).  The
listing pages use a card theme: the date before the title, the credit glued
to the last paragraph, ``<link rel="next">`` and an "Older Episodes" link.

:class:`Site` serves it with :mod:`http.server` on a thread, answers
conditional requests (ETag, Last-Modified) with 304, logs every request (time,
path, Host, headers, status) and injects the faults queued for a path.
"""

from __future__ import annotations

import collections
import datetime as dt
import functools
import hashlib
import html
import json
import sys
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import attrs

import paperledge
from paperledge import Author, Show, parse_text
from paperledge._rules.credits import format_credit

from support import SEED_NAMES, seed_text

PER_PAGE = 8
FEED_ITEMS = 20
RUNS = 2
LAST_MODIFIED = "Thu, 02 Oct 2025 08:00:00 GMT"


@attrs.frozen(kw_only=True)
class SiteEpisode:
    """One episode as the site holds it: what every page and the feed are made of."""

    slug: str
    published: dt.date
    title: str | None
    lines: tuple[str, ...]
    authors: tuple[Author, ...]
    guid: str
    audio: str
    seconds: int

    @property
    def path(self) -> str:
        return f"/e/{self.slug}/"


@functools.cache
def _episodes() -> tuple[SiteEpisode, ...]:
    result: list[SiteEpisode] = []
    for run in range(RUNS):
        for name in SEED_NAMES:
            show = parse_text(seed_text(name))
            for index, episode in enumerate(show.episodes):
                assert episode.published is not None
                # Runs 60 days apart, so the archive stays newest first by run.
                day = episode.published - dt.timedelta(days=60 * run)
                title = episode.title
                if title is not None and run:
                    title = f"{title} (part {run + 1})"
                number = len(result)
                slug = f"ep-{day.isoformat()}-{number:03d}"
                key = hashlib.sha1(slug.encode()).hexdigest()
                result.append(
                    SiteEpisode(
                        slug=slug,
                        published=day,
                        title=title,
                        lines=tuple(episode.description.split("\n")),
                        authors=episode.authors,
                        guid=f"paperledge.podbean.com/{key[:8]}-{key[8:14]}",
                        audio=f"https://mcdn.podbean.com/mf/web/{key[:6]}/{slug}.mp3",
                        seconds=600 + 37 * number + index,
                    )
                )
    # Newest first, as the site lists them; same-day episodes keep seed order.
    result.sort(key=lambda e: e.published, reverse=True)
    return tuple(result)


@functools.cache
def _description() -> str:
    return parse_text(seed_text(SEED_NAMES[0])).description or ""


def _date_line(day: dt.date) -> str:
    return day.strftime("%A %b %d, %Y")


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _paragraphs(episode: SiteEpisode) -> str:
    credit = _esc(format_credit(episode.authors))
    out = []
    for number, line in enumerate(episode.lines):
        glued = credit if number == len(episode.lines) - 1 else ""
        out.append(f"<p>{_esc(line)}{glued}</p>")
    return "\n".join(out)


class Archive:
    """The show's site as bytes: listing pages, episode pages, the feed, robots.txt.

    ``next_links`` overrides a listing page's "older" link (page number to
    href), to build pagination cycles and off-host links.
    """

    def __init__(self) -> None:
        self.episodes = _episodes()
        self.title = "PaperLedge"
        self.description = _description()
        self.next_links: dict[int, str] = {}
        self.robots = "User-agent: *\nDisallow: /private/\n"
        self.feed_path = "/feed.xml"
        self.feed_href = "/feed.xml"
        #: Extra markup for an episode page (by path): a change only that page shows.
        self.notes: dict[str, str] = {}

    @property
    def page_count(self) -> int:
        return -(-len(self.episodes) // PER_PAGE)

    @staticmethod
    def page_path(number: int) -> str:
        return "/" if number == 1 else f"/page/{number}/"

    def page_episodes(self, number: int) -> list[SiteEpisode]:
        return list(self.episodes[(number - 1) * PER_PAGE : number * PER_PAGE])

    def listing(self, number: int) -> bytes:
        eps = self.page_episodes(number)
        older: str | None = self.page_path(number + 1) if number < self.page_count else None
        older = self.next_links.get(number, older)
        newer = self.page_path(number - 1) if number > 1 else None
        cards = []
        for ep in eps:
            title = (
                f'<h2 class="card-title"><a href="{ep.path}">{_esc(ep.title)}</a></h2>'
                if ep.title
                else ""
            )
            cards.append(
                f'<div class="card" id="{ep.slug}">\n'
                f'<p class="date"><a href="{ep.path}">{_date_line(ep.published)}</a></p>\n'
                f"{title}\n"
                f'<div class="card-text">\n{_paragraphs(ep)}\n</div>\n'
                f'<div class="card-footer"><a href="{ep.path}#comments">Comments</a></div>\n'
                "</div>"
            )
        links = []
        if older:
            links.append(f'<link rel="next" href="{html.escape(older)}">')
        if newer:
            links.append(f'<link rel="prev" href="{newer}">')
        nav = []
        if newer:
            nav.append(f'<a href="{newer}">« Newer Episodes</a>')
        if older:
            nav.append(f'<a href="{html.escape(older)}">Older Episodes »</a>')
        return (
            '<!DOCTYPE html>\n<html lang="en"><head>\n<meta charset="utf-8">\n'
            f"<title>{self.title} | Page {number}</title>\n"
            f'<meta name="description" content="{html.escape(self.description)}">\n'
            f'<link rel="alternate" type="application/rss+xml" title="PaperLedge" '
            f'href="{self.feed_href}">\n' + "\n".join(links) + "\n</head><body>\n"
            f'<header><h1><a href="/">{self.title}</a></h1>'
            f"<p>{_esc(self.description)}</p></header>\n"
            '<main class="episodes">\n'
            + "\n".join(cards)
            + '\n</main>\n<nav class="pagination">'
            + " ".join(nav)
            + "</nav>\n</body></html>\n"
        ).encode("utf-8")

    def episode_page(self, ep: SiteEpisode, origin: str) -> bytes:
        ld = {
            "@context": "https://schema.org",
            "@type": "PodcastEpisode",
            "name": ep.title or _date_line(ep.published),
            "url": f"{origin}{ep.path}",
            "datePublished": ep.published.isoformat(),
            "associatedMedia": {"@type": "MediaObject", "contentUrl": ep.audio},
            "partOfSeries": {"@type": "PodcastSeries", "name": self.title, "url": f"{origin}/"},
        }
        heading = f"<h1>{_esc(ep.title)}</h1>\n" if ep.title else ""
        return (
            '<!DOCTYPE html>\n<html lang="en"><head>\n<meta charset="utf-8">\n'
            f"<title>{_esc(ep.title or self.title)} | {self.title}</title>\n"
            f'<link rel="canonical" href="{origin}{ep.path}">\n'
            f'<meta property="og:type" content="music.song">\n'
            f'<meta property="og:url" content="{origin}{ep.path}">\n'
            '<script type="application/ld+json">' + json.dumps(ld) + "</script>\n</head><body>\n"
            f'<article class="episode">\n<p class="date">{_date_line(ep.published)}</p>\n'
            f"{heading}"
            f'<audio src="{ep.audio}" controls></audio>\n'
            f'<div class="entry">\n{_paragraphs(ep)}\n</div>\n</article>\n'
            f"{self.notes.get(ep.path, '')}</body></html>\n"
        ).encode("utf-8")

    def feed(self, origin: str) -> bytes:
        items = []
        for ep in self.episodes[:FEED_ITEMS]:
            moment = dt.datetime.combine(ep.published, dt.time(9, 30), dt.timezone.utc)
            body = "".join(f"<p>{_esc(line.strip())}</p>" for line in ep.lines if line.strip())
            body += f"<p>{_esc(format_credit(ep.authors))}</p>"
            title = f"<title>{xml_escape(ep.title)}</title>" if ep.title else ""
            minutes, seconds = divmod(ep.seconds, 60)
            items.append(
                f"<item>{title}<link>{origin}{ep.path}</link>"
                f'<guid isPermaLink="false">{ep.guid}</guid>'
                f"<pubDate>{moment.strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate>"
                f"<content:encoded><![CDATA[{body}]]></content:encoded>"
                f'<enclosure url="{ep.audio}" length="{ep.seconds * 16000}" type="audio/mpeg"/>'
                f"<itunes:duration>{minutes:02d}:{seconds:02d}</itunes:duration></item>"
            )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/">\n<channel>'
            f"<title>{self.title}</title><link>{origin}/</link>"
            f"<description>{xml_escape(self.description)}</description>"
            "<itunes:author>Ernis</itunes:author>\n" + "\n".join(items) + "\n</channel></rss>\n"
        ).encode("utf-8")

    def resolve(self, path: str, origin: str) -> tuple[bytes, str] | None:
        """The body and type of ``path``, or ``None`` (a 404)."""
        if path == "/robots.txt":
            return self.robots.encode(), "text/plain; charset=utf-8"
        if path == self.feed_path:
            return self.feed(origin), "application/rss+xml; charset=utf-8"
        if path == "/":
            return self.listing(1), "text/html; charset=utf-8"
        if path.startswith("/page/"):
            number = path.strip("/").rpartition("/")[2]
            if number.isdigit() and 2 <= int(number) <= self.page_count:
                return self.listing(int(number)), "text/html; charset=utf-8"
            return None
        for ep in self.episodes:
            if ep.path == path:
                return self.episode_page(ep, origin), "text/html; charset=utf-8"
        return None


@attrs.define
class Hit:
    """One request the site received (``status`` 0 until it is answered)."""

    time: float
    path: str
    host: str
    headers: dict[str, str]
    status: int


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that hangs up (a timeout, a killed crawl) is part of the
        # tests, not an error worth a traceback.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class Site:
    """The archive served on 127.0.0.1, with a request log and queued faults.

    ``faults[path]`` is a list consumed one request at a time; each entry is
    ``"500"``, ``"503"``, ``"404"``, ``"429:<seconds>"`` (with Retry-After),
    ``"slow:<seconds>"`` (sleep, then answer), ``"truncate"`` (half the body
    under the full Content-Length), ``"redirect:<location>"`` or
    ``"type:<content type>"``.  ``always[path]`` applies to every request.
    ``on_request(path)``, when set, runs before each answer (a test's hook).
    ``raw[path]``, when set, answers that path by itself (a misbehaving
    server: it writes the status line, headers and body as it likes, see
    :func:`send_raw`) and returns the status it sent.
    """

    def __init__(self, archive: Archive | None = None) -> None:
        self.archive = archive or Archive()
        self.faults: dict[str, list[str]] = {}
        self.always: dict[str, str] = {}
        self.log: list[Hit] = []
        self.on_request: Callable[[str], None] | None = None
        self.raw: dict[str, Callable[[BaseHTTPRequestHandler], int]] = {}
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in two writes: without TCP_NODELAY,
            # Nagle and delayed ACKs add 40 ms to every response.
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: Any) -> None:
                pass  # keep the test output clean

            def do_GET(self) -> None:  # the name http.server calls
                site._answer(self)

        self._server = _Server(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.origin = f"http://127.0.0.1:{self.port}"
        # A short poll interval: stop() waits for the serving loop to notice.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def url(self, path: str = "/") -> str:
        return f"{self.origin}{path}"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def hits(self, path: str | None = None) -> list[Hit]:
        with self._lock:
            return [h for h in self.log if path is None or h.path == path]

    def _fault(self, path: str) -> str | None:
        with self._lock:
            queued = self.faults.get(path)
            if queued:
                return queued.pop(0)
            return self.always.get(path)

    def _arrived(self, handler: BaseHTTPRequestHandler, when: float) -> Hit:
        headers = {k.lower(): v for k, v in handler.headers.items()}
        hit = Hit(when, handler.path, headers.get("host", ""), headers, 0)
        with self._lock:
            self.log.append(hit)
        return hit

    def _send(
        self,
        handler: BaseHTTPRequestHandler,
        status: int,
        body: bytes = b"",
        headers: dict[str, str] | None = None,
    ) -> None:
        handler.send_response(status)
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        when = time.monotonic()
        path = handler.path
        with self._lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self.on_request is not None:
                self.on_request(path)
            fault = self._fault(path)
            self._serve(handler, path, fault, self._arrived(handler, when))
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test): nothing to answer
        finally:
            with self._lock:
                self.in_flight -= 1

    def _serve(
        self, handler: BaseHTTPRequestHandler, path: str, fault: str | None, hit: Hit
    ) -> None:
        responder = self.raw.get(path)
        if responder is not None:
            hit.status = responder(handler)
            return
        kind, _, argument = (fault or "").partition(":")
        if kind == "slow":
            time.sleep(float(argument))
        if kind in ("500", "503", "404"):
            hit.status = int(kind)
            self._send(handler, int(kind), b"<html><body>error</body></html>")
            return
        if kind == "429":
            hit.status = 429
            self._send(handler, 429, b"slow down", {"Retry-After": argument})
            return
        if kind == "redirect":
            hit.status = 302
            self._send(handler, 302, b"", {"Location": argument})
            return
        host = handler.headers.get("Host", "")
        found = self.archive.resolve(path, f"http://{host}")
        if found is None:
            hit.status = 404
            self._send(handler, 404, b"<html><body>not found</body></html>")
            return
        body, content_type = found
        if kind == "type":
            content_type = argument
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if handler.headers.get("If-None-Match") == etag:
            hit.status = 304
            self._send(handler, 304, b"", {"ETag": etag, "Last-Modified": LAST_MODIFIED})
            return
        headers = {"Content-Type": content_type, "ETag": etag, "Last-Modified": LAST_MODIFIED}
        if kind == "truncate":
            hit.status = 200
            handler.send_response(200)
            for name, value in headers.items():
                handler.send_header(name, value)
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body[: len(body) // 2])
            handler.wfile.flush()
            handler.close_connection = True
            return
        hit.status = 200
        self._send(handler, 200, body, headers)


def send_raw(
    handler: BaseHTTPRequestHandler,
    status: int,
    headers: list[tuple[str, str]],
    body: bytes = b"",
    *,
    length: bool = True,
) -> int:
    """Send exactly these headers (repeats and all) and ``body``; ``length``
    adds a Content-Length of the body as sent.  Returns ``status``."""
    handler.send_response(status)
    for name, value in headers:
        handler.send_header(name, value)
    if length:
        handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)
    handler.wfile.flush()
    return status


def compress(data: bytes, encoding: str) -> bytes:
    """``data`` under one content coding: ``gzip``, ``deflate`` (zlib-wrapped,
    as RFC 9110 says) or ``raw-deflate`` (what some servers send as deflate)."""
    wbits = {"gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS, "raw-deflate": -15}
    packer = zlib.compressobj(9, zlib.DEFLATED, wbits[encoding])
    return packer.compress(data) + packer.flush()


@functools.cache
def bomb(size: int, layers: tuple[str, ...] = ("gzip", "gzip")) -> bytes:
    """``size`` zero bytes under the content codings ``layers``, in the order
    they were applied (the order of the Content-Encoding header).

    Built in steps of 1 MiB, so a bomb of gigabytes costs no gigabytes here.
    """
    first = layers[0]
    wbits = {"gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS, "raw-deflate": -15}
    packer = zlib.compressobj(9, zlib.DEFLATED, wbits[first])
    step = bytes(1 << 20)
    parts = []
    for _ in range(size // len(step)):
        parts.append(packer.compress(step))
    parts.append(packer.compress(bytes(size % len(step))))
    parts.append(packer.flush())
    data = b"".join(parts)
    for layer in layers[1:]:
        data = compress(data, layer)
    return data


@contextmanager
def serving(archive: Archive | None = None) -> Iterator[Site]:
    """A running :class:`Site`, stopped on exit."""
    site = Site(archive)
    site.start()
    try:
        yield site
    finally:
        site.stop()


# -- what a crawl of the site should give (the crawl tests' checks) ---------------------


def words(text: str | None) -> str:
    return " ".join((text or "").split())


def by_url(show: Show) -> dict[str, paperledge.Episode]:
    urls = [e.url for e in show.episodes]
    assert None not in urls
    assert len(urls) == len(set(urls)), "an episode came back twice"
    return {u: e for u, e in zip(urls, show.episodes, strict=True) if u is not None}


def page_range(archive: Archive, pages: Iterable[int]) -> list[SiteEpisode]:
    return [ep for number in pages for ep in archive.page_episodes(number)]


def assert_episodes(
    site: Site, show: Show, expected: Sequence[SiteEpisode], *, feed: bool
) -> None:
    """``show`` holds exactly ``expected``, each with the fields pages and feed hold."""
    got = by_url(show)
    assert set(got) == {site.url(ep.path) for ep in expected}
    in_feed = {ep.slug for ep in site.archive.episodes[:FEED_ITEMS]}
    for ep in expected:
        episode = got[site.url(ep.path)]
        assert episode.published == ep.published
        assert episode.title == ep.title
        assert [a.name for a in episode.authors] == [a.name for a in ep.authors]
        assert words(episode.description) == words("\n".join(ep.lines))
        if feed and ep.slug in in_feed:
            assert episode.guid == ep.guid
            assert episode.audio_url == ep.audio
            assert episode.duration is not None
            assert episode.duration.total_seconds() == ep.seconds
        else:
            assert episode.guid is None


def codes(show: Show) -> collections.Counter[str]:
    return collections.Counter(d.code for d in show.diagnostics)


def fetch_diagnostics(show: Show) -> list[paperledge.Diagnostic]:
    return [d for d in show.diagnostics if d.code.startswith("fetch-")]
