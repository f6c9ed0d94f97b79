"""Pages and helpers the HTML reader's tests share."""

from __future__ import annotations

import paperledge._formats.html.decoding as _decoding
from paperledge import Episode, Show, parse_text
from paperledge._diagnostics import Reporter

from support import REPO, seed_bytes

FIXTURES = REPO / "tests" / "formats" / "html" / "golden"


SITE = "https://paperledge.podbean.com"


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


def edit_cards(old: str, new: str, count: int = 1) -> str:
    page = fixture("cards_theme_untitled_episodes.html").decode("utf-8")
    assert old in page
    return page.replace(old, new, count)


DATE = "Thursday Oct 02, 2025"


CREDIT = "Credit to Paper authors: "


TEXT = "Today we read a paper about teaching small models to reason step by step."


TEXT2 = "The authors show that a careful curriculum beats a bigger model on hard tasks."


def card(
    slug: str = "one",
    *,
    date: str = DATE,
    title: str | None = None,
    lines: tuple[str, ...] = (TEXT, TEXT2),
    authors: str = "Ann Lee, Bo Chen",
    extra: str = "",
) -> str:
    """An episode as a simple theme writes it: date, title or link, paragraphs, credit."""
    heading = f'<h2><a href="/e/{slug}/">{title}</a></h2>' if title else ""
    link = "" if title else f'<div><a href="/e/{slug}/">{date}</a></div>'
    paragraphs = "".join(f"<p>{line}</p>" for line in lines[:-1])
    return (
        f"<article><p>{date}</p>{heading}{link}{paragraphs}"
        f"<p>{lines[-1]}{CREDIT}{authors}</p>{extra}</article>"
    )


def page(*cards: str, head: str = "", body_end: str = "") -> str:
    return (
        f"<!DOCTYPE html>\n<html><head><title>PaperLedge</title>{head}</head>\n"
        f"<body><main>\n{chr(10).join(cards)}\n</main>{body_end}</body></html>\n"
    )


LD = (
    '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
    '{"@type": "PodcastEpisode", "name": "Robotics - A Robot", "url": "/e/robot/",'
    ' "datePublished": "2025-10-02T08:00:00Z", "timeRequired": "PT1H2M3S",'
    ' "description": "First\\u00a0line.\\u00a0 \\nSecond line.  '
    'Credit to Paper authors: Ann Lee, Bo Chen",'
    ' "associatedMedia": [{"contentUrl": "/robot.mp3"}], "thumbnailUrl": ["/robot.png"],'
    ' "partOfSeries": {"@type": "PodcastSeries", "name": "PaperLedge", "url": "/",'
    ' "description": "The show.", "image": {"url": "/show.png"}}}]}</script>'
)


def byte_page(body: bytes, *, charset: bytes = b"") -> bytes:
    meta = b'<meta charset="' + charset + b'">' if charset else b""
    episode = (
        b'<article><p>Thursday Oct 02, 2025</p><h2><a href="/e/one/">Caf\xc3\xa9 talk</a></h2>'
        b"<p>" + TEXT.encode() + CREDIT.encode() + b"Ann Lee</p></article>"
    )
    return (
        b"<!DOCTYPE html>\n<html><head><title>PaperLedge</title>" + meta + b"</head>\n"
        b"<body><main>\n" + episode + b"\n</main><section>" + body + b"</section></body></html>\n"
    )


def careful(data: bytes) -> tuple[bytes, list[tuple[str, int, int]]]:
    """What the careful decoder alone makes of ``data``."""
    reporter = Reporter()
    source = _decoding._inert(_decoding._decode(data, reporter), reporter)
    return source, [(d.code, d.line, d.column) for d in reporter.diagnostics]
