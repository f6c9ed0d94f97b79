"""A description's lines: HTML spaces collapse and XML-unsafe characters are replaced,
in one pass over long runs."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

import paperledge._rules.lines as _lines_rules
from paperledge._rules.lines import collapse, single_spaces

N = 100_000


def test_html_space_runs_collapse_and_nul_runs_are_replaced() -> None:
    assert _lines_rules.HTML_SPACE.sub(" ", "a" + " \t\n" * N + "b") == "a b"
    assert _lines_rules.xml_safe("\x00" * N + "ok") == "\ufffd" * N + "ok"


@given(st.text(alphabet=" \t\n\r\f\u00a0ab", max_size=40))
def test_collapse_is_every_run_of_html_whitespace_as_one_space(text: str) -> None:
    # The definition, beside the implementation that rewrites only the runs
    # that are not already one space.
    assert single_spaces(text) == re.sub(r"[ \t\n\f\r]+", " ", text)
    assert collapse(text) == re.sub(r"[ \t\n\f\r]+", " ", text).strip(" ")
