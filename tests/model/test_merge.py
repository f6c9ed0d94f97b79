"""merge: one record from a dump, a page and a feed."""

from __future__ import annotations

import datetime as dt

import pytest

import paperledge
from paperledge import Author, Diagnostic, Episode, Show, merge, parse_feed
from paperledge._rules.lines import feed_text

from support import FIXTURES, HTML_PAGES

FEED = FIXTURES / "feed" / "podbean_sample.xml"
LORA = "Computation and Language - LoRA Low-Rank Adaptation of Large Language Models"
LORA_URL = "https://paperledge.podbean.com/e/lora-low-rank-adaptation-of-large-language-models/"
LORA_AUDIO = (
    "https://mcdn.podbean.com/mf/web/xyz0/lora-low-rank-adaptation-of-large-language-models.mp3"
)


def _page(dump_episode: Episode) -> Show:
    """What the LoRA episode page gives: no guid, no exact time, the text
    without the credit in the indented theme (one space before each paragraph
    after the first), the site's own duration."""
    lines = [" " + " ".join(line.split()) for line in dump_episode.description.split("\n")]
    lines[0] = lines[0].lstrip()
    return Show(
        title="PaperLedge",
        url="https://paperledge.podbean.com/",
        episodes=(
            Episode(
                published=dt.date(2025, 3, 16),
                title=LORA,
                description="\n".join(line for line in lines if line.strip()),
                url=LORA_URL.rstrip("/").replace("https:", "http:"),
                audio_url=LORA_AUDIO,
                duration=dt.timedelta(minutes=14, seconds=5),
            ),
        ),
    )


def test_dump_page_and_feed_make_one_episode(page_002: Show) -> None:
    dump_lora = page_002.episodes[0]
    assert dump_lora.title == LORA
    page = _page(dump_lora)
    feed = parse_feed(FEED.read_bytes(), strict=True)

    merged = merge(page_002, page, feed)

    assert len(merged.episodes) == 24  # the dump's 8 are among the feed's 24
    (lora,) = [e for e in merged.episodes if e.title == LORA]
    # From the dump (the first source): the text with its indentation, the authors.
    assert lora.description == dump_lora.description
    assert "\n For AI researchers" in page.episodes[0].description  # the page's indent
    assert "\nFor AI researchers" in lora.description
    assert [a.name for a in lora.authors][:2] == ["Edward J. Hu", "Yelong Shen"]
    assert len(lora.authors) == 8
    # From the page: the URL (the feed's, written differently, is no conflict).
    assert (
        lora.url
        == "http://paperledge.podbean.com/e/lora-low-rank-adaptation-of-large-language-models"
    )
    # From the feed: guid, the moment, the audio's size and type.
    assert lora.guid == "paperledge.podbean.com/0dd8d74a-9ddf07"
    assert lora.published_at == dt.datetime(2025, 3, 16, 13, 52, 16, tzinfo=dt.timezone.utc)
    assert lora.published == dt.date(2025, 3, 16)
    assert lora.audio_url == LORA_AUDIO
    assert lora.audio_length == 13424000
    assert lora.audio_type == "audio/mpeg"
    assert lora.image_url is not None
    # The page's duration came first; the feed's differs: kept, and reported.
    assert lora.duration == dt.timedelta(minutes=14, seconds=5)
    conflicts = [d for d in merged.diagnostics if d.code == "merge-conflict"]
    assert len(conflicts) == 1
    assert "duration" in conflicts[0].message
    assert "0:13:59" in conflicts[0].message
    assert "source 3" in conflicts[0].message
    # The show: the dump's title and description, the feed's links and host.
    assert merged.title == "PaperLedge"
    assert merged.description == page_002.description
    assert merged.feed_url == "https://feed.podbean.com/paperledge/feed.xml"
    assert merged.url == "https://paperledge.podbean.com/"
    assert merged.host == "Ernis"


