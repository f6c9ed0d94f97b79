"""The show's archive as an SQLite database (the standard library's :mod:`sqlite3`).

Tables (schema version :data:`SCHEMA_VERSION`, kept in ``PRAGMA user_version``):

* ``show``: one row, the show's fields; its list fields (``categories``,
  ``diagnostics``) as JSON arrays.
* ``episodes``: one row per episode, in the show's order (``position``), a
  column per model field.  Dates are ISO 8601 text, durations ISO 8601
  durations (as paperledge JSON writes them), plus ``duration_seconds`` and
  the derived ``category``, ``paper_title`` and ``arxiv_code`` for queries.
  The list fields ``persons``, ``other_enclosures``, ``chapters`` and
  ``transcripts`` are JSON arrays of the objects paperledge JSON writes,
  ``creators`` (version 3) a JSON array of names.
  ``extra`` holds, as a JSON object, any field a later model adds.  The
  linked arXiv paper (:attr:`Episode.paper`) is in the ``arxiv_*`` columns
  (version 2): ``arxiv_id`` (indexed, no version), ``arxiv_version``,
  ``arxiv_title``, ``arxiv_authors`` (a JSON array of ``{name, is_group}``),
  ``arxiv_primary_category``, ``arxiv_published``, ``arxiv_abstract_url``,
  ``arxiv_pdf_url``, ``arxiv_matched_by`` and ``arxiv_score``; all NULL
  when none is linked.
* ``authors`` (each name and group flag once) and ``episode_authors``
  (episode, position, author): the paper's authors in order.
* ``match_keys``: the keys :func:`paperledge.merge` matches on (guid, URL,
  day with title, day with opening), so a write finds an episode already
  there without reading the archive.
* ``episodes_fts``: an FTS5 index over title, paper title, description,
  author names and the linked paper's title (``arxiv_title``), its rowid the
  episode's id, rewritten with the episode.

The statements of each version are in :mod:`paperledge._archive.schema`;
an archive of an older version is migrated when it is written into, read or
searched.

Writing into an existing archive merges, in one transaction: an episode
already there (same guid, else same URL, else merge's day-and-title or
day-and-opening key) is updated (the new values win; a field the new
episode leaves empty keeps the stored value) and keeps its place; a new one
is added after the others.  An interrupted or failing write leaves the
archive as it was.  An archive has no text form: :func:`paperledge.dumps`
refuses it; :func:`paperledge.dump` and :func:`paperledge.load` take a path.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from .._archive import schema
from .._diagnostics import FormatError, Reporter
from .._model import Episode, Show
from .._model.matching import identity_keys
from .._rules.arxiv import arxiv_code
from . import json as show_json
from .base import Format

__all__ = [
    "FORMAT",
    "SCHEMA_VERSION",
    "bring_forward",
    "connect",
    "episodes_by_id",
    "migrate",
    "read_archive",
    "read_show_fields",
    "read_sqlite",
    "write_archive",
]

log = logging.getLogger("paperledge.sqlite")

#: The archive's schema version; :func:`migrate` brings older ones forward.
SCHEMA_VERSION = 3
MAGIC = "SQLite format 3\x00"

_JSON_COLUMNS = frozenset(
    {
        "categories",
        "diagnostics",
        "persons",
        "other_enclosures",
        "chapters",
        "transcripts",
        "creators",
    }
)
_SHOW_COLUMNS = schema.SHOW_COLUMNS
_EPISODE_COLUMNS = (*schema.EPISODE_COLUMNS, *schema.V3_EPISODE_COLUMNS)
_PAPER_COLUMNS = tuple(name for name, _field, _kind in schema.PAPER_COLUMNS)
_PAPER_FIELDS = tuple(field for _name, field, _kind in schema.PAPER_COLUMNS)

# A write that adds this many episodes, and at least a quarter of the archive,
# merges the full-text index into one b-tree (FTS5's 'optimize'): a bulk load
# otherwise leaves many segments, which every query reads.
_OPTIMIZE_AFTER = 1000

#: The statements that bring an archive of version ``n`` to ``n + 1``.
_MIGRATIONS: dict[int, tuple[str, ...]] = {
    0: schema.SCHEMA_V1,
    1: schema.SCHEMA_V2,
    2: schema.SCHEMA_V3,
}

# The order in which a new episode's keys are looked up: guid, else URL, else the rest.
_RULE_ORDER = {"guid": 0, "url": 1, "title": 2, "opening": 3}


def migrate(connection: sqlite3.Connection) -> None:
    """Bring the archive on ``connection`` to :data:`SCHEMA_VERSION`, inside the open transaction.

    An archive written by a newer paperledge raises :class:`FormatError`.
    """
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise FormatError(_newer(version))
    while version < SCHEMA_VERSION:
        log.info("migrating the archive from schema version %d", version)
        for statement in _MIGRATIONS[version]:
            connection.execute(statement)
        if version == 1:
            _papers_out_of_extra(connection)
        version += 1
        # PRAGMA takes no parameters; version is an int of ours.
        connection.execute(f"PRAGMA user_version = {int(version)}")


def _papers_out_of_extra(connection: sqlite3.Connection) -> None:
    """Version 1 kept a linked paper in ``extra``: move it to its columns and index its title.

    Only linked episodes are rewritten.  The others keep the ``"paper": null``
    version 1 wrote in ``extra``, which reading overrides with the (empty)
    columns: rewriting every row, description and all, would double the
    migration's time for nothing.
    """
    assignments = ", ".join(f"{name} = ?" for name in _PAPER_COLUMNS)
    rows = connection.execute(
        "SELECT id, extra FROM episodes WHERE json_type(extra, '$.paper') = 'object'"
    ).fetchall()
    for episode_id, extra in rows:
        data = json.loads(extra)
        paper = data.pop("paper")
        connection.execute(
            f"UPDATE episodes SET {assignments}, extra = ? WHERE id = ?",
            (*_paper_cells(paper), json.dumps(data, ensure_ascii=False), episode_id),
        )
        connection.execute(
            "UPDATE episodes_fts SET arxiv_title = ? WHERE rowid = ?", (paper["title"], episode_id)
        )
    _optimize(connection)


def _optimize(connection: sqlite3.Connection) -> None:
    connection.execute("INSERT INTO episodes_fts (episodes_fts) VALUES ('optimize')")


def bring_forward(connection: sqlite3.Connection) -> None:
    """Migrate the archive on ``connection`` to :data:`SCHEMA_VERSION` in a transaction of its own.

    Reading an archive of an older version migrates it first, as writing
    does: one layout to read, and the file is left as this paperledge
    writes it.  A file that cannot be written (read-only) raises
    :class:`FormatError` saying so.
    """
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version >= SCHEMA_VERSION:
        return
    try:
        connection.execute("BEGIN IMMEDIATE")
        try:
            migrate(connection)
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
    except sqlite3.OperationalError as error:
        raise FormatError(
            f"the archive has schema version {version} and must be migrated to version "
            f"{SCHEMA_VERSION} before it is read, which failed: {error}"
        ) from None


def _newer(version: int) -> str:
    return (
        f"the archive was written by a newer paperledge (schema version {version}; this "
        f"paperledge knows up to {SCHEMA_VERSION}): upgrade paperledge to use it"
    )


def connect(path: str) -> sqlite3.Connection:
    """An autocommit connection to the archive at ``path``: transactions are explicit."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA foreign_keys = ON")
    except BaseException:
        # A file that is no database fails here: the connection must not leak.
        connection.close()
        raise
    return connection


