"""Writing a show as an RSS 2.0 podcast feed (``itunes:``, ``podcast:``, ``content:``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from lxml import etree

from ..._model import Author, Episode, Show
from ..._rules.credits import format_credit
from ..._rules.dates import format_rfc822
from ..._rules.durations import format_clock
from ..._rules.lines import ITEM, PARAGRAPH, QUOTE, line_kinds, xml_safe
from .names import ATOM, CONTENT, GROUP_ROLE, ITUNES, PERSON_ROLE, PODCAST

__all__ = ["description_html", "write_rss"]


def _sub(parent: Any, tag: str, text: str | None = None, **attributes: str) -> Any:
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


def description_html(description: str, authors: Iterable[Author] = ()) -> str:
    """The HTML the writer puts in ``content:encoded``.

    Each line is a paragraph, a list item (two leading spaces; four when
    nested) or a block quote (a pulled quote), by the rule of
    :func:`paperledge._rules.lines.line_kinds`; the credit is appended as a
    last paragraph.
    """
    authors = tuple(authors)
    credit = format_credit(authors) if authors else None
    try:
        return _description_html(description, credit, clean=False)
    except ValueError:
        # lxml refused a character XML cannot hold: build again, cleaning
        # each line (cleaning first would cost a pass over every clean text).
        return _description_html(description, credit and xml_safe(credit), clean=True)


def _description_html(description: str, credit: str | None, *, clean: bool) -> str:
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
    markup = description_html(episode.description, episode.authors)
    _sub(item, "description", markup)
    _sub(item, f"{{{CONTENT}}}encoded", markup)
    if episode.audio_url is not None:
        attributes = {"url": episode.audio_url}
        if episode.audio_length is not None:
            attributes["length"] = str(episode.audio_length)
        if episode.audio_type is not None:
            attributes["type"] = episode.audio_type
        _sub(item, "enclosure", **attributes)
    if episode.duration is not None:
        _sub(item, f"{{{ITUNES}}}duration", format_clock(episode.duration))
    if episode.image_url is not None:
        _sub(item, f"{{{ITUNES}}}image", href=episode.image_url)
    for author in episode.authors:
        role = GROUP_ROLE if author.is_group else PERSON_ROLE
        _sub(item, f"{{{PODCAST}}}person", author.name, role=role, group="writing")


def write_rss(show: Show) -> str:
    """The show as an RSS 2.0 podcast feed (``itunes:``, ``podcast:``, ``content:``).

    Built as an lxml tree, so every value is escaped; characters XML cannot
    carry at all are replaced by U+FFFD.  :func:`paperledge.parse_feed` reads
    back every field RSS carries; the description comes back in its
    :func:`paperledge._rules.lines.feed_text` form.  A date without a time
    is written as midnight at zone ``-0000``.
    """
    rss = etree.Element(
        "rss",
        {"version": "2.0"},
        nsmap={"itunes": ITUNES, "content": CONTENT, "atom": ATOM, "podcast": PODCAST},
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
    for episode in show.episodes:
        _write_item(channel, episode)
    body = etree.tostring(rss, encoding="unicode", pretty_print=True)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body
