"""Limits: the most one parse reads (input size, episodes), and clip_input, which cuts
the input at the size limit.  Each reader's limits are tested in its folder
(tests/formats/<format>/test_input_limits.py)."""

from __future__ import annotations

import pytest

from paperledge import ParseError
from paperledge._diagnostics import Reporter
from paperledge._limits import DEFAULT_LIMITS, Limits, clip_input, resolve


def test_the_defaults_and_what_a_limit_may_be() -> None:
    assert Limits() == DEFAULT_LIMITS
    assert Limits().max_input_bytes == 512 * 1024 * 1024
    assert Limits().max_episodes == 1_000_000
    assert resolve(None) is DEFAULT_LIMITS
    custom = Limits(max_episodes=3)
    assert resolve(custom) is custom
    for bad in (0, -1, 1.5, True):
        with pytest.raises(ValueError, match="positive int"):
            Limits(max_episodes=bad)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="max_input_bytes"):
            Limits(max_input_bytes=bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Limits(10)  # type: ignore[misc]


def test_clip_input_cuts_after_the_last_whole_line() -> None:
    reporter = Reporter()
    assert clip_input("ab\ncd\nef", Limits(max_input_bytes=8), reporter) == "ab\ncd\nef"
    assert reporter.diagnostics == []
    assert clip_input("ab\ncd\nef", Limits(max_input_bytes=7), reporter) == "ab\ncd\n"
    (diagnostic,) = reporter.diagnostics
    assert diagnostic.code == "too-large"
    assert diagnostic.line == 3
    assert "larger than the limit of 7 characters" in diagnostic.message
    assert "Limits(max_input_bytes=...)" in diagnostic.message
    # No line end within the limit: cut at the limit, never inside a character.
    assert clip_input(b"abcdef", Limits(max_input_bytes=4), Reporter()) == b"abcd"
    assert clip_input("é€".encode() * 3, Limits(max_input_bytes=6), Reporter()) == "é€".encode()
    assert clip_input("x€".encode(), Limits(max_input_bytes=2), Reporter()) == b"x"
    assert clip_input(b"ab\ncd", Limits(max_input_bytes=4), Reporter()) == b"ab\n"
    with pytest.raises(ParseError) as raised:
        clip_input(b"abcdef", Limits(max_input_bytes=5), Reporter(strict=True))
    assert raised.value.code == "too-large"
    assert "larger than the limit of 5 bytes" in raised.value.message
