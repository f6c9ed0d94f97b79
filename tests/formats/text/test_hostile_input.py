"""Hostile text dumps: deep lists, huge lines, a million blank or date lines, a hundred
thousand authors, a title of separators; every one is read, and read right."""

from __future__ import annotations

import datetime as dt

import pytest

import paperledge
from paperledge import Show, parse_text

from support import DATE


def _codes(show: Show) -> list[str]:
    return [d.code for d in show.diagnostics]


def test_deeply_nested_lists_in_a_text_dump_are_text() -> None:
    lines = [DATE, DATE] + [" " * (2 * i) + "- item" for i in range(0, 20_000, 7)]
    lines[-1] += "Credit to Paper authors: A"
    show = parse_text("\n".join(lines), strict=True)
    assert show.episodes[0].description.count("- item") == len(lines) - 2


@pytest.mark.bigstream
def test_a_million_blank_lines() -> None:
    data = f"{DATE}\n{DATE}\nHi!Credit to Paper authors: A" + "\n" * 1_000_000
    show = parse_text(data, strict=True)
    assert len(show.episodes) == 1
    assert show.episodes[0].description == "Hi!"
    # Before the first episode: a blank-lines defect, nothing lost.
    show = parse_text("\n" * 1_000_000 + f"{DATE}\n{DATE}\nHi!Credit to Paper authors: A")
    assert _codes(show) == []
    assert show.episodes[0].description == "Hi!"
    # Streamed in small chunks.
    episodes = list(
        paperledge.iter_episodes(
            iter([data[i : i + 4096] for i in range(0, 50_000, 4096)] + [data[50_000:]]),
            format="text",
        )
    )
    assert len(episodes) == 1


@pytest.mark.bigstream
def test_100_000_authors_on_one_credit() -> None:
    names = [f"Author Number{i}" for i in range(100_000)]
    data = f"{DATE}\n{DATE}\nHi!Credit to Paper authors: " + ", ".join(names)
    show = parse_text(data, strict=True)
    assert [a.name for a in show.episodes[0].authors] == names
    # With quotes and group marks everywhere, still read.
    quoted = ", ".join(f'"{n}, Jr."' for n in names[:50_000]) + ", Group, :"
    show = parse_text(f"{DATE}\n{DATE}\nHi!Credit to Paper authors: {quoted}")
    authors = show.episodes[0].authors
    assert len(authors) == 50_001
    assert authors[0].name == "Author Number0, Jr."
    assert authors[-1].name == "Group"
    assert authors[-1].is_group


@pytest.mark.bigstream
def test_a_date_line_repeated_a_million_times() -> None:
    data = f"{DATE}\n" * 1_000_000
    show = parse_text(data)
    assert len(show.episodes) == 1
    assert show.episodes[0].published == dt.date(2025, 10, 2)
    assert _codes(show) == ["date-repeat", "truncated"]


def test_a_title_of_200_000_separators() -> None:
    title = " - " * 200_000
    data = f"{DATE}\nCategory{title}Paper\n{DATE}\n{DATE}\nHi!Credit to Paper authors: A\n"
    show = parse_text(data, strict=True)
    episode = show.episodes[0]
    assert episode.title == f"Category{title}Paper"
    assert episode.category == "Category"
    assert episode.paper_title is not None
    assert episode.paper_title.endswith("Paper")
    # Every writer copes.
    for name in ("json", "jsonl", "csv", "text", "markdown", "rss"):
        assert "Paper" in paperledge.dumps(show, name)


@pytest.mark.bigstream
def test_one_10_mb_line() -> None:
    line = "word " * 2_000_000
    show = parse_text(f"{DATE}\n{DATE}\n{line}Credit to Paper authors: A\n")
    assert show.episodes[0].description == line
    assert show.diagnostics == ()
    # Without any structure: kept whole as the show's title.
    assert parse_text(line).title == line.strip()
