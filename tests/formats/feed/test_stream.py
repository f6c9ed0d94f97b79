"""Streaming the feed: iter_episodes(format="rss") reads what parse_feed reads, item by item."""

from __future__ import annotations

import gc
import io
import tracemalloc
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import paperledge
import paperledge._formats.feed.stream as _rss_stream
from paperledge import Diagnostic, Episode, Limits, ParseError, parse_feed
from paperledge._api.formats import get_format
from paperledge._formats.feed.stream import iter_feed_episodes
from paperledge._rules.lines import feed_text
from paperledge.testing import Archive

from support import REPO

FIXTURES = REPO / "tests" / "fixtures" / "feed"
SAMPLE = FIXTURES / "podbean_sample.xml"

HEAD = (
    '<?xml version="1.0"?>\n<rss version="2.0" '
    'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/">\n<channel>\n'
    "<title>S</title><link>https://s</link><description>d</description>\n"
)


def _chunks(data: str | bytes, size: int) -> list[Any]:
    return [data[i : i + size] for i in range(0, len(data), size)]


def _stream(
    chunks: Iterable[str | bytes], **options: Any
) -> tuple[list[Episode], list[Diagnostic]]:
    found: list[Diagnostic] = []
    episodes = list(iter_feed_episodes(chunks, on_diagnostic=found.append, **options))
    return episodes, found


def _same_as_whole(data: str | bytes, size: int) -> list[Diagnostic]:
    """Stream ``data`` in chunks of ``size``; it must read what parse_feed reads."""
    episodes, found = _stream(_chunks(data, size))
    show = parse_feed(data)
    assert episodes == list(show.episodes)
    # Diagnostics about the feed as a whole come when it ends; as a set, the same.
    assert sorted(map(repr, found)) == sorted(map(repr, show.diagnostics))
    return found


# -- well-formed feeds ---------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 7, 4096, 1 << 30])
def test_sample_feed_streams_as_parse_feed_reads_it(size: int) -> None:
    data = SAMPLE.read_bytes()
    episodes, found = _stream(_chunks(data, size))
    assert found == []
    assert episodes == list(parse_feed(data).episodes)
    assert len(episodes) == 24
    lora = next(e for e in episodes if e.paper_title and e.paper_title.startswith("LoRA"))
    assert lora.guid == "paperledge.podbean.com/0dd8d74a-9ddf07"
    assert lora.audio_length == 13424000
    assert [a.name for a in lora.authors][:2] == ["Edward J. Hu", "Yelong Shen"]


def test_sample_feed_as_text_chunks() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    episodes, found = _stream(_chunks("\ufeff" + text, 1000))
    assert found == []
    assert episodes == list(parse_feed(text).episodes)


def test_generated_feed_streams_its_episodes() -> None:
    archive = Archive(60)
    # The archive writes its feed in pieces (str): streamed as they come.
    episodes, found = _stream(archive.iter_feed())
    assert found == []
    expected = list(archive.episodes())
    assert [e.guid for e in episodes] == [e.guid for e in expected]
    assert [e.description for e in episodes] == [feed_text(e.description) for e in expected]
    assert [e.published_at for e in episodes] == [e.published_at for e in expected]
    assert [e.authors for e in episodes] == [e.authors for e in expected]
    whole = "".join(archive.iter_feed())
    assert episodes == list(parse_feed(whole).episodes)


def test_iter_episodes_streams_rss_by_name_sniffing_and_extension(tmp_path: Path) -> None:
    data = SAMPLE.read_bytes()
    expected = list(parse_feed(data).episodes)
    path = tmp_path / "feed.xml"
    path.write_bytes(data)
    assert list(paperledge.iter_episodes(data, format="rss")) == expected
    assert list(paperledge.iter_episodes(io.BytesIO(data))) == expected
    assert list(paperledge.iter_episodes(path)) == expected
    assert list(paperledge.iter_episodes(_chunks(data, 999), format="rss")) == expected
    # The rss format streams: it is not read whole first.
    assert get_format("rss").streamer is not None


def test_episodes_come_before_the_feed_ends() -> None:
    data = SAMPLE.read_bytes()
    cut = data.index(b"</item>") + len(b"</item>")
    received: list[bytes] = []

    def chunks() -> Iterator[bytes]:
        # (A few bytes are held back in case "<item" continues: spaces follow.)
        for piece in (data[:cut], b" " * 8, data[cut:]):
            received.append(piece)
            yield piece

    stream = iter_feed_episodes(chunks())
    first = next(stream)
    # The first episode came out before the rest of the feed was asked for.
    assert len(received) <= 2
    assert first == parse_feed(data).episodes[0]


