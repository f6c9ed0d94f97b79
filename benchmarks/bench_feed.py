"""Benchmark: reading a 400-item podcast feed, and writing one.

Run from the repository root::

    python benchmarks/bench_feed.py [--items 400] [--repeat 7] [--instructions] [--chunking 5000]

The feed is built from the seed content (tests/fixtures/feed/podbean_sample.xml:
the 24 seed episodes as Podbean would serve them), its items cycled with new
guids, titles and dates until there are ``--items`` of them (about 2 MB for
400).  Every reader parses the same bytes in the same run; each figure is the
best of ``--repeat`` interleaved rounds, timed in CPU time of this process
(``--clock cpu``, the default: on a shared machine, time other processes take
the CPU for is not the reader's) or in wall time (``--clock wall``); the
garbage of the previous reader is collected before each is timed.  Targets
(issue 4): parse_feed at least 15x faster than feedparser, at least 2x faster
than podcastparser, and at most 4x slower than bare ``lxml.etree.fromstring``.

``--instructions`` also counts, in the same run, the instructions one call
of each reader executes (valgrind's callgrind, :mod:`_callgrind`) on a feed
of ``--instruction-items`` items (60 by default: callgrind runs a program
some fifty times slower, feedparser most of all): figures that do not move
with the machine's load.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import gc
import io
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lxml import etree

import _callgrind
import paperledge

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "tests" / "fixtures" / "feed" / "podbean_sample.xml"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


def _with_references(html: str) -> str:
    # As many publishing tools write show notes: every character past ASCII,
    # and the apostrophe, as a numeric character reference.
    return "".join(f"&#{ord(c)};" if ord(c) > 127 or c == "'" else c for c in html)


def _long_notes(html: str) -> str:
    # Long show notes: the episode's HTML eight times, with links and a list.
    extra = (
        '<p>Links: <a href="https://arxiv.org/abs/2106.09685">the paper</a>, '
        '<a href="https://example.org/code">the code</a>.</p>'
        "<ul><li>First point</li><li>Second <em>point</em></li></ul>"
    )
    return (html + extra) * 8


SHAPES = {"podbean": None, "references": _with_references, "long-notes": _long_notes}


def build_feed(items: int, shape: str = "podbean") -> bytes:
    """A Podbean-shaped feed of ``items`` items made from the seed episodes.

    ``shape`` changes each item's ``content:encoded``: ``references`` writes
    its non-ASCII characters as numeric character references, ``long-notes``
    makes it eight times as long, with links and lists.
    """
    change = SHAPES[shape]
    root = etree.fromstring(SAMPLE.read_bytes())
    channel = root.find("channel")
    assert channel is not None
    originals = channel.findall("item")
    for item in originals:
        channel.remove(item)
        # Podbean's <description> repeats the HTML; a short summary keeps
        # the feed at the size of the real one (~5 KB an item).
        description = item.find("description")
        if description is not None:
            description.text = (item.findtext(CONTENT) or "")[:300]
    start = dt.datetime(2025, 10, 2, 18, 0, tzinfo=dt.timezone(dt.timedelta(hours=-4)))
    for number in range(items):
        item = copy.deepcopy(originals[number % len(originals)])
        moment = start - dt.timedelta(hours=5 * number)
        pubdate = item.find("pubDate")
        if pubdate is not None:
            pubdate.text = moment.strftime("%a, %d %b %Y %H:%M:%S %z")
        guid = item.find("guid")
        if guid is not None:
            guid.text = f"paperledge.podbean.com/bench-{number:05d}"
        content = item.find(CONTENT)
        if change is not None and content is not None:
            content.text = change(content.text or "")
        title = item.find("title")
        if title is not None and number >= len(originals):
            title.text = f"{title.text} (part {number // len(originals) + 1})"
        channel.append(item)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


CLOCKS = {"cpu": time.process_time, "wall": time.perf_counter}


def best(function: Callable[[], Any], repeat: int, clock: str = "cpu") -> float:
    """The fastest of ``repeat`` runs, in seconds (after one warm-up run)."""
    now = CLOCKS[clock]
    function()
    times = []
    for _ in range(repeat):
        gc.collect()
        start = now()
        function()
        times.append(now() - start)
    return min(times)


def interleaved(
    functions: dict[str, Callable[[], Any]], repeat: int, clock: str = "cpu"
) -> dict[str, float]:
    """The fastest of ``repeat`` rounds of each function, in seconds.

    One call of each per round (after one warm-up call each), so that a busy
    machine's slow moments fall on every reader alike and the ratios hold up.
    """
    now = CLOCKS[clock]
    for function in functions.values():
        function()
    times = dict.fromkeys(functions, float("inf"))
    for _ in range(repeat):
        for name, function in functions.items():
            gc.collect()
            start = now()
            function()
            times[name] = min(times[name], now() - start)
    return times


#: Each reader's call, as a statement run under callgrind on the bytes ``data``.
STATEMENTS = {
    "lxml.etree.fromstring (bare)": "etree.fromstring(data)",
    "paperledge.parse_feed": "paperledge.parse_feed(data)",
    "podcastparser.parse": "podcastparser.parse(URL, io.BytesIO(data))",
    "feedparser.parse": "feedparser.parse(data)",
}
URL = "https://feed.podbean.com/paperledge/feed.xml"


def count_instructions(items: int, readers: list[str], shape: str = "podbean") -> dict[str, int]:
    """Instructions per call of each reader on a feed of ``items`` items."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "feed.xml"
        path.write_bytes(build_feed(items, shape))
        setup = f"""
            import io
            from lxml import etree
            import paperledge
            {"import podcastparser" if "podcastparser.parse" in readers else ""}
            {"import feedparser" if "feedparser.parse" in readers else ""}
            URL = {URL!r}
            data = open({str(path)!r}, "rb").read()
        """
        return {name: _callgrind.instructions(setup, STATEMENTS[name], 2) for name in readers}


