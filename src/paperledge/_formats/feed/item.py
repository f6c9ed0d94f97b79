"""One ``<item>`` of a feed, read into an :class:`~paperledge.Episode`.

One pass over the item's children, dispatching on the element's tag
through a dict (no XPath, no namespace lookups per element).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from ..._diagnostics import Reporter
from ..._model import Author, Enclosure, Episode
from ..._rules.credits import parse_authors, split_credit
from ..._rules.dates import parse_iso_day, parse_rfc822, parse_rfc3339
from ..._rules.durations import parse_clock
from ..._rules.names import normalize_name
from ..._rules.urls import is_audio_path
from .document import _absolute, _clean, _clean_text, _text
from .markup import LOOKS_LIKE_HTML, html_to_lines, plain_lines
from .names import (
    CONTENT,
    DC,
    GROUP_ROLE,
    ITUNES_ALIASES,
    MEDIA,
    PODCAST_ALIASES,
    RDF,
    RSS1,
)
from .podcast import (
    AUTHOR_ROLES,
    choose_audio,
    count_of,
    explicit,
    linked_files,
    media_files,
    other_persons,
)

__all__: list[str] = []

_MIDNIGHT = dt.time(0, 0)

(
    _TITLE,
    _LINK,
    _DESCRIPTION,
    _CONTENT,
    _SUMMARY,
    _GUID,
    _PUBDATE,
    _ENCLOSURE,
    _DURATION,
    _IMAGE,
    _ITUNES_TITLE,
    _PERSON,
    _MEDIA_CONTENT,
    _MEDIA_THUMBNAIL,
    _DC_DATE,
    _CREATOR,
    _ITUNES_AUTHOR,
    _RSS_AUTHOR,
    _SUBTITLE,
    _EPISODE_TYPE,
    _NUMBER,
    _SEASON,
    _EXPLICIT,
    _CHAPTERS,
    _TRANSCRIPT,
    _MEDIA_GROUP,
) = range(26)
# The kinds an item may hold several of, all read in document order.
_REPEATED = (_PERSON, _CREATOR, _ENCLOSURE, _MEDIA_CONTENT, _CHAPTERS, _TRANSCRIPT)

_ITEM_TAGS: dict[str, int] = {
    "title": _TITLE,
    "link": _LINK,
    "description": _DESCRIPTION,
    f"{{{CONTENT}}}encoded": _CONTENT,
    "guid": _GUID,
    "pubDate": _PUBDATE,
    "enclosure": _ENCLOSURE,
    f"{{{MEDIA}}}content": _MEDIA_CONTENT,
    f"{{{MEDIA}}}thumbnail": _MEDIA_THUMBNAIL,
    f"{{{MEDIA}}}group": _MEDIA_GROUP,
    f"{{{DC}}}date": _DC_DATE,
    f"{{{DC}}}creator": _CREATOR,
    "author": _RSS_AUTHOR,
}
for _ns in ITUNES_ALIASES:
    _ITEM_TAGS[f"{{{_ns}}}summary"] = _SUMMARY
    _ITEM_TAGS[f"{{{_ns}}}duration"] = _DURATION
    _ITEM_TAGS[f"{{{_ns}}}image"] = _IMAGE
    _ITEM_TAGS[f"{{{_ns}}}author"] = _ITUNES_AUTHOR
    _ITEM_TAGS[f"{{{_ns}}}subtitle"] = _SUBTITLE
    _ITEM_TAGS[f"{{{_ns}}}episodeType"] = _EPISODE_TYPE
    _ITEM_TAGS[f"{{{_ns}}}episode"] = _NUMBER
    _ITEM_TAGS[f"{{{_ns}}}season"] = _SEASON
    _ITEM_TAGS[f"{{{_ns}}}explicit"] = _EXPLICIT
for _ns in PODCAST_ALIASES:
    _ITEM_TAGS[f"{{{_ns}}}person"] = _PERSON
    _ITEM_TAGS[f"{{{_ns}}}episode"] = _NUMBER
    _ITEM_TAGS[f"{{{_ns}}}season"] = _SEASON
    _ITEM_TAGS[f"{{{_ns}}}chapters"] = _CHAPTERS
    _ITEM_TAGS[f"{{{_ns}}}transcript"] = _TRANSCRIPT
# RSS 1.0 names its item's parts in its own namespace.
_ITEM_TAGS[f"{{{RSS1}}}title"] = _TITLE
_ITEM_TAGS[f"{{{RSS1}}}link"] = _LINK
_ITEM_TAGS[f"{{{RSS1}}}description"] = _DESCRIPTION
_ABOUT = f"{{{RDF}}}about"
#: What a media:group holds: renditions of one medium and their picture.
MEDIA_CONTENT = f"{{{MEDIA}}}content"
MEDIA_THUMBNAIL = f"{{{MEDIA}}}thumbnail"
# Each kind's tags (a namespace's aliases), for the kinds read in order.
_TAGS_OF: dict[int, tuple[str, ...]] = {
    kind: tuple(tag for tag, of in _ITEM_TAGS.items() if of == kind) for kind in _REPEATED
}


def _authors_from_persons(persons: list[Any]) -> tuple[Author, ...]:
    authors = []
    for person in persons:
        # The podcast namespace's default role is "host": a person without
        # one presents the show, and wrote no paper.
        role = (person.get("role") or "host").strip().lower()
        if role not in AUTHOR_ROLES:
            continue
        name = normalize_name(_text(person))
        if name:
            authors.append(Author(name=name, is_group=role == GROUP_ROLE))
    return tuple(authors)


def _split_credit(
    lines: list[str], reporter: Reporter, line: int
) -> tuple[list[str], tuple[Author, ...] | None]:
    """Take the credit off the last line; ``None`` authors when there is none."""
    split = split_credit(lines[-1]) if lines else None
    if split is None:
        return lines, None
    before, names, _offset = split
    authors = parse_authors(names, reporter, line)
    if before.strip():
        lines[-1] = before.rstrip()
    else:
        lines.pop()
    return lines, authors


# -- one item, step by step ------------------------------------------------------


def _item(item: Any, reporter: Reporter) -> Episode:
    # One pass over the children: the last child of each kind wins
    # (a repeated <title> reads as its last), except for the kinds read in
    # document order (_in_order).
    get = _ITEM_TAGS.get
    found: dict[int | None, Any] = {get(child.tag): child for child in item}
    line = item.sourceline or 1
    repeated = _in_order(item, found)
    # The steps in the order of their diagnostics.
    published, published_at = _dates(found.get(_PUBDATE), found.get(_DC_DATE), reporter, line)
    duration = _duration(found.get(_DURATION), reporter, line)
    enclosures = media_files(repeated[_ENCLOSURE], reporter, line)
    audio = choose_audio(enclosures) or _media_audio(
        repeated[_MEDIA_CONTENT], found.get(_MEDIA_GROUP), reporter, line
    )
    others = tuple(enclosure for enclosure in enclosures if enclosure is not audio)
    persons = repeated[_PERSON]
    description, authors = _text_and_authors(found, persons, reporter, line)
    title, url, guid = _identity(found)
    if guid is None:
        # An RSS 1.0 item names itself in rdf:about.
        guid = _clean(item.get(_ABOUT))
        url = url or guid
    return Episode(
        published=published,
        title=title,
        description=description,
        authors=authors,
        url=url,
        guid=guid,
        published_at=published_at,
        audio_url=None if audio is None else audio.url,
        audio_type=None if audio is None else audio.type,
        audio_length=None if audio is None else audio.length,
        duration=duration,
        image_url=_image(found),
        subtitle=_clean_text(found.get(_SUBTITLE)),
        episode_type=_lower(found.get(_EPISODE_TYPE)),
        number=count_of(found.get(_NUMBER), reporter, line),
        season=count_of(found.get(_SEASON), reporter, line),
        explicit=explicit(found.get(_EXPLICIT), reporter, line),
        persons=other_persons(persons),
        creators=_creators(found, repeated[_CREATOR]),
        other_enclosures=others,
        chapters=linked_files(repeated[_CHAPTERS]),
        transcripts=linked_files(repeated[_TRANSCRIPT]),
    )


def _lower(element: Any) -> str | None:
    text = _clean_text(element)
    return None if text is None else text.lower()


def _in_order(item: Any, found: dict[int | None, Any]) -> dict[int, list[Any]]:
    """The item's elements of each kind it may hold several of, in document order."""
    repeated: dict[int, list[Any]] = {}
    for kind in _REPEATED:
        if kind not in found:
            repeated[kind] = []
            continue
        tags = _TAGS_OF[kind]
        # lxml looks for the tags in C; one tag in nearly every feed.
        if len(tags) == 1:
            repeated[kind] = item.findall(tags[0])
        else:
            repeated[kind] = list(item.iterchildren(*tags))
    return repeated


