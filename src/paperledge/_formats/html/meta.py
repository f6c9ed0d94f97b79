"""Page-level facts for the HTML reader: JSON-LD, OpenGraph, links, durations.

Kept apart from :mod:`paperledge._formats.html.episode` so that the episode grammar
there reads without the bookkeeping of the page's ``<head>``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lxml import etree

from ..._diagnostics import Diagnostic, Reporter
from ..._rules.dates import iso_date
from ..._rules.durations import read_duration
from ..._rules.json_text import json_value
from ..._rules.urls import episode_slug

__all__ = [
    "JSONLD_MAX",
    "PageMeta",
    "read_meta",
]

#: JSON-LD blocks larger than this are not read (a page's own block is a few KiB).
JSONLD_MAX = 1 << 20

_EPISODE_TYPES = frozenset({"PodcastEpisode", "Episode", "RadioEpisode"})
_SERIES_TYPES = frozenset({"PodcastSeries", "RadioSeries", "CreativeWorkSeries"})


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type")
    if isinstance(kind, str):
        return {kind.rpartition("/")[2]}
    if isinstance(kind, list):
        return {k.rpartition("/")[2] for k in kind if isinstance(k, str)}
    return set()


def _nodes(
    value: Any, depth: int = 0, *, listed: bool = False
) -> Iterator[tuple[dict[str, Any], bool]]:
    """Every JSON object in a JSON-LD document (``@graph`` and lists included).

    Each comes with whether a series lists it (its ``episode`` or
    ``hasPart``): an episode a series lists is one of many, not the page's own.
    """
    if depth > 20:
        return
    if isinstance(value, list):
        for item in value:
            yield from _nodes(item, depth + 1, listed=listed)
    elif isinstance(value, dict):
        yield value, listed
        series = bool(_types(value) & _SERIES_TYPES)
        for key in ("@graph", "partOfSeries", "episode", "hasPart", "mainEntity"):
            if key in value:
                inner = listed or (series and key in ("episode", "hasPart"))
                yield from _nodes(value[key], depth + 1, listed=inner)


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, dict):
        return _text(value.get("url") or value.get("contentUrl") or value.get("@id"))
    if isinstance(value, list) and value:
        return _text(value[0])
    return None


class LdEpisode:
    """The fields of one ``PodcastEpisode`` node."""

    __slots__ = ("audio_url", "description", "duration", "image_url", "name", "published", "url")

    def __init__(self, node: dict[str, Any]) -> None:
        self.name = _text(node.get("name")) or _text(node.get("headline"))
        self.url = _text(node.get("url"))
        self.published = iso_date(node.get("datePublished") or node.get("uploadDate"))
        description = node.get("description")
        self.description = description if isinstance(description, str) else None
        media = node.get("associatedMedia")
        if isinstance(media, list) and media:
            media = media[0]
        self.audio_url: str | None = None
        self.duration = read_duration(node.get("duration") or node.get("timeRequired"))
        if isinstance(media, dict):
            self.audio_url = _text(media.get("contentUrl"))
            self.duration = self.duration or read_duration(media.get("duration"))
        self.image_url = _text(node.get("image")) or _text(node.get("thumbnailUrl"))


class PageMeta:
    """What the page says about itself outside the visible episodes."""

    def __init__(self) -> None:
        self.title: str | None = None
        self.site_name: str | None = None
        self.og: dict[str, str] = {}
        self.description: str | None = None
        self.canonical: str | None = None
        self.base_href: str | None = None
        self.feed_url: str | None = None
        self.rel_next: str | None = None
        self.rel_prev: str | None = None
        self.series_name: str | None = None
        self.series_url: str | None = None
        self.series_description: str | None = None
        self.series_image: str | None = None
        self.episodes: list[LdEpisode] = []
        #: How many of :attr:`episodes` stand on their own (no series lists them).
        self.own_episodes = 0
        #: Set by the reader when the page's body shows several episodes.
        self.lists_episodes = False
        #: (line, message) of JSON-LD blocks that are not valid JSON.
        self.bad_jsonld: list[tuple[int, str]] = []
        self.jsonld_diagnostics: list[Diagnostic] = []
        self.itemprop_duration: str | None = None

    @property
    def is_episode_page(self) -> bool:
        """Whether the page is one episode's own page.

        Its address says so, or its JSON-LD describes one episode on its own
        and its body does not show several (a listing that features its
        newest episode in JSON-LD is still a listing); the episodes a series
        block lists belong to a listing page.
        """
        if self.address_is_episode:
            return True
        return self.own_episodes == 1 and not self.lists_episodes

    @property
    def address_is_episode(self) -> bool:
        """Whether the page's canonical address is an episode's."""
        return any(
            candidate and episode_slug(candidate)
            for candidate in (self.canonical, self.og.get("og:url"))
        )


def read_meta(root: etree._Element) -> PageMeta:
    """Read ``<head>`` (and JSON-LD anywhere): OpenGraph, links, series, episodes."""
    meta = PageMeta()
    for element in root.iterfind(".//head//*"):
        tag = element.tag
        if tag == "meta":
            key = element.get("property") or element.get("name") or element.get("itemprop")
            content = element.get("content")
            if key is None or content is None:
                continue
            key = key.strip().lower()
            if key.startswith("og:"):
                meta.og.setdefault(key, content.strip())
            elif key == "description" and meta.description is None:
                meta.description = content.strip() or None
            elif key == "duration" and meta.itemprop_duration is None:
                meta.itemprop_duration = content
        elif tag == "link":
            rel = (element.get("rel") or "").lower().split()
            href = element.get("href")
            if not href:
                continue
            kind = (element.get("type") or "").lower()
            if "canonical" in rel and meta.canonical is None:
                meta.canonical = href.strip()
            elif "alternate" in rel and "rss" in kind and meta.feed_url is None:
                meta.feed_url = href.strip()
            elif "next" in rel and meta.rel_next is None:
                meta.rel_next = href.strip()
            elif ("prev" in rel or "previous" in rel) and meta.rel_prev is None:
                meta.rel_prev = href.strip()
        elif tag == "base" and meta.base_href is None:
            meta.base_href = element.get("href")
        elif tag == "title" and meta.title is None:
            meta.title = " ".join((element.text or "").split()) or None
    meta.site_name = meta.og.get("og:site_name") or None
    for script in root.iterfind(".//script[@type]"):
        if script.get("type", "").strip().lower() != "application/ld+json":
            continue
        text = script.text or ""
        if len(text) > JSONLD_MAX:
            continue
        line: object = script.sourceline
        where = line if isinstance(line, int) else 1
        # Lone surrogates (escaped in the JSON) are reported with the page's other defects.
        found = Reporter()
        try:
            document = json_value(text, found, lines_before=where - 1)
        except (ValueError, RecursionError) as error:
            meta.bad_jsonld.append((where, str(error)))
            continue
        meta.jsonld_diagnostics.extend(found.diagnostics)
        _read_jsonld(meta, document)
    return meta


def _read_jsonld(meta: PageMeta, document: Any) -> None:
    for node, listed in _nodes(document):
        kinds = _types(node)
        if kinds & _SERIES_TYPES:
            meta.series_name = meta.series_name or _text(node.get("name"))
            meta.series_url = meta.series_url or _text(node.get("url"))
            description = node.get("description")
            if isinstance(description, str) and meta.series_description is None:
                meta.series_description = description.strip() or None
            meta.series_image = meta.series_image or _text(node.get("image"))
        if kinds & _EPISODE_TYPES:
            meta.episodes.append(LdEpisode(node))
            meta.own_episodes += not listed
