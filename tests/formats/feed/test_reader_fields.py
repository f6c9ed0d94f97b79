"""parse_feed's reading of single fields.

Recovered text, owners, media:content, zones, persons, channel fallbacks.
"""

from __future__ import annotations

import datetime as dt

import pytest

from paperledge import parse_feed

from conftest import REPO

SAMPLE = REPO / "tests" / "fixtures" / "feed" / "podbean_sample.xml"


NAMESPACES = (
    'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" '
    'xmlns:media="http://search.yahoo.com/mrss/"'
)


CHANNEL = "<title>S</title><link>https://s</link><description>d</description>"


def _feed(items: str, channel: str = CHANNEL) -> str:
    return f'<rss version="2.0" {NAMESPACES}><channel>{channel}{items}</channel></rss>'


def test_a_str_feed_with_a_byte_order_mark_reads_as_without() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    with_mark = parse_feed("\ufeff" + text)
    assert with_mark.diagnostics == ()
    assert with_mark == parse_feed(text)
    assert len(with_mark.episodes) == 24


def test_text_split_by_elements_is_read_whole() -> None:
    # Unescaped HTML in a title is recovered as elements: their text counts.
    show = parse_feed(_feed("<item><title>One <b>two</b> three</title></item>"))
    assert show.episodes[0].title == "One two three"


def test_the_owner_name_is_found_past_an_entity_reference() -> None:
    feed = '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY me "x">]>\n' + _feed(
        "", channel=CHANNEL + "<itunes:owner>&me;<itunes:name>Ernis</itunes:name></itunes:owner>"
    )
    show = parse_feed(feed)
    assert show.host == "Ernis"


def test_the_first_media_content_gives_the_audio() -> None:
    item = (
        '<item><title>t</title><media:content url="https://a/first.mp3" fileSize="5"/>'
        '<media:content url="https://a/second.mp3" fileSize="7"/><link>https://l</link></item>'
    )
    episode = parse_feed(_feed(item)).episodes[0]
    assert (episode.audio_url, episode.audio_length) == ("https://a/first.mp3", 5)
    assert episode.url == "https://l"


@pytest.mark.parametrize(
    "zone", ["+2400", "-2400", "+9999", "+24:00"], ids=["+24h", "-24h", "+99:99", "colon"]
)
def test_a_zone_of_a_day_or_more_is_not_a_date(zone: str) -> None:
    pubdate = f"Thu, 02 Oct 2025 09:00:00 {zone}"
    show = parse_feed(_feed(f"<item><title>t</title><pubDate>{pubdate}</pubDate></item>"))
    assert show.episodes[0].published is None
    assert [d.code for d in show.diagnostics] == ["feed-date"]


def test_a_zone_just_under_a_day_is_kept() -> None:
    pubdate = "Thu, 02 Oct 2025 09:00:00 +2359"
    episode = parse_feed(_feed(f"<item><pubDate>{pubdate}</pubDate><title>t</title></item>"))
    moment = episode.episodes[0].published_at
    assert moment is not None
    assert moment.utcoffset() == dt.timedelta(hours=23, minutes=59)


@pytest.mark.parametrize("zone", ["UTC", "UT", "GMT", "Z"])
def test_named_universal_zones(zone: str) -> None:
    show = parse_feed(
        _feed(f"<item><title>t</title><pubDate>Thu, 02 Oct 2025 09:00:00 {zone}</pubDate></item>")
    )
    assert show.episodes[0].published_at == dt.datetime(2025, 10, 2, 9, tzinfo=dt.timezone.utc)


def test_an_empty_person_leaves_the_credit_as_the_authors() -> None:
    item = (
        '<item><title>t</title><podcast:person role="author"/>'
        "<description>Text.Credit to Paper authors: A B, C D</description></item>"
    )
    feed = _feed(item).replace(
        "<rss ", '<rss xmlns:podcast="https://podcastindex.org/namespace/1.0" '
    )
    episode = parse_feed(feed).episodes[0]
    assert [a.name for a in episode.authors] == ["A B", "C D"]
    assert episode.description == "Text."


def test_a_zone_with_a_colon_keeps_its_sign() -> None:
    show = parse_feed(
        _feed("<item><title>t</title><pubDate>Thu, 02 Oct 2025 09:00:00 -04:00</pubDate></item>")
    )
    moment = show.episodes[0].published_at
    assert moment is not None
    assert moment.utcoffset() == dt.timedelta(hours=-4)


def test_the_channel_image_is_its_url_when_itunes_gives_none() -> None:
    channel = CHANNEL + "<image><title>S</title><url>https://i.example/u.png</url></image>"
    assert parse_feed(_feed("", channel=channel)).image_url == "https://i.example/u.png"


@pytest.mark.parametrize(
    ("year", "full"), [("25", 2025), ("49", 2049), ("50", 1950), ("99", 1999), ("00", 2000)]
)
def test_two_digit_years(year: str, full: int) -> None:
    pubdate = f"Fri, 02 Oct {year} 09:00:00 GMT"
    show = parse_feed(_feed(f"<item><title>t</title><pubDate>{pubdate}</pubDate></item>"))
    assert show.episodes[0].published == dt.date(full, 10, 2)


def test_the_itunes_summary_describes_a_channel_without_description() -> None:
    channel = (
        "<title>S</title><link>https://s</link><itunes:summary>About the show</itunes:summary>"
    )
    show = parse_feed(_feed("", channel=channel))
    assert show.description == "About the show"
