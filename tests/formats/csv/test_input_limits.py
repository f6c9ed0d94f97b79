"""Limits in CSV: past the episode count or the input size, too-large."""

from __future__ import annotations

import pytest

import paperledge
from paperledge import Episode, ParseError, Show
from paperledge._formats.csv import iter_csv_episodes, parse_csv
from paperledge._limits import Limits


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