# -- writing ---------------------------------------------------------------


def _cell(name: str, value: Any) -> Any:
    if name in _JSON_COLUMNS:
        return json.dumps(value, ensure_ascii=False)
    return value


def _paper_cells(paper: dict[str, Any] | None) -> tuple[Any, ...]:
    """The paper's columns, from the paper as paperledge JSON writes it (all None for none)."""
    if paper is None:
        return (None,) * len(_PAPER_FIELDS)
    return tuple(
        json.dumps(paper[field], ensure_ascii=False) if field == "authors" else paper[field]
        for field in _PAPER_FIELDS
    )


def _paper_value(cells: Sequence[Any]) -> dict[str, Any] | None:
    """The paper as paperledge JSON writes it, from its columns (None when none is linked)."""
    if cells[0] is None:
        return None
    paper = dict(zip(_PAPER_FIELDS, cells, strict=True))
    paper["authors"] = json.loads(paper["authors"])
    return paper


def _episode_row(episode: Episode) -> dict[str, Any]:
    data = show_json.episode_to_dict(episode)
    row = {name: _cell(name, data.pop(name, None)) for name in _EPISODE_COLUMNS}
    row.update(zip(_PAPER_COLUMNS, _paper_cells(data.pop("paper", None)), strict=True))
    data.pop("authors")
    for name in ("category", "paper_title"):
        row[name] = data.pop(name, None)
    row["arxiv_code"] = arxiv_code(episode.category) if episode.category else None
    row["duration_seconds"] = (
        episode.duration.total_seconds() if episode.duration is not None else None
    )
    row["extra"] = json.dumps(data, ensure_ascii=False)
    return row


