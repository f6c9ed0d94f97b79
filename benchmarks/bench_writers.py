"""Episodes per second for every registered writer (issue 4, part 6).

Run from the repository: ``python benchmarks/bench_writers.py [--episodes N]``.

The show is built from the three seed pages shipped with the package: their
24 episodes repeated with distinct dates, guids, page and audio URLs and
durations until there are about 2400 (a few months of the real archive), so
that every writer has every field to write.  Each writer runs several times;
the best run is reported (the least disturbed by the rest of the machine).

Then the CSV writer's quoting, written by hand, against the ``csv`` module
writing the same rows (the same text: ``tests/formats/csv`` checks it).  The
hand-written quoting is kept while it saves at least a tenth of the writer's
time.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import platform
import time

import attrs

import paperledge
from paperledge import Episode, Show
from paperledge._formats import csv as csv_format


def build_show(count: int) -> Show:
    """A show of ``count`` episodes made from the seed pages."""
    pages = [paperledge.parse_text(path.read_bytes()) for path in paperledge.sample_paths()]
    seeds = [episode for page in pages for episode in page.episodes]
    start = dt.datetime(2025, 10, 2, 9, 0, tzinfo=dt.timezone.utc)
    episodes: list[Episode] = []
    for index in range(count):
        seed = seeds[index % len(seeds)]
        moment = start - dt.timedelta(hours=8 * index)
        slug = f"episode-{index:05d}"
        episodes.append(
            attrs.evolve(
                seed,
                published=moment.date(),
                published_at=moment,
                guid=f"paperledge-{index:05d}",
                url=f"https://paperledge.podbean.com/e/{slug}/",
                audio_url=f"https://mcdn.podbean.com/mf/web/x{index:05d}/{slug}.mp3",
                audio_type="audio/mpeg",
                audio_length=4_000_000 + index,
                duration=dt.timedelta(seconds=300 + index % 400),
            )
        )
    first = pages[0]
    return Show(
        title=first.title,
        description=first.description,
        host=first.host,
        url="https://paperledge.podbean.com/",
        feed_url="https://feed.podbean.com/paperledge/feed.xml",
        episodes=episodes,
    )


def measure(write: object, show: Show, repeats: int) -> tuple[float, int]:
    """The best time of ``repeats`` runs of ``write(show)``, and the output size."""
    assert callable(write)
    best = float("inf")
    size = 0
    for _ in range(repeats):
        began = time.perf_counter()
        out = write(show)
        elapsed = time.perf_counter() - began
        best = min(best, elapsed)
        size = len(out.encode("utf-8"))
    return best, size


def main() -> None:
    """Print a table of episodes per second, per writer format."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--episodes", type=int, default=2400)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    show = build_show(args.episodes)
    print(
        f"paperledge {paperledge.__version__}, Python {platform.python_version()}, "
        f"{len(show.episodes)} episodes, best of {args.repeats} runs"
    )
    print()
    print(f"{'format':<10} {'episodes/s':>12} {'ms/run':>9} {'output MB':>10} {'MB/s':>8}")
    print("-" * 53)
    for fmt in sorted(paperledge.formats(), key=lambda f: f.name):
        if fmt.writer is None:
            continue
        try:
            seconds, size = measure(fmt.writer, show, args.repeats)
        except Exception as error:  # a writer still being written must not stop the rest
            print(f"{fmt.name:<10} {'failed: ' + type(error).__name__:>12}")
            continue
        megabytes = size / 1e6
        print(
            f"{fmt.name:<10} {len(show.episodes) / seconds:>12,.0f} {seconds * 1000:>9.1f} "
            f"{megabytes:>10.1f} {megabytes / seconds:>8.1f}"
        )
    csv_quoting(show, args.repeats)


def _csv_module(show: Show) -> str:
    """The CSV writer's rows, quoted by the ``csv`` module."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(csv_format.COLUMNS)
    writer.writerows(csv_format._row(episode) for episode in show.episodes)
    return out.getvalue()


def csv_quoting(show: Show, repeats: int) -> None:
    """Print what the hand-written CSV quoting saves against the csv module."""
    assert _csv_module(show) == csv_format.write_csv(show)
    general, _ = measure(_csv_module, show, repeats)
    own, _ = measure(csv_format.write_csv, show, repeats)
    print()
    print(
        f"csv quoting: csv module {general * 1000:.1f} ms, paperledge's {own * 1000:.1f} ms "
        f"(saves {1 - own / general:.0%}; kept while at least 10%)"
    )


if __name__ == "__main__":
    main()
