"""paperledge.fetch against a real HTTP server on 127.0.0.1, with injected faults.

Every test serves the generated archive of :mod:`fetch_server` (6 listing
pages, 48 episode pages, a feed of the newest 20) and counts, on the server's
side, what the crawler asked for.  Delays, timeouts and backoffs are tiny so
the suite stays fast; time is only ever checked as a lower bound that the
rate limit implies.
"""

from __future__ import annotations

import asyncio
import collections
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import paperledge
from paperledge import Show
from paperledge.fetch import FETCH_CODES, USER_AGENT, Progress, acrawl, crawl
from paperledge.fetch._crawl import _allowed_hosts
from paperledge.fetch._http import host_key

from fetch_server import (
    FEED_ITEMS,
    PER_PAGE,
    Site,
    assert_episodes,
    by_url,
    codes,
    fetch_diagnostics,
    page_range,
    serving,
)

FAST: dict[str, Any] = {"delay": 0.005, "timeout": 2.0, "backoff": 0.01, "tries": 3}


@pytest.fixture
def site() -> Iterator[Site]:
    with serving() as running:
        yield running


# -- the whole archive ------------------------------------------------------------


def test_whole_archive_every_episode_once_with_page_and_feed_fields(site: Site) -> None:
    show = crawl(site.url("/"), episodes=True, **FAST)
    archive = site.archive
    assert len(show.episodes) == len(archive.episodes) == 48
    assert_episodes(site, show, archive.episodes, feed=True)
    # Newest first, as the site lists them.
    days = [e.published for e in show.episodes]
    assert days == sorted(days, reverse=True)  # type: ignore[type-var]
    assert show.diagnostics == ()
    assert show.title == "PaperLedge"
    assert show.feed_url == site.url("/feed.xml")
    assert show.next_page_url is None
    # Each URL asked for once: robots.txt, 6 pages, 48 episode pages, the feed.
    paths = collections.Counter(hit.path for hit in site.hits())
    assert set(paths.values()) == {1}
    assert len(paths) == 1 + archive.page_count + 48 + 1
    assert paths["/robots.txt"] == 1
    assert all(hit.status == 200 for hit in site.hits())


def test_every_request_names_paperledge_its_version_and_url(site: Site) -> None:
    crawl(site.url("/"), max_pages=1, **FAST)
    agents = {hit.headers.get("user-agent") for hit in site.hits()}
    assert agents == {USER_AGENT}
    assert f"paperledge/{paperledge.__version__}" in USER_AGENT
    assert "https://github.com/paperledge/paperledge" in USER_AGENT


def test_robots_txt_is_read_before_anything_else(site: Site) -> None:
    crawl(site.url("/"), max_pages=2, **FAST)
    assert site.hits()[0].path == "/robots.txt"


def test_the_feed_alone_when_pages_are_not_wanted_beyond_the_first(site: Site) -> None:
    show = crawl(site.url("/"), max_pages=1, **FAST)
    archive = site.archive
    # Page 1's episodes with feed fields, and the feed's other episodes.
    expected = archive.episodes[:FEED_ITEMS]
    assert_episodes(site, show, expected, feed=True)
    assert show.next_page_url == site.url("/page/2/")


def test_max_pages_without_the_feed(site: Site) -> None:
    show = crawl(site.url("/"), max_pages=3, feed=False, **FAST)
    assert_episodes(site, show, page_range(site.archive, range(1, 4)), feed=False)
    assert show.next_page_url == site.url("/page/4/")
    assert not site.hits("/feed.xml")
    assert not site.hits("/page/4/")


def test_async_twin_gives_the_same_show(site: Site) -> None:
    show = asyncio.run(acrawl(site.url("/"), max_pages=2, **FAST))
    assert show == crawl(site.url("/"), max_pages=2, **FAST)
    assert len(show.episodes) == FEED_ITEMS


def test_crawl_works_inside_a_running_event_loop(site: Site) -> None:
    async def from_a_notebook() -> Show:
        return crawl(site.url("/"), max_pages=1, feed=False, **FAST)

    assert len(asyncio.run(from_a_notebook()).episodes) == PER_PAGE


# -- politeness ------------------------------------------------------------------


