"""The author credit that closes every episode: ``Credit to Paper authors: A, B``.

Shared by every parser (text dumps, HTML pages, the feed) and by the writers
that put the credit back.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Iterator

from .._diagnostics import Reporter
from .._model import Author
from .names import looks_like_group

__all__ = [
    "CREDIT_MARKER",
    "find_credit",
    "format_authors",
    "format_credit",
    "parse_authors",
    "split_credit",
]

CREDIT_MARKER = "Credit to Paper authors:"
_MARKER_LENGTH = len(CREDIT_MARKER)

# The source marks a collaboration as ``Group, :, First Author``: arXiv's
# ``Group: First Author`` with the colon split off into a token of its own.
_GROUP_MARK = ":"


# The same names recur on every page of an archive; reusing their Author
# objects saves building (and validating) them again.  Bounded, and cleared
# whole when full: no bookkeeping of which names were used last.
_AUTHOR_CACHE: dict[str, Author] = {}
_AUTHOR_CACHE_SIZE = 50_000


def find_credit(line: str) -> int:
    """The index of the credit marker in ``line``, or -1."""
    return line.rfind(CREDIT_MARKER)


def split_credit(line: str) -> tuple[str, str, int] | None:
    """Split the credit off ``line``: (the text before it, the author list, the list's offset).

    The credit is the last marker on the line (the text before it may quote
    the marker); the offset is where the author list starts in ``line``
    (0-based), so that a defect in the list is located in the source.  None
    when the line holds no credit.
    """
    position = line.rfind(CREDIT_MARKER)
    if position < 0:
        return None
    start = position + _MARKER_LENGTH
    return line[:position], line[start:], start


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
_SPACES = re.compile(" *")


class _QuotedNames:
    """Finds where each quoted name ends, in time linear in the whole list.

    Read as CSV reads a quoted field: after the opening quote, the quotes of
    each run pair up from the left (a doubled quote is one quote of the
    name); a run of odd length leaves its last quote alone, and a lone quote
    followed by spaces and then a comma or the end closes the name (any other
    is part of it).  Scanning forward from every opening quote would be
    quadratic on a list such as ``"a, "a, ...``; instead the runs that can
    close a name are found once, and each name needs one binary search.
    """

    __slots__ = ("_closing_ends", "_run_end", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        closings = {m.start() for m in _CLOSING_QUOTE.finditer(text)}
        # The end of the run starting at each index, and the last quotes of
        # the runs of odd length that can close a name, in order.
        self._run_end: dict[int, int] = {}
        self._closing_ends: list[int] = []
        for match in _QUOTE_RUN.finditer(text):
            start, end = match.span()
            self._run_end[start] = end
            if (end - start) % 2 and end - 1 in closings:
                self._closing_ends.append(end - 1)

    def closing(self, opening: int) -> int:
        """The index of the quote closing the name opened at ``opening``, or -1.

        ``opening`` starts its run of quotes (a name opens after a comma or
        spaces).
        """
        end = self._run_end[opening]
        # The opening run's other quotes: an odd number leaves its last alone.
        if (end - opening) % 2 == 0 and self._text.startswith('"', end - 1):
            # Past the spaces by index: a slice of the rest for each name
            # would copy the list again and again.
            spaces = _SPACES.match(self._text, end)
            after = spaces.end() if spaces else end  # " *" always matches
            if after == len(self._text) or self._text[after] == ",":
                return end - 1
        index = bisect.bisect_left(self._closing_ends, end)
        return self._closing_ends[index] if index < len(self._closing_ends) else -1


def _split(text: str) -> tuple[list[str], list[int] | None, list[bool] | None]:
    """Split an author list on commas: the names, their offsets, whether each is quoted.

    A name that holds a comma of its own is written in double quotes, with a
    quote inside doubled (as in CSV); an unquoted name is taken as it is, and
    so is a name whose quotes do not close properly.  Without quotes the
    offsets and flags are ``None``: every comma splits, and the offsets,
    which only locate defects, follow from the names (:func:`_offset`).
    """
    if '"' not in text:
        return text.split(","), None, None
    tokens: list[str] = []
    offsets: list[int] = []
    flags: list[bool] = []
    quoted = _QuotedNames(text)
    position, length = 0, len(text)
    while position <= length:
        start = position
        while start < length and text[start] == " ":
            start += 1
        if start < length and text[start] == '"':
            closing = quoted.closing(start)
            if closing > 0:
                tokens.append(text[start + 1 : closing].replace('""', '"'))
                offsets.append(start)
                flags.append(True)
                comma = text.find(",", closing + 1)
                position = length + 1 if comma < 0 else comma + 1
                continue
        comma = text.find(",", position)
        end = length if comma < 0 else comma
        tokens.append(text[position:end])
        offsets.append(position)
        flags.append(False)
        position = end + 1
    return tokens, offsets, flags


def _starts(tokens: list[str], offsets: list[int] | None) -> list[int]:
    """Where each name starts in the author list: ``offsets``, else counted once.

    Counted for the whole list at once: summing the names before each one,
    defect by defect, is quadratic in a list of many empty names.
    """
    if offsets is not None:
        return offsets
    return list(itertools.accumulate([len(token) + 1 for token in tokens], initial=0))


def _tokens(text: str) -> Iterator[tuple[str, int, bool]]:
    """:func:`_split` as (token, offset, quoted) for each name."""
    tokens, offsets, flags = _split(text)
    offsets = _starts(tokens, offsets)
    for index, token in enumerate(tokens):
        yield token, offsets[index], flags is not None and flags[index]


def parse_authors(text: str, reporter: Reporter, line: int, column: int = 1) -> tuple[Author, ...]:
    """Read the names after the credit marker.

    ``column`` is where ``text`` starts on its ``line``, so that defects are
    located in the source.
    """
    return _parse_tokens(text, reporter, line, column)


def _parse_tokens(text: str, reporter: Reporter, line: int, column: int) -> tuple[Author, ...]:
    """:func:`parse_authors`, token by token."""
    if not text.strip():
        reporter.report("author-list", "the credit names no author", line, column)
        return ()
    tokens, offsets, flags = _split(text)
    authors: list[Author] = []
    known = _AUTHOR_CACHE.get
    for index, name in enumerate(map(str.strip, tokens)):
        if flags is not None and flags[index]:
            token = tokens[index]
            if token.strip():
                authors.append(Author(name=token, is_group=False))
            else:
                reporter.report(
                    "author-list",
                    "empty name in the author list",
                    line,
                    column + (offsets := _starts(tokens, offsets))[index],
                )
            continue
        # Most names were met before: one look-up decides them.  A name
        # met before is never empty; it may be the group mark or hold
        # ": " (a person named after a group's colon), which the rules
        # below read.
        author = known(name)
        if author is not None and name != _GROUP_MARK and ": " not in name:
            authors.append(author)
            continue
        if name == _GROUP_MARK:
            if authors:
                authors[-1] = Author(name=authors[-1].name, is_group=True)
            else:
                reporter.report(
                    "author-list",
                    "a ':' group mark stands before any name",
                    line,
                    column + (offsets := _starts(tokens, offsets))[index],
                )
            continue
        if not name:
            reporter.report(
                "author-list",
                "empty name in the author list",
                line,
                column + (offsets := _starts(tokens, offsets))[index],
            )
            continue
        if ": " in name:
            group, _, person = name.partition(": ")
            if group.strip() and person.strip():
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
