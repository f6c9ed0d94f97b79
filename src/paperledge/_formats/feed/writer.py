"""Writing a show as an RSS 2.0 podcast feed (``itunes:``, ``podcast:``, ``content:``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from lxml import etree

from ..._model import Author, Episode, Paper, Show
from ..._rules.credits import format_credit
from ..._rules.dates import format_rfc822
from ..._rules.durations import format_clock
from ..._rules.lines import ITEM, PARAGRAPH, QUOTE, line_kinds, xml_safe
from .names import ATOM, CONTENT, DC, GROUP_ROLE, ITUNES, PERSON_ROLE, PODCAST

__all__ = ["description_html", "write_rss"]


def _sub(parent: Any, tag: str, text: str | None = None, /, **attributes: str) -> Any:
    # lxml refuses (ValueError) a string XML cannot hold; only then is it
    # cleaned, so clean text costs no extra pass.
    try:
        element = etree.SubElement(parent, tag, attributes)
    except ValueError:
        element = etree.SubElement(parent, tag, {k: xml_safe(v) for k, v in attributes.items()})
    if text is not None:
        try:
            element.text = text
        except ValueError:
            element.text = xml_safe(text)
    return element


def description_html(
    description: str, authors: Iterable[Author] = (), paper: Paper | None = None
) -> str:
    """The HTML the writer puts in ``content:encoded``.

    Each line is a paragraph, a list item (two leading spaces; four when
    nested) or a block quote (a pulled quote), by the rule of
    :func:`paperledge._rules.lines.line_kinds`.  A linked paper follows as a
    paragraph with a link to its arXiv page, and the credit is the last
    paragraph, where the show puts it.
    """
    authors = tuple(authors)
    credit = format_credit(authors) if authors else None
    try:
        return _description_html(description, credit, paper, clean=False)
    except ValueError:
        # lxml refused a character XML cannot hold: build again, cleaning
        # each line (cleaning first would cost a pass over every clean text).
        return _description_html(description, credit and xml_safe(credit), paper, clean=True)


def _paper_paragraph(container: Any, paper: Paper, *, clean: bool) -> None:
    paragraph = etree.SubElement(container, "p")
    paragraph.text = "Paper: "
    link = etree.SubElement(paragraph, "a", href=paper.abstract_url)
    # One line: a title's line breaks would be the description's.
    title = " ".join(paper.title.split()) or f"arXiv:{paper.versioned_id}"
    link.text = xml_safe(title) if clean else title
    link.tail = f" (arXiv:{paper.versioned_id})"


def _description_html(
    description: str, credit: str | None, paper: Paper | None, *, clean: bool
) -> str:
    container = etree.Element("div")
    outer: Any = None  # the open <ul>
    inner: Any = None  # the open nested <ul>
    last_item: Any = None
    for kind, collapsed, _ in line_kinds(description):
        words = xml_safe(collapsed) if clean else collapsed
        if kind in (PARAGRAPH, QUOTE):
            outer = inner = last_item = None
            if kind == PARAGRAPH:
                etree.SubElement(container, "p").text = words
            else:
                quote = etree.SubElement(container, "blockquote")
                etree.SubElement(quote, "p").text = words
            continue
        if outer is None:
            outer = etree.SubElement(container, "ul")
        if kind == ITEM:
            inner = None
            last_item = etree.SubElement(outer, "li")
            last_item.text = words
        else:
            if last_item is None:
                last_item = etree.SubElement(outer, "li")
            if inner is None:
                inner = etree.SubElement(last_item, "ul")
            etree.SubElement(inner, "li").text = words
    if paper is not None:
        _paper_paragraph(container, paper, clean=clean)
    if credit:
        etree.SubElement(container, "p").text = credit
    # One serialisation of the wrapper, which is then cut off.
    markup = etree.tostring(container, method="html", encoding="unicode")
    return markup[len("<div>") : -len("</div>")]


def _write_item(channel: Any, episode: Episode) -> None:
    item = etree.SubElement(channel, "item")
    if episode.title is not None:
        _sub(item, "title", episode.title)
    if episode.url is not None:
        _sub(item, "link", episode.url)
    if episode.guid is not None:
        _sub(item, "guid", episode.guid, isPermaLink="false")
    if episode.published_at is not None:
        _sub(item, "pubDate", format_rfc822(episode.published_at))
    elif episode.published is not None:
        day = episode.published
        _sub(item, "pubDate", format_rfc822(dt.datetime(day.year, day.month, day.day)))
    markup = description_html(episode.description, episode.authors, episode.paper)
    _sub(item, "description", markup)
    _sub(item, f"{{{CONTENT}}}encoded", markup)
    if episode.audio_url is not None:
        _enclosure(item, episode.audio_url, episode.audio_type, episode.audio_length)
    for other in episode.other_enclosures:
        _enclosure(item, other.url, other.type, other.length)
    if episode.duration is not None:
        _sub(item, f"{{{ITUNES}}}duration", format_clock(episode.duration))
    if episode.image_url is not None:
        _sub(item, f"{{{ITUNES}}}image", href=episode.image_url)
    _write_podcast_fields(item, episode)
    for author in episode.authors:
        role = GROUP_ROLE if author.is_group else PERSON_ROLE
        _sub(item, f"{{{PODCAST}}}person", author.name, role=role, group="writing")
    for person in episode.persons:
        links = {"href": person.url, "img": person.image_url}
        present = {name: value for name, value in links.items() if value is not None}
        _sub(
            item,
            f"{{{PODCAST}}}person",
            person.name,
            role=person.role,
            group=person.group,
            **present,
        )
    # Each its own element: a name holding "and" or a comma stays one name.
    for creator in episode.creators:
        _sub(item, f"{{{DC}}}creator", creator)


def _enclosure(item: Any, url: str, kind: str | None, length: int | None) -> None:
    attributes = {"url": url}
    if length is not None:
        attributes["length"] = str(length)
    if kind is not None:
        attributes["type"] = kind
    _sub(item, "enclosure", **attributes)


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _write_podcast_fields(item: Any, episode: Episode) -> None:
    """The general podcast fields, as the iTunes and podcast namespaces write them."""
    if episode.subtitle is not None:
        _sub(item, f"{{{ITUNES}}}subtitle", episode.subtitle)
    if episode.episode_type is not None:
        _sub(item, f"{{{ITUNES}}}episodeType", episode.episode_type)
    if episode.number is not None:
        _sub(item, f"{{{ITUNES}}}episode", str(episode.number))
    if episode.season is not None:
        _sub(item, f"{{{ITUNES}}}season", str(episode.season))
    if episode.explicit is not None:
        _sub(item, f"{{{ITUNES}}}explicit", _flag(episode.explicit))
    for tag, files in (("chapters", episode.chapters), ("transcript", episode.transcripts)):
        for linked in files:
            fields = {"type": linked.type, "language": linked.language, "rel": linked.rel}
            present = {name: value for name, value in fields.items() if value is not None}
            _sub(item, f"{{{PODCAST}}}{tag}", url=linked.url, **present)


def _write_categories(channel: Any, categories: tuple[str, ...]) -> None:
    """``itunes:category`` elements; ``"A > B"`` nests B in A (written once)."""
    written: dict[str, Any] = {}
    for category in categories:
        top, _, sub = category.partition(" > ")
        element = written.get(top)
        if element is None:
            element = written[top] = _sub(channel, f"{{{ITUNES}}}category", text=top)
        if sub:
            _sub(element, f"{{{ITUNES}}}category", text=sub)


def write_rss(show: Show) -> str:
    """The show as an RSS 2.0 podcast feed (``itunes:``, ``podcast:``, ``content:``).

    Built as an lxml tree, so every value is escaped; characters XML cannot
    carry at all are replaced by U+FFFD.  :func:`paperledge.parse_feed` reads
    back every field RSS carries; the description comes back in its
    :func:`paperledge._rules.lines.feed_text` form, and a creator written as
    an e-mail address with a name (``ann@example.org (Ann Lee)``) as the name,
    as the reader takes any feed's.  A date without a time is written as
    midnight at zone ``-0000``.
    """
    rss = etree.Element(
        "rss",
        {"version": "2.0"},
        nsmap={
            "itunes": ITUNES,
            "content": CONTENT,
            "atom": ATOM,
            "podcast": PODCAST,
            "dc": DC,
        },
    )
    channel = etree.SubElement(rss, "channel")
    _sub(channel, "title", show.title or "")
    _sub(channel, "link", show.url or "")
    _sub(channel, "description", show.description or "")
    if show.feed_url is not None:
        _sub(
            channel, f"{{{ATOM}}}link", href=show.feed_url, rel="self", type="application/rss+xml"
        )
    if show.next_page_url is not None:
        _sub(channel, f"{{{ATOM}}}link", href=show.next_page_url, rel="next")
    if show.previous_page_url is not None:
        _sub(channel, f"{{{ATOM}}}link", href=show.previous_page_url, rel="previous")
    _sub(channel, "generator", "paperledge")
    if show.host is not None:
        _sub(channel, f"{{{ITUNES}}}author", show.host)
    if show.image_url is not None:
        _sub(channel, f"{{{ITUNES}}}image", href=show.image_url)
    if show.language is not None:
        _sub(channel, "language", show.language)
    if show.explicit is not None:
        _sub(channel, f"{{{ITUNES}}}explicit", _flag(show.explicit))
    if show.new_feed_url is not None:
        _sub(channel, f"{{{ITUNES}}}new-feed-url", show.new_feed_url)
    _write_categories(channel, show.categories)
    for episode in show.episodes:
        _write_item(channel, episode)
    body = etree.tostring(rss, encoding="unicode", pretty_print=True)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body
