"""Author lists: the credit's names read as a simple forward scan reads them, quoted
names, the writer's lists read back, and empty names located."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paperledge import Author
from paperledge._diagnostics import Reporter
from paperledge._rules.credits import _tokens, format_authors, parse_authors


def _closing_reference(text: str, opening: int) -> int:
    """Where the quoted name opened at ``opening`` ends, by a forward scan
    (as paperledge did before its reading was made linear): a doubled quote
    is one quote of the name; a lone quote followed by spaces, then a comma
    or the end, closes it; any other is part of it; no closing: -1."""
    j = opening + 1
    while j < len(text):
        if text[j] == '"':
            if text[j + 1 : j + 2] == '"':
                j += 2
                continue
            rest = text[j + 1 :].lstrip(" ")
            if rest == "" or rest.startswith(","):
                return j
        j += 1
    return -1


def _tokens_reference(text: str) -> list[tuple[str, int, bool]]:
    out = []
    position, length = 0, len(text)
    while position <= length:
        start = position
        while start < length and text[start] == " ":
            start += 1
        if start < length and text[start] == '"':
            closing = _closing_reference(text, start)
            if closing > 0:
                out.append((text[start + 1 : closing].replace('""', '"'), start, True))
                comma = text.find(",", closing + 1)
                position = length + 1 if comma < 0 else comma + 1
                continue
        comma = text.find(",", position)
        end = length if comma < 0 else comma
        out.append((text[position:end], position, False))
        position = end + 1
    return out


@given(st.text(alphabet='a",: ', max_size=40))
def test_tokens_match_a_forward_scan(text: str) -> None:
    assert list(_tokens(text)) == _tokens_reference(text)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ('"a""b", c', ['a"b', "c"]),
        ('"a"", c', ['"a""', "c"]),
        ('""",", c', ['",', "c"]),
        ('"a""", c', ['a"', "c"]),
        ('"a"b", c', ['a"b', "c"]),
        ('"""a""", c', ['"a"', "c"]),
        ('"a, b"  , c', ["a, b", "c"]),
        ('"a, b" x, c', ['"a', 'b" x', "c"]),
        ('x, "a', ["x", '"a']),
        ('"', ['"']),
        ('""', []),
        ('"  ", a', ["a"]),
    ],
)
def test_quoted_names(text: str, names: list[str]) -> None:
    authors = parse_authors(text, Reporter(), 1)
    assert [a.name for a in authors] == names


@given(
    st.lists(
        st.builds(
            Author,
            name=st.text(alphabet='a", :', min_size=1, max_size=8).filter(
                lambda s: s.strip() == s and s.strip()
            ),
            is_group=st.booleans(),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_format_then_parse_authors(authors: list[Author]) -> None:
    reporter = Reporter()
    assert list(parse_authors(format_authors(authors), reporter, 1)) == authors
    assert reporter.diagnostics == []


def test_empty_names_are_located() -> None:
    reporter = Reporter()
    authors = parse_authors("A, , B,", reporter, 7, 30)
    assert [a.name for a in authors] == ["A", "B"]
    assert [(d.code, d.line, d.column) for d in reporter.diagnostics] == [
        ("author-list", 7, 32),
        ("author-list", 7, 37),
    ]
    reporter = Reporter()
    authors = parse_authors(',"a, b", c', reporter, 1, 10)
    assert [a.name for a in authors] == ["a, b", "c"]
    assert [(d.code, d.column) for d in reporter.diagnostics] == [("author-list", 10)]
    reporter = Reporter()
    assert parse_authors("   ", reporter, 2, 5) == ()
    assert [(d.code, d.line, d.column, d.message) for d in reporter.diagnostics] == [
        ("author-list", 2, 5, "the credit names no author")
    ]
