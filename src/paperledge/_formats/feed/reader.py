"""Reading the show's RSS feed (:func:`parse_feed`), as a general podcast feed.

One parse with lxml's C parser, configured so that nothing in the document
can make it read a file, reach the network or expand entities, then one
Python pass over the channel's children and each item's children,
dispatching on the element's tag through a dict (no XPath, no namespace
lookups per element).  The HTML of ``content:encoded`` becomes the
plain-text lines the dumps show (:mod:`.markup`).

What the feed carries of the description is its words and its paragraph
structure (paragraph, list item, nested list item, pulled quote), not its
exact whitespace: :func:`paperledge._rules.lines.feed_text` gives that
canonical form.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import attrs

from ..._diagnostics import Diagnostic, Reporter
from ..._limits import Limits, clip_input, episode_limit_reached, resolve
from ..._model import Episode, Show
from ..._rules.decode import InputProbe, no_episodes_message
from .atom import ENTRY, FEED, atom_entry, atom_feed_fields
from .document import (
    SAFE_XML_OPTIONS,
    XINCLUDE,
    _absolute,
    _check_prolog,
    _clean_text,
    _locate,
    _report_xinclude,
    _root,
    _text,
    _to_bytes,
)
from .item import _item
from .names import ATOM, DC, ITUNES_ALIASES, RDF, RSS1
from .podcast import categories, explicit

__all__ = ["MAX_FEED_BYTES", "SAFE_XML_OPTIONS", "parse_feed"]

logger = logging.getLogger("paperledge")

#: Inputs larger than this are cut (``too-large``): a bound on memory.
MAX_FEED_BYTES = 256 * 1024 * 1024


_C_TITLE, _C_LINK, _C_DESCRIPTION, _C_SUMMARY, _C_AUTHOR, _C_OWNER, _C_IMAGE, _C_ITUNES_IMAGE = (
    range(8)
)
_C_ATOM_LINK = 8
_C_LANGUAGE, _C_EXPLICIT, _C_NEW_FEED_URL = 9, 10, 11
_CHANNEL_TAGS: dict[str, int] = {
    "title": _C_TITLE,
    "link": _C_LINK,
    "description": _C_DESCRIPTION,
    "image": _C_IMAGE,
    f"{{{ATOM}}}link": _C_ATOM_LINK,
    # RSS 1.0 names its channel's parts in its own namespace.
    f"{{{RSS1}}}title": _C_TITLE,
    f"{{{RSS1}}}link": _C_LINK,
    f"{{{RSS1}}}description": _C_DESCRIPTION,
    "language": _C_LANGUAGE,
    f"{{{DC}}}language": _C_LANGUAGE,
}
for _ns in ITUNES_ALIASES:
    _CHANNEL_TAGS[f"{{{_ns}}}summary"] = _C_SUMMARY
    _CHANNEL_TAGS[f"{{{_ns}}}author"] = _C_AUTHOR
    _CHANNEL_TAGS[f"{{{_ns}}}owner"] = _C_OWNER
    _CHANNEL_TAGS[f"{{{_ns}}}image"] = _C_ITUNES_IMAGE
    _CHANNEL_TAGS[f"{{{_ns}}}explicit"] = _C_EXPLICIT
    _CHANNEL_TAGS[f"{{{_ns}}}new-feed-url"] = _C_NEW_FEED_URL


def _channel(channel: Any, reporter: Reporter) -> dict[str, str | None]:
    fields: dict[str, str | None] = {}
    seen: set[int] = set()
    get = _CHANNEL_TAGS.get
    for child in channel:
        kind = get(child.tag)
        if kind is None:
            continue
        seen.add(kind)
        if kind == _C_TITLE:
            fields.setdefault("title", _clean_text(child))
        elif kind == _C_LINK:
            fields.setdefault("url", _absolute(child, _text(child)))
        elif kind == _C_DESCRIPTION:
            fields.setdefault("description", _clean_text(child))
        elif kind == _C_SUMMARY:
            fields.setdefault("summary", _clean_text(child))
        elif kind == _C_AUTHOR:
            fields.setdefault("host", _clean_text(child))
        elif kind == _C_OWNER:
            for grandchild in child:
                tag = grandchild.tag
                if isinstance(tag, str) and tag.endswith("}name"):
                    fields.setdefault("owner", _clean_text(grandchild))
        elif kind == _C_ITUNES_IMAGE:
            fields.setdefault("itunes_image", _absolute(child, child.get("href") or _text(child)))
        elif kind == _C_IMAGE:
            for grandchild in child:
                if grandchild.tag == "url":
                    fields.setdefault("image", _absolute(grandchild, _text(grandchild)))
        elif kind == _C_LANGUAGE:
            fields.setdefault("language", _clean_text(child))
        elif kind == _C_NEW_FEED_URL:
            fields.setdefault("new_feed_url", _absolute(child, _text(child)))
        elif kind == _C_ATOM_LINK:
            rel = (child.get("rel") or "alternate").strip().lower()
            href = _absolute(child, child.get("href"))
            if rel == "self":
                fields.setdefault("feed_url", href)
            elif rel == "next":
                fields.setdefault("next_page_url", href)
            elif rel in ("previous", "prev"):
                fields.setdefault("previous_page_url", href)
    _report_missing(channel, seen, reporter)
    return fields


def _report_missing(channel: Any, seen: set[int], reporter: Reporter) -> None:
    """Report the fields RSS requires that no child of ``channel`` (``seen``) gave."""
    for kind, name in ((_C_TITLE, "title"), (_C_LINK, "link"), (_C_DESCRIPTION, "description")):
        if kind not in seen:
            reporter.report(
                "feed-structure",
                f"the channel has no <{name}>, which RSS 2.0 requires",
                channel.sourceline or 1,
            )


def parse_feed(
    data: str | bytes,
    *,
    strict: bool = False,
    limits: Limits | None = None,
    url: str | None = None,
) -> Show:
    """Read an RSS 2.0 podcast feed (as Podbean serves it) into a :class:`Show`.

    The channel gives the show (title, description, host from
    ``itunes:author`` or ``itunes:owner``, site link, ``feed_url`` from
    ``atom:link rel="self"``, image); each item gives an episode.  The text
    comes from ``content:encoded`` (else ``description``), as the plain-text
    lines the dumps show, with the author credit taken off it into
    ``authors`` (``podcast:person`` elements, where present, give the
    authors instead).

    The XML is read safely: no entity is expanded, no DTD or external
    resource loaded.  A DTD is reported as ``xml-unsafe``.  In tolerant mode
    (the default) this never raises: a malformed feed is recovered as far as
    possible and each defect is reported as a diagnostic with its line and
    column.  ``strict=True`` raises :class:`~paperledge.ParseError` at the
    first defect.

    ``url`` is the feed's address: relative links (an item's ``link``, its
    enclosure, images) are made absolute against it, as ``xml:base``
    attributes change it.  Without it, only ``xml:base`` resolves them.
    """
    reporter = Reporter(strict=strict)
    data = clip_input(data, limits, reporter)
    raw, utf8 = _to_bytes(data, reporter)
    if len(raw) > MAX_FEED_BYTES:
        reporter.report(
            "too-large",
            f"the feed is larger than {MAX_FEED_BYTES} bytes; the rest was not read",
            _locate(raw, MAX_FEED_BYTES)[0],
        )
        raw = raw[:MAX_FEED_BYTES]
    _check_prolog(raw, reporter)
    xinclude = raw.find(XINCLUDE)
    if xinclude >= 0:
        _report_xinclude(reporter, *_locate(raw, xinclude))
    show = read_document(raw, utf8, reporter, strict=strict, limits=limits, url=url)
    if show.episodes or said_why_empty(reporter.diagnostics):
        return show
    probe = InputProbe()
    probe.see(data)
    report_no_episodes(reporter, probe)
    return attrs.evolve(show, diagnostics=reporter.diagnostics)


def said_why_empty(diagnostics: Iterable[Diagnostic]) -> bool:
    """Whether ``diagnostics`` already say why a feed gave no episode."""
    return any(d.code in ("no-episodes", "too-large") for d in diagnostics)


def report_no_episodes(reporter: Reporter, probe: InputProbe) -> None:
    """Report a feed that gave no episode: no feed comes back empty without
    a word (``parse()`` holds every format to it); the streamer does the same."""
    reporter.report(
        "no-episodes", no_episodes_message(probe, "the feed holds no item or entry"), 1
    )


_RDF_ROOT = f"{{{RDF}}}RDF"
_RSS1_CHANNEL = f"{{{RSS1}}}channel"
_RSS1_ITEM = f"{{{RSS1}}}item"


def read_document(
    raw: bytes,
    utf8: bool,
    reporter: Reporter,
    *,
    strict: bool,
    limits: Limits | None,
    url: str | None,
) -> Show:
    """The show in a feed's bytes (its prolog already checked): RSS 2.0, RSS 1.0 or Atom."""
    root = _root(raw, utf8, reporter, strict, url)
    if root is None:
        return Show(diagnostics=reporter.diagnostics)
    if root.tag == FEED:
        fields = atom_feed_fields(root, reporter)
        return _show(
            fields, root, root.iterchildren(ENTRY), atom_entry, reporter=reporter, limits=limits
        )
    if root.tag == _RDF_ROOT:
        channel = root.find(_RSS1_CHANNEL)
        if channel is None:
            reporter.report(
                "feed-structure", "the RSS 1.0 feed has no <channel>", root.sourceline or 1
            )
            return Show(diagnostics=reporter.diagnostics)
        fields = _channel(channel, reporter)
        return _show(
            fields, channel, root.iterchildren(_RSS1_ITEM), _item, reporter=reporter, limits=limits
        )
    if root.tag != "rss":
        reporter.report(
            "feed-structure",
            f"the root element is <{root.tag}>, not <rss> (RSS 2.0), <rdf:RDF> (RSS 1.0) "
            "or <feed> (Atom)",
            root.sourceline or 1,
        )
    channel = root if root.tag == "channel" else root.find("channel")
    if channel is None:
        if root.tag == "rss":
            reporter.report("feed-structure", "the feed has no <channel>", root.sourceline or 1)
        return Show(diagnostics=reporter.diagnostics)
    fields = _channel(channel, reporter)
    return _show(fields, channel, channel.iter("item"), _item, reporter=reporter, limits=limits)


