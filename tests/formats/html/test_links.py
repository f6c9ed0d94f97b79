"""Links made absolute (against the address, <base> or canonical URL); slugs, page numbers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import paperledge._formats.html.meta as _html_meta
import paperledge._formats.html.page as _page
import paperledge._rules.urls as _urls_rules
from formats.html.pages import SITE, card, fixture, page
from paperledge import parse_html


def test_canonical_url_resolves_links_when_no_url_is_given() -> None:
    show = parse_html(fixture("cards_theme_titled_episodes_page_two.html"))
    assert show.next_page_url == f"{SITE}/page/3/"
    assert show.previous_page_url == f"{SITE}/"
    assert all(e.url is not None and e.url.startswith(f"{SITE}/e/") for e in show.episodes)


def test_relative_links_resolve_against_url() -> None:
    show = parse_html(fixture("blog_theme_titled_episodes.html"), url=f"{SITE}/page/2/")
    assert show.next_page_url == f"{SITE}/page/3/"
    assert show.previous_page_url == f"{SITE}/"
    assert show.feed_url == f"{SITE}/feed.xml"
    assert show.episodes[0].url == (f"{SITE}/e/lora-low-rank-adaptation-of-large-language-models/")


def test_relative_links_stay_relative_without_any_base() -> None:
    show = parse_html(fixture("blog_theme_titled_episodes.html"))
    assert show.feed_url == "/feed.xml"
    assert show.next_page_url == "/page/3/"
    assert show.episodes[0].url == "/e/lora-low-rank-adaptation-of-large-language-models/"


def test_base_element_resolves_links() -> None:
    show = parse_html(fixture("minimal_markup_two_dates.html"))
    assert show.next_page_url == f"{SITE}/page/2/"
    assert show.episodes[1].url == (
        f"{SITE}/e/txgemma-efficient-and-agentic-llms-for-therapeutics/"
    )


def test_base_url() -> None:
    meta = _html_meta.PageMeta()
    assert _page.base_url(None, meta) is None
    assert _page.base_url("not a url", meta) is None
    assert _page.base_url(f"{SITE}/page/2/", meta) == f"{SITE}/page/2/"
    meta.base_href = "/base/"
    assert _page.base_url(f"{SITE}/page/2/", meta) == f"{SITE}/base/"
    assert _page.base_url(None, meta) == "/base/"
    meta.canonical = f"{SITE}/page/3/"
    assert _page.base_url(None, meta) == f"{SITE}/base/"


@given(st.text(alphabet=st.sampled_from([*"e/ab?#x ", "\n"]), max_size=16))
def test_episode_slug_finds_what_the_pattern_finds(href: str) -> None:
    match = _urls_rules._EPISODE_PATH.search(href)
    assert _html_meta.episode_slug(href) == (match[1] if match else None)


@pytest.mark.parametrize(
    ("href", "slug"),
    [
        ("/e/one/", "one"),
        ("e/one", "one"),
        ("https://x.test/e/one/?utm=1", "one"),
        ("https://x.test/e/one/#comments", "one"),
        ("https://x.test/page/e/one/x", None),
        ("https://x.test/home/e/two/", "two"),
        ("https://x.test/some/", None),
        ("/e//", None),
    ],
)
def test_episode_slugs(href: str, slug: str | None) -> None:
    assert _html_meta.episode_slug(href) == slug


def test_page_numbers() -> None:
    assert _urls_rules.page_number("/page/2/") == 2
    assert _urls_rules.page_number("https://x.test/page/12?x") == 12
    assert _urls_rules.page_number("page/3") == 3
    assert _urls_rules.page_number("/pages/3/") is None
    assert _urls_rules.page_number("/page/three/") is None


def test_resolve() -> None:
    assert _urls_rules.resolve(None, None) is None
    assert _urls_rules.resolve(f"{SITE}/", "  ") is None
    assert _urls_rules.resolve(None, " /x/ ") == "/x/"
    assert _urls_rules.resolve(f"{SITE}/page/2/", "http://other.test/a") == "http://other.test/a"
    assert _urls_rules.resolve(f"{SITE}/page/2/", "/e/one/") == f"{SITE}/e/one/"
    assert _urls_rules.resolve(f"{SITE}/page/2/", "../3/") == f"{SITE}/page/3/"
    assert _urls_rules.resolve(f"{SITE}/page/2/", "/a/./b") == f"{SITE}/a/b"
    assert _urls_rules.resolve(f"{SITE}/page/2/", "//cdn.test/a") == "https://cdn.test/a"
    assert _urls_rules.resolve("relative/base/", "/x") == "/x"
    assert _urls_rules.resolve("http://[::1", "x") == "x"


def test_site_root() -> None:
    assert _urls_rules.site_root(f"{SITE}/page/2/") == f"{SITE}/"
    assert _urls_rules.site_root(None) is None
    assert _urls_rules.site_root("/relative/") is None
    assert _urls_rules.site_root("http://[::1") is None


def _linked(href: str, slug: str = "one") -> str:
    return card(slug).replace(f'href="/e/{slug}/"', f'href="{href}"')


def test_an_absolute_episode_link_stays_absolute_without_a_url() -> None:
    href = "https://paperledge.podbean.com/e/one/"
    (episode,) = parse_html(page(_linked(href))).episodes
    assert episode.url == href  # it came out as "/e/one/" when rebuilt from the slug


def test_an_episode_link_keeps_its_host_and_its_path_prefix() -> None:
    show = parse_html(
        page(
            _linked("https://other.podbean.com/e/one/"),
            _linked("/shows/paperledge/e/two/", "two"),
        ),
        url="https://paperledge.podbean.com/page/2/",
    )
    assert [e.url for e in show.episodes] == [
        "https://other.podbean.com/e/one/",  # not moved to the page's host
        "https://paperledge.podbean.com/shows/paperledge/e/two/",  # prefix kept
    ]


def test_an_e_path_on_another_site_is_no_episode_link() -> None:
    # An Eventbrite event, a TYPO3 image: /e/<x> on a host that is neither
    # Podbean nor the page's own.
    stray = _linked("https://www.eventbrite.com/e/meetup-123/", "meetup-123")
    show = parse_html(page(card("one"), stray), url="https://paperledge.podbean.com/")
    assert [e.url for e in show.episodes] == ["https://paperledge.podbean.com/e/one/"]


def test_the_pages_own_host_counts_for_its_episode_links() -> None:
    show = parse_html(
        page(_linked("https://pod.example.org/e/one/")), url="https://pod.example.org/"
    )
    assert [e.url for e in show.episodes] == ["https://pod.example.org/e/one/"]
