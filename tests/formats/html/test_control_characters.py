"""Characters a page may not hold as text, and references to them.

Control characters, noncharacters and the reader's own marker characters.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

import paperledge._formats.html.decoding as _decoding
from formats.html.pages import CREDIT, TEXT, TEXT2, byte_page, card, careful, codes, page
from paperledge import ParseError, parse_html


def test_control_characters_are_reported_and_replaced() -> None:
    data = page(card(lines=(TEXT, "a\x01b " + TEXT2)))
    show = parse_html(data)
    (diagnostic,) = show.diagnostics
    assert diagnostic.code == "control-character"
    line = data.split("\n")[diagnostic.line - 1]
    assert line[diagnostic.column - 1 :].startswith("\x01b ")
    assert show.episodes[0].description.endswith("a\ufffdb " + TEXT2)


def test_a_form_feed_is_a_space() -> None:
    data = page(card(lines=(TEXT, "a\x0cb " + TEXT2)))
    show = parse_html(data)
    assert codes(show) == ["control-character"]
    assert show.episodes[0].description.endswith("a b " + TEXT2)


def test_noncharacters_are_replaced() -> None:
    data = page(card(lines=(TEXT, "a\ufffeb " + TEXT2))).encode("utf-8")
    show = parse_html(data)
    assert codes(show) == ["control-character"]
    assert show.episodes[0].description.endswith("a\ufffdb " + TEXT2)


def test_marker_characters_in_the_page_are_inert() -> None:
    marked = "".join(chr(c) for c in range(0xE000, 0xE008))
    (episode,) = parse_html(page(card(lines=(TEXT, marked + TEXT2)))).episodes
    assert episode.description == f"{TEXT}\n" + "\ufffd" * 8 + TEXT2


def test_other_control_characters() -> None:
    for control in ("\x0b", "\x0e", "\x1f", "\x00"):
        data = page(card(lines=(TEXT, f"a{control}b " + TEXT2)))
        show = parse_html(data)
        assert codes(show) == ["control-character"], repr(control)
        assert show.episodes[0].description.endswith("a\ufffdb " + TEXT2)


def test_references_to_marker_characters_are_inert() -> None:
    # A page cannot bring in the reader's private-use marks through
    # character references either (one stood for the edge of an episode).
    first = card("one", extra="<p>&#xe007;</p><p>&#57351;</p><p>&#x0000E003;x</p>")
    data = page(first, card("two"), card("three"))
    show = parse_html(data)
    assert [e.url for e in show.episodes] == ["/e/one/", "/e/two/", "/e/three/"]
    # The three lines after the credit are kept, as text after a credit is.
    assert show.episodes[0].description == f"{TEXT}\n{TEXT2}\n\ufffd\n\ufffd\n\ufffdx"
    assert [e.description for e in show.episodes[1:]] == [f"{TEXT}\n{TEXT2}"] * 2
    assert codes(show) == ["stray-text"]
    strays = parse_html(page(card(lines=(TEXT, "&#xE003;&#57349;&#x00e007 " + TEXT2))))
    assert strays.episodes[0].description.endswith("\ufffd\ufffd\ufffd " + TEXT2)


def test_references_next_to_the_markers_are_left_alone() -> None:
    data = page(card(lines=(TEXT, "&#xe0070;&#573440;&#xe008; " + TEXT2)))
    (episode,) = parse_html(data, strict=True).episodes
    assert episode.description.endswith("\U000e0070\U0008c000\ue008 " + TEXT2)


def test_a_marker_reference_with_a_long_run_of_zeros() -> None:
    data = page(card(lines=(TEXT, "&#x" + "0" * 100_000 + "e003;" + TEXT2)))
    (episode,) = parse_html(data).episodes
    assert episode.description.endswith("\ufffd" + TEXT2)


def test_the_other_noncharacter() -> None:
    data = page(card(lines=(TEXT, "a\uffffb " + TEXT2))).encode("utf-8")
    show = parse_html(data)
    assert codes(show) == ["control-character"]
    assert show.episodes[0].description.endswith("a\ufffdb " + TEXT2)


@pytest.mark.parametrize(
    ("reference", "code"),
    [("&#4;", 4), ("&#x04;", 4), ("&#X1f;", 0x1F), ("&#0000011;", 11), ("&#65535;", 0xFFFF)],
)
def test_references_to_control_characters_are_reported_and_replaced(
    reference: str, code: int
) -> None:
    # Found by fuzzing: libxml2 turns &#4; into U+0004, which lxml then
    # refused when the reader labelled a <time> or an episode link holding it.
    data = page(
        '<article><time datetime="2025-10-02">' + reference + "</time>"
        f'<h2><a href="/e/one/">Robotics - A{reference}B</a></h2>'
        f"<p>a{reference}b {TEXT}{CREDIT}Ann Lee</p></article>"
    )
    show = parse_html(data)
    assert codes(show) == ["control-character"]
    (diagnostic,) = show.diagnostics
    assert f"U+{code:04X}" in diagnostic.message
    line = data.split("\n")[diagnostic.line - 1]
    assert line[diagnostic.column - 1 :].startswith(reference)
    (episode,) = show.episodes
    assert episode.published == dt.date(2025, 10, 2)
    assert episode.title == "Robotics - A\ufffdB"
    assert episode.description == f"a\ufffdb {TEXT}"
    with pytest.raises(ParseError) as raised:
        parse_html(data, strict=True)
    assert raised.value.code == "control-character"


def test_references_to_allowed_characters_are_left_alone() -> None:
    # Tab, line feed and carriage return are text; &#10; is not &#1; followed by 0.
    data = page(card(lines=(TEXT, "a&#9;b&#10;c&#13;d&#x20;e " + TEXT2)))
    show = parse_html(data)
    assert "control-character" not in codes(show)


def test_control_characters_found_on_the_fast_path_are_reported_once() -> None:
    data = byte_page(b"<p>a\x01b</p>\n")
    show = parse_html(data)
    assert [d.code for d in show.diagnostics].count("control-character") == 1
    _, expected = careful(data)
    assert [(d.code, d.line, d.column) for d in show.diagnostics][:1] == expected[:1]
    with pytest.raises(ParseError) as raised:
        parse_html(data, strict=True)
    assert raised.value.code == "control-character"
    assert (raised.value.line, raised.value.column) == expected[0][1:]


_PIECES = st.sampled_from(
    [
        b"a",
        b"&",
        b"&#",
        b"&#x1;",
        b"&#57344;",
        b"&#xE003;",
        b"&#65;",
        b"\xee\x80\x83",
        b"\xee",
        b"\xef\xbf\xbe",
        b"\xef\xbf",
        b"\x01",
        b"\x0c",
        b"\t\n\r",
        b"\xc3\xa9",
    ]
)


@given(st.lists(_PIECES, max_size=12).map(b"".join))
def test_what_needs_fixing_is_found_as_the_patterns_find_it(source: bytes) -> None:
    # _fixups rules each pattern out with a one-byte test first, and finds
    # control bytes through a table: the flags are what the patterns say.
    expected = 0
    if _decoding._MARKER_BYTES.search(source):
        expected |= _decoding._MARKERS
    if _decoding._SUSPECT_REFERENCES.search(source):
        expected |= _decoding._REFERENCES
    if re.search(b"[\x00-\x08\x0b\x0c\x0e-\x1f]", source):
        expected |= _decoding._CONTROLS
    if _decoding._NONCHARACTER_BYTES.search(source):
        expected |= _decoding._NONCHARACTERS
    assert _decoding._fixups(source) == expected
