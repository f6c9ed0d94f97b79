"""A page header met again in the middle of a dump: a copy of the first one is cut out,
any other is kept as text and reported; a column of "Episodes" labels with no blank line
between them is a header that differs at each label, and costs time linear in its length."""

from __future__ import annotations

from typing import ClassVar, SupportsIndex

import pytest

import paperledge
from paperledge import Author, Show, parse_text
from paperledge._diagnostics import Reporter
from paperledge._formats.text import machine

from support import DATE

HEADER = ["PaperLedge", "", "Desc", "Episodes", "Episodes", "", "", ""]
MISMATCH = "a page header that differs from the first one was kept as text"
STRAY = (
    "text after an author credit or before the first episode was kept in the episode's description"
)


def _diagnostics(show: Show) -> list[tuple[str, int, str]]:
    return [(d.code, d.line, d.message) for d in show.diagnostics]


def test_a_column_of_labels_after_a_credit_is_kept_and_reported_at_each_label() -> None:
    lines = [
        *HEADER,  # 1-8
        DATE,  # 9
        DATE,  # 10
        "A.Credit to Paper authors: A",  # 11
        "Episodes",  # 12
        "Episodes",  # 13: a header with neither title nor description
        "Episodes",  # 14: and again, with the labels above it as its description
        "Episodes",  # 15
        "",
        "",
        "",
        DATE,  # 19
        DATE,
        "B.Credit to Paper authors: B",
    ]
    show = parse_text("\n".join(lines))
    assert _diagnostics(show) == [
        ("header-mismatch", 13, MISMATCH),
        ("header-mismatch", 14, MISMATCH),
        ("header-mismatch", 15, MISMATCH),
        ("stray-text", 12, STRAY),
    ]
    # Nothing is lost: the four labels stay, as text, in the episode above them.
    first, second = show.episodes
    assert first.description == "A.\nEpisodes\nEpisodes\nEpisodes\nEpisodes"
    assert [a.name for a in first.authors] == ["A"]
    assert (second.description, [a.name for a in second.authors]) == ("B.", ["B"])
    assert (show.title, show.description) == ("PaperLedge", "Desc")


def test_a_column_of_labels_then_a_copy_of_the_header_in_an_episodes_text() -> None:
    lines = [
        *HEADER,  # 1-8
        DATE,  # 9
        DATE,  # 10
        "Text.",  # 11
        "Episodes",  # 12
        "Episodes",  # 13: differs ("Text." above it)
        "Episodes",  # 14: differs
        "",  # 15
        "PaperLedge",  # 16: the known header, cut out
        "",
        "Desc",
        "Episodes",
        "Episodes",  # 20
        "",
        "",
        "",
        DATE,  # 24
        DATE,
        "B.Credit to Paper authors: B",
    ]
    show = parse_text("\n".join(lines))
    assert _diagnostics(show) == [
        ("header-mismatch", 13, MISMATCH),
        ("header-mismatch", 14, MISMATCH),
        (
            "missing-credit",
            14,
            "the episode that starts at line 9 has no 'Credit to Paper authors:' line",
        ),
    ]
    first, second = show.episodes
    assert first.description == "Text.\nEpisodes\nEpisodes\nEpisodes"
    assert first.authors == ()
    assert second.description == "B."
    assert (show.title, show.description) == ("PaperLedge", "Desc")


class _Counted(str):
    """A line that counts how often the reader looks at it (``isspace``, ``strip``)."""

    looks: int

    def __new__(cls, text: str) -> _Counted:
        line = super().__new__(cls, text)
        line.looks = 0
        return line

    def isspace(self) -> bool:
        self.looks += 1
        return super().isspace()

    def strip(self, chars: str | None = None) -> str:
        self.looks += 1
        return super().strip(chars)


