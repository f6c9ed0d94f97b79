"""paperledge.dask on the synchronous scheduler: files, globs, fsspec URLs, frames."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import fsspec
import pandas as pd
import pytest

import paperledge
import paperledge.dask as pld
from paperledge._scale.many import parse_many
from paperledge.testing import Archive


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> tuple[Archive, Path]:
    archive = Archive(40)
    folder = tmp_path_factory.mktemp("pages")
    archive.write_text_pages(folder)
    return archive, folder


def compute(bag: object) -> list[object]:
    return list(bag.compute(scheduler="sync"))  # type: ignore[attr-defined]


def test_importing_paperledge_does_not_import_dask() -> None:
    code = "import sys, paperledge; print('dask' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_without_dask_the_import_error_says_what_to_install() -> None:
    code = (
        "import sys; sys.modules['dask'] = None\n"
        "try:\n    import paperledge.dask\n"
        "except ImportError as e:\n    print(e)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert "pip install paperledge[dask]" in result.stdout


def test_a_directory_a_glob_and_a_list_give_the_episodes_in_path_order(
    pages: tuple[Archive, Path],
) -> None:
    archive, folder = pages
    expected = list(archive.show().episodes)
    assert compute(pld.read_pages(folder)) == expected
    assert compute(pld.read_pages(str(folder / "page-*.txt"))) == expected
    paths = sorted(str(p) for p in folder.iterdir())
    assert compute(pld.read_pages(list(reversed(paths)), files_per_partition=2)) == expected
    assert pld.read_pages(folder).npartitions == 5
    assert pld.read_pages(folder, files_per_partition=2).npartitions == 3


def test_any_fsspec_url(pages: tuple[Archive, Path]) -> None:
    archive, folder = pages
    memory = fsspec.filesystem("memory")
    for path in sorted(folder.iterdir()):
        memory.pipe(f"/crawl/{path.name}", path.read_bytes())
    try:
        bag = pld.read_pages("memory://crawl/*.txt")
        assert compute(bag) == list(archive.show().episodes)
        assert compute(pld.read_pages(f"file://{folder}")) == list(archive.show().episodes)
    finally:
        memory.rm("/crawl", recursive=True)


def test_read_shows_keeps_headers_and_names_bad_files(tmp_path: Path) -> None:
    Archive(10).write_text_pages(tmp_path)
    (tmp_path / "z.json").write_text("{broken", encoding="utf-8")
    shows = compute(pld.read_shows(tmp_path))
    assert [s.title for s in shows] == ["PaperLedge", "PaperLedge", None]  # type: ignore[attr-defined]
    (diagnostic,) = shows[2].diagnostics  # type: ignore[attr-defined]
    assert diagnostic.code == "json-syntax"
    assert diagnostic.source == str(tmp_path / "z.json")
    assert parse_many(tmp_path, workers=1).diagnostics == (diagnostic,)
    with pytest.raises(FileNotFoundError):
        pld.read_pages(str(tmp_path / "nothing-*.txt"))
    with pytest.raises(paperledge.FormatError):
        pld.read_pages(tmp_path, format="yaml")
    with pytest.raises(paperledge.FormatError, match="cannot read"):
        pld.read_shows(tmp_path, format="markdown")


def test_the_frame_has_the_documented_columns_and_dtypes() -> None:
    archive = Archive(16)
    frame = pld.episodes_to_pandas(archive.episodes())
    assert list(frame.columns) == list(pld.COLUMNS)
    assert {name: str(dtype) for name, dtype in frame.dtypes.items()} == {
        name: dtype for name, (dtype, _meaning) in pld.COLUMNS.items()
    }
    first = archive.episode(2)
    row = frame.iloc[2]
    assert row["published"] == pd.Timestamp(first.published)  # type: ignore[arg-type]
    assert row["published_at"] == pd.Timestamp(first.published_at)
    assert row["title"] == first.title
    assert row["category"] == "Computer Vision"
    assert row["arxiv_code"] == "cs.CV"
    assert row["authors"] == "; ".join(a.name for a in first.authors)
    assert row["author_count"] == len(first.authors)
    assert first.duration is not None
    assert row["duration"] == first.duration.total_seconds()
    assert row["audio_length"] == first.audio_length
    # An untitled text-dump episode: missing values, not empty strings.
    text_only = pld.episodes_to_pandas(paperledge.load_sample().episodes[:1])
    assert text_only["title"].isna().all()
    assert text_only["published_at"].isna().all()
    assert text_only["duration"].isna().all()
    assert text_only["audio_length"].isna().all()


def test_to_dataframe_equals_the_frame_of_parse_many(pages: tuple[Archive, Path]) -> None:
    archive, folder = pages
    frame = pld.to_dataframe(pld.read_pages(folder, files_per_partition=2))
    assert list(frame.columns) == list(pld.COLUMNS)
    got = frame.compute(scheduler="sync").reset_index(drop=True)
    pd.testing.assert_frame_equal(got, pld.episodes_to_pandas(parse_many(folder).episodes))
    counts = frame.groupby("category").size().compute(scheduler="sync")
    categories = [e.category for e in archive.episodes()]
    assert counts.to_dict() == {c: categories.count(c) for c in set(categories) if c}
