"""paperledge.fetch with a cache: conditional second runs, resuming an interrupted or
killed crawl, a torn journal line, a damaged entry (split from test_crawl.py)."""

from __future__ import annotations

import collections
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from paperledge.fetch import Progress, crawl

from fetch_server import PER_PAGE, Site, assert_episodes, serving

FAST: dict[str, Any] = {"delay": 0.005, "timeout": 2.0, "backoff": 0.01, "tries": 3}


@pytest.fixture
def site() -> Iterator[Site]:
    with serving() as running:
        yield running


def test_a_second_run_with_the_cache_asks_conditionally_and_gets_304s(
    site: Site, tmp_path: Path
) -> None:
    first = crawl(site.url("/"), episodes=True, cache=tmp_path, **FAST)
    first_hits = site.hits()
    assert len(first_hits) == 56
    assert all(hit.status == 200 for hit in first_hits)
    site.log.clear()
    second = crawl(site.url("/"), episodes=True, cache=tmp_path, **FAST)
    assert second == first
    assert second.diagnostics == ()
    hits = site.hits()
    assert len(hits) == 56
    assert all(hit.status == 304 for hit in hits)
    assert all("if-none-match" in hit.headers for hit in hits)
    assert all("if-modified-since" in hit.headers for hit in hits)
    # One episode page changes: the third run downloads it alone.
    changed = site.archive.episodes[40].path
    site.archive.notes[changed] = "<!-- corrected -->"
    site.log.clear()
    third = crawl(site.url("/"), episodes=True, cache=tmp_path, **FAST)
    assert third == first
    assert [hit.path for hit in site.hits() if hit.status == 200] == [changed]
    assert len([hit for hit in site.hits() if hit.status == 304]) == 55


def test_an_interrupted_crawl_resumes_without_asking_again(site: Site, tmp_path: Path) -> None:
    reference = crawl(site.url("/"), episodes=True, **FAST)
    site.log.clear()

    class Stop(Exception):
        pass

    def stop_after_four_pages(progress: Progress) -> None:
        if progress.event == "page" and progress.pages_done == 4:
            raise Stop

    with pytest.raises(Stop):
        crawl(site.url("/"), episodes=True, cache=tmp_path, progress=stop_after_four_pages, **FAST)
    before = collections.Counter(hit.path for hit in site.hits() if hit.status == 200)
    assert before["/page/4/"] == 1
    site.log.clear()
    resumed = crawl(site.url("/"), episodes=True, cache=tmp_path, **FAST)
    assert resumed == reference
    assert resumed.diagnostics == ()
    after = collections.Counter(hit.path for hit in site.hits())
    for page in ("/", "/page/2/", "/page/3/", "/page/4/"):
        assert after[page] == 0
    assert sum(after.values()) < 56
    assert sum(after.values()) + sum(before.values()) <= 56 + 1 + 2  # robots again, in flight


def test_a_resumed_crawl_does_not_ask_again_for_a_redirected_page(
    site: Site, tmp_path: Path
) -> None:
    site.always["/page/2/"] = "redirect:/page/2"
    reference = crawl(site.url("/"), feed=False, **FAST)

    class Stop(Exception):
        pass

    def stop(progress: Progress) -> None:
        if progress.event == "page" and progress.pages_done == 3:
            raise Stop

    with pytest.raises(Stop):
        crawl(site.url("/"), feed=False, cache=tmp_path, progress=stop, **FAST)
    site.log.clear()
    resumed = crawl(site.url("/"), feed=False, cache=tmp_path, **FAST)
    assert resumed == reference
    assert resumed.diagnostics == ()
    assert not site.hits("/page/2/")
    assert not site.hits("/page/2")


def test_a_killed_crawl_restarted_ends_like_an_uninterrupted_one(
    site: Site, tmp_path: Path
) -> None:
    reference = crawl(site.url("/"), episodes=True, **FAST)
    site.log.clear()
    reached = threading.Event()
    killed = threading.Event()

    def hold_page_five(path: str) -> None:
        if path == "/page/5/" and not killed.is_set():
            reached.set()
            killed.wait(10)

    site.on_request = hold_page_five
    script = textwrap.dedent(
        f"""
        from paperledge.fetch import crawl
        crawl({site.url("/")!r}, episodes=True, cache={str(tmp_path)!r},
              delay=0.005, timeout=30, backoff=0.01)
        """
    )
    process = subprocess.Popen([sys.executable, "-c", script])
    try:
        assert reached.wait(30), "the crawl never reached page 5"
        process.kill()
        process.wait(10)
    finally:
        killed.set()
        if process.poll() is None:  # pragma: no cover - only when an assert failed
            process.kill()
            process.wait()
    site.on_request = None
    done_before = {hit.path for hit in site.hits() if hit.status == 200}
    assert {"/", "/page/4/"} <= done_before
    site.log.clear()
    restarted = crawl(site.url("/"), episodes=True, cache=tmp_path, **FAST)
    assert restarted == reference
    assert restarted.diagnostics == ()
    assert_episodes(site, restarted, site.archive.episodes, feed=True)
    asked_again = {hit.path for hit in site.hits()}
    assert not asked_again & {"/", "/page/2/", "/page/3/", "/page/4/"}
    assert "/page/5/" in asked_again


def test_a_finished_crawl_is_not_resumed_but_revalidated(site: Site, tmp_path: Path) -> None:
    crawl(site.url("/"), max_pages=2, feed=False, cache=tmp_path, **FAST)
    site.log.clear()
    crawl(site.url("/"), max_pages=2, feed=False, cache=tmp_path, **FAST)
    assert [hit.status for hit in site.hits()] == [304, 304, 304]


def test_a_torn_journal_line_is_ignored(site: Site, tmp_path: Path) -> None:
    class Stop(Exception):
        pass

    def stop(progress: Progress) -> None:
        if progress.event == "page" and progress.pages_done == 2:
            raise Stop

    with pytest.raises(Stop):
        crawl(site.url("/"), feed=False, cache=tmp_path, progress=stop, **FAST)
    (journal,) = (tmp_path / "crawls").iterdir()
    with journal.open("a", encoding="utf-8") as handle:
        handle.write('{"url": "http://127.0.0.1:1/page/3')  # killed mid-write
    site.log.clear()
    show = crawl(site.url("/"), feed=False, cache=tmp_path, **FAST)
    assert_episodes(site, show, site.archive.episodes, feed=False)
    assert not site.hits("/page/2/")


def test_a_damaged_cache_entry_is_refetched(site: Site, tmp_path: Path) -> None:
    crawl(site.url("/"), max_pages=1, feed=False, cache=tmp_path, **FAST)
    for body in (tmp_path / "responses").rglob("*.body"):
        body.write_bytes(body.read_bytes()[:100])
    site.log.clear()
    show = crawl(site.url("/"), max_pages=1, feed=False, cache=tmp_path, **FAST)
    assert len(show.episodes) == PER_PAGE
    (page,) = site.hits("/")
    assert page.status == 200
    assert "if-none-match" not in page.headers
