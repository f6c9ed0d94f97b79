"""Limits in JSON Lines: past the episode count or the input size, too-large."""

from __future__ import annotations

import datetime as dt

import pytest

import paperledge
from paperledge import Episode, ParseError, Show
from paperledge._formats.jsonl import iter_jsonl_episodes, parse_jsonl
from paperledge._limits import Limits


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
