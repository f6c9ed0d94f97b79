"""``paperledge fetch``: the command's options, output, progress and exit status.

The command is exercised through :func:`paperledge._cli.fetch.run_fetch` with a
parser built by :func:`add_fetch_command`, against the loopback site of
:mod:`fetch_server`.
"""

from __future__ import annotations

import argparse
import importlib
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import paperledge
from paperledge import fetch
from paperledge._cli.fetch import add_fetch_command, run_fetch

from fetch_server import PER_PAGE, Site, serving

FAST = ["--delay", "0.005", "--timeout", "2", "--tries", "2"]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def site() -> Iterator[Site]:
    with serving() as running:
        yield running


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="paperledge")
    commands = parser.add_subparsers(dest="command")
    add_fetch_command(commands)
    return parser.parse_args(argv)


def run(argv: list[str], stderr: io.StringIO | None = None) -> tuple[int, str, str]:
    out = io.StringIO()
    err = stderr if stderr is not None else io.StringIO()
    status = run_fetch(parse(["fetch", *argv]), out, err)
    return status, out.getvalue(), err.getvalue()


def test_writes_the_show_to_a_file_in_the_format_its_extension_names(
    site: Site, tmp_path: Path
) -> None:
    out = tmp_path / "show.json"
    status, stdout, stderr = run(
        [site.url("/"), "-o", str(out), "--max-pages", "2", "--no-feed", "--quiet", *FAST]
    )
    assert status == 0
    assert stdout == stderr == ""
    show = paperledge.load(out)
    assert len(show.episodes) == 2 * PER_PAGE
    assert show.next_page_url == site.url("/page/3/")
    assert not site.hits("/feed.xml")
    # Only the output file: no temporary file left beside it.
    assert [p.name for p in tmp_path.iterdir()] == ["show.json"]


def test_writes_to_stdout_in_the_format_asked_for(site: Site) -> None:
    status, stdout, _ = run([site.url("/"), "-f", "jsonl", "--max-pages", "1", "-q", *FAST])
    assert status == 0
    lines = stdout.splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) >= PER_PAGE  # the page's episodes and the feed's


def test_episodes_and_cache_options_reach_the_crawl(site: Site, tmp_path: Path) -> None:
    argv = [site.url("/"), "--max-pages", "1", "--episodes", "--no-feed", "-q"]
    argv += ["--cache", str(tmp_path / "cache"), "--concurrency", "3", *FAST]
    assert run(argv)[0] == 0
    episode_hits = [hit for hit in site.hits() if hit.path.startswith("/e/")]
    assert len(episode_hits) == PER_PAGE
    site.log.clear()
    assert run(argv)[0] == 0
    assert {hit.status for hit in site.hits()} == {304}


def test_log_lines_on_stderr_when_it_is_not_a_terminal(site: Site) -> None:
    site.always["/page/2/"] = "404"
    status, _, stderr = run([site.url("/"), "--max-pages", "3", "--no-feed", *FAST])
    assert status == 0
    lines = stderr.splitlines()
    assert f"paperledge: page 1: {site.url('/')} ({PER_PAGE} episodes so far)" in lines
    assert f"paperledge: gave up on {site.url('/page/2/')}" in lines
    assert lines[-2].startswith("paperledge: done: pages 3/3 · episodes 16")
    # The diagnostics come last, as FILE:LINE:COL: code: message.
    assert lines[-1].startswith(f"{site.url('/page/2/')}:1:1: fetch-status:")
    assert "\r" not in stderr


def test_a_progress_line_redrawn_on_a_terminal(site: Site) -> None:
    terminal = Terminal()
    status, _, stderr = run(
        [site.url("/"), "--max-pages", "2", "--episodes", *FAST], stderr=terminal
    )
    assert status == 0
    assert "\r\x1b[K" in stderr
    final = stderr.rstrip("\n").rpartition("\r\x1b[K")[2]
    assert final.startswith("pages 2/2 · episode pages 16/16 · episodes 16")
    assert "req/s" in final
    assert "retries 0" in final
    assert "ETA 0:00" in final
    assert "paperledge: page" not in stderr


