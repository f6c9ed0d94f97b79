"""How fast parse_html reads listing pages, against bare lxml and a BeautifulSoup scraper.

Run as ``python benchmarks/bench_html.py``.  Two pages, measured in one run:
the sample listing page (tests/fixtures/html/cards_000.html: 8 episodes) and
a 400-episode page built from the three seed pages' cards.  For each:

* ``lxml``: ``lxml.html.fromstring`` of the same bytes, a tree and nothing
  more: the floor (target: parse_html at most 3x this);
* ``parse_html``: the whole reader (decoding, tree, structure, episodes);
* ``bs4``: a straightforward BeautifulSoup(html.parser) scraper of the same
  fields for this one theme (target: parse_html at least 10x faster).

Each figure is the best of several interleaved rounds; in a round each
contender parses the page several times in a row (as ``timeit`` does, and
as a crawler does), and the time per call is the batch's time over the
number of calls.  ``--cold`` times single calls instead, each right after
the other contenders have run (caches cold: a higher ratio).  See
:func:`best_of`.
"""

from __future__ import annotations

import argparse
import gc
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import lxml.html
from bs4 import BeautifulSoup

import paperledge

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "tests" / "fixtures" / "html"
MARKER = "Credit to Paper authors:"


def big_page(episodes: int = 400) -> bytes:
    """A listing page of ``episodes`` cards, taken in turn from the card fixtures."""
    names = ("cards_000.html", "cards_002.html")
    pages = [(FIXTURES / name).read_text(encoding="utf-8") for name in names]
    opening = '<div class="col-12 mb-4">'
    cards: list[str] = []
    for page in pages:
        body = page[page.index(opening) : page.index('<nav aria-label="Episodes pages">')]
        body = body[: body.rindex("</div>")]  # the row's own closing tag
        cards.extend(opening + part for part in body.split(opening)[1:])
    head = pages[0][: pages[0].index(opening)]
    tail = pages[0][pages[0].index("</div>\n<nav aria-label") :]
    chosen = []
    for number in range(episodes):
        card = cards[number % len(cards)]
        # Every episode its own slug, as on a real archive page.
        chosen.append(re.sub(r"/e/([^/]+)/", rf"/e/\1-{number}/", card))
    return (head + "\n".join(chosen) + "\n" + tail).encode("utf-8")


def bs4_scraper(data: bytes) -> list[dict[str, object]]:
    """The same fields, read the way one would with BeautifulSoup for this theme."""
    soup = BeautifulSoup(data, "html.parser")
    episodes: list[dict[str, object]] = []
    for card in soup.select("div.card-body"):
        date = card.find("p", class_="text-muted")
        heading = card.find("h5")
        link = card.select_one('a[href*="/e/"]')
        audio = card.select_one('a[href$=".mp3"]')
        lines = [
            element.get_text()
            for element in card.select(".card-text p, .card-text li, .card-text blockquote")
        ]
        authors: list[str] = []
        if lines and MARKER in lines[-1]:
            text, _, names = lines[-1].rpartition(MARKER)
            lines[-1] = text
            authors = [name.strip() for name in names.split(",") if name.strip()]
        episodes.append(
            {
                "date": date.get_text(strip=True) if date else None,
                "title": heading.get_text(strip=True) if heading else None,
                "url": link["href"] if link else None,
                "audio": audio["href"] if audio else None,
                "description": "\n".join(lines),
                "authors": authors,
            }
        )
    return episodes


def best_of(functions: list[Callable[[], object]], rounds: int, calls: list[int]) -> list[float]:
    """The best time per call of each function over ``rounds`` interleaved rounds, in seconds.

    In each round each function runs ``calls[i]`` times in a row and the
    batch is timed as one (as ``timeit`` does): a reader that parses page
    after page runs with its code and data in the CPU's caches.  The rounds
    are interleaved (one batch of each per round), so that a busy machine's
    slow moments fall on every contender alike.  The garbage the previous
    batch left is collected before each batch (BeautifulSoup leaves
    reference cycles behind: collecting them is bs4's cost, not the next
    contender's).  ``calls`` of 1 everywhere gives the cold figure: one call
    after another contender has run.
    """
    times = [float("inf")] * len(functions)
    for _ in range(rounds):
        for index, function in enumerate(functions):
            gc.collect()
            start = time.perf_counter()
            for _ in range(calls[index]):
                function()
            times[index] = min(times[index], (time.perf_counter() - start) / calls[index])
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--cold",
        action="store_true",
        help="time single calls, each after the other contenders (caches cold)",
    )
    options = parser.parse_args()
    sample = (FIXTURES / "cards_000.html").read_bytes()
    # (label, bytes, rounds, calls per batch of lxml and parse_html, of bs4)
    pages = [
        ("sample page (8 episodes)", sample, 15, 20, 2),
        ("400-episode page", big_page(), 7, 3, 1),
    ]
    print(f"paperledge {paperledge.__version__}, Python {sys.version.split()[0]}")
    mode = "cold: single calls" if options.cold else "warm: batches of calls in a row"
    print(f"best of interleaved rounds, {mode}")
    print(
        f"{'page':<26} {'size':>8} {'eps':>4} {'lxml':>9} {'parse_html':>11} {'bs4':>10}"
        f" {'html/lxml':>10} {'bs4/html':>9} {'MB/s':>7}"
    )
    for label, data, rounds, batch, soup_batch in pages:
        show = paperledge.parse_html(data)
        scraped = bs4_scraper(data)
        assert len(show.episodes) == len(scraped), (len(show.episodes), len(scraped))
        calls = [1, 1, 1] if options.cold else [batch, batch, soup_batch]
        bare, ours, soup = best_of(
            [
                lambda data=data: lxml.html.fromstring(data),
                lambda data=data: paperledge.parse_html(data),
                lambda data=data: bs4_scraper(data),
            ],
            rounds * 3 if options.cold else rounds,
            calls,
        )
        megabytes = len(data) / 1e6
        print(
            f"{label:<26} {len(data) / 1024:>6.0f}KB {len(show.episodes):>4}"
            f" {bare * 1e3:>7.2f}ms {ours * 1e3:>9.2f}ms {soup * 1e3:>8.1f}ms"
            f" {ours / bare:>9.2f}x {soup / ours:>8.1f}x {megabytes / ours:>7.1f}"
        )
    print("targets: html/lxml <= 3x, bs4/html >= 10x")


if __name__ == "__main__":
    main()
