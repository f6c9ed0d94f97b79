"""Limits in the feed: past the episode count or the input size, too-large."""

from __future__ import annotations

import pytest

import paperledge
from paperledge import ParseError
from paperledge._limits import Limits

from support import FIXTURES


def test_feed_limits() -> None:
    feed = (FIXTURES / "feed" / "podbean_sample.xml").read_bytes()
    whole = paperledge.parse_feed(feed)
    read = paperledge.parse_feed(feed, limits=Limits(max_episodes=2))
    assert read.episodes == whole.episodes[:2]
    (diagnostic,) = read.diagnostics
    assert diagnostic.code == "too-large"
    assert feed.decode().splitlines()[diagnostic.line - 1].strip() == "<item>"
    with pytest.raises(ParseError, match="max_episodes"):
        paperledge.parse_feed(feed, strict=True, limits=Limits(max_episodes=2))
    cut = paperledge.parse_feed(feed, limits=Limits(max_input_bytes=len(feed) // 2))
    assert cut.diagnostics[0].code == "too-large"
    assert 0 < len(cut.episodes) < len(whole.episodes)
    with pytest.raises(ParseError, match="too-large"):
        paperledge.parse_feed(feed, strict=True, limits=Limits(max_input_bytes=100))
