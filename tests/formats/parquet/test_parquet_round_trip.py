"""Parquet: a file pyarrow, pandas and DuckDB read as it is, and paperledge reads back whole."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import attrs
import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings

import paperledge
from archive.linked import LORA_INDEX, WHISPER_INDEX, linked_sample
from paperledge import FormatError, ParseError, Show

from strategies import shows
from support import run_cli


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("parquet") / "show.parquet"
    paperledge.dump(paperledge.load_sample(), path)
    return path


def test_the_sample_show_reads_back_equal(sample_file: Path) -> None:
    assert paperledge.load(sample_file) == paperledge.load_sample()
    assert paperledge.parse(sample_file.read_bytes()) == paperledge.load_sample()


def test_pyarrow_reads_the_authors_as_a_list_of_structs(sample_file: Path) -> None:
    table = pq.read_table(sample_file)
    author = pa.struct([("name", pa.string()), ("is_group", pa.bool_())])
    assert table.schema.field("authors").type == pa.list_(author)
    assert table.schema.field("published").type == pa.date32()
    rows = table.to_pylist()
    assert rows[8]["paper_title"] == "LoRA Low-Rank Adaptation of Large Language Models"
    assert rows[8]["arxiv_code"] == "cs.CL"
    assert rows[8]["authors"][0] == {"name": "Edward J. Hu", "is_group": False}
    assert rows[-1]["authors"][0] == {"name": "DeepSeek-AI", "is_group": True}
    assert rows[8]["published"] == dt.date(2025, 3, 16)


def test_pandas_reads_it_as_it_is(sample_file: Path) -> None:
    frame = pd.read_parquet(sample_file)
    assert len(frame) == 24
    assert frame.loc[8, "authors"][1]["name"] == "Yelong Shen"


def test_duckdb_queries_it_as_it_is(sample_file: Path) -> None:
    rows = duckdb.sql(
        "SELECT arxiv_code, count(*) AS n FROM read_parquet(?) "
        "WHERE arxiv_code IS NOT NULL GROUP BY arxiv_code ORDER BY n DESC, arxiv_code",
        params=[str(sample_file)],
    ).fetchall()
    assert rows[0] == ("cs.LG", 3)
    first = duckdb.sql(
        "SELECT authors[1].name FROM read_parquet(?) WHERE paper_title LIKE 'LoRA%'",
        params=[str(sample_file)],
    ).fetchall()
    assert first == [("Edward J. Hu",)]


@pytest.fixture(scope="module")
def linked_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("parquet") / "linked.parquet"
    paperledge.dump(linked_sample(), path)
    return path


def test_a_linked_show_reads_back_with_its_papers(linked_file: Path) -> None:
    assert paperledge.load(linked_file) == linked_sample()


def test_pyarrow_reads_the_paper_as_a_struct_with_its_author_structs(linked_file: Path) -> None:
    table = pq.read_table(linked_file)
    paper = table.schema.field("paper").type
    author = pa.struct([("name", pa.string()), ("is_group", pa.bool_())])
    assert paper.field("authors").type == pa.list_(author)
    assert paper.field("published").type == pa.date32()
    assert paper.field("score").type == pa.float64()
    rows = table.to_pylist()
    lora = rows[LORA_INDEX]["paper"]
    assert lora["arxiv_id"] == "2106.09685"
    assert lora["version"] == 2
    assert lora["published"] == dt.date(2021, 6, 17)
    assert lora["authors"][0] == {"name": "Edward J. Hu", "is_group": False}
    assert lora["abstract_url"] == "https://arxiv.org/abs/2106.09685v2"
    # An episode not linked has no paper: a null struct, not one of nulls.
    assert rows[0]["paper"] is None


def test_pandas_and_duckdb_read_the_paper_as_they_are(linked_file: Path) -> None:
    frame = pd.read_parquet(linked_file)
    assert frame.loc[WHISPER_INDEX, "paper"]["matched_by"] == "authors"
    assert frame.loc[WHISPER_INDEX, "paper"]["authors"][0]["name"] == "Alec Radford"
    rows = duckdb.sql(
        "SELECT paper.arxiv_id, paper.title, paper.authors[1].name FROM read_parquet(?) "
        "WHERE paper IS NOT NULL ORDER BY paper.published",
        params=[str(linked_file)],
    ).fetchall()
    assert rows == [
        ("2106.09685", "LoRA: Low-Rank Adaptation of Large Language Models", "Edward J. Hu"),
        (
            "2212.04356",
            "Robust Speech Recognition via Large-Scale Weak Supervision",
            "Alec Radford",
        ),
    ]


@settings(max_examples=40)
@given(shows)
def test_any_show_reads_back_as_its_json_round_trip(show: Show) -> None:
    expected = paperledge.parse(paperledge.dumps(show, "json"))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "show.parquet"
        paperledge.dump(show, path)
        read = paperledge.load(path)
    if not show.episodes:
        # The front door says that a source holds no episode, whatever its format.
        assert [d.code for d in read.diagnostics][-1:] == ["no-episodes"]
        read = attrs.evolve(read, diagnostics=read.diagnostics[:-1])
    assert read == expected


def test_a_damaged_file_is_a_diagnostic_and_strictly_an_error(sample_file: Path) -> None:
    damaged = b"PAR1" + b"\x00" * 200 + b"PAR1"
    show = paperledge.parse(damaged, "parquet")
    assert [d.code for d in show.diagnostics] == ["no-episodes"]
    assert "Parquet file cannot be read" in show.diagnostics[0].message
    with pytest.raises(ParseError):
        paperledge.parse(damaged, "parquet", strict=True)


def test_dumps_refuses_parquet_which_has_no_text_form() -> None:
    with pytest.raises(FormatError, match="no text form"):
        paperledge.dumps(paperledge.load_sample(), "parquet")


def test_the_command_writes_parquet_by_extension(tmp_path: Path) -> None:
    target = tmp_path / "show.parquet"
    assert run_cli("parse", "--sample", "-o", str(target)) == (0, "", "")
    assert pq.read_table(target).num_rows == 24
    # Written again, the file is replaced, not appended to.
    assert run_cli("parse", "--sample", "-o", str(target))[0] == 0
    assert pq.read_table(target).num_rows == 24
