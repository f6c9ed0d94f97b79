"""Limits in paperledge JSON: too many episodes is too-large; too large a document raises."""

from __future__ import annotations

import pytest

import paperledge
from paperledge import Episode, ParseError, Show
from paperledge._formats.json import parse_json
from paperledge._limits import Limits


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
