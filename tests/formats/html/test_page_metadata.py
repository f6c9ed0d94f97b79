"""What a page's <head> says: JSON-LD, OpenGraph, the show's fields."""

from __future__ import annotations

import datetime as dt

import pytest
from lxml import etree

import paperledge._formats.html.meta as _html_meta
import paperledge._formats.html.page as _page
import paperledge._rules.durations as _durations_rules
from formats.html.pages import DATE, LD, SITE, TEXT, TEXT2, card, codes, fixture, page
from paperledge import parse_html


def test_invalid_json_ld_is_reported() -> None:
    page = fixture("episode_page_titled.html").decode("utf-8")
    page = page.replace('"@context"', '"@context" oops', 1)
    show = parse_html(page)
    assert codes(show) == ["json-syntax"]
    assert "application/ld+json" in page.split("\n")[show.diagnostics[0].line - 1]
    assert show.episodes[0].title is not None  # the visible page still gives it


def test_show_fields_from_the_head() -> None:
    head = (
        '<meta property="og:site_name" content="PaperLedge Site">'
        '<meta name="description" content="A show. Hosted by the Ernis, who reads.">'
        '<meta property="og:image" content="/logo.png">'
        '<link rel="alternate" type="application/rss+xml" href="/feed.xml">'
    )
    show = parse_html(page(card(), head=head), url=f"{SITE}/page/2/")
    assert show.title == "PaperLedge Site"
    assert show.description == "A show. Hosted by the Ernis, who reads."
    assert show.host == "Ernis"
    assert show.image_url == f"{SITE}/logo.png"
    assert show.feed_url == f"{SITE}/feed.xml"
    assert show.url == f"{SITE}/"


def test_show_title_from_the_title_element() -> None:
    data = page(card()).replace(
        "<title>PaperLedge</title>", "<title> Paper\n Ledge | Podbean</title>"
    )
    assert parse_html(data).title == "Paper Ledge"


def test_a_listing_takes_missing_fields_from_json_ld() -> None:
    ld = LD.replace('"url": "/e/robot/"', '"url": "/e/one/"')
    show = parse_html(page(card(), head=ld), url=f"{SITE}/")
    (episode,) = show.episodes
    assert episode.description == f"{TEXT}\n{TEXT2}"
    assert episode.title == "Robotics - A Robot"
    assert episode.audio_url == f"{SITE}/robot.mp3"


def test_untitled_json_ld_names() -> None:
    assert _page._title(None) is None
    assert _page._title("  ") is None
    assert _page._title(DATE) is None
    assert _page._title(" Robotics -  A Robot ") == "Robotics - A Robot"


def test_iso_dates() -> None:
    assert _html_meta.iso_date("2025-10-02") == dt.date(2025, 10, 2)
    assert _html_meta.iso_date(" 2025-10-02T08:00:00Z") == dt.date(2025, 10, 2)
    assert _html_meta.iso_date("2025-13-02") is None
    assert _html_meta.iso_date("2025-10") is None
    assert _html_meta.iso_date(20251002) is None


@pytest.mark.parametrize(
    ("value", "duration"),
    [
        ("PT14M5S", dt.timedelta(minutes=14, seconds=5)),
        ("pt1h", dt.timedelta(hours=1)),
        ("P1DT0.5S", dt.timedelta(days=1, seconds=0.5)),
        ("12:34", dt.timedelta(minutes=12, seconds=34)),
        ("1:02:03", dt.timedelta(hours=1, minutes=2, seconds=3)),
        ("845", dt.timedelta(seconds=845)),
        (845, dt.timedelta(seconds=845)),
        (12.5, dt.timedelta(seconds=12.5)),
        (0, dt.timedelta(0)),
        (True, None),
        (-1, None),
        (10**7, None),
        ("12345678", None),
        ("P", None),
        ("PT", None),
        ("", None),
        ("soon", None),
        (None, None),
        ("P99999999999D", None),
    ],
)
def test_durations(value: object, duration: dt.timedelta | None) -> None:
    assert _durations_rules.read_duration(value) == duration


def test_json_ld_nodes_and_values() -> None:
    deep: object = {"@type": "PodcastEpisode", "name": "deep"}
    for _ in range(25):
        deep = [deep]
    assert list(_html_meta._nodes(deep)) == []
    shallow = [[{"@type": "x", "hasPart": [{"@type": "y"}]}]]
    assert [n["@type"] for n, _ in _html_meta._nodes(shallow)] == ["x", "y"]
    assert _html_meta._text(" a ") == "a"
    assert _html_meta._text("  ") is None
    assert _html_meta._text({"contentUrl": "/a.mp3"}) == "/a.mp3"
    assert _html_meta._text([{"@id": "/id"}, "b"]) == "/id"
    assert _html_meta._text([]) is None
    assert _html_meta._text(3) is None
    assert _html_meta._types({"@type": "https://schema.org/PodcastEpisode"}) == {"PodcastEpisode"}
    assert _html_meta._types({"@type": ["A", 3, "b/C"]}) == {"A", "C"}
    assert _html_meta._types({"@type": 3}) == set()


def test_json_ld_episode_fields() -> None:
    episode = _html_meta.LdEpisode(
        {
            "headline": "Robotics - A Robot",
            "uploadDate": "2025-10-02",
            "url": {"@id": "/e/robot/"},
            "description": 3,
            "associatedMedia": {"contentUrl": "/a.mp3", "duration": "PT1M"},
            "image": "/i.png",
        }
    )
    assert episode.name == "Robotics - A Robot"
    assert episode.published == dt.date(2025, 10, 2)
    assert episode.url == "/e/robot/"
    assert episode.description is None
    assert episode.audio_url == "/a.mp3"
    assert episode.duration == dt.timedelta(minutes=1)
    assert episode.image_url == "/i.png"