def _fts_row(episode: Episode) -> tuple[str, str, str, str, str]:
    """The text of :data:`schema.FTS_COLUMNS`."""
    names = " ; ".join(author.name for author in episode.authors)
    linked = episode.paper.title if episode.paper is not None else ""
    return (episode.title or "", episode.paper_title or "", episode.description, names, linked)


def _find(
    connection: sqlite3.Connection, episode: Episode, *, before: int, taken: set[int]
) -> int | None:
    """The id of the stored episode that ``episode`` is, if any.

    Only episodes stored before this write (ids up to ``before``) and not
    yet matched by it (``taken``) count: a show's own episodes are kept as
    they are, each its own row, as in every other format.
    """
    _own, probes = identity_keys(episode)
    for rule, day, key in sorted(probes, key=lambda probe: _RULE_ORDER.get(probe[0], 9)):
        for (found,) in connection.execute(
            "SELECT episode_id FROM match_keys "
            "WHERE rule = ? AND day = ? AND key = ? AND episode_id <= ? ORDER BY episode_id",
            (rule, day, key, before),
        ):
            if found not in taken:
                return int(found)
    return None


def _author_id(connection: sqlite3.Connection, name: str, is_group: bool) -> int:
    connection.execute(
        "INSERT OR IGNORE INTO authors (name, is_group) VALUES (?, ?)", (name, is_group)
    )
    found = connection.execute(
        "SELECT id FROM authors WHERE name = ? AND is_group = ?", (name, is_group)
    ).fetchone()
    return int(found[0])


def _stored_episode(connection: sqlite3.Connection, episode_id: int) -> Episode:
    (episode,) = _read_episodes(connection, "WHERE e.id = ?", (episode_id,))
    return episode


def _updated(old: Episode, new: Episode) -> Episode:
    """``new``, with the fields it leaves empty taken from ``old``."""
    changes = {}
    for field in attrs.fields(Episode):
        value = getattr(new, field.name)
        if value is None or value in ((), ""):
            changes[field.name] = getattr(old, field.name)
    return attrs.evolve(new, **changes) if changes else new


def _store(connection: sqlite3.Connection, episode: Episode, episode_id: int | None) -> int:
    row = _episode_row(episode)
    names = list(row)
    if episode_id is None:
        position = connection.execute(
            "SELECT coalesce(max(position), -1) + 1 FROM episodes"
        ).fetchone()[0]
        cursor = connection.execute(
            f"INSERT INTO episodes (position, {', '.join(names)}) "
            f"VALUES (?, {', '.join('?' for _ in names)})",
            (position, *row.values()),
        )
        assert cursor.lastrowid is not None
        episode_id = cursor.lastrowid
    else:
        assignments = ", ".join(f"{name} = ?" for name in names)
        connection.execute(
            f"UPDATE episodes SET {assignments} WHERE id = ?", (*row.values(), episode_id)
        )
        for table in ("episode_authors", "match_keys", "episodes_fts"):
            column = "rowid" if table == "episodes_fts" else "episode_id"
            connection.execute(f"DELETE FROM {table} WHERE {column} = ?", (episode_id,))
    connection.executemany(
        "INSERT INTO episode_authors (episode_id, position, author_id) VALUES (?, ?, ?)",
        [
            (episode_id, index, _author_id(connection, author.name, author.is_group))
            for index, author in enumerate(episode.authors)
        ],
    )
    own, _probes = identity_keys(episode)
    connection.executemany(
        "INSERT INTO match_keys (rule, day, key, episode_id) VALUES (?, ?, ?, ?)",
        [(*key, episode_id) for key in own],
    )
    connection.execute(
        f"INSERT INTO episodes_fts (rowid, {', '.join(schema.FTS_COLUMNS)}) "
        f"VALUES (?, {', '.join('?' for _ in schema.FTS_COLUMNS)})",
        (episode_id, *_fts_row(episode)),
    )
    return episode_id


