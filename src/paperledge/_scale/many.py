"""Many files at once: :func:`parse_many` over every core, and streaming to JSON Lines.

:func:`parse_many` parses a set of files (a directory, a glob pattern, or
an iterable of paths) in several processes and merges the results into one
show with :func:`paperledge.merge`, in the order of the sorted paths
whatever order the workers finish in.  The calling process is one of the
workers: it parses batches from the back of the list while a pool of the
others takes them from the front.  Only path names and options go to the
pool; each pool process writes back, through a file in a private temporary
folder, a :class:`~paperledge.Show` per file (frozen attrs classes, which
pickle) and hashed keys of what merge matches episodes on, so that the
parent can skip merge's matching for files that share no episode.  A file
that cannot be read, or that fails in strict mode, becomes a diagnostic
naming it; the run goes on.

:func:`stream_jsonl` writes the episodes of one large source as JSON Lines
while it is still being read, for ``paperledge parse huge.txt -f jsonl | head``.
"""

from __future__ import annotations

import datetime as dt
import glob
import hashlib
import logging
import os
import pickle
import queue
import signal
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import IO, Protocol, TextIO

import attrs

from .._api import io as _api
from .._api.formats import get_format
from .._api.io import iter_episodes
from .._diagnostics import Diagnostic, FormatError, ParseError
from .._model import Episode, Show, merge
from .._model.matching import identity_keys

__all__ = [
    "Progress",
    "expand_paths",
    "parse_many",
    "parse_named",
    "progress_bar",
    "stream_jsonl",
]

logger = logging.getLogger("paperledge")

#: ``progress(done, total, path)``: called in the calling process each time a
#: file is finished (in the order they finish), ``done`` counting from 1.
Progress = Callable[[int, int, str], None]

#: The code of the diagnostic for a file that could not be read or parsed at all.
UNREADABLE = "unreadable"

# Files go to the workers in batches: one task per file costs a round trip
# per file, which dominates for small pages.  Batches are cut by size, about
# an eighth of each worker's share of the bytes, so that the parent and the
# pool, which take batches from opposite ends, meet with little left over
# when file sizes differ.
_BATCHES_PER_WORKER = 8
_MAX_BATCH = 64


