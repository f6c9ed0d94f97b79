"""Benchmark: what linking the sample show to arXiv costs in requests and in waiting.

Run from the repository root::

    python benchmarks/bench_arxiv.py [--real] [--repeat N]

The sample show (``paperledge.load_sample()``, 24 episodes, 8 titled) is
linked against the local arXiv API of the tests (``tests/arxiv/arxiv_api.py``,
the sample's papers and the hard cases around them) with batches of 1, 2, 5
(the default) and 10 episodes per query.  For each: the requests sent, the
episodes linked, requests per linked episode, and the time the three-second
rate limit takes, read off a fake clock (nothing waits).  The compute time of
a run (delay 0, real clock) is the median of ``--repeat`` runs; a second run
with a cache is timed too (it sends nothing).  With ``--real`` the default
batch is also run on the real clock at the default delay (about 15 s), to
show the fake clock's figure is what a real run waits.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

import paperledge  # noqa: E402
from arxiv.arxiv_api import ArxivServer, FakeClock  # noqa: E402
from paperledge import arxiv  # noqa: E402

BATCHES = (1, 2, 5, 10)


def link(server: ArxivServer, clock: Any = None, **options: Any) -> paperledge.Show:
    settings = arxiv.ArxivSettings(api_url=server.url, **options)
    return arxiv.link(paperledge.load_sample(), settings=settings, clock=clock)


def one_batch(server: ArxivServer, batch: int, repeat: int) -> dict[str, Any]:
    """Requests, links and waiting for one batch size."""
    sent = len(server.requests)
    clock = FakeClock()
    start = clock.now
    show = link(server, clock=clock, batch=batch)
    requests = len(server.requests) - sent
    linked = sum(1 for e in show.episodes if e.paper is not None)
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        link(server, batch=batch, delay=0.0)
        times.append(time.perf_counter() - began)
    return {
        "batch": batch,
        "requests": requests,
        "linked": linked,
        "per_linked": requests / linked if linked else float("nan"),
        "waited": clock.now - start,
        "compute": statistics.median(times),
    }


def cached_run(server: ArxivServer) -> tuple[int, float]:
    """Requests and time of a second run with a cache (the first fills it)."""
    with tempfile.TemporaryDirectory() as folder:
        link(server, delay=0.0, cache=folder)
        sent = len(server.requests)
        began = time.perf_counter()
        link(server, delay=0.0, cache=folder)
        return len(server.requests) - sent, time.perf_counter() - began


def real_clock(server: ArxivServer) -> tuple[int, float]:
    """The default settings on the real clock: requests and seconds."""
    sent = len(server.requests)
    began = time.perf_counter()
    link(server)
    return len(server.requests) - sent, time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", action="store_true", help="also wait for real (about 15 s)")
    parser.add_argument("--repeat", type=int, default=5, help="compute-time runs per batch")
    args = parser.parse_args()
    with ArxivServer() as server:
        rows = [one_batch(server, batch, args.repeat) for batch in BATCHES]
        cached = cached_run(server)
        real = real_clock(server) if args.real else None
    print(
        "| episodes per query | requests | linked | requests per linked episode "
        "| rate-limit wait (fake clock) | compute, delay 0 (median) |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        print(
            f"| {row['batch']} | {row['requests']} | {row['linked']}/24 | "
            f"{row['per_linked']:.2f} | {row['waited']:.0f} s | {row['compute'] * 1000:.0f} ms |"
        )
    print()
    print(f"second run with a cache: {cached[0]} requests, {cached[1] * 1000:.0f} ms")
    if real is not None:
        print(f"default settings on the real clock: {real[0]} requests, {real[1]:.1f} s")


if __name__ == "__main__":
    main()
