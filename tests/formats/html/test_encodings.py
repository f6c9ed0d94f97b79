"""A page's encoding: UTF-8 as it is, Windows-1252, BOMs, and bytes that fit none."""

from __future__ import annotations

import pytest

import paperledge._formats.html.decoding as _decoding
from formats.html.pages import (
    FIXTURES,
    TEXT,
    TEXT2,
    byte_page,
    card,
    careful,
    codes,
    fields,
    fixture,
    page,
    seed_show,
)
from paperledge import ParseError, parse_html
from paperledge._diagnostics import Reporter


def test_undeclared_windows_1252_is_detected_and_reported() -> None:
    data = fixture("windows_1252_declared.html").replace(b"; charset=windows-1252", b"")
    show = parse_html(data)
    assert "encoding" in codes(show)
    want = seed_show("002_2135ef60f4dd5d3d.txt")
    assert [fields(e) for e in show.episodes] == [fields(e) for e in want.episodes]
    with pytest.raises(ParseError) as error:
        parse_html(data, strict=True)
    assert error.value.code == "encoding"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-32"])
def test_byte_order_marks(encoding: str) -> None:
    text = fixture("cards_theme_untitled_episodes.html").decode("utf-8")
    assert parse_html(text.encode(encoding)) == parse_html(text)


def test_a_page_cut_inside_a_character() -> None:
    data = b"<p>x</p>\n<p>ab\xc3"
    show = parse_html(data)
    first = show.diagnostics[0]
    assert (first.code, first.line, first.column) == ("undecodable", 2, 6)


def test_declared_utf8_with_a_stray_byte_is_reported_at_the_byte() -> None:
    data = page(card(lines=(TEXT, "caf\xe9 " + TEXT2))).encode("utf-8")
    data = data.replace(b"<head>", b'<head><meta charset="utf-8">').replace(
        "caf\xe9".encode(), b"caf\xe9"
    )
    show = parse_html(data)
    (diagnostic,) = show.diagnostics
    assert diagnostic.code == "encoding"
    line = data.split(b"\n")[diagnostic.line - 1]
    assert line.decode("cp1252")[diagnostic.column - 1 :].startswith("\xe9 The authors")
    assert show.episodes[0].description.endswith("caf\xe9 " + TEXT2)


def test_a_declared_latin1_page_is_read_as_windows_1252() -> None:
    data = page(
        card(lines=(TEXT, "\u201cQuoted\u201d " + TEXT2)), head='<meta charset="iso-8859-1">'
    )
    show = parse_html(data.encode("cp1252"), strict=True)
    assert "\u201cQuoted\u201d" in show.episodes[0].description


def test_a_utf8_bom_before_bytes_that_are_not_utf8() -> None:
    data = b"\xef\xbb\xbf" + page(card(lines=(TEXT, "caf\xe9 " + TEXT2))).encode("cp1252")
    show = parse_html(data)
    assert codes(show) == ["encoding"]
    assert "utf-8" in show.diagnostics[0].message
    assert show.episodes[0].description.endswith("caf\xe9 " + TEXT2)


def test_too_large_pages_are_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_decoding, "MAX_HTML_BYTES", 400)
    data = page(card(), card("two"))
    text_show = parse_html(data)
    assert text_show.diagnostics[0].code == "too-large"
    assert "characters" in text_show.diagnostics[0].message
    bytes_show = parse_html(data.encode())
    assert bytes_show.diagnostics[0].code == "too-large"
    assert "bytes" in bytes_show.diagnostics[0].message


@pytest.mark.parametrize(
    "charset", ["iso-8859-1", "iso8859-1", "latin-1", "latin1", "us-ascii", "ascii", "cp1252"]
)
def test_declared_western_encodings_are_read_as_windows_1252(charset: str) -> None:
    data = page(
        card(lines=(TEXT, "\u201cQuoted\u201d \u2013 " + TEXT2)),
        head=f'<meta charset="{charset}">',
    ).encode("cp1252")
    show = parse_html(data, strict=True)
    assert show.episodes[0].description.endswith("\u201cQuoted\u201d \u2013 " + TEXT2)


def test_a_lone_surrogate_in_text_input_is_replaced_with_u_fffd_and_reported() -> None:
    source = page(card(lines=(TEXT, "a\ud800b " + TEXT2)))
    show = parse_html(source)
    (episode,) = show.episodes
    assert episode.description.endswith("a\ufffdb " + TEXT2)
    (diagnostic,) = [d for d in show.diagnostics if d.code == "undecodable"]
    assert "U+D800" in diagnostic.message
    line = source.splitlines()[diagnostic.line - 1]
    assert line[diagnostic.column - 1] == "\ud800"


