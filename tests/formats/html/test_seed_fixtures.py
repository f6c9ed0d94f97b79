"""The HTML fixtures made from the seed pages (tests/formats/html/golden/) read as the seeds do.

Every fixture made from a whole seed page must give that page's episodes, as
parse_text gives them, whatever its theme.
"""

from __future__ import annotations

import datetime as dt
import sys

import attrs
import pytest

from formats.html.pages import FIXTURES, SITE, fields, fixture, seed_show
from paperledge import Episode, parse_html

from support import REPO

#: Fixture -> the seed it holds whole.
FROM_SEED = {
    "cards_theme_untitled_episodes.html": "000_dc6ef49440742e45.txt",
    "cards_theme_titled_episodes_page_two.html": "002_2135ef60f4dd5d3d.txt",
    "blog_theme_titled_episodes.html": "002_2135ef60f4dd5d3d.txt",
    "blog_theme_two_dates_and_a_collaboration.html": "003_21b804928e084a05.txt",
    "minimal_markup_titled_episodes.html": "002_2135ef60f4dd5d3d.txt",
    "minimal_markup_two_dates.html": "003_21b804928e084a05.txt",
    "flat_page_read_as_a_text_dump.html": "003_21b804928e084a05.txt",
    "unclosed_elements_repaired_and_located.html": "000_dc6ef49440742e45.txt",
    "entities_in_text_and_indented_lines.html": "000_dc6ef49440742e45.txt",
    "entities_in_blog_theme.html": "003_21b804928e084a05.txt",
    "windows_1252_declared.html": "002_2135ef60f4dd5d3d.txt",
    "chrome_sidebars_and_scripts_are_not_text.html": "000_dc6ef49440742e45.txt",
    "listing_with_a_series_jsonld_block.html": "000_dc6ef49440742e45.txt",
    "listing_featuring_its_newest_episode_in_jsonld.html": "000_dc6ef49440742e45.txt",
}


#: Fixtures without a defect: strict mode must read them.
CLEAN = sorted(
    set(FROM_SEED) - {"unclosed_elements_repaired_and_located.html"}
    | {"episode_page_untitled.html", "episode_page_titled.html"}
)


def _html5_theme(name: str) -> str:
    """Articles with <time> only (no date text), titles in <h3>, text in <section>."""
    sys.path.insert(0, str(REPO / "tests"))
    try:
        import make_html_fixtures as generator
    finally:
        sys.path.pop(0)
    _, _, eps = generator.episodes(name)
    articles = []
    for ep in eps:
        heading = (
            f'<h3><a href="/e/{ep.slug}/">{generator.esc(ep.title)}</a></h3>' if ep.title else ""
        )
        link = "" if ep.title else f'<a href="/e/{ep.slug}/" rel="bookmark">Listen</a>'
        articles.append(
            f'<article class="x-{ep.index}"><header>{heading}'
            f'<time datetime="{ep.iso}T09:30:00Z">{ep.iso}</time>{link}</header>'
            f"<section>{generator.body_blocks(ep, glue_credit=False)}</section></article>"
        )
    return (
        "<!doctype html><html><head><title>PaperLedge</title></head><body><main>"
        + "\n".join(articles)
        + '<aside><a href="/e/elsewhere/">Elsewhere</a></aside></main></body></html>'
    )


@pytest.mark.parametrize("name", sorted(FROM_SEED))
def test_same_episodes_as_the_text_dump(name: str) -> None:
    show = parse_html(fixture(name), url=f"{SITE}/")
    expected = seed_show(FROM_SEED[name])
    assert len(show.episodes) == len(expected.episodes) == 8
    for got, want in zip(show.episodes, expected.episodes, strict=True):
        assert fields(got) == fields(want)
    assert show.title == expected.title


@pytest.mark.parametrize("name", CLEAN)
def test_clean_fixtures_read_in_strict_mode(name: str) -> None:
    show = parse_html(fixture(name), strict=True)
    assert show.diagnostics == ()
    assert show.episodes


@pytest.mark.parametrize("name", sorted(FROM_SEED))
def test_text_and_bytes_read_alike(name: str) -> None:
    data = fixture(name)
    text = data.decode("windows-1252" if name.startswith("windows_1252") else "utf-8")
    assert parse_html(text) == parse_html(data)