def test_rate_limit_holds_per_host_whatever_the_concurrency(site: Site) -> None:
    # A delay well above the server's scheduling noise on a busy machine, and
    # few requests, so the test stays short.
    delay = 0.1
    crawl(site.url("/"), max_pages=1, episodes=True, delay=delay, concurrency=4, timeout=5)
    times = sorted(hit.time for hit in site.hits())
    assert len(times) == 1 + 1 + PER_PAGE + 1
    # Lower bounds only: N requests spaced by `delay` span (N - 1) * delay;
    # each gap may look shorter by the scheduling noise of the server's threads.
    assert times[-1] - times[0] >= (len(times) - 1) * delay * 0.9
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) >= delay * 0.5


def test_concurrency_bounds_requests_in_flight(site: Site) -> None:
    for ep in site.archive.page_episodes(1):
        site.always[ep.path] = "slow:0.25"
    show = crawl(
        site.url("/"), max_pages=1, episodes=True, feed=False, delay=0, concurrency=2, timeout=2
    )
    assert len(show.episodes) == PER_PAGE
    assert site.max_in_flight == 2


def test_robots_txt_disallow_is_obeyed(site: Site) -> None:
    site.archive.robots = "User-agent: paperledge\nDisallow: /e/\n\nUser-agent: *\nAllow: /\n"
    show = crawl(site.url("/"), max_pages=1, episodes=True, feed=False, **FAST)
    assert not [hit for hit in site.hits() if hit.path.startswith("/e/")]
    assert codes(show)["fetch-refused"] == PER_PAGE
    assert all("robots.txt" in d.message for d in fetch_diagnostics(show))
    # The listing page itself was allowed and read.
    assert len(show.episodes) == PER_PAGE


def test_robots_txt_crawl_delay_longer_than_ours_is_honoured(site: Site) -> None:
    site.archive.robots = "User-agent: paperledge\nCrawl-delay: 1\n"
    crawl(site.url("/"), max_pages=1, feed=False, **FAST)
    robots, page = site.hits()
    assert (robots.path, page.path) == ("/robots.txt", "/")
    assert page.time - robots.time >= 0.9


def test_robots_txt_unreachable_forbids_everything(site: Site) -> None:
    site.always["/robots.txt"] = "503"
    show = crawl(site.url("/"), **FAST)
    assert {hit.path for hit in site.hits()} == {"/robots.txt"}
    assert len(site.hits("/robots.txt")) == FAST["tries"]
    assert codes(show) == {"fetch-refused": 1}
    assert show.episodes == ()


def test_robots_txt_missing_allows_everything(site: Site) -> None:
    site.always["/robots.txt"] = "404"
    show = crawl(site.url("/"), max_pages=1, feed=False, **FAST)
    assert len(show.episodes) == PER_PAGE
    assert len(site.hits("/robots.txt")) == 1


@pytest.mark.parametrize(
    "url", ["ftp://127.0.0.1/", "file:///etc/passwd", "javascript:alert(1)", "/page/2/", ""]
)
def test_only_http_and_https(url: str) -> None:
    with pytest.raises(ValueError, match="http"):
        crawl(url, **FAST)


def test_off_host_older_link_is_not_followed(site: Site) -> None:
    site.archive.next_links[3] = f"http://localhost:{site.port}/page/4/"
    show = crawl(site.url("/"), feed=False, **FAST)
    assert all(hit.host == f"127.0.0.1:{site.port}" for hit in site.hits())
    assert_episodes(site, show, page_range(site.archive, range(1, 4)), feed=False)
    (refused,) = fetch_diagnostics(show)
    assert refused.code == "fetch-refused"
    assert "localhost" in refused.message
    assert refused.source == f"http://localhost:{site.port}/page/4/"


def test_off_host_feed_is_not_fetched(site: Site) -> None:
    site.archive.feed_href = f"http://localhost:{site.port}/feed.xml"
    show = crawl(site.url("/"), max_pages=2, **FAST)
    assert all(hit.host == f"127.0.0.1:{site.port}" for hit in site.hits())
    assert codes(show) == {"fetch-refused": 1}
    assert_episodes(site, show, page_range(site.archive, range(1, 3)), feed=False)


def test_off_host_redirect_is_not_followed(site: Site) -> None:
    site.always["/page/2/"] = f"redirect:http://localhost:{site.port}/page/2/"
    show = crawl(site.url("/"), feed=False, **FAST)
    assert all(hit.host == f"127.0.0.1:{site.port}" for hit in site.hits())
    assert codes(show) == {"fetch-refused": 1}
    # The crawl went on past the lost page, by its number.
    expected = page_range(site.archive, [1, *range(3, site.archive.page_count + 1)])
    assert_episodes(site, show, expected, feed=False)


