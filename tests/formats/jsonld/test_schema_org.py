"""JSON-LD: schema.org PodcastSeries, PodcastEpisode and ScholarlyArticle (issue 4, part 2)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import given, settings

import paperledge
from paperledge import Author, Enclosure, Episode, LinkedFile, Person, Show
from paperledge._formats.jsonld import show_to_jsonld, write_jsonld

from strategies import shows


def _document(show: Show) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(paperledge.dumps(show, "jsonld"))
    return result


def test_series_and_episodes_from_a_seed(page_002: Show) -> None:
    document = _document(page_002)
    assert document["@context"] == "https://schema.org"
    assert document["@type"] == "PodcastSeries"
    assert document["name"] == "PaperLedge"
    assert document["description"].startswith("PaperLedge where research meets storytelling")
    assert document["author"] == {"@type": "Person", "name": "Ernis"}
    episodes = document["hasPart"]
    assert len(episodes) == 8
    assert {e["@type"] for e in episodes} == {"PodcastEpisode"}
    lora = episodes[0]
    assert lora["name"] == (
        "Computation and Language - LoRA Low-Rank Adaptation of Large Language Models"
    )
    assert lora["datePublished"] == "2025-03-16"
    assert lora["description"] == page_002.episodes[0].description
    assert lora["partOfSeries"] == {"@type": "PodcastSeries", "name": "PaperLedge"}
    paper = lora["isBasedOn"]
    assert paper["@type"] == "ScholarlyArticle"
    assert paper["name"] == "LoRA Low-Rank Adaptation of Large Language Models"
    assert paper["author"][:2] == [
        {"@type": "Person", "name": "Edward J. Hu"},
        {"@type": "Person", "name": "Yelong Shen"},
    ]
    assert len(paper["author"]) == 8
    assert paper["about"] == {
        "@type": "DefinedTerm",
        "name": "Computation and Language",
        "termCode": "cs.CL",
        "inDefinedTermSet": "https://arxiv.org/category_taxonomy",
        "url": "https://arxiv.org/list/cs.CL/recent",
    }
    # No audio is known from a dump: no AudioObject is made up.
    assert "associatedMedia" not in lora


def test_untitled_episode_keeps_its_paper_authors(page_002: Show) -> None:
    untitled = _document(page_002)["hasPart"][2]
    assert "name" not in untitled
    assert untitled["isBasedOn"]["@type"] == "ScholarlyArticle"
    assert "name" not in untitled["isBasedOn"]
    assert "about" not in untitled["isBasedOn"]
    assert len(untitled["isBasedOn"]["author"]) == 14


def test_groups_are_organizations(page_003: Show) -> None:
    authors = _document(page_003)["hasPart"][-1]["isBasedOn"]["author"]
    assert authors[0] == {"@type": "Organization", "name": "DeepSeek-AI"}
    assert authors[1] == {"@type": "Person", "name": "Xiao Bi"}
    assert sum(a["@type"] == "Organization" for a in authors) == 1


def test_audio_urls_dates_and_series_reference() -> None:
    show = Show(
        title="PaperLedge",
        url="https://paperledge.podbean.com/",
        feed_url="https://feed.podbean.com/paperledge/feed.xml",
        image_url="https://pbcdn1.podbean.com/imglogo/show.jpg",
        episodes=[
            Episode(
                published=dt.date(2025, 10, 2),
                published_at=dt.datetime(
                    2025, 10, 2, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=-4))
                ),
                title="Robotics - Walking Robots",
                url="https://paperledge.podbean.com/e/walking/",
                guid="paperledge-42",
                audio_url="https://mcdn.podbean.com/mf/web/abc/walking.mp3",
                audio_type="audio/mpeg",
                duration=dt.timedelta(minutes=6, seconds=12),
                image_url="https://pbcdn1.podbean.com/imglogo/ep.jpg",
            )
        ],
    )
    document = _document(show)
    assert document["@id"] == "https://paperledge.podbean.com/"
    assert document["url"] == "https://paperledge.podbean.com/"
    assert document["webFeed"] == "https://feed.podbean.com/paperledge/feed.xml"
    assert document["image"] == "https://pbcdn1.podbean.com/imglogo/show.jpg"
    episode = document["hasPart"][0]
    assert episode["@id"] == episode["url"] == "https://paperledge.podbean.com/e/walking/"
    assert episode["identifier"] == "paperledge-42"
    assert episode["datePublished"] == "2025-10-02T09:30:00-04:00"
    assert episode["image"] == "https://pbcdn1.podbean.com/imglogo/ep.jpg"
    assert episode["associatedMedia"] == {
        "@type": "AudioObject",
        "contentUrl": "https://mcdn.podbean.com/mf/web/abc/walking.mp3",
        "encodingFormat": "audio/mpeg",
        "duration": "PT6M12S",
    }
    assert episode["partOfSeries"] == {
        "@type": "PodcastSeries",
        "@id": "https://paperledge.podbean.com/",
        "name": "PaperLedge",
        "url": "https://paperledge.podbean.com/",
    }
    assert episode["isBasedOn"]["about"]["termCode"] == "cs.RO"


def test_unknown_category_has_no_code() -> None:
    document = _document(Show(episodes=[Episode(title="Cooking - Soup", authors=["Ann Lee"])]))
    assert document["hasPart"][0]["isBasedOn"]["about"] == {
        "@type": "DefinedTerm",
        "name": "Cooking",
    }


@pytest.mark.parametrize("title", ["Interview with Ann Lee", "Episode 12 - Soup"])
def test_an_episode_that_shows_no_paper_is_based_on_none(title: str) -> None:
    # No credit, no linked paper, no arXiv subject: any podcast's episode.
    (node,) = _document(Show(episodes=[Episode(title=title, creators=["Ann Lee"])]))["hasPart"]
    assert "isBasedOn" not in node
    assert node["creator"] == [{"@type": "Person", "name": "Ann Lee"}]


def test_an_arxiv_subject_alone_shows_the_paper() -> None:
    (node,) = _document(Show(episodes=[Episode(title="Robotics - A robot")]))["hasPart"]
    assert node["isBasedOn"]["name"] == "A robot"


def test_long_durations() -> None:
    episode = Episode(
        audio_url="https://x.example/a.mp3", duration=dt.timedelta(hours=1, seconds=3)
    )
    audio = _document(Show(episodes=[episode]))["hasPart"][0]["associatedMedia"]
    assert audio["duration"] == "PT1H3S"


def test_empty_show_is_a_series_without_episodes() -> None:
    assert json.loads(write_jsonld(Show())) == {
        "@context": "https://schema.org",
        "@type": "PodcastSeries",
        "hasPart": [],
    }


def test_every_type_and_property_is_a_schema_org_term(page_000: Show) -> None:
    # The terms checked against schema.org's pages when the writer was written;
    # a new key must be checked there too before it is added here.
    types = {
        "PodcastSeries",
        "PodcastEpisode",
        "AudioObject",
        "ScholarlyArticle",
        "Person",
        "Organization",
        "DefinedTerm",
    }
    properties = {
        "@context",
        "@type",
        "@id",
        "name",
        "description",
        "url",
        "webFeed",
        "image",
        "author",
        "hasPart",
        "identifier",
        "datePublished",
        "associatedMedia",
        "contentUrl",
        "encodingFormat",
        "duration",
        "partOfSeries",
        "isBasedOn",
        "about",
        "termCode",
        "inDefinedTermSet",
    }
    show = Show(
        title="PaperLedge",
        url="https://paperledge.podbean.com/",
        feed_url="https://feed.podbean.com/paperledge/feed.xml",
        image_url="https://pbcdn1.podbean.com/imglogo/show.jpg",
        host="Ernis",
        episodes=[
            *page_000.episodes,
            Episode(
                title="Robotics - R",
                url="https://paperledge.podbean.com/e/r/",
                guid="g",
                audio_url="https://mcdn.podbean.com/mf/web/r.mp3",
                audio_type="audio/mpeg",
                duration=dt.timedelta(seconds=1),
                image_url="https://pbcdn1.podbean.com/imglogo/r.jpg",
                authors=[Author(name="GLM Team", is_group=True)],
            ),
        ],
    )
    seen_types: set[str] = set()
    seen_keys: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            seen_keys.update(node)
            if "@type" in node:
                seen_types.add(node["@type"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(_document(show))
    assert seen_types == types
    assert seen_keys == properties


@settings(max_examples=200, deadline=None)
@given(shows)
def test_any_show_is_valid_json_carrying_its_values_property(show: Show) -> None:
    out = write_jsonld(show)
    assert "<" not in out
    assert ">" not in out
    assert json.loads(out) == show_to_jsonld(show)
    document = json.loads(out)
    assert [e.get("name") for e in document["hasPart"]] == [e.title for e in show.episodes]
    assert [e.get("description", "") for e in document["hasPart"]] == [
        e.description for e in show.episodes
    ]


def test_the_general_podcast_fields_in_schema_org_terms() -> None:
    episode = Episode(
        title="Primes",
        subtitle="All about primes",
        number=12,
        season=2,
        explicit=False,
        audio_url="https://x.org/12.mp3",
        audio_length=300,
        persons=[Person(name="Bo Guest", role="guest", url="https://x.org/bo")],
        other_enclosures=[Enclosure(url="https://x.org/12.mp4", type="video/mp4")],
        transcripts=[LinkedFile(url="https://x.org/12.vtt", type="text/vtt", language="en")],
    )
    document = show_to_jsonld(Show(language="en", categories=["Science"], episodes=[episode]))
    assert (document["inLanguage"], document["genre"]) == ("en", ["Science"])
    (node,) = document["hasPart"]
    assert node["alternativeHeadline"] == "All about primes"
    assert node["episodeNumber"] == 12
    assert node["partOfSeason"] == {"@type": "PodcastSeason", "seasonNumber": 2}
    assert node["contentRating"] == "clean"
    assert node["associatedMedia"]["contentSize"] == "300"
    assert node["contributor"] == [
        {"@type": "Person", "name": "Bo Guest", "roleName": "guest", "url": "https://x.org/bo"}
    ]
    assert node["encoding"] == [
        {
            "@type": "VideoObject",
            "contentUrl": "https://x.org/12.mp4",
            "encodingFormat": "video/mp4",
        }
    ]
    assert node["transcript"][0]["inLanguage"] == "en"