def expand_paths(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> list[str]:
    """The files ``paths`` names, sorted and without repeats.

    A ``str`` or path-like is always a path (never data, which raises
    :class:`TypeError`).  ``paths`` is a directory (every file under it, at any depth, except
    hidden ones, whose names start with ``.``), a glob pattern (``*``,
    ``?``, ``[...]``; ``**`` crosses directories), a file, or an iterable of
    any of these.  A name that is none of them (a file that does not exist)
    is kept, so that reading it reports it.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    elif isinstance(paths, (bytes, bytearray, memoryview)) or callable(
        getattr(paths, "read", None)
    ):
        raise TypeError(
            "paperledge.parse_many() reads files by path (a str or path-like, or an "
            f"iterable of them), not {type(paths).__name__} data: read data with "
            "paperledge.parse(data)"
        )
    found: set[str] = set()
    for entry in paths:
        if not isinstance(entry, (str, os.PathLike)):
            raise TypeError(
                "paperledge.parse_many() reads files by path (a str or path-like), "
                f"not a {type(entry).__name__}"
            )
        name = os.fspath(entry)
        if os.path.isdir(name):
            for root, directories, files in os.walk(name):
                # Hidden directories (.git, .cache) hold no pages.
                directories[:] = [d for d in directories if not d.startswith(".")]
                found.update(os.path.join(root, f) for f in files if not f.startswith("."))
        elif glob.has_magic(name):
            found.update(m for m in glob.glob(name, recursive=True) if os.path.isfile(m))
        else:
            found.add(name)
    return sorted(found)


def _unreadable(path: str, reason: str) -> Show:
    return Show(diagnostics=[Diagnostic(code=UNREADABLE, message=reason, line=1, source=path)])


def parse_named(data: bytes, name: str, format: str | None, strict: bool) -> Show:
    """``data``, read from the file ``name``, as a show, as :func:`paperledge.load` reads it.

    The format comes from ``format``, else the name's extension, else
    sniffing; diagnostics name ``name``.  Failures become a show holding
    one diagnostic (see :func:`parse_many`); never raises for bad data.
    """
    try:
        return _api.parse_named(data, name, format=format, strict=strict)
    except ParseError as error:
        return Show(diagnostics=[error.with_source(name).to_diagnostic()])
    except Exception as error:
        # One bad file must not end a run over thousands.  A tolerant reader
        # should never raise; if one does, say so loudly in the log and go on.
        logger.warning("parsing %s failed", name, exc_info=True)
        return _unreadable(name, f"the file could not be parsed: {type(error).__name__}: {error}")


def _parse_one(path: str, format: str | None, strict: bool) -> Show:
    """One file as a show; a failure becomes a show holding only a diagnostic."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        return _unreadable(path, f"cannot read the file: {error.strerror or error}")
    return parse_named(data, path, format, strict)


def _parse_batch(
    paths: Sequence[str], format: str | None, strict: bool
) -> list[tuple[Show, OverlapKeys]]:
    # The overlap keys are computed here, in the worker, so that the parent
    # only compares sets of digests.
    shows = [_parse_one(path, format, strict) for path in paths]
    return [(show, overlap_keys(show)) for show in shows]


def _parse_batch_to_file(
    paths: Sequence[str], format: str | None, strict: bool, spool: str
) -> str:
    # Results go back through a file in a private folder, not the pool's
    # pipe.  The pool reads its pipe in a thread of the parent, which takes
    # the GIL back for every 64 KiB; while the parent parses too, that
    # thread waits up to a switch interval (5 ms) for each chunk and the
    # worker stalls behind the full pipe.  A file is written at once and
    # read by the parent in one call when it is ready for it.
    pairs = _parse_batch(paths, format, strict)
    handle, name = tempfile.mkstemp(dir=spool, suffix=".pickle")
    with os.fdopen(handle, "wb") as out:
        pickle.dump(pairs, out, protocol=pickle.HIGHEST_PROTOCOL)
    return name


def _read_spooled(name: str) -> list[tuple[Show, OverlapKeys]]:
    try:
        with open(name, "rb") as spooled:
            pairs: list[tuple[Show, OverlapKeys]] = pickle.load(spooled)
    finally:
        os.unlink(name)
    return pairs


def _batches(paths: Sequence[str], workers: int) -> list[list[str]]:
    sizes = []
    for path in paths:
        try:
            sizes.append(os.path.getsize(path))
        except OSError:
            sizes.append(0)  # reading it will report it
    target = sum(sizes) / (workers * _BATCHES_PER_WORKER)
    batches: list[list[str]] = []
    batch: list[str] = []
    filled = 0
    for path, size in zip(paths, sizes, strict=True):
        batch.append(path)
        filled += size
        if filled >= target or len(batch) >= _MAX_BATCH:
            batches.append(batch)
            batch, filled = [], 0
    if batch:
        batches.append(batch)
    return batches


def parse_many(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    workers: int | None = None,
    format: str | None = None,
    strict: bool = False,
    progress: Progress | None = None,
) -> Show:
    """Parse many files in parallel and merge them into one show.

    ``paths`` is a directory, a glob pattern, a file, or an iterable of these
    (see :func:`expand_paths`): a ``str`` is a path, as everywhere in
    paperledge, and data (``bytes``, an open file) raises :class:`TypeError`.
    The files are parsed by ``workers`` processes (default: one per CPU):
    this one and a pool of ``workers - 1`` others (``workers=1`` parses in
    this process, with no pool), each read as :func:`paperledge.load` reads
    it (``format`` and ``strict`` as there), and merged with
    :func:`paperledge.merge` in the order of the sorted paths, so the result
    does not depend on which worker finishes first; the paths name the
    sources, so a merge conflict's ``source`` is the file it comes from.

    A file that cannot be read, or that has a defect in strict mode, is not
    an error: it becomes a diagnostic whose ``source`` is the path (code
    ``unreadable``, or the defect's own code), and the other files are
    parsed as usual.  ``progress(done, total, path)`` is called as each file
    is finished, for a progress bar (see :func:`progress_bar`).

    An unknown ``format`` raises :class:`~paperledge.FormatError` at once.
    """
    if format is not None:
        fmt = get_format(format)
        if fmt.reader is None:
            raise FormatError(f"paperledge writes {fmt.name!r} but cannot read it")
    files = expand_paths(paths)
    if workers is None:
        workers = os.cpu_count() or 1
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    workers = min(workers, len(files))
    if workers <= 1:
        shows = []
        for done, path in enumerate(files, 1):
            shows.append(_parse_one(path, format, strict))
            if progress is not None:
                progress(done, len(files), path)
        return merge_in_order(shows, names=files)
    parsed = _parse_in_pool(files, workers, format, strict, progress)
    logger.debug("parsed %d files with %d workers", len(files), workers)
    return merge_in_order(
        [show for show, _keys in parsed], [keys for _show, keys in parsed], names=files
    )


def _parse_in_pool(
    files: list[str],
    workers: int,
    format: str | None,
    strict: bool,
    progress: Progress | None,
) -> list[tuple[Show, OverlapKeys]]:
    # The calling process is one of the ``workers``.  What a pool process
    # parses is pickled there and unpickled here, on a core the workers
    # need too; what the parent parses itself costs neither.  Every batch
    # is queued for the pool at once, which takes them from the front; the
    # parent takes them from the back, cancelling each queued future before
    # it parses its batch.  When a cancel fails, the pool has started every
    # batch left and the parent only collects: the two meet wherever their
    # speeds put them, with no batch parsed twice.
    batches = _batches(files, workers)
    results: dict[int, list[tuple[Show, OverlapKeys]]] = {}
    done = 0

    def finish(number: int, pairs: list[tuple[Show, OverlapKeys]]) -> None:
        nonlocal done
        results[number] = pairs
        if progress is not None:
            for path in batches[number]:
                done += 1
                progress(done, len(files), path)

    def collect(future: Future[str]) -> None:
        number = queued.pop(future)
        try:
            pairs = _read_spooled(future.result())
        except Exception as error:
            # A pool process died (killed, out of memory) or could not write
            # or read its results: its files are reported, the others count.
            logger.warning("a worker failed on %s", batches[number], exc_info=True)
            reason = (
                f"the worker process parsing it died ({error})"
                if isinstance(error, BrokenProcessPool)
                else f"the worker process parsing it failed: {type(error).__name__}: {error}"
            )
            failed = [_unreadable(path, reason) for path in batches[number]]
            pairs = [(show, overlap_keys(show)) for show in failed]
        finish(number, pairs)

    with tempfile.TemporaryDirectory(prefix="paperledge-") as spool:
        pool = ProcessPoolExecutor(max_workers=workers - 1, initializer=_leave_interrupts)
        try:
            futures = [
                pool.submit(_parse_batch_to_file, batch, format, strict, spool)
                for batch in batches
            ]
            queued = dict(zip(futures, range(len(batches)), strict=True))
            # The pool's thread says which futures are done: the parent
            # collects them between its batches without asking every future.
            finished: queue.SimpleQueue[Future[str]] = queue.SimpleQueue()
            for future in futures:
                future.add_done_callback(finished.put)
            for number in reversed(range(len(batches))):
                if not futures[number].cancel():
                    break
                del queued[futures[number]]
                finish(number, _parse_batch(batches[number], format, strict))
                while not finished.empty():
                    future = finished.get()
                    # A cancelled future is done too: it is no longer queued.
                    if future in queued:
                        collect(future)
            for future in as_completed(list(queued)):
                collect(future)
        finally:
            # On an interrupt, batches still queued are dropped, not run.
            pool.shutdown(wait=True, cancel_futures=True)
    return [pair for number in range(len(batches)) for pair in results[number]]


def _leave_interrupts() -> None:
    """In a worker: Ctrl-C is the parent's to handle (it cancels the work and shuts the pool).

    Whatever the start method (fork, spawn, forkserver), a worker that took
    SIGINT itself would die with a traceback of its own.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _digest(text: str) -> bytes:
    # Keys travel between processes as short digests of their text (str
    # hashes differ from process to process).  A collision can only make
    # the check say "may overlap", which is always safe.
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=12).digest()


#: A match key (paperledge._model.matching.Key) with its text as a digest.
Key = tuple[str, int, bytes]


@attrs.frozen
class OverlapKeys:
    """What :func:`paperledge.merge` could match an episode of a show on, as digests.

    ``keys``: each episode's identity (guid, URL, day and title, day and
    opening); ``probes``: the keys an episode of another show would match it
    on (the keys, and the title a day before and after); ``internal``: two
    episodes of the show itself may match each other.
    """

    keys: frozenset[Key]
    probes: frozenset[Key]
    internal: bool


def overlap_keys(show: Show) -> OverlapKeys:
    """The :class:`OverlapKeys` of ``show`` (computed in the workers)."""
    keys: set[Key] = set()
    probes: set[Key] = set()
    internal = False
    for episode in show.episodes:
        own_keys, near_keys = identity_keys(episode)
        own = [(rule, day, _digest(text)) for rule, day, text in own_keys]
        near = [(rule, day, _digest(text)) for rule, day, text in near_keys]
        if not internal and any(probe in keys for probe in near):
            internal = True
        keys.update(own)
        probes.update(near)
    return OverlapKeys(keys=frozenset(keys), probes=frozenset(probes), internal=internal)


def _may_overlap(shows: Sequence[Show], keys: Sequence[OverlapKeys] | None = None) -> bool:
    """Whether :func:`paperledge.merge` could match any two episodes of ``shows``.

    A necessary condition for every rule of merge's matching (the same
    guid; the same URL; a date at most a day apart with the same title; the
    same day with the same opening), checked on hashed keys in linear time.
    False means merge would match nothing; True only that it might.
    """
    if keys is None:
        keys = [overlap_keys(show) for show in shows]
    seen: set[Key] = set()
    for each in keys:
        if each.internal or not seen.isdisjoint(each.probes):
            return True
        seen.update(each.keys)
    return False


def _in_merge_order(episodes: Sequence[Episode]) -> bool:
    """Whether ``episodes`` are already newest first, undated last, as merge orders them."""
    previous: dt.date | None = dt.date.max
    for episode in episodes:
        day = episode.published
        if day is None:
            previous = None
        elif previous is None or day > previous:
            return False
        else:
            previous = day
    return True


def merge_in_order(
    shows: Sequence[Show],
    keys: Sequence[OverlapKeys] | None = None,
    *,
    names: Sequence[str] | None = None,
) -> Show:
    """``paperledge.merge(*shows, names=names)``, with a fast path for shows that cannot overlap.

    Merging matches every episode against the episodes before it; in
    :func:`parse_many` that would keep the parent process busy after the
    workers are done (``benchmarks/bench_merge.py`` measures it).  Pages of an
    archive usually share no episode: when no two episodes could match
    (:func:`_may_overlap`), the result is the merge of the headers alone
    with the episodes in merge's order (newest first, stable), which is
    what the full merge gives then.  ``keys``, when given, are the shows'
    :func:`overlap_keys`, computed elsewhere (in the workers).
    """
    if len(shows) <= 1 or _may_overlap(shows, keys):
        return merge(*shows, names=names)
    header = merge(*(attrs.evolve(show, episodes=()) for show in shows), names=names)
    episodes = [episode for show in shows for episode in show.episodes]
    if not _in_merge_order(episodes):
        # One show: no matching, only merge's ordering.
        episodes = list(merge(Show(episodes=episodes)).episodes)
    return attrs.evolve(header, episodes=episodes)


def progress_bar(stream: TextIO | None = None, *, width: int = 30) -> Progress | None:
    """A :data:`Progress` callback drawing a bar on ``stream`` (default: stderr).

    Returns ``None`` when ``stream`` is not a terminal, so that logs and
    pipes get no control characters.  The bar redraws one line and ends it
    when the last file is done.
    """
    out = stream if stream is not None else sys.stderr
    if not out.isatty():
        return None

    def draw(done: int, total: int, _path: str) -> None:
        filled = width * done // total if total else width
        bar = "#" * filled + "-" * (width - filled)
        out.write(f"\r[{bar}] {done}/{total} files")
        if done >= total:
            out.write("\n")
        out.flush()

    return draw


class Writable(Protocol):
    """What :func:`stream_jsonl` writes to: a text stream's ``write`` and ``flush``."""

    def write(self, text: str, /) -> object: ...

    def flush(self) -> object: ...


