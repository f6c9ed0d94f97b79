"""The rss writer: valid RSS 2.0 that feedparser reads cleanly and parse_feed reads back."""

from __future__ import annotations

import datetime as dt
import re

import attrs
import feedparser
import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from lxml import etree

import paperledge
from paperledge import Author, Enclosure, Episode, Show, dumps, parse_feed
from paperledge._rules.credits import CREDIT_MARKER
from paperledge._rules.lines import feed_text

from strategies import shows

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
CONTENT = "http://purl.org/rss/1.0/modules/content/"

EPISODE = Episode(
    published=dt.date(2025, 3, 16),
    published_at=dt.datetime(2025, 3, 16, 14, 3, 44, tzinfo=dt.timezone(dt.timedelta(hours=-4))),
    title="Computation and Language - LoRA Low-Rank Adaptation of Large Language Models",
    description=(
        "Hey everyone, Ernis here.\n"
        " Think of it this way:\n"
        "  For students: less compute.\n"
        "    nested point\n"
        '  "A pulled quote."\n'
        "Until next time!"
    ),
    authors=(Author(name="DeepSeek-AI", is_group=True), Author(name="Zalán Borsos")),
    url="https://paperledge.podbean.com/e/lora/",
    guid="paperledge.podbean.com/abc-123",
    audio_url="https://dts.podtrac.com/redirect.mp3/mcdn.podbean.com/mf/web/x/lora.mp3",
    audio_type="audio/mpeg",
    audio_length=5954321,
    duration=dt.timedelta(hours=1, minutes=2, seconds=3),
    image_url="https://pbcdn1.podbean.com/imglogo/ep.jpg",
)
SHOW = Show(
    title="PaperLedge",
    description="where research meets storytelling",
    host="Ernis",
    url="https://paperledge.podbean.com/",
    feed_url="https://feed.podbean.com/paperledge/feed.xml",
    image_url="https://pbcdn1.podbean.com/imglogo/logo.jpg",
    episodes=(EPISODE, Episode(title="Untitled date-only", published=dt.date(2025, 3, 15))),
)


def test_feedparser_reads_it_cleanly() -> None:
    parsed = feedparser.parse(dumps(SHOW, "rss"))
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    assert parsed.feed.title == "PaperLedge"
    assert parsed.feed.author == "Ernis"
    entry = parsed.entries[0]
    assert entry.title == EPISODE.title
    assert entry.id == "paperledge.podbean.com/abc-123"
    assert entry.link == "https://paperledge.podbean.com/e/lora/"
    assert entry.itunes_duration == "1:02:03"
    assert entry.enclosures[0].href == EPISODE.audio_url
    assert entry.enclosures[0].length == "5954321"
    assert entry.published == "Sun, 16 Mar 2025 14:03:44 -0400"
    assert "<li>For students: less compute.<ul><li>nested point</li></ul></li>" in (
        entry.content[0].value
    )


def test_document_structure() -> None:
    root = etree.fromstring(dumps(SHOW, "rss").encode())
    assert root.tag == "rss"
    assert root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel is not None
    self_link = channel.find("{http://www.w3.org/2005/Atom}link")
    assert self_link is not None
    assert (self_link.get("rel"), self_link.get("href")) == ("self", SHOW.feed_url)
    item = channel.find("item")
    assert item is not None
    persons = item.findall(f"{{{PODCAST}}}person")
    assert [(p.text, p.get("role")) for p in persons] == [
        ("DeepSeek-AI", "organization"),
        ("Zalán Borsos", "author"),
    ]
    html = item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
    assert html == (
        "<p>Hey everyone, Ernis here.</p><p>Think of it this way:</p>"
        "<ul><li>For students: less compute.<ul><li>nested point</li></ul></li></ul>"
        '<blockquote><p>"A pulled quote."</p></blockquote><p>Until next time!</p>'
        "<p>Credit to Paper authors: DeepSeek-AI, :, Zalán Borsos</p>"
    )
    assert item.findtext(f"{{{ITUNES}}}duration") == "1:02:03"
    second = channel.findall("item")[1]
    assert second.findtext("pubDate") == "Sat, 15 Mar 2025 00:00:00 -0000"


