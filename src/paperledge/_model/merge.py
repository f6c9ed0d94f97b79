"""One show from many sources (listing pages, episode pages, dumps, feeds).

Each source knows part of an episode: a dump has the text and the authors,
a page adds the URL, the feed adds the guid, the exact moment, the audio and
the duration.  :func:`merge` matches the episodes of several shows and fills
each field from whichever source has it.

Rules:

* Episodes match by ``guid`` when both carry one (different guids are
  different episodes), else by the same ``url``, else by date (the same day;
  a day apart when the titles are the same, since a page shows the day in
  the site's zone and the feed in its own) together with the same title or,
  when a source has no title, the same opening of the text.  Identifiers
  compare loosely: URLs ignore a trailing slash and ``http`` vs ``https``,
  audio URLs their tracking prefixes.
* A field missing from the first source (``None``, an empty text, no
  authors) is taken from the next source that has it.
* When two sources disagree, the first source's value is kept and a
  ``merge-conflict`` diagnostic says what the other source had.  Order the
  sources by trust.
* Near-equal texts are equal: two descriptions with the same words in the
  same lines, whatever their whitespace (inside a line, around it, blank
  lines, indentation: one page theme indents paragraphs and another does
  not, and a feed's HTML has no whitespace of its own) are the same text, and
  so are titles that differ only in whitespace.  No conflict is reported; the first
  source's text is kept.  Pagination links differ from page to page by
  nature; the first is kept without a conflict.
* The merged episodes are newest first; episodes of the same day keep the
  order in which the sources list them; undated episodes come last.
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
import itertools
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol

import attrs

from .._diagnostics import Diagnostic
from .._rules.lines import feed_text
from .._rules.urls import clean_audio_url, url_key
from .episode import Episode
from .matching import guid_key, opening_key, title_key

__all__ = ["Source", "merge_sources"]

_SHOW_FIELDS = (
    "title",
    "description",
    "host",
    "url",
    "feed_url",
    "image_url",
    "language",
    "categories",
    "explicit",
    "new_feed_url",
)
_QUIET_SHOW_FIELDS = ("next_page_url", "previous_page_url")
# Every field of an episode, in the model's order (derived properties aside).
_EPISODE_FIELDS = tuple(field.name for field in attrs.fields(Episode))


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in feed_text(text).split("\n")]


def _same_text(a: Any, b: Any) -> bool:
    # Whitespace only differs: inside lines, around them, blank lines, and
    # indentation (one page theme indents paragraphs, another does not).
    return a == b or _lines(a) == _lines(b)


def _same_title(a: Any, b: Any) -> bool:
    # Whitespace only; a change of case is a real difference to report
    # (matching, by contrast, ignores case).
    return a == b or " ".join(a.split()) == " ".join(b.split())


def _same_url(a: Any, b: Any) -> bool:
    return a == b or url_key(a) == url_key(b)


def _same_audio(a: Any, b: Any) -> bool:
    return a == b or url_key(clean_audio_url(a)) == url_key(clean_audio_url(b))


def _same_moment(a: Any, b: Any) -> bool:
    # Aware moments compare by the instant they name, whatever their zones.
    try:
        return bool(a == b)
    except TypeError:  # a naive and an aware datetime
        return False


_EQUAL: dict[str, Callable[[Any, Any], bool]] = {
    "title": _same_title,
    "description": _same_text,
    "url": _same_url,
    "feed_url": _same_url,
    "image_url": _same_url,
    "audio_url": _same_audio,
    "published_at": _same_moment,
}


def _missing(value: Any) -> bool:
    # A text of only whitespace says nothing: a later source's value fills it.
    return value is None or value == () or (isinstance(value, str) and not value.strip())


def _short(value: Any) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        text = value.isoformat()
    elif isinstance(value, dt.timedelta):
        text = str(value)
    elif isinstance(value, tuple):
        text = "[" + ", ".join(getattr(a, "name", str(a)) for a in value) + "]"
    else:
        text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


class _Merger:
    def __init__(self, names: Sequence[str] | None) -> None:
        self.diagnostics: list[Diagnostic] = []
        self.names = names

    def conflict(self, what: str, field: str, kept: Any, other: Any, source: int) -> None:
        # Named sources (files, say) are named as the diagnostic's source; else by number.
        named = self.names is not None
        self.diagnostics.append(
            Diagnostic(
                code="merge-conflict",
                message=(
                    f"{what}: {'this source' if named else f'source {source + 1}'} gives "
                    f"{field} {_short(other)}; the first source's {_short(kept)} was kept"
                ),
                line=0,
                column=0,
                source=self.names[source] if self.names is not None else "merge",
            )
        )

    def fields(
        self,
        base: dict[str, Any],
        other: Any,
        names: tuple[str, ...],
        what: str,
        source: int,
        *,
        quiet: bool = False,
    ) -> None:
        for name in names:
            value = getattr(other, name)
            if _missing(value):
                continue
            current = base[name]
            if _missing(current):
                base[name] = value
            elif not _EQUAL.get(name, _plain_equal)(current, value) and not quiet:
                self.conflict(what, name, current, value, source)


def _plain_equal(a: Any, b: Any) -> bool:
    return bool(a == b)


def _describe(fields: dict[str, Any]) -> str:
    date = fields["published"]
    title = fields["title"] or opening_key(fields["description"])[:50]
    return f"episode {date.isoformat() if date else '(undated)'} {title!r}"


def _matches(a: dict[str, Any], b: Episode) -> bool:
    # A guid is unique to its episode: two different guids are two episodes.
    # One of only whitespace is none (guid_key), as parse_many's keys read it.
    guid_a, guid_b = guid_key(a["guid"]), guid_key(b.guid)
    if guid_a and guid_b:
        return guid_a == guid_b
    # The same URL is the same episode; but one episode can have two URLs
    # (a slug changed, a page linked by a redirect), so different URLs fall
    # through to the date and title.
    url_a = url_key(a["url"])
    if url_a and url_a == url_key(b.url):
        return True
    date_a, date_b = a["published"], b.published
    if date_a is None or date_b is None:
        return False
    days = abs((date_a - date_b).days)
    if days > 1:
        return False
    # A title of only whitespace is none, as for a guid.
    title_a, title_b = title_key(a["title"]), title_key(b.title)
    if title_a and title_b:
        return title_a == title_b
    if days:
        return False
    opening_a, opening_b = opening_key(a["description"]), opening_key(b.description)
    return bool(opening_a) and opening_a == opening_b


# The lists of _Candidates: the positions that carry a guid, and, per family
# (every episode; those without a guid), a URL, a title, an opening of the
# text, an opening of an untitled episode's text.
_GUID = "guid"
_ALL, _NO_GUID = "all", "no-guid"
_URL, _TITLE, _OPENING, _UNTITLED_OPENING = "url", "title", "opening", "untitled-opening"


class _Candidates:
    """The episodes merged so far that may match a new one, found by their keys.

    Matching is :func:`_matches` against the first that matches of: the
    first episode with the new one's guid, the first with its URL, then
    those within a day of its date in the order they were first seen there
    (a day's *bucket*).  Comparing with every episode of a day costs time
    quadratic in a day's episodes (a feed that dates its whole archive the
    same day); instead each bucket keeps, for each key that a rule of
    :func:`_matches` compares, the episodes that have it, in bucket order,
    and only the lists of the new episode's own keys are tried: every
    episode that matches is in one of them, so the first that matches is
    the same.  Fields are only ever filled in, never changed, so an
    episode's keys are only added to.
    """

    def __init__(self, episodes: list[dict[str, Any]]) -> None:
        self._episodes = episodes
        self._by_guid: dict[str, int] = {}
        self._by_url: dict[str, int] = {}
        # (day, position) -> its rank in the day's bucket (a global count).
        self._rank: dict[tuple[dt.date, int], int] = {}
        self._lists: dict[tuple[dt.date, str, str, str], list[int]] = {}
        self._added: set[tuple[dt.date, str, str, str, int]] = set()

    def _add(self, day: dt.date, family: str, kind: str, key: str, position: int) -> None:
        if (day, family, kind, key, position) in self._added:
            return
        self._added.add((day, family, kind, key, position))
        rank = self._rank
        positions = self._lists.setdefault((day, family, kind, key), [])
        bisect.insort(positions, position, key=lambda p: rank[day, p])

    def index(self, position: int) -> None:
        """Add the keys of the episode at ``position`` (anew after it was filled in)."""
        fields = self._episodes[position]
        guid = guid_key(fields["guid"])
        if guid:
            self._by_guid.setdefault(guid, position)
        url = url_key(fields["url"])
        if url:
            self._by_url.setdefault(url, position)
        day = fields["published"]
        if day is None:
            return
        families = (_ALL,) if guid else (_ALL, _NO_GUID)
        title = title_key(fields["title"])
        opening = opening_key(fields["description"])
        for offset in (-1, 0, 1):
            if (offset < 0 and day == dt.date.min) or (offset > 0 and day == dt.date.max):
                continue  # no day before the calendar's first or after its last
            near = day + dt.timedelta(days=offset)
            self._rank.setdefault((near, position), len(self._rank))
            if guid:
                self._add(near, _GUID, _GUID, guid, position)
            for family in families:
                if url:
                    self._add(near, family, _URL, url, position)
                if title:
                    self._add(near, family, _TITLE, title, position)
        # The openings compare on the same day only.
        for family in families if opening else ():
            self._add(day, family, _OPENING, opening, position)
            if not title:
                self._add(day, family, _UNTITLED_OPENING, opening, position)

    def _near(self, episode: Episode, day: dt.date) -> list[list[int]]:
        """The lists of the day's bucket that hold every episode that may match."""
        guid = guid_key(episode.guid)
        # Two guids decide alone: with one, only episodes without one match otherwise.
        family = _NO_GUID if guid else _ALL
        title = title_key(episode.title)
        opening = opening_key(episode.description)
        keys = [(_GUID, _GUID, guid)] if guid else []
        url = url_key(episode.url)
        if url:
            keys.append((family, _URL, url))
        if title:
            keys.append((family, _TITLE, title))
        if opening:
            keys.append((family, _UNTITLED_OPENING if title else _OPENING, opening))
        return [self._lists[key] for key in ((day, *k) for k in keys) if key in self._lists]

    def find(self, episode: Episode) -> int | None:
        """The position of the first episode merged so far that ``episode`` matches."""
        first: list[int] = []
        guid = guid_key(episode.guid)
        if guid and guid in self._by_guid:
            first.append(self._by_guid[guid])
        url = url_key(episode.url)
        if url and url in self._by_url:
            first.append(self._by_url[url])
        ordered: Iterable[int] = ()
        day = episode.published
        if day is not None:
            lists = self._near(episode, day)
            rank = self._rank
            if len(lists) == 1:
                ordered = lists[0]
            elif lists:
                ordered = heapq.merge(*lists, key=lambda p: rank[day, p])
        for position in itertools.chain(first, ordered):
            if _matches(self._episodes[position], episode):
                return position
        return None