def test_every_dump_episode_finds_its_feed_item(page_000: Show, page_003: Show) -> None:
    # Seed 000 has untitled episodes: they match by date and the opening of
    # the text (the show's openings are formulaic, so it takes 40 words).
    feed = parse_feed(FEED.read_bytes(), strict=True)
    merged = merge(page_000, page_003, feed)
    assert len(merged.episodes) == 24
    assert all(
        e.guid is not None
        for e in merged.episodes
        if e.published in {dt.date(2025, 10, 2), dt.date(2025, 4, 10), dt.date(2025, 4, 9)}
    )
    assert [d.code for d in merged.diagnostics] == []


def test_newest_first_and_stable() -> None:
    a = Episode(title="a", published=dt.date(2025, 1, 1))
    b = Episode(title="b", published=dt.date(2025, 1, 3))
    c = Episode(title="c", published=dt.date(2025, 1, 1))
    d = Episode(title="d")
    e = Episode(title="e", published=dt.date(2025, 1, 1))
    merged = merge(Show(episodes=(a, d, c)), Show(episodes=(b, e)))
    assert [x.title for x in merged.episodes] == ["b", "a", "c", "e", "d"]


def test_guid_decides() -> None:
    day = dt.date(2025, 1, 1)
    one = Episode(title="Same", published=day, guid="g1")
    two = Episode(title="Same", published=day, guid="g2")
    assert len(merge(Show(episodes=(one,)), Show(episodes=(two,))).episodes) == 2
    three = Episode(title="Other title", published=dt.date(2024, 5, 5), guid="g1", url="u")
    merged = merge(Show(episodes=(one,)), Show(episodes=(three,)))
    assert len(merged.episodes) == 1
    assert merged.episodes[0].url == "u"
    assert {d.message.split(" gives ")[1].split(" ")[0] for d in merged.diagnostics} == {
        "published",
        "title",
    }


def test_url_match_and_different_urls_fall_through_to_title() -> None:
    day = dt.date(2025, 1, 1)
    by_url = merge(
        Show(episodes=(Episode(url="https://p.podbean.com/e/x/", title="A"),)),
        Show(episodes=(Episode(url="http://p.podbean.com/e/x", guid="g"),)),
    )
    assert len(by_url.episodes) == 1
    assert by_url.episodes[0].guid == "g"
    renamed = merge(
        Show(episodes=(Episode(url="https://p/e/old/", title="A - B", published=day),)),
        Show(episodes=(Episode(url="https://p/e/new/", title="A  -  B", published=day),)),
    )
    assert len(renamed.episodes) == 1
    assert [d.code for d in renamed.diagnostics] == ["merge-conflict"]  # the URLs
    assert renamed.episodes[0].url == "https://p/e/old/"


def test_date_with_title_or_opening() -> None:
    text = "Hey crew, today a paper about " + " ".join(f"w{i}" for i in range(60))
    first = Episode(published=dt.date(2025, 1, 2), description=text)
    same_text = Episode(published=dt.date(2025, 1, 2), title="T", description=text + " more")
    other_day = Episode(published=dt.date(2025, 1, 3), description=text)
    assert len(merge(Show(episodes=(first,)), Show(episodes=(same_text,))).episodes) == 1
    assert len(merge(Show(episodes=(first,)), Show(episodes=(other_day,))).episodes) == 2
    # A day apart is the same episode when the titles agree (zones differ).
    titled = Episode(published=dt.date(2025, 1, 2), title="T")
    next_day = Episode(published=dt.date(2025, 1, 3), title="T")
    two_days = Episode(published=dt.date(2025, 1, 4), title="T")
    assert len(merge(Show(episodes=(titled,)), Show(episodes=(next_day,))).episodes) == 1
    assert len(merge(Show(episodes=(titled,)), Show(episodes=(two_days,))).episodes) == 2
    different_title = Episode(published=dt.date(2025, 1, 2), title="U", description=text)
    assert len(merge(Show(episodes=(first,)), Show(episodes=(different_title,))).episodes) == 1
    assert len(merge(Show(episodes=(titled,)), Show(episodes=(different_title,))).episodes) == 2


