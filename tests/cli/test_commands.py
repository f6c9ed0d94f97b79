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
    assert "invalid choice" in err
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


def test_a_folder_with_jobs_parses_every_page(tmp_path: Path) -> None:
    for name in SEED_NAMES:
        (tmp_path / name).write_bytes(seed_bytes(name))
    (tmp_path / "broken.txt").write_bytes(b"\xff\xfe\x00")
    out = tmp_path / "all.json"
    for jobs in ("1", "2"):
        code, _, err = run("parse", str(tmp_path), "-j", jobs, "-o", str(out), "-i", "text")
        assert code == 0, err
        show = paperledge.load(out)
        assert len(show.episodes) == 24
        pages = [paperledge.parse_text(seed_bytes(name)) for name in SEED_NAMES]
        # Merged, newest first: October, then April, then March.
        assert show.episodes == paperledge.merge(*pages).episodes
        assert [str(e.published) for e in show.episodes[7:9]] == ["2025-10-02", "2025-04-10"]
        assert [(d.code, d.source) for d in show.diagnostics][:1] == [
            ("undecodable", str(tmp_path / "broken.txt"))
        ]


def test_a_glob_and_an_unreadable_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(seed_bytes(SEED_NAMES[0]))
    (tmp_path / "b.txt").write_bytes(seed_bytes(SEED_NAMES[2]))
    (tmp_path / "c.html").write_bytes(b"not matched by the glob")
    code, out, err = run("parse", str(tmp_path / "*.txt"), str(tmp_path / "gone.txt"))
    assert code == 2  # a file could not be read; the others were
    assert len(json.loads(out)["episodes"]) == 16
    assert err.startswith(f"{tmp_path / 'gone.txt'}:1:1: unreadable:")


def test_jobs_must_be_a_count() -> None:
    code, _, err = run("parse", "x.txt", "-j", "-1")
    assert code == 2
    assert "must be 0" in err


def test_jsonl_streams_and_stops_quietly_when_the_reader_goes(tmp_path: Path) -> None:
    archive = tmp_path / "archive.txt"
    archive.write_bytes(b"\n".join(seed_bytes(name) for name in SEED_NAMES) * 40)
    process = subprocess.Popen(
        [sys.executable, "-m", "paperledge", "parse", str(archive), "-f", "jsonl"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    first = json.loads(process.stdout.readline())
    assert first["published"] == "2025-10-02"
    process.stdout.close()  # as `| head -1` does
    _, err = process.communicate()
    assert process.returncode == 0
    assert b"Traceback" not in err


def test_jsonl_to_a_file_is_every_episode(tmp_path: Path) -> None:
    out = tmp_path / "episodes.jsonl"
    code, _, _ = run("parse", str(seed_path(SEED_NAMES[2])), "-o", str(out))
    assert code == 0
    lines = out.read_text("utf-8").splitlines()
    assert len(lines) == 8
    assert json.loads(lines[-1])["authors"][0] == {"name": "DeepSeek-AI", "is_group": True}


def test_python_dash_m_paperledge_runs_the_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["paperledge", "--version"])
    with pytest.raises(SystemExit) as raised:
        runpy.run_module("paperledge", run_name="__main__")
    assert raised.value.code in (0, None)
    assert paperledge.__version__ in capsys.readouterr().out