def test_an_item_tag_inside_text_is_not_an_item() -> None:
    feed = (
        HEAD + "<item><title>a</title><content:encoded><![CDATA[<p>see <item> and "
        "<item>x</item></p>]]></content:encoded></item>\n<item><title>b</title></item>\n"
        "<!-- <item><title>no</title></item> --></channel></rss>"
    )
    for size in (1, 5, 64):
        assert _same_as_whole(feed, size) == []
    episodes, _found = _stream([feed])
    assert [e.title for e in episodes] == ["a", "b"]
    # In the HTML, <item> is an unknown (inline) tag: dropped, its text kept.
    assert episodes[0].description == "see and x"


def test_nested_and_stray_items_read_as_parse_feed_reads_them() -> None:
    feed = (
        HEAD + "<item><title>outer</title><item><title>inner</title></item></item>"
        "<item><title>last</title></item></channel><item><title>outside</title></item></rss>"
    )
    for size in (1, 3, 1000):
        _same_as_whole(feed, size)
    episodes, _found = _stream([feed])
    # Items in document order, the one outside the channel not read.
    assert [e.title for e in episodes] == ["outer", "inner", "last"]


# -- defects -----------------------------------------------------------------------------

BROKEN = {
    # An unclosed feed: the last item is read all the same.
    "unclosed": HEAD + "<item><title>a</title></item><item><title>b",
    # A bare "<" in a title: the whole-document reader keeps going.
    "bare-lt": HEAD
    + "<item><title>a</title></item>\n<item><title>x < y</title></item>\n"
    + "<item><title>c</title></item></channel></rss>",
    "undefined-entity": HEAD + "<item><title>a &nbsp; b</title></item></channel></rss>",
    "mismatched-tags": HEAD
    + "<item><title>a</titel></item>\n<item><title>b</title></item></channel></rss>",
    "junk": "\x00\x01 this is not XML",
    "empty": "",
    "two-roots": HEAD + "<item><title>a</title></item></channel></rss><rss><item/></rss>",
}


@pytest.mark.parametrize("name", sorted(BROKEN))
@pytest.mark.parametrize("size", [1, 9, 100_000])
def test_broken_feeds_stream_as_parse_feed_reads_them(name: str, size: int) -> None:
    data = BROKEN[name].encode()
    found = _same_as_whole(data, size)
    assert found  # every one of them is reported
    assert all(d.line >= 1 and d.column >= 1 for d in found)


def test_bare_lt_reads_every_item_with_the_error_where_it_is() -> None:
    episodes, found = _stream(_chunks(BROKEN["bare-lt"].encode(), 16))
    # The pull parser alone would stop at the "<"; the reread keeps the items, the repair the "<".
    assert [e.title for e in episodes] == ["a", "x < y", "c"]
    syntax = [d for d in found if d.code == "xml-syntax"]
    assert syntax[0].line == 6
    assert syntax[0].message == "StartTag: invalid element name"


def test_error_positions_after_the_reread_are_the_feeds() -> None:
    feed = HEAD + "<item><title>a</title></item>\n<item><title>b</titel></item>\n"
    episodes, found = _stream(_chunks(feed, 8))
    assert [e.title for e in episodes] == ["a", "b"]
    mismatch = next(d for d in found if "mismatch" in d.message)
    # Line 6, "<item><title>b</titel></item>": column 23 is just after </titel>,
    # as parse_feed reports it.
    assert (mismatch.line, mismatch.column) == (6, 23)
    assert found == list(parse_feed(feed).diagnostics)
    assert mismatch.message == "Opening and ending tag mismatch: title line 6 and titel"


def test_strict_raises_the_first_defect() -> None:
    with pytest.raises(ParseError) as raised:
        list(iter_feed_episodes(_chunks(BROKEN["mismatched-tags"], 10), strict=True))
    assert raised.value.code == "xml-syntax"
    assert raised.value.line == 5
    with pytest.raises(ParseError) as raised:
        list(iter_feed_episodes([b""], strict=True))
    assert raised.value.code == "xml-syntax"
    # A well-formed feed streams in strict mode.
    assert len(list(iter_feed_episodes([SAMPLE.read_bytes()], strict=True))) == 24


# -- safety -----------------------------------------------------------------------------


