"""``paperledge search``: an aligned table on a terminal, any writer's format with -f."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import paperledge

from support import run_cli


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("archive") / "archive.sqlite"
    paperledge.dump(paperledge.load_sample(), path)
    return str(path)


def test_the_table_shows_date_code_title_first_author(archive: str) -> None:
    code, out, err = run_cli("search", archive, "LoRA")
    assert (code, err) == (0, "")
    header, lora, qlora = out.splitlines()
    assert header.split() == ["DATE", "ARXIV", "TITLE", "FIRST", "AUTHOR", "URL"]
    assert lora.startswith("2025-03-16  cs.CL  LoRA Low-Rank Adaptation of Large Language Models")
    assert lora.rstrip().endswith("Edward J. Hu")
    # The columns line up.
    assert header.index("TITLE") == lora.index("LoRA") == qlora.index("QLoRA")


def test_jsonl_for_pipes(archive: str) -> None:
    code, out, _err = run_cli("search", archive, "--author", "Edward J", "-f", "jsonl")
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    titles = [record.get("paper_title") for record in records if "paper_title" in record]
    assert titles == ["LoRA Low-Rank Adaptation of Large Language Models"]


def test_csv_with_filters_and_limit(archive: str) -> None:
    code, out, _err = run_cli(
        "search",
        archive,
        "--category",
        "cs.LG",
        "--since",
        "2025-03-01",
        "--until",
        "2025-03-31",
        "--limit",
        "1",
        "-f",
        "csv",
    )
    assert code == 0
    (row,) = list(csv.DictReader(io.StringIO(out)))
    assert row["category"] == "Machine Learning"
    assert row["published"] == "2025-03-16"


def test_a_file_written_with_o(archive: str, tmp_path: Path) -> None:
    target = tmp_path / "found.json"
    assert run_cli("search", archive, "LoRA", "-o", str(target))[0] == 0
    assert len(paperledge.load(target).episodes) == 2


def test_a_bad_query_is_a_usage_error_not_a_traceback(archive: str) -> None:
    code, out, err = run_cli("search", archive, "AND OR")
    assert (code, out) == (2, "")
    assert err.startswith("paperledge search: error: cannot read the query 'AND OR'")
    assert "Traceback" not in err


def test_nothing_found_is_exit_status_one(archive: str) -> None:
    code, out, err = run_cli("search", archive, "xylophonically")
    assert code == 1
    assert out.splitlines() == ["DATE  ARXIV  TITLE  FIRST AUTHOR  URL"]
    assert err == "paperledge search: no episode matches\n"


def test_a_missing_archive_is_a_usage_error(tmp_path: Path) -> None:
    code, _out, err = run_cli("search", str(tmp_path / "none.sqlite"), "LoRA")
    assert code == 2
    assert "no archive" in err
