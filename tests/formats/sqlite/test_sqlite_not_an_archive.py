"""Whatever is not an archive is reported as such, never raised in tolerant mode."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import paperledge
from paperledge import ParseError


def test_a_damaged_archive_is_a_diagnostic_and_strictly_an_error(tmp_path: Path) -> None:
    archive = tmp_path / "archive.sqlite"
    paperledge.dump(paperledge.load_sample(), archive)
    data = archive.read_bytes()
    damaged = tmp_path / "damaged.sqlite"
    damaged.write_bytes(data[:100] + b"\xff" * 3000 + data[3100:])
    show = paperledge.load(damaged)
    assert show.episodes == ()
    assert [d.code for d in show.diagnostics] == ["no-episodes"]
    with pytest.raises(ParseError):
        paperledge.load(damaged, strict=True)


def test_a_text_file_named_like_an_archive_holds_no_episode(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("not a database\n", "utf-8")
    show = paperledge.load(path)
    assert show.episodes == ()
    assert [d.code for d in show.diagnostics] == ["no-episodes"]


def test_another_sqlite_database_is_not_an_archive(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE t (x)")
    connection.commit()
    connection.close()
    show = paperledge.load(path)
    assert "not a paperledge archive" in show.diagnostics[0].message
