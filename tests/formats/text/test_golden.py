"""The text reader, case by case (golden/): every field and every diagnostic (code, line,
column, message), checked by hand against the dumps' grammar (docs/text-format.md).

Each case is a dump in ``golden/<behaviour>.txt`` beside what reading it gives.
The same dump read as bytes with CRLF line ends gives the same show, and strict
mode raises at the first defect, located and worded as tolerant mode reports it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import golden
from paperledge import ParseError, parse_text

GOLDEN = Path(__file__).parent / "golden"
CASES = golden.cases(GOLDEN)


def test_every_diagnostic_of_the_text_grammar_has_a_case() -> None:
    expected = [
        json.loads(golden.expected_path(param.values[0]).read_text(encoding="utf-8"))
        for param in CASES
    ]
    found = {diagnostic[0] for case in expected for diagnostic in case["diagnostics"]}
    assert found >= {
        "author-list",
        "blank-lines",
        "date-format",
        "date-invalid",
        "date-mismatch",
        "date-repeat",
        "header-mismatch",
        "missing-credit",
        "missing-newline",
        "stray-text",
        "truncated",
        "weekday-mismatch",
    }


@pytest.mark.parametrize("path", CASES)
def test_case(path: Path) -> None:
    golden.check(path)


@pytest.mark.parametrize("path", CASES)
def test_crlf_bytes_read_the_same(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert parse_text(text.replace("\n", "\r\n").encode()) == parse_text(text)


@pytest.mark.parametrize("path", CASES)
def test_strict_mode_raises_the_first_defect_where_it_is(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    expected = json.loads(golden.expected_path(path).read_text(encoding="utf-8"))
    if not expected["diagnostics"]:
        assert parse_text(text, strict=True) == parse_text(text)
        return
    with pytest.raises(ParseError) as raised:
        parse_text(text, strict=True)
    code, line, column, message = expected["diagnostics"][0]
    error = raised.value
    assert (error.code, error.line, error.column, error.message) == (code, line, column, message)