def test_round_trip_of_a_known_show() -> None:
    back = parse_feed(dumps(SHOW, "rss"), strict=True)
    assert back.episodes[0] == attrs.evolve(EPISODE, description=feed_text(EPISODE.description))
    assert back.episodes[0].description.split("\n")[1] == "Think of it this way:"
    assert back.episodes[1] == SHOW.episodes[1]
    assert back.episodes[1].published_at is None
    assert back.feed_url == SHOW.feed_url
    assert back.host == "Ernis"


HOSTILE = '<script>alert(1)</script> & "]]>"'
FORMULA = '=HYPERLINK("http://x")'


def test_hostile_values_are_inert_and_round_trip() -> None:
    show = Show(
        title=HOSTILE,
        description=HOSTILE,
        episodes=(
            Episode(
                title=HOSTILE,
                description=f"{HOSTILE}\n  {FORMULA}",
                authors=(Author(name=FORMULA), Author(name=HOSTILE)),
                guid=HOSTILE,
                url="https://x/?a=1&b=<2>",
            ),
        ),
    )
    text = dumps(show, "rss")
    # No live markup anywhere: no element in the XML, none in the HTML that
    # the XML carries as text (its text is escaped once more).
    assert "<script>" not in text
    assert "]]>" not in text
    root = etree.fromstring(text.encode())
    assert root.find(".//script") is None
    for html in (root.findtext(".//item/description"), root.findtext(f".//{{{CONTENT}}}encoded")):
        assert html is not None
        assert "<script" not in html
        fragment = lxml.html.fragment_fromstring(html, create_parent="div")
        assert fragment.find(".//script") is None
        assert HOSTILE in fragment.text_content()
    parsed = feedparser.parse(text)
    assert parsed.bozo == 0
    back = parse_feed(text, strict=True)
    assert back.title == HOSTILE
    assert back.description == HOSTILE
    episode = back.episodes[0]
    assert episode.title == HOSTILE
    assert episode.guid == HOSTILE
    assert episode.url == "https://x/?a=1&b=<2>"
    assert episode.description == f"{HOSTILE}\n  {FORMULA}"
    assert episode.authors == (Author(name=FORMULA), Author(name=HOSTILE))


def test_characters_xml_cannot_hold_are_replaced() -> None:
    show = Show(title="a\x00b\x1fc", episodes=(Episode(title="\ufffe", description="x\x0by"),))
    back = parse_feed(dumps(show, "rss"), strict=True)
    assert back.title == "a\ufffdb\ufffdc"
    assert back.episodes[0].title == "\ufffd"
    assert back.episodes[0].description == "x\ufffdy"


def test_an_empty_show_is_a_valid_feed_that_reads_back_empty_and_says_so() -> None:
    text = dumps(Show(), "rss")
    assert feedparser.parse(text).bozo == 0
    back = parse_feed(text)
    assert back == Show()
    assert [d.code for d in back.diagnostics] == ["no-episodes"]
    with pytest.raises(paperledge.ParseError, match="no-episodes"):
        parse_feed(text, strict=True)


def test_seed_round_trip(page_002: Show) -> None:
    back = parse_feed(dumps(page_002, "rss"), strict=True)
    assert len(back.episodes) == len(page_002.episodes)
    for before, after in zip(page_002.episodes, back.episodes, strict=True):
        assert after.title == before.title
        assert after.authors == before.authors
        assert after.published == before.published
        assert after.description == feed_text(before.description)


# -- the property ---------------------------------------------------------------------


def _safe(text: str) -> str:
    return re.sub("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]", "\ufffd", text)


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    return _safe(text).strip() or None


def _with_paper_line(episode: Episode) -> str:
    """The description with the linked paper's line, which the writer puts last."""
    paper = episode.paper
    if paper is None:
        return episode.description
    name = _safe(" ".join(paper.title.split())) or f"arXiv:{paper.versioned_id}"
    line = f"Paper: {name} (arXiv:{paper.versioned_id})"
    return f"{episode.description}\n{line}" if episode.description else line