def stream_jsonl(
    source: str | bytes | os.PathLike[str] | IO[bytes] | IO[str] | Iterable[str | bytes],
    out: Writable,
    *,
    format: str | None = None,
    strict: bool = False,
    on_diagnostic: Callable[[Diagnostic], None] | None = None,
) -> int:
    """Write the episodes of ``source`` to ``out`` as JSON Lines as they are read.

    ``source`` is what :func:`paperledge.iter_episodes` takes (a path, an
    open binary file such as ``sys.stdin.buffer``, an iterable of chunks).
    Each episode is written, and ``out`` flushed, as soon as it is complete,
    so ``paperledge parse huge.txt -f jsonl | head`` prints at once and
    memory stays bounded by the largest episode.  Returns the number of
    episodes written.  A closed pipe (:class:`BrokenPipeError`) propagates:
    the caller decides how to end.
    """
    writer = get_format("jsonl").writer
    assert writer is not None
    count = 0
    for episode in iter_episodes(
        source, format=format, strict=strict, on_diagnostic=on_diagnostic
    ):
        out.write(writer(Show(episodes=(episode,))))
        count += 1
        # Flush the first lines at once (a reader is waiting), then in
        # batches: a flush per line costs a system call per episode.
        if count <= 8 or count % 256 == 0:
            out.flush()
    out.flush()
    return count
