"""The command line's less travelled paths: streaming to files and from stdin,
usage errors, many-file statuses, and fetch's displays and failures."""

from __future__ import annotations

import argparse
import io
import json
import os
from pathlib import Path

import pytest

import paperledge
import paperledge._cli.fetch as _cli_fetch
from paperledge.fetch import Progress

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


def test_jobs_reject_words_and_negative_counts() -> None:
    code, _, err = run("parse", "x.txt", "-j", "two")
    assert code == 2
    assert "not a whole number: 'two'" in err
    code, _, err = run("parse", "x.txt", "-j", "-1")
    assert code == 2
    assert "must be 0 (one per core) or more" in err


def test_jobs_read_files_only(tmp_path: Path) -> None:
    code, _, err = run("parse", "--sample", "-j", "2")
    assert code == 2
    assert "read files only" in err


def test_many_files_strict_with_a_defect_exits_1(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_bytes(seed_bytes(SEED_NAMES[0]))
    data = seed_bytes(SEED_NAMES[1])
    (tmp_path / "cut.txt").write_bytes(data[: data.rindex(b"Credit to Paper authors")])
    code, out, err = run("parse", str(tmp_path), "-j", "1", "--strict")
    assert code == 1
    assert "truncated" in err
    assert "cut.txt" in err
    assert len(json.loads(out)["episodes"]) == 8  # the good file's


def test_many_files_with_an_unreadable_one_exit_2(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_bytes(seed_bytes(SEED_NAMES[0]))
    os.symlink(tmp_path / "gone.txt", tmp_path / "dangling.txt")
    code, out, err = run("parse", str(tmp_path), "-j", "1")
    assert code == 2
    assert "dangling.txt" in err
    assert "unreadable" in err
    assert len(json.loads(out)["episodes"]) == 8


def test_no_command_prints_the_help_and_exits_2() -> None:
    code, out, _ = run()
    assert code == 2
    assert "parse" in out
    assert "fetch" in out
    assert "formats" in out


def _progress(event: str, **fields: object) -> Progress:
    values: dict[str, object] = {
        "event": event,
        "url": "https://paperledge.podbean.com/page/2/",
        "pages_done": 2,
        "pages_total": 5,
        "episode_pages_done": 3,
        "episode_pages_total": 16,
        "episodes_found": 16,
        "feed_done": False,
        "bytes_received": 123_456,
        "requests": 20,
        "retries": 1,
        "failures": 0,
        "not_modified": 0,
        "resumed": 0,
        "elapsed": 10.0,
    }
    values.update(fields)
    return Progress(**values)  # type: ignore[arg-type]


def test_fetch_display_writes_log_lines_off_a_terminal() -> None:
    stream = io.StringIO()
    display = _cli_fetch._Display(stream)
    for event in ("page", "episode", "feed", "retry", "failed", "done", "start"):
        display(_progress(event))
    lines = stream.getvalue().splitlines()
    assert lines[0] == (
        "paperledge: page 2: https://paperledge.podbean.com/page/2/ (16 episodes so far)"
    )
    assert lines[1].startswith("paperledge: episode page 3/16: ")
    assert lines[2].startswith("paperledge: feed: ")
    assert lines[3].startswith("paperledge: retrying ")
    assert lines[4].startswith("paperledge: gave up on ")
    assert lines[5].startswith("paperledge: done: pages 2/5 · episode pages 3/16 · episodes 16")
    assert len(lines) == 6  # an event with no line of its own writes none


def test_fetch_display_redraws_one_line_on_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    display = _cli_fetch._Display(stream)
    display(_progress("page"))
    display(_progress("page"))  # within a tenth of a second: not redrawn
    display(_progress("done", failures=2, not_modified=3))
    display.close()
    text = stream.getvalue()
    assert text.count("\r\x1b[K") == 2
    assert "failed 2" in text
    assert "unchanged 3" in text
    assert text.endswith("\n")


def _fetch_args(tmp_path: Path, **overrides: object) -> argparse.Namespace:
    values: dict[str, object] = {
        "url": "https://paperledge.podbean.com/",
        "format": None,
        "output": None,
        "quiet": True,
        "max_pages": 1,
        "episodes": False,
        "feed": False,
        "cache": None,
        "delay": 0.0,
        "concurrency": 1,
        "timeout": 1.0,
        "tries": 1,
    }
    values.update(overrides)
    return argparse.Namespace(**values)


@pytest.mark.parametrize(
    ("failure", "expected", "status"),
    [
        (ValueError("max_pages must be positive"), "error: max_pages must be positive", 2),
        (PermissionError(13, "Permission denied"), "cannot use the cache", 2),
        (KeyboardInterrupt(), "interrupted (run it again to resume)", 130),
    ],
)
def test_fetch_failures_are_one_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    failure: BaseException,
    expected: str,
    status: int,
) -> None:
    def crawl(*_args: object, **_kwargs: object) -> paperledge.Show:
        raise failure

    monkeypatch.setattr("paperledge.fetch.crawl", crawl)
    out, err = io.StringIO(), io.StringIO()
    args = _fetch_args(tmp_path, cache=str(tmp_path / "cache"), quiet=False)
    assert _cli_fetch.run_fetch(args, out, err) == status
    assert expected in err.getvalue()
    assert out.getvalue() == ""


def test_fetch_writes_its_output_and_says_when_it_cannot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    show = paperledge.parse(seed_bytes(SEED_NAMES[0]))
    monkeypatch.setattr("paperledge.fetch.crawl", lambda *_a, **_k: show)
    out, err = io.StringIO(), io.StringIO()
    target = tmp_path / "show.csv"
    assert _cli_fetch.run_fetch(_fetch_args(tmp_path, output=str(target)), out, err) == 0
    assert target.read_text("utf-8").startswith("published,")
    # The folder exists but the target is a directory: the write fails after the crawl.
    folder = tmp_path / "taken.json"
    folder.mkdir()
    assert _cli_fetch.run_fetch(_fetch_args(tmp_path, output=str(folder)), out, err) == 2
    assert "cannot write" in err.getvalue()
    # Nothing found: exit 1, the (empty) show still printed.
    monkeypatch.setattr("paperledge.fetch.crawl", lambda *_a, **_k: paperledge.Show())
    out = io.StringIO()
    assert _cli_fetch.run_fetch(_fetch_args(tmp_path), out, io.StringIO()) == 1
    assert json.loads(out.getvalue())["episodes"] == []
