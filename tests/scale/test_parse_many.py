"""parse_many: many files over a process pool, merged in path order; stream_jsonl."""

from __future__ import annotations

import datetime as dt
import io
import multiprocessing
import os
import signal
import time
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

import paperledge
from paperledge import Diagnostic, FormatError
from paperledge._scale import many
from paperledge._scale.many import (
    _batches,
    _may_overlap,
    expand_paths,
    parse_many,
    progress_bar,
    stream_jsonl,
)
from paperledge.testing import Archive

from support import SEED_NAMES, seed_bytes


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> tuple[Archive, Path]:
    archive = Archive(90)  # 12 pages, the last one short
    folder = tmp_path_factory.mktemp("pages")
    archive.write_text_pages(folder)
    return archive, folder


def test_expand_paths_takes_directories_globs_files_and_iterables(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("x")
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / ".hidden.txt").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.html").write_text("x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "d.txt").write_text("x")
    every = [str(tmp_path / n) for n in ("a.txt", "b.txt", "sub/c.html")]
    assert expand_paths(tmp_path) == every
    assert expand_paths(str(tmp_path / "*.txt")) == every[:2]
    assert expand_paths(str(tmp_path / "**" / "*.html")) == every[2:]
    # An iterable: expanded, sorted, repeats dropped; a missing file kept.
    missing = str(tmp_path / "missing.txt")
    assert expand_paths(
        [tmp_path / "b.txt", missing, tmp_path / "a.txt", str(tmp_path / "b.txt")]
    ) == [
        every[0],
        every[1],
        missing,
    ]


@pytest.mark.parametrize("workers", [1, 2])
def test_pages_merge_into_the_archive_in_path_order(
    pages: tuple[Archive, Path], workers: int
) -> None:
    archive, folder = pages
    show = parse_many(folder, workers=workers)
    assert show == archive.show()
    assert show.diagnostics == ()


def test_the_result_is_paperledge_merge_over_the_sorted_paths(pages: tuple[Archive, Path]) -> None:
    _archive, folder = pages
    paths = sorted(folder.iterdir())
    expected = paperledge.merge(*(paperledge.load(p) for p in paths))
    # Given in reverse, and through a glob: the same show.
    assert parse_many(list(reversed(paths)), workers=2) == expected
    assert parse_many(str(folder / "page-*.txt"), workers=2) == expected


