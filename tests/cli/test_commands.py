"""The paperledge command, run in-process through main() and once as a real process."""

from __future__ import annotations

import json
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

import paperledge
from paperledge._cli.main import main

from support import SEED_NAMES, run_cli, seed_bytes, seed_path

run = run_cli


def test_parse_sample_writes_json_of_24_episodes() -> None:
    code, out, err = run("parse", "--sample")
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert len(document["episodes"]) == 24
    assert document["title"] == "PaperLedge"


def test_parse_a_file_back_to_text_is_the_page() -> None:
    code, out, _ = run("parse", str(seed_path(SEED_NAMES[1])), "-f", "text")
    assert code == 0
    assert out.rstrip("\n") == seed_bytes(SEED_NAMES[1]).decode("utf-8").rstrip("\n")


def test_several_files_merge_into_one_show(tmp_path: Path) -> None:
    target = tmp_path / "all.json"
    code, _, _ = run(
        "parse", str(seed_path(SEED_NAMES[0])), str(seed_path(SEED_NAMES[2])), "-o", str(target)
    )
    assert code == 0
    show = paperledge.load(target)
    assert len(show.episodes) == 16


def test_stdin_and_diagnostics_on_stderr() -> None:
    data = b"Thursday Oct 02, 2025\nThursday Oct 02, 2025\nCut short"
    code, out, err = run("parse", "-", "-f", "text", stdin=data)
    assert code == 0
    assert err == (
        "<stdin>:3:1: truncated: the input ends inside an episode, before its author credit\n"
    )
    assert "Cut short" in out


def test_strict_exits_1_with_the_location() -> None:
    data = b"Thursday Oct 02, 2025\nThursday Oct 02, 2025\nCut short"
    code, out, err = run("parse", "-", "--strict", stdin=data)
    assert (code, out) == (1, "")
    assert err == (
        "<stdin>:3:1: truncated: the input ends inside an episode, before its author credit\n"
    )


def test_missing_file_is_one_line_and_exit_2() -> None:
    code, out, err = run("parse", "no/such/file.txt")
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert "no/such/file.txt" in err
    assert "No such file" in err


def test_usage_errors_exit_2() -> None:
    assert run("parse")[0] == 2
    code, _, err = run("parse", "--sample", "-f", "yaml")
    assert code == 2
    assert "no format is called 'yaml'" in err
    assert run("frobnicate")[0] == 2


def test_help_shows_examples(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "--help"]) == 0
    help_text = capsys.readouterr().out
    assert "paperledge parse --sample" in help_text
    assert "Exit status" in help_text


def test_formats_lists_json_and_text() -> None:
    code, out, _ = run("formats")
    assert code == 0
    assert {line.split()[0] for line in out.splitlines()} >= {"json", "text"}


def test_python_dash_m_and_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "paperledge", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"paperledge {paperledge.__version__}"


def test_python_dash_m_paperledge_runs_the_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["paperledge", "--version"])
    with pytest.raises(SystemExit) as raised:
        runpy.run_module("paperledge", run_name="__main__")
    assert raised.value.code in (0, None)
    assert paperledge.__version__ in capsys.readouterr().out


def test_no_command_prints_the_help_and_exits_2() -> None:
    code, out, _ = run()
    assert code == 2
    assert "parse" in out
    assert "fetch" in out
    assert "formats" in out
