"""Hostile pages: entities and includes never read a file, deep nesting ends in a
diagnostic (never a RecursionError), and absurd durations are ignored."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

import paperledge
from paperledge import ParseError, Show, parse, parse_html

from support import DATE, HTML_PAGES

SECRET = "TOP-SECRET-c0ffee-4242"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET)
    return path


def _everything(show: Show) -> str:
    """Every field of the show and its diagnostics, as text."""
    return paperledge.dumps(show, "json") + repr(show)


def _codes(show: Show) -> list[str]:
    return [d.code for d in show.diagnostics]


def test_html_entities_and_includes_never_read_files(secret: Path) -> None:
    url = f"file://{secret}"
    page = (
        f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "{url}">]><html><body>'
        '<div class="posttitle"><h2><a href="/e/x/">Title &xxe;</a></h2></div>'
        f'<p class="post-info"><i>{DATE}</i></p><div class="entry"><p>&xxe; text</p>'
        f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{url}" parse="text"/>'
        f'<iframe src="{url}"></iframe><object data="{url}"></object>'
        f'<img src="{url}"><link rel="import" href="{url}">'
        "<p>Thanks!Credit to Paper authors: A</p></div></body></html>"
    )
    for show in (parse_html(page), parse_html(page.encode()), parse(page)):
        assert SECRET not in _everything(show)
        assert len(show.episodes) == 1
        assert show.episodes[0].published == dt.date(2025, 10, 2)
        assert show.episodes[0].authors[0].name == "A"


def test_100_000_nested_html_elements() -> None:
    page = (HTML_PAGES / "blog_theme_titled_episodes.html").read_text()
    body = re.search(r"<body[^>]*>", page)
    assert body is not None
    deep = page[: body.end()] + "<div>" * 100_000 + page[body.end() :] + "</div>" * 100_000
    show = parse_html(deep)
    # libxml2 stops at its depth limit (256): reported, never a RecursionError.
    assert {"html-structure", "no-episodes"} & set(_codes(show))
    with pytest.raises(ParseError):
        parse_html(deep, strict=True)
    # Unclosed, and as bytes, too.
    show = parse_html(("<html><body>" + "<div>" * 100_000 + DATE).encode())
    assert show.diagnostics


def test_huge_durations_in_a_page_are_ignored() -> None:
    page = (HTML_PAGES / "episode_page_titled.html").read_text()
    whole = paperledge.parse_html(page)
    assert whole.episodes[0].duration == dt.timedelta(minutes=14, seconds=5)
    for duration in ("P9999999999D", "PT" + "9" * 5000 + "H", "9" * 30 + ":00:00"):
        bad = page.replace('"timeRequired": "PT14M5S"', f'"timeRequired": "{duration}"')
        assert bad != page
        show = paperledge.parse_html(bad)
        assert show.episodes[0].duration is None
        assert show.episodes[0].title == whole.episodes[0].title