def test_read_meta() -> None:
    head = (
        '<meta property="OG:Title" content=" First "><meta property="og:title" content="Second">'
        '<meta name="description" content="  "><meta name="description" content="Later">'
        '<meta itemprop="duration" content="PT1M"><meta name="x">'
        '<link rel="Canonical" href=" /c/ "><link rel="canonical" href="/d/">'
        '<link rel="alternate" type="application/atom+xml" href="/atom">'
        '<link rel="alternate" type="application/rss+xml" href="/rss">'
        '<link rel="next" href="/n/"><link rel="prev" href="/p/"><link rel="next">'
        '<base href="/b/"><title>  The   Title </title><title>Other</title>'
        '<script type="application/ld+json">{oops</script>'
        '<script type="text/javascript">{"@type": "PodcastSeries", "name": "No"}</script>'
    )
    root = etree.fromstring(f"<html><head>{head}</head><body></body></html>", etree.HTMLParser())
    meta = _html_meta.read_meta(root)
    assert meta.og == {"og:title": "First"}
    assert meta.description == "Later"  # an empty description is none
    assert meta.itemprop_duration == "PT1M"
    assert meta.canonical == "/c/"
    assert meta.feed_url == "/rss"
    assert (meta.rel_next, meta.rel_prev) == ("/n/", "/p/")
    assert meta.base_href == "/b/"
    assert meta.title == "The Title"
    assert meta.series_name is None
    assert [line for line, _ in meta.bad_jsonld] == [1]
    assert not meta.is_episode_page


def test_large_json_ld_blocks_are_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_html_meta, "JSONLD_MAX", 20)
    root = etree.fromstring(f"<html><head>{LD}</head><body></body></html>", etree.HTMLParser())
    assert _html_meta.read_meta(root).episodes == []


def test_show_description_from_open_graph() -> None:
    head = '<meta property="og:description" content="The show, by Ernis.">'
    assert parse_html(page(card(), head=head)).description == "The show, by Ernis."


def test_json_ld_of_a_mebibyte_is_read_and_no_more() -> None:
    node = '{"@type": "PodcastSeries", "name": "Big", "description": "'
    filler = "x" * ((1 << 20) - len(node) - 2)
    at_limit = f'{node}{filler}"}}'
    assert len(at_limit) == 1 << 20
    for block, name in ((at_limit, "Big"), (at_limit + " ", None)):
        script = f'<script type="application/ld+json">{block}</script>'
        root = etree.fromstring(
            f"<html><head>{script}</head><body></body></html>", etree.HTMLParser(huge_tree=True)
        )
        assert _html_meta.read_meta(root).series_name == name


def test_json_ld_is_read_twenty_levels_deep() -> None:
    chain: dict[str, object] = {"@type": "Thing", "name": "24"}
    for depth in range(23, -1, -1):
        chain = {"@type": "Thing", "name": str(depth), "@graph": chain}
    names = [node["name"] for node, _ in _html_meta._nodes(chain)]
    assert names == [str(depth) for depth in range(21)]


def test_episodes_a_series_lists_do_not_make_an_episode_page() -> None:
    listed = {
        "@type": "PodcastSeries",
        "episode": [{"@type": "PodcastEpisode", "url": "/e/a/"}],
        "hasPart": {"@type": "PodcastEpisode", "url": "/e/b/"},
    }
    meta = _html_meta.PageMeta()
    _html_meta._read_jsonld(meta, listed)
    assert len(meta.episodes) == 2
    assert meta.own_episodes == 0
    assert not meta.is_episode_page
    # In a @graph beside its series, an episode stands on its own: its page.
    graph = {"@graph": [{"@type": "PodcastSeries"}, {"@type": "PodcastEpisode", "url": "/e/a/"}]}
    meta = _html_meta.PageMeta()
    _html_meta._read_jsonld(meta, graph)
    assert meta.own_episodes == 1
    assert meta.is_episode_page
    meta.lists_episodes = True  # the body shows several episodes: a listing
    assert not meta.is_episode_page
    meta.canonical = "https://paperledge.podbean.com/e/a/"  # unless its address says so
    assert meta.is_episode_page


def test_the_first_series_description_is_kept() -> None:
    meta = _html_meta.PageMeta()
    _html_meta._read_jsonld(
        meta,
        [
            {"@type": "PodcastSeries", "name": "A", "url": "/podcast/", "description": " "},
            {"@type": "PodcastSeries", "name": "B", "description": "Second"},
            {"@type": "PodcastSeries", "description": "Third", "image": "/i.png"},
        ],
    )
    assert meta.series_name == "A"
    assert meta.series_url == "/podcast/"
    assert meta.series_description == "Second"  # the first that says something
    assert meta.series_image == "/i.png"


def test_show_url_from_the_series() -> None:
    ld = LD.replace('"name": "PaperLedge", "url": "/"', '"name": "PaperLedge", "url": "/show/"')
    data = f"<html><head>{ld}</head><body></body></html>"
    assert parse_html(data, url=f"{SITE}/e/robot/").url == f"{SITE}/show/"


def test_a_bad_json_ld_block_does_not_hide_the_next() -> None:
    head = f'<script type="application/ld+json">{{oops</script>{LD}'
    root = etree.fromstring(f"<html><head>{head}</head><body></body></html>", etree.HTMLParser())
    meta = _html_meta.read_meta(root)
    assert len(meta.bad_jsonld) == 1
    assert [ld.name for ld in meta.episodes] == ["Robotics - A Robot"]
