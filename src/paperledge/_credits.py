"""The author credit that closes every episode: ``Credit to Paper authors: A, B``.

Shared by every parser (text dumps, HTML pages, the feed) and by the writers
that put the credit back.
"""

from __future__ import annotations

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


def _tokens(text: str) -> Iterable[tuple[str, int, bool]]:
    """Split an author list on commas: (token, offset, quoted) for each name.

    A name that holds a comma of its own is written in double quotes, with a
    quote inside doubled (as in CSV); an unquoted name is taken as it is.
    """
    if '"' not in text:
        offset = 0
        for token in text.split(","):
            yield token, offset, False
            offset += len(token) + 1
        return
    position, length = 0, len(text)
    while position <= length:
        start = position
        while start < length and text[start] == " ":
            start += 1
        if start < length and text[start] == '"':
            # Find the closing quote: one not doubled and followed by a
            # comma or the end.
            cursor, chars = start + 1, []
            while cursor < length:
                char = text[cursor]
                if char == '"':
                    if text.startswith('""', cursor):
                        chars.append('"')
                        cursor += 2
                        continue
                    rest = text[cursor + 1 :].lstrip(" ")
                    if not rest or rest.startswith(","):
                        break
                chars.append(char)
                cursor += 1
            if cursor < length:
                yield "".join(chars), start, True
                comma = text.find(",", cursor + 1)
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
