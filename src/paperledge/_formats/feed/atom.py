"""Atom 1.0 feeds (RFC 4287): the feed gives the show, each ``<entry>`` an episode.

An entry's parts map onto an RSS item's: ``link rel="alternate"`` (or no
``rel``) is the episode's page and ``rel="enclosure"`` its audio; ``id`` its
guid; ``published`` (else ``updated``) its date; ``content`` (else
``summary``) its show notes, read as the RSS reader reads them (the credit
line, which names the paper's authors, included); ``author/name`` its
creators.  The iTunes and Media RSS extensions (``itunes:duration``,
``itunes:image``, ``media:thumbnail``) are read as in RSS.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from ..._diagnostics import Reporter
from ..._model import Enclosure, Episode
from .document import _absolute, _clean, _clean_text, _text
from .item import _description, _duration, _iso_moment, creator_names, group_thumbnail
from .markup import html_to_lines
from .names import ATOM, CONTENT, ITUNES_ALIASES, MEDIA
from .podcast import byte_count, choose_audio

__all__ = ["ENTRY", "FEED", "atom_entry", "atom_feed_fields"]

#: The root element of an Atom feed, and its entries.
FEED = f"{{{ATOM}}}feed"
ENTRY = f"{{{ATOM}}}entry"

_TITLE = f"{{{ATOM}}}title"
_SUBTITLE = f"{{{ATOM}}}subtitle"
_LINK = f"{{{ATOM}}}link"
_ID = f"{{{ATOM}}}id"
_PUBLISHED = f"{{{ATOM}}}published"
_UPDATED = f"{{{ATOM}}}updated"
_CONTENT = f"{{{ATOM}}}content"
_SUMMARY = f"{{{ATOM}}}summary"
_AUTHOR = f"{{{ATOM}}}author"
_NAME = f"{{{ATOM}}}name"
_LOGO = f"{{{ATOM}}}logo"
_ICON = f"{{{ATOM}}}icon"
_DURATIONS = {f"{{{ns}}}duration" for ns in ITUNES_ALIASES}
_IMAGES = {f"{{{ns}}}image" for ns in ITUNES_ALIASES}
_THUMBNAIL = f"{{{MEDIA}}}thumbnail"
_GROUP = f"{{{MEDIA}}}group"
# content:encoded, which some Atom feeds carry as RSS feeds do.
_ENCODED = f"{{{CONTENT}}}encoded"


def _xhtml(element: Any) -> str:
    """An ``xhtml`` construct's content as the markup it is: its elements as
    written, its text escaped (``&lt;blink&gt;`` there is text, not a tag)."""
    text = element.text
    parts = [] if text is None else [_escape(text)]
    parts.extend(etree.tostring(child, encoding="unicode") for child in element)
    return "".join(parts)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _markup(element: Any, kind: str) -> str:
    """The markup of an ``html`` or ``xhtml`` construct (or content)."""
    return _xhtml(element) if kind == "xhtml" else _text(element)


def _construct(element: Any) -> str | None:
    """An Atom text construct as plain text: ``text`` as it is, ``html`` and
    ``xhtml`` without their markup."""
    if element is None:
        return None
    kind = (element.get("type") or "text").strip().lower()
    if kind in ("html", "xhtml"):
        return _clean(" ".join(html_to_lines(_markup(element, kind))))
    return _clean_text(element)


def _links(entry: Any, reporter: Reporter) -> tuple[str | None, tuple[Enclosure, ...]]:
    """The entry's page (``rel="alternate"`` or none) and its enclosures."""
    page = None
    enclosures = []
    for link in entry.iterchildren(_LINK):
        rel = (link.get("rel") or "alternate").strip().lower()
        if rel == "alternate" and page is None:
            page = _absolute(link, link.get("href"))
        elif rel == "enclosure":
            url = _absolute(link, link.get("href"))
            if url is not None:
                length = byte_count(link.get("length"), link, reporter, entry.sourceline or 1)
                enclosures.append(Enclosure(url=url, type=_clean(link.get("type")), length=length))
    return page, tuple(enclosures)


