"""The HTML reader's fast paths give what the careful paths give.

Bytes that are UTF-8 (checked a piece at a time, paperledge._formats.html.reader._is_utf8)
go to the parser as they are; each thread reuses one parser; links are sorted
with one lowercased copy for both predicates; episodes are built without the
constructor.  These tests pin the cases where a fast path could go wrong.
"""

from __future__ import annotations

import datetime as dt
import threading
from html import escape

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

import paperledge._formats.html.lines as _html_text
import paperledge._formats.html.reader as _html
import paperledge._rules.urls as _urls_rules
from paperledge import Episode, ParseError, parse_html
from paperledge._diagnostics import Reporter

from conftest import REPO

FIXTURES = REPO / "tests" / "fixtures" / "html"
SITE = "https://paperledge.podbean.com"
CREDIT = "Credit to Paper authors: "
TEXT = "Today we read a paper about teaching small models to reason step by step."


def page(body: bytes, *, charset: bytes = b"") -> bytes:
    meta = b'<meta charset="' + charset + b'">' if charset else b""
    episode = (
        b'<article><p>Thursday Oct 02, 2025</p><h2><a href="/e/one/">Caf\xc3\xa9 talk</a></h2>'
        b"<p>" + TEXT.encode() + CREDIT.encode() + b"Ann Lee</p></article>"
    )
    return (
        b"<!DOCTYPE html>\n<html><head><title>PaperLedge</title>" + meta + b"</head>\n"
        b"<body><main>\n" + episode + b"\n</main><section>" + body + b"</section></body></html>\n"
    )


def careful(data: bytes) -> tuple[bytes, list[tuple[str, int, int]]]:
    """What the careful decoder alone makes of ``data``."""
    reporter = Reporter()
    source = _html._inert(_html._decode(data, reporter), reporter)
    return source, [(d.code, d.line, d.column) for d in reporter.diagnostics]


@pytest.mark.parametrize("errors", [0, 10, 49, 50, 120, 500])
def test_bytes_not_utf8_after_many_errors_are_still_caught(errors: int) -> None:
    # libxml2 stops logging after 100 errors: whatever its log says, bytes
    # that are not UTF-8 take the careful path.
    data = page(b"<p>x</span></p>\n" * errors + b"<p>na\xefve caf\xe9</p>\n")
    show = parse_html(data)
    assert "encoding" in [d.code for d in show.diagnostics]
    source, _ = careful(data)
    # Windows-1252, as browsers read an undeclared page that is not UTF-8;
    # the episode's own UTF-8 title then reads as two characters.
    assert "naïve café".encode() in source
    assert show.episodes[0].title == "CafÃ© talk"


def test_a_byte_that_is_not_utf8_inside_a_bogus_doctype_is_caught() -> None:
    # libxml2 logs no encoding error there (found by the fuzzer): the reader
    # must not take its silence for valid UTF-8.
    data = page(b'<!DOCTYPE html P\xd7UBLIC "-//W3C//DTD XHTML 1.0//EN">\n')
    show = parse_html(data)
    assert "encoding" in [d.code for d in show.diagnostics]
    assert careful(data)[0].count("×".encode()) == 1  # 0xd7 in Windows-1252


