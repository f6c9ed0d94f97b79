"""HTML pages of the show's Podbean site: listing pages and episode pages, any theme.

The reader never relies on one theme's class names.  It works from what
every theme shares:

* episode links, ``/e/<slug>/``: an episode in the listing is the largest
  element around one of its links that holds no link to another episode and
  that holds a date and text.  Links in a sidebar, a menu or a "more
  episodes" box have no date and no text around them, so they make no episode;
* dates written ``Thursday Oct 02, 2025`` (alone on a line or in a short
  meta line) or given by ``<time datetime>``;
* headings and the episode link's text for the title;
* the ``Credit to Paper authors:`` line that closes every episode's text;
* JSON-LD (``PodcastEpisode``, ``PodcastSeries``) and OpenGraph in ``<head>``.

When the markup has no such structure (a flat page), the page's visible text
goes through the text-dump grammar (:class:`paperledge._formats.text.machine.TextParser`),
so the result is never worse than :func:`paperledge.parse_text` on that text.

lxml builds the tree (libxml2's HTML parser: no network, no DTD, only HTML's
own named entities); bs4's ``UnicodeDammit`` is used for what it does best,
finding the encoding of bytes that are not UTF-8.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import urlsplit

import attrs
from lxml import etree

from ..._diagnostics import Reporter
from ..._limits import Limits, clip_input, episode_limit_reached
from ..._limits import resolve as resolve_limits
from ..._model import Episode, Show
from ..._rules.grammar import missing_credit_message, titled_opening
from ..._rules.urls import episode_slug, resolve
from ..text import TextParser
from .decoding import MAX_HTML_BYTES, read_tree
from .episode import Context, read_episode
from .lines import LINK, Prepared, plain, prepare, text_lines
from .locate import EpisodeLink, Locator, needle, source_line
from .meta import PageMeta, read_meta
from .page import add_page_facts, base_url, expected_title, page_show, pagination
from .structure import containers, is_truncated, listed_episodes, owners, structure_checks

__all__ = ["MAX_HTML_BYTES", "parse_html", "sniff_html"]


_SNIFF = re.compile(
    r"(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<title>|<div[\s>]|<p>)",
    re.IGNORECASE,
)


# What only a whole HTML document holds, found past leading junk.
_DOCUMENT = re.compile(r"<!doctype\s+html|<html[\s>]", re.IGNORECASE)


def sniff_html(head: str) -> bool:
    """Whether a document's head (its first 16 KiB) looks like HTML.

    A page may open with junk a server or a tool left before it (PHP
    warnings, a stray style block): then a doctype or an ``<html>`` tag
    further on still tells.
    """
    if head.startswith("<"):
        return _SNIFF.search(head[:4096]) is not None
    return _DOCUMENT.search(head) is not None


def _fallback(texts: list[str], ctx: Context) -> tuple[list[Episode], TextParser | None]:
    """The page's visible text through the text-dump grammar.

    Only a page that shows the show's grammar gives episodes: an author
    credit, or a title between an episode's two date lines of one day.  Any
    page has date lines (news, blogs, documentation, dated comments);
    without either of these, its dated paragraphs are not episodes, and what
    the grammar would have said of them is not said (the page then gives
    ``no-episodes``).
    """
    found = Reporter()
    parser = TextParser(_LineMapper(found, ctx.locator, texts))
    episodes = []
    for number, text in enumerate(texts, 1):
        episode = parser.feed(text, number)
        if episode is not None:
            episodes.append(episode)
    episode = parser.close()
    if episode is not None:
        episodes.append(episode)
    if not (any(episode.authors for episode in episodes) or titled_opening(texts)):
        return [], None
    for said in found.diagnostics:
        ctx.reporter.report(said.code, said.message, said.line, said.column)
    return episodes, parser


_STARTS_AT = re.compile(r"starts at line (\d+)")


class _LineMapper(Reporter):
    """Passes the text grammar's defects on, located in the HTML source.

    The blank-line and date-repeat rules describe one theme's text layout,
    not HTML: those are dropped.
    """

    _LAYOUT = frozenset({"blank-lines", "date-repeat", "header-mismatch", "missing-newline"})

    #: How far past the line before a line is looked for once the searches
    #: that failed have read the page a few times over.
    _NEAR = 1 << 14

    def __init__(self, target: Reporter, locator: Locator, texts: list[str]) -> None:
        super().__init__(strict=target.strict)
        self._target = target
        self._locator = locator
        self._texts = texts
        # Source offsets of the lines located so far, found in order.
        self._offsets: list[int] = []
        # A line the source writes otherwise (entities) is not found, and
        # each such search reads the rest of the page: past this budget they
        # look only near the line before, so that locating stays linear.
        self._budget: int | None = None

    def _offset(self, index: int) -> int:
        text = self._locator.text
        offsets = self._offsets
        if self._budget is None:
            self._budget = 4 * len(text)
        while len(offsets) <= index:
            start = offsets[-1] if offsets else 0
            end = len(text) if self._budget > 0 else start + self._NEAR
            found = self._locator.search(needle(self._texts[len(offsets)]), start, end)
            if found < 0:
                self._budget -= min(end, len(text)) - start
            offsets.append(found if found >= 0 else start)
        return offsets[index]

    def report(self, code: str, message: str, line: int, column: int = 1) -> None:
        if code in self._LAYOUT:
            return
        if code == "truncated":
            code = "html-truncated"
        if self._texts:
            index = min(max(line, 1), len(self._texts)) - 1
            where, start = self._locator.position(self._offset(index))
        else:
            where, start = 1, 1
        if code == "missing-credit":
            # The grammar numbers the lines of the page's text; the message
            # names the episode's first line in the HTML source instead.
            message = self._located_start(message)
        self._target.report(code, message, where, start + column - 1)

    def _located_start(self, message: str) -> str:
        found = _STARTS_AT.search(message)
        if found is None or not self._texts:
            return message
        index = min(max(int(found[1]), 1), len(self._texts)) - 1
        first, _ = self._locator.position(self._offset(index))
        return missing_credit_message(first)


def parse_html(
    data: str | bytes,
    *,
    url: str | None = None,
    strict: bool = False,
    limits: Limits | None = None,
) -> Show:
    """Read a listing page or an episode page of the show's Podbean site.

    ``data`` is the page as text or bytes (the encoding comes from a BOM, the
    ``<meta>`` declarations, or detection).  ``url`` is the page's address:
    links are made absolute against it (else against ``<base>``, else the
    page's canonical URL).  Works on any theme of the site; see
    ``docs/html.md``.  In tolerant mode (the default) this never raises and
    each defect becomes a :class:`~paperledge.Diagnostic` located by line and
    column in the HTML source; ``strict=True`` raises
    :class:`~paperledge.ParseError` at the first defect.  ``next_page_url``
    (older episodes) and ``previous_page_url`` (newer) come from the page's
    pagination.
    """
    reporter = Reporter(strict=strict)
    data = clip_input(data, limits, reporter)
    source, root, parser = read_tree(data, reporter)
    if root is None:
        reporter.report("no-episodes", "the page holds no HTML", 1)
        return Show(diagnostics=reporter.diagnostics)
    meta = read_meta(root)
    document = url or meta.canonical or meta.og.get("og:url")
    base = base_url(url, meta)
    ctx = Context(reporter, Locator(source), base, is_truncated(source))
    # Counted before prepare() changes the tree.
    structure_checks(root, parser, source, ctx)
    for line, message in meta.bad_jsonld:
        reporter.report("json-syntax", f"a JSON-LD block is not valid JSON: {message}", line)
    for diagnostic in meta.jsonld_diagnostics:
        reporter.report(diagnostic.code, diagnostic.message, diagnostic.line, diagnostic.column)
    body = root.find("body")
    if body is None:
        body = root
    prepared = prepare(body, host=urlsplit(base).hostname if base else None)
    if meta.is_episode_page and not meta.address_is_episode:
        # JSON-LD alone says "one episode": the body may still list many.
        meta.lists_episodes = listed_episodes(body, prepared.links) > 1
    if meta.is_episode_page:
        episodes, text_parser = _episode_page(body, prepared, meta, ctx, document), None
    else:
        episodes, text_parser = _listing_page(body, prepared, ctx)
    episodes = add_page_facts(episodes, meta, ctx)
    maximum = resolve_limits(limits).max_episodes
    if len(episodes) > maximum:
        episode_limit_reached(maximum, limits, reporter, 1)
        episodes = episodes[:maximum]
    if not episodes:
        reporter.report("no-episodes", "the page holds nothing recognisable as an episode", 1)
    following, preceding = pagination(prepared, meta, base, document)
    return page_show(
        meta=meta,
        ctx=ctx,
        episodes=episodes,
        text_parser=text_parser,
        following=following,
        preceding=preceding,
        document=document,
    )


def _episode_page(
    body: etree._Element,
    prepared: Prepared,
    meta: PageMeta,
    ctx: Context,
    document: str | None,
) -> list[Episode]:
    """The episode of an episode page: its lines hold the page's chrome around it."""
    episode = read_episode(
        text_lines(body),
        ctx,
        href=document if document and episode_slug(document) else None,
        page=True,
        last=True,
        start_line=source_line(body),
        expected=expected_title(meta),
    )
    if episode is None or not (episode.description or episode.authors):
        return []
    if prepared.audio:
        episode = attrs.evolve(episode, audio_url=resolve(ctx.base, prepared.audio[0][1]))
    if episode.url is None and document:
        episode = attrs.evolve(episode, url=resolve(ctx.base, document))
    return [episode]


def _listing_page(
    body: etree._Element, prepared: Prepared, ctx: Context
) -> tuple[list[Episode], TextParser | None]:
    """A listing's episodes, from its episode elements or else from its text as a dump's."""
    found, text = containers(body, prepared.links)
    if found:
        return _listing(found, prepared, ctx), None
    return _fallback([t for t in (plain(t) for t in text) if t], ctx)


def _link_opens(texts: list[str]) -> bool:
    """Whether text follows an episode's link (its body), rather than the link
    closing the card (its title link last).  The lines after the link are
    looked at until one holds text: in most cards, the first."""
    at = next((index for index, text in enumerate(texts) if LINK in text), None)
    if at is None:
        return True
    return any(plain(text).strip() for text in texts[at + 1 :])


def _listing(
    containers: list[tuple[etree._Element, str, list[str]]], prepared: Prepared, ctx: Context
) -> list[Episode]:
    audio: dict[int, str] = {}
    images: dict[int, str] = {}
    elements = [element for element, _, _ in containers]
    for found, media in ((audio, prepared.audio), (images, prepared.images)):
        # The first audio file and image inside each episode's element are its own.
        for index, (_, src) in zip(owners([e for e, _ in media], elements), media, strict=True):
            if index >= 0:
                found.setdefault(index, src)
    episodes = []
    last = len(containers) - 1
    # Each episode's link as the page writes it, and its line: its defects
    # stand between the links of the episodes around it.
    lines: dict[str, int] = {}
    for link, slug in prepared.links:
        lines.setdefault(slug, source_line(link))
    links: list[EpisodeLink | None] = [
        (prepared.hrefs[slug], slug, lines[slug]) if slug in prepared.hrefs else None
        for _, slug, _ in containers
    ]
    for index, (element, slug, texts) in enumerate(containers):
        ctx.locator.next_episode(
            links[index - 1] if index else None,
            links[index],
            links[index + 1] if index < last else None,
            body_after_link=functools.partial(_link_opens, texts),
        )
        # The media go into the episode as it is made: attrs.evolve would
        # build (and validate) every episode twice.
        episode = read_episode(
            texts,
            ctx,
            href=prepared.hrefs.get(slug),
            page=False,
            last=index == last,
            start_line=source_line(element),
            audio_url=resolve(ctx.base, audio.get(index)),
            image_url=resolve(ctx.base, images.get(index)),
        )
        if episode is not None:
            episodes.append(episode)
    return episodes