def test_an_odd_byte_at_the_end_of_a_utf16_page() -> None:
    data = page(card()).encode("utf-16") + b"\x00"
    (episode,) = parse_html(data).episodes
    assert episode.description == f"{TEXT}\n{TEXT2}"


def test_an_undeclared_page_ending_in_a_byte_that_is_not_utf8() -> None:
    # Not a character cut short (that is "undecodable"): a Windows-1252 page.
    data = page(card()).encode("utf-8") + b"\xff"
    show = parse_html(data)
    (diagnostic,) = show.diagnostics
    assert diagnostic.code == "encoding"
    assert diagnostic.message == "the page is not UTF-8; it was decoded as windows-1252"


def test_a_page_given_as_text_reads_the_same_with_a_byte_order_mark() -> None:
    text = page(card(), card("two"))
    plain_show = parse_html(text)
    marked_show = parse_html("\ufeff" + text)
    assert marked_show.episodes == plain_show.episodes
    assert marked_show.diagnostics == plain_show.diagnostics


@pytest.mark.parametrize("errors", [0, 10, 49, 50, 120, 500])
def test_bytes_not_utf8_after_many_errors_are_still_caught(errors: int) -> None:
    # libxml2 stops logging after 100 errors: whatever its log says, bytes
    # that are not UTF-8 take the careful path.
    data = byte_page(b"<p>x</span></p>\n" * errors + b"<p>na\xefve caf\xe9</p>\n")
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
    data = byte_page(b'<!DOCTYPE html P\xd7UBLIC "-//W3C//DTD XHTML 1.0//EN">\n')
    show = parse_html(data)
    assert "encoding" in [d.code for d in show.diagnostics]
    assert careful(data)[0].count("×".encode()) == 1  # 0xd7 in Windows-1252


@pytest.mark.parametrize("size", [10, (1 << 16) - 1, (1 << 18) + 5])
def test_utf8_is_checked_whatever_the_size(size: int) -> None:
    # A bad byte anywhere is found, however long the page.
    body = ("é" * size).encode()
    assert codes(parse_html(byte_page(b"<p>" + body + b"</p>"))) == []
    bad = body[: size // 2 * 2] + b"\xff" + body
    assert "encoding" in codes(parse_html(byte_page(b"<p>" + bad + b"</p>")))


def test_a_page_cut_inside_a_character_is_located_as_before() -> None:
    data = byte_page(b"")[:-1] + b"\xe2\x80"
    show = parse_html(data)
    found = [(d.code, d.line, d.column) for d in show.diagnostics if d.code == "undecodable"]
    last_line = data[data.rfind(b"\n") + 1 : -2]
    assert last_line.endswith(b"</html>")
    assert found == [("undecodable", data.count(b"\n") + 1, len(last_line) + 1)]


def test_declared_utf8_with_a_bad_byte_is_repaired_byte_by_byte() -> None:
    data = byte_page(b"<p>one \xff two</p>\n", charset=b"utf-8")
    show = parse_html(data)
    _, expected = careful(data)
    assert [(d.code, d.line, d.column) for d in show.diagnostics][: len(expected)] == expected
    assert expected[0][0] == "encoding"
    # The bytes that are UTF-8 stay UTF-8: the title is not read as Windows-1252.
    assert show.episodes[0].title == "Café talk"


def test_good_utf8_goes_the_fast_way_with_the_same_result() -> None:
    data = (FIXTURES / "cards_theme_untitled_episodes.html").read_bytes()
    reporter = Reporter()
    source, root, _ = _decoding.read_tree(data, reporter)
    assert source is data  # not decoded and encoded again
    assert root is not None
    assert careful(data) == (data, [])
    assert reporter.diagnostics == []


def test_a_page_declaring_another_encoding_than_its_own_says_so() -> None:
    # readability's qq page: declared gb2312, written in UTF-8.
    text = (
        "<html><head><meta charset='gb2312'><title>新闻</title></head>"
        "<body><p>腾讯新闻，事实派。</p></body></html>"
    )
    show = parse_html(text.encode("utf-8"))
    messages = [d.message for d in show.diagnostics if d.code == "encoding"]
    assert messages == ["the page declares 'gb2312' but is not in it; it was decoded as utf-8"]
    assert show.title == "新闻"