def test_on_host_redirect_is_followed(site: Site) -> None:
    site.faults["/page/2/"] = ["redirect:/page/2"]
    show = crawl(site.url("/"), max_pages=3, feed=False, **FAST)
    assert [hit.status for hit in site.hits("/page/2/")] == [302]
    assert [hit.status for hit in site.hits("/page/2")] == [200]
    assert show.diagnostics == ()
    assert_episodes(site, show, page_range(site.archive, range(1, 4)), feed=False)


def test_redirect_loop_is_reported_and_the_crawl_goes_on(site: Site) -> None:
    site.always["/page/3/"] = "redirect:/page/3/x/"
    site.always["/page/3/x/"] = "redirect:/page/3/"
    show = crawl(site.url("/"), feed=False, **FAST)
    assert len(site.hits("/page/3/")) == 1
    assert len(site.hits("/page/3/x/")) == 1
    (loop,) = fetch_diagnostics(show)
    assert loop.code == "fetch-redirect"
    assert "loop" in loop.message
    assert loop.source == site.url("/page/3/")
    expected = page_range(site.archive, [1, 2, *range(4, site.archive.page_count + 1)])
    assert_episodes(site, show, expected, feed=False)


def test_redirects_are_bounded(site: Site) -> None:
    for n in range(10):
        site.always[f"/hop/{n}/"] = f"redirect:/hop/{n + 1}/"
    site.always["/"] = "redirect:/hop/0/"
    show = crawl(site.url("/"), feed=False, max_redirects=3, **FAST)
    (bounded,) = fetch_diagnostics(show)
    assert bounded.code == "fetch-redirect"
    assert "more than 3 redirects" in bounded.message
    assert len([hit for hit in site.hits() if hit.path.startswith("/hop/")]) == 3
    # Page 1 is lost; the walk goes on from page 2.
    assert_episodes(
        site, show, page_range(site.archive, range(2, site.archive.page_count + 1)), feed=False
    )


def test_response_size_is_capped(site: Site) -> None:
    show = crawl(site.url("/"), feed=False, max_pages=1, max_bytes=4096, **FAST)
    assert codes(show) == {"fetch-too-large": 1}
    assert show.episodes == ()


# -- faults ------------------------------------------------------------------------


def test_server_errors_are_retried_until_they_pass(site: Site) -> None:
    site.faults["/page/3/"] = ["500", "503"]
    show = crawl(site.url("/"), feed=False, **FAST)
    assert [hit.status for hit in site.hits("/page/3/")] == [500, 503, 200]
    assert show.diagnostics == ()
    assert_episodes(site, show, site.archive.episodes, feed=False)


def test_retries_stop_after_the_tries_and_the_url_is_named(site: Site) -> None:
    site.always["/page/3/"] = "500"
    show = crawl(site.url("/"), feed=False, **FAST)
    assert len(site.hits("/page/3/")) == FAST["tries"]
    (failed,) = fetch_diagnostics(show)
    assert failed.code == "fetch-failed"
    assert failed.source == site.url("/page/3/")
    assert site.url("/page/3/") in failed.message
    assert "500" in failed.message
    # Nothing else was lost: the walk stepped over page 3 by its number.
    expected = page_range(site.archive, [1, 2, *range(4, site.archive.page_count + 1)])
    assert_episodes(site, show, expected, feed=False)


def test_a_missing_page_is_not_retried_and_is_stepped_over(site: Site) -> None:
    site.always["/page/4/"] = "404"
    show = crawl(site.url("/"), feed=False, **FAST)
    assert len(site.hits("/page/4/")) == 1
    assert codes(show) == {"fetch-status": 1}
    expected = page_range(site.archive, [1, 2, 3, *range(5, site.archive.page_count + 1)])
    assert_episodes(site, show, expected, feed=False)


def test_two_lost_pages_in_a_row_end_the_walk(site: Site) -> None:
    site.always["/page/4/"] = "404"
    site.always["/page/5/"] = "404"
    show = crawl(site.url("/"), feed=False, **FAST)
    assert not site.hits("/page/6/")
    assert codes(show) == {"fetch-status": 2}
    assert_episodes(site, show, page_range(site.archive, range(1, 4)), feed=False)


