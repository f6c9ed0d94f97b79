"""The HTML reader's patterns at their worst (long runs, openings never closed, near
misses repeated) give the right result; the review is in docs/reliability.md."""

from __future__ import annotations

import datetime as dt

import paperledge
import paperledge._formats.html.chrome as _chrome
import paperledge._formats.html.decoding as _decoding
import paperledge._formats.html.episode as _episode
import paperledge._formats.html.lines as _html_text
import paperledge._formats.html.locate as _locate
import paperledge._formats.html.page as _page
import paperledge._formats.html.reader as _html
from paperledge import Author, parse_html

from support import DATE

N = 100_000


def test_html_sniffing_looks_at_the_head_only() -> None:
    assert _html._SNIFF.search("<" * N) is None
    assert _html._SNIFF.search("<!doctype" + " " * N) is None
    assert paperledge.get_format("html").sniffer is not None
    assert paperledge._api.formats.sniff_format("<" + "<div " * N).name == "html"
    assert paperledge._api.formats.sniff_format("<" + "<div" * N).name == "text"


def test_pagination_labels() -> None:
    assert _page._NEXT_LABELS.search("olde" * N + "r") is not None
    assert _page._PREVIOUS_LABELS.search("newe" * N) is None


def test_date_in_a_meta_line() -> None:
    # The pattern is only tried on lines of at most 200 characters; this is
    # the worst such line: one long letter run, then a near miss.
    worst = "a" * 190 + " 2020 x"
    assert _episode._DATE_IN_LINE.search(worst) is None
    found = _episode._DATE_IN_LINE.search("Posted on " + DATE + " by Ernis")
    assert found is not None
    assert found[0] == DATE
    # In a page: a paragraph of N letters and " 2020" is text, not a date.
    page = (
        "<html><body><article><h2>T</h2><p>"
        + DATE
        + "</p><p>"
        + "a" * N
        + " 2020</p><p>Hi!Credit to Paper authors: A</p></article></body></html>"
    )
    show = parse_html(page)
    assert show.episodes[0].published == dt.date(2025, 10, 2)
    assert "a" * N + " 2020" in show.episodes[0].description


def test_needle_and_markers_and_control_bytes() -> None:
    assert _locate.needle("é" * N + "Hello world, again") == "Hello world, again"
    assert _locate.needle("a " * N)[:6] == "a a a "
    assert (
        _decoding._MARKER_BYTES.sub(b"?", "\ue000\ue007\ue008".encode() * N)
        == (b"??" + "\ue008".encode()) * N
    )
    assert _decoding._CONTROL_BYTES.sub(b"?", b"\x01\xef\xbf\xbe\xef\xbf" * N) == b"??\xef\xbf" * N


def test_end_tag_name_in_libxml2_messages() -> None:
    assert _locate._END_TAG_NAME.search("mismatch" + " " * N) is None
    match = _locate._END_TAG_NAME.search("Opening and ending tag mismatch: " + "d" * N)
    assert match is not None
    assert match[1] == "d" * N


def test_ui_labels_and_hidden_styles() -> None:
    assert not _html_text.is_ui_line("3 " * N + "comments")  # too long to be a counter
    assert _html_text.is_ui_line("3 comments")
    assert _html_text._HIDDEN_STYLE.search("display" + " " * N + ":" + " " * N + "none")
    assert _html_text._HIDDEN_STYLE.search("display :" * N) is None
    assert _html_text._SPACES_ONLY.search(_html_text.START + " " * N) is None
    assert _html_text._LABELS.sub("", "\ue003" + "x" * N + "\ue004") == ""


def test_chrome_links() -> None:
    assert not _chrome.is_chrome_href("/" + "x" * N)


def test_link_and_time_labels() -> None:
    # The label patterns scan from an opening marker to its closing one; an
    # opening never closed would make every later opening scan to the end.
    # Only the reader inserts markers, in pairs: the private-use characters
    # it uses are replaced in the input, so a page cannot open one.
    line = _html_text.LINK + "label" + _html_text.SEP + _html_text.TIME + "t" + _html_text.SEP
    link = _episode._LINK_LABEL.search(line)
    time = _episode._TIME_LABEL.search(line)
    assert link is not None
    assert time is not None
    assert (link[1], time[1]) == ("label", "t")
    page = (
        f"<html><body><article><h2>T</h2><p>{DATE}</p><p>"
        + (_html_text.LINK + _html_text.TIME) * N
        + "</p><p>Hi!Credit to Paper authors: A</p></article></body></html>"
    )
    show = parse_html(page)
    assert show.episodes[0].description == "\ufffd" * (2 * N) + "\nHi!"
    assert show.episodes[0].authors == (Author(name="A"),)


def test_marker_references_and_script_tags() -> None:
    # Character references to the reader's own marker characters: only tried
    # where "&#" stands, so a long run of zeros is read once.
    references = _decoding._MARKER_REFERENCES
    assert references.search(b"&#x" + b"0" * N + b"1") is None
    assert references.search(b"&#" + b"0" * N + b"9") is None
    assert references.search(b"&#" * N) is None
    assert references.search(b"x &#xE000; y") is not None
    assert references.search(b"&#57351;") is not None
    assert references.search(b"&#57352;") is None  # U+E008: not a marker
    assert _locate._SCRIPT_TAG.search(b"</scrip" * N) is None
    assert _locate._SCRIPT_TAG.search(b"<" * N + b"script>") is not None