def _media_audio(media: list[Any], group: Any, reporter: Reporter, line: int) -> Enclosure | None:
    """The first ``media:content`` that is audio (not a picture or a video),
    the item's own, else one in its ``media:group``."""
    if group is not None:
        media = [*media, *group.iterchildren(MEDIA_CONTENT)]
    for element in media:
        if _is_audio(element):
            found = media_files([element], reporter, line, length="fileSize")
            if found:
                return found[0]
    return None


def _is_audio(media: Any) -> bool:
    """Whether a ``media:content`` is the episode's audio (not its picture or video)."""
    kind = (media.get("type") or "").strip().lower()
    medium = (media.get("medium") or "").strip().lower()
    if kind or medium:
        return kind.startswith("audio/") or medium == "audio"
    return is_audio_path(media.get("url") or "")


def _dates(
    pubdate: Any, dc_date: Any, reporter: Reporter, line: int
) -> tuple[dt.date | None, dt.datetime | None]:
    """``published`` and ``published_at`` from ``pubDate`` (RFC 822, else ISO 8601),
    else ``dc:date`` (ISO 8601)."""
    element = pubdate if pubdate is not None else dc_date
    if element is None:
        return None, None
    text = _text(element)
    parsed = parse_rfc822(text)
    if parsed is None:
        iso = _iso_moment(text.strip())
        if iso is not None:
            return iso
        name = "pubDate" if element is pubdate else "dc:date"
        reporter.report(
            "feed-date",
            f"{name} {text.strip()[:80]!r} is neither an RFC 822 nor an ISO 8601 date",
            element.sourceline or line,
        )
        return None, None
    moment, zone_known = parsed
    # Midnight at zone -0000 is how a date without a time is written (the
    # rss writer does so); anything else is a moment.
    if zone_known or moment.time() != _MIDNIGHT:
        return moment.date(), moment
    return moment.date(), None


