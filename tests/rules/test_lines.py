"""A description's lines: HTML spaces collapse and XML-unsafe characters are replaced,
in one pass over long runs."""

from __future__ import annotations

import paperledge._rules.lines as _lines_rules

N = 100_000


def test_html_space_runs_collapse_and_nul_runs_are_replaced() -> None:
    assert _lines_rules.HTML_SPACE.sub(" ", "a" + " \t\n" * N + "b") == "a b"
    assert _lines_rules.xml_safe("\x00" * N + "ok") == "\ufffd" * N + "ok"
