"""Benchmark: paperledge at scale: big dumps, big feeds, every core, a Dask cluster.

Run: ``python benchmarks/bench_scale.py`` (a quick run: 10, 50 and 100 MB of
text; 1x and 10x feeds) or, for the full run behind docs/scale.md::

    python benchmarks/bench_scale.py --sizes 10 100 500 --feeds 1 10 100

Everything is generated with :class:`paperledge.testing.Archive` into a
temporary directory (``--workdir`` to choose where).  Measured in one run:

- streaming a text dump with ``iter_episodes(Path)`` at each size, and
  reading it whole with ``load`` up to ``--whole-max`` MB: each in a fresh
  child process, whose peak RSS (``ru_maxrss``) is the memory figure; the
  time is taken inside the child, without interpreter start-up;
- feeds of 400 items (the real feed's size) times each ``--feeds`` factor,
  streamed with ``iter_episodes(Path)`` at every size, and read whole with
  ``load`` where the feed fits under ``MAX_FEED_BYTES`` (256 MiB);
- ``stream_jsonl`` (what ``paperledge parse huge.txt -f jsonl`` runs) on the
  smallest dump;
- ``parse_many`` with 1 and 2 workers over ``--many-files`` dumps totalling
  ``--many-mb`` MB (large files, so process start-up does not dominate), and
  over ``--pages`` listing pages of 8 episodes, interleaved with the machine's
  ceiling for the same work: the files parsed by two processes that send
  nothing back (no pool, no pickling, no merge);
- the Dask bag on a ``LocalCluster`` (2 worker processes, 1 thread each)
  over the same listing pages.

The machine is shared and noisy: times are the best of ``--repeat`` runs.
Prints Markdown tables; ``--json`` saves the figures, ``--plot`` draws time
and memory against input size (matplotlib).
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import multiprocessing
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import paperledge
from paperledge._formats.feed.reader import MAX_FEED_BYTES
from paperledge._scale.many import _parse_one, expand_paths, parse_many, stream_jsonl
from paperledge.testing import Archive

FEED_ITEMS = 400  # the real feed: about 400 items


# -- the child process: one measurement, reported as JSON on stdout ---------------


def child(kind: str, path: str) -> None:
    start = time.perf_counter()
    codes: list[str] = []
    if kind == "noop":
        episodes = 0
    elif kind == "stream":
        episodes = sum(1 for _ in paperledge.iter_episodes(Path(path)))
    elif kind == "whole":
        show = paperledge.load(path)
        episodes = len(show.episodes)
        codes = sorted({d.code for d in show.diagnostics})
    elif kind == "jsonl":
        with open(os.devnull, "w", encoding="utf-8") as out:
            episodes = stream_jsonl(Path(path), out)
    else:
        raise SystemExit(f"unknown kind {kind}")
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux
    print(json.dumps({"seconds": seconds, "episodes": episodes, "peak_rss": peak, "codes": codes}))


def in_child(kind: str, path: Path | str, repeat: int) -> dict[str, Any]:
    """Best time of ``repeat`` fresh children; the peak RSS of the first."""
    results = []
    for _ in range(repeat):
        output = subprocess.run(
            [sys.executable, __file__, "--child", kind, str(path)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        results.append(json.loads(output))
    best = min(results, key=lambda r: r["seconds"])
    best["peak_rss"] = max(r["peak_rss"] for r in results)
    return best


def best_of(repeat: int, function: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def mb(size: float) -> float:
    return size / 1_000_000


# -- the measurements ----------------------------------------------------------------


def bench_text(work: Path, sizes: list[float], whole_max: float, repeat: int) -> dict[str, Any]:
    base = in_child("noop", "-", 1)["peak_rss"]
    dumps = []
    for size in sizes:
        path = work / f"dump-{size:g}.txt"
        archive = Archive.for_megabytes(size)
        start = time.perf_counter()
        written = archive.write_text_dump(path)
        dumps.append((size, path, archive, written, time.perf_counter() - start))
    # Rounds over every size in turn: a busy spell on the shared machine then
    # slows one round of every size, not every run of one size.
    best: dict[tuple[str, float], dict[str, Any]] = {}
    for _round in range(repeat):
        for size, path, archive, _written, _generate in dumps:
            kinds = ["stream"]
            if size <= whole_max:
                kinds.append("whole")
            if size == sizes[0]:
                kinds.append("jsonl")
            for kind in kinds:
                result = in_child(kind, path, 1)
                assert result["episodes"] == archive.count, (kind, result, archive.count)
                previous = best.get((kind, size))
                if previous is None or result["seconds"] < previous["seconds"]:
                    if previous is not None:
                        result["peak_rss"] = max(result["peak_rss"], previous["peak_rss"])
                    best[kind, size] = result
                elif result["peak_rss"] > previous["peak_rss"]:
                    previous["peak_rss"] = result["peak_rss"]
        print(f"  text round {_round + 1} done", file=sys.stderr)
    rows = []
    for size, path, archive, written, generate in dumps:
        row: dict[str, Any] = {
            "megabytes": mb(written),
            "episodes": archive.count,
            "generate_seconds": generate,
        }
        for kind, prefix in (("stream", "stream"), ("whole", "whole"), ("jsonl", "jsonl")):
            if (kind, size) in best:
                row[f"{prefix}_seconds"] = best[kind, size]["seconds"]
                row[f"{prefix}_peak_rss"] = best[kind, size]["peak_rss"]
        rows.append(row)
        path.unlink()
    return {"baseline_rss": base, "rows": rows}


def bench_feeds(work: Path, factors: list[int], repeat: int) -> list[dict[str, Any]]:
    rows = []
    for factor in factors:
        path = work / f"feed-{factor}x.xml"
        archive = Archive(FEED_ITEMS * factor)
        written = archive.write_feed(path)
        # iter_episodes streams a feed (.xml: the rss format) at any size;
        # load reads it whole, which it cuts at MAX_FEED_BYTES: only run
        # where the whole feed fits.
        stream = in_child("stream", path, repeat)
        row: dict[str, Any] = {
            "factor": factor,
            "items": archive.count,
            "episodes_read": stream["episodes"],
            "megabytes": mb(written),
            "stream_seconds": stream["seconds"],
            "stream_peak_rss": stream["peak_rss"],
        }
        if written <= MAX_FEED_BYTES:
            whole = in_child("whole", path, repeat)
            row.update(
                whole_episodes=whole["episodes"],
                codes=whole["codes"],
                whole_seconds=whole["seconds"],
                whole_peak_rss=whole["peak_rss"],
            )
        rows.append(row)
        path.unlink()
        print(f"  feed {factor}x done", file=sys.stderr)
    return rows


def _parse_files(paths: list[str]) -> None:
    for path in paths:
        _parse_one(path, None, False)


def _halves(paths: list[str]) -> tuple[list[str], list[str]]:
    # Split where the bytes are even, not the file count.
    sizes = [os.path.getsize(p) for p in paths]
    total, running = sum(sizes), 0
    for index, size in enumerate(sizes):
        running += size
        if running * 2 >= total:
            return paths[: index + 1], paths[index + 1 :]
    return paths, []


def ceiling(paths: list[str]) -> None:
    """The same files parsed by two processes that send nothing back.

    What two cores of this machine give this very work with no pool, no
    pickling and no merge: the most parse_many's 2 workers could reach.
    On a virtual machine whose two cores share a physical one, or a busy
    host, this is well below 2x.
    """
    first, second = _halves(paths)
    other = multiprocessing.Process(target=_parse_files, args=(first,))
    other.start()
    _parse_files(second)
    other.join()


def bench_many(work: Path, files: int, total_mb: float, pages: int, repeat: int) -> dict[str, Any]:
    big = work / "big"
    big.mkdir()
    per_file = Archive.for_megabytes(total_mb / files)
    size = 0
    for number in range(files):
        # Each file its own stretch of days, newest first in name order.
        archive = Archive(
            per_file.count,
            newest=per_file.newest - (number * (per_file.count // 8 + 2)) * _DAY,
        )
        size += archive.write_text_dump(big / f"part-{number:03d}.txt")
    small = work / "pages"
    Archive(pages * 8).write_text_pages(small)
    small_size = sum(p.stat().st_size for p in small.iterdir())
    result: dict[str, Any] = {
        "big": {"files": files, "megabytes": mb(size)},
        "pages": {"files": pages, "megabytes": mb(small_size)},
    }
    for name, folder in (("big", big), ("pages", small)):
        one = parse_many(folder, workers=1)
        two = parse_many(folder, workers=2)
        assert one == two
        paths = expand_paths(folder)
        runs: dict[str, Callable[[], object]] = {
            "serial": functools.partial(_parse_files, paths),
            "ceiling": functools.partial(ceiling, paths),
            "workers_1": functools.partial(parse_many, folder, workers=1),
            "workers_2": functools.partial(parse_many, folder, workers=2),
        }
        best = dict.fromkeys(runs, float("inf"))
        cpu_of: dict[str, tuple[float, float]] = {}
        # Interleaved rounds, best of each: a noisy neighbour hurts every
        # figure of a round alike, and the best round is the least disturbed.
        for _ in range(repeat):
            for key, run in runs.items():
                before = (cpu(resource.RUSAGE_SELF), cpu(resource.RUSAGE_CHILDREN))
                start = time.perf_counter()
                run()
                elapsed = time.perf_counter() - start
                if elapsed < best[key]:
                    best[key] = elapsed
                    cpu_of[key] = (
                        cpu(resource.RUSAGE_SELF) - before[0],
                        cpu(resource.RUSAGE_CHILDREN) - before[1],
                    )
        row = result[name]
        for key, seconds in best.items():
            row[key] = seconds
            row[f"{key}_parent_cpu"], row[f"{key}_children_cpu"] = cpu_of[key]
        row["episodes"] = len(one.episodes)
        row["speedup"] = best["workers_1"] / best["workers_2"]
        row["ceiling_speedup"] = best["serial"] / best["ceiling"]
        print(f"  parse_many {name} done", file=sys.stderr)
    return result


_DAY = dt.timedelta(days=1)


def bench_dask(work: Path, repeat: int) -> dict[str, Any]:
    from distributed import Client, LocalCluster

    import paperledge.dask as pld

    folder = work / "pages"
    size = sum(p.stat().st_size for p in folder.iterdir())
    files = len(list(folder.iterdir()))
    start = time.perf_counter()
    cluster = LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    )
    with cluster, Client(cluster) as client:
        started = time.perf_counter() - start
        bag = pld.read_pages(folder, files_per_partition=25)
        # The first task on each worker imports paperledge: not part of the figure.
        client.compute(bag.count()).result()
        count = best_of(repeat, lambda: client.compute(bag.count()).result())
        gather = best_of(repeat, lambda: client.compute(bag).result())
        frame = pld.to_dataframe(bag)
        grouped = best_of(
            repeat, lambda: client.compute(frame.groupby("category").size()).result()
        )
        episodes = client.compute(bag).result()
        assert tuple(episodes) == parse_many(folder, workers=1).episodes
    print("  dask done", file=sys.stderr)
    return {
        "files": files,
        "megabytes": mb(size),
        "episodes": len(episodes),
        "cluster_start_seconds": started,
        "count_seconds": count,
        "gather_seconds": gather,
        "groupby_seconds": grouped,
    }


# -- output ------------------------------------------------------------------------------


def report(results: dict[str, Any]) -> str:
    out = []
    text = results["text"]
    rows = text["rows"]
    base = mb(text["baseline_rss"])
    out.append(f"Text dumps (child baseline RSS, Python + paperledge: {base:.0f} MB)\n")
    out.append(
        "| dump | episodes | stream s | stream MB/s | s per 100 MB | stream peak RSS "
        "| whole load s | whole peak RSS |"
    )
    out.append("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        rate = row["megabytes"] / row["stream_seconds"]
        whole = (
            f"{row['whole_seconds']:.2f} | {mb(row['whole_peak_rss']):.0f} MB"
            if "whole_seconds" in row
            else "- | -"
        )
        out.append(
            f"| {row['megabytes']:.0f} MB | {row['episodes']:,} | {row['stream_seconds']:.2f} "
            f"| {rate:.1f} | {100 / rate:.2f} | {mb(row['stream_peak_rss']):.0f} MB | {whole} |"
        )
    costs = [r["stream_seconds"] / r["megabytes"] for r in rows]
    out.append(
        f"\nCost per MB, largest over smallest dump: {costs[-1] / costs[0]:.2f} "
        f"(spread max/min {max(costs) / min(costs):.2f})."
    )
    first = rows[0]
    if "jsonl_seconds" in first:
        out.append(
            f"stream_jsonl on {first['megabytes']:.0f} MB: {first['jsonl_seconds']:.2f} s "
            f"({first['megabytes'] / first['jsonl_seconds']:.1f} MB/s), "
            f"peak RSS {mb(first['jsonl_peak_rss']):.0f} MB."
        )
    out.append(
        "Generating the dumps: "
        + ", ".join(f"{r['megabytes']:.0f} MB in {r['generate_seconds']:.1f} s" for r in rows)
        + "."
    )
    if results.get("feeds"):
        base = mb(results["text"]["baseline_rss"])
        out.append(
            f"\nFeeds (400 items = 1x): streamed with iter_episodes, and read whole with load "
            f"where the feed fits under MAX_FEED_BYTES (child baseline RSS {base:.0f} MB)\n"
        )
        out.append(
            "| feed | items | size | stream s | stream MB/s | stream peak RSS "
            "| whole load s | whole MB/s | whole peak RSS |"
        )
        out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for row in results["feeds"]:
            size = row["megabytes"]
            read = row["episodes_read"]
            note = "" if read == row["items"] else f" (streamed {read:,})"
            whole = "- | - | -"
            if "whole_seconds" in row:
                cut = "" if row["whole_episodes"] == row["items"] else " (cut)"
                whole = (
                    f"{row['whole_seconds']:.2f}{cut} | {size / row['whole_seconds']:.1f} "
                    f"| {mb(row['whole_peak_rss']):.0f} MB"
                )
            out.append(
                f"| {row['factor']}x | {row['items']:,}{note} | {size:.1f} MB "
                f"| {row['stream_seconds']:.2f} | {size / row['stream_seconds']:.1f} "
                f"| {mb(row['stream_peak_rss']):.0f} MB | {whole} |"
            )
    many = results.get("many")
    if many:
        out.append("\nparse_many on 2 cores\n")
        out.append(
            "| input | episodes | 1 worker s | 2 workers s | speed-up "
            "| ceiling: serial s / 2 processes s | ceiling speed-up | share of ceiling |"
        )
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|")
        for name in ("big", "pages"):
            row = many[name]
            out.append(
                f"| {row['files']} files, {row['megabytes']:.0f} MB | {row['episodes']:,} "
                f"| {row['workers_1']:.3f} | {row['workers_2']:.3f} | {row['speedup']:.2f}x "
                f"| {row['serial']:.3f} / {row['ceiling']:.3f} | {row['ceiling_speedup']:.2f}x "
                f"| {row['speedup'] / row['ceiling_speedup']:.0%} |"
            )
        out.append(
            "\nThe ceiling parses the same files in two processes that send nothing back "
            "(no pool, no pickling, no merge): the most two cores of this machine give this work."
        )
    dask = results.get("dask")
    if dask:
        out.append(
            f"\nDask LocalCluster (2 processes x 1 thread) over {dask['files']} pages, "
            f"{dask['megabytes']:.0f} MB, {dask['episodes']:,} episodes: "
            f"cluster start {dask['cluster_start_seconds']:.1f} s; "
            f"count {dask['count_seconds']:.2f} s "
            f"({dask['megabytes'] / dask['count_seconds']:.1f} MB/s); "
            f"gather every episode {dask['gather_seconds']:.2f} s; "
            f"to_dataframe + groupby {dask['groupby_seconds']:.2f} s."
        )
    return "\n".join(out)


def plot(results: dict[str, Any], target: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = results["text"]["rows"]
    sizes = [r["megabytes"] for r in rows]
    figure, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    left.plot(sizes, [r["stream_seconds"] for r in rows], "o-", label="iter_episodes (stream)")
    whole = [r for r in rows if "whole_seconds" in r]
    if whole:
        left.plot(
            [r["megabytes"] for r in whole],
            [r["whole_seconds"] for r in whole],
            "s--",
            label="load (whole show)",
        )
    feeds = results.get("feeds") or []
    if feeds:
        left.plot(
            [r["megabytes"] for r in feeds],
            [r["stream_seconds"] for r in feeds],
            "^:",
            label="feed stream",
        )
    left.set_xlabel("input size (MB)")
    left.set_ylabel("time (s)")
    left.set_title("Time against input size")
    left.legend()
    left.grid(True, alpha=0.3)
    right.plot(sizes, [mb(r["stream_peak_rss"]) for r in rows], "o-", label="stream")
    if whole:
        right.plot(
            [r["megabytes"] for r in whole],
            [mb(r["whole_peak_rss"]) for r in whole],
            "s--",
            label="load (whole show)",
        )
    if feeds:
        right.plot(
            [r["megabytes"] for r in feeds],
            [mb(r["stream_peak_rss"]) for r in feeds],
            "^:",
            label="feed stream",
        )
    right.axhline(100, color="grey", linestyle=":", label="100 MB")
    right.set_xlabel("input size (MB)")
    right.set_ylabel("peak RSS of the process (MB)")
    right.set_title("Peak memory against input size")
    right.legend()
    right.grid(True, alpha=0.3)
    figure.tight_layout()
    target.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(target, dpi=100)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    parser.add_argument("--sizes", type=float, nargs="+", default=[10, 50, 100])
    parser.add_argument("--feeds", type=int, nargs="*", default=[1, 10])
    parser.add_argument("--whole-max", type=float, default=100, help="load whole up to this MB")
    parser.add_argument("--many-files", type=int, default=16)
    parser.add_argument("--many-mb", type=float, default=40)
    parser.add_argument("--pages", type=int, default=300, help="listing pages for parse_many/Dask")
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--plot", type=Path, default=None)
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child)
        return 0
    with tempfile.TemporaryDirectory(dir=args.workdir) as folder:
        work = Path(folder)
        results: dict[str, Any] = {"python": sys.version.split()[0], "cpus": os.cpu_count()}

        def save() -> None:
            # After each part: a long run that fails late keeps its figures.
            if args.json:
                args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")

        results["text"] = bench_text(work, args.sizes, args.whole_max, args.repeat)
        save()
        results["feeds"] = bench_feeds(work, args.feeds, args.repeat)
        save()
        results["many"] = bench_many(work, args.many_files, args.many_mb, args.pages, args.repeat)
        save()
        if not args.no_dask:
            results["dask"] = bench_dask(work, args.repeat)
            save()
    print(report(results))
    if args.plot:
        plot(results, args.plot)
    return 0


if __name__ == "__main__":
    sys.exit(main())
