"""Episode pages: the visible episode, filled in from JSON-LD and OpenGraph."""

from __future__ import annotations

import datetime as dt
import re

from formats.html.pages import (
    CREDIT,
    DATE,
    LD,
    SITE,
    TEXT,
    TEXT2,
    codes,
    fields,
    fixture,
    page,
    seed_show,
)
from paperledge import parse_html

EPISODE_HEAD = '<link rel="canonical" href="https://paperledge.podbean.com/e/one/">'


EPISODE_BODY = f"<article><p>{DATE}</p><h1>A title</h1><p>{TEXT}</p><p>{TEXT2}</p></article>"


def test_episode_page_with_json_ld_and_open_graph() -> None:
    show = parse_html(fixture("episode_page_titled.html"), strict=True)
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
    show = parse_html(fixture("episode_page_untitled.html"), strict=True)
    (episode,) = show.episodes
    want = seed_show("000_dc6ef49440742e45.txt").episodes[1]
    assert fields(episode) == fields(want)
    assert "More episodes" not in episode.description


def test_episode_page_drawn_by_scripts_falls_back_to_json_ld() -> None:
    page = fixture("episode_page_titled.html").decode()
    body = re.sub(r"<body>.*</body>", "<body><div id=app></div></body>", page, flags=re.S)
    (episode,) = parse_html(body).episodes
    want = seed_show("002_2135ef60f4dd5d3d.txt").episodes[0]
    assert fields(episode) == fields(want)


def test_episode_page_site_heading_is_not_the_title() -> None:
    page = fixture("episode_page_titled.html").decode("utf-8")
    old = '<header><a href="/">PaperLedge</a></header>'
    assert old in page
    page = page.replace(old, '<header><h1 class="site"><a href="/">PaperLedge</a></h1></header>')
    (episode,) = parse_html(page, strict=True).episodes
    want = seed_show("002_2135ef60f4dd5d3d.txt").episodes[0]
    assert fields(episode) == fields(want)


def test_an_episode_page_drawn_by_scripts_reads_its_json_ld() -> None:
    data = f"<html><head>{LD}</head><body><div id=app></div></body></html>"
    show = parse_html(data, url=f"{SITE}/e/robot/", strict=True)
    (episode,) = show.episodes
    assert episode.title == "Robotics - A Robot"
    assert episode.published == dt.date(2025, 10, 2)
    # Trailing white space (the no-break space too) goes; inside, it is a space.
    assert episode.description == "First line.\nSecond line."
    assert [a.name for a in episode.authors] == ["Ann Lee", "Bo Chen"]
    assert episode.url == f"{SITE}/e/robot/"
    assert episode.audio_url == f"{SITE}/robot.mp3"
    assert episode.image_url == f"{SITE}/robot.png"
    assert episode.duration == dt.timedelta(hours=1, minutes=2, seconds=3)
    assert show.title == "PaperLedge"
    assert show.description == "The show."
    assert show.image_url == f"{SITE}/show.png"
    assert show.url == f"{SITE}/"


def test_an_episode_page_reads_the_visible_episode_and_fills_in_from_metadata() -> None:
    body = (
        '<header><a href="/">PaperLedge</a></header><nav><a href="/e/other/">Other</a></nav>'
        f"<main><h1>Robotics - A Robot</h1><p>{DATE}</p><p>{TEXT}{CREDIT}Ann Lee</p>"
        '<audio src="/visible.mp3"></audio></main>'
        '<aside><h3>More episodes</h3><a href="/e/x/">X</a></aside>'
    )
    head = (
        '<link rel="canonical" href="/e/robot/">'
        '<meta property="og:title" content="Robotics - A Robot">'
        '<meta property="og:image" content="/og.png"><meta itemprop="duration" content="12:34">'
    )
    show = parse_html(
        f"<html><head>{head}</head><body>{body}</body></html>", url=f"{SITE}/e/robot/", strict=True
    )
    (episode,) = show.episodes
    assert episode.title == "Robotics - A Robot"
    assert episode.published == dt.date(2025, 10, 2)
    assert episode.description == TEXT
    assert episode.audio_url == f"{SITE}/visible.mp3"
    assert episode.image_url == f"{SITE}/og.png"
    assert episode.duration == dt.timedelta(minutes=12, seconds=34)
    assert episode.url == f"{SITE}/e/robot/"
    assert show.image_url is None  # an episode page's og:image is the episode's


def test_an_episode_page_takes_the_json_ld_of_its_one_episode() -> None:
    ld = LD.replace('"url": "/e/robot/"', '"url": "https://elsewhere.test/episode-42"')
    body = f"<main><h1>Robotics - A Robot</h1><p>{DATE}</p><p>{TEXT}{CREDIT}Ann Lee</p></main>"
    show = parse_html(
        f"<html><head>{ld}</head><body>{body}</body></html>", url=f"{SITE}/e/robot/", strict=True
    )
    (episode,) = show.episodes
    assert episode.description == TEXT
    assert episode.url == f"{SITE}/e/robot/"
    assert episode.audio_url == f"{SITE}/robot.mp3"
    assert episode.duration == dt.timedelta(hours=1, minutes=2, seconds=3)


def test_an_episode_page_drawn_by_scripts_takes_its_address_and_audio_from_open_graph() -> None:
    ld = LD.replace('"url": "/e/robot/",', "").replace(
        '"associatedMedia": [{"contentUrl": "/robot.mp3"}], ', ""
    )
    head = (
        f'{ld}<meta property="og:url" content="/e/robot/">'
        '<meta property="og:audio" content="/og.mp3">'
    )
    show = parse_html(f"<html><head>{head}</head><body></body></html>", url=f"{SITE}/x/")
    (episode,) = show.episodes
    assert episode.url == f"{SITE}/e/robot/"
    assert episode.audio_url == f"{SITE}/og.mp3"


def test_an_open_graph_address_of_an_episode_makes_an_episode_page() -> None:
    head = '<meta property="og:url" content="https://paperledge.podbean.com/e/robot/">'
    body = f"<main><h1>Robotics - A Robot</h1><p>{DATE}</p><p>{TEXT}{CREDIT}Ann Lee</p></main>"
    show = parse_html(f"<html><head>{head}</head><body>{body}</body></html>", strict=True)
    (episode,) = show.episodes
    assert episode.url == f"{SITE}/e/robot/"
    assert episode.title == "Robotics - A Robot"


def test_an_episode_page_without_a_credit_still_gives_its_episode() -> None:
    show = parse_html(page(EPISODE_BODY, head=EPISODE_HEAD))
    (episode,) = show.episodes
    assert episode.description == f"{TEXT}\n{TEXT2}"
    assert episode.authors == ()
    assert episode.url == "https://paperledge.podbean.com/e/one/"
    assert "missing-credit" in codes(show)


def test_an_episode_page_cut_before_its_credit_says_so() -> None:
    whole = page(EPISODE_BODY, head=EPISODE_HEAD)
    cut = whole[: whole.index("</article>")]
    show = parse_html(cut)
    (episode,) = show.episodes
    assert episode.description == f"{TEXT}\n{TEXT2}"
    # The page's own (and only) episode is its last: the cut explains the
    # missing credit.
    assert "html-truncated" in codes(show)
    assert "missing-credit" not in codes(show)
