"""Hostile feeds: unsafe XML (external entities, DTDs, XInclude, amplification) is
never resolved and is reported; deep nesting is a syntax error, never a RecursionError.

The promise is docs/reliability.md's: no input reads a file or reaches the network."""

from __future__ import annotations

from pathlib import Path

import pytest

import paperledge
from paperledge import ParseError, Show, parse, parse_feed

SECRET = "TOP-SECRET-c0ffee-4242"


HEAD = (
    '<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">'
    "<channel><title>PaperLedge</title><link>https://paperledge.podbean.com</link>"
    "<description>d</description>"
)


TAIL = "</channel></rss>"


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


def _feed(prolog: str, item: str) -> str:
    return f'<?xml version="1.0"?>\n{prolog}\n{HEAD}<item>{item}</item>{TAIL}'


def _unsafe_feeds(secret: Path) -> dict[str, str]:
    url = f"file://{secret}"
    return {
        "external entity": _feed(
            f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "{url}">]>',
            "<title>&xxe;</title><description>&xxe;</description>",
        ),
        "external parameter entity": _feed(
            f'<!DOCTYPE rss [<!ENTITY % p SYSTEM "{url}"> %p;]>', "<title>T</title>"
        ),
        "external DTD": _feed(f'<!DOCTYPE rss SYSTEM "{url}">', "<title>T</title>"),
        "public external DTD": _feed(
            f'<!DOCTYPE rss PUBLIC "-//X//DTD X//EN" "{url}">', "<title>T</title>"
        ),
        # /dev/zero never ends: reading it would hang, not just leak.
        "endless entity": _feed(
            '<!DOCTYPE rss [<!ENTITY z SYSTEM "file:///dev/zero">]>', "<title>&z;</title>"
        ),
        "network entity": _feed(
            '<!DOCTYPE rss [<!ENTITY n SYSTEM "http://127.0.0.1:9/x">]>', "<title>&n;</title>"
        ),
    }


@pytest.mark.parametrize(
    "kind",
    [
        "external entity",
        "external parameter entity",
        "external DTD",
        "public external DTD",
        "endless entity",
        "network entity",
    ],
)
def test_unsafe_feed_is_never_resolved_and_is_reported(secret: Path, kind: str) -> None:
    data = _unsafe_feeds(secret)[kind]
    for read in (parse_feed, parse):
        show = read(data)
        assert SECRET not in _everything(show)
        assert "xml-unsafe" in _codes(show)
        unsafe = next(d for d in show.diagnostics if d.code == "xml-unsafe")
        assert (unsafe.line, unsafe.column) == (2, 1)  # the DOCTYPE
        # The document itself is still read.
        assert show.title == "PaperLedge"
        assert len(show.episodes) == 1
        with pytest.raises(ParseError) as raised:
            read(data, strict=True)
        assert raised.value.code == "xml-unsafe"
        assert SECRET not in str(raised.value)


def test_unsafe_feed_as_bytes_and_through_load(secret: Path, tmp_path: Path) -> None:
    data = _unsafe_feeds(secret)["external entity"]
    path = tmp_path / "feed.xml"
    path.write_text(data)
    for show in (parse_feed(data.encode()), paperledge.load(path)):
        assert SECRET not in _everything(show)
        assert "xml-unsafe" in _codes(show)


def test_billion_laughs_is_not_expanded() -> None:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    data = _feed(f"<!DOCTYPE rss [{entities}]>", "<title>&lol9;</title>")
    show = parse_feed(data)
    assert "xml-unsafe" in _codes(show)
    # Not expanded: the title is not a billion "lol"s.
    assert "lollol" not in _everything(show)
    with pytest.raises(ParseError, match="xml-unsafe"):
        parse_feed(data, strict=True)


def test_large_declared_entity_is_not_expanded() -> None:
    # A declared entity of 1 MB referenced 1,000 times would be 1 GB expanded.
    big = "x" * (1 << 20)
    data = _feed(
        f'<!DOCTYPE rss [<!ENTITY big "{big}">]>',
        "<title>T</title><description>" + "&big;" * 1000 + "</description>",
    )
    show = parse_feed(data)
    assert "xml-unsafe" in _codes(show)
    assert len(_everything(show)) < 2 * len(data)


def test_a_one_gigabyte_declared_length_is_a_number_not_an_allocation() -> None:
    data = _feed(
        "",
        '<title>T</title><enclosure url="https://mcdn.podbean.com/mf/web/x/a.mp3" '
        'length="1073741824" type="audio/mpeg"/>',
    )
    show = parse_feed(data, strict=True)
    assert show.episodes[0].audio_length == 1 << 30


def test_xinclude_is_never_processed(secret: Path) -> None:
    data = _feed(
        "",
        '<title>T</title><description xmlns:xi="http://www.w3.org/2001/XInclude">'
        f'before<xi:include href="file://{secret}" parse="text"/>after</description>',
    )
    show = parse_feed(data)
    assert SECRET not in _everything(show)
    assert show.episodes[0].title == "T"
    assert [(d.code, d.line) for d in show.diagnostics] == [("xml-unsafe", 3)]
    with pytest.raises(ParseError, match="XInclude"):
        parse_feed(data, strict=True)


def test_100_000_nested_feed_elements() -> None:
    data = HEAD + "<item><title>T</title>" + "<x>" * 100_000 + "</x>" * 100_000 + "</item>" + TAIL
    show = parse_feed(data)
    assert "xml-syntax" in _codes(show)
    assert show.title == "PaperLedge"
    with pytest.raises(ParseError) as raised:
        parse_feed(data, strict=True)
    assert raised.value.code == "xml-syntax"
