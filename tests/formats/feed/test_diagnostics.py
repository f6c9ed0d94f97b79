"""The positions and messages of a feed's defects.

DTDs, XInclude, encodings, missing channel fields, syntax errors.
"""

from __future__ import annotations

import pytest

from paperledge import ParseError, parse_feed

from support import REPO

SAMPLE = REPO / "tests" / "fixtures" / "feed" / "podbean_sample.xml"


NAMESPACES = (
    'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" '
    'xmlns:media="http://search.yahoo.com/mrss/"'
)


CHANNEL = "<title>S</title><link>https://s</link><description>d</description>"


def _feed(items: str, channel: str = CHANNEL) -> str:
    return f'<rss version="2.0" {NAMESPACES}><channel>{channel}{items}</channel></rss>'


def _diagnostics(data: str | bytes) -> list[tuple[str, int, int, str]]:
    return [(d.code, d.line, d.column, d.message) for d in parse_feed(data).diagnostics]


def test_a_doctype_after_a_leading_newline_is_at_line_two_column_one() -> None:
    feed = "\n<!DOCTYPE rss>\n" + _feed("<item><title>a</title></item>")
    assert _diagnostics(feed.encode()) == [
        (
            "xml-unsafe",
            2,
            1,
            "the feed declares a DTD; it was ignored and no entity was expanded",
        )
    ]


def test_a_doctype_that_opens_the_feed_is_reported() -> None:
    feed = '<!doctype rss [<!ENTITY e "x">]>' + _feed("<item><title>&e;</title></item>")
    assert _diagnostics(feed)[0] == (
        "xml-unsafe",
        1,
        1,
        "the feed declares a DTD with entities; it was ignored and no entity was expanded",
    )


def test_a_doctype_on_the_declarations_line_is_at_its_column() -> None:
    feed = '<?xml version="1.0"?><!DOCTYPE rss>' + _feed("")
    # "<?xml version="1.0"?>" is 21 characters: the DOCTYPE starts at column 22.
    assert _diagnostics(feed.encode())[0][:3] == ("xml-unsafe", 1, 22)


def test_xinclude_is_named_in_the_message() -> None:
    feed = _feed("<item><title>a</title></item>").replace(
        "<rss ", '<rss xmlns:xi="http://www.w3.org/2001/XInclude" '
    )
    assert _diagnostics(feed) == [
        ("xml-unsafe", 1, 16, "the feed uses XInclude; it was ignored, never processed")
    ]


def test_bytes_that_are_not_the_declared_encoding_are_an_encoding_defect() -> None:
    feed = _feed("<item><title>a\xff</title></item>").encode("latin-1")
    codes = [
        code for code, *_rest in _diagnostics(b'<?xml version="1.0" encoding="UTF-8"?>' + feed)
    ]
    assert codes == ["encoding"]


def test_a_hundred_syntax_errors_are_each_reported() -> None:
    # Each undefined entity is one error (libxml2 reports the first hundred):
    # a hundred are listed one by one, with no "and N more" after them.
    title = "".join(f"&e{i};" for i in range(100))
    show = parse_feed(_feed(f"<item><title>{title}</title></item>"))
    *errors, repaired = show.diagnostics
    assert [d.message for d in errors] == [f"Entity 'e{i}' not defined" for i in range(100)]
    # Unknown names are not entities: the repaired feed keeps them as written.
    assert repaired.code == "xml-repaired"
    assert show.episodes[0].title == title


def test_strict_reports_where_the_xml_breaks() -> None:
    feed = _feed("<item><title>b</titel></item>")
    with pytest.raises(ParseError) as raised:
        parse_feed(feed, strict=True)
    column = feed.index("</titel>") + len("</titel>") + 1
    assert (raised.value.code, raised.value.line, raised.value.column) == ("xml-syntax", 1, column)