def _creators(parent: Any) -> tuple[str, ...]:
    """The names of the element's ``author`` children, in order."""
    names = (author.find(_NAME) for author in parent.iterchildren(_AUTHOR))
    return creator_names(_text(name) for name in names if name is not None)


def _notes(entry: Any) -> tuple[str | None, bool]:
    """The entry's show notes and whether they are HTML: ``content``, else
    ``content:encoded`` (HTML, preferred over the summary as in RSS), else
    ``summary``."""
    for tag in (_CONTENT, _ENCODED, _SUMMARY):
        element = entry.find(tag)
        if element is not None:
            text = _text(element)
            if text and not text.isspace():
                kind = (
                    "html" if tag == _ENCODED else (element.get("type") or "text").strip().lower()
                )
                if kind == "xhtml":
                    return _xhtml(element), True
                return text, kind == "html"
    return None, False


def atom_entry(entry: Any, reporter: Reporter) -> Episode:
    """The episode one ``<entry>`` describes."""
    line = entry.sourceline or 1
    dated = entry.find(_PUBLISHED)
    if dated is None:
        dated = entry.find(_UPDATED)
    published = published_at = None
    if dated is not None:
        moment = _iso_moment(_text(dated).strip())
        if moment is None:
            reporter.report(
                "feed-date",
                f"{dated.tag.rpartition('}')[2]} {_text(dated).strip()[:80]!r} is not an "
                "RFC 3339 date",
                dated.sourceline or line,
            )
        else:
            published, published_at = moment
    duration = None
    image = None
    for child in entry:
        if child.tag in _DURATIONS:
            duration = _duration(child, reporter, line)
        elif child.tag in _IMAGES:
            image = _absolute(child, child.get("href") or _text(child))
        elif child.tag == _THUMBNAIL and image is None:
            image = _absolute(child, child.get("url"))
        elif child.tag == _GROUP and image is None:
            image = group_thumbnail(child)
    page, enclosures = _links(entry, reporter)
    audio = choose_audio(enclosures)
    notes, html = _notes(entry)
    description, credited = _description(notes, reporter, line, html=html)
    return Episode(
        published=published,
        title=_construct(entry.find(_TITLE)),
        description=description,
        authors=credited or (),
        url=page,
        guid=_clean_text(entry.find(_ID)),
        published_at=published_at,
        audio_url=None if audio is None else audio.url,
        audio_type=None if audio is None else audio.type,
        audio_length=None if audio is None else audio.length,
        duration=duration,
        image_url=image,
        creators=_creators(entry),
        other_enclosures=tuple(e for e in enclosures if e is not audio),
    )


def atom_feed_fields(feed: Any, reporter: Reporter) -> dict[str, str | None]:
    """The show's fields from the feed element, named as the RSS reader names them."""
    fields: dict[str, str | None] = {
        "title": _construct(feed.find(_TITLE)),
        "description": _construct(feed.find(_SUBTITLE)),
    }
    for link in feed.iterchildren(_LINK):
        rel = (link.get("rel") or "alternate").strip().lower()
        href = _absolute(link, link.get("href"))
        key = {
            "alternate": "url",
            "self": "feed_url",
            "next": "next_page_url",
            "previous": "previous_page_url",
            "prev": "previous_page_url",
        }.get(rel)
        if key is not None:
            fields.setdefault(key, href)
    fields["host"] = ", ".join(_creators(feed)) or None
    for tag in (*_IMAGES, _LOGO, _ICON):
        element = feed.find(tag)
        if element is not None:
            fields["image"] = _absolute(element, element.get("href") or _text(element))
            break
    if fields["title"] is None:
        reporter.report(
            "feed-structure", "the feed has no <title>, which Atom requires", feed.sourceline or 1
        )
    return fields
