"""Benchmark: the text-dump parser against decoding and splitting the same bytes.

Run: ``python benchmarks/bench_text.py [--megabytes 10] [--repeat 5]``

Builds a ~10 MB archive from the three sample pages (concatenated, as a crawl
of many listing pages would be), then measures in one run:

- decode + splitlines: ``data.decode("utf-8").splitlines()``, the floor any
  line-based parser stands on;
- ``parse_text``: the whole archive into one Show;
- ``iter_episodes``: streaming from a file, and its peak traced memory
  against the size of the largest episode (tracemalloc, a separate pass).

``--instructions`` counts instructions per call instead (callgrind), of
parse_text and of ``data.decode("utf-8").split("\\n")`` on the same bytes.

Times are the best of ``--repeat`` runs (the machine is shared; the best run
is the least disturbed).  Prints a Markdown table for docs/performance.md.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import _callgrind
import paperledge


def build_archive(megabytes: float) -> bytes:
    pages = [path.read_bytes() for path in paperledge.sample_paths()]
    unit = b"".join(page if page.endswith(b"\n") else page + b"\n" for page in pages)
    copies = max(1, round(megabytes * 1_000_000 / len(unit)))
    return unit * copies


def best_of(repeat: int, function: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def peak_memory(function: Callable[[], object]) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


_INSTRUCTIONS_SETUP = """
import datetime as dt
import gc
import paperledge
from paperledge.testing import Archive
seeds = b"".join(path.read_bytes() + b"\\n" for path in paperledge.sample_paths())
size = Archive.for_megabytes(1.0).count


def archive(newest):
    return "".join(Archive(size, newest=newest).iter_text()).encode()


inputs = iter(MAKE)
gc.collect()
# What the set-up made is no garbage: collections in the measured calls
# need not walk it.
gc.freeze()
"""


def count_instructions() -> int:
    """Instructions per call of parse_text and of decoding and splitting the same bytes.

    Two inputs: the three seed pages (one dump), and a 1 MB archive of
    generated pages (paperledge.testing.Archive).  Each call reads an input
    of its own: the archives are older and older stretches of one show (no
    date shared), as a crawl reads them.
    """
    if not _callgrind.available():
        sys.exit("--instructions needs valgrind")
    inputs = [
        ("three seed pages", "[seeds] * 6", 5),
        (
            "1 MB archive",
            "[archive(dt.date(2025, 10, 2) - dt.timedelta(days=400 * k)) for k in range(3)]",
            2,
        ),
    ]
    print(f"paperledge {paperledge.__version__}, Python {sys.version.split()[0]}")
    print(f"{'input':<20} {'decode+split':>13} {'parse_text':>12} {'text/split':>11}")
    for label, make, number in inputs:
        setup = _INSTRUCTIONS_SETUP.replace("MAKE", make)
        bare = _callgrind.instructions(setup, "next(inputs).decode('utf-8').split('\\n')", number)
        ours = _callgrind.instructions(setup, "paperledge.parse_text(next(inputs))", number)
        print(f"{label:<20} {bare / 1e6:>11.2f}M {ours / 1e6:>10.2f}M {ours / bare:>10.2f}x")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=10.0)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="count instructions per call with callgrind (parse_text and decode + split)",
    )
    args = parser.parse_args(argv)
    if args.instructions:
        return count_instructions()

    data = build_archive(args.megabytes)
    size_mb = len(data) / 1_000_000
    show = paperledge.parse_text(data)
    episodes = len(show.episodes)
    largest = max(
        len(e.description.encode()) + sum(len(a.name) for a in e.authors) for e in show.episodes
    )

    baseline = best_of(args.repeat, lambda: data.decode("utf-8").splitlines())
    parse = best_of(args.repeat, lambda: paperledge.parse_text(data))

    with tempfile.TemporaryDirectory() as folder:
        paths = {}
        for factor in (0.1, 1, 4):
            paths[factor] = Path(folder) / f"archive-{factor}.txt"
            paths[factor].write_bytes(build_archive(args.megabytes * factor))

        def stream(path: Path, collect: bool = False) -> None:
            for number, _ in enumerate(paperledge.iter_episodes(path)):
                if collect and number % 100 == 0:
                    gc.collect()

        streaming = best_of(args.repeat, lambda: stream(paths[1]))
        stream_peaks = {
            factor: peak_memory(lambda p=path: stream(p)) for factor, path in paths.items()
        }
        # CPython keeps freed tuples, lists and dicts on per-type free lists
        # for reuse; tracemalloc counts them as allocated until a full
        # collection clears the lists.  Clearing them now and then shows the
        # memory the parser itself holds.
        collected_peaks = {
            factor: peak_memory(lambda p=path: stream(p, collect=True))
            for factor, path in paths.items()
        }
    parse_peak = peak_memory(lambda: paperledge.parse_text(data))

    rows = [
        ("decode + splitlines", baseline, None),
        ("parse_text", parse, parse / baseline),
        ("iter_episodes (file)", streaming, streaming / baseline),
    ]
    print(f"archive: {size_mb:.1f} MB, {episodes} episodes; best of {args.repeat} runs")
    print(f"python {sys.version.split()[0]}, paperledge {paperledge.__version__}")
    print()
    print("| step | time (ms) | MB/s | x decode+split |")
    print("|---|---:|---:|---:|")
    for name, seconds, ratio in rows:
        shown = "1.0" if ratio is None else f"{ratio:.1f}"
        print(f"| {name} | {seconds * 1000:.0f} | {size_mb / seconds:.0f} | {shown} |")
    print()
    print("| memory (tracemalloc peak) | MB |")
    print("|---|---:|")
    print(f"| parse_text, {size_mb:.0f} MB archive | {parse_peak / 1e6:.1f} |")
    for factor, peak in stream_peaks.items():
        print(f"| iter_episodes, {size_mb * factor:.0f} MB archive | {peak / 1e6:.2f} |")
    for factor, peak in collected_peaks.items():
        print(
            f"| iter_episodes, {size_mb * factor:.0f} MB archive, free lists cleared "
            f"every 100 episodes | {peak / 1e6:.2f} |"
        )
    print(f"| largest episode (text + names) | {largest / 1e6:.3f} |")
    growth = collected_peaks[4] - collected_peaks[0.1]
    print()
    print(
        f"streaming peak growth from {size_mb * 0.1:.0f} MB to {size_mb * 4:.0f} MB of input: "
        f"{growth / 1e6:.3f} MB (target: under 3 x largest episode = {3 * largest / 1e6:.3f} MB; "
        f"the rest is a constant: one 64 KiB read held as bytes, text and lines)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
