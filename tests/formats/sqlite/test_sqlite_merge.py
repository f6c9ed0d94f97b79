"""Writing into an archive that holds episodes merges: matched ones updated, new ones added."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import attrs

import paperledge
from archive_support import contents, count
from paperledge._formats.sqlite import write_archive

from support import SEED_NAMES, seed_bytes


def _page(index: int) -> paperledge.Show:
    return paperledge.parse_text(seed_bytes(SEED_NAMES[index]), strict=True)


def test_a_second_write_of_the_same_show_adds_nothing(tmp_path: Path) -> None:
    archive = tmp_path / "archive.sqlite"
    show = paperledge.load_sample()
    assert write_archive(show, str(archive)) == (24, 0)
    before = contents(archive)
    assert write_archive(show, str(archive)) == (0, 24)
    assert contents(archive) == before
    assert count(archive, "episodes") == 24
    assert paperledge.load(archive) == show


def test_pages_written_one_by_one_grow_one_archive(tmp_path: Path) -> None:
    archive = tmp_path / "archive.sqlite"
    for index in range(3):
        paperledge.dump(_page(index), archive)
    assert count(archive, "episodes") == 24
    assert paperledge.load(archive).episodes == paperledge.load_sample().episodes


def test_an_episode_with_the_same_guid_is_updated_in_place(tmp_path: Path) -> None:
    archive = tmp_path / "archive.sqlite"
    show = _page(0)
    first = attrs.evolve(show.episodes[0], guid="urn:ep-1", url="https://x.test/a")
    paperledge.dump(attrs.evolve(show, episodes=(first, *show.episodes[1:])), archive)
    # Another URL, another title, a day later: the guid alone says it is the same.
    renamed = attrs.evolve(
        first, title="Computation and Language - Renamed", url="https://x.test/b"
    )
    assert write_archive(attrs.evolve(show, episodes=(renamed,)), str(archive)) == (0, 1)
    read = paperledge.load(archive)
    assert len(read.episodes) == len(show.episodes)
    assert read.episodes[0].title == "Computation and Language - Renamed"
    assert read.episodes[0].url == "https://x.test/b"


def test_an_episode_with_the_same_url_is_updated(tmp_path: Path) -> None:
    archive = tmp_path / "archive.sqlite"
    show = _page(0)
    first = attrs.evolve(show.episodes[0], url="https://x.test/episode/1")
    paperledge.dump(attrs.evolve(show, episodes=(first,)), archive)
    moved = attrs.evolve(first, title="Robotics - Another title", guid="urn:new")
    assert write_archive(attrs.evolve(show, episodes=(moved,)), str(archive)) == (0, 1)
    (read,) = paperledge.load(archive).episodes
    assert (read.title, read.guid) == ("Robotics - Another title", "urn:new")


def test_an_episode_matched_by_day_and_title_keeps_what_the_new_one_lacks(
    tmp_path: Path,
) -> None:
    archive = tmp_path / "archive.sqlite"
    show = _page(0)
    first = attrs.evolve(show.episodes[0], audio_url="https://x.test/a.mp3")
    paperledge.dump(attrs.evolve(show, episodes=(first,)), archive)
    fuller = attrs.evolve(show.episodes[0], url="https://x.test/episode/1")
    assert write_archive(attrs.evolve(show, episodes=(fuller,)), str(archive)) == (0, 1)
    (read,) = paperledge.load(archive).episodes
    assert read.url == "https://x.test/episode/1"
    assert read.audio_url == "https://x.test/a.mp3"


def test_new_episodes_come_after_those_already_there(tmp_path: Path) -> None:
    archive = tmp_path / "archive.sqlite"
    paperledge.dump(_page(1), archive)
    paperledge.dump(_page(0), archive)
    read = paperledge.load(archive).episodes
    assert read == (*_page(1).episodes, *_page(0).episodes)


def test_the_full_text_index_follows_an_update(tmp_path: Path) -> None:
    archive = tmp_path / "archive.sqlite"
    show = _page(0)
    first = attrs.evolve(show.episodes[0], guid="urn:1", description="zebras everywhere")
    paperledge.dump(attrs.evolve(show, episodes=(first,)), archive)
    changed = attrs.evolve(first, description="giraffes everywhere")
    paperledge.dump(attrs.evolve(show, episodes=(changed,)), archive)
    connection = sqlite3.connect(archive)
    try:

        def hits(word: str) -> int:
            query = "SELECT count(*) FROM episodes_fts WHERE episodes_fts MATCH ?"
            return int(connection.execute(query, (word,)).fetchone()[0])

        assert (hits("zebras"), hits("giraffes")) == (0, 1)
        assert count(archive, "episodes_fts") == 1
    finally:
        connection.close()


def test_authors_are_stored_once_and_linked_in_order(tmp_path: Path) -> None:
    archive = tmp_path / "archive.sqlite"
    show = paperledge.load_sample()
    paperledge.dump(show, archive)
    paperledge.dump(show, archive)
    names = {author.name for episode in show.episodes for author in episode.authors}
    assert count(archive, "authors") == len(names)
    assert count(archive, "episode_authors") == sum(len(e.authors) for e in show.episodes)
