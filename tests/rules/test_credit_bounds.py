"""The credit's patterns on the input most likely to make them backtrack: every name is
still read, left to right (no test measures time; see docs/reliability.md)."""

from __future__ import annotations

import paperledge._rules.credits as _credits
from paperledge._diagnostics import Reporter

N = 100_000


def test_closing_quote_and_quote_runs_in_an_author_list() -> None:
    # Openings that never close, quotes followed by long runs of spaces, and
    # long runs of quotes: every name is still read, left to right.
    text = '"a, ' * (N // 10) + '"' + " " * N + "x" + ', "' + '"' * 1001 + ", b"
    names = [a.name for a in _credits.parse_authors(text, Reporter(), 1)]
    assert names[: N // 10] == ['"a'] * (N // 10)
    assert names[-1] == "b"
    assert list(_credits._QuotedNames('"' * N)._run_end.values()) == [N]
    closings = _credits._CLOSING_QUOTE.findall('" ' * N)
    assert len(closings) == 1  # only the last quote is followed by spaces to the end


def test_quoted_names_full_of_doubled_quotes() -> None:
    name = 'A ""B"" C' * 1000
    text = ", ".join([f'"{name}"'] * 100)
    authors = _credits.parse_authors(text, Reporter(), 1)
    assert [a.name for a in authors] == [name.replace('""', '"')] * 100


def test_many_empty_names_are_each_located() -> None:
    # Each defect's column once summed the lengths of every name before it
    # (quadratic); now they are counted once.
    reporter = Reporter()
    assert [a.name for a in _credits.parse_authors("A" + "," * N, reporter, 1)] == ["A"]
    columns = [d.column for d in reporter.diagnostics]
    assert columns == list(range(3, N + 3))


def test_many_empty_quoted_names_are_each_located() -> None:
    # Deciding whether each '""' closes its name once copied the rest of the
    # list (quadratic).
    reporter = Reporter()
    names = _credits.parse_authors("A, " + '"", ' * N + "B", reporter, 1)
    assert [a.name for a in names] == ["A", "B"]
    assert [d.column for d in reporter.diagnostics] == list(range(4, 4 * N + 4, 4))
