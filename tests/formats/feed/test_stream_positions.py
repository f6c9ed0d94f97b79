"""Streaming the feed: what the feed lacks, nested items, limits and positions after a reread."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from paperledge import Diagnostic, Limits, parse_feed
from paperledge._formats.feed.stream import iter_feed_episodes

from support import REPO

SAMPLE = REPO / "tests" / "fixtures" / "feed" / "podbean_sample.xml"


NAMESPACES = (
    'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" '
    'xmlns:media="http://search.yahoo.com/mrss/"'
)


CHANNEL = "<title>S</title><link>https://s</link><description>d</description>"


def _feed(items: str, channel: str = CHANNEL) -> str:
    return f'<rss version="2.0" {NAMESPACES}><channel>{channel}{items}</channel></rss>'


def test_a_well_formed_stream_reports_what_the_feed_lacks() -> None:
    for feed in (
        "<feed><channel><item><title>a</title></item></channel></feed>",
        "<rss><item><title>a</title></item></rss>",
        _feed("<item><title>a</title></item>", channel="<title>S</title>"),
    ):
        found: list[Diagnostic] = []
        episodes = list(iter_feed_episodes([feed], on_diagnostic=found.append))
        show = parse_feed(feed)
        assert found == list(show.diagnostics)
        assert episodes == list(show.episodes)
        assert found  # each lacks something


def test_a_nested_item_is_read_as_soon_as_its_holder_ends() -> None:
    head = _feed("").split("</channel>")[0]
    items = "<item><title>outer</title><item><title>inner</title></item></item>"
    pieces = [head.encode(), items.encode() + b" " * 8, b"</channel></rss>"]
    asked: list[int] = []

    def chunks() -> Iterator[bytes]:
        for number, piece in enumerate(pieces):
            asked.append(number)
            yield piece

    stream = iter_feed_episodes(chunks())
    titles = [next(stream).title, next(stream).title]
    assert titles == ["outer", "inner"]
    # Both came before the feed's end was asked for.
    assert asked == [0, 1]
    assert list(stream) == []


def test_the_episode_limit_holds_after_a_reread() -> None:
    feed = _feed("<item><title>a</title></item><item><title>b</titel></item><item/>")
    found: list[Diagnostic] = []
    episodes = list(
        iter_feed_episodes([feed], on_diagnostic=found.append, limits=Limits(max_episodes=1))
    )
    assert [e.title for e in episodes] == ["a"]
    assert "too-large" in [d.code for d in found]


@pytest.mark.parametrize("size", [1, 2, 5, 1000])
@pytest.mark.parametrize("as_text", [False, True])
def test_columns_after_a_reread_count_characters_not_bytes(size: int, as_text: bool) -> None:
    # On one line: three curly quotes (3 bytes each in UTF-8), then an item
    # whose end tag is misspelt; chunks may split a quote between them.
    feed = _feed("<item><title>’’’</title></item><item><title>x</titel></item>")
    data = feed.encode()
    found: list[Diagnostic] = []
    text_chunks = [feed[i : i + size] for i in range(0, len(feed), size)]
    chunks: list[Any] = text_chunks if as_text else _pieces(data, size)
    list(iter_feed_episodes(chunks, on_diagnostic=found.append))
    mismatch = [d for d in found if "mismatch" in d.message]
    expected = [d for d in parse_feed(data).diagnostics if "mismatch" in d.message]
    assert [(d.line, d.column) for d in mismatch] == [(d.line, d.column) for d in expected]
    # Column 250, just after "</titel>", counted in characters (256 in bytes).
    assert mismatch[0].column == len(feed[: feed.index("</titel>") + len("</titel>")]) + 1 == 250


def _pieces(data: bytes, size: int) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


def test_xinclude_is_reported_once_however_often_it_is_named() -> None:
    xi = 'xmlns:xi="http://www.w3.org/2001/XInclude"'
    feed = "\n" + _feed(f"<item {xi}><title>a</title></item>").replace("<rss ", f"<rss {xi} ")
    data = feed.encode()
    expected = [("xml-unsafe", 2, 16)]
    assert [(d.code, d.line, d.column) for d in parse_feed(data).diagnostics] == expected
    for size in (1, 10, 50, len(data)):
        found: list[Diagnostic] = []
        list(iter_feed_episodes(_pieces(data, size), on_diagnostic=found.append))
        assert [(d.code, d.line, d.column) for d in found] == expected


def test_a_str_stream_is_utf8_whatever_its_declaration_says() -> None:
    feed = '<?xml version="1.0" encoding="ISO-8859-1"?>' + _feed(
        "<item><title>Zal\u00e1n Mu\u00f1oz \u2019</title></item>"
    )
    episodes = list(iter_feed_episodes([feed[:60], feed[60:]]))
    assert [e.title for e in episodes] == ["Zal\u00e1n Mu\u00f1oz \u2019"]
    assert episodes == list(parse_feed(feed).episodes)


def test_a_namespace_error_is_reported_by_the_stream_too() -> None:
    feed = _feed("<item><title>a</title><foo:bar/></item>")
    found: list[Diagnostic] = []
    episodes = list(iter_feed_episodes([feed], on_diagnostic=found.append))
    assert [e.title for e in episodes] == ["a"]
    assert [(d.code, d.message) for d in found] == [
        ("xml-syntax", "Namespace prefix foo on bar is not defined")
    ]
    assert found == list(parse_feed(feed).diagnostics)


def test_the_episode_limit_holds_when_the_whole_feed_is_reread() -> None:
    # The error is in the first item: every episode comes from the reread.
    feed = _feed("<item><title>a</titel></item><item><title>b</title></item><item/>")
    found: list[Diagnostic] = []
    episodes = list(
        iter_feed_episodes([feed], on_diagnostic=found.append, limits=Limits(max_episodes=2))
    )
    assert [e.title for e in episodes] == ["a", "b"]
    assert found[-1].code == "too-large"


def test_the_episode_limit_is_reported_where_the_next_item_starts() -> None:
    data = SAMPLE.read_bytes()
    fourth = [n for n, line in enumerate(data.split(b"\n"), 1) if line.strip() == b"<item>"][3]
    found: list[Diagnostic] = []
    episodes = list(
        iter_feed_episodes([data], on_diagnostic=found.append, limits=Limits(max_episodes=3))
    )
    assert len(episodes) == 3
    assert [(d.code, d.line) for d in found] == [("too-large", fourth)]
    whole = parse_feed(data, limits=Limits(max_episodes=3)).diagnostics
    assert [(d.code, d.line) for d in whole] == [("too-large", fourth)]


def test_lines_before_a_reread_item_keep_their_numbers() -> None:
    # The channel (no <title>) opens on line 1 with the first item; the
    # broken item that is reread starts on line 3.
    feed = (
        "<rss><channel><link>l</link><description>d</description><item><title>a</title></item>"
        "\n\n<item><title>b</titel></item></channel></rss>"
    )
    found: list[Diagnostic] = []
    episodes = list(iter_feed_episodes(_pieces(feed.encode(), 20), on_diagnostic=found.append))
    assert [e.title for e in episodes] == ["a", "b"]
    lines = sorted((d.line, d.message) for d in found)
    assert lines == sorted((d.line, d.message) for d in parse_feed(feed).diagnostics)
    assert (1, "the channel has no <title>, which RSS 2.0 requires") in lines
    assert (3, "Opening and ending tag mismatch: title line 3 and titel") in lines
