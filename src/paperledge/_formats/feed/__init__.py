"""The show's RSS feed, read as a general podcast feed, and RSS written.

:mod:`.reader` reads a whole feed (RSS 2.0 and RSS 1.0; Atom through
:mod:`.atom`), after :mod:`.document` has parsed it safely (repaired by
:mod:`.repair` where recovery would alter text), :mod:`.item` reads one
item, :mod:`.stream` streams the items,
:mod:`.markup` turns an item's HTML into the dumps' lines, and
:mod:`.writer` writes RSS 2.0 with the ``itunes:``, ``podcast:`` and
``content:`` namespaces.
"""

from __future__ import annotations

from ..base import Format
from .reader import parse_feed
from .stream import iter_feed_episodes
from .writer import write_rss

__all__ = ["FORMAT", "iter_feed_episodes", "parse_feed", "write_rss"]


def sniff_rss(head: str) -> bool:
    """Whether a document's first KiB look like a feed: RSS 2.0, RSS 1.0 or Atom."""
    return head.startswith("<") and (
        "<rss" in head
        or ("<feed" in head and "http://www.w3.org/2005/Atom" in head)
        or ("RDF" in head and "http://purl.org/rss/1.0/" in head)
    )


#: The format's entry in the table of formats (paperledge._api.formats).
FORMAT = Format(
    name="rss",
    description="a podcast feed: RSS 2.0 (itunes:, content:, podcast: namespaces), "
    "RSS 1.0 or Atom read; RSS 2.0 written",
    extensions=(".rss", ".xml"),
    media_type="application/rss+xml",
    reader=parse_feed,
    writer=write_rss,
    sniffer=sniff_rss,
    streamer=iter_feed_episodes,
)
