"""The HTML format's entry: sniffing, loading by extension, the CLI, inputs that are no page."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import paperledge
import paperledge._formats.html.reader as _html
from formats.html.pages import codes, fixture, seed_show
from paperledge import ParseError, parse_html
from paperledge._cli.main import main

from support import seed_bytes


@pytest.mark.parametrize(
    "data", ["", b"", "   \n", b"\x00\x00", "<", "<html></html>", "plain text"]
)
def test_empty_and_junk_inputs(data: str | bytes) -> None:
    show = parse_html(data)
    assert show.episodes == ()
    assert "no-episodes" in codes(show)
    with pytest.raises(ParseError):
        parse_html(data, strict=True)


def test_registered_and_sniffed() -> None:
    fmt = paperledge.get_format("html")
    assert fmt.extensions == (".html", ".htm")
    assert fmt.media_type == "text/html"
    assert fmt.reader is parse_html
    for name in (
        "cards_theme_untitled_episodes.html",
        "blog_theme_two_dates_and_a_collaboration.html",
        "episode_page_titled.html",
        "flat_page_read_as_a_text_dump.html",
    ):
        data = fixture(name)
        assert paperledge.parse(data) == parse_html(data)
    assert paperledge.parse(seed_bytes("000_dc6ef49440742e45.txt")) == seed_show(
        "000_dc6ef49440742e45.txt"
    )


def test_load_by_extension(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_bytes(fixture("minimal_markup_two_dates.html"))
    assert paperledge.load(path) == parse_html(fixture("minimal_markup_two_dates.html"))


def test_cli_parses_a_page(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(fixture("blog_theme_titled_episodes.html"))
    out, err = io.StringIO(), io.StringIO()
    code = main(["parse", str(path)], stdout=out, stderr=err)
    assert code == 0, err.getvalue()
    document = json.loads(out.getvalue())
    assert len(document["episodes"]) == 8
    # -i overrides the sniffing: the same bytes read as a text dump give no episode.
    out = io.StringIO()
    main(["parse", "-q", "-i", "text", str(path)], stdout=out, stderr=io.StringIO())
    assert json.loads(out.getvalue())["episodes"] == []


def test_sniffing() -> None:
    assert _html.sniff_html("<!DOCTYPE html><html>")
    assert _html.sniff_html("<div>x</div>")
    assert _html.sniff_html("<P>x")
    # Past leading junk, only a whole document's markers tell.
    assert _html.sniff_html("Warning: x on line 3\n<html>")
    assert not _html.sniff_html("A dump that mentions <p> and <div> tags")
    assert not _html.sniff_html("<rss version='2.0'>")
    assert not _html.sniff_html("PaperLedge\n\nThe show")


def test_registered_as_html() -> None:
    fmt = paperledge.get_format("html")
    assert fmt.name == "html"
    assert fmt.reader is parse_html
    assert fmt.sniffer is _html.sniff_html