def _store_show(connection: sqlite3.Connection, show: Show) -> None:
    data = show_json.unstructure(attrs.evolve(show, episodes=()))
    data.pop("episodes", None)
    old = connection.execute(
        f"SELECT {', '.join(_SHOW_COLUMNS)}, extra FROM show WHERE id = 1"
    ).fetchone()
    row = {name: _cell(name, data.pop(name, None)) for name in _SHOW_COLUMNS}
    if old is not None:
        # A value the new show leaves empty keeps the stored one.
        for index, name in enumerate(_SHOW_COLUMNS):
            if row[name] in (None, "", "[]") and name != "diagnostics":
                row[name] = old[index]
    row["extra"] = json.dumps(data, ensure_ascii=False)
    names = list(row)
    connection.execute(
        f"INSERT OR REPLACE INTO show (id, {', '.join(names)}) "
        f"VALUES (1, {', '.join('?' for _ in names)})",
        tuple(row.values()),
    )


def write_into(connection: sqlite3.Connection, show: Show) -> tuple[int, int]:
    """Merge ``show`` into the archive, in the transaction the caller holds: (added, updated)."""
    migrate(connection)
    _store_show(connection, show)
    added = updated = 0
    before = connection.execute("SELECT coalesce(max(id), 0) FROM episodes").fetchone()[0]
    taken: set[int] = set()
    for incoming in show.episodes:
        episode_id = _find(connection, incoming, before=before, taken=taken)
        episode = incoming
        if episode_id is None:
            added += 1
        else:
            updated += 1
            taken.add(episode_id)
            stored = _stored_episode(connection, episode_id)
            episode = _updated(stored, incoming)
            if episode == stored:
                continue  # nothing new: the row, its keys and its index entry stay
        _store(connection, episode, episode_id)
    if added >= _OPTIMIZE_AFTER and added * 4 >= before + added:
        _optimize(connection)
    return added, updated


def write_archive(show: Show, path: str) -> tuple[int, int]:
    """Write ``show`` into the archive at ``path`` (made if missing), merging, in one transaction.

    Returns ``(added, updated)``, the numbers of episodes.  If anything fails
    (or the process dies) before the end, the archive stays as it was.
    """
    connection = connect(path)
    try:
        connection.execute("BEGIN IMMEDIATE")
        try:
            counts = write_into(connection, show)
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
    except sqlite3.DatabaseError as error:
        raise FormatError(f"cannot write the archive {path!r}: {error}") from None
    finally:
        connection.close()
    log.info("archive %s: %d episodes added, %d updated", path, *counts)
    return counts


# -- reading ---------------------------------------------------------------


def _value(name: str, cell: Any) -> Any:
    if name in _JSON_COLUMNS:
        return json.loads(cell) if cell is not None else []
    if name == "explicit" and cell is not None:
        return bool(cell)
    return cell


# The columns an episode is read from: its id, its fields, its paper's, ``extra``.
_READ_COLUMNS = ", ".join(f"e.{name}" for name in ("id", *_EPISODE_COLUMNS, *_PAPER_COLUMNS))


def _read_episodes(
    connection: sqlite3.Connection, where: str = "", parameters: Sequence[Any] = ()
) -> list[Episode]:
    """The episodes ``where`` selects (``e`` is the episodes table), in archive order."""
    rows = connection.execute(
        f"SELECT {_READ_COLUMNS}, e.extra FROM episodes AS e {where} ORDER BY e.position",
        tuple(parameters),
    ).fetchall()
    return _episodes_from_rows(connection, rows)


