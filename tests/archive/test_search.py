"""paperledge.search over an archive of the sample pages: full text, filters, ranking."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import attrs
import pytest

import paperledge
from archive.linked import LORA, LORA_INDEX, WHISPER_INDEX, linked_sample
from paperledge import FormatError, SearchError
from paperledge._archive.search import _filters, _statement


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("archive") / "archive.sqlite"
    paperledge.dump(paperledge.load_sample(), path)
    return path


def _titles(episodes: list[paperledge.Episode]) -> list[str | None]:
    return [episode.paper_title for episode in episodes]


def test_finds_the_lora_episode_by_its_paper_title(archive: Path) -> None:
    (found,) = paperledge.search(archive, '"Low-Rank Adaptation of Large Language Models"')
    assert found.paper_title == "LoRA Low-Rank Adaptation of Large Language Models"
    assert found.authors[0].name == "Edward J. Hu"
    assert found.published == dt.date(2025, 3, 16)


def test_a_title_match_ranks_first(archive: Path) -> None:
    found = paperledge.search(archive, "LoRA")
    assert _titles(found) == [
        "LoRA Low-Rank Adaptation of Large Language Models",
        "QLoRA Efficient Finetuning of Quantized LLMs",
    ]


def test_the_author_filter_matches_part_of_a_name_in_any_case(archive: Path) -> None:
    assert _titles(paperledge.search(archive, author="dettmers")) == [
        "QLoRA Efficient Finetuning of Quantized LLMs"
    ]
    assert paperledge.search(archive, "LoRA", author="Edward J. Hu")[0].authors[0].name == (
        "Edward J. Hu"
    )


def test_a_category_by_arxiv_code_or_by_name(archive: Path) -> None:
    by_code = paperledge.search(archive, category="cs.LG", limit=None)
    by_name = paperledge.search(archive, category="machine learning", limit=None)
    assert by_code == by_name
    assert {episode.category for episode in by_code} == {"Machine Learning"}
    assert len(by_code) == 3
    assert _titles(paperledge.search(archive, category="cs.CL")) == [
        "LoRA Low-Rank Adaptation of Large Language Models"
    ]


def test_date_bounds_are_inclusive(archive: Path) -> None:
    found = paperledge.search(archive, since="2025-04-07", until=dt.date(2025, 4, 10), limit=None)
    assert {episode.published for episode in found} == {dt.date(2025, 4, 7), dt.date(2025, 4, 10)}
    assert len(found) == 8
    # Newest first without a query.
    assert [e.published for e in found] == sorted((e.published for e in found), reverse=True)


def test_the_limit_caps_the_matches(archive: Path) -> None:
    assert len(paperledge.search(archive, limit=5)) == 5
    assert len(paperledge.search(archive, limit=None)) == 24


def test_a_query_fts5_cannot_read_is_a_search_error(archive: Path) -> None:
    with pytest.raises(SearchError, match=r"cannot read the query 'cs\.CL'.*FTS5 syntax"):
        paperledge.search(archive, "cs.CL")
    with pytest.raises(SearchError, match="YYYY-MM-DD"):
        paperledge.search(archive, since="March")


def test_a_file_that_is_not_an_archive_is_a_format_error(tmp_path: Path) -> None:
    (tmp_path / "notes.sqlite").write_text("hello\n", "utf-8")
    with pytest.raises(FormatError, match="not an SQLite archive"):
        paperledge.search(tmp_path / "notes.sqlite", "LoRA")
    with pytest.raises(FormatError, match="no archive"):
        paperledge.search(tmp_path / "missing.sqlite", "LoRA")


@pytest.fixture(scope="module")
def linked_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("linked") / "archive.sqlite"
    paperledge.dump(linked_sample(), path)
    return path


def test_the_arxiv_filter_finds_the_episode_by_its_paper_with_or_without_version(
    linked_archive: Path,
) -> None:
    lora = linked_sample().episodes[LORA_INDEX]
    for given in ("2106.09685", "2106.09685v2", "2106.09685v1", "arXiv:2106.09685"):
        assert paperledge.search(linked_archive, arxiv=given) == [lora]
    assert paperledge.search(linked_archive, arxiv="https://arxiv.org/abs/2106.09685v2") == [lora]
    assert paperledge.search(linked_archive, arxiv="2106.09686") == []


def test_the_arxiv_filter_combines_with_a_query_and_other_filters(linked_archive: Path) -> None:
    whisper = linked_sample().episodes[WHISPER_INDEX]
    assert paperledge.search(linked_archive, "speech", arxiv="2212.04356") == [whisper]
    assert paperledge.search(linked_archive, "LoRA", arxiv="2212.04356") == []
    assert paperledge.search(linked_archive, arxiv="2212.04356", author="radford") == [whisper]
    assert paperledge.search(linked_archive, arxiv="2212.04356", since="2025-04-01") == []


def test_an_arxiv_filter_that_is_no_arxiv_id_is_a_search_error(linked_archive: Path) -> None:
    with pytest.raises(SearchError, match=r"arXiv identifier such as 2106\.09685.*'LoRA'"):
        paperledge.search(linked_archive, arxiv="LoRA")


def test_the_linked_paper_title_is_a_column_of_the_query(linked_archive: Path) -> None:
    found = paperledge.search(linked_archive, "arxiv_title: adaptation")
    assert [episode.paper for episode in found] == [LORA]
    # Found by its paper's title, the untitled Whisper episode joins the matches.
    found = paperledge.search(linked_archive, "supervision")
    assert [episode.authors[0].name for episode in found] == ["Hunter Lightman", "Alec Radford"]


def _twice(tmp_path: Path) -> Path:
    """An archive holding each sample episode twice, the copies alike but for guid and URL."""
    sample = paperledge.load_sample()
    copies = [
        attrs.evolve(episode, guid=f"urn:copy:{copy}:{index}", url=None)
        for copy in range(2)
        for index, episode in enumerate(sample.episodes)
    ]
    path = tmp_path / "twice.sqlite"
    paperledge.dump(attrs.evolve(sample, episodes=tuple(copies)), path)
    return path


def test_episodes_that_rank_alike_come_in_archive_order(tmp_path: Path) -> None:
    path = _twice(tmp_path)
    guids = [e.guid for e in paperledge.search(path, "LoRA")]
    assert guids == ["urn:copy:0:8", "urn:copy:1:8", "urn:copy:0:9", "urn:copy:1:9"]
    filtered = paperledge.search(path, "LoRA", category="cs.CL", since="2025-01-01")
    assert [e.guid for e in filtered] == ["urn:copy:0:8", "urn:copy:1:8"]
    by_author = paperledge.search(path, "adaptation", author="yelong")
    assert [e.guid for e in by_author] == ["urn:copy:0:8", "urn:copy:1:8"]


@pytest.mark.parametrize(
    "filters",
    [
        {"category": "cs.LG"},
        {"category": "Not An arXiv Subject"},
        {"author": "hu", "since": "2025-01-01", "until": "2025-12-31"},
        {"arxiv": "2106.09685"},
    ],
)
@pytest.mark.parametrize("query", ['"large language models"', None])
def test_a_filter_reads_an_index_not_every_episode(
    linked_archive: Path, filters: dict[str, str], query: str | None
) -> None:
    terms, values = _filters(
        filters.get("author"),
        filters.get("category"),
        filters.get("since"),
        filters.get("until"),
        filters.get("arxiv"),
    )
    connection = sqlite3.connect(linked_archive)
    try:
        plan = connection.execute(
            f"EXPLAIN QUERY PLAN {_statement(query, terms)}",
            (*([query] if query else []), *values, 20),
        ).fetchall()
    finally:
        connection.close()
    steps = [step for *_ids, step in plan]
    # Only the authors' names are read one by one (each name once); without a
    # query the episodes are read newest first from an index, no row touched.
    scans = [s for s in steps if s.startswith("SCAN") and "VIRTUAL" not in s]
    newest = "SCAN e USING COVERING INDEX episodes_newest"
    assert scans in ([], ["SCAN a"], [newest], [newest, "SCAN a"]), steps
    if query is not None:
        # The query runs once over the index (no rowid given to FTS5, whose
        # constraint string would start '='), and no episode row is read.
        assert "SCAN episodes_fts VIRTUAL TABLE INDEX 0:M5" in steps
        assert not any("INTEGER PRIMARY KEY" in step for step in steps), steps


def test_without_a_query_the_newest_come_first_and_the_undated_last(tmp_path: Path) -> None:
    sample = paperledge.load_sample()
    undated = [attrs.evolve(sample.episodes[i], published=None) for i in (3, 1)]
    show = attrs.evolve(sample, episodes=(undated[0], *sample.episodes[4:12], undated[1]))
    path = tmp_path / "archive.sqlite"
    paperledge.dump(show, path)
    found = paperledge.search(path, limit=None)
    days = [episode.published for episode in found]
    assert days[:8] == [dt.date(2025, 10, 2)] * 4 + [dt.date(2025, 3, 16)] * 4
    assert days[8:] == [None, None]
    # Within a day, and among the undated, in archive order.
    assert found[:4] == list(show.episodes[1:5])
    assert found[8:] == [undated[0], undated[1]]
