"""The linked arXiv paper in the archive: its own columns, read back whole, merged, migrated.

``archive-schema-1.sqlite`` was written by paperledge's archive of schema
version 1 (the sample's first, LoRA and last episodes, LoRA linked to its
paper, which that version kept in the ``extra`` JSON column).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import attrs
import pytest

import paperledge
from archive.linked import LORA, LORA_INDEX, WHISPER, WHISPER_INDEX, linked_sample
from archive_support import count
from paperledge import FormatError
from paperledge._formats.sqlite import SCHEMA_VERSION, bring_forward, read_connection

VERSION_1 = Path(__file__).with_name("archive-schema-1.sqlite")


def _row(archive: Path, sql: str, *parameters: object) -> tuple[object, ...]:
    connection = sqlite3.connect(archive)
    try:
        return tuple(connection.execute(sql, parameters).fetchone())
    finally:
        connection.close()


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    path = tmp_path / "archive.sqlite"
    paperledge.dump(linked_sample(), path)
    return path


def test_a_linked_show_reads_back_equal(archive: Path) -> None:
    assert paperledge.load(archive) == linked_sample()


def test_the_paper_is_in_columns_of_its_own(archive: Path) -> None:
    row = _row(
        archive,
        "SELECT arxiv_id, arxiv_version, arxiv_title, arxiv_primary_category, "
        "arxiv_published, arxiv_abstract_url, arxiv_pdf_url, arxiv_matched_by, arxiv_score, "
        "json_extract(arxiv_authors, '$[0].name'), json_array_length(arxiv_authors), extra "
        "FROM episodes WHERE arxiv_id = ?",
        "2212.04356",
    )
    assert row == (
        "2212.04356",
        1,
        "Robust Speech Recognition via Large-Scale Weak Supervision",
        "eess.AS",
        "2022-12-06",
        "https://arxiv.org/abs/2212.04356v1",
        "https://arxiv.org/pdf/2212.04356v1",
        "authors",
        0.8125,
        "Alec Radford",
        6,
        "{}",
    )
    plan = _row(archive, "EXPLAIN QUERY PLAN SELECT id FROM episodes WHERE arxiv_id = ?", "x")
    assert "episodes_arxiv_id" in str(plan[-1])


def test_episodes_not_linked_have_no_paper_columns(archive: Path) -> None:
    assert _row(archive, "SELECT count(*) FROM episodes WHERE arxiv_id IS NULL") == (22,)
    assert _row(archive, "SELECT count(*) FROM episodes WHERE arxiv_title IS NOT NULL") == (2,)


def test_a_second_write_without_the_papers_keeps_them(archive: Path) -> None:
    # An episode read again from the site has no paper: the stored link stays.
    assert paperledge.dump(paperledge.load_sample(), archive) is None
    assert paperledge.load(archive) == linked_sample()
    assert count(archive, "episodes") == 24


def test_a_link_made_later_is_merged_into_the_archive(tmp_path: Path) -> None:
    path = tmp_path / "archive.sqlite"
    paperledge.dump(paperledge.load_sample(), path)
    paperledge.dump(linked_sample(), path)
    assert paperledge.load(path) == linked_sample()
    (found,) = paperledge.search(path, '"Weak Supervision"')
    assert found.paper == WHISPER


def test_an_archive_of_schema_version_1_is_migrated_and_keeps_its_paper(tmp_path: Path) -> None:
    path = tmp_path / "archive.sqlite"
    shutil.copyfile(VERSION_1, path)
    assert _row(path, "PRAGMA user_version") == (1,)
    sample = paperledge.load_sample()
    lora = attrs.evolve(sample.episodes[LORA_INDEX], paper=LORA)
    expected = attrs.evolve(sample, episodes=(sample.episodes[0], lora, sample.episodes[-1]))
    assert paperledge.load(path) == expected
    assert _row(path, "PRAGMA user_version") == (SCHEMA_VERSION,)
    # The paper left the extra column for its own; the title went into the index.
    assert _row(path, "SELECT arxiv_id, arxiv_score, extra FROM episodes WHERE position = 1") == (
        "2106.09685",
        0.97,
        "{}",
    )
    # Episodes without a paper keep version 1's "paper": null, which the columns override.
    assert [json.loads(extra).get("paper", "gone") for (extra,) in _rows(path)] == [
        None,
        "gone",
        None,
    ]
    (found,) = paperledge.search(path, 'arxiv_title: "Low-Rank Adaptation"')
    assert found == lora


def _rows(path: Path) -> list[tuple[str]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT extra FROM episodes").fetchall()
    finally:
        connection.close()


def test_a_migrated_archive_equals_one_written_new(tmp_path: Path) -> None:
    migrated = tmp_path / "migrated.sqlite"
    shutil.copyfile(VERSION_1, migrated)
    paperledge.dump(linked_sample(), migrated)
    new = tmp_path / "new.sqlite"
    paperledge.dump(paperledge.load(migrated), new)
    assert paperledge.load(migrated) == paperledge.load(new)
    assert paperledge.search(migrated, "LoRA", limit=None) == paperledge.search(
        new, "LoRA", limit=None
    )


def test_search_migrates_an_archive_of_schema_version_1(tmp_path: Path) -> None:
    path = tmp_path / "archive.sqlite"
    shutil.copyfile(VERSION_1, path)
    (found,) = paperledge.search(path, arxiv="2106.09685v1")
    assert found.paper == LORA
    assert _row(path, "PRAGMA user_version") == (SCHEMA_VERSION,)


def test_an_archive_of_schema_version_1_that_cannot_be_written_says_it_needs_migrating(
    tmp_path: Path,
) -> None:
    path = tmp_path / "archive.sqlite"
    shutil.copyfile(VERSION_1, path)
    # Opened read-only, as on a read-only medium (the suite may run as root).
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    try:
        with pytest.raises(FormatError, match="schema version 1 and must be migrated"):
            bring_forward(connection)
        show = read_connection(connection)
    finally:
        connection.close()
    assert show.episodes == ()
    assert "must be migrated" in show.diagnostics[0].message
    assert paperledge.load(path).episodes[1].paper == LORA


def test_the_linked_paper_is_found_by_its_title(archive: Path) -> None:
    (found,) = paperledge.search(archive, '"Large-Scale Weak Supervision"')
    assert found == linked_sample().episodes[WHISPER_INDEX]
    # Without the link the episode holds no such words.
    plain = archive.with_name("plain.sqlite")
    paperledge.dump(paperledge.load_sample(), plain)
    assert paperledge.search(plain, '"Large-Scale Weak Supervision"') == []
