"""Limits in text dumps: past the input size or the episode count a parse stops with
too-large; a stream honours the count, not the size; no limit is ever exceeded."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import paperledge
from paperledge import ParseError, parse_text
from paperledge._diagnostics import Reporter
from paperledge._formats.text import iter_text_episodes
from paperledge._limits import Limits, clip_input

from strategies import dump_like
from support import DATE

EPISODE = f"{DATE}\n{DATE}\nText.Credit to Paper authors: A"


def _dump(count: int) -> str:
    return "\n\n\n\n".join([EPISODE] * count) + "\n"


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


@given(dump_like, st.integers(min_value=1, max_value=4), st.integers(min_value=1, max_value=400))
def test_limits_are_never_exceeded(data: str, episodes: int, size: int) -> None:
    limits = Limits(max_episodes=episodes, max_input_bytes=size)
    show = paperledge.parse_text(data, limits=limits)
    assert len(show.episodes) <= episodes
    clipped = clip_input(data, Limits(max_input_bytes=size), Reporter())
    over = len(data) > size or len(paperledge.parse_text(clipped).episodes) > episodes
    assert ("too-large" in {d.code for d in show.diagnostics}) == over