def _show(
    fields: dict[str, str | None],
    channel: Any,
    items: Iterator[Any],
    read: Callable[[Any, Reporter], Episode],
    *,
    reporter: Reporter,
    limits: Limits | None,
) -> Show:
    # The explicit flag is reported where it is, before the items' defects.
    flag = next((c for c in channel if _CHANNEL_TAGS.get(c.tag) == _C_EXPLICIT), None)
    marked = explicit(flag, reporter, channel.sourceline or 1)
    episodes: list[Episode] = []
    most = resolve(limits).max_episodes
    for item in items:
        if len(episodes) >= most and episode_limit_reached(
            len(episodes), limits, reporter, item.sourceline or 1
        ):
            break
        episodes.append(read(item, reporter))
    return Show(
        title=fields.get("title"),
        description=fields.get("description") or fields.get("summary"),
        host=fields.get("host") or fields.get("owner"),
        url=fields.get("url"),
        feed_url=fields.get("feed_url"),
        image_url=fields.get("itunes_image") or fields.get("image"),
        next_page_url=fields.get("next_page_url"),
        previous_page_url=fields.get("previous_page_url"),
        language=fields.get("language"),
        categories=categories(channel),
        explicit=marked,
        new_feed_url=fields.get("new_feed_url"),
        episodes=episodes,
        diagnostics=reporter.diagnostics,
    )
