"""Properties the other property tests leave out: streaming equals reading for the
text dumps, strict HTML and sniffing raise only ParseError, limits are never
exceeded, and every writer writes any show."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

import paperledge
from paperledge import ParseError, Show
from paperledge._diagnostics import Reporter
from paperledge._formats.text import iter_text_episodes
from paperledge._limits import Limits, clip_input

from strategies import dump_like, shows

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


@given(st.text(max_size=300) | st.binary(max_size=300))
def test_strict_html_raises_only_parse_error(data: str | bytes) -> None:
    tolerant = paperledge.parse_html(data)
    code = None
    try:
        strict = paperledge.parse_html(data, strict=True)
    except ParseError as error:
        code = error.code
    if code is not None:
        assert code == tolerant.diagnostics[0].code
    else:
        assert strict == tolerant
        assert strict.diagnostics == ()


@given(st.text(max_size=300) | st.binary(max_size=300))
def test_sniffing_raises_only_for_paperledge_json(data: str | bytes) -> None:
    fmt = paperledge._api.formats.sniff_format(data)
    code = None
    try:
        paperledge.parse(data)
    except ParseError as error:
        code = error.code
    if code is not None:
        assert fmt.name == "json"
        assert code in paperledge.DIAGNOSTIC_CODES


@given(dump_like, st.integers(min_value=1, max_value=4), st.integers(min_value=1, max_value=400))
def test_limits_are_never_exceeded(data: str, episodes: int, size: int) -> None:
    limits = Limits(max_episodes=episodes, max_input_bytes=size)
    show = paperledge.parse_text(data, limits=limits)
    assert len(show.episodes) <= episodes
    clipped = clip_input(data, Limits(max_input_bytes=size), Reporter())
    over = len(data) > size or len(paperledge.parse_text(clipped).episodes) > episodes
    assert ("too-large" in {d.code for d in show.diagnostics}) == over


@given(shows)
def test_every_writer_writes_any_show(show: Show) -> None:
    for fmt in paperledge.formats():
        if fmt.can_write:
            assert isinstance(paperledge.dumps(show, fmt.name), str)
