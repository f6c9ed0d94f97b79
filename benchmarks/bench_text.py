"""Benchmark: the text-dump parser against decoding and splitting the same bytes.

Run: ``python benchmarks/bench_text.py [--megabytes 10] [--repeat 5]``

Builds a ~10 MB archive from the three sample pages (concatenated, as a crawl
of many listing pages would be), then measures in one run:

- decode + splitlines: ``data.decode("utf-8").splitlines()``, the floor any
  line-based parser stands on;
- ``parse_text``: the whole archive into one Show;
- ``iter_episodes``: streaming from a file, and its peak traced memory
  against the size of the largest episode (tracemalloc, a separate pass).

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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=10.0)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

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