def test_429_waits_as_long_as_retry_after_says(site: Site) -> None:
    site.faults["/page/2/"] = ["429:1"]
    show = crawl(site.url("/"), max_pages=3, feed=False, **FAST)
    first, second = site.hits("/page/2/")
    assert (first.status, second.status) == (429, 200)
    assert second.time - first.time >= 0.9
    assert show.diagnostics == ()
    assert_episodes(site, show, page_range(site.archive, range(1, 4)), feed=False)


def test_retry_after_holds_off_every_request_to_the_host(site: Site) -> None:
    first_episode = site.archive.page_episodes(1)[0].path
    site.faults[first_episode] = ["429:1"]
    show = crawl(site.url("/"), max_pages=1, episodes=True, feed=False, **FAST)
    assert show.diagnostics == ()
    assert len(show.episodes) == PER_PAGE
    refused = site.hits(first_episode)[0]
    assert refused.status == 429
    # At most the one request already on its way when the 429 came back;
    # without the hold-off the other seven episode pages would all be here.
    within = [h for h in site.hits() if refused.time < h.time < refused.time + 0.9]
    assert len(within) <= 1
    assert len(site.hits()) == 1 + 1 + PER_PAGE + 1


def test_retry_after_beyond_the_limit_gives_up_at_once(site: Site) -> None:
    site.always["/page/2/"] = "429:3600"
    show = crawl(site.url("/"), max_pages=2, feed=False, **FAST)
    assert len(site.hits("/page/2/")) == 1
    (failed,) = fetch_diagnostics(show)
    assert failed.code == "fetch-failed"
    assert "Retry-After" in failed.message


def test_a_response_slower_than_the_timeout_is_tried_again(site: Site) -> None:
    site.faults["/page/2/"] = ["slow:2"]
    show = crawl(site.url("/"), max_pages=3, feed=False, **{**FAST, "timeout": 0.5})
    assert len(site.hits("/page/2/")) == 2
    assert show.diagnostics == ()
    assert_episodes(site, show, page_range(site.archive, range(1, 4)), feed=False)


def test_a_response_always_too_slow_fails_after_the_tries(site: Site) -> None:
    site.always["/page/2/"] = "slow:2"
    show = crawl(site.url("/"), max_pages=2, feed=False, **{**FAST, "timeout": 0.5, "tries": 2})
    assert len(site.hits("/page/2/")) == 2
    (failed,) = fetch_diagnostics(show)
    assert failed.code == "fetch-failed"
    assert "0.5 s" in failed.message


def test_a_truncated_body_is_fetched_again(site: Site) -> None:
    site.faults["/page/2/"] = ["truncate"]
    show = crawl(site.url("/"), max_pages=3, feed=False, **FAST)
    assert len(site.hits("/page/2/")) == 2
    assert show.diagnostics == ()
    assert_episodes(site, show, page_range(site.archive, range(1, 4)), feed=False)


def test_a_body_truncated_every_time_is_reported_and_what_arrived_is_used(site: Site) -> None:
    site.always["/page/2/"] = "truncate"
    show = crawl(site.url("/"), max_pages=3, feed=False, **FAST)
    assert len(site.hits("/page/2/")) == FAST["tries"]
    assert codes(show)["fetch-truncated"] == 1
    # The first half of page 2 still named page 3 (in <head>): the walk went on.
    assert len(site.hits("/page/3/")) == 1
    got = by_url(show)
    for ep in page_range(site.archive, [1, 3]):
        assert site.url(ep.path) in got
    assert site.url(site.archive.page_episodes(2)[0].path) in got


def test_a_non_html_listing_page_is_reported_and_stepped_over(site: Site) -> None:
    site.always["/page/2/"] = "type:application/json"
    show = crawl(site.url("/"), max_pages=3, feed=False, **FAST)
    assert codes(show) == {"fetch-content-type": 1}
    assert_episodes(site, show, page_range(site.archive, [1, 3]), feed=False)


def test_a_feed_that_is_not_xml_is_reported(site: Site) -> None:
    site.always["/feed.xml"] = "type:application/json"
    show = crawl(site.url("/"), max_pages=1, **FAST)
    assert codes(show) == {"fetch-content-type": 1}
    assert_episodes(site, show, site.archive.page_episodes(1), feed=False)


def test_a_pagination_cycle_is_reported_and_the_walk_stops(site: Site) -> None:
    site.archive.next_links[5] = "/page/2/"
    show = crawl(site.url("/"), feed=False, **FAST)
    assert len(site.hits("/page/2/")) == 1
    assert not site.hits("/page/6/")
    (cycle,) = fetch_diagnostics(show)
    assert cycle.code == "fetch-cycle"
    assert cycle.source == site.url("/page/2/")
    assert_episodes(site, show, page_range(site.archive, range(1, 6)), feed=False)