@pytest.mark.parametrize("size", [10, _html._CHECK_CHUNK - 1, _html._CHECK_CHUNK * 3 + 5])
def test_utf8_is_checked_in_pieces_across_their_edges(size: int) -> None:
    # A character cut by a piece's edge is still one character, and a bad
    # byte anywhere (the last one included) is still found.
    body = ("é" * size).encode()
    assert _html._is_utf8(body)
    assert _html._is_utf8(b"x" + body)
    assert not _html._is_utf8(body + b"\xc3")
    assert not _html._is_utf8(body[: size // 2 * 2 + 1] + b"\xff" + body)
    assert _html._is_utf8(b"ascii only " * size)


def test_a_page_cut_inside_a_character_is_located_as_before() -> None:
    data = page(b"")[:-1] + b"\xe2\x80"
    show = parse_html(data)
    found = [(d.code, d.line, d.column) for d in show.diagnostics if d.code == "undecodable"]
    last_line = data[data.rfind(b"\n") + 1 : -2]
    assert last_line.endswith(b"</html>")
    assert found == [("undecodable", data.count(b"\n") + 1, len(last_line) + 1)]


def test_declared_utf8_with_a_bad_byte_is_repaired_byte_by_byte() -> None:
    data = page(b"<p>one \xff two</p>\n", charset=b"utf-8")
    show = parse_html(data)
    _, expected = careful(data)
    assert [(d.code, d.line, d.column) for d in show.diagnostics][: len(expected)] == expected
    assert expected[0][0] == "encoding"
    # The bytes that are UTF-8 stay UTF-8: the title is not read as Windows-1252.
    assert show.episodes[0].title == "Café talk"


def test_good_utf8_goes_the_fast_way_with_the_same_result() -> None:
    data = (FIXTURES / "cards_000.html").read_bytes()
    reporter = Reporter()
    source, root, _ = _html._read_tree(data, reporter)
    assert source is data  # not decoded and encoded again
    assert root is not None
    assert careful(data) == (data, [])
    assert reporter.diagnostics == []


def test_control_characters_found_on_the_fast_path_are_reported_once() -> None:
    data = page(b"<p>a\x01b</p>\n")
    show = parse_html(data)
    assert [d.code for d in show.diagnostics].count("control-character") == 1
    _, expected = careful(data)
    assert [(d.code, d.line, d.column) for d in show.diagnostics][:1] == expected[:1]
    with pytest.raises(ParseError) as raised:
        parse_html(data, strict=True)
    assert raised.value.code == "control-character"
    assert (raised.value.line, raised.value.column) == expected[0][1:]


def test_the_reused_parser_forgets_the_previous_page() -> None:
    broken = page(b"<div><p>x</span></p>\n")
    clean = (FIXTURES / "cards_000.html").read_bytes()
    assert "html-structure" in [d.code for d in parse_html(broken).diagnostics]
    assert parse_html(clean).diagnostics == ()


def test_each_thread_has_its_own_parser() -> None:
    parsers: list[object] = []

    def read() -> None:
        parsers.append(_html._parser())
        parse_html(page(b""))

    threads = [threading.Thread(target=read) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(parsers) == 2
    assert parsers[0] is not parsers[1]
    assert _html._parser() is _html._parser()


# -- prepare() sorts links as is_audio_href and _is_chrome_href do (one lowercasing) ---

_HREF_PARTS = st.sampled_from(
    [
        "/e/one/",
        "https://mcdn.podbean.com/mf/web/x/ep.MP3",
        "ep.m4a?dl=1",
        "ep.ogg#t=3",
        "x?file=a.mp3",
        "https://twitter.com/intent/tweet?url=/e/one/",
        "https://www.facebook.com/SHARER/sharer.php?u=/e/one/",
        "mailto:a@b.c",
        "/e/one/#comments",
        "/page/2/",
        "/\u017fhare",  # a long s: matches s only case-insensitively
        "caf\u00e9.mp3",
        " /e/two/ ",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_HREF_PARTS, min_size=1, max_size=4).map("".join))
def test_prepare_sorts_a_link_as_the_named_predicates_do(href: str) -> None:
    body = etree.fromstring(
        f'<html><body><div><a href="{escape(href)}">label</a></div></body></html>',
        _html._parser(),
    ).find("body")
    assert body is not None
    link = body.find(".//a")
    assert link is not None
    found = _html_text.prepare(body)
    stripped = href.strip()
    if _urls_rules.is_audio_href(stripped):
        assert found.audio == [(link.getparent(), stripped)]
        assert link.tag == "button"
    elif _html_text._is_chrome_href(stripped):
        assert found.audio == []
        assert link.tag == "button"
    else:
        assert found.audio == []
        assert link.tag == "a"


@pytest.mark.parametrize("name", sorted(path.name for path in FIXTURES.glob("*.html")))
def test_episodes_built_without_the_constructor_are_what_it_builds(name: str) -> None:
    show = parse_html((FIXTURES / name).read_bytes(), url=SITE + "/")
    assert show.episodes
    for episode in show.episodes:
        attrs.validate(episode)
        fields = {field.name: getattr(episode, field.name) for field in attrs.fields(Episode)}
        assert Episode(**fields) == episode
        # Each value sits in its own field (a tuple in the wrong order would not).
        assert isinstance(episode.authors, tuple)
        assert episode.url is None or episode.url.startswith(SITE + "/")
        assert episode.published is None or type(episode.published) is dt.date
        assert episode.guid is None
        assert episode.published_at is None
        assert episode.audio_type is None
        assert episode.audio_length is None
        assert episode.image_url is None or "://" in episode.image_url


# -- _opening(): an episode link's line read from the text behind its label ------------

_OPENING_PARTS = st.sampled_from(
    [
        *("\ue003one\ue004", "\ue003two\ue004", "\ue002", "\ue0052025-10-02\ue004", " "),
        *("Thursday Oct 02, 2025", "Posted on Thursday Oct 02, 2025 by Ernis", "A title"),
        *("Sunday Mar 16, 2025", "2025", "Feb 30, 2025", "  ", "x" * 70),
    ]
)


def opening_facts(info: _html._Opening) -> tuple[object, ...]:
    return tuple(getattr(info, name) for name in _html._Opening.__slots__)


@given(st.lists(_OPENING_PARTS, min_size=1, max_size=5).map("".join))
def test_opening_from_the_text_behind_a_link_is_the_lines_own(line: str) -> None:
    for candidate in (line, "\ue003slug\ue004" + line):
        openings: dict[str, _html._Opening] = {}
        first = _html._opening(candidate, openings)
        again = _html._opening(candidate, openings)
        assert opening_facts(first) == opening_facts(_html._Opening(candidate))
        assert opening_facts(again) == opening_facts(first)


# -- is_ui_line() keeps its answers for short lines -------------------------------------


def test_is_ui_line_answers_the_same_from_what_it_kept() -> None:
    lines = ["Play", " 3 Comments ", "Why does this matter?", "Likes: 12", "x" * 100, "Share"]
    first = [_html_text.is_ui_line(line) for line in lines]
    again = [_html_text.is_ui_line(line) for line in lines]
    assert first == again == [True, True, False, True, False, True]
    assert "Play" in _html_text._UI_SEEN
    assert "x" * 100 not in _html_text._UI_SEEN  # long lines are not kept


# -- a long first line skips the opening's reading only when it cannot be a date --------


def test_a_long_line_padded_with_spaces_is_still_read_as_a_date() -> None:
    padded = "\u2003" * 190 + "Thursday Oct 02, 2025"
    text = "A paragraph of the episode that is long enough to be its description. " * 4
    html = (
        "<html><body><main>"
        f'<article><p>{padded}</p><h2><a href="/e/one/">A title</a></h2>'
        f"<p>{text}</p><p>{CREDIT}Ann Lee</p></article>"
        f'<article><p>Friday Oct 03, 2025</p><h2><a href="/e/two/">Another</a></h2>'
        f"<p>{text}</p><p>{CREDIT}Bo Chen</p></article>"
        "</main></body></html>"
    )
    show = parse_html(html.encode())
    assert [episode.published for episode in show.episodes] == [
        dt.date(2025, 10, 2),
        dt.date(2025, 10, 3),
    ]
    assert show.episodes[0].description == text  # its typed spaces kept, as the dumps keep them
