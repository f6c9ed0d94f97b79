"""The never-raise promise, for every format paperledge reads, present and future.

Whatever the bytes or text, a tolerant reader returns a Show (its defects
are diagnostics) and a strict reader raises nothing but ParseError.  The
test is parametrised over :func:`paperledge.formats`, so a new reader is
covered the day it is listed.

The one exception is paperledge's own JSON, which is always read exactly
(``parse_json``'s docstring): a document that is not a paperledge show
raises ParseError in either mode, and nothing else.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import paperledge
from paperledge import ParseError, Show
from paperledge._formats.base import Format

from strategies import dump_like

READERS = [pytest.param(fmt, id=fmt.name) for fmt in paperledge.formats() if fmt.can_read]
STREAMERS = [pytest.param(fmt, id=fmt.name) for fmt in paperledge.formats() if fmt.streamer]
# Formats read exactly: a tolerant read of a document that is not one raises ParseError.
EXACT = {"json"}

# Arbitrary bytes and text, and text shaped like a dump (dates, credits,
# lists, quotes), which reaches further into the readers than noise does.
# Text given as str may hold lone surrogates (no encoding can write one), and
# any input may hold a number too long for int() (over 4,300 digits).
ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=2000)
HUGE_NUMBERS = st.tuples(dump_like, st.integers(0, 2000)).map(
    lambda pair: pair[0][: pair[1]] + "9" * 4400 + pair[0][pair[1] :]
)
ANY_INPUT = st.binary(max_size=2000) | ANY_TEXT | dump_like | HUGE_NUMBERS


def test_every_reader_is_covered() -> None:
    names = {param.values[0].name for param in READERS}
    assert names >= {"json", "jsonl", "csv", "rss", "html", "text"}
    # The exception is one of the readers.
    assert names >= EXACT


def _read(fmt: Format, data: str | bytes, *, strict: bool) -> Show | ParseError:
    """What ``fmt`` reads from ``data``: a Show, or the ParseError it raised.

    Any other exception propagates and fails the test.
    """
    assert fmt.reader is not None
    try:
        return fmt.reader(data, strict=strict)
    except ParseError as error:
        return error


@pytest.mark.parametrize("fmt", READERS)
@given(data=ANY_INPUT)
def test_tolerant_reader_returns_a_show(fmt: Format, data: str | bytes) -> None:
    read = _read(fmt, data, strict=False)
    if isinstance(read, ParseError):
        assert fmt.name in EXACT, f"{fmt.name} raised {read.code} in tolerant mode"
        assert read.code in paperledge.DIAGNOSTIC_CODES
    else:
        assert isinstance(read, Show)
        assert {d.code for d in read.diagnostics} <= set(paperledge.DIAGNOSTIC_CODES)
        # What a reader keeps, a writer can write: no lone surrogate got through.
        paperledge.dumps(read, "json").encode("utf-8")


@pytest.mark.parametrize("fmt", READERS)
@given(data=ANY_INPUT)
def test_strict_reader_raises_only_parse_error(fmt: Format, data: str | bytes) -> None:
    read = _read(fmt, data, strict=True)
    if isinstance(read, ParseError):
        assert read.code in paperledge.DIAGNOSTIC_CODES
        assert read.line >= 1
        assert read.column >= 1
    else:
        # What strict mode accepts has no defect, and reads as tolerant mode reads it.
        assert read.diagnostics == ()
        assert read == _read(fmt, data, strict=False)


@pytest.mark.parametrize("fmt", STREAMERS)
@given(data=st.binary(max_size=2000), size=st.integers(min_value=1, max_value=64))
def test_tolerant_streamer_never_raises(fmt: Format, data: bytes, size: int) -> None:
    assert fmt.streamer is not None
    chunks = [data[i : i + size] for i in range(0, len(data), size)]
    seen: list[paperledge.Diagnostic] = []
    episodes = list(fmt.streamer(chunks, on_diagnostic=seen.append))
    assert all(isinstance(e, paperledge.Episode) for e in episodes)
    assert {d.code for d in seen} <= set(paperledge.DIAGNOSTIC_CODES)
