"""Benchmark: the cost of each reader at 1x, 10x and 100x input size.

Run from the repository root::

    python benchmarks/bench_hostile.py [--quick]

Each reader (text dumps, HTML pages, the feed, paperledge JSON, JSON Lines)
parses inputs made by repeating real content (the shipped samples, the HTML
and feed fixtures): a text dump of about 1, 10 and 100 MB, the others about
0.4, 4 and 40 MB.  Each case runs in a fresh process, which reports the time
of one parse and the peak growth of its resident memory during the parse
(VmHWM after resetting it through /proc/self/clear_refs, so libxml2's memory
counts too).  Linear cost shows as a flat "s per MB" and "peak / input"
down each reader's rows.  ``--quick`` stops at 10x.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
HTML_PAGES = REPO / "tests" / "formats" / "html" / "golden"
MB = 1_000_000

#: The base size of each reader's input, in MB.
BASE = {"text": 1.0, "html": 0.4, "feed": 0.4, "json": 0.4, "jsonl": 0.4}


def _repeat(unit: bytes, size: float) -> int:
    return max(1, round(size * MB / len(unit)))


def build(reader: str, size: float) -> bytes:
    """An input of about ``size`` MB for ``reader``."""
    import paperledge

    if reader == "text":
        sample = b"".join(Path(str(p)).read_bytes() for p in paperledge.sample_paths())
        return sample * _repeat(sample, size)
    if reader == "html":
        page = (HTML_PAGES / "blog_theme_titled_episodes.html").read_text()
        start = page.index("<body")
        start = page.index(">", start) + 1
        end = page.rindex("</body>")
        body = page[start:end]
        copies = _repeat(body.encode(), size)
        return (page[:start] + body * copies + page[end:]).encode()
    if reader == "feed":
        feed = (FIXTURES / "feed" / "podbean_sample.xml").read_text()
        first, last = feed.index("<item>"), feed.rindex("</item>") + len("</item>")
        items = feed[first:last]
        copies = _repeat(items.encode(), size)
        return (feed[:first] + items * copies + feed[last:]).encode()
    show = paperledge.load_sample()
    one = paperledge.dumps(show, reader).encode()
    copies = _repeat(one, size)
    many = paperledge.Show(title=show.title, episodes=show.episodes * copies)
    return paperledge.dumps(many, reader).encode()


def _status(field: str) -> int:
    text = Path("/proc/self/status").read_text()
    match = re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE)
    return int(match[1]) * 1024 if match else 0


def measure(reader: str, size: float) -> dict[str, float]:
    """Parse one input in this process: time, peak memory growth, episodes."""
    import gc

    import paperledge

    data = build(reader, size)
    read = {
        "text": paperledge.parse_text,
        "html": paperledge.parse_html,
        "feed": paperledge.parse_feed,
        "json": lambda d: paperledge.parse(d, "json"),
        "jsonl": lambda d: paperledge.parse(d, "jsonl"),
    }[reader]
    read(build(reader, 0.05))  # warm up: imports, caches
    gc.collect()
    before = _status("VmRSS")
    Path("/proc/self/clear_refs").write_text("5")  # reset the peak (VmHWM)
    started = time.perf_counter()
    show = read(data)
    elapsed = time.perf_counter() - started
    peak = _status("VmHWM") - before
    return {
        "mb": len(data) / MB,
        "seconds": elapsed,
        "peak": peak / MB,
        "episodes": len(show.episodes),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="stop at 10x")
    parser.add_argument("--case", nargs=2, metavar=("READER", "MB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        sys.stdout.write(json.dumps(measure(args.case[0], float(args.case[1]))) + "\n")
        return
    factors = (1, 10) if args.quick else (1, 10, 100)
    out = sys.stdout
    out.write(f"python {sys.version.split()[0]}; one parse per fresh process\n\n")
    out.write(
        "| reader | x | input MB | episodes | time s | s per MB | peak MB | peak / input |\n"
    )
    out.write("|---|---:|---:|---:|---:|---:|---:|---:|\n")
    for reader, base in BASE.items():
        for factor in factors:
            done = subprocess.run(
                [sys.executable, __file__, "--case", reader, str(base * factor)],
                capture_output=True,
                text=True,
                check=True,
                cwd=REPO,
            )
            r = json.loads(done.stdout)
            out.write(
                f"| {reader} | {factor} | {r['mb']:.1f} | {r['episodes']} | {r['seconds']:.3f} "
                f"| {r['seconds'] / r['mb']:.4f} | {r['peak']:.0f} | {r['peak'] / r['mb']:.1f} |\n"
            )
            out.flush()


if __name__ == "__main__":
    main()
