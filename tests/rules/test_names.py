"""Names: the pattern that finds the host's name in a description, on a run of near misses."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

import paperledge._rules.names as _names_rules

N = 100_000


def test_hosted_by_never_matches_a_run_of_near_misses() -> None:
    assert _names_rules._HOSTED_BY.search("Hosted by x " * N) is None


_SPACES = [chr(c) for c in range(0x3001) if chr(c).isspace()]


@given(
    st.text(alphabet=st.sampled_from([*_SPACES, "\u200b", "\ufeff", "\x00", "a", "B"]), max_size=8)
)
def test_a_name_is_collapsed_as_the_whitespace_pattern_collapses_it(name: str) -> None:
    # The statement normalize_name replaced: runs of \s made one space, then stripped.
    assert _names_rules.normalize_name(name) == re.sub(r"\s+", " ", name).strip()


def test_every_character_python_calls_whitespace_is_collapsed() -> None:
    for code in range(0x110000):
        name = f"{chr(code)}a{chr(code)}{chr(code)}b{chr(code)}"
        assert _names_rules.normalize_name(name) == re.sub(r"\s+", " ", name).strip()
