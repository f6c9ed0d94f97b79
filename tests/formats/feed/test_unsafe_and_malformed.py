"""parse_feed on hostile and malformed feeds: safe, tolerant, strict."""

from __future__ import annotations

import contextlib
import datetime as dt
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paperledge import ParseError, parse_feed

from support import REPO

SAMPLE = REPO / "tests" / "fixtures" / "feed" / "podbean_sample.xml"

HEAD = (
    '<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">'
    "<channel><title>PaperLedge</title><link>https://paperledge.podbean.com</link>"
    "<description>d</description>"
)


def _codes(show: object) -> list[str]:
    return [d.code for d in show.diagnostics]  # type: ignore[attr-defined]


# -- unsafe XML ----------------------------------------------------------------------


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text("TOP-SECRET-7f3a9")
    return path


def _xxe(secret: Path) -> str:
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [\n  <!ENTITY xxe SYSTEM "file://{secret}">\n]>\n'
        f"{HEAD}<item><title>&xxe;</title><description>&xxe;</description>"
        f'<enclosure url="&xxe;"/></item></channel></rss>'
    )


def test_xxe_is_never_read(secret: Path) -> None:
    show = parse_feed(_xxe(secret))
    assert "TOP-SECRET" not in repr(show)
    assert "TOP-SECRET" not in repr(show.diagnostics)
    assert "TOP-SECRET" not in repr(show.episodes)
    unsafe = [d for d in show.diagnostics if d.code == "xml-unsafe"]
    assert unsafe
    assert (unsafe[0].line, unsafe[0].column) == (2, 1)
    assert show.title == "PaperLedge"


def test_xxe_strict_raises_before_parsing(secret: Path) -> None:
    with pytest.raises(ParseError) as raised:
        parse_feed(_xxe(secret).encode(), strict=True)
    assert raised.value.code == "xml-unsafe"
    assert raised.value.line == 2
    assert "TOP-SECRET" not in str(raised.value)


def test_external_parameter_entity_and_dtd_are_not_loaded(secret: Path) -> None:
    data = (
        f'<?xml version="1.0"?><!DOCTYPE rss SYSTEM "file://{secret}" [\n'
        f'<!ENTITY % p SYSTEM "file://{secret}"> %p;\n'
        f'<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>'
        f"{HEAD}<item><title>x</title></item></channel></rss>"
    )
    show = parse_feed(data)
    assert "TOP-SECRET" not in repr(show) + repr(show.diagnostics)
    assert "xml-unsafe" in _codes(show)
    assert [e.title for e in show.episodes] == ["x"]


def _billion_laughs(levels: int = 10) -> bytes:
    entities = ['<!ENTITY lol0 "lollollollollollollollollollol">']
    entities += [
        f'<!ENTITY lol{i} "{"".join(f"&lol{i - 1};" for _ in range(10))}">'
        for i in range(1, levels)
    ]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [' + "\n".join(entities) + "]>\n"
        f"{HEAD}<item><title>&lol{levels - 1};</title><description>&lol{levels - 1};"
        "</description></item></channel></rss>"
    ).encode()


def test_billion_laughs_is_not_expanded() -> None:
    # Fully expanded this would be 3 * 10**9 characters; memory stays small.
    tracemalloc.start()
    try:
        show = parse_feed(_billion_laughs())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024
    assert "xml-unsafe" in _codes(show)
    assert len(show.episodes) == 1
    assert "lollol" not in (show.episodes[0].title or "")
    assert "lollol" not in show.episodes[0].description


def test_billion_laughs_strict() -> None:
    with pytest.raises(ParseError) as raised:
        parse_feed(_billion_laughs(), strict=True)
    assert raised.value.code == "xml-unsafe"


def test_quadratic_blowup_entity_is_not_expanded() -> None:
    big = "A" * 100_000
    data = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "{big}">]>'
        f"{HEAD}<item><title>{'&a;' * 1000}</title></item></channel></rss>"
    )
    show = parse_feed(data)
    assert len(repr(show.episodes)) < 10_000
    assert "xml-unsafe" in _codes(show)


# -- malformed feeds ----------------------------------------------------------------


def test_unclosed_tags_recover_every_item() -> None:
    data = (
        f"{HEAD}\n<item><title>First</title><description>one\n</item>\n"
        "<item><title>Second</title><guid>g2</guid></item>\n"
        "<item><title>Third</title>"
    )
    show = parse_feed(data)
    assert [e.title for e in show.episodes] == ["First", "Second", "Third"]
    assert show.episodes[1].guid == "g2"
    syntax = [d for d in show.diagnostics if d.code == "xml-syntax"]
    assert syntax
    # The first defect: the </item> that opens line 3 meets an open <description>;
    # libxml2 points just after that end tag.
    assert (syntax[0].line, syntax[0].column) == (3, 8)
    with pytest.raises(ParseError) as raised:
        parse_feed(data, strict=True)
    assert raised.value.code == "xml-syntax"
    assert raised.value.line == 3


