"""The HTML reader on the fixtures made from the seed pages (tests/fixtures/html/).

Every fixture made from a whole seed page must give that page's episodes, as
parse_text gives them, whatever its theme; the damaged ones must keep what
they can and say what is wrong, located in the HTML source.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import sys
from pathlib import Path

import pytest

import paperledge
from paperledge import Episode, ParseError, Show, parse_html, parse_text
from paperledge._cli.main import main

from conftest import REPO, seed_bytes

FIXTURES = REPO / "tests" / "fixtures" / "html"
SITE = "https://paperledge.podbean.com"

#: Fixture -> the seed it holds whole.
FROM_SEED = {
    "cards_000.html": "000_dc6ef49440742e45.txt",
    "cards_002.html": "002_2135ef60f4dd5d3d.txt",
    "blog_002.html": "002_2135ef60f4dd5d3d.txt",
    "blog_003.html": "003_21b804928e084a05.txt",
    "minimal_002.html": "002_2135ef60f4dd5d3d.txt",
    "minimal_003.html": "003_21b804928e084a05.txt",
    "flat_003.html": "003_21b804928e084a05.txt",
    "unclosed_000.html": "000_dc6ef49440742e45.txt",
    "entities_000.html": "000_dc6ef49440742e45.txt",
    "entities_003.html": "003_21b804928e084a05.txt",
    "cp1252_002.html": "002_2135ef60f4dd5d3d.txt",
    "noisy_000.html": "000_dc6ef49440742e45.txt",
}
#: Fixtures without a defect: strict mode must read them.
CLEAN = sorted(set(FROM_SEED) - {"unclosed_000.html"} | {"episode_000.html", "episode_002.html"})


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def fields(episode: Episode) -> tuple[object, ...]:
    return (
        episode.published,
        episode.title,
        episode.category,
        episode.paper_title,
        episode.authors,
        episode.description.split("\n"),
    )


def seed_show(name: str) -> Show:
    return parse_text(seed_bytes(name), strict=True)


def codes(show: Show) -> list[str]:
    return [d.code for d in show.diagnostics]


# -- consistency with the text dumps -------------------------------------------------


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
    text = data.decode("windows-1252" if name.startswith("cp1252") else "utf-8")
    assert parse_html(text) == parse_html(data)


def test_the_committed_fixtures_are_what_the_generator_writes() -> None:
    sys.path.insert(0, str(REPO / "tests"))
    try:
        import make_html_fixtures as generator
    finally:
        sys.path.pop(0)
    for name, build in generator.FIXTURES.items():
        content = build()
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        assert data == fixture(name), f"{name} is stale: run tests/make_html_fixtures.py"
    assert generator.FROM_SEED == FROM_SEED


def test_indentation_and_inner_spaces_are_the_dumps() -> None:
    episode = parse_html(fixture("cards_000.html")).episodes[1]
    lines = episode.description.split("\n")
    assert lines[1].startswith(" Now, you might")
    assert lines[4].startswith("  The LLM doesn't")
    assert " " in lines  # a whitespace-only paragraph is a line of its own
    rag = parse_html(fixture("entities_000.html")).episodes[3].description
    assert "metamorphic testing.  Ima" in rag  # &nbsp; + space is two spaces
    assert "\xa0" not in rag


# -- the show, links and pagination -----------------------------------------------------


def test_cards_page_one() -> None:
    show = parse_html(fixture("cards_000.html"), url=f"{SITE}/")
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


def test_canonical_url_resolves_links_when_no_url_is_given() -> None:
    show = parse_html(fixture("cards_002.html"))
    assert show.next_page_url == f"{SITE}/page/3/"
    assert show.previous_page_url == f"{SITE}/"
    assert all(e.url is not None and e.url.startswith(f"{SITE}/e/") for e in show.episodes)


def test_relative_links_resolve_against_url() -> None:
    show = parse_html(fixture("blog_002.html"), url=f"{SITE}/page/2/")
    assert show.next_page_url == f"{SITE}/page/3/"
    assert show.previous_page_url == f"{SITE}/"
    assert show.feed_url == f"{SITE}/feed.xml"
    assert show.episodes[0].url == (f"{SITE}/e/lora-low-rank-adaptation-of-large-language-models/")


def test_relative_links_stay_relative_without_any_base() -> None:
    show = parse_html(fixture("blog_002.html"))
    assert show.feed_url == "/feed.xml"
    assert show.next_page_url == "/page/3/"
    assert show.episodes[0].url == "/e/lora-low-rank-adaptation-of-large-language-models/"


def test_base_element_resolves_links() -> None:
    show = parse_html(fixture("minimal_003.html"))
    assert show.next_page_url == f"{SITE}/page/2/"
    assert show.episodes[1].url == (
        f"{SITE}/e/txgemma-efficient-and-agentic-llms-for-therapeutics/"
    )


def test_episode_page_with_json_ld_and_open_graph() -> None:
    show = parse_html(fixture("episode_002.html"), strict=True)
    (episode,) = show.episodes
    want = seed_show("002_2135ef60f4dd5d3d.txt").episodes[0]
    assert fields(episode) == fields(want)
    slug = "lora-low-rank-adaptation-of-large-language-models"
    assert episode.url == f"{SITE}/e/{slug}/"
    assert episode.audio_url == f"https://mcdn.podbean.com/mf/web/xyz0/{slug}.mp3"
    assert episode.duration == dt.timedelta(minutes=14, seconds=5)
    assert episode.image_url == (
        "https://pbcdn1.podbean.com/imglogo/image-logo/1234/paperledge.png"
    )
    assert show.title == "PaperLedge"
    assert show.url == f"{SITE}/"
    assert show.feed_url == "https://feed.podbean.com/paperledge/feed.xml"


def test_untitled_episode_page_ignores_the_more_episodes_box() -> None:
    show = parse_html(fixture("episode_000.html"), strict=True)
    (episode,) = show.episodes
    want = seed_show("000_dc6ef49440742e45.txt").episodes[1]
    assert fields(episode) == fields(want)
    assert "More episodes" not in episode.description


def test_episode_page_drawn_by_scripts_falls_back_to_json_ld() -> None:
    page = fixture("episode_002.html").decode()
    body = re.sub(r"<body>.*</body>", "<body><div id=app></div></body>", page, flags=re.S)
    (episode,) = parse_html(body).episodes
    want = seed_show("002_2135ef60f4dd5d3d.txt").episodes[0]
    assert fields(episode) == fields(want)


# -- noise ---------------------------------------------------------------------------


def test_scripts_styles_comments_sidebars_and_footers_are_not_text() -> None:
    show = parse_html(fixture("noisy_000.html"))
    assert show == parse_html(fixture("cards_000.html"))
    everything = json.dumps(paperledge.dumps(show, "json"))
    for ghost in ("Fake", "Ghost", "Nobody", "Jan 01, 2024", "Another episode", "Popular"):
        assert ghost not in everything
    for episode in show.episodes:
        assert "Comments" not in episode.description
        assert "Share" not in episode.description
        assert "Play" not in episode.description.split("\n")


def test_a_page_of_links_only_has_no_episodes() -> None:
    page = "<html><body><h3>More episodes</h3><ul>" + "".join(
        f'<li><a href="/e/episode-{n}/">Episode {n}</a></li>' for n in range(5)
    )
    show = parse_html(page + "</ul></body></html>")
    assert show.episodes == ()
    assert codes(show) == ["no-episodes"]
    with pytest.raises(ParseError) as error:
        parse_html(page, strict=True)
    assert error.value.code == "no-episodes"


# -- damage -----------------------------------------------------------------------------


def _source_line(name: str, line: int) -> str:
    return fixture(name).decode("utf-8").split("\n")[line - 1]


def test_unclosed_tags_are_repaired_and_reported_where_they_are() -> None:
    show = parse_html(fixture("unclosed_000.html"))
    found = {(d.code, d.line, d.column) for d in show.diagnostics}
    assert {code for code, _, _ in found} == {"html-structure"}
    for _, line, column in found:
        text = _source_line("unclosed_000.html", line)
        assert text[column - 1 :].startswith("<"), (line, column, text[:80])
    # The <a> left open in the third card's title is located at its opening tag.
    a_line = next(d for d in show.diagnostics if "<a>" in d.message)
    assert _source_line("unclosed_000.html", a_line.line)[a_line.column - 1 :].startswith(
        '<a href="/e/hart'
    )
    with pytest.raises(ParseError) as error:
        parse_html(fixture("unclosed_000.html"), strict=True)
    assert error.value.code == "html-structure"


def test_a_page_cut_in_an_episode_keeps_what_it_has() -> None:
    show = parse_html(fixture("truncated_002.html"))
    want = seed_show("002_2135ef60f4dd5d3d.txt").episodes
    assert len(show.episodes) == 5
    for got, expected in zip(show.episodes[:4], want[:4], strict=True):
        assert fields(got) == fields(expected)
    cut = show.episodes[4]
    assert (cut.published, cut.title) == (want[4].published, want[4].title)
    assert cut.authors == ()
    got_lines = cut.description.split("\n")
    want_lines = want[4].description.split("\n")
    assert got_lines[:3] == want_lines[:3]
    assert want_lines[3].startswith(got_lines[3])
    assert len(got_lines[3]) < len(want_lines[3])
    (diagnostic,) = show.diagnostics
    assert diagnostic.code == "html-truncated"
    assert got_lines[3][:20] in _source_line("truncated_002.html", diagnostic.line)
    with pytest.raises(ParseError) as error:
        parse_html(fixture("truncated_002.html"), strict=True)
    assert error.value.code == "html-truncated"


def test_entities_decode_to_the_dumps_characters() -> None:
    page = fixture("entities_003.html")
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
    data = fixture("cp1252_002.html")
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


def test_undeclared_windows_1252_is_detected_and_reported() -> None:
    data = fixture("cp1252_002.html").replace(b"; charset=windows-1252", b"")
    show = parse_html(data)
    assert "encoding" in codes(show)
    want = seed_show("002_2135ef60f4dd5d3d.txt")
    assert [fields(e) for e in show.episodes] == [fields(e) for e in want.episodes]
    with pytest.raises(ParseError) as error:
        parse_html(data, strict=True)
    assert error.value.code == "encoding"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-32"])
def test_byte_order_marks(encoding: str) -> None:
    text = fixture("cards_000.html").decode("utf-8")
    assert parse_html(text.encode(encoding)) == parse_html(text)


def _edit_cards(old: str, new: str, count: int = 1) -> str:
    page = fixture("cards_000.html").decode("utf-8")
    assert old in page
    return page.replace(old, new, count)


def test_unusual_date_is_read_and_reported_at_its_place() -> None:
    page = _edit_cards(
        '<p class="text-muted small mb-1">Thursday Oct 02, 2025</p>',
        '<p class="text-muted small mb-1">Thu Oct 2, 2025</p>',
    )
    show = parse_html(page)
    assert show.episodes[0].published == dt.date(2025, 10, 2)
    (diagnostic,) = show.diagnostics
    assert diagnostic.code == "date-format"
    line = page.split("\n")[diagnostic.line - 1]
    # The column is where the line first differs from the canonical spelling.
    assert line[diagnostic.column - 4 :].startswith("Thu Oct 2")


def test_weekday_mismatch_and_disagreeing_repeats() -> None:
    page = _edit_cards(
        '<p class="text-muted small mb-1">Thursday Oct 02, 2025</p>',
        '<p class="text-muted small mb-1">Saturday Oct 03, 2025</p>',
    )
    show = parse_html(page)
    assert show.episodes[0].published == dt.date(2025, 10, 3)
    assert codes(show) == ["weekday-mismatch", "date-mismatch"]


def test_missing_credit_keeps_the_text() -> None:
    page = _edit_cards('<span class="credit">Credit to Paper authors: ', '<span class="credit">')
    show = parse_html(page)
    assert codes(show) == ["missing-credit"]
    first = show.episodes[0]
    assert first.authors == ()
    assert first.description.endswith("keep learning!Allen G Hart")
    assert len(show.episodes) == 8


def test_author_list_defect_is_located_in_the_source() -> None:
    page = _edit_cards("Zheng Zhang, Ziwei Shan", "Zheng Zhang, , Ziwei Shan")
    show = parse_html(page)
    (diagnostic,) = show.diagnostics
    assert diagnostic.code == "author-list"
    line = page.split("\n")[diagnostic.line - 1]
    # Located at the empty name, as the text parser locates it.
    assert line[diagnostic.column - 2 :].startswith(", , Ziwei Shan")
    names = [a.name for a in show.episodes[1].authors]
    assert names == ["Zheng Zhang", "Ziwei Shan", "Kaitao Song", "Yexin Li", "Kan Ren"]


def test_text_after_the_credit_is_kept_and_reported() -> None:
    page = _edit_cards(
        '<div class="card-footer d-flex">',
        '<p>P.S. see the show notes.</p><div class="card-footer d-flex">',
    )
    show = parse_html(page)
    assert codes(show) == ["stray-text"]
    assert show.episodes[0].description.endswith("\nP.S. see the show notes.")


def test_invalid_json_ld_is_reported() -> None:
    page = fixture("episode_002.html").decode("utf-8")
    page = page.replace('"@context"', '"@context" oops', 1)
    show = parse_html(page)
    assert codes(show) == ["json-syntax"]
    assert "application/ld+json" in page.split("\n")[show.diagnostics[0].line - 1]
    assert show.episodes[0].title is not None  # the visible page still gives it


def test_flat_page_goes_through_the_text_grammar() -> None:
    show = parse_html(fixture("flat_003.html"), strict=True)
    expected = seed_show("003_21b804928e084a05.txt")
    assert show.title == expected.title
    assert show.description == expected.description


def test_flat_page_defects_are_located_in_the_html() -> None:
    page = fixture("flat_003.html").decode("utf-8")
    page = page.replace("<p>Thursday Apr 10, 2025</p>", "<p>Thursday Apr 10 2025</p>", 1)
    show = parse_html(page)
    (diagnostic,) = show.diagnostics
    assert diagnostic.code == "date-format"
    assert "Thursday Apr 10 2025" in page.split("\n")[diagnostic.line - 1]


@pytest.mark.parametrize(
    "data", ["", b"", "   \n", b"\x00\x00", "<", "<html></html>", "plain text"]
)
def test_empty_and_junk_inputs(data: str | bytes) -> None:
    show = parse_html(data)
    assert show.episodes == ()
    assert "no-episodes" in codes(show)
    with pytest.raises(ParseError):
        parse_html(data, strict=True)


# -- front door, registry and CLI --------------------------------------------------------


def test_registered_and_sniffed() -> None:
    fmt = paperledge.get_format("html")
    assert fmt.extensions == (".html", ".htm")
    assert fmt.media_type == "text/html"
    assert fmt.reader is parse_html
    for name in ("cards_000.html", "blog_003.html", "episode_002.html", "flat_003.html"):
        data = fixture(name)
        assert paperledge.parse(data) == parse_html(data)
    assert paperledge.parse(seed_bytes("000_dc6ef49440742e45.txt")) == seed_show(
        "000_dc6ef49440742e45.txt"
    )


def test_load_by_extension(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_bytes(fixture("minimal_003.html"))
    assert paperledge.load(path) == parse_html(fixture("minimal_003.html"))


def test_cli_parses_a_page(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(fixture("blog_002.html"))
    out, err = io.StringIO(), io.StringIO()
    code = main(["parse", str(path)], stdout=out, stderr=err)
    assert code == 0, err.getvalue()
    document = json.loads(out.getvalue())
    assert len(document["episodes"]) == 8
    # -i overrides the sniffing: the same bytes read as a text dump give no episode.
    out = io.StringIO()
    main(["parse", "-q", "-i", "text", str(path)], stdout=out, stderr=io.StringIO())
    assert json.loads(out.getvalue())["episodes"] == []


# -- a theme made up here, that none of the fixtures' class names reach -----------------


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


@pytest.mark.parametrize("name", ["000_dc6ef49440742e45.txt", "003_21b804928e084a05.txt"])
def test_an_unknown_theme_with_time_elements_only(name: str) -> None:
    show = parse_html(_html5_theme(name), strict=True)
    expected = seed_show(name)
    assert [fields(e) for e in show.episodes] == [fields(e) for e in expected.episodes]


def test_episode_page_site_heading_is_not_the_title() -> None:
    page = fixture("episode_002.html").decode("utf-8")
    old = '<header><a href="/">PaperLedge</a></header>'
    assert old in page
    page = page.replace(old, '<header><h1 class="site"><a href="/">PaperLedge</a></h1></header>')
    (episode,) = parse_html(page, strict=True).episodes
    want = seed_show("002_2135ef60f4dd5d3d.txt").episodes[0]
    assert fields(episode) == fields(want)