def print_instructions(items: int, readers: list[str], shape: str) -> None:
    if not _callgrind.available():
        sys.exit("--instructions needs valgrind")
    counts = count_instructions(items, readers, shape)
    ours = counts["paperledge.parse_feed"]
    size = len(build_feed(items, shape)) / 1e6
    print()
    print(f"instructions per call (callgrind), {shape} feed of {items} items, {size:.2f} MB:")
    print(f"{'reader':32} {'instructions':>14} {'per item':>10} {'vs parse_feed':>15}")
    for name, count in counts.items():
        ratio = count / ours
        relation = f"{ratio:.2f}x more" if ratio >= 1 else f"{1 / ratio:.2f}x fewer"
        print(f"{name:32} {count:14,} {count / items:10,.0f} {relation:>15}")


def print_chunking(items: int, repeat: int, clock: str) -> None:
    """Streaming cost per item, the feed in one chunk against 64 KiB chunks, at 1x and 4x.

    Linear streaming shows as a flat cost per item down the rows, whatever
    the chunking (one chunk once took time growing with the square of the
    number of items).
    """
    print()
    header = f"{'streaming (iter_episodes)':32} {'items':>7}"
    print(f"{header} {'one chunk us/item':>18} {'64 KiB us/item':>15}")
    for size in (items, 4 * items):
        data = build_feed(size)
        pieces = [data[i : i + 65536] for i in range(0, len(data), 65536)]
        whole = best(_streaming([data]), repeat, clock)
        chunked = best(_streaming(pieces), repeat, clock)
        print(f"{'':32} {size:7} {whole / size * 1e6:18.1f} {chunked / size * 1e6:15.1f}")


def _streaming(chunks: list[bytes]) -> Callable[[], int]:
    return lambda: sum(1 for _ in paperledge.iter_episodes(chunks, format="rss"))


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--items", type=int, default=400)
    options.add_argument("--repeat", type=int, default=11)
    options.add_argument("--clock", choices=sorted(CLOCKS), default="cpu")
    options.add_argument(
        "--instructions",
        action="store_true",
        help="also count instructions per call of each reader (callgrind)",
    )
    options.add_argument("--instruction-items", type=int, default=60)
    options.add_argument(
        "--shape",
        choices=sorted(SHAPES),
        default="podbean",
        help="the items' show notes: as Podbean writes them, with numeric character "
        "references, or long (eight times, with links and lists)",
    )
    options.add_argument(
        "--chunking",
        type=int,
        metavar="ITEMS",
        default=0,
        help="also time streaming ITEMS and 4x ITEMS items in one chunk and in 64 KiB chunks",
    )
    args = options.parse_args()

    data = build_feed(args.items, args.shape)
    size = len(data) / 1e6
    show = paperledge.parse_feed(data)
    assert len(show.episodes) == args.items, len(show.episodes)
    assert not show.diagnostics, show.diagnostics[:3]

    readers: dict[str, Callable[[], Any]] = {
        "lxml.etree.fromstring (bare)": lambda: etree.fromstring(data),
        "paperledge.parse_feed": lambda: paperledge.parse_feed(data),
    }
    try:
        import podcastparser

        readers["podcastparser.parse"] = lambda: podcastparser.parse(
            "https://feed.podbean.com/paperledge/feed.xml", io.BytesIO(data)
        )
    except ImportError:
        print("podcastparser is not installed: skipped")
    try:
        import feedparser

        readers["feedparser.parse"] = lambda: feedparser.parse(data)
    except ImportError:
        print("feedparser is not installed: skipped")

    print(
        f"{args.shape} feed: {args.items} items, {size:.2f} MB; best of {args.repeat} "
        "interleaved rounds, "
        f"{args.clock} time"
    )
    print()
    results = interleaved(readers, args.repeat, args.clock)
    ours = results["paperledge.parse_feed"]
    print(f"{'reader':32} {'ms':>9} {'MB/s':>8} {'vs parse_feed':>15}")
    for name, seconds in results.items():
        ratio = seconds / ours
        relation = f"{ratio:.2f}x slower" if ratio >= 1 else f"{1 / ratio:.2f}x faster"
        print(f"{name:32} {seconds * 1e3:9.2f} {size / seconds:8.1f} {relation:>15}")

    print()
    print("targets:")
    bare = results["lxml.etree.fromstring (bare)"]
    print(f"  parse_feed / bare lxml       {ours / bare:6.2f}x   (target: at most 4x)")
    if "podcastparser.parse" in results:
        speedup = results["podcastparser.parse"] / ours
        print(f"  podcastparser / parse_feed   {speedup:6.2f}x   (target: at least 2x)")
    if "feedparser.parse" in results:
        speedup = results["feedparser.parse"] / ours
        print(f"  feedparser / parse_feed      {speedup:6.2f}x   (target: at least 15x)")

    if args.instructions:
        print_instructions(args.instruction_items, list(readers), args.shape)
    if args.chunking:
        print_chunking(args.chunking, 3, args.clock)

    print()
    written = best(lambda: paperledge.dumps(show, "rss"), args.repeat, args.clock)
    out = len(paperledge.dumps(show, "rss").encode()) / 1e6
    print(f"{'writer':32} {'ms':>9} {'episodes/s':>12} {'MB/s':>8}")
    label = 'dumps(show, "rss")'
    print(f"{label:32} {written * 1e3:9.2f} {args.items / written:12,.0f} {out / written:8.1f}")


if __name__ == "__main__":
    main()