def _episodes_from_rows(connection: sqlite3.Connection, rows: Iterable[Any]) -> list[Episode]:
    fields = len(_EPISODE_COLUMNS)
    episodes = []
    for row in rows:
        data: dict[str, Any] = json.loads(row[-1])
        for name, cell in zip(_EPISODE_COLUMNS, row[1 : 1 + fields], strict=True):
            data[name] = _value(name, cell)
        data["paper"] = _paper_value(row[1 + fields : -1])
        data["authors"] = [
            {"name": name, "is_group": bool(is_group)}
            for name, is_group in connection.execute(
                "SELECT a.name, a.is_group FROM episode_authors AS l "
                "JOIN authors AS a ON a.id = l.author_id WHERE l.episode_id = ? "
                "ORDER BY l.position",
                (row[0],),
            )
        ]
        episodes.append(show_json.episode_from_dict(data))
    return episodes


def episodes_by_id(connection: sqlite3.Connection, ids: Sequence[int]) -> list[Episode]:
    """The episodes of ``ids``, in that order."""
    rows = []
    for episode_id in ids:
        rows.extend(
            connection.execute(
                f"SELECT {_READ_COLUMNS}, e.extra FROM episodes AS e WHERE e.id = ?",
                (episode_id,),
            ).fetchall()
        )
    return _episodes_from_rows(connection, rows)


def read_show_fields(connection: sqlite3.Connection) -> Show:
    """The archive's show without its episodes."""
    row = connection.execute(
        f"SELECT {', '.join(_SHOW_COLUMNS)}, extra FROM show WHERE id = 1"
    ).fetchone()
    data: dict[str, Any] = json.loads(row[-1]) if row is not None else {"title": ""}
    if row is not None:
        for name, cell in zip(_SHOW_COLUMNS, row[:-1], strict=True):
            data[name] = _value(name, cell)
    data["episodes"] = []
    show: Show = show_json.structure(data, Show)
    return show


def _read_show(connection: sqlite3.Connection) -> Show:
    show = read_show_fields(connection)
    return attrs.evolve(show, episodes=tuple(_read_episodes(connection)))


def read_connection(connection: sqlite3.Connection, *, strict: bool = False) -> Show:
    """The show in the archive on ``connection``; a problem is a diagnostic (strict: raised)."""
    reporter = Reporter(strict=strict)
    try:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            reporter.report("no-episodes", _newer(version), 1)
        elif version == 0:
            reporter.report("no-episodes", "the SQLite database is not a paperledge archive", 1)
        else:
            bring_forward(connection)
            return _read_show(connection)
    except FormatError as error:
        reporter.report("no-episodes", str(error), 1)
    except (sqlite3.Error, ValueError, TypeError, KeyError) as error:
        reporter.report("no-episodes", f"the SQLite archive cannot be read: {error}", 1)
    return Show(title="", diagnostics=tuple(reporter.diagnostics))


def read_sqlite(data: str | bytes, *, strict: bool = False) -> Show:
    """The show in an archive given as its bytes (an image of the file).

    Anything that is not an SQLite database reads as an empty show, which
    the front door reports as ``no-episodes``.  The bytes are copied to a
    temporary file, which SQLite reads (``deserialize`` needs Python 3.11).
    """
    if isinstance(data, str) or not data.startswith(MAGIC.encode("ascii")):
        return Show(title="")
    with tempfile.TemporaryDirectory(prefix="paperledge-") as folder:
        path = os.path.join(folder, "archive.sqlite")
        with open(path, "wb") as file:
            file.write(data)
        return read_archive(path, strict=strict)


def read_archive(path: str, *, strict: bool = False) -> Show:
    """The show in the archive file at ``path`` (an interrupted write is rolled back first)."""
    try:
        connection = connect(path)
    except sqlite3.Error as error:
        reporter = Reporter(strict=strict)
        reporter.report("no-episodes", f"the SQLite archive cannot be opened: {error}", 1)
        return Show(title="", diagnostics=tuple(reporter.diagnostics))
    try:
        return read_connection(connection, strict=strict)
    finally:
        connection.close()


def _sniff(head: str) -> bool:
    return head.startswith(MAGIC)


#: The format's entry in the table of formats (paperledge._api.formats).
FORMAT = Format(
    name="sqlite",
    description="an SQLite archive with full-text search, merged into in place",
    extensions=(".sqlite", ".db"),
    media_type="application/vnd.sqlite3",
    reader=read_sqlite,
    writer=None,
    sniffer=_sniff,
    file_writer=write_archive,
    file_reader=read_archive,
)
