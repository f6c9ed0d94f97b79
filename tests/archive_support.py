"""Helpers of the SQLite archive tests: an archive's contents, row counts, a writer to kill."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def contents(path: Path) -> list[str]:
    """Every statement that rebuilds the archive: equal lists, equal archives."""
    connection = sqlite3.connect(path)
    try:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        return [f"user_version={version}", *connection.iterdump()]
    finally:
        connection.close()


def count(path: Path, table: str) -> int:
    connection = sqlite3.connect(path)
    try:
        # The table name is one of the tests' own, never data.
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        connection.close()
