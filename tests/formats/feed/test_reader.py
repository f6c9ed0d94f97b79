"""parse_feed on a Podbean-shaped feed built from the seed pages.

The channel, the items, their text and authors.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import paperledge
from paperledge import Author, Episode, parse_feed
from paperledge._rules.lines import feed_text

from support import REPO, SEED_NAMES, seed_bytes

FIXTURES = REPO / "tests" / "fixtures" / "feed"


SAMPLE = FIXTURES / "podbean_sample.xml"


@pytest.fixture(scope="module")
def feed() -> paperledge.Show:
    return parse_feed(SAMPLE.read_bytes(), strict=True)


def _by_title(show: paperledge.Show, title: str) -> Episode:
    return next(e for e in show.episodes if e.title == title)


def test_channel(feed: paperledge.Show) -> None:
    assert feed.title == "PaperLedge"
    assert feed.host == "Ernis"
    assert feed.url == "https://paperledge.podbean.com"
    assert feed.feed_url == "https://feed.podbean.com/paperledge/feed.xml"
    assert feed.image_url == "https://pbcdn1.podbean.com/imglogo/image-logo/1234/paperledge.png"
    assert feed.description is not None
    assert feed.description.startswith("PaperLedge where research meets storytelling")
    assert feed.diagnostics == ()
    assert len(feed.episodes) == 24


def test_item_fields(feed: paperledge.Show) -> None:
    lora = _by_title(
        feed, "Computation and Language - LoRA Low-Rank Adaptation of Large Language Models"
    )
    assert lora.category == "Computation and Language"
    assert lora.paper_title == "LoRA Low-Rank Adaptation of Large Language Models"
    assert lora.guid == "paperledge.podbean.com/0dd8d74a-9ddf07"
    assert lora.url == (
        "https://paperledge.podbean.com/e/lora-low-rank-adaptation-of-large-language-models/"
    )
    assert lora.published == dt.date(2025, 3, 16)
    assert lora.published_at == dt.datetime(2025, 3, 16, 13, 52, 16, tzinfo=dt.timezone.utc)
    assert lora.audio_url == (
        "https://mcdn.podbean.com/mf/web/xyz0/lora-low-rank-adaptation-of-large-language-models.mp3"
    )
    assert lora.audio_length == 13424000
    assert lora.audio_type == "audio/mpeg"
    assert lora.duration == dt.timedelta(minutes=13, seconds=59)
    assert lora.image_url == ("https://pbcdn1.podbean.com/imglogo/image-logo/1234/paperledge.png")
    assert [a.name for a in lora.authors] == [
        "Edward J. Hu",
        "Yelong Shen",
        "Phillip Wallis",
        "Zeyuan Allen-Zhu",
        "Yuanzhi Li",
        "Shean Wang",
        "Lu Wang",
        "Weizhu Chen",
    ]
    assert lora.description.startswith("Hey everyone, Ernis here, and welcome back to PaperLedge!")
    assert "Credit to Paper authors" not in lora.description


def test_first_item_in_its_own_zone(feed: paperledge.Show) -> None:
    first = feed.episodes[0]
    # pubDate "Thu, 02 Oct 2025 09:00:00 -0400": the day is read in -0400.
    assert first.published == dt.date(2025, 10, 2)
    assert first.published_at == dt.datetime(
        2025, 10, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=-4))
    )
    assert first.duration == dt.timedelta(minutes=5, seconds=27)  # written "327"
    assert first.authors == (Author(name="Allen G Hart"),)
    assert first.description.endswith("And as always, keep learning!")


def test_tracking_prefix_kept_and_cleaned(feed: paperledge.Show) -> None:
    second = feed.episodes[1]
    assert second.audio_url is not None
    assert second.audio_url.startswith("https://dts.podtrac.com/redirect.mp3/mcdn.podbean.com/")
    assert second.clean_audio_url == (
        "https://mcdn.podbean.com/mf/web/xyz1/paperledge-2025-10-02-2.mp3"
    )


def test_item_without_title(feed: paperledge.Show) -> None:
    untitled = feed.episodes[5]
    assert untitled.title is None
    assert untitled.category is None
    assert untitled.guid == "paperledge.podbean.com/92be02ab-63309a"


def test_lists_and_quotes_become_indented_lines(feed: paperledge.Show) -> None:
    first = feed.episodes[0]
    lines = first.description.split("\n")
    assert "Why does this matter?" in lines
    assert (
        "  For students: Is AI going to write your papers for you? Maybe someday, but for now, "
        "it seems like understanding the material is still crucial."
    ) in lines


def test_same_text_as_the_dumps(feed: paperledge.Show) -> None:
    # Every item carries the text and authors of one seed episode: the
    # feed's lines are the dump's lines in the form HTML can carry.
    dumped = [e for name in SEED_NAMES for e in paperledge.parse_text(seed_bytes(name)).episodes]
    for episode in feed.episodes:
        opening = episode.description.split()[:40]
        (twin,) = [d for d in dumped if d.description.split()[:40] == opening]
        assert episode.description == feed_text(twin.description)
        assert episode.authors == twin.authors
        assert episode.published == twin.published


def test_group_authors_from_the_credit(feed: paperledge.Show) -> None:
    deepseek = next(e for e in feed.episodes if e.authors and e.authors[0].name == "DeepSeek-AI")
    assert deepseek.authors[0].is_group
    assert deepseek.authors[1] == Author(name="Xiao Bi")


def test_sniffed_and_loaded_by_extension(tmp_path: Path) -> None:
    data = SAMPLE.read_bytes()
    assert paperledge.parse(data) == parse_feed(data)
    path = tmp_path / "feed.xml"
    path.write_bytes(data)
    assert paperledge.load(path) == parse_feed(data)
    assert paperledge.get_format("rss").media_type == "application/rss+xml"


def test_str_input_with_encoding_declaration() -> None:
    text = SAMPLE.read_text("utf-8")
    assert text.startswith("<?xml version='1.0' encoding='UTF-8'?>")
    assert parse_feed(text) == parse_feed(SAMPLE.read_bytes())


def test_latin1_declared_feed() -> None:
    data = (
        '<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel>'
        "<title>Caf\xe9</title><link>x</link><description>d</description>"
        "<item><title>a</title></item></channel></rss>"
    ).encode("latin-1")
    assert parse_feed(data, strict=True).title == "Café"


def test_published_is_the_day_in_the_dates_own_zone() -> None:
    feed = _one_item("<pubDate>Thu, 02 Oct 2025 23:30:00 -0400</pubDate>")
    episode = feed.episodes[0]
    # In UTC this is already Oct 3; the feed's own zone says Oct 2.
    assert episode.published == dt.date(2025, 10, 2)
    assert episode.published_at is not None
    assert episode.published_at.utcoffset() == dt.timedelta(hours=-4)


def test_plain_description_without_html() -> None:
    feed = _one_item(
        "<description>First paragraph.\n\n  Second one.Credit to Paper authors: A B, C D"
        "</description>"
    )
    episode = feed.episodes[0]
    assert episode.description == "First paragraph.\nSecond one."
    assert [a.name for a in episode.authors] == ["A B", "C D"]


def test_content_encoded_preferred_over_description() -> None:
    feed = _one_item(
        "<description>short</description>"
        "<content:encoded><![CDATA[<p>long text</p><p>Credit to Paper authors: X Y</p>]]>"
        "</content:encoded>"
    )
    assert feed.episodes[0].description == "long text"
    assert feed.episodes[0].authors == (Author(name="X Y"),)


def test_permalink_guid_gives_url() -> None:
    feed = _one_item("<title>t</title><guid>https://paperledge.podbean.com/e/x/</guid>")
    assert feed.episodes[0].url == "https://paperledge.podbean.com/e/x/"
    feed = _one_item('<title>t</title><guid isPermaLink="false">https://a/b</guid>')
    assert feed.episodes[0].url is None


def _one_item(inner: str) -> paperledge.Show:
    return parse_feed(
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:podcast="https://podcastindex.org/namespace/1.0"><channel><title>t</title>'
        f"<link>l</link><description>d</description><item>{inner}</item></channel></rss>"
    )


@pytest.mark.parametrize(
    ("feed", "message"),
    [
        (
            "<rss><channel><title>S</title><link>x</link><description>d</description>"
            "</channel></rss>",
            "the feed holds no item or entry",
        ),
        ('<feed xmlns="http://www.w3.org/2005/Atom"><title>S</title></feed>', None),
        ("", "the input is empty"),
        ("<html><body>no feed</body></html>", None),
    ],
)
def test_a_feed_without_episodes_says_no_episodes_whole_or_streamed(
    feed: str, message: str | None
) -> None:
    show = parse_feed(feed)
    assert show.episodes == ()
    (said,) = [d for d in show.diagnostics if d.code == "no-episodes"]
    if message is not None:
        assert said.message == message
    streamed: list[paperledge.Diagnostic] = []
    assert (
        list(paperledge.iter_episodes([feed], format="rss", on_diagnostic=streamed.append)) == []
    )
    assert streamed == list(show.diagnostics)
