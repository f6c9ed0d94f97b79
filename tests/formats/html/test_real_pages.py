"""Real web pages that are not the show's: news, blogs, documentation, wikis.

The pages are mozilla/readability's test pages (see corpora/readability/README.md),
saved from the web as they were served.  Whatever such a page holds (dates of
any form, hundreds of links, links with ``/e/`` in their path, malformed markup,
broken JSON-LD), the reader keeps its promise on it: in tolerant mode it never
raises, invents no episode and says so with one ``no-episodes``; each
diagnostic points inside the page; in strict mode only ParseError is raised.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from paperledge import ParseError, Show, parse_html

CORPUS = Path(__file__).parent / "corpora" / "readability"
PAGES = sorted(path.name.removesuffix(".html.gz") for path in CORPUS.glob("*.html.gz"))

# What a page that holds no episode may still have said of itself, as a
# document: its bytes, its markup, its JSON-LD.  Any other code is about an
# episode, and there is none.
DOCUMENT_CODES = frozenset(
    {"encoding", "undecodable", "control-character", "html-structure", "json-syntax"}
)


def page(name: str) -> bytes:
    return gzip.decompress((CORPUS / f"{name}.html.gz").read_bytes())


def test_the_corpus_is_all_there() -> None:
    # An empty parametrisation would pass unseen: the pages must be found.
    assert len(PAGES) == 79
    assert (CORPUS / "LICENSE").is_file()
    assert (CORPUS / "NOTICE").is_file()


@pytest.mark.parametrize("name", PAGES)
def test_a_page_that_is_not_the_shows_gives_no_episodes(name: str) -> None:
    data = page(name)
    # Every page of the corpus is UTF-8 (one declares gb2312 but is not).
    lines = data.decode("utf-8").split("\n")

    show = parse_html(data)

    assert show.episodes == ()
    codes = [diagnostic.code for diagnostic in show.diagnostics]
    assert codes.count("no-episodes") == 1
    assert set(codes) - {"no-episodes"} <= DOCUMENT_CODES
    for diagnostic in show.diagnostics:
        assert 1 <= diagnostic.line <= len(lines), diagnostic
        # A column may point just past a line's last character (its end).
        assert 1 <= diagnostic.column <= len(lines[diagnostic.line - 1]) + 1, diagnostic

    # Tolerant mode reported defects (no-episodes at least), so strict mode
    # stops at one of them, and raises nothing but ParseError.
    with pytest.raises(ParseError) as raised:
        parse_html(data, strict=True)
    assert raised.value.code in codes


def _show(name: str) -> Show:
    return parse_html(page(name))


def test_ars_technica_article_says_its_site_and_neighbours() -> None:
    # <head>: og:site_name, og:description, og:image, the RSS link;
    # the article's foot: "Previous story" (rel=prev), "Next story" (rel=next).
    show = _show("ars-1")
    assert show.title == "Ars Technica"
    assert show.description == "Two-year-old bug exposes thousands of servers to crippling attack."
    assert show.image_url == (
        "https://cdn.arstechnica.net/wp-content/uploads/2015/04/server-crash-640x215.jpg"
    )
    assert show.feed_url == "http://feeds.arstechnica.com/arstechnica/index/"
    assert show.url == "https://arstechnica.com/"
    assert show.previous_page_url == (
        "https://arstechnica.com/tech-policy/2015/04/"
        "dozens-of-us-government-online-whistleblower-sites-not-secured-by-https/"
    )
    assert show.next_page_url == (
        "https://arstechnica.com/gaming/2015/04/"
        "hidden-files-suggest-street-fighters-ryu-may-come-to-smash-bros/"
    )


def test_v8_blog_post_title_spread_over_lines() -> None:
    # No og:site_name: the <title>, written over three lines of the source.
    show = _show("v8-blog")
    assert show.title == "Outside the web: standalone WebAssembly binaries using Emscripten · V8"
    assert show.description == (
        "Emscripten now supports standalone Wasm files, which do not need JavaScript."
    )


def test_daring_fireball_colophon_has_a_title_and_no_description() -> None:
    show = _show("daringfireball-1")
    assert show.title == "Daring Fireball: Colophon"
    assert show.description is None
    assert show.image_url is None