def test_bad_date_and_bad_duration_are_reported_with_their_line() -> None:
    data = (
        f"{HEAD}\n<item>\n<title>A</title>\n<pubDate>sometime in October</pubDate>\n"
        "<itunes:duration>about six minutes</itunes:duration>\n</item>\n"
        "<item><title>B</title><pubDate>Thu, 02 Oct 2025 09:00:00 +0000</pubDate>"
        "<itunes:duration>6:12</itunes:duration></item></channel></rss>"
    )
    show = parse_feed(data)
    by_code = {d.code: d for d in show.diagnostics}
    assert by_code["feed-date"].line == 4
    assert by_code["feed-duration"].line == 5
    first, second = show.episodes
    assert (first.title, first.published, first.duration) == ("A", None, None)
    assert second.published == dt.date(2025, 10, 2)
    assert second.duration == dt.timedelta(minutes=6, seconds=12)
    with pytest.raises(ParseError) as raised:
        parse_feed(data, strict=True)
    assert (raised.value.code, raised.value.line) == ("feed-date", 4)


def test_junk_bytes() -> None:
    data = SAMPLE.read_bytes()
    where = data.index(b"<title>Computation and Language - LoRA")
    broken = data[:where] + b"\xff\xfe\x00junk\x81" + data[where:]
    show = parse_feed(broken)
    assert len(show.episodes) == 24
    assert show.diagnostics
    line = data.count(b"\n", 0, where) + 1
    assert any(d.line == line for d in show.diagnostics)
    with pytest.raises(ParseError):
        parse_feed(broken, strict=True)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "xml-syntax"),
        (b"just some text", "xml-syntax"),
        (b"<html><body>not a feed</body></html>", "feed-structure"),
        (b'<rss version="2.0"></rss>', "feed-structure"),
        (
            b'<rss version="2.0"><channel><item><title>x</title></item></channel></rss>',
            "feed-structure",
        ),
    ],
)
def test_not_quite_feeds(data: bytes, code: str) -> None:
    show = parse_feed(data)
    assert code in _codes(show)
    with pytest.raises(ParseError):
        parse_feed(data, strict=True)


def test_truncated_sample_keeps_what_was_read() -> None:
    data = SAMPLE.read_bytes()
    show = parse_feed(data[: len(data) // 2])
    assert 5 < len(show.episodes) < 24
    assert "xml-syntax" in _codes(show)
    assert show.feed_url == "https://feed.podbean.com/paperledge/feed.xml"


def test_clean_sample_is_clean_in_strict_mode() -> None:
    assert parse_feed(SAMPLE.read_bytes(), strict=True).diagnostics == ()


# -- never raises ----------------------------------------------------------------------

_FRAGMENTS = st.sampled_from(
    [
        HEAD,
        "<item>",
        "</item>",
        "<title>",
        "</title>",
        "<pubDate>Thu, 02 Oct 2025 09:00:00 -0400</pubDate>",
        "<pubDate>Thu, 99 Foo 2025</pubDate>",
        "<itunes:duration>1:02:03</itunes:duration>",
        "<itunes:duration>x</itunes:duration>",
        '<enclosure url="https://a" length="-1"/>',
        "<content:encoded><![CDATA[<p>a</p><ul><li>b",
        "]]></content:encoded>",
        "Credit to Paper authors: A, :, B",
        "<!DOCTYPE rss [<!ENTITY e 'x'>]>",
        "&e;",
        "&amp;",
        "</channel></rss>",
        "\x00",
        "\udcff",
    ]
)
_DOCUMENTS = st.lists(_FRAGMENTS | st.text(max_size=20), max_size=25).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_DOCUMENTS, _DOCUMENTS.map(lambda s: s.encode("utf-8", "replace")), st.binary()))
def test_tolerant_never_raises(data: str | bytes) -> None:
    show = parse_feed(data)
    for diagnostic in show.diagnostics:
        assert diagnostic.line >= 1
        assert diagnostic.column >= 1


@settings(max_examples=300, deadline=None)
@given(st.one_of(_DOCUMENTS, st.binary(), st.text()))
def test_strict_raises_only_parse_error(data: str | bytes) -> None:
    with contextlib.suppress(ParseError):
        parse_feed(data, strict=True)
