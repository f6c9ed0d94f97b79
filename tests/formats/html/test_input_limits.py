"""Limits in HTML pages: past the episode count or the input size, too-large."""

from __future__ import annotations

import pytest

import paperledge
from paperledge import ParseError
from paperledge._limits import Limits

from support import HTML_PAGES


def test_html_limits() -> None:
    page = (HTML_PAGES / "blog_theme_titled_episodes.html").read_bytes()
    whole = paperledge.parse_html(page)
    assert len(whole.episodes) == 8
    read = paperledge.parse_html(page, limits=Limits(max_episodes=3))
    assert read.episodes == whole.episodes[:3]
    assert [(d.code, d.line) for d in read.diagnostics] == [("too-large", 1)]
    with pytest.raises(ParseError, match="max_episodes"):
        paperledge.parse_html(page, strict=True, limits=Limits(max_episodes=7))
    half = paperledge.parse_html(page, limits=Limits(max_input_bytes=len(page) // 2))
    assert half.diagnostics[0].code == "too-large"
    assert 0 < len(half.episodes) < 8
    with pytest.raises(ParseError, match="max_input_bytes"):
        paperledge.parse_html(page, strict=True, limits=Limits(max_input_bytes=len(page) - 1))
