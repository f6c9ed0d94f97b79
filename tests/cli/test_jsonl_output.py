"""``paperledge parse -f jsonl``: episodes stream out one line each, to stdout or to a file
whole."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import paperledge

from support import SEED_NAMES, run_cli, seed_bytes, seed_path

run = run_cli


def test_jsonl_streams_from_stdin() -> None:
    code, out, err = run("parse", "-", "-f", "jsonl", stdin=seed_bytes(SEED_NAMES[0]))
    assert (code, err) == (0, "")
    rows = [json.loads(line) for line in out.splitlines()]
    expected = paperledge.parse(seed_bytes(SEED_NAMES[0])).episodes
    assert [row["title"] for row in rows] == [episode.title for episode in expected]
    assert len(rows) == 8


def test_jsonl_to_a_file_is_written_whole_or_not_at_all(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    code, out, err = run("parse", str(seed_path(SEED_NAMES[2])), "-f", "jsonl", "-o", str(target))
    assert (code, out, err) == (0, "", "")
    assert len(target.read_text("utf-8").splitlines()) == 8
    # A strict failure half way: exit 1 with the place, and no file (not half a one).
    cut = tmp_path / "cut.txt"
    data = seed_bytes(SEED_NAMES[1])
    cut.write_bytes(data[: data.rindex(b"Credit to Paper authors")])
    broken = tmp_path / "broken.jsonl"
    code, _, err = run("parse", str(cut), "-f", "jsonl", "--strict", "-o", str(broken))
    assert code == 1
    assert err.startswith(f"{cut}:")
    assert "truncated" in err
    assert not broken.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_jsonl_of_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    code, out, err = run("parse", str(tmp_path / "nope.txt"), "-f", "jsonl")
    assert (code, out) == (2, "")
    assert "cannot read" in err
    assert "nope.txt" in err


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


def test_a_full_device_is_cannot_write_with_status_2_in_every_output_path() -> None:
    # /dev/full fails every write with ENOSPC, as a full disk does.
    sample = str(seed_path(SEED_NAMES[0]))
    for options in (["-f", "jsonl"], ["-f", "json"], ["-f", "csv"]):
        code, out, err = run("parse", sample, *options, "-o", "/dev/full")
        assert (code, out) == (2, ""), options
        assert err == "paperledge: cannot write '/dev/full': No space left on device\n", options


def test_a_jsonl_stream_to_a_full_stdout_is_cannot_write_not_a_traceback() -> None:
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "paperledge",
                "parse",
                str(seed_path(SEED_NAMES[0])),
                "-f",
                "jsonl",
            ],
            stdout=full,
            stderr=subprocess.PIPE,
            check=False,
        )
    assert done.returncode == 2
    assert done.stderr.decode() == "paperledge: cannot write '<stdout>': No space left on device\n"


def test_an_input_that_fails_while_streaming_is_cannot_read_not_cannot_write() -> None:
    # /proc/self/mem opens, then refuses the read at offset 0 (EIO).
    code, out, err = run("parse", "/proc/self/mem", "-i", "text", "-f", "jsonl")
    assert (code, out) == (2, "")
    assert err == "paperledge: cannot read '/proc/self/mem': Input/output error\n"
