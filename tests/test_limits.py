"""Limits: the most one parse reads (input size, episodes), past which it stops with too-large."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import paperledge
from paperledge import Episode, ParseError, Show, parse_text
from paperledge._diagnostics import Reporter
from paperledge._formats.csv import iter_csv_episodes, parse_csv
from paperledge._formats.json import parse_json
from paperledge._formats.jsonl import iter_jsonl_episodes, parse_jsonl
from paperledge._formats.text import iter_text_episodes
from paperledge._limits import DEFAULT_LIMITS, Limits, clip_input, resolve

FIXTURES = Path(__file__).parent / "fixtures"
DATE = "Thursday Oct 02, 2025"
EPISODE = f"{DATE}\n{DATE}\nText.Credit to Paper authors: A"


def _dump(count: int) -> str:
    return "\n\n\n\n".join([EPISODE] * count) + "\n"


def test_defaults_and_validation() -> None:
    assert Limits() == DEFAULT_LIMITS
    assert Limits().max_input_bytes == 512 * 1024 * 1024
    assert Limits().max_episodes == 1_000_000
    assert resolve(None) is DEFAULT_LIMITS
    custom = Limits(max_episodes=3)
    assert resolve(custom) is custom
    for bad in (0, -1, 1.5, True):
        with pytest.raises(ValueError, match="positive int"):
            Limits(max_episodes=bad)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="max_input_bytes"):
            Limits(max_input_bytes=bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Limits(10)  # type: ignore[misc]


def test_clip_input_cuts_after_the_last_whole_line() -> None:
    reporter = Reporter()
    assert clip_input("ab\ncd\nef", Limits(max_input_bytes=8), reporter) == "ab\ncd\nef"
    assert reporter.diagnostics == []
    assert clip_input("ab\ncd\nef", Limits(max_input_bytes=7), reporter) == "ab\ncd\n"
    (diagnostic,) = reporter.diagnostics
    assert diagnostic.code == "too-large"
    assert diagnostic.line == 3
    assert "larger than the limit of 7 characters" in diagnostic.message
    assert "Limits(max_input_bytes=...)" in diagnostic.message
    # No line end within the limit: cut at the limit, never inside a character.
    assert clip_input(b"abcdef", Limits(max_input_bytes=4), Reporter()) == b"abcd"
    assert clip_input("é€".encode() * 3, Limits(max_input_bytes=6), Reporter()) == "é€".encode()
    assert clip_input("x€".encode(), Limits(max_input_bytes=2), Reporter()) == b"x"
    assert clip_input(b"ab\ncd", Limits(max_input_bytes=4), Reporter()) == b"ab\n"
    with pytest.raises(ParseError) as raised:
        clip_input(b"abcdef", Limits(max_input_bytes=5), Reporter(strict=True))
    assert raised.value.code == "too-large"
    assert "larger than the limit of 5 bytes" in raised.value.message


def test_text_input_size() -> None:
    data = _dump(3)
    limit = len(data) - 5  # inside the last episode's credit line
    show = parse_text(data, limits=Limits(max_input_bytes=limit))
    assert len(show.episodes) == 3
    assert show.episodes[2].authors == ()  # the credit line was not read
    codes = [(d.code, d.line) for d in show.diagnostics]
    assert codes == [("too-large", 15), ("truncated", 13)]
    with pytest.raises(ParseError) as raised:
        parse_text(data.encode(), strict=True, limits=Limits(max_input_bytes=limit))
    assert raised.value.code == "too-large"
    assert raised.value.line == 15
    # Exactly at the limit: read whole.
    assert parse_text(data, strict=True, limits=Limits(max_input_bytes=len(data))).episodes


def test_text_episode_count() -> None:
    data = _dump(5)
    show = parse_text(data, limits=Limits(max_episodes=2))
    assert len(show.episodes) == 2
    assert all(e.authors[0].name == "A" for e in show.episodes)
    assert [(d.code, d.line) for d in show.diagnostics] == [("too-large", 13)]
    assert "more than 2 episodes" in show.diagnostics[0].message
    with pytest.raises(ParseError, match="max_episodes"):
        parse_text(data, strict=True, limits=Limits(max_episodes=4))
    assert len(parse_text(data, strict=True, limits=Limits(max_episodes=5)).episodes) == 5


def test_text_stream_honours_the_episode_count_not_the_size() -> None:
    data = _dump(5)
    seen: list[paperledge.Diagnostic] = []
    tiny = Limits(max_input_bytes=1, max_episodes=3)
    episodes = list(
        iter_text_episodes([data[:30], data[30:]], on_diagnostic=seen.append, limits=tiny)
    )
    assert len(episodes) == 3
    assert [(d.code, d.line) for d in seen] == [("too-large", 19)]
    assert len(list(iter_text_episodes([data], limits=Limits(max_input_bytes=1)))) == 5


def test_jsonl_limits() -> None:
    show = Show(
        episodes=[Episode(title=f"t{i}", published=dt.date(2025, 10, i + 1)) for i in range(4)]
    )
    data = paperledge.dumps(show, "jsonl")
    read = parse_jsonl(data, limits=Limits(max_episodes=3))
    assert [e.title for e in read.episodes] == ["t0", "t1", "t2"]
    assert [(d.code, d.line) for d in read.diagnostics] == [("too-large", 4)]
    first_line = data.index("\n") + 1
    read = parse_jsonl(data, limits=Limits(max_input_bytes=first_line + 3))
    assert [e.title for e in read.episodes] == ["t0"]
    assert [d.code for d in read.diagnostics] == ["too-large"]
    with pytest.raises(ParseError, match="too-large"):
        parse_jsonl(data, strict=True, limits=Limits(max_episodes=1))
    streamed = list(iter_jsonl_episodes([data], limits=Limits(max_episodes=2, max_input_bytes=1)))
    assert [e.title for e in streamed] == ["t0", "t1"]


def test_csv_limits() -> None:
    show = Show(episodes=[Episode(title=f"t{i}", description="a\nb") for i in range(4)])
    data = paperledge.dumps(show, "csv")
    read = parse_csv(data, limits=Limits(max_episodes=2))
    assert [e.title for e in read.episodes] == ["t0", "t1"]
    # The third row starts on line 6 (each row spans two lines).
    assert [(d.code, d.line) for d in read.diagnostics] == [("too-large", 6)]
    read = parse_csv(data.encode(), limits=Limits(max_input_bytes=len(data) - 1))
    assert [e.title for e in read.episodes] == ["t0", "t1", "t2"]
    assert read.diagnostics[0].code == "too-large"
    with pytest.raises(ParseError, match="too-large"):
        parse_csv(data, strict=True, limits=Limits(max_episodes=3))
    streamed = list(iter_csv_episodes([data[:50], data[50:]], limits=Limits(max_episodes=3)))
    assert len(streamed) == 3


def test_json_limits() -> None:
    show = Show(title="S", episodes=[Episode(title=f"t{i}") for i in range(3)])
    data = paperledge.dumps(show, "json")
    read = parse_json(data, limits=Limits(max_episodes=2))
    assert [e.title for e in read.episodes] == ["t0", "t1"]
    assert read.title == "S"
    assert [(d.code, d.line) for d in read.diagnostics] == [("too-large", 1)]
    with pytest.raises(ParseError, match="too-large"):
        parse_json(data, strict=True, limits=Limits(max_episodes=2))
    # Half a JSON document is not one: too large raises in either mode.
    for strict in (False, True):
        with pytest.raises(ParseError) as raised:
            parse_json(data.encode(), strict=strict, limits=Limits(max_input_bytes=100))
        assert raised.value.code == "too-large"
        assert "larger than the limit of 100 bytes" in raised.value.message
    assert parse_json(data, limits=Limits(max_input_bytes=len(data))) == show


def test_html_limits() -> None:
    page = (FIXTURES / "html" / "blog_002.html").read_bytes()
    whole = paperledge.parse_html(page)
    assert len(whole.episodes) == 8
    read = paperledge.parse_html(page, limits=Limits(max_episodes=3))
    assert read.episodes == whole.episodes[:3]
    assert [(d.code, d.line) for d in read.diagnostics] == [("too-large", 1)]
    with pytest.raises(ParseError, match="max_episodes"):
        paperledge.parse_html(page, strict=True, limits=Limits(max_episodes=7))
    half = paperledge.parse_html(page, limits=Limits(max_input_bytes=len(page) // 2))
    assert half.diagnostics[0].code == "too-large"
    assert 0 < len(half.episodes) < 8
    with pytest.raises(ParseError, match="max_input_bytes"):
        paperledge.parse_html(page, strict=True, limits=Limits(max_input_bytes=len(page) - 1))


def test_feed_limits() -> None:
    feed = (FIXTURES / "feed" / "podbean_sample.xml").read_bytes()
    whole = paperledge.parse_feed(feed)
    read = paperledge.parse_feed(feed, limits=Limits(max_episodes=2))
    assert read.episodes == whole.episodes[:2]
    (diagnostic,) = read.diagnostics
    assert diagnostic.code == "too-large"
    assert feed.decode().splitlines()[diagnostic.line - 1].strip() == "<item>"
    with pytest.raises(ParseError, match="max_episodes"):
        paperledge.parse_feed(feed, strict=True, limits=Limits(max_episodes=2))
    cut = paperledge.parse_feed(feed, limits=Limits(max_input_bytes=len(feed) // 2))
    assert cut.diagnostics[0].code == "too-large"
    assert 0 < len(cut.episodes) < len(whole.episodes)
    with pytest.raises(ParseError, match="too-large"):
        paperledge.parse_feed(feed, strict=True, limits=Limits(max_input_bytes=100))