def test_whitespace_only_differences_are_not_conflicts() -> None:
    dumped = Episode(
        title="T",
        published=dt.date(2025, 1, 1),
        description="First line.\n Second  line.\n  A list item\n \nLast.",
    )
    fed = Episode(
        title=" T ",
        published=dt.date(2025, 1, 1),
        description="First line.\nSecond line.\nA list item\nLast.",
    )
    merged = merge(Show(episodes=(dumped,)), Show(episodes=(fed,)))
    assert merged.diagnostics == ()
    assert merged.episodes[0].description == dumped.description
    assert merged.episodes[0].title == "T"
    # A changed word is a conflict; the first source's text is kept.
    edited = Episode(title="T", published=dt.date(2025, 1, 1), description="First line!")
    merged = merge(Show(episodes=(dumped,)), Show(episodes=(edited,)))
    assert [d.code for d in merged.diagnostics] == ["merge-conflict"]
    assert "description" in merged.diagnostics[0].message
    assert merged.episodes[0].description == dumped.description


def test_tracking_prefix_is_not_a_conflict() -> None:
    clean = "https://mcdn.podbean.com/mf/web/a/e.mp3"
    tracked = "https://dts.podtrac.com/redirect.mp3/mcdn.podbean.com/mf/web/a/e.mp3"
    merged = merge(
        Show(episodes=(Episode(guid="g", audio_url=tracked),)),
        Show(episodes=(Episode(guid="g", audio_url=clean),)),
    )
    assert merged.diagnostics == ()
    assert merged.episodes[0].audio_url == tracked


def test_authors_fill_in_and_conflict() -> None:
    one = Episode(guid="g", authors=(Author(name="A"),))
    none = Episode(guid="g")
    two = Episode(guid="g", authors=(Author(name="B"),))
    assert merge(Show(episodes=(none,)), Show(episodes=(one,))).episodes[0].authors == (
        Author(name="A"),
    )
    merged = merge(Show(episodes=(one,)), Show(episodes=(two,)))
    assert merged.episodes[0].authors == (Author(name="A"),)
    assert [d.code for d in merged.diagnostics] == ["merge-conflict"]


def test_show_fields_and_diagnostics() -> None:
    warning = Diagnostic(code="blank-lines", message="m", line=3)
    a = Show(title="PaperLedge", next_page_url="https://p/page/2/", diagnostics=(warning,))
    b = Show(
        title="Paperledge",
        host="Ernis",
        next_page_url="https://p/page/3/",
        feed_url="https://f/feed.xml",
    )
    merged = merge(a, b)
    assert merged.title == "PaperLedge"
    assert merged.host == "Ernis"
    assert merged.feed_url == "https://f/feed.xml"
    # Pagination differs from page to page by nature: the first kept, silently.
    assert merged.next_page_url == "https://p/page/2/"
    assert merged.diagnostics[0] == warning
    assert [d.code for d in merged.diagnostics[1:]] == ["merge-conflict"]
    assert "title" in merged.diagnostics[1].message


def test_trivial_merges(page_002: Show) -> None:
    assert merge() == Show()
    assert merge(page_002) == page_002
    assert page_002.merge(page_002) == page_002
    assert paperledge.merge(page_002, page_002).diagnostics == page_002.diagnostics * 2


def test_merged_feed_and_dump_round_trip_through_rss(page_002: Show) -> None:
    feed = parse_feed(FEED.read_bytes(), strict=True)
    merged = merge(page_002, feed)
    back = parse_feed(paperledge.dumps(merged, "rss"), strict=True)
    lora = next(e for e in back.episodes if e.title == LORA)
    assert lora.description == feed_text(page_002.episodes[0].description)
    assert lora.guid == "paperledge.podbean.com/0dd8d74a-9ddf07"


