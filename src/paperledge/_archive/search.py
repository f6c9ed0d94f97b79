"""Search an SQLite archive: full text ranked by FTS5's bm25, and filters.

:func:`search` takes the archive's path and the query as keywords; every
value reaches SQLite as a parameter.  The full-text query is FTS5's syntax
(words, ``"a phrase"``, ``OR``, ``NOT``, ``prefix*``, ``title: word``); the
columns are ``title``, ``paper_title``, ``description``, ``authors`` and
``arxiv_title`` (the title of the linked arXiv paper).  A match in a title or
an author's name counts for more than one in the description.  Without a
query the episodes come newest first.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sqlite3
from typing import Any

from .._diagnostics import FormatError, PaperledgeError
from .._formats import sqlite as archive_format
from .._model import Episode
from .._rules.arxiv import arxiv_code, split_arxiv_id

__all__ = ["SearchError", "search"]

log = logging.getLogger("paperledge.search")


# bm25's weights of the FTS columns (title, paper_title, description, authors,
# arxiv_title): a match in a title or a name counts for more than one in the text.
_WEIGHTS = "10.0, 10.0, 1.0, 5.0, 10.0"

# What SQLite says of a full-text query it cannot read.
_QUERY_ERRORS = ("fts5", "no such column", "unterminated", "unknown special query")


class SearchError(PaperledgeError, ValueError):
    """A search that cannot run: a full-text query SQLite cannot read, or a bad filter."""


def _day(value: dt.date | str | None, name: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise SearchError(f"{name} must be a date as YYYY-MM-DD, not {value!r}") from None


def _arxiv(value: str) -> str:
    """The bare arXiv id of ``value`` (any version of a paper is the paper)."""
    split = split_arxiv_id(value)
    if split is None:
        raise SearchError(
            f"arxiv must be an arXiv identifier such as 2106.09685, 2106.09685v2, "
            f"hep-th/9901001 or an arxiv.org address, not {value!r}"
        )
    return split[0]


def _filters(
    author: str | None,
    category: str | None,
    since: str | None,
    until: str | None,
    arxiv: str | None = None,
) -> tuple[list[str], list[Any]]:
    """The filters as sets of episode ids (fixed SQL) and their parameters.

    Each set is read from an index alone: the columns after the description
    in an episode's row (its category, its paper) lie on overflow pages that
    a filter would otherwise read for every episode the query matches.
    """
    terms: list[str] = []
    values: list[Any] = []
    if arxiv is not None:
        terms.append("SELECT id FROM episodes WHERE arxiv_id = ?")
        values.append(_arxiv(arxiv))
    if author:
        # The names first (each once), then their episodes by the author index.
        terms.append(
            "SELECT l.episode_id FROM authors AS a CROSS JOIN episode_authors AS l "
            "ON l.author_id = a.id WHERE instr(lower(a.name), lower(?)) > 0"
        )
        values.append(author.strip())
    if category:
        code = arxiv_code(category)
        if code is not None:
            terms.append(
                "SELECT id FROM episodes WHERE arxiv_code = ? "
                "UNION ALL SELECT id FROM episodes WHERE category = ? COLLATE NOCASE"
            )
            values.extend((code, category.strip()))
        else:
            terms.append("SELECT id FROM episodes WHERE category = ? COLLATE NOCASE")
            values.append(category.strip())
    if since is not None:
        terms.append("SELECT id FROM episodes WHERE published >= ?")
        values.append(since)
    if until is not None:
        terms.append("SELECT id FROM episodes WHERE published <= ?")
        values.append(until)
    return terms, values


# Ties in rank go in archive order: an episode's id and its position grow
# together (each is added last, with the next id, and none is removed), so
# the id orders them without reading the episode's row.
def _statement(query: str | None, terms: list[str]) -> str:
    if query is not None:
        # '+rowid': the ids are a filter on the matches, not where FTS5 starts
        # (it would run the query, and bm25's whole-table counts, once per id).
        where = "".join(f" AND +rowid IN ({term})" for term in terms)
        return (
            f"SELECT rowid FROM episodes_fts WHERE episodes_fts MATCH ?{where} "
            f"ORDER BY bm25(episodes_fts, {_WEIGHTS}), rowid LIMIT ?"
        )
    # Newest first, the undated last (SQLite sorts NULL last when descending),
    # read from the index in that order until enough pass the filters.
    where = " AND ".join(f"+e.id IN ({term})" for term in terms)
    return (
        f"SELECT e.id FROM episodes AS e {'WHERE ' + where if terms else ''} "
        "ORDER BY e.published DESC, e.id LIMIT ?"
    )


def _open(archive: str | os.PathLike[str]) -> sqlite3.Connection:
    path = os.fspath(archive)
    if not os.path.isfile(path):
        raise FormatError(f"no archive at {path!r}")
    try:
        connection = archive_format.connect(path)
    except sqlite3.DatabaseError as error:
        raise FormatError(f"{path!r} is not an SQLite archive: {error}") from None
    try:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as error:
        connection.close()
        raise FormatError(f"{path!r} is not an SQLite archive: {error}") from None
    if version == 0 or version > archive_format.SCHEMA_VERSION:
        connection.close()
        why = "not a paperledge archive" if version == 0 else "from a newer paperledge"
        raise FormatError(f"{path!r} is {why} (schema version {version})")
    try:
        archive_format.bring_forward(connection)
    except FormatError:
        connection.close()
        raise
    return connection


def search(
    archive: str | os.PathLike[str],
    query: str | None = None,
    *,
    author: str | None = None,
    category: str | None = None,
    since: dt.date | str | None = None,
    until: dt.date | str | None = None,
    arxiv: str | None = None,
    limit: int | None = 20,
) -> list[Episode]:
    """The episodes of the SQLite ``archive`` that match, best first.

    ``query`` is an FTS5 full-text query over the title, the paper's
    title, the description, the authors' names and the title of the
    linked arXiv paper, ranked by bm25 (ties in archive order); without it
    the episodes come newest first (the undated last).  ``author`` keeps episodes
    with an author whose name holds it (case-insensitive); ``category``
    keeps one subject, given by name (``Computation and Language``) or
    arXiv code (``cs.CL``); ``since`` and ``until`` are dates (or
    ``YYYY-MM-DD``), both included.  ``arxiv`` keeps the episodes linked
    to one arXiv paper (:attr:`Episode.paper`), given by its identifier
    with or without a version (``2106.09685``, ``2106.09685v2``,
    ``arXiv:2106.09685``, an arxiv.org address): any version matches, since
    the versions are one paper.  ``limit=None`` returns every match.

    A query SQLite cannot read raises :class:`SearchError`; a path that is
    not an archive, :class:`FormatError`.
    """
    if limit is not None and limit < 1:
        raise SearchError(f"limit must be at least 1, not {limit}")
    terms, values = _filters(author, category, _day(since, "since"), _day(until, "until"), arxiv)
    text = query.strip() if query is not None else ""
    parameters = [text, *values] if text else values
    statement = _statement(text or None, terms)
    connection = _open(archive)
    try:
        try:
            rows = connection.execute(statement, (*parameters, -1 if limit is None else limit))
            ids = [int(episode_id) for (episode_id,) in rows]
        except sqlite3.OperationalError as error:
            if text and any(word in str(error).lower() for word in _QUERY_ERRORS):
                raise SearchError(
                    f"cannot read the query {text!r}: {error} (FTS5 syntax: words, "
                    '"a phrase", OR, NOT, prefix*; quote words such as "C++" or "cs.CL")'
                ) from None
            raise
        log.debug("search %r: %d episodes", text, len(ids))
        return archive_format.episodes_by_id(connection, ids)
    finally:
        connection.close()
