"""Who made an episode (``Episode.creators``) in the archive: a column of its own, migrated.

``archive-schema-2.sqlite`` was written by paperledge's archive of schema
version 2 (the first and last episodes of the sample), before episodes had
creators.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import attrs

import paperledge
from paperledge import Episode, Show

VERSION_2 = Path(__file__).with_name("archive-schema-2.sqlite")


def _show() -> Show:
    return Show(
        title="A general podcast",
        episodes=[
            Episode(title="One", guid="1", creators=["Doe, John", "Tom & Jerry"]),
            Episode(title="Two", guid="2"),
        ],
    )


def test_creators_are_a_json_array_in_their_own_column_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "archive.sqlite"
    paperledge.dump(_show(), path)
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute("SELECT creators, extra FROM episodes ORDER BY position")
        cells = [(json.loads(creators), extra) for creators, extra in rows]
    finally:
        connection.close()
    assert cells == [(["Doe, John", "Tom & Jerry"], "{}"), ([], "{}")]
    assert paperledge.load(path) == _show()


def test_a_version_2_archive_is_migrated_and_reads_as_before(tmp_path: Path) -> None:
    path = tmp_path / "archive.sqlite"
    shutil.copy(VERSION_2, path)
    before = sqlite3.connect(VERSION_2)
    try:
        titles = [title for (title,) in before.execute("SELECT title FROM episodes")]
    finally:
        before.close()
    show = paperledge.load(path)
    assert [episode.title for episode in show.episodes] == titles
    assert all(episode.creators == () for episode in show.episodes)
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == 3
    finally:
        connection.close()


def test_creators_a_version_2_archive_kept_in_extra_move_to_their_column(
    tmp_path: Path,
) -> None:
    # A model with creators writing into a version 2 archive put them in
    # ``extra``, as it does any field the archive has no column for.
    path = tmp_path / "archive.sqlite"
    shutil.copy(VERSION_2, path)
    connection = sqlite3.connect(path)
    try:
        with connection:
            connection.execute(
                "UPDATE episodes SET extra = ? WHERE position = 0",
                (json.dumps({"creators": ["Ann Lee"]}),),
            )
    finally:
        connection.close()
    first = paperledge.load(path).episodes[0]
    assert first.creators == ("Ann Lee",)
    connection = sqlite3.connect(path)
    try:
        assert connection.execute(
            "SELECT creators, extra FROM episodes WHERE position = 0"
        ).fetchone() == ('["Ann Lee"]', "{}")
    finally:
        connection.close()


def test_a_second_write_of_the_same_episodes_updates_their_creators(tmp_path: Path) -> None:
    path = tmp_path / "archive.sqlite"
    paperledge.dump(_show(), path)
    changed = attrs.evolve(
        _show(),
        episodes=[attrs.evolve(episode, creators=("Ann Lee",)) for episode in _show().episodes],
    )
    paperledge.dump(changed, path)
    creators = [episode.creators for episode in paperledge.load(path).episodes]
    # An episode already in the archive (the same guid) is updated, not added.
    assert creators == [("Ann Lee",), ("Ann Lee",)]