class Source(Protocol):
    """What merging reads of a show (a :class:`~paperledge.Show` is one)."""

    @property
    def episodes(self) -> tuple[Episode, ...]: ...
    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]: ...


def merge_sources(
    shows: Sequence[Source],
    names: Sequence[str] | None = None,
) -> tuple[dict[str, Any], list[Episode], list[Diagnostic]]:
    """The show's fields, the episodes and the diagnostics of ``shows`` merged.

    ``shows`` is not empty.  :func:`paperledge.merge` makes a show of them;
    ``names``, one per show, name the sources in merge conflicts.
    """
    merger = _Merger(names)
    show_fields = {name: getattr(shows[0], name) for name in _SHOW_FIELDS + _QUIET_SHOW_FIELDS}
    episodes: list[dict[str, Any]] = []
    candidates = _Candidates(episodes)
    diagnostics: list[Diagnostic] = []
    index, find = candidates.index, candidates.find

    for number, show in enumerate(shows):
        diagnostics.extend(show.diagnostics)
        if number:
            merger.fields(show_fields, show, _SHOW_FIELDS, "the show", number)
            merger.fields(show_fields, show, _QUIET_SHOW_FIELDS, "the show", number, quiet=True)
        matched: set[int] = set()
        for episode in show.episodes:
            position = find(episode) if number else None
            if position is not None and position not in matched:
                matched.add(position)
                fields = episodes[position]
                merger.fields(fields, episode, _EPISODE_FIELDS, _describe(fields), number)
                index(position)
                continue
            episodes.append({name: getattr(episode, name) for name in _EPISODE_FIELDS})
            index(len(episodes) - 1)

    # Newest first; sorted() is stable, so same-day episodes keep source order.
    dated = [f for f in episodes if f["published"] is not None]
    undated = [f for f in episodes if f["published"] is None]
    dated.sort(key=lambda f: f["published"], reverse=True)
    merged = [Episode(**fields) for fields in dated + undated]
    return show_fields, merged, [*diagnostics, *merger.diagnostics]
