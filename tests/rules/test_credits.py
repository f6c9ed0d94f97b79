"""The author credit: split off a line (split_credit), and read by parse_authors, whose
shortcuts for plain lists give what the general tokenizer gives."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paperledge._diagnostics import Reporter
from paperledge._rules import credits

MARKER = credits.CREDIT_MARKER


@pytest.mark.parametrize(
    ("line", "split"),
    [
        ("no credit here", None),
        (f"{MARKER} A, B", ("", " A, B", len(MARKER))),
        (f"keep learning!{MARKER} A", ("keep learning!", " A", 14 + len(MARKER))),
        # The credit is the last marker: the text before it may quote the marker.
        (f"say '{MARKER}' then{MARKER} B", (f"say '{MARKER}' then", " B", 35 + len(MARKER))),
        (MARKER, ("", "", len(MARKER))),
    ],
)
def test_split_credit(line: str, split: tuple[str, str, int] | None) -> None:
    assert credits.split_credit(line) == split
    if split is not None:
        before, names, offset = split
        assert line[offset:] == names
        assert line[: offset - len(MARKER)] == before


_NAMES = st.sampled_from(
    ["Ann Lee", "Bo Chen", "DeepSeek-AI", ":", "", " ", "Zalán Muñoz", "A: B", "x:y", "Q"]
)


@given(st.lists(_NAMES, min_size=1, max_size=8).map(", ".join))
def test_the_shortcuts_read_a_list_as_the_tokenizer_does(text: str) -> None:
    fast, general = Reporter(), Reporter()
    assert credits.parse_authors(text, fast, 3, 5) == credits._parse_tokens(text, general, 3, 5)
    assert fast.diagnostics == general.diagnostics


def test_the_author_cache_gives_the_same_authors_when_cleared() -> None:
    text = "Ann Lee, DeepSeek-AI, :, Bo Chen"
    first = credits.parse_authors(text, Reporter(), 1)
    credits._AUTHOR_CACHE.clear()
    assert credits.parse_authors(text, Reporter(), 1) == first
