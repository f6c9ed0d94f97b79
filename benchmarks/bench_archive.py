"""Benchmark: the SQLite archive, written new, written again (the merge path), and searched.

Run from the repository root::

    python benchmarks/bench_archive.py [--episodes 100000] [--repeat 20]

The episodes are the 24 sample episodes cycled, each copy with its own guid,
URL, title and day, until there are ``--episodes`` of them.  Timed, in wall
time (the work is SQLite's I/O as much as Python's):

* ``write new``: ``paperledge.dump(show, "archive.sqlite")`` into no file:
  one transaction, normalised tables, the merge keys and the FTS5 index;
* ``write again``: the same show into the archive that already holds it
  (every episode matched by its guid and found unchanged);
* ``baseline``: the same rows (the JSON form's scalar fields, the authors
  joined) loaded with one ``executemany`` into one table without an index,
  in one transaction: the least a database load can cost;
* ``query``: ``paperledge.search(archive, QUERY)`` (FTS5, bm25, the first
  20 episodes read back whole), the best and the median of ``--repeat``
  runs, and the bare ``SELECT rowid ... MATCH ... ORDER BY bm25(...) LIMIT
  20`` beside it, with how many episodes the query matches: bm25 is computed
  for every match, so a query's time grows with its matches, whatever
  ``LIMIT`` says.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

import paperledge
from paperledge._archive.search import _WEIGHTS
from paperledge._formats.json import episode_to_dict

# A rare word, a phrase in most episodes, a prefix with a word, a word in most.
QUERIES = ("LoRA", '"large language models"', "robot* AND vision", "language")
# The phrase with each filter, and a filter without a query (newest first).
FILTERED: tuple[tuple[str | None, dict[str, str]], ...] = (
    ('"large language models"', {"category": "cs.LG"}),
    ('"large language models"', {"author": "shen"}),
    ('"large language models"', {"since": "2027-06-01"}),
    (None, {"category": "Machine Learning"}),
    (None, {"author": "shen"}),
)


def _show(count: int) -> paperledge.Show:
    sample = paperledge.load_sample()
    first = dt.date(2020, 1, 1)
    episodes = []
    for index in range(count):
        episode = sample.episodes[index % len(sample.episodes)]
        title = f"{episode.title or 'Machine Learning - Untitled'} ({index})"
        episodes.append(
            attrs.evolve(
                episode,
                title=title,
                guid=f"urn:bench:{index}",
                url=f"https://paperledge.podbean.com/e/bench-{index}/",
                published=first + dt.timedelta(days=index % 3000),
            )
        )
    return attrs.evolve(sample, episodes=tuple(episodes))


def _timed(work: Callable[[], Any]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def _baseline(show: paperledge.Show, path: Path) -> None:
    rows = []
    for episode in show.episodes:
        data = episode_to_dict(episode)
        data["authors"] = "; ".join(author["name"] for author in data["authors"])
        rows.append(tuple(str(v) if isinstance(v, (list, dict)) else v for v in data.values()))
    names = list(episode_to_dict(show.episodes[0]))
    connection = sqlite3.connect(path)
    with connection:
        connection.execute(f"CREATE TABLE episodes ({', '.join(names)})")
        connection.executemany(
            f"INSERT INTO episodes VALUES ({', '.join('?' for _ in names)})", rows
        )
    connection.close()


def _bare_query(path: Path, query: str) -> None:
    connection = sqlite3.connect(path)
    connection.execute(
        "SELECT rowid FROM episodes_fts WHERE episodes_fts MATCH ? "
        f"ORDER BY bm25(episodes_fts, {_WEIGHTS}) LIMIT 20",
        (query,),
    ).fetchall()
    connection.close()


def _matches(path: Path, query: str) -> int:
    connection = sqlite3.connect(path)
    try:
        statement = "SELECT count(*) FROM episodes_fts WHERE episodes_fts MATCH ?"
        return int(connection.execute(statement, (query,)).fetchone()[0])
    finally:
        connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--keep", metavar="FOLDER", help="leave the archive in FOLDER")
    args = parser.parse_args()
    show = _show(args.episodes)
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.keep or temporary
        archive = Path(folder) / "archive.sqlite"
        _writes(show, archive)
        _queries(archive, args.episodes, args.repeat)


def _writes(show: paperledge.Show, archive: Path) -> None:
    baseline = _timed(lambda: _baseline(show, archive.with_name("baseline.sqlite")))
    new = _timed(lambda: paperledge.dump(show, archive))
    again = _timed(lambda: paperledge.dump(show, archive))
    size = archive.stat().st_size / 2**20
    print(f"{len(show.episodes)} episodes, archive {size:.1f} MiB")
    print(f"baseline executemany  {baseline:8.2f} s")
    print(f"write new             {new:8.2f} s  {new / baseline:5.1f}x baseline")
    print(f"write again (merge)   {again:8.2f} s  {again / baseline:5.1f}x baseline")


def _search(
    archive: Path, text: str | None, filters: dict[str, str], limit: int | None = 20
) -> list[paperledge.Episode]:
    return paperledge.search(
        archive,
        text,
        author=filters.get("author"),
        category=filters.get("category"),
        since=filters.get("since"),
        limit=limit,
    )


def _ms(times: list[float]) -> str:
    return f"best {min(times) * 1000:6.1f} ms, median {statistics.median(times) * 1000:6.1f} ms"


def _queries(archive: Path, episodes: int, repeat: int) -> None:
    for query in QUERIES:
        share = _matches(archive, query) / episodes
        full = [
            _timed(lambda q=query: paperledge.search(archive, q))  # type: ignore[misc]
            for _ in range(repeat)
        ]
        bare = [
            _timed(lambda q=query: _bare_query(archive, q))  # type: ignore[misc]
            for _ in range(repeat)
        ]
        print(
            f"query {query!r:26} matches {share:4.0%}: search() {_ms(full)}; bare FTS5 {_ms(bare)}"
        )
    for text, filters in FILTERED:
        found = len(_search(archive, text, filters, None))
        times = [
            _timed(lambda t=text, f=filters: _search(archive, t, f))  # type: ignore[misc]
            for _ in range(repeat)
        ]
        given = " ".join(f"--{name} {value}" for name, value in filters.items())
        print(f"search {text or '':25} {given:22} {found:6} found: {_ms(times)}")


if __name__ == "__main__":
    main()
