"""Streaming a text dump, in any chunks of text or bytes, gives what reading it whole gives."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

import paperledge
from paperledge._formats.text import iter_text_episodes

from strategies import dump_like
from support import DATE

_TEXT_LIKE = st.one_of(dump_like, st.text(max_size=300))


def _chunked(data: str, cuts: list[int]) -> list[str]:
    points = sorted({0, len(data), *(c % (len(data) + 1) for c in cuts)})
    return [data[a:b] for a, b in itertools.pairwise(points)]


@given(_TEXT_LIKE, st.lists(st.integers(min_value=0, max_value=10_000), max_size=8))
def test_text_streaming_equals_reading(data: str, cuts: list[int]) -> None:
    show = paperledge.parse_text(data)
    seen: list[paperledge.Diagnostic] = []
    streamed = list(iter_text_episodes(_chunked(data, cuts), on_diagnostic=seen.append))
    assert streamed == list(show.episodes)
    assert [d.code for d in seen] == [d.code for d in show.diagnostics]


@given(_TEXT_LIKE)
def test_text_stream_of_bytes_equals_reading(data: str) -> None:
    raw = data.encode("utf-8", "surrogatepass")
    show = paperledge.parse_text(raw)
    streamed = list(iter_text_episodes([raw[i : i + 3] for i in range(0, len(raw), 3)]))
    assert streamed == list(show.episodes)


def test_a_long_line_in_small_chunks_streams_in_linear_time() -> None:
    # The unfinished line was joined with each new chunk and looked at whole
    # again: time quadratic in the line's length.
    words = "word " * 400_000
    text = f"{DATE}\n{DATE}\n{words}\nCredit to Paper authors: A\n"
    chunks = [text[start : start + 16] for start in range(0, len(text), 16)]
    (episode,) = paperledge.iter_episodes(chunks, format="text")
    assert episode.description == words
    assert [author.name for author in episode.authors] == ["A"]