def test_a_dtd_with_entities_is_reported_never_expanded() -> None:
    laughs = ['<!ENTITY a0 "lollollollollollollollollollol">'] + [
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 9)
    ]
    feed = (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [' + "\n".join(laughs) + "]>\n"
        "<rss><channel><title>t</title><link>l</link><description>d</description>"
        "<item><title>&a8;</title></item></channel></rss>"
    ).encode()
    tracemalloc.start()
    try:
        episodes, found = _stream(_chunks(feed, 50))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 10 * 1024 * 1024  # 10**8 characters expanded
    assert found[0].code == "xml-unsafe"
    assert found[0].line == 2
    assert "with entities" in found[0].message
    assert len(episodes) == 1
    assert "lol" not in (episodes[0].title or "")
    with pytest.raises(ParseError) as raised:
        list(iter_feed_episodes(_chunks(feed, 50), strict=True))
    assert raised.value.code == "xml-unsafe"


def test_external_entities_are_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-42", encoding="utf-8")
    feed = (
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>\n'
        "<rss><channel><item><title>&x;</title><description>&x;</description></item>"
        "</channel></rss>"
    ).encode()
    episodes, found = _stream(_chunks(feed, 7))
    assert "TOP-SECRET" not in repr(episodes) + repr(found)
    assert any(d.code == "xml-unsafe" for d in found)


def test_xinclude_is_reported_where_it_is_even_across_chunks() -> None:
    feed = (
        HEAD.replace("<rss ", '<rss xmlns:xi="http://www.w3.org/2001/XInclude" ')
        + '<item><title>a</title><xi:include href="/etc/passwd"/></item></channel></rss>'
    ).encode()
    for size in (3, 17, 4096):
        found = _same_as_whole(feed, size)
        assert [d.code for d in found] == ["xml-unsafe"]
        assert (found[0].line, found[0].column) == (2, 16)


# -- limits -----------------------------------------------------------------------------


def test_max_episodes_per_stream() -> None:
    streamer = get_format("rss").streamer
    assert streamer is not None
    found: list[Diagnostic] = []
    episodes = list(
        streamer(
            _chunks(SAMPLE.read_bytes(), 4096),
            on_diagnostic=found.append,
            limits=Limits(max_episodes=3),
        )
    )
    assert len(episodes) == 3
    assert [d.code for d in found] == ["too-large"]
    assert "Limits.max_episodes" in found[0].message
    with pytest.raises(ParseError) as raised:
        list(streamer([SAMPLE.read_bytes()], strict=True, limits=Limits(max_episodes=3)))
    assert raised.value.code == "too-large"


def test_no_input_size_limit_on_a_stream() -> None:
    data = SAMPLE.read_bytes()
    episodes, found = _stream(_chunks(data, 4096), limits=Limits(max_input_bytes=1000))
    assert len(episodes) == 24
    assert found == []


# -- memory ---------------------------------------------------------------------------------


def _peak(items: int, watch: list[int]) -> int:
    """Peak traced memory while streaming ``items`` generated items (bytes)."""
    gc.collect()
    tracemalloc.start()
    try:
        chunks = (piece.encode() for piece in Archive(items).iter_feed())
        for count, _episode in enumerate(iter_feed_episodes(chunks), 1):
            if count % 100 == 0:
                # Free lists and the cycle collector hold what the stream no
                # longer references: collected, the figure is the stream's own.
                gc.collect()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == items
    watch.append(peak)
    return peak


@pytest.mark.bigstream
def test_memory_is_bounded_by_the_largest_item_not_the_feed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    largest = max(len(piece.encode()) for piece in Archive(24).iter_feed())
    # The tree holds at most the channel's opening and the item being read:
    # seen from the reader, the item's siblings never pile up.
    siblings: list[int] = []
    read_item = _rss_stream._item

    def counting(item: Any, reporter: Any) -> Episode:
        siblings.append(len(item.getparent()))
        return read_item(item, reporter)

    monkeypatch.setattr(_rss_stream, "_item", counting)
    small = _peak(200, [])
    large = _peak(2000, [])
    assert max(siblings) <= 9  # the channel's 7 fields, the last item and this one
    assert large < small * 1.25 + 32 * 1024
    assert large < 30 * largest


# -- any feed ---------------------------------------------------------------------------

_PARTS = [
    "<item><title>T - x</title><guid>g</guid></item>",
    "<item><pubDate>Thu, 02 Oct 2025 09:00:00 -0400</pubDate><title>t</title></item>",
    "<item><content:encoded><![CDATA[<p>a</p>\n<ul>\n<li>b</li>\n</ul>]]></content:encoded></item>",
    "<item><description>x.Credit to Paper authors: A B, C</description></item>",
    "<item><itunes:duration>1:75</itunes:duration></item>",
    "<item/>",
    "<item><item><title>in</title></item></item>",
    "<![CDATA[<item>]]>",
    "<!-- <item> -->",
    "\n",
    "<",
    "&",
    "&x;",
    "</item>",
    "<item>",
    "</channel>",
    "\xa0",
    "\x00",
]


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(st.sampled_from(_PARTS), max_size=12),
    st.sampled_from(["</channel></rss>", "", "</rss>"]),
    st.integers(1, 80),
    st.booleans(),
)
def test_any_feed_streams_as_parse_feed_reads_it(
    parts: list[str], end: str, size: int, as_bytes: bool
) -> None:
    feed = HEAD + "".join(parts) + end
    data: str | bytes = feed.encode("utf-8", "replace") if as_bytes else feed
    _same_as_whole(data, size)
    # Strict: the stream raises exactly when parse_feed does (maybe at an
    # earlier defect, as it meets them in order).
    try:
        parse_feed(data, strict=True)
    except ParseError:
        with pytest.raises(ParseError):
            list(iter_feed_episodes(_chunks(data, size), strict=True))
    else:
        assert list(iter_feed_episodes(_chunks(data, size), strict=True)) == list(
            parse_feed(data).episodes
        )
