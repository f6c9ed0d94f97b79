"""``paperledge parse`` and ``paperledge fetch`` with ``-o archive.sqlite`` grow one archive."""

from __future__ import annotations

import argparse
import io
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

import paperledge
from archive_support import count
from paperledge._cli.fetch import add_fetch_command, run_fetch

from fetch_server import Site, serving
from support import SEED_NAMES, run_cli, seed_path

FAST = ["--delay", "0.005", "--timeout", "2", "--tries", "2"]


@pytest.fixture
def site() -> Iterator[Site]:
    with serving() as running:
        yield running


def _fetch(argv: list[str]) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="paperledge")
    add_fetch_command(parser.add_subparsers(dest="command"))
    out, err = io.StringIO(), io.StringIO()
    status = run_fetch(parser.parse_args(["fetch", *argv]), out, err)
    return status, out.getvalue(), err.getvalue()


def test_parse_into_an_archive_run_after_run(tmp_path: Path) -> None:
    archive = tmp_path / "archive.sqlite"
    for name in SEED_NAMES[:2]:
        assert run_cli("parse", str(seed_path(name)), "-o", str(archive)) == (0, "", "")
    inode = os.stat(archive).st_ino
    assert count(archive, "episodes") == 16
    # The third page adds its episodes; the first, again, adds nothing.
    assert run_cli("parse", str(seed_path(SEED_NAMES[2])), "-o", str(archive))[0] == 0
    assert run_cli("parse", str(seed_path(SEED_NAMES[0])), "-o", str(archive))[0] == 0
    assert count(archive, "episodes") == 24
    # Updated in place, never replaced by a new file.
    assert os.stat(archive).st_ino == inode
    assert paperledge.load(archive).episodes == paperledge.load_sample().episodes


def test_an_archive_cannot_go_to_stdout() -> None:
    code, out, err = run_cli("parse", str(seed_path(SEED_NAMES[0])), "-f", "sqlite")
    assert (code, out) == (2, "")
    assert "database file" in err
    assert "-o" in err


def test_an_archive_of_a_newer_paperledge_is_a_clear_error(tmp_path: Path) -> None:
    archive = tmp_path / "archive.sqlite"
    assert run_cli("parse", str(seed_path(SEED_NAMES[0])), "-o", str(archive))[0] == 0
    connection = sqlite3.connect(archive)
    connection.execute("PRAGMA user_version = 99")
    connection.commit()
    connection.close()
    code, _out, err = run_cli("parse", str(seed_path(SEED_NAMES[1])), "-o", str(archive))
    assert code == 2
    assert "newer paperledge" in err


def test_fetch_into_an_archive_run_after_run(site: Site, tmp_path: Path) -> None:
    archive = tmp_path / "archive.sqlite"
    argv = [site.url("/"), "-o", str(archive), "--no-feed", "--quiet", *FAST]
    status, _out, stderr = _fetch([*argv, "--max-pages", "1"])
    assert (status, stderr) == (0, "")
    first = count(archive, "episodes")
    status, _out, stderr = _fetch([*argv, "--max-pages", "2"])
    assert (status, stderr) == (0, "")
    assert count(archive, "episodes") == 2 * first
    status, _out, _err = _fetch([*argv, "--max-pages", "2"])
    assert status == 0
    assert count(archive, "episodes") == 2 * first


def test_the_formats_command_lists_the_archive_as_read_and_written() -> None:
    code, out, _err = run_cli("formats")
    assert code == 0
    (line,) = [line for line in out.splitlines() if line.startswith("sqlite ")]
    assert line.split()[1:4] == ["read/write", ".sqlite", ".db"]