def _iso_moment(text: str) -> tuple[dt.date, dt.datetime | None] | None:
    """An ISO 8601 day (``2025-10-02``) or moment (RFC 3339), as ``published`` and
    ``published_at`` (a moment without an offset is no moment: its day only)."""
    try:
        return parse_iso_day(text), None
    except ValueError:
        pass
    try:
        moment = parse_rfc3339(text)
    except ValueError:
        return None
    return moment.date(), (moment if moment.tzinfo is not None else None)


def _duration(element: Any, reporter: Reporter, line: int) -> dt.timedelta | None:
    """``itunes:duration``, reported when it is not a clock reading."""
    if element is None:
        return None
    text = _text(element)
    duration = parse_clock(text, lenient=True)
    if duration is None and text.strip():
        reporter.report(
            "feed-duration",
            f"itunes:duration {text.strip()[:40]!r} is not seconds, MM:SS or HH:MM:SS",
            element.sourceline or line,
        )
    return duration


def _text_and_authors(
    found: dict[int | None, Any], persons: list[Any], reporter: Reporter, line: int
) -> tuple[str, tuple[Author, ...]]:
    """The description's lines, and the authors: ``podcast:person``, else the credit."""
    # content:encoded, else description, else itunes:summary: the first
    # that holds more than whitespace.
    markup = None
    for kind in (_CONTENT, _DESCRIPTION, _SUMMARY):
        element = found.get(kind)
        if element is not None:
            markup = _text(element)
            if markup and not markup.isspace():
                break
    if _TITLE not in found and _CONTENT not in found and _DESCRIPTION not in found:
        reporter.report("feed-structure", "an item has neither a title nor a description", line)
    description, credited = _description(markup, reporter, line)
    authors = _authors_from_persons(persons) if persons else ()
    return description, authors or credited or ()


