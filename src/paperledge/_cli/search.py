"""The ``paperledge search`` command: query an SQLite archive from the shell.

Without ``-f`` or ``-o`` the matches are a compact aligned table (date,
arXiv id of the linked paper or else the category's arXiv code, title,
first author, URL); with ``-f`` (or ``-o``'s extension)
they are written in any format paperledge writes, for pipes and files.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from typing import Any, TextIO

import attrs

from .._archive.search import SearchError, search
from .._diagnostics import FormatError
from .._formats import sqlite as archive_format
from .._model import Episode
from .._rules.arxiv import arxiv_code
from .output import OutputError, add_output_options, plan_output

__all__ = ["add_search_command", "format_table", "run_search"]

EXIT_OK = 0
EXIT_NOTHING = 1
EXIT_USAGE = 2

_TITLE_WIDTH = 60
_AUTHOR_WIDTH = 24

_EXAMPLES = """\
examples:
  paperledge search archive.sqlite LoRA                 a word, anywhere
  paperledge search archive.sqlite '"low-rank adaptation"'
                                                        a phrase (quote it twice)
  paperledge search archive.sqlite 'robot* AND vision'  a prefix, and both words
  paperledge search archive.sqlite 'arxiv_title: diffusion'
                                                        in one column only
  paperledge search archive.sqlite --author levine --since 2025-06-01
  paperledge search archive.sqlite --arxiv 2106.09685   the episodes on one paper
  paperledge search archive.sqlite --category cs.CL --limit 0 -f csv > cl.csv

QUERY is SQLite FTS5 syntax: words (all must match), "a phrase", OR, NOT,
prefix*, and column: word for one of the columns title, paper_title,
description, authors and arxiv_title (the linked paper's title). Quote a word
holding punctuation ("C++", "cs.CL"). A match in a title counts ten times one
in the description, an author's name five times. The filters combine with
each other and with QUERY. --arxiv takes an id with or without its version
(2106.09685, 2106.09685v2, arXiv:2106.09685, an arxiv.org address) and finds
every episode linked to that paper (see 'paperledge link').

The table's ARXIV column is the linked paper's id where there is one, else
the arXiv code of the episode's category. Exit status: 0 matches found,
1 no episode matches, 2 a usage error, an unreadable query or no archive.
"""


def _limit(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("the limit is a count, 0 for no limit")
    return value


def add_search_command(commands: Any) -> None:
    """Add ``search`` to the ``paperledge`` command's subcommands."""
    command = commands.add_parser(
        "search",
        help="search an SQLite archive (full text, author, category, dates)",
        description="Search ARCHIVE (written with -o archive.sqlite) for episodes: QUERY is "
        'FTS5 full-text syntax (words, "a phrase", OR, NOT, prefix*), ranked best first; '
        "without it the newest come first.",
        epilog=_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    command.add_argument("archive", metavar="ARCHIVE", help="the .sqlite archive")
    command.add_argument("query", nargs="?", metavar="QUERY", help="a full-text query")
    command.add_argument("--author", metavar="NAME", help="an author whose name holds NAME")
    command.add_argument(
        "--category", metavar="CATEGORY", help="a subject by name or arXiv code (cs.CL)"
    )
    command.add_argument("--since", metavar="YYYY-MM-DD", help="published on or after")
    command.add_argument("--until", metavar="YYYY-MM-DD", help="published on or before")
    command.add_argument(
        "--arxiv",
        metavar="ID",
        help="linked to this arXiv paper (2106.09685; a version such as v2 may follow)",
    )
    command.add_argument(
        "--limit", type=_limit, default=20, metavar="N", help="at most N episodes (0: all)"
    )
    add_output_options(command)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def _arxiv_cell(episode: Episode) -> str:
    if episode.paper is not None:
        return episode.paper.versioned_id
    return arxiv_code(episode.category) or ""


def _row(episode: Episode) -> tuple[str, ...]:
    title = episode.paper_title or episode.title or ""
    return (
        episode.published.isoformat() if episode.published else "",
        _arxiv_cell(episode),
        _cut(" ".join(title.split()), _TITLE_WIDTH),
        _cut(episode.authors[0].name, _AUTHOR_WIDTH) if episode.authors else "",
        episode.url or "",
    )


def format_table(episodes: Sequence[Episode]) -> str:
    """The episodes as aligned columns: date, arXiv id or code, title, first author, URL."""
    rows = [("DATE", "ARXIV", "TITLE", "FIRST AUTHOR", "URL"), *map(_row, episodes)]
    widths = [max(len(row[index]) for row in rows) for index in range(4)]
    lines = []
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True)]
        lines.append("  ".join([*cells, row[4]]).rstrip())
    return "\n".join(lines) + "\n"


def run_search(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Run ``paperledge search``; the exit status (1 when nothing matches)."""
    try:
        output = plan_output(args.output, args.format) if args.output or args.format else None
        episodes = search(
            args.archive,
            args.query,
            author=args.author,
            category=args.category,
            since=args.since,
            until=args.until,
            arxiv=args.arxiv,
            limit=args.limit or None,
        )
    except (SearchError, FormatError, OutputError) as error:
        stderr.write(f"paperledge search: error: {error}\n")
        return EXIT_USAGE
    if output is None:
        stdout.write(format_table(episodes))
    else:
        connection = archive_format.connect(os.fspath(args.archive))
        try:
            show = archive_format.read_show_fields(connection)
        finally:
            connection.close()
        try:
            output.write_show(attrs.evolve(show, episodes=tuple(episodes)), stdout)
        except OSError as error:
            stderr.write(f"paperledge search: cannot write {output.name!r}: {error}\n")
            return EXIT_USAGE
    if not episodes and not args.quiet:
        stderr.write("paperledge search: no episode matches\n")
    return EXIT_OK if episodes else EXIT_NOTHING