def _expected_episode(episode: Episode) -> Episode:
    """What RSS carries of ``episode`` (a linked paper as a line of text)."""
    moment = episode.published_at
    published = episode.published
    if moment is not None:
        moment = moment.replace(microsecond=0)
        published = moment.date()
    duration = episode.duration
    if duration is not None:
        duration = dt.timedelta(days=duration.days, seconds=duration.seconds)
    # Every enclosure is written, the audio first; the reader takes the
    # first typed audio/ as the audio, else the first.
    written = list(episode.other_enclosures)
    if _clean(episode.audio_url) is not None:
        written.insert(
            0,
            Enclosure(
                url=_clean(episode.audio_url) or "",
                type=_clean(episode.audio_type),
                length=episode.audio_length,
            ),
        )
    typed = [e for e in written if (e.type or "").startswith("audio/")]
    audio = typed[0] if typed else written[0] if written else None
    return Episode(
        published=published,
        published_at=moment,
        title=_clean(episode.title),
        description=feed_text(_with_paper_line(episode)),
        authors=tuple(Author(name=_safe(a.name), is_group=a.is_group) for a in episode.authors),
        url=_clean(episode.url),
        guid=_clean(episode.guid),
        audio_url=None if audio is None else audio.url,
        audio_type=None if audio is None else audio.type,
        audio_length=None if audio is None else audio.length,
        duration=duration,
        image_url=_clean(episode.image_url),
        subtitle=_clean(episode.subtitle),
        episode_type=episode.episode_type,
        number=episode.number,
        season=episode.season,
        explicit=episode.explicit,
        persons=tuple(attrs.evolve(p, name=_safe(p.name)) for p in episode.persons),
        creators=tuple(_safe(name) for name in episode.creators),
        other_enclosures=tuple(e for e in written if e is not audio),
        chapters=episode.chapters,
        transcripts=episode.transcripts,
    )


def _categories_as_nested(categories: tuple[str, ...]) -> tuple[str, ...]:
    # itunes:category nests a subcategory in its category, written once:
    # "A > B" reads back after "A", with A's other subcategories.
    tops: dict[str, list[str]] = {}
    for category in categories:
        top, _, below = category.partition(" > ")
        tops.setdefault(top, [])
        if below:
            tops[top].append(f"{top} > {below}")
    return tuple(name for top, subs in tops.items() for name in (top, *subs))


def _expected(show: Show) -> Show:
    return Show(
        title=_clean(show.title),
        description=_clean(show.description),
        host=_clean(show.host),
        url=_clean(show.url),
        feed_url=_clean(show.feed_url),
        image_url=_clean(show.image_url),
        next_page_url=_clean(show.next_page_url),
        previous_page_url=_clean(show.previous_page_url),
        language=show.language,
        categories=_categories_as_nested(show.categories),
        explicit=show.explicit,
        new_feed_url=_clean(show.new_feed_url),
        episodes=[_expected_episode(e) for e in show.episodes],
    )


def _no_credit_text(show: Show) -> bool:
    # A description that itself holds the credit marker would be read as a
    # credit, as in every other format.
    return all(CREDIT_MARKER not in e.description for e in show.episodes)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shows.filter(_no_credit_text))
def test_round_trip_property(show: Show) -> None:
    text = dumps(show, "rss")
    # A show without episodes reads back with its no-episodes diagnostic,
    # which strict mode would raise.
    back = parse_feed(text, strict=bool(show.episodes))
    assert back == _expected(show)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shows)
def test_feedparser_property(show: Show) -> None:
    parsed = feedparser.parse(dumps(show, "rss"))
    assert parsed.bozo == 0
    assert len(parsed.entries) == len(show.episodes)


def test_registered() -> None:
    fmt = paperledge.get_format("rss")
    assert fmt.can_read
    assert fmt.can_write
    assert ".rss" in fmt.extensions
