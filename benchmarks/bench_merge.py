"""What merging an archive's pages costs, with and without the disjoint-pages path.

Run as ``python benchmarks/bench_merge.py [--pages N]``.

:func:`paperledge.parse_many` merges the shows of its files.  Pages of an
archive usually share no episode; ``merge_in_order`` (paperledge._scale.many)
then skips merge's matching of every episode against the ones before it and
gives the same show (the tests check it: ``tests/scale``).  This measures,
on the pages of a generated archive, the time to parse them (the work that
parse_many spreads over the workers), to merge them with :func:`paperledge.merge`,
and with ``merge_in_order``: the path is kept while it saves at least a tenth
of the whole (parse and merge).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import paperledge
from paperledge._scale.many import merge_in_order, overlap_keys
from paperledge.testing import Archive


def best(function: Callable[[], object], repeat: int = 5) -> float:
    """The least time of ``repeat`` runs, in seconds (the least disturbed run)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=200, help="listing pages (8 episodes each)")
    args = parser.parse_args(argv)
    archive = Archive(args.pages * 8)
    pages = [archive.text_page(number) for number in range(archive.pages)]
    shows = [paperledge.parse_text(page) for page in pages]
    keys = [overlap_keys(show) for show in shows]
    assert merge_in_order(shows, keys) == paperledge.merge(*shows)

    parse = best(lambda: [paperledge.parse_text(page) for page in pages], 3)
    general = best(lambda: paperledge.merge(*shows))
    keyed = best(lambda: [overlap_keys(show) for show in shows])
    fast = best(lambda: merge_in_order(shows, keys))
    whole_general = parse + general
    whole_fast = parse + keyed + fast
    print(f"{archive.count} episodes on {archive.pages} pages")
    print(f"parse every page        {parse * 1000:9.1f} ms")
    print(f"merge (general)         {general * 1000:9.1f} ms")
    print(f"overlap keys + in order {(keyed + fast) * 1000:9.1f} ms")
    saving = 1 - whole_fast / whole_general
    print(f"saving on parse + merge {saving:9.1%}  (kept while at least 10%)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
