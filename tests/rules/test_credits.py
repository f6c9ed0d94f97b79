"""The author credit: split off a line (split_credit), and its names read (parse_authors)."""

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


_PLAIN = st.sampled_from(["Ann Lee", "Bo Chen", "DeepSeek-AI", "Zalán Muñoz", "Q", "x y z"])


@given(st.lists(_PLAIN, min_size=1, max_size=8))
def test_plain_names_come_back_in_order(names: list[str]) -> None:
    reporter = Reporter()
    authors = credits.parse_authors(" " + ", ".join(names), reporter, 3, 5)
    assert [author.name for author in authors] == names
    assert not reporter.diagnostics


def test_a_group_mark_makes_the_name_before_it_a_group() -> None:
    authors = credits.parse_authors(" DeepSeek-AI, :, Xiao Bi, Ann Lee", Reporter(), 1)
    assert [(author.name, author.is_group) for author in authors] == [
        ("DeepSeek-AI", True),
        ("Xiao Bi", False),
        ("Ann Lee", False),
    ]


def test_the_author_cache_gives_the_same_authors_as_building_them() -> None:
    text = " Ann Lee, DeepSeek-AI, :, Bo Chen, Group: Person"
    credits._AUTHOR_CACHE.clear()
    first = credits.parse_authors(text, Reporter(), 1)
    again = credits.parse_authors(text, Reporter(), 1)
    assert again == first
    assert [a.name for a in first] == ["Ann Lee", "DeepSeek-AI", "Bo Chen", "Group", "Person"]
    assert credits._AUTHOR_CACHE["Ann Lee"] is again[0]


@given(st.lists(_PLAIN, min_size=1, max_size=8))
def test_cached_authors_are_what_guessing_makes(names: list[str]) -> None:
    authors = credits.parse_authors(", ".join(names), Reporter(), 1)
    assert list(authors) == [credits.Author.guess(name) for name in names]


_TRICKY = st.sampled_from(
    ["Ann Lee", "A: B: C", "B: C", ":", "A: :", " ", "Team", "x: ", ": y", '"Q, R"']
)


@given(st.lists(_TRICKY, min_size=1, max_size=6), st.lists(_TRICKY, min_size=1, max_size=6))
def test_names_met_before_read_as_names_met_first(earlier: list[str], names: list[str]) -> None:
    # A name the cache holds (a person after a group's colon, the group
    # mark itself) must read as it does with an empty cache.
    text = ", ".join(names)
    credits._AUTHOR_CACHE.clear()
    fresh_reporter = Reporter()
    fresh = credits.parse_authors(text, fresh_reporter, 1)
    credits.parse_authors(", ".join(earlier), Reporter(), 1)
    credits.parse_authors(text, Reporter(), 1)
    warm_reporter = Reporter()
    assert credits.parse_authors(text, warm_reporter, 1) == fresh
    assert warm_reporter.diagnostics == fresh_reporter.diagnostics
