"""Diagnostics print as compilers print their messages: file:line:col: code: message."""

from __future__ import annotations

from paperledge import Diagnostic


def test_diagnostic_str_is_file_line_col_code_message() -> None:
    diagnostic = Diagnostic(
        code="truncated", message="ends early", line=4, column=2, source="a.txt"
    )
    assert str(diagnostic) == "a.txt:4:2: truncated: ends early"


def test_a_diagnostic_with_no_location_prints_without_one() -> None:
    diagnostic = Diagnostic(
        code="merge-conflict", message="two values", line=0, column=0, source="merge"
    )
    assert str(diagnostic) == "merge: merge-conflict: two values"