def test_a_page_pointing_at_itself_is_a_cycle(site: Site) -> None:
    site.archive.next_links[2] = "/page/2/"
    show = crawl(site.url("/"), feed=False, **FAST)
    assert len(site.hits("/page/2/")) == 1
    assert codes(show) == {"fetch-cycle": 1}


def test_every_fetch_code_is_described() -> None:
    for code, description in FETCH_CODES.items():
        assert code.startswith("fetch-")
        assert description.endswith(".")
    # The same words as the table of every code, fetch-cache among them.
    for code, description in FETCH_CODES.items():
        assert paperledge.DIAGNOSTIC_CODES[code] == description
    assert {"fetch-failed", "fetch-cache"} <= set(FETCH_CODES)


# -- progress ------------------------------------------------------------------------


def test_progress_reports_pages_episodes_retries_and_the_end(site: Site) -> None:
    site.faults["/page/2/"] = ["500"]
    reports: list[Progress] = []
    crawl(site.url("/"), max_pages=2, episodes=True, progress=reports.append, **FAST)
    events = collections.Counter(p.event for p in reports)
    assert events["page"] == 2
    assert events["episode"] == 2 * PER_PAGE
    assert events["feed"] == 1
    assert events["retry"] == 1
    last = reports[-1]
    assert last.event == "done"
    assert (last.pages_done, last.pages_total) == (2, 2)
    assert last.episode_pages_done == last.episode_pages_total == 2 * PER_PAGE
    assert last.episodes_found == 2 * PER_PAGE
    assert last.feed_done
    assert last.retries == 1
    assert last.requests == len(site.hits())
    assert last.bytes_received > 0
    assert last.rate > 0
    assert last.eta == 0
    pages = [p.pages_done for p in reports]
    assert pages == sorted(pages)
    # Two listing pages, their episodes' pages and the feed, all read.
    assert last.pages_read == 2 + 2 * PER_PAGE + 1


def test_pages_read_leaves_out_a_lost_page_and_a_lost_feed(site: Site) -> None:
    site.always["/page/2/"] = "404"
    site.always["/feed.xml"] = "500"
    reports: list[Progress] = []
    crawl(site.url("/"), max_pages=3, progress=reports.append, **FAST)
    last = reports[-1]
    assert last.pages_done == 3
    assert last.pages_read == 2


def test_progress_counts_failures_and_unchanged(site: Site, tmp_path: Path) -> None:
    crawl(site.url("/"), max_pages=2, feed=False, cache=tmp_path, **FAST)
    site.always["/page/2/"] = "500"
    reports: list[Progress] = []
    crawl(site.url("/"), max_pages=2, feed=False, cache=tmp_path, progress=reports.append, **FAST)
    last = reports[-1]
    assert last.failures == 1
    assert last.not_modified == 2  # robots.txt and page 1
    assert [p.url for p in reports if p.event == "failed"] == [site.url("/page/2/")]


# -- hosts ----------------------------------------------------------------------------


def test_an_older_link_of_another_scheme_is_not_followed(site: Site) -> None:
    site.archive.next_links[2] = "ftp://127.0.0.1/page/3/"
    show = crawl(site.url("/"), feed=False, **FAST)
    assert codes(show) == {"fetch-refused": 1}
    assert_episodes(site, show, page_range(site.archive, range(1, 3)), feed=False)


def test_the_hosts_a_crawl_may_visit() -> None:
    # Podbean serves a show's feed from feed.podbean.com.
    assert _allowed_hosts("https://paperledge.podbean.com/", ()) == {
        "paperledge.podbean.com",
        "feed.podbean.com",
    }
    assert _allowed_hosts(
        "http://127.0.0.1:8080/", ["Feeds.Example.com", "https://cdn.example.com:8443/x"]
    ) == {"127.0.0.1:8080", "feeds.example.com", "cdn.example.com:8443"}
    # The scheme's own port is the host itself; another scheme is no host at all.
    assert host_key("https://Example.com:443/page/2/") == "example.com"
    assert host_key("http://example.com:443/") == "example.com:443"
    assert host_key("ftp://example.com/") is None
    assert host_key("http://[::1/") is None
    with pytest.raises(ValueError, match="host"):
        _allowed_hosts("http://127.0.0.1/", ["http://"])
