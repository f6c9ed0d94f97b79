"""The cache folder under pressure: a full disk, symbolic links planted in it.

A write that fails (ENOSPC, or EFBIG under a file-size limit) is a
``fetch-cache`` diagnostic and the crawl goes on, not resumable past that
point; a link below the cache folder is never written through nor read from.
Neither is a page given up: no ``"failed"`` progress report, and ``paperledge
fetch`` neither says it gave up on the page nor blames the cache for a crawl
that read nothing.
"""

from __future__ import annotations

import collections
import errno
import io
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from paperledge import Show
from paperledge._cli.main import main
from paperledge.fetch import Progress, _cache, crawl

from fetch_server import Site, serving

FAST: dict[str, Any] = {"delay": 0.0, "timeout": 10.0, "backoff": 0.0, "tries": 2}
ENOSPC = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
CLI_FAST = ["--delay", "0", "--timeout", "10", "--tries", "2", "--no-feed", "--max-pages", "2"]


@pytest.fixture
def site() -> Iterator[Site]:
    with serving() as running:
        yield running


def fetch_messages(show: Show) -> list[str]:
    """The messages of the crawl's diagnostics, each checked to be ``fetch-cache``."""
    fetch = [d for d in show.diagnostics if d.code.startswith("fetch-")]
    assert {d.code for d in fetch} <= {"fetch-cache"}
    return [d.message for d in fetch]


def journal_urls(root: Path) -> list[str]:
    (journal,) = (root / "crawls").iterdir()
    lines = [json.loads(line) for line in journal.read_text("utf-8").splitlines()]
    return [line["url"] for line in lines if "url" in line]


class Stop(Exception):
    pass


def stop_at_page(number: int) -> Any:
    def stop(progress: Progress) -> None:
        if progress.event == "page" and progress.pages_done == number:
            raise Stop

    return stop


# -- a full disk ------------------------------------------------------------------------


