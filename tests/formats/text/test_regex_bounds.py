"""The text reader's patterns at their worst: near-miss host lines and date lines."""

from __future__ import annotations

from paperledge import parse_text
from paperledge._rules.names import host_from_description

from support import DATE

N = 100_000


def test_hosted_by_near_misses_still_find_the_host() -> None:
    description = "Hosted by the x " * N + "Hosted by the Ernis."
    assert host_from_description(description) == "Ernis"


def test_a_dump_of_near_miss_date_lines() -> None:
    near = ["Thursday Oct 02, 202", "Thursday Oct 2025", "Thursdayy Oct 02, 2025", "Oct 0x, 2025"]
    lines = [DATE, DATE] + near * (N // 40) + ["Hi!Credit to Paper authors: A"]
    show = parse_text("\n".join(lines), strict=True)
    assert len(show.episodes) == 1
    assert show.episodes[0].description.count("Thursday Oct 2025") == N // 40
