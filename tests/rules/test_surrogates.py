"""Lone surrogates: reported where they are and replaced, so every writer can encode the text."""

from __future__ import annotations

import pytest

from paperledge import ParseError
from paperledge._diagnostics import Reporter
from paperledge._rules.decode import encode_text, has_surrogate, without_surrogates
from paperledge._rules.json_text import json_value


def test_text_without_surrogates_is_returned_as_it_is() -> None:
    reporter = Reporter()
    text = "caf\u00e9 \U0001f600 plain"
    assert without_surrogates(text, reporter) is text
    assert encode_text(text, reporter) == text.encode("utf-8")
    assert reporter.diagnostics == []


def test_each_lone_surrogate_becomes_u_fffd_and_the_first_is_reported_with_its_place() -> None:
    reporter = Reporter()
    text = "line one\r\nline two\rab\ud83dc \udc00\n"
    assert without_surrogates(text, reporter, lines_before=10) == (
        "line one\r\nline two\rab\ufffdc \ufffd\n"
    )
    (diagnostic,) = reporter.diagnostics
    assert (diagnostic.code, diagnostic.line, diagnostic.column) == ("undecodable", 13, 3)
    assert "U+D83D" in diagnostic.message


def test_encode_text_gives_utf8_with_the_surrogates_replaced() -> None:
    reporter = Reporter()
    assert encode_text("a\udfffb", reporter) == "a\ufffdb".encode()
    assert len(reporter.diagnostics) == 1
    assert has_surrogate("a\udfffb")
    assert not has_surrogate("a\ufffdb")


def test_strict_mode_raises_at_the_first_surrogate() -> None:
    with pytest.raises(ParseError, match="lone surrogate"):
        without_surrogates("x\ud800", Reporter(strict=True))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"t": "a\\ud83db"}', {"t": "a\ufffdb"}),  # a high half alone
        ('["\\udc00"]', ["\ufffd"]),  # a low half alone
        ('{"\\ud800": 1}', {"\ufffd": 1}),  # in a key
    ],
)
def test_escaped_lone_surrogates_in_json_are_replaced_and_reported(
    text: str, expected: object
) -> None:
    reporter = Reporter()
    assert json_value(text, reporter) == expected
    (diagnostic,) = reporter.diagnostics
    assert diagnostic.code == "undecodable"
    assert text[diagnostic.column - 1 :].startswith("\\u")


def test_escaped_pairs_and_escaped_backslashes_are_not_surrogates() -> None:
    reporter = Reporter()
    assert json_value('["\\ud83d\\ude00", "\\\\ud83d"]', reporter) == ["\U0001f600", "\\ud83d"]
    assert reporter.diagnostics == []
