"""Hypothesis properties: JSON and text round trips, and the never-raise promise."""

from __future__ import annotations

from collections.abc import Callable

import attrs
from hypothesis import given
from hypothesis import strategies as st

import paperledge
from paperledge import ParseError, Show

from strategies import dump_like, shows, text_shows


def _error_of(call: Callable[[], object]) -> ParseError | None:
    """The ParseError ``call`` raises, or None; any other exception propagates."""
    try:
        call()
    except ParseError as error:
        return error
    return None


@given(shows)
def test_json_round_trip_is_lossless(show: Show) -> None:
    text = paperledge.dumps(show, "json")
    again = paperledge.loads(text, "json")
    assert again == show
    # Sniffed as well.
    assert paperledge.loads(text) == show
    assert paperledge.loads(text.encode("utf-8")) == show


@given(shows)
def test_json_output_is_stable(show: Show) -> None:
    once = paperledge.dumps(show)
    assert paperledge.dumps(paperledge.loads(once)) == once


def _text_carried(show: Show) -> Show:
    # The text dump carries the header's title and description and, per
    # episode, date, title, text and authors; nothing else.
    return Show(
        title=show.title,
        description=show.description,
        episodes=[
            paperledge.Episode(
                published=e.published, title=e.title, description=e.description, authors=e.authors
            )
            for e in show.episodes
        ],
    )


@given(text_shows)
def test_text_round_trip(show: Show) -> None:
    if show.title is None:
        show = attrs.evolve(show, description=None)
    text = paperledge.dumps(show, "text")
    again = paperledge.parse_text(text)
    assert _text_carried(again) == _text_carried(show)
    # Written by paperledge, the dump has no defect.
    assert again.diagnostics == ()
    assert paperledge.dumps(again, "text") == text


@given(st.text())
def test_parse_text_never_raises_on_any_text(data: str) -> None:
    show = paperledge.parse_text(data)
    assert isinstance(show, Show)


@given(st.binary())
def test_parse_text_never_raises_on_any_bytes(data: bytes) -> None:
    assert isinstance(paperledge.parse_text(data), Show)


@given(dump_like)
def test_dump_shaped_noise_never_raises_and_keeps_text(data: str) -> None:
    show = paperledge.parse_text(data)
    kept = "\n".join(
        [e.description for e in show.episodes]
        + [e.title or "" for e in show.episodes]
        + [show.title or "", show.description or ""]
    )
    for line in data.split("\n"):
        if line in ("Some text.", "  a list item", '"a quote"'):
            # A line read as the show's title loses its surrounding spaces only.
            assert line in kept or line.strip() == show.title


@given(dump_like)
def test_strict_raises_only_parse_error(data: str) -> None:
    error = _error_of(lambda: paperledge.parse_text(data, strict=True))
    if error is not None:
        assert error.line >= 1
        assert error.column >= 1
        assert error.code in paperledge.DIAGNOSTIC_CODES


@given(st.text() | st.binary())
def test_json_reader_raises_only_parse_error(data: str | bytes) -> None:
    error = _error_of(lambda: paperledge.loads(data, "json"))
    if error is not None:
        assert error.code in ("json-syntax", "json-schema")