def test_a_journal_write_on_a_full_disk_is_reported_and_the_crawl_goes_on(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = crawl(site.url("/"), feed=False, **FAST)
    write = _cache.Journal._append

    def fill_up(self: _cache.Journal, record: dict[str, Any]) -> None:
        # The disk fills up after three lines; an abandoned journal writes nothing.
        if len(self.done) > 3 and self._fd is not None:
            raise ENOSPC
        write(self, record)

    monkeypatch.setattr(_cache.Journal, "_append", fill_up)
    show = crawl(site.url("/"), feed=False, cache=tmp_path, **FAST)
    assert show.episodes == reference.episodes
    (message,) = fetch_messages(show)
    assert "the crawl's journal cannot be written (No space left on device)" in message
    assert "cannot be resumed past this point" in message
    # The journal holds what was done before the disk filled: a next crawl
    # resumes from there, taking those URLs from the cache.
    written = journal_urls(tmp_path)
    assert written == [site.url(p) for p in ("/", "/page/2/", "/page/3/")]
    monkeypatch.undo()
    site.log.clear()
    again = crawl(site.url("/"), feed=False, cache=tmp_path, **FAST)
    assert again.episodes == reference.episodes
    assert again.diagnostics == ()
    asked = {hit.path for hit in site.hits()}
    assert not asked & {"/", "/page/2/", "/page/3/"}
    assert "/page/4/" in asked


def test_a_cache_write_on_a_full_disk_is_reported_once(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write = _cache._write_bytes_atomically

    def full(root: Path, path: Path, data: bytes) -> None:
        if "responses" in path.parts:
            raise ENOSPC
        write(root, path, data)

    monkeypatch.setattr(_cache, "_write_bytes_atomically", full)
    show = crawl(site.url("/"), max_pages=3, feed=False, cache=tmp_path, **FAST)
    assert len(show.episodes) == 24
    (message,) = fetch_messages(show)
    assert message.endswith("robots.txt: not stored in the cache: No space left on device")


def test_a_journal_that_cannot_be_marked_complete_is_removed(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write = _cache.Journal._append

    def full_at_the_end(self: _cache.Journal, record: dict[str, Any]) -> None:
        if record.get("complete"):
            raise ENOSPC
        write(self, record)

    monkeypatch.setattr(_cache.Journal, "_append", full_at_the_end)
    show = crawl(site.url("/"), max_pages=2, feed=False, cache=tmp_path, **FAST)
    assert show.diagnostics == ()
    # Left unmarked, it would make the next crawl serve every page from the
    # cache unasked; removed, the next crawl revalidates them.
    assert list((tmp_path / "crawls").iterdir()) == []
    monkeypatch.undo()
    site.log.clear()
    crawl(site.url("/"), max_pages=2, feed=False, cache=tmp_path, **FAST)
    assert [hit.status for hit in site.hits()] == [304, 304, 304]


def test_a_failed_cache_write_leaves_no_temporary_file(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_rename(source: str, target: str) -> None:
        raise ENOSPC

    monkeypatch.setattr(_cache.os, "replace", no_rename)
    show = crawl(site.url("/"), max_pages=1, feed=False, cache=tmp_path, **FAST)
    assert len(show.episodes) == 8
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


@pytest.mark.skipif(not hasattr(os, "fork"), reason="resource limits are POSIX")
def test_a_crawl_under_a_file_size_limit_finishes_with_diagnostics(
    site: Site, tmp_path: Path
) -> None:
    # A real limit, not a patch: every write past 250 bytes fails (EFBIG),
    # so the listing pages are not cached and the journal fills up early.
    script = textwrap.dedent(
        f"""
        import resource, signal
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (250, 250))
        from paperledge.fetch import crawl
        show = crawl({site.url("/")!r}, feed=False, cache={str(tmp_path)!r},
                     delay=0, timeout=10, backoff=0, tries=1)
        print(len(show.episodes))
        for d in show.diagnostics:
            print(d.code, d.message)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    first, *diagnostics = result.stdout.splitlines()
    assert int(first) == 48
    assert any("not stored in the cache: File too large" in d for d in diagnostics)
    assert any("journal cannot be written (File too large)" in d for d in diagnostics)
    assert all(d.startswith("fetch-cache ") for d in diagnostics)


# -- symbolic links --------------------------------------------------------------------


def test_a_linked_crawls_folder_is_not_written_through(site: Site, tmp_path: Path) -> None:
    cache, elsewhere = tmp_path / "cache", tmp_path / "elsewhere"
    cache.mkdir()
    elsewhere.mkdir()
    (cache / "crawls").symlink_to(elsewhere, target_is_directory=True)
    reports: list[Progress] = []
    show = crawl(
        site.url("/"), max_pages=2, feed=False, cache=cache, progress=reports.append, **FAST
    )
    assert len(show.episodes) == 16
    assert list(elsewhere.iterdir()) == []
    # A page read despite its cache is not a page given up.
    assert "failed" not in {p.event for p in reports}
    (message,) = fetch_messages(show)
    assert "journal cannot be kept" in message
    assert "is a symbolic link" in message


def test_a_linked_journal_is_neither_read_nor_written(site: Site, tmp_path: Path) -> None:
    crawl(site.url("/"), max_pages=2, feed=False, cache=tmp_path, progress=None, **FAST)
    (journal,) = (tmp_path / "crawls").iterdir()
    outside = tmp_path.parent / f"{tmp_path.name}-outside.jsonl"
    # An unfinished journal elsewhere that names every page: following the
    # link would resume from it and ask for nothing.
    outside.write_text(journal.read_text("utf-8").replace('{"complete": true}\n', ""), "utf-8")
    before = outside.read_bytes()
    journal.unlink()
    journal.symlink_to(outside)
    site.log.clear()
    show = crawl(site.url("/"), max_pages=2, feed=False, cache=tmp_path, **FAST)
    assert outside.read_bytes() == before
    assert len(show.episodes) == 16
    assert collections.Counter(h.path for h in site.hits())["/page/2/"] == 1
    (message,) = fetch_messages(show)
    assert "is a symbolic link" in message


def test_a_linked_cache_entry_is_neither_read_nor_written(site: Site, tmp_path: Path) -> None:
    with pytest.raises(Stop):
        crawl(site.url("/"), feed=False, cache=tmp_path, progress=stop_at_page(2), **FAST)
    # Page 2's stored body replaced by a link to a file outside the cache.
    bodies = {p.read_bytes(): p for p in (tmp_path / "responses").rglob("*.body")}
    (page_two,) = [p for body, p in bodies.items() if b"| Page 2</title>" in body]
    outside = tmp_path.parent / f"{tmp_path.name}-secret.body"
    outside.write_bytes(page_two.read_bytes().replace(b"Page 2", b"Secret"))
    before = outside.read_bytes()
    page_two.unlink()
    page_two.symlink_to(outside)
    site.log.clear()
    show = crawl(site.url("/"), max_pages=3, feed=False, cache=tmp_path, **FAST)
    # Not read: page 2 asked again (the journal said it was done); not
    # written through: the outside file is as it was.
    assert outside.read_bytes() == before
    assert [h.status for h in site.hits("/page/2/")] == [200]
    assert len(show.episodes) == 24
    messages = fetch_messages(show)
    assert messages
    assert all("is a symbolic link" in m for m in messages)
    assert all(site.url("/page/2/") in m for m in messages)


def test_a_linked_responses_folder_is_not_written_through(site: Site, tmp_path: Path) -> None:
    cache, elsewhere = tmp_path / "cache", tmp_path / "elsewhere"
    cache.mkdir()
    elsewhere.mkdir()
    (cache / "responses").symlink_to(elsewhere, target_is_directory=True)
    show = crawl(site.url("/"), max_pages=2, feed=False, cache=cache, **FAST)
    assert len(show.episodes) == 16
    assert list(elsewhere.iterdir()) == []
    messages = fetch_messages(show)
    assert messages
    assert all("is a symbolic link" in m for m in messages)


# -- the command line ------------------------------------------------------------------


def run_fetch(*argv: str) -> tuple[int, str]:
    err = io.StringIO()
    status = main(["fetch", *CLI_FAST, *argv], stdout=io.StringIO(), stderr=err)
    return status, err.getvalue()


def test_the_command_does_not_count_a_cache_problem_as_a_page_given_up(
    site: Site, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "crawls").symlink_to(tmp_path, target_is_directory=True)
    out = tmp_path / "show.json"
    status, stderr = run_fetch(site.url("/"), "--cache", str(cache), "-o", str(out))
    assert status == 0
    assert "gave up on" not in stderr
    assert f"{site.url('/')}:1:1: fetch-cache: " in stderr
    assert out.exists()


def test_a_crawl_that_read_nothing_is_not_blamed_on_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "crawls").symlink_to(tmp_path, target_is_directory=True)
    # Nothing listens on port 9: robots.txt, then the page, cannot be reached.
    status, stderr = run_fetch("http://127.0.0.1:9/", "--cache", str(cache), "--tries", "1")
    assert status == 1
    (last,) = [line for line in stderr.splitlines() if "nothing read" in line]
    assert "connection refused" in last
    assert "journal" not in last