def test_quiet_prints_nothing_even_with_faults(site: Site) -> None:
    site.always["/page/2/"] = "500"
    status, stdout, stderr = run([site.url("/"), "--max-pages", "2", "-q", "--no-feed", *FAST])
    assert status == 0
    assert stderr == ""
    assert json.loads(stdout)["episodes"]


def test_nothing_fetched_exits_1(site: Site) -> None:
    site.always["/robots.txt"] = "500"
    status, _, stderr = run([site.url("/"), *FAST])
    assert status == 1
    assert "fetch-refused" in stderr


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/", "not a url"])
def test_a_url_that_is_not_http_exits_2(url: str) -> None:
    status, stdout, stderr = run([url, *FAST])
    assert status == 2
    assert stdout == ""
    assert "paperledge fetch: error: not an http(s) URL" in stderr


@pytest.mark.parametrize(
    "argv",
    [["--delay", "-1"], ["--concurrency", "0"], ["--max-pages", "0"], ["--timeout", "0"]],
)
def test_bad_numbers_are_usage_errors(argv: list[str]) -> None:
    with pytest.raises(SystemExit):
        parse(["fetch", "http://127.0.0.1/", *argv])


def test_interrupted_leaves_the_output_alone_and_says_how_to_resume(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def interrupted(*args: object, **kwargs: object) -> paperledge.Show:
        raise KeyboardInterrupt

    monkeypatch.setattr(fetch, "crawl", interrupted)
    out = tmp_path / "show.json"
    out.write_text("previous run\n", encoding="utf-8")
    argv = ["http://127.0.0.1:9/", "-o", str(out), "--cache", str(tmp_path / "c")]
    status, _, stderr = run(argv)
    assert status == 130
    assert "interrupted (run it again to resume)" in stderr
    assert out.read_text(encoding="utf-8") == "previous run\n"


def test_an_unwritable_output_exits_2(site: Site, tmp_path: Path) -> None:
    out = tmp_path / "missing" / "show.json"
    argv = [site.url("/"), "-o", str(out), "--max-pages", "1", "--no-feed", "-q", *FAST]
    status, _, stderr = run(argv)
    assert status == 2
    assert "cannot write" in stderr
    assert not site.hits()  # checked before crawling, not after


def test_an_output_that_cannot_be_replaced_exits_2(site: Site, tmp_path: Path) -> None:
    out = tmp_path / "show.json"
    out.mkdir()  # a directory where the file should go: the rename fails
    argv = [site.url("/"), "-o", str(out), "--max-pages", "1", "--no-feed", "-q", *FAST]
    status, _, stderr = run(argv)
    assert status == 2
    assert "cannot write" in stderr
    assert [p.name for p in tmp_path.iterdir()] == ["show.json"]


def test_without_httpx_the_command_says_which_extra_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "paperledge.fetch", None)  # type: ignore[arg-type]
    monkeypatch.delattr(paperledge, "fetch")
    status, _, stderr = run(["http://127.0.0.1:9/"])
    assert status == 2
    assert stderr.startswith("paperledge: ")


def test_without_httpx_the_module_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "httpx", None)  # type: ignore[arg-type]
    monkeypatch.delitem(sys.modules, "paperledge.fetch._http")
    monkeypatch.delitem(sys.modules, "paperledge.fetch._crawl")
    monkeypatch.delitem(sys.modules, "paperledge.fetch")
    with pytest.raises(ImportError, match=r"pip install paperledge\[fetch\]"):
        importlib.import_module("paperledge.fetch")


def test_the_core_never_imports_the_network_code() -> None:
    code = (
        "import sys, paperledge, paperledge._cli.main\n"
        "print(sorted(m for m in ('httpx', 'paperledge.fetch', 'paperledge.fetch._http')"
        " if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_a_cache_that_cannot_be_made_exits_2(site: Site, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory\n", encoding="utf-8")
    argv = [site.url("/"), "--cache", str(blocker / "cache"), "--max-pages", "1", *FAST]
    status, stdout, stderr = run(argv)
    assert status == 2
    assert stdout == ""
    assert "cannot use the cache" in stderr
