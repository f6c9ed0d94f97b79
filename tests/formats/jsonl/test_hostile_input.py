"""Hostile JSON Lines: a deeply nested line is one bad line, huge durations are schema
errors, a 10 MB value and big rows stream."""

from __future__ import annotations

import pytest

import paperledge
from paperledge import Episode, ParseError, Show
from paperledge._formats.jsonl import iter_jsonl_episodes, parse_jsonl


def test_a_deeply_nested_line_is_one_json_syntax_error() -> None:
    good = paperledge.dumps(Show(episodes=[Episode(title="ok")]), "jsonl")
    data = good + "[" * 200_000 + "]" * 200_000 + "\n" + good
    show = parse_jsonl(data)
    assert [e.title for e in show.episodes] == ["ok", "ok"]
    assert [(d.code, d.line) for d in show.diagnostics] == [("json-syntax", 2)]
    seen: list[paperledge.Diagnostic] = []
    streamed = list(iter_jsonl_episodes([data[:1000], data[1000:]], on_diagnostic=seen.append))
    assert len(streamed) == 2
    assert [d.line for d in seen] == [2]
    with pytest.raises(ParseError):
        parse_jsonl(data, strict=True)


def test_huge_durations_are_schema_errors_of_their_line() -> None:
    line = paperledge.dumps(Show(episodes=[Episode(title="t")]), "jsonl")
    for duration in ("P9999999999D", "PT" + "9" * 30 + "H"):
        read = paperledge.parse(
            line.replace('"duration":null', f'"duration":"{duration}"'), "jsonl"
        )
        assert read.episodes == ()
        # The line's defect, then what it leaves: no episode at all.
        assert [d.code for d in read.diagnostics] == ["json-schema", "no-episodes"]


@pytest.mark.bigstream
def test_a_10_mb_value_reads_back() -> None:
    episode = Episode(description="word " * 2_000_000)
    assert parse_jsonl(paperledge.dumps(Show(episodes=[episode]), "jsonl")).episodes == (episode,)


@pytest.mark.bigstream
def test_two_megabytes_of_rows_stream_in_small_chunks() -> None:
    episodes = [Episode(title=f"t{i}", description="d" * 1000) for i in range(2000)]
    lines = paperledge.dumps(Show(episodes=episodes), "jsonl")
    assert (
        list(iter_jsonl_episodes(iter([lines[i : i + 777] for i in range(0, len(lines), 777)])))
        == episodes
    )
