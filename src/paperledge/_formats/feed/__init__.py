"""The show's RSS feed, read as a general podcast feed, and RSS written.

:mod:`.reader` reads a whole feed, :mod:`.stream` streams its items,
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
    """Whether a document's first KiB look like an RSS feed."""
    return head.startswith("<") and "<rss" in head


#: The format's entry in the table of formats (paperledge._api.formats).
FORMAT = Format(
    name="rss",
    description="an RSS 2.0 podcast feed (itunes:, content:, podcast: namespaces)",
    extensions=(".rss", ".xml"),
    media_type="application/rss+xml",
    reader=parse_feed,
    writer=write_rss,
    sniffer=sniff_rss,
    streamer=iter_feed_episodes,
)
