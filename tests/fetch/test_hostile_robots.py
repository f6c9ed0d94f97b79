"""robots.txt read by RFC 9309, against the crawler on the local site.

Each rule is one urllib.robotparser gets wrong (it takes the first match,
reads ``*`` and ``$`` as plain characters and lets Disallow win a tie); each
test checks what the crawler asked the server for, so a parser that got it
wrong would show as a request made or missed.  Then robots.txt files over
the 500 KiB RFC 9309 asks a crawler to read: cut there, never refused.
"""

from __future__ import annotations

import collections
from collections.abc import Iterator
from typing import Any

import pytest

from paperledge import Show
from paperledge.fetch import crawl
from paperledge.fetch._robots import ROBOTS_MAX

from fetch_server import PER_PAGE, Site, compress, send_raw, serving

FAST: dict[str, Any] = {"delay": 0.0, "timeout": 10.0, "backoff": 0.0, "tries": 2}


@pytest.fixture
def site() -> Iterator[Site]:
    with serving() as running:
        yield running


def asked(site: Site) -> collections.Counter[str]:
    return collections.Counter(hit.path for hit in site.hits())


def refused(show: Show) -> list[str]:
    return [d.source or "" for d in show.diagnostics if d.code == "fetch-refused"]


# -- the four rules urllib.robotparser gets wrong --------------------------------------


def test_the_longest_match_wins_not_the_first(site: Site) -> None:
    # First match would allow page 4 (the Allow comes first); the longer
    # Disallow wins.
    site.archive.robots = "User-agent: *\nAllow: /page/\nDisallow: /page/4/\n"
    show = crawl(site.url("/"), feed=False, **FAST)
    paths = asked(site)
    assert [paths[f"/page/{n}/"] for n in (2, 3, 4, 5)] == [1, 1, 0, 0]
    assert refused(show) == [site.url("/page/4/")]
    # And the other way round: a longer Allow inside a Disallowed folder.
    first = site.archive.page_episodes(1)[0]
    site.archive.robots = f"User-agent: *\nDisallow: /e/\nAllow: {first.path}\n"
    site.log.clear()
    show = crawl(site.url("/"), max_pages=1, episodes=True, feed=False, **FAST)
    assert [p for p in asked(site) if p.startswith("/e/")] == [first.path]
    assert len(refused(show)) == PER_PAGE - 1


def test_a_star_matches_any_run_of_characters(site: Site) -> None:
    site.archive.robots = "User-agent: *\nDisallow: /*/ep-\n"
    show = crawl(site.url("/"), max_pages=1, episodes=True, feed=False, **FAST)
    assert not [p for p in asked(site) if p.startswith("/e/")]
    assert len(refused(show)) == PER_PAGE
    assert len(show.episodes) == PER_PAGE  # the listing page itself was allowed


def test_a_dollar_anchors_the_end_of_the_path(site: Site) -> None:
    site.archive.robots = "User-agent: *\nDisallow: /$\nDisallow: /*.xml$\n"
    # "/" alone is forbidden, not everything under it; so is the feed.
    show = crawl(site.url("/page/2/"), max_pages=2, **FAST)
    assert asked(site) == {"/robots.txt": 1, "/page/2/": 1, "/page/3/": 1}
    assert refused(show) == [site.url("/feed.xml")]
    site.log.clear()
    show = crawl(site.url("/"), **FAST)
    assert asked(site) == {"/robots.txt": 1}
    assert refused(show) == [site.url("/")]


def test_allow_wins_a_tie_with_disallow(site: Site) -> None:
    site.archive.robots = "User-agent: *\nDisallow: /page/3/\nAllow: /page/3/\n"
    show = crawl(site.url("/"), max_pages=4, feed=False, **FAST)
    assert asked(site)["/page/3/"] == 1
    assert show.diagnostics == ()


# -- size -----------------------------------------------------------------------------------


def test_a_robots_txt_over_500_kib_is_cut_there_not_refused(site: Site) -> None:
    padding = "# padding\n" * (60 << 10)  # 600 KiB of comments
    site.archive.robots = (
        "User-agent: *\nDisallow: /e/\n" + padding + "User-agent: *\nDisallow: /page/\n"
    )
    assert len(site.archive.robots) > 512 << 10
    show = crawl(site.url("/"), max_pages=3, episodes=True, feed=False, **FAST)
    # The rule at the top holds; the one past 500 KiB was never read.
    assert [asked(site)[f"/page/{n}/"] for n in (2, 3)] == [1, 1]
    assert not [p for p in asked(site) if p.startswith("/e/")]
    assert {d.code for d in show.diagnostics} == {"fetch-refused"}
    assert len(show.episodes) == 3 * PER_PAGE


def test_a_line_torn_by_the_cut_is_dropped(site: Site) -> None:
    head = "User-agent: *\nDisallow: /e/\n"
    # A line that the 500 KiB cut tears to "Disallow: /" would forbid all.
    filler = "#" * (ROBOTS_MAX - len(head) - len("Disallow: /") - 1) + "\n"
    site.archive.robots = head + filler + "Disallow: /feed.xml\n"
    show = crawl(site.url("/"), max_pages=2, **FAST)
    assert asked(site)["/page/2/"] == 1
    assert asked(site)["/feed.xml"] == 1
    assert show.diagnostics == ()


def test_a_gzip_bomb_as_robots_txt_is_read_to_500_kib(site: Site) -> None:
    rules = compress(b"User-agent: *\nDisallow: /e/\n" + bytes(64 << 20), "gzip")
    site.raw["/robots.txt"] = lambda handler: send_raw(
        handler,
        200,
        [("Content-Type", "text/plain"), ("Content-Encoding", "gzip, gzip")],
        compress(rules, "gzip"),
    )
    show = crawl(site.url("/"), max_pages=2, episodes=True, feed=False, **FAST)
    assert not [p for p in asked(site) if p.startswith("/e/")]
    assert asked(site)["/page/2/"] == 1
    assert len(show.episodes) == 2 * PER_PAGE


# -- what the RFC says of errors (kept) ------------------------------------------------------


def test_a_4xx_robots_txt_means_no_rules(site: Site) -> None:
    site.always["/robots.txt"] = "404"
    show = crawl(site.url("/"), max_pages=1, episodes=True, feed=False, **FAST)
    assert show.diagnostics == ()
    assert len([p for p in asked(site) if p.startswith("/e/")]) == PER_PAGE


def test_a_5xx_robots_txt_forbids_everything_and_says_why(site: Site) -> None:
    site.always["/robots.txt"] = "500"
    show = crawl(site.url("/"), **FAST)
    assert set(asked(site)) == {"/robots.txt"}
    (diagnostic,) = show.diagnostics
    assert diagnostic.code == "fetch-refused"
    assert "HTTP 500" in diagnostic.message


def test_a_crawl_delay_of_ages_waits_no_longer_than_max_retry_after(site: Site) -> None:
    site.archive.robots = "User-agent: *\nCrawl-delay: 1e300\n"
    show = crawl(site.url("/"), max_pages=2, feed=False, max_retry_after=0.05, **FAST)
    assert show.diagnostics == ()
    assert asked(site)["/page/2/"] == 1


def test_a_crawl_delay_of_5000_digits_is_ignored(site: Site) -> None:
    site.archive.robots = "User-agent: *\nCrawl-delay: " + "9" * 5000 + "\nDisallow: /e/\n"
    show = crawl(site.url("/"), max_pages=2, episodes=True, feed=False, **FAST)
    assert asked(site)["/page/2/"] == 1
    assert {d.code for d in show.diagnostics} == {"fetch-refused"}
