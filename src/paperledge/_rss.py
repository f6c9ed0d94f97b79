"""The show's RSS feed: reading it (``parse_feed``) and writing one (``rss``).

Placeholder: being written (issue 4).
"""

from __future__ import annotations

from ._model import Show

__all__ = ["clean_audio_url", "parse_feed"]


def parse_feed(data: str | bytes, *, strict: bool = False) -> Show:
    """Read an RSS 2.0 podcast feed."""
    raise NotImplementedError("parse_feed is not written yet")


def clean_audio_url(url: str | None) -> str | None:
    """``url`` without a tracking prefix before the real audio host."""
    return url