def test_with_the_real_episode_page(page_002: Show) -> None:
    # The same, with the page read by parse_html from the episode page
    # fixture (JSON-LD, OpenGraph and the visible text).
    html = HTML_PAGES / "episode_page_titled.html"
    page = paperledge.parse_html(html.read_bytes())
    feed = parse_feed(FEED.read_bytes(), strict=True)
    merged = merge(page_002, page, feed)
    assert len(merged.episodes) == 24
    (lora,) = [e for e in merged.episodes if e.title == LORA]
    assert lora.description == page_002.episodes[0].description
    assert lora.url == LORA_URL
    assert lora.guid == "paperledge.podbean.com/0dd8d74a-9ddf07"
    assert lora.audio_url == LORA_AUDIO
    assert lora.audio_length == 13424000
    assert lora.duration == dt.timedelta(minutes=14, seconds=5)  # the page's, first
    assert [d.message.split(" gives ")[1].split(" ")[0] for d in merged.diagnostics] == [
        "duration"
    ]


def test_named_sources_are_the_source_of_their_conflicts() -> None:
    first = Show(title="PaperLedge", episodes=[Episode(title="t", published=dt.date(2025, 1, 2))])
    second = Show(
        title="Paper Ledge", episodes=[Episode(title="t", published=dt.date(2025, 1, 2))]
    )
    unnamed = merge(first, second)
    named = merge(first, second, names=["a.txt", "b.txt"])
    assert unnamed == named
    [by_number] = unnamed.diagnostics
    [by_name] = named.diagnostics
    assert (by_number.source, by_name.source) == ("merge", "b.txt")
    assert by_number.message == (
        "the show: source 2 gives title 'Paper Ledge'; the first source's 'PaperLedge' was kept"
    )
    assert by_name.message == (
        "the show: this source gives title 'Paper Ledge'; the first source's 'PaperLedge' was kept"
    )
    assert str(by_name).startswith("b.txt:")


def test_names_must_be_one_per_show() -> None:
    with pytest.raises(ValueError, match="2 shows but 1 names"):
        merge(Show(), Show(), names=["a.txt"])


def test_a_list_of_shows_is_refused_with_how_to_pass_them() -> None:
    show = Show(title="S")
    with pytest.raises(TypeError, match=r"merge\(\*shows\)"):
        paperledge.merge([show, show])  # type: ignore[arg-type]  # the slip this test makes


def test_whitespace_only_guids_and_titles_identify_nothing() -> None:
    # Two episodes of the same day whose guids and titles are blank share
    # nothing that names an episode: they stay two.
    day = dt.date(2025, 3, 10)
    first = Show(episodes=[Episode(published=day, guid=" ", title="  ", description="One.")])
    second = Show(episodes=[Episode(published=day, guid="\t", title=" ", description="Two.")])
    assert len(paperledge.merge(first, second).episodes) == 2
    # A blank guid is no guid: the same title of the same day decides.
    titled = Show(episodes=[Episode(published=day, guid=" ", title="A", description="x")])
    guided = Show(episodes=[Episode(published=day, guid="g", title="A", description="x")])
    assert len(paperledge.merge(titled, guided).episodes) == 1


def test_addresses_that_give_no_url_key_identify_nothing() -> None:
    day = dt.date(2024, 1, 1)
    first = Show(episodes=[Episode(published=day, title="Alpha", url="/")])
    second = Show(episodes=[Episode(published=day, title="Beta", url="/")])
    assert len(paperledge.merge(first, second).episodes) == 2


def test_a_blank_guid_or_title_is_filled_from_a_later_source_without_a_conflict() -> None:
    day = dt.date(2024, 1, 1)
    blank = Episode(published=day, title="  ", url="https://x.example/e/1", guid="   ")
    real = Episode(published=day, title="Real", url="https://x.example/e/1", guid="abc")
    merged = paperledge.merge(Show(episodes=[blank]), Show(episodes=[real]))
    (episode,) = merged.episodes
    assert (episode.guid, episode.title) == ("abc", "Real")
    assert merged.diagnostics == ()


def test_episodes_on_the_calendars_first_and_last_days_merge() -> None:
    edges = [
        Episode(published=dt.date.max, title="Last"),
        Episode(published=dt.date.min, title="First"),
    ]
    merged = paperledge.merge(Show(episodes=edges), Show(episodes=edges))
    assert [e.title for e in merged.episodes] == ["Last", "First"]
