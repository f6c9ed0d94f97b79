"""The archive's schema: versioned, migrated forward, a newer one refused; tables, indexes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import paperledge
from paperledge import FormatError, ParseError
from paperledge._formats.sqlite import SCHEMA_VERSION, connect, migrate


def _names(path: Path, kind: str) -> set[str]:
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = ?", (kind,))
        return {name for (name,) in rows}
    finally:
        connection.close()


def test_an_archive_carries_its_schema_version(tmp_path: Path) -> None:
    archive = tmp_path / "archive.sqlite"
    paperledge.dump(paperledge.load_sample(), archive)
    connection = sqlite3.connect(archive)
    try:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        connection.close()


def test_the_tables_and_indexes_are_there(tmp_path: Path) -> None:
    archive = tmp_path / "archive.sqlite"
    paperledge.dump(paperledge.load_sample(), archive)
    assert {"show", "episodes", "authors", "episode_authors", "episodes_fts"} <= _names(
        archive, "table"
    )
    assert {"episodes_published", "episodes_category", "episodes_guid"} <= _names(archive, "index")


def test_an_empty_database_is_migrated_to_the_current_schema(tmp_path: Path) -> None:
    connection = connect(str(tmp_path / "empty.db"))
    try:
        connection.execute("BEGIN")
        migrate(connection)
        connection.execute("COMMIT")
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        migrate(connection)  # nothing left to do
    finally:
        connection.close()


def _from_the_future(path: Path) -> None:
    paperledge.dump(paperledge.load_sample(), path)
    connection = sqlite3.connect(path)
    try:
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        connection.commit()
    finally:
        connection.close()


def test_an_archive_of_a_newer_paperledge_is_not_written_into(tmp_path: Path) -> None:
    archive = tmp_path / "archive.sqlite"
    _from_the_future(archive)
    with pytest.raises(FormatError, match=r"newer paperledge.*upgrade paperledge"):
        paperledge.dump(paperledge.load_sample(), archive)


def test_an_archive_of_a_newer_paperledge_is_not_read(tmp_path: Path) -> None:
    archive = tmp_path / "archive.sqlite"
    _from_the_future(archive)
    show = paperledge.load(archive)
    assert show.episodes == ()
    assert "newer paperledge" in show.diagnostics[0].message
    with pytest.raises(ParseError, match="newer paperledge"):
        paperledge.load(archive, strict=True)
