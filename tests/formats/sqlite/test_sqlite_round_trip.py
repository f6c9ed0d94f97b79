"""An archive gives back the show it was given, every field, as paperledge JSON does."""

from __future__ import annotations

import tempfile
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings

import paperledge
from paperledge import FormatError, Show

from strategies import shows
from support import SEED_NAMES, seed_bytes


def test_the_sample_show_reads_back_equal(tmp_path: Path) -> None:
    show = paperledge.load_sample()
    archive = tmp_path / "archive.sqlite"
    paperledge.dump(show, archive)
    assert paperledge.load(archive) == show
    assert paperledge.load(str(archive)) == show


def test_the_db_extension_is_an_archive_too(tmp_path: Path) -> None:
    show = paperledge.parse_text(seed_bytes(SEED_NAMES[0]), strict=True)
    paperledge.dump(show, tmp_path / "show.db")
    assert paperledge.load(tmp_path / "show.db") == show


def test_an_archive_without_its_extension_is_sniffed(tmp_path: Path) -> None:
    show = paperledge.load_sample()
    paperledge.dump(show, tmp_path / "archive", format="sqlite")
    assert paperledge.load(tmp_path / "archive") == show


def test_the_bytes_of_an_archive_parse_to_the_show(tmp_path: Path) -> None:
    show = paperledge.load_sample()
    paperledge.dump(show, tmp_path / "archive.sqlite")
    data = (tmp_path / "archive.sqlite").read_bytes()
    assert paperledge.parse(data) == show
    assert paperledge.parse(data, "sqlite") == show


def test_dumps_refuses_an_archive_and_says_how_to_write_one() -> None:
    with pytest.raises(FormatError, match=r"no text form.*dump\(show, 'archive.sqlite'\)"):
        paperledge.dumps(paperledge.load_sample(), "sqlite")


@settings(max_examples=40)
@given(shows)
def test_any_show_reads_back_as_its_json_round_trip(show: Show) -> None:
    expected = paperledge.parse(paperledge.dumps(show, "json"))
    with tempfile.TemporaryDirectory() as folder:
        archive = Path(folder) / "archive.sqlite"
        paperledge.dump(show, archive)
        read = paperledge.load(archive)
    if not show.episodes:
        # The front door says that a source holds no episode, whatever its format.
        assert [d.code for d in read.diagnostics][-1:] == ["no-episodes"]
        read = attrs.evolve(read, diagnostics=read.diagnostics[:-1])
    assert read == expected