def _column(kind: str, count: int) -> list[str]:
    opening = [*HEADER, DATE, DATE]
    if kind == "text":
        return [*opening, "A.", *["Episodes"] * count]
    if kind == "after a credit":
        return [*opening, "A.Credit to Paper authors: A", *["Episodes"] * count]
    # A line of text before each pair of labels: the header's description grows.
    return [*opening, "A.", *["x", "Episodes", "Episodes"] * (count // 2)]


def _looks(monkeypatch: pytest.MonkeyPatch, kind: str, count: int) -> tuple[int, int]:
    """The most looks at one line, and the looks at all lines, reading a column of labels."""
    # The labels the reader puts back after a header that differs are this
    # one object: its looks are those at every label put back.
    label = _Counted("Episodes")
    monkeypatch.setattr(machine, "NAV_LABEL", label)
    lines = [_Counted(line) for line in _column(kind, count)]
    reporter = Reporter()
    parser = machine.TextParser(reporter)
    episodes = list(parser.run(lines))
    assert len(episodes) == 1
    assert sum(d.code == "header-mismatch" for d in reporter.diagnostics) >= count // 2
    most = max(line.looks for line in lines)
    return most, sum(line.looks for line in lines) + label.looks


@pytest.mark.parametrize("kind", ["text", "after a credit", "text between the pairs"])
def test_each_line_of_a_column_of_labels_is_looked_at_a_few_times(
    monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    # Each label once searched back through the whole column for the
    # header's first line, and looked again at the line above it: looks
    # quadratic in the column's length.
    small = _looks(monkeypatch, kind, 1000)
    large = _looks(monkeypatch, kind, 2000)
    assert small[0] == large[0] <= 5
    assert large[1] <= 2 * small[1] + 100
    assert large[1] <= 10 * 2000


@pytest.mark.parametrize("kind", ["text", "after a credit", "text between the pairs"])
def test_a_column_of_labels_streams_as_it_reads(kind: str) -> None:
    data = "\n".join(_column(kind, 3000))
    show = parse_text(data)
    seen: list[paperledge.Diagnostic] = []
    chunks = [data[start : start + 100] for start in range(0, len(data), 100)]
    streamed = list(paperledge.iter_episodes(chunks, format="text", on_diagnostic=seen.append))
    assert streamed == list(show.episodes)
    assert seen == list(show.diagnostics)
    assert sum(d.code == "header-mismatch" for d in seen) >= 1500


GLUED = "the page header's title 'PaperLedge' was glued to the line before it"


def test_headers_glued_one_after_another_to_a_line_and_to_a_name() -> None:
    copy = ["", "Desc", "Episodes", "Episodes"]
    lines = [
        *HEADER,  # 1-8
        DATE,  # 9
        DATE,  # 10
        "A.Credit to Paper authors: A",  # 11
        " Tail PaperLedge PaperLedgePaperLedge",  # 12: titles glued
        *copy,  # 13-16: cut, " Tail PaperLedge PaperLedge" is left
        *copy,  # 17-20: cut, " Tail PaperLedge " is left
        *copy,  # 21-24: the line ends with a space, not the title: kept as text
        *copy,  # 25-28: kept as text
        "",
        "",
        "",
        DATE,  # 32
        DATE,
        "B.Credit to Paper authors: B, C PaperLedgePaperLedge",  # 34
        *copy,  # 35-38: cut off the name, "C PaperLedge" is left
        *copy,  # 39-42: cut off the name, "C" is left (its space dropped)
        *copy,  # 43-46: "C" does not end with the title: kept as text
    ]
    show = parse_text("\n".join(lines))
    assert _diagnostics(show) == [
        ("missing-newline", 16, GLUED),
        ("missing-newline", 20, GLUED),
        ("header-mismatch", 24, MISMATCH),
        ("header-mismatch", 28, MISMATCH),
        ("stray-text", 12, STRAY),
        ("missing-newline", 34, GLUED),
        ("missing-newline", 34, GLUED),
        ("header-mismatch", 46, MISMATCH),
        ("stray-text", 44, STRAY),
    ]
    first, second = show.episodes
    assert first.description == (
        "A.\n Tail PaperLedge \n\nDesc\nEpisodes\nEpisodes\n\nDesc\nEpisodes\nEpisodes"
    )
    assert [a.name for a in first.authors] == ["A"]
    assert second.description == "B.\n\nDesc\nEpisodes\nEpisodes"
    assert [a.name for a in second.authors] == ["B", "C"]
    assert (show.title, show.description) == ("PaperLedge", "Desc")


class _Copied(str):
    """A line that counts the characters sliced or stripped out of it and its parts."""

    copied: ClassVar[list[int]] = [0]

    def __getitem__(self, key: SupportsIndex | slice) -> _Copied:
        part = _Copied(super().__getitem__(key))
        _Copied.copied[0] += len(part)
        return part

    def strip(self, chars: str | None = None) -> _Copied:
        part = _Copied(super().strip(chars))
        _Copied.copied[0] += len(part)
        return part


def _glued(count: int) -> list[str]:
    """A long line with ``count`` titles glued to it, then ``count`` headers."""
    opening = [*HEADER, DATE, DATE, "A.Credit to Paper authors: A"]
    return [
        *opening,
        " " + "L" * 1000 + "PaperLedge" * count,
        *["", "Desc", "Episodes", "Episodes"] * count,
    ]


@pytest.mark.parametrize("count", [50, 100])
def test_headers_glued_to_one_line_copy_it_once(count: int) -> None:
    # Each header glued to the line sliced it (and stripped it, as it starts
    # with a space) to cut its title off: the line was copied once per header.
    lines = _glued(count)
    long = _Copied(lines[11])
    lines[11] = long
    _Copied.copied[0] = 0
    reporter = Reporter()
    (episode,) = machine.TextParser(reporter).run(lines)
    assert episode.description == "A.\n " + "L" * 1000
    assert sum(d.code == "missing-newline" for d in reporter.diagnostics) == count
    assert _Copied.copied[0] <= 2 * len(long) + 100


def test_headers_glued_to_a_name_make_its_author_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each header glued to the last author's name made an author of the name
    # with its title cut off: the name was copied once per header.
    made: list[str] = []

    def author(name: str, is_group: bool = False) -> Author:
        made.append(name)
        return Author(name=name, is_group=is_group)

    monkeypatch.setattr(machine, "Author", author)
    name = "B " + "C" * 1000 + "PaperLedge" * 100
    lines = [*HEADER, DATE, DATE, "A.Credit to Paper authors: A, " + name]
    lines += ["", "Desc", "Episodes", "Episodes"] * 100
    reporter = Reporter()
    (episode,) = machine.TextParser(reporter).run(lines)
    assert [a.name for a in episode.authors] == ["A", "B " + "C" * 1000]
    assert sum(d.code == "missing-newline" for d in reporter.diagnostics) == 100
    assert made == ["B " + "C" * 1000]
