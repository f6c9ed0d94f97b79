"""Hostile JSON: deep nesting is a syntax error (ParseError), never a RecursionError;
absurd durations are located schema errors."""

from __future__ import annotations

import pytest

import paperledge
from paperledge import Episode, ParseError, Show


def test_deep_nesting_gives_json_syntax_not_recursion_error() -> None:
    nested = "[" * 200_000 + "]" * 200_000
    for data in (nested, nested.encode(), '{"format": "paperledge.show", "x": ' + nested + "}"):
        with pytest.raises(ParseError) as raised:
            paperledge.parse(data, "json")
        assert raised.value.code == "json-syntax"
    with pytest.raises(ParseError) as raised:
        paperledge.parse('{"format": "paperledge.show", "version": 1, "title": ' + nested + "}")
    assert raised.value.code == "json-syntax"


def test_huge_durations_are_located_schema_errors() -> None:
    document = paperledge.dumps(Show(episodes=[Episode(title="t")]), "json")
    for duration in ("P9999999999D", "PT" + "9" * 30 + "H"):
        bad = document.replace('"duration": null', f'"duration": "{duration}"', 1)
        with pytest.raises(
            paperledge.ParseError, match=r"invalid value .*\$\.episodes\[0\]\.duration"
        ):
            paperledge.parse(bad, "json")
