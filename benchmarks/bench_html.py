"""How fast parse_html reads listing pages, against bare lxml and a BeautifulSoup scraper.

Run as ``python benchmarks/bench_html.py``.  Two pages, measured in one run:
the sample listing page (8 episodes:
tests/formats/html/golden/cards_theme_untitled_episodes.html) and a
400-episode page built from the three seed pages' cards.  For each:

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
import datetime as dt
import gc
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import lxml.html
from bs4 import BeautifulSoup

import _callgrind
import paperledge
from paperledge._rules.dates import format_date_line

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "tests" / "formats" / "html" / "golden"
MARKER = "Credit to Paper authors:"


_DATE = re.compile(r"[A-Z][a-z]+day [A-Z][a-z]{2} \d{2}, \d{4}")
_TEXT_OPEN = re.compile(r"<(p|li|blockquote)>")


def big_page(episodes: int = 400, first: int = 0) -> bytes:
    """A realistic listing page of ``episodes`` cards, one date and slug and text each.

    The cards' markup comes in turn from the card fixtures; each episode gets
    its own date (a day earlier than the one before it), its own slug, and its
    own text and first author (a number woven into every paragraph), as on a
    real archive page: repeated dates and texts would let caches flatter the
    reader.  ``first`` numbers the first episode: pages with other numbers
    share no date, slug, text or first author with this one (older pages of
    the same archive).
    """
    names = ("cards_theme_untitled_episodes.html", "cards_theme_titled_episodes_page_two.html")
    pages = [(FIXTURES / name).read_text(encoding="utf-8") for name in names]
    opening = '<div class="col-12 mb-4">'
    cards: list[str] = []
    for page in pages:
        body = page[page.index(opening) : page.index('<nav aria-label="Episodes pages">')]
        body = body[: body.rindex("</div>")]  # the row's own closing tag
        cards.extend(opening + part for part in body.split(opening)[1:])
    head = pages[0][: pages[0].index(opening)]
    tail = pages[0][pages[0].index("</div>\n<nav aria-label") :]
    newest = dt.date(2025, 10, 2)
    chosen = []
    for number in range(first, first + episodes):
        card = cards[number % len(cards)]
        day = format_date_line(newest - dt.timedelta(days=number))
        card = _DATE.sub(day, card)
        card = re.sub(r"/e/([^/]+)/", rf"/e/\1-{number}/", card)
        card = _TEXT_OPEN.sub(rf"<\1>Part {number}: ", card)
        card = card.replace(MARKER + " ", f"{MARKER} Author{number} Person, ")
        chosen.append(card)
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


def count_instructions() -> None:
    """Instructions per call of lxml, parse_html and the BeautifulSoup scraper on both pages."""
    if not _callgrind.available():
        sys.exit("--instructions needs valgrind")
    # (label, the pages, calls measured for lxml and parse_html, for bs4)
    pages = [
        (
            "sample page (8 episodes)",
            "[(FIXTURES / 'cards_theme_untitled_episodes.html').read_bytes()] * 6",
            5,
            2,
        ),
        ("400-episode page", "[bench_html.big_page(400, 400 * k) for k in range(3)]", 2, 1),
    ]
    print(f"paperledge {paperledge.__version__}, Python {sys.version.split()[0]}")
    print(
        f"{'page':<26} {'lxml':>10} {'parse_html':>11} {'bs4':>11} {'html/lxml':>10}"
        f" {'bs4/html':>9}"
    )
    for label, make, number, soup_number in pages:
        setup = f"""
            import gc
            import sys
            sys.path.insert(0, {str(HERE)!r})
            import lxml.html
            import paperledge
            import bench_html
            from bench_html import FIXTURES
            pages = iter({make})
            gc.collect()
            # What the set-up made is no garbage: collections in the measured
            # calls need not walk it.
            gc.freeze()
        """
        # Each call reads a page of its own (the 400-episode pages are distinct
        # pages of one archive), as a crawl does: nothing a call leaves in
        # the reader's caches is of use to the next.
        bare = _callgrind.instructions(setup, "lxml.html.fromstring(next(pages))", number)
        ours = _callgrind.instructions(setup, "paperledge.parse_html(next(pages))", number)
        # The scraper's garbage (bs4 leaves reference cycles) is collected
        # while it runs, as it is in a program that uses it: its cost.
        soup = _callgrind.instructions(setup, "bench_html.bs4_scraper(next(pages))", soup_number)
        print(
            f"{label:<26} {bare / 1e6:>9.2f}M {ours / 1e6:>10.2f}M {soup / 1e6:>10.1f}M"
            f" {ours / bare:>9.2f}x {soup / ours:>8.1f}x"
        )
    print("targets: html/lxml <= 3x, bs4/html >= 10x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--cold",
        action="store_true",
        help="time single calls, each after the other contenders (caches cold)",
    )
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="count instructions per call with callgrind instead of timing",
    )
    options = parser.parse_args()
    if options.instructions:
        count_instructions()
        return
    sample = (FIXTURES / "cards_theme_untitled_episodes.html").read_bytes()
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
