"""The author credit that closes every episode: ``Credit to Paper authors: A, B``.

Shared by every parser (text dumps, HTML pages, the feed) and by the writers
that put the credit back.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from ._diagnostics import Reporter
from ._model import Author, looks_like_group

__all__ = ["CREDIT_MARKER", "find_credit", "format_authors", "format_credit", "parse_authors"]

CREDIT_MARKER = "Credit to Paper authors:"

# The source marks a collaboration as ``Group, :, First Author``: arXiv's
# ``Group: First Author`` with the colon split off into a token of its own.
_GROUP_MARK = ":"

# The same names recur on every page of an archive; reusing their Author
# objects saves the work of building them again.  Bounded, and cleared
# whole when full, because a dict clear is cheaper than LRU bookkeeping.
_AUTHOR_CACHE: dict[str, Author] = {}
_AUTHOR_CACHE_SIZE = 50_000


def find_credit(line: str) -> int:
    """The index of the credit marker in ``line``, or -1."""
    return line.rfind(CREDIT_MARKER)


def _author(token: str) -> Author:
    author = _AUTHOR_CACHE.get(token)
    if author is None:
        if len(_AUTHOR_CACHE) >= _AUTHOR_CACHE_SIZE:
            _AUTHOR_CACHE.clear()
        author = _AUTHOR_CACHE[token] = Author.guess(token)
    return author


# A quote that can close a quoted name: followed by spaces, then a comma or
# the end.  Runs of quotes: inside a quoted name, quotes come doubled.
_CLOSING_QUOTE = re.compile(r'"(?= *(?:,|$))')
_QUOTE_RUN = re.compile(r'"+')


class _QuotedNames:
    """Finds where each quoted name ends, in time linear in the whole list.

    Scanning forward from every opening quote would be quadratic on a list
    such as ``"a, "a, "a, ...``; instead the closing quotes and the runs of
    quotes are found once, and each name is checked with two binary searches.
    """

    __slots__ = ("_closings", "_odd_runs", "_runs")

    def __init__(self, text: str) -> None:
        self._closings = [m.start() for m in _CLOSING_QUOTE.finditer(text)]
        runs = [(m.start(), m.end()) for m in _QUOTE_RUN.finditer(text)]
        self._runs = runs
        # Runs of odd length: inside a quoted name they are malformed.
        self._odd_runs = [start for start, end in runs if (end - start) % 2]

    def closing(self, opening: int) -> int:
        """The index of the quote closing the name opened at ``opening``, or -1."""
        index = bisect.bisect_right(self._closings, opening)
        if index == len(self._closings):
            return -1
        closing = self._closings[index]
        # The quotes between must pair up: the run holding the opening quote
        # and the run holding the closing one each contribute all but that
        # quote; every run wholly between must be of even length.
        first = self._run_at(opening)
        last = self._run_at(closing)
        if first == last:
            inner = last[1] - opening - 1 - (last[1] - closing)
            return closing if inner % 2 == 0 else -1
        if (first[1] - opening - 1) % 2 or (closing - last[0]) % 2:
            return -1
        between = bisect.bisect_right(self._odd_runs, first[0])
        if between < len(self._odd_runs) and self._odd_runs[between] < last[0]:
            return -1
        return closing

    def _run_at(self, position: int) -> tuple[int, int]:
        index = bisect.bisect_right(self._runs, (position, len(self._runs) + position + 2)) - 1
        return self._runs[index]


def _tokens(text: str) -> Iterable[tuple[str, int, bool]]:
    """Split an author list on commas: (token, offset, quoted) for each name.

    A name that holds a comma of its own is written in double quotes, with a
    quote inside doubled (as in CSV); an unquoted name is taken as it is, and
    so is a name whose quotes do not close properly.
    """
    if '"' not in text:
        offset = 0
        for token in text.split(","):
            yield token, offset, False
            offset += len(token) + 1
        return
    quoted = _QuotedNames(text)
    position, length = 0, len(text)
    while position <= length:
        start = position
        while start < length and text[start] == " ":
            start += 1
        if start < length and text[start] == '"':
            closing = quoted.closing(start)
            if closing > 0:
                yield text[start + 1 : closing].replace('""', '"'), start, True
                comma = text.find(",", closing + 1)
                position = length + 1 if comma < 0 else comma + 1
                continue
        comma = text.find(",", position)
        end = length if comma < 0 else comma
        yield text[position:end], position, False
        position = end + 1


def parse_authors(text: str, reporter: Reporter, line: int, column: int = 1) -> tuple[Author, ...]:
    """Read the names after the credit marker.

    ``column`` is where ``text`` starts on its ``line``, so that defects are
    located in the source.
    """
    if '"' not in text and ":" not in text:
        # The common case, kept to one comprehension: plain names.
        names = [token.strip() for token in text.split(",")]
        if all(names):
            return tuple([_author(name) for name in names])
    authors: list[Author] = []
    if not text.strip():
        reporter.report("author-list", "the credit names no author", line, column)
        return ()
    for token, offset, quoted in _tokens(text):
        if quoted:
            authors.append(Author(name=token, is_group=False))
            continue
        name = token.strip()
        if name == _GROUP_MARK:
            if authors:
                authors[-1] = Author(name=authors[-1].name, is_group=True)
            else:
                reporter.report(
                    "author-list",
                    "a ':' group mark stands before any name",
                    line,
                    column + offset,
                )
            continue
        if not name:
            reporter.report("author-list", "empty name in the author list", line, column + offset)
            continue
        group, colon, person = name.partition(": ")
        if colon and group.strip() and person.strip():
            # arXiv's own form, ``Group: First Author``, unmangled.
            authors.append(Author(name=group, is_group=True))
            authors.append(_author(person))
            continue
        authors.append(_author(name))
    return tuple(authors)


def _format_name(author: Author) -> str:
    name = author.name
    # Quote what the reader would otherwise split, mistake for a group mark,
    # or guess to be a group when it is a person.
    if (
        "," in name
        or name.startswith('"')
        or name == _GROUP_MARK
        or ": " in name
        or (not author.is_group and looks_like_group(name))
    ):
        return '"' + name.replace('"', '""') + '"'
    return name


def format_authors(authors: Iterable[Author]) -> str:
    """The author list as the credit writes it (groups followed by ``:``)."""
    parts: list[str] = []
    for author in authors:
        parts.append(_format_name(author))
        if author.is_group:
            parts.append(_GROUP_MARK)
    return ", ".join(parts)


def format_credit(authors: Iterable[Author]) -> str:
    """The whole credit: marker and author list."""
    return f"{CREDIT_MARKER} {format_authors(authors)}"