def test_each_page_comes_from_the_seed_the_generator_built_it_from() -> None:
    # That the committed pages are what the generator writes: test_golden.py.
    sys.path.insert(0, str(REPO / "tests"))
    try:
        import make_html_fixtures as generator
    finally:
        sys.path.pop(0)
    built = {generator.GOLDEN_NAMES[name]: seed for name, seed in generator.FROM_SEED.items()}
    assert built == FROM_SEED


def test_indentation_and_inner_spaces_are_the_dumps() -> None:
    episode = parse_html(fixture("cards_theme_untitled_episodes.html")).episodes[1]
    lines = episode.description.split("\n")
    assert lines[1].startswith(" Now, you might")
    assert lines[4].startswith("  The LLM doesn't")
    assert " " in lines  # a whitespace-only paragraph is a line of its own
    rag = parse_html(fixture("entities_in_text_and_indented_lines.html")).episodes[3].description
    assert "metamorphic testing.  Ima" in rag  # &nbsp; + space is two spaces
    assert "\xa0" not in rag


def test_cards_page_one() -> None:
    show = parse_html(fixture("cards_theme_untitled_episodes.html"), url=f"{SITE}/")
    assert show.title == "PaperLedge"
    assert show.description == seed_show("000_dc6ef49440742e45.txt").description
    assert show.host == "Ernis"
    assert show.url == f"{SITE}/"
    assert show.feed_url == "https://feed.podbean.com/paperledge/feed.xml"
    assert show.next_page_url == f"{SITE}/page/2/"
    assert show.previous_page_url is None
    first = show.episodes[0]
    assert first.url == f"{SITE}/e/paperledge-2025-10-02-1/"
    assert first.audio_url == ("https://mcdn.podbean.com/mf/web/ab0cd/paperledge-2025-10-02-1.mp3")
    titled = show.episodes[2]
    assert titled.url == f"{SITE}/e/hart-human-aligned-reconstruction-transformer/"


def test_entities_decode_to_the_dumps_characters() -> None:
    page = fixture("entities_in_blog_theme.html")
    assert b"&rsquo;" in page
    assert b"&#x2013;" in page or b"&#8211;" in page
    assert b"&nbsp;" in page
    show = parse_html(page, strict=True)
    text = "\n".join(e.description for e in show.episodes)
    assert "’" in text
    assert "–" in text
    assert "®" in text
    assert "&" not in text.replace("&amp;", "")


def test_windows_1252_page_decodes_without_mojibake() -> None:
    data = fixture("windows_1252_declared.html")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    show = parse_html(data, strict=True)
    text = "\n".join(f"{e.description}{e.authors}" for e in show.episodes)
    assert "’" in text
    assert "–" in text
    for mojibake in ("â€", "Ã", "\ufffd"):
        assert mojibake not in text
    names = [a.name for e in show.episodes for a in e.authors]
    assert any("ć" in name for name in names)  # written &#263;: not in Windows-1252


@pytest.mark.parametrize("name", ["000_dc6ef49440742e45.txt", "003_21b804928e084a05.txt"])
def test_an_unknown_theme_with_time_elements_only(name: str) -> None:
    show = parse_html(_html5_theme(name), strict=True)
    expected = seed_show(name)
    assert [fields(e) for e in show.episodes] == [fields(e) for e in expected.episodes]


@pytest.mark.parametrize("name", sorted(path.name for path in FIXTURES.glob("*.html")))
def test_episodes_built_without_the_constructor_are_what_it_builds(name: str) -> None:
    show = parse_html((FIXTURES / name).read_bytes(), url=SITE + "/")
    assert show.episodes
    for episode in show.episodes:
        attrs.validate(episode)
        fields = {field.name: getattr(episode, field.name) for field in attrs.fields(Episode)}
        assert Episode(**fields) == episode
        # Each value sits in its own field (a tuple in the wrong order would not).
        assert isinstance(episode.authors, tuple)
        assert episode.url is None or episode.url.startswith(SITE + "/")
        assert episode.published is None or type(episode.published) is dt.date
        assert episode.guid is None
        assert episode.published_at is None
        assert episode.audio_type is None
        assert episode.audio_length is None
        assert episode.image_url is None or "://" in episode.image_url
