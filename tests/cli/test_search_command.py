"""``paperledge search``: an aligned table on a terminal, any writer's format with -f."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import paperledge
from archive.linked import linked_sample

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


LORA_IDS = ("2106.09685", "2106.09685v2", "arXiv:2106.09685", "https://arxiv.org/abs/2106.09685")


@pytest.fixture(scope="module")
def linked_archive(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("linked") / "archive.sqlite"
    paperledge.dump(linked_sample(), path)
    return str(path)


def test_arxiv_finds_the_episodes_on_one_paper_with_or_without_version(
    linked_archive: str,
) -> None:
    outputs = [run_cli("search", linked_archive, "--arxiv", given) for given in LORA_IDS]
    code, out, err = outputs[0]
    assert (code, err) == (0, "")
    assert all(output == outputs[0] for output in outputs)
    _header, lora = out.splitlines()
    # The ARXIV column gives the linked paper's id, with its version.
    assert lora.startswith("2025-03-16  2106.09685v2  LoRA Low-Rank Adaptation")


def test_the_arxiv_column_keeps_the_category_code_where_no_paper_is_linked(
    linked_archive: str,
) -> None:
    code, out, _err = run_cli("search", linked_archive, "LoRA")
    assert code == 0
    _header, lora, qlora = out.splitlines()
    assert lora.split()[1] == "2106.09685v2"
    assert qlora.split()[1] == "cs.LG"


def test_arxiv_with_a_query_and_jsonl_gives_the_paper(linked_archive: str) -> None:
    code, out, _err = run_cli(
        "search", linked_archive, "speech", "--arxiv", "2212.04356", "-f", "jsonl"
    )
    assert code == 0
    (record,) = [json.loads(line) for line in out.splitlines() if '"paper"' in line]
    assert record["paper"]["title"] == "Robust Speech Recognition via Large-Scale Weak Supervision"


def test_an_arxiv_id_that_is_none_is_a_usage_error(linked_archive: str) -> None:
    code, out, err = run_cli("search", linked_archive, "--arxiv", "2106.968")
    assert (code, out) == (2, "")
    assert err.startswith("paperledge search: error: arxiv must be an arXiv identifier")


def test_the_help_teaches_the_query_syntax_and_the_arxiv_filter(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # argparse prints the help to the process's stdout.
    assert run_cli("search", "--help")[0] == 0
    out = capsys.readouterr().out
    assert "--arxiv ID" in out
    assert "paperledge search archive.sqlite --arxiv 2106.09685" in out
    assert '"a phrase"' in out
    assert "arxiv_title" in out