def test_the_order_does_not_depend_on_which_worker_finishes_first(tmp_path: Path) -> None:
    # The first file is far larger than the others: with two workers it
    # finishes last, yet its episodes still come first.
    big = Archive(400)
    small = Archive(400, newest=big.newest - dt.timedelta(days=400 // 8 + 10))
    (tmp_path / "a.txt").write_text("".join(big.iter_text()), encoding="utf-8")
    for number in range(small.pages):
        (tmp_path / f"b{number:03d}.txt").write_text(small.text_page(number), encoding="utf-8")
    done: list[str] = []
    show = parse_many(tmp_path, workers=2, progress=lambda _d, _t, path: done.append(path))
    assert show == parse_many(tmp_path, workers=1)
    assert show.episodes[:400] == big.show().episodes
    assert len(show.episodes) == 800
    assert sorted(done) == expand_paths(tmp_path)


def test_the_parent_collects_finished_batches_without_polling_every_queued_one(
    pages: tuple[Archive, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Between its own batches the parent once asked every queued future
    # whether it was done: batches squared over a large set of files.
    archive, folder = pages
    asked: list[object] = []
    original = Future.done

    def counted(self: Future[Any]) -> bool:
        asked.append(self)
        return original(self)

    monkeypatch.setattr(Future, "done", counted)
    assert parse_many(folder, workers=2) == archive.show()
    assert asked == []


def test_a_file_that_cannot_be_read_is_a_diagnostic_naming_it(
    pages: tuple[Archive, Path], tmp_path: Path
) -> None:
    archive, folder = pages
    missing = str(tmp_path / "gone.txt")
    for workers in (1, 2):
        show = parse_many([folder, missing], workers=workers)
        assert show.episodes == archive.show().episodes
        (diagnostic,) = show.diagnostics
        assert diagnostic.code == "unreadable"
        assert diagnostic.source == missing
        assert "cannot read" in diagnostic.message


def test_strict_mode_turns_a_defective_file_into_a_diagnostic_and_goes_on(tmp_path: Path) -> None:
    good = seed_bytes(SEED_NAMES[0])
    (tmp_path / "1-good.txt").write_bytes(good)
    # The credit of the last episode is cut off: a defect.
    bad = seed_bytes(SEED_NAMES[1])
    (tmp_path / "2-bad.txt").write_bytes(bad[: bad.rindex(b"Credit to Paper authors")])
    (tmp_path / "3-bad.json").write_text("{not json", encoding="utf-8")
    for workers in (1, 2):
        strict = parse_many(tmp_path, workers=workers, strict=True)
        assert strict.episodes == paperledge.parse_text(good).episodes
        sources = [d.source for d in strict.diagnostics]
        assert sources == [str(tmp_path / "2-bad.txt"), str(tmp_path / "3-bad.json")]
        assert strict.diagnostics[1].code == "json-syntax"
        tolerant = parse_many(tmp_path, workers=workers)
        assert len(tolerant.episodes) == 16
        assert {d.source for d in tolerant.diagnostics} == set(sources)


def test_a_reader_that_raises_is_a_diagnostic_too(
    pages: tuple[Archive, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    _archive, folder = pages

    def broken(*_args: object, **_kwargs: object) -> paperledge.Show:
        raise RuntimeError("boom")

    monkeypatch.setattr("paperledge._api.io.parse", broken)
    show = parse_many(folder, workers=1)
    assert show.episodes == ()
    assert len(show.diagnostics) == 12
    assert all(
        d.code == "unreadable" and "RuntimeError: boom" in d.message for d in show.diagnostics
    )


@pytest.mark.parametrize("workers", [1, 2])
def test_progress_counts_every_file(pages: tuple[Archive, Path], workers: int) -> None:
    _archive, folder = pages
    calls: list[tuple[int, int, str]] = []
    parse_many(folder, workers=workers, progress=lambda *call: calls.append(call))
    assert [done for done, _total, _path in calls] == list(range(1, 13))
    assert {total for _done, total, _path in calls} == {12}
    assert sorted(path for _d, _t, path in calls) == expand_paths(folder)


def test_html_pages_and_a_named_format(tmp_path: Path) -> None:
    archive = Archive(24)
    archive.write_html_pages(tmp_path)
    show = parse_many(tmp_path, workers=2)
    assert show.episodes == archive.show(fields="html").episodes
    # Read as text, the markup is a page of stray text, not an error.
    as_text = parse_many(tmp_path, workers=1, format="text")
    assert as_text.episodes != show.episodes


def test_bad_arguments_fail_at_once(pages: tuple[Archive, Path]) -> None:
    _archive, folder = pages
    with pytest.raises(FormatError):
        parse_many(folder, format="yaml")
    with pytest.raises(FormatError, match="cannot read"):
        parse_many(folder, format="markdown")
    with pytest.raises(ValueError, match="workers"):
        parse_many(folder, workers=0)
    assert parse_many([], workers=2) == paperledge.Show()


def test_progress_bar_draws_only_on_a_terminal() -> None:
    assert progress_bar(io.StringIO()) is None

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    draw = progress_bar(terminal, width=10)
    assert draw is not None
    draw(1, 4, "a")
    draw(4, 4, "d")
    assert terminal.getvalue() == "\r[##--------] 1/4 files\r[##########] 4/4 files\n"


def test_stream_jsonl_writes_each_episode_before_the_input_is_all_read() -> None:
    archive = Archive(40)
    pages = list(archive.iter_text())
    consumed = 0

    def chunks() -> Iterator[bytes]:
        nonlocal consumed
        for page in pages:
            consumed += 1
            yield page.encode("utf-8")

    first_write_at: list[int] = []

    class Out(io.StringIO):
        def write(self, text: str) -> int:
            if not first_write_at:
                first_write_at.append(consumed)
            return super().write(text)

    out = Out()
    count = stream_jsonl(chunks(), out, format="text")
    assert count == 40
    assert first_write_at[0] <= 2 < len(pages)
    assert out.getvalue() == paperledge.dumps(
        paperledge.Show(episodes=archive.show().episodes), "jsonl"
    )


def test_stream_jsonl_reads_a_path_and_reports_diagnostics(tmp_path: Path) -> None:
    path = tmp_path / "dump.txt"
    bad = seed_bytes(SEED_NAMES[1])
    path.write_bytes(bad[: bad.rindex(b"Credit to Paper authors")])
    found: list[Diagnostic] = []
    out = io.StringIO()
    count = stream_jsonl(path, out, on_diagnostic=found.append)
    assert count == 8
    assert [d.code for d in found] == ["truncated"]
    assert (
        paperledge.parse(out.getvalue(), "jsonl").episodes
        == paperledge.parse_text(path.read_bytes()).episodes
    )


def loaded_merge(paths: list[Path]) -> paperledge.Show:
    ordered = sorted(paths)
    return paperledge.merge(*map(paperledge.load, ordered), names=[str(p) for p in ordered])


def test_overlapping_files_are_merged_as_paperledge_merge_merges_them(tmp_path: Path) -> None:
    # The same pages crawled twice, and the feed of the same episodes.
    archive = Archive(40)
    first = archive.write_text_pages(tmp_path / "monday")
    second = archive.write_html_pages(tmp_path / "tuesday")
    feed = tmp_path / "feed.xml"
    archive.write_feed(feed)
    for paths in ([*first, *second], [*first, feed], [*first, *first[:2]], [*second, feed]):
        show = parse_many(paths, workers=2)
        expected = loaded_merge(paths)
        assert show == expected
        assert show.diagnostics == expected.diagnostics
        assert len(show.episodes) == 40


def test_disjoint_files_give_exactly_what_merge_gives_header_conflicts_too(tmp_path: Path) -> None:
    archive = Archive(24)
    paths = archive.write_text_pages(tmp_path)
    # A page whose header says something else: a merge-conflict, as merge reports it.
    text = (
        paths[1].read_text("utf-8").replace("PaperLedge where research", "A show where research")
    )
    paths[1].write_text(text, "utf-8")
    show = parse_many(tmp_path, workers=1)
    expected = loaded_merge(paths)
    assert show == expected
    assert show.diagnostics == expected.diagnostics
    assert [d.code for d in show.diagnostics] == ["merge-conflict"]


def test_may_overlap_sees_every_kind_of_match() -> None:
    episodes = Archive(48).show(fields="all").episodes
    disjoint = [paperledge.Show(episodes=episodes[:24]), paperledge.Show(episodes=episodes[24:])]
    assert not _may_overlap(disjoint)
    base = episodes[2]
    assert base.published is not None
    for twin in (
        paperledge.Episode(guid=base.guid),
        paperledge.Episode(url=base.url.upper() if base.url else None),
        paperledge.Episode(published=base.published + dt.timedelta(days=1), title=base.title),
        paperledge.Episode(published=base.published, description=base.description[:400]),
    ):
        assert _may_overlap([*disjoint, paperledge.Show(episodes=[twin])]), twin


def test_pages_named_oldest_first_still_come_out_newest_first(tmp_path: Path) -> None:
    archive = Archive(32)
    for page in range(archive.pages):
        # z-page-1 (newest) sorts last.
        (tmp_path / f"{chr(ord('z') - page)}-page.txt").write_text(
            archive.text_page(page), "utf-8"
        )
    show = parse_many(tmp_path, workers=2)
    assert show.episodes == archive.show().episodes
    assert show == loaded_merge(list(tmp_path.iterdir()))


def _fail_in_the_pool(*_args: object) -> str:
    raise OSError(28, "No space left on device")


def test_a_pool_process_that_fails_becomes_diagnostics_naming_its_files(
    pages: tuple[Archive, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    archive, folder = pages
    parent = os.getpid()
    parse_batch = many._parse_batch

    def slow_in_the_parent(*args: Any) -> Any:
        # Give the pool time to start and take batches of its own.
        if os.getpid() == parent:
            time.sleep(0.05)
        return parse_batch(*args)

    monkeypatch.setattr(many, "_parse_batch", slow_in_the_parent)
    monkeypatch.setattr(many, "_parse_batch_to_file", _fail_in_the_pool)
    show = parse_many(folder, workers=2)
    failed = {d.source for d in show.diagnostics}
    assert failed, "the pool parsed nothing"
    assert all(
        d.code == "unreadable" and "OSError" in d.message and "No space left" in d.message
        for d in show.diagnostics
    )
    # Every file either gave its episodes (parsed in this process) or is
    # named by exactly one diagnostic: nothing is lost, nothing doubled.
    expected = paperledge.merge(
        *(paperledge.load(path) for path in sorted(folder.iterdir()) if str(path) not in failed)
    )
    assert show.episodes == expected.episodes
    assert len(show.diagnostics) == len(failed)
    assert len(failed) < len(list(folder.iterdir()))
    assert len(show.episodes) < len(archive.show().episodes)


def test_an_interrupt_in_the_parent_ends_the_run_at_once(
    pages: tuple[Archive, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    _archive, folder = pages

    def interrupted(*_args: object) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(many, "_parse_batch", interrupted)
    with pytest.raises(KeyboardInterrupt):
        parse_many(folder, workers=2)


def test_batches_are_cut_by_size_and_keep_every_path_once_in_order(tmp_path: Path) -> None:
    sizes = [4_000_000, 10, 10, 10, 10, 10, 10, 10, 3_000_000] + [1_000] * 200
    paths = []
    for number, size in enumerate(sizes):
        path = tmp_path / f"{number:03d}.txt"
        path.write_bytes(b"x" * size)
        paths.append(str(path))
    paths.append(str(tmp_path / "missing.txt"))  # unreadable: still batched
    batches = _batches(paths, 2)
    assert [path for batch in batches for path in batch] == paths
    # The two big files each end a batch of their own size; small files are
    # grouped, at most 64 to a batch.
    assert batches[0] == paths[:1]
    assert batches[1] == paths[1:9]
    assert all(len(batch) <= 64 for batch in batches)
    assert len(batches[2]) == 64


@pytest.mark.parametrize("workers", [1, 2])
def test_merge_conflicts_name_the_file_they_come_from(tmp_path: Path, workers: int) -> None:
    (tmp_path / "a.txt").write_bytes(seed_bytes(SEED_NAMES[0]))
    (tmp_path / "b.txt").write_bytes(
        seed_bytes(SEED_NAMES[0]).replace(b"PaperLedge\n", b"Paper Ledge\n", 1)
    )
    show = paperledge.parse_many(tmp_path, workers=workers)
    conflicts = [d for d in show.diagnostics if d.code == "merge-conflict"]
    assert [d.source for d in conflicts] == [str(tmp_path / "b.txt")]
    assert "'Paper Ledge'" in conflicts[0].message


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_workers_leave_ctrl_c_to_the_parent_whatever_the_start_method(method: str) -> None:
    # A worker that took SIGINT would print a traceback of its own under the
    # parent's one line (paperledge parse -j).
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(1, mp_context=context, initializer=many._leave_interrupts) as pool:
        # signal.getsignal itself is sent: a spawned worker imports no test module.
        assert pool.submit(signal.getsignal, signal.SIGINT).result() == signal.SIG_IGN


def test_parse_many_starts_its_workers_that_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[object] = []

    def pool(*args: Any, **kwargs: Any) -> ProcessPoolExecutor:
        made.append(kwargs.get("initializer"))
        return ProcessPoolExecutor(*args, **kwargs)

    monkeypatch.setattr(many, "ProcessPoolExecutor", pool)
    for name in SEED_NAMES[:2]:
        (tmp_path / name).write_bytes(seed_bytes(name))
    assert len(parse_many(tmp_path, workers=2).episodes) > 0
    assert made == [many._leave_interrupts]
