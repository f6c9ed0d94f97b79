"""``paperledge fetch``'s progress display (log lines off a terminal, one redrawn line on
one) and its failures, each one line with its exit status."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pytest

import paperledge
import paperledge._cli.fetch as _cli_fetch
from paperledge.fetch import Progress

from support import SEED_NAMES, run_cli, seed_bytes

run = run_cli


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


def _crawl_reading(show: paperledge.Show, pages_read: int) -> object:
    """A crawl that reports ``pages_read`` pages read as it ends, and gives ``show``."""

    def crawl(*_args: object, progress: object = None, **_kwargs: object) -> paperledge.Show:
        if callable(progress):
            progress(_progress(event="done", pages_read=pages_read))
        return show

    return crawl


def test_fetch_writes_its_output_and_says_when_it_cannot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    show = paperledge.parse(seed_bytes(SEED_NAMES[0]))
    monkeypatch.setattr("paperledge.fetch.crawl", _crawl_reading(show, 1))
    out, err = io.StringIO(), io.StringIO()
    target = tmp_path / "show.csv"
    assert _cli_fetch.run_fetch(_fetch_args(tmp_path, output=str(target)), out, err) == 0
    assert target.read_text("utf-8").startswith("published,")
    # The folder exists but the target is a directory: the write fails after the crawl.
    folder = tmp_path / "taken.json"
    folder.mkdir()
    assert _cli_fetch.run_fetch(_fetch_args(tmp_path, output=str(folder)), out, err) == 2
    assert "cannot write" in err.getvalue()
    # A page read, no episode found: exit 1, the (empty) show still printed.
    monkeypatch.setattr("paperledge.fetch.crawl", _crawl_reading(paperledge.Show(), 1))
    out = io.StringIO()
    assert _cli_fetch.run_fetch(_fetch_args(tmp_path), out, io.StringIO()) == 1
    assert json.loads(out.getvalue())["episodes"] == []


def test_a_crawl_that_read_no_page_keeps_the_earlier_output_whatever_its_show_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The crawl's own count decides, not a guess from the show: a show with a
    # title but no page read (the start URL lost) replaces nothing.
    target = tmp_path / "show.json"
    target.write_text("earlier", "utf-8")
    lost = paperledge.Show(title="PaperLedge")
    monkeypatch.setattr("paperledge.fetch.crawl", _crawl_reading(lost, 0))
    err = io.StringIO()
    assert _cli_fetch.run_fetch(_fetch_args(tmp_path, output=str(target)), io.StringIO(), err) == 1
    assert target.read_text("utf-8") == "earlier"
    assert "left as it was" in err.getvalue()