def _description(
    markup: str | None, reporter: Reporter, line: int, *, html: bool | None = None
) -> tuple[str, tuple[Author, ...] | None]:
    """Show notes as the dumps' lines, and the authors their credit names (``None``
    without one).  ``html`` says whether ``markup`` is HTML; ``None``: looked at."""
    lines: list[str] = []
    if markup:
        if html is None:
            html = LOOKS_LIKE_HTML.search(markup) is not None
        lines = html_to_lines(markup) if html else plain_lines(markup)
    lines, credited = _split_credit(lines, reporter, line)
    return "\n".join(lines), credited


def _identity(found: dict[int | None, Any]) -> tuple[str | None, str | None, str | None]:
    """The title, the URL (``link``, else a permalink ``guid``) and the guid."""
    # An item without <title> has no title (itunes:title, a display variant,
    # is not read as one).
    title = _clean_text(found.get(_TITLE))
    link = found.get(_LINK)
    url = None if link is None else _absolute(link, _text(link))
    element = found.get(_GUID)
    guid = _clean_text(element)
    if url is None and guid is not None and element is not None:
        said = (element.get("isPermaLink") or "").strip().lower()
        # RSS 2.0's default is a permalink, but only an address is taken as
        # one unless the feed says so; then it is resolved like a link.
        if said == "true":
            url = _absolute(element, guid)
        elif not said and guid.startswith(("http:", "https:")):
            url = guid
    return title, url, guid


def _image(found: dict[int | None, Any]) -> str | None:
    """``itunes:image``, else ``media:thumbnail``, else one in ``media:group``."""
    element = found.get(_IMAGE)
    image = None if element is None else _absolute(element, element.get("href") or _text(element))
    if image is None:
        element = found.get(_MEDIA_THUMBNAIL)
        image = None if element is None else _absolute(element, element.get("url"))
    if image is None:
        image = group_thumbnail(found.get(_MEDIA_GROUP))
    return image


def group_thumbnail(group: Any) -> str | None:
    """The picture a ``media:group`` (or ``None``) gives, if any."""
    element = None if group is None else group.find(MEDIA_THUMBNAIL)
    return None if element is None else _absolute(element, element.get("url"))


# How feeds write a person with an e-mail address, in <author>, dc:creator and
# itunes:author alike: RSS 2.0's "lawyer@example.com (Lawyer Boyer)" (the
# address, the name in parentheses), and the name first, the address after it
# in parentheses or angle brackets: "Lawyer Boyer (lawyer@example.com)",
# "Lawyer Boyer <lawyer@example.com>".
# The address's local part holds no "@" and neither part a parenthesis: one
# way to read each, so a run of "@" costs linear time, not quadratic.
_ADDRESS_AND_NAME = re.compile(r"\s*[^\s@()]+@[^\s()]+\s*\((?P<name>[^()]*)\)\s*$")
# The name runs up to the first "(" or "<" (no backtracking into it).
_NAME_AND_ADDRESS = re.compile(
    r"(?P<name>[^()<>@]*)(?:\(\s*[^\s()@]+@[^\s()]+\s*\)|<\s*[^\s<>@]+@[^\s<>]+\s*>)\s*$"
)


def _creators(found: dict[int | None, Any], creators: list[Any]) -> tuple[str, ...]:
    """Who made the episode: ``itunes:author``, else each ``dc:creator``, else
    ``author``."""
    # The first of them that names someone: an empty itunes:author hides nothing.
    itunes, author = found.get(_ITUNES_AUTHOR), found.get(_RSS_AUTHOR)
    for sources in ([itunes], creators, [author]):
        names = creator_names([_text(source) for source in sources if source is not None])
        if names:
            return names
    return ()


def creator_names(texts: Iterable[str]) -> tuple[str, ...]:
    """Each text as a creator's name: whitespace normalised, the e-mail address
    written beside a name left out, empty ones skipped.

    A name stays as the feed writes it, never split: "Tom & Jerry" may be a
    duo or a company, and "Doe, John" one person.
    """
    names = []
    for text in texts:
        # Every address form holds an "@": most names need no pattern.
        name = normalize_name(_without_address(text) if "@" in text else text)
        if name:
            names.append(name)
    return tuple(names)


def _without_address(text: str) -> str:
    """A person as a feed writes them with an e-mail address, without the address.

    The name alone; the address itself when there is no name; ``text`` as it
    is when it holds no address.
    """
    named = _ADDRESS_AND_NAME.match(text) or _NAME_AND_ADDRESS.match(text)
    name = named["name"].strip() if named else ""
    return name or text
