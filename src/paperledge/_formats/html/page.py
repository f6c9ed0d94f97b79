"""What the page as a whole says: pagination, JSON-LD and OpenGraph facts, the show."""

from __future__ import annotations

import re

import attrs

from ..._model import Author, Episode, Show
from ..._rules.credits import parse_authors, split_credit
from ..._rules.dates import match_date_line
from ..._rules.durations import read_duration
from ..._rules.names import host_from_description, normalize_name
from ..._rules.urls import episode_slug, page_number, resolve, site_root, url_key
from ..text import TextParser
from .episode import Context
from .lines import Prepared
from .meta import LdEpisode, PageMeta

__all__ = [
    "add_page_facts",
    "base_url",
    "clean_line",
    "expected_title",
    "ld_episode",
    "page_show",
    "pagination",
]

_NEXT_LABELS = re.compile(r"older|next|»|›|→|more episodes", re.IGNORECASE)
_PREVIOUS_LABELS = re.compile(r"newer|prev|«|‹|←", re.IGNORECASE)


def base_url(url: str | None, meta: PageMeta) -> str | None:
    document = url or meta.canonical or meta.og.get("og:url")
    if document is not None and not site_root(document):
        document = None
    if meta.base_href:
        return resolve(document, meta.base_href) if document else meta.base_href
    return document


def pagination(
    prepared: Prepared, meta: PageMeta, base: str | None, document: str | None
) -> tuple[str | None, str | None]:
    """(next = older, previous = newer) listing pages."""
    following = meta.rel_next
    preceding = meta.rel_prev
    current = page_number(document or "") or 1
    by_number: dict[int, str] = {}
    root_link: str | None = None
    for href, label, rel in prepared.page_links:
        if "next" in rel and following is None:
            following = href
        elif ("prev" in rel or "previous" in rel) and preceding is None:
            preceding = href
        number = page_number(href)
        if number is not None:
            by_number.setdefault(number, href)
            if _NEXT_LABELS.search(label) and following is None and number > current:
                following = href
            elif _PREVIOUS_LABELS.search(label) and preceding is None and number < current:
                preceding = href
        elif _PREVIOUS_LABELS.search(label) and len(label) < 40:
            root_link = root_link or href
    if following is None:
        following = by_number.get(current + 1)
    if preceding is None and current > 1:
        preceding = by_number.get(current - 1) or (root_link if current == 2 else None)
    return resolve(base, following), resolve(base, preceding)


def expected_title(meta: PageMeta) -> str | None:
    """The episode's title as an episode page's metadata gives it, if it does."""
    for ld in meta.episodes:
        if ld.name:
            return _title(ld.name)
    return _title(meta.og.get("og:title"))


def _title(name: str | None) -> str | None:
    """A title from metadata; an untitled episode's page shows its date instead."""
    if not name:
        return None
    title = normalize_name(name)
    return None if not title or match_date_line(title) is not None else title


def _merge_ld(episode: Episode, ld: LdEpisode, base: str | None) -> Episode:
    return attrs.evolve(
        episode,
        title=episode.title or _title(ld.name),
        published=episode.published or ld.published,
        url=episode.url or resolve(base, ld.url),
        audio_url=episode.audio_url or resolve(base, ld.audio_url),
        duration=episode.duration or ld.duration,
        image_url=episode.image_url or resolve(base, ld.image_url),
    )


def _episode_key(url: str | None) -> str | None:
    """What ties a JSON-LD episode to a listed one: its link's slug, else its URL's key."""
    if not url:
        return None
    return episode_slug(url) or url_key(url)


def ld_episode(ld: LdEpisode, ctx: Context) -> Episode:
    """An episode from JSON-LD alone (a page whose text is drawn by scripts)."""
    text = ld.description or ""
    authors: tuple[Author, ...] = ()
    credit = split_credit(text)
    if credit is not None:
        text, names, _ = credit
        authors = parse_authors(names, ctx.reporter, 1)
    lines = [line for line in (clean_line(part) for part in text.split("\n")) if line]
    return Episode(
        published=ld.published,
        title=_title(ld.name),
        description="\n".join(lines),
        authors=authors,
        url=resolve(ctx.base, ld.url),
        audio_url=resolve(ctx.base, ld.audio_url),
        duration=ld.duration,
        image_url=resolve(ctx.base, ld.image_url),
    )


def clean_line(text: str) -> str:
    """A line of JSON-LD text: trailing whitespace dropped, no-break spaces as spaces."""
    return text.rstrip().replace("\xa0", " ")


def add_page_facts(episodes: list[Episode], meta: PageMeta, ctx: Context) -> list[Episode]:
    base = ctx.base
    if meta.episodes:
        by_key = {_episode_key(ld.url): ld for ld in meta.episodes if ld.url}
        if len(episodes) == 1 and len(meta.episodes) == 1 and meta.is_episode_page:
            episodes[0] = _merge_ld(episodes[0], meta.episodes[0], base)
        elif episodes:
            for index, episode in enumerate(episodes):
                ld = by_key.get(_episode_key(episode.url))
                if ld is not None:
                    episodes[index] = _merge_ld(episode, ld, base)
        else:
            episodes = [ld_episode(ld, ctx) for ld in meta.episodes]
    if meta.is_episode_page and len(episodes) == 1:
        episode = episodes[0]
        og = meta.og
        duration = episode.duration or read_duration(meta.itemprop_duration)
        episodes[0] = attrs.evolve(
            episode,
            title=episode.title or _title(og.get("og:title")),
            url=episode.url or resolve(base, og.get("og:url") or meta.canonical),
            audio_url=episode.audio_url or resolve(base, og.get("og:audio")),
            image_url=episode.image_url or resolve(base, og.get("og:image")),
            duration=duration,
        )
    return episodes


def page_show(
    *,
    meta: PageMeta,
    ctx: Context,
    episodes: list[Episode],
    text_parser: TextParser | None,
    following: str | None,
    preceding: str | None,
    document: str | None,
) -> Show:
    title = meta.site_name or meta.series_name
    if title is None and meta.title:
        title = meta.title.split(" | ")[0].strip() or None
    if title is None and text_parser is not None:
        title = text_parser.title
    if meta.is_episode_page:
        description = meta.series_description
    else:
        description = meta.description or meta.og.get("og:description") or meta.series_description
    if description is None and text_parser is not None:
        description = text_parser.description
    show_url = resolve(ctx.base, meta.series_url) or site_root(ctx.base or document)
    return Show(
        title=title,
        description=description,
        host=host_from_description(description),
        url=show_url,
        feed_url=resolve(ctx.base, meta.feed_url),
        image_url=resolve(ctx.base, meta.series_image)
        or (None if meta.is_episode_page else resolve(ctx.base, meta.og.get("og:image"))),
        next_page_url=following,
        previous_page_url=preceding,
        episodes=episodes,
        diagnostics=ctx.reporter.diagnostics,
    )
