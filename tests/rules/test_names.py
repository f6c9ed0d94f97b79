"""Names: the pattern that finds the host's name in a description, on a run of near misses."""

from __future__ import annotations

import paperledge._rules.names as _names_rules

N = 100_000


def test_hosted_by_never_matches_a_run_of_near_misses() -> None:
    assert _names_rules._HOSTED_BY.search("Hosted by x " * N) is None
