"""podcastparser's test feeds, read by paperledge and compared with podcastparser's expectations.

The data in ``corpora/podcastparser/`` is podcastparser's own test corpus (ISC
licence, see the README there): each ``NAME.rss`` beside the ``NAME.json``
podcastparser expects from it.  The fields that have a counterpart in
paperledge's model are mapped onto it (``_expected_view`` and
``_paperledge_view`` below) and compared one by one.  Where paperledge reads a
field differently on purpose, ``NAME.differences.json`` says so field by field:
what podcastparser expects, what paperledge gives, and why.  Both values are
checked, so a difference that stops holding fails the test too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import paperledge
from paperledge import Episode, Show

PODCASTPARSER = Path(__file__).parent / "corpora" / "podcastparser"
CASES = sorted(p.stem for p in PODCASTPARSER.glob("*.rss"))

# podcastparser's fields with no counterpart in paperledge's model, left out
# of the comparison: payment and funding links, the HTML of a description
# (paperledge keeps text lines), keywords, generator, podcast:locked, the
# first-page link of a paged feed, the owner's e-mail, itunes:type.
_UNMAPPED_SHOW = frozenset(
    {
        "funding_url",
        "payment_url",
        "itunes_keywords",
        "generator",
        "import_prohibited",
        "paged_feed_first",
        "type",
    }
)
_UNMAPPED_EPISODE = frozenset({"payment_url", "description_html"})


def _or_none(value: Any) -> Any:
    """podcastparser's "nothing" ("" for text, 0 for a date or a duration) as None."""
    if isinstance(value, bool):
        return value
    return None if value in ("", 0, -1) else value


def _enclosure(url: Any, kind: Any, length: Any) -> tuple[Any, Any, Any]:
    return (url, _or_none(kind), _or_none(length))


def _expected_episode(episode: dict[str, Any]) -> dict[str, Any]:
    return {
        _EPISODE_NAMES.get(key, key): _expected_value(key, value)
        for key, value in episode.items()
        if key not in _UNMAPPED_EPISODE
    }


def _expected_value(key: str, value: Any) -> Any:
    """One of podcastparser's episode fields as paperledge's value."""
    if key == "enclosures":
        return sorted(_enclosure(e["url"], e["mime_type"], e["file_size"]) for e in value)
    if key == "persons":
        return [(p["name"], p["role"], p["group"], p["href"], p["img"]) for p in value]
    if key == "chapters":
        return [sorted(c.items()) for c in value]
    return _or_none(value)


# podcastparser's name for a field -> paperledge's.
_EPISODE_NAMES = {
    "link": "url",
    "published": "published_at",
    "total_time": "duration",
    "episode_art_url": "image_url",
    "type": "episode_type",
    "itunes_author": "creators",
    "transcript_url": "transcripts",
    "chapters_json_url": "chapters_url",
}
_SHOW_NAMES = {
    "cover_url": "image_url",
    "link": "url",
    "itunes_categories": "categories",
    "new_url": "new_feed_url",
    "itunes_author": "host",
    "itunes_owner": "host",
    "paged_feed_next": "next_page_url",
}


def _expected_view(expected: dict[str, Any]) -> dict[str, Any]:
    """podcastparser's expectation, as paperledge's field names and values."""
    view: dict[str, Any] = {}
    for key, value in expected.items():
        if key in _UNMAPPED_SHOW:
            continue
        if key == "episodes":
            for n, episode in enumerate(value):
                for field, item in _expected_episode(episode).items():
                    view[f"episodes.{n}.{field}"] = item
            view["episodes"] = len(value)
            continue
        if key == "itunes_categories":
            mapped = [" > ".join(c) for c in value]
        elif key == "itunes_owner":
            mapped = value.get("name")
        else:
            mapped = _or_none(value)
        view[_SHOW_NAMES.get(key, key)] = mapped
    return view


def _episode_view(episode: Episode, fields: set[str]) -> dict[str, Any]:
    enclosures = [(e.url, e.type, e.length) for e in episode.other_enclosures]
    if episode.audio_url is not None:
        enclosures.append((episode.audio_url, episode.audio_type, episode.audio_length))
    published = episode.published_at
    duration = episode.duration
    every: dict[str, Any] = {
        "title": episode.title,
        "description": episode.description or None,
        "url": episode.url,
        "guid": episode.guid,
        "published_at": None if published is None else int(published.timestamp()),
        "duration": None if duration is None else int(duration.total_seconds()),
        "enclosures": sorted(enclosures),
        "image_url": episode.image_url,
        "episode_type": episode.episode_type,
        "number": episode.number,
        "season": episode.season,
        "explicit": episode.explicit,
        "subtitle": episode.subtitle,
        "creators": ", ".join(episode.creators) or None,
        "persons": [(p.name, p.role, p.group, p.url, p.image_url) for p in episode.persons],
        "transcripts": next((t.url for t in episode.transcripts), None),
        "chapters_url": next((c.url for c in episode.chapters), None),
        "chapters": [],
    }
    return {field: every[field] for field in fields}


def _paperledge_view(show: Show, expected: dict[str, Any]) -> dict[str, Any]:
    """What paperledge read, for the same fields as ``expected``."""
    view: dict[str, Any] = {"episodes": len(show.episodes)}
    for key in expected:
        if "." not in key and key != "episodes":
            value = getattr(show, key)
            view[key] = list(value) if isinstance(value, tuple) else value
    for n, episode in enumerate(show.episodes):
        prefix = f"episodes.{n}."
        fields = {k[len(prefix) :] for k in expected if k.startswith(prefix)}
        for field, value in _episode_view(episode, fields).items():
            view[prefix + field] = value
    return view


def _read(case: str) -> tuple[Show, dict[str, Any], dict[str, Any]]:
    data = (PODCASTPARSER / f"{case}.rss").read_bytes()
    params = PODCASTPARSER / f"{case}.param.json"
    limits = None
    if params.exists():
        most = json.loads(params.read_text(encoding="utf-8"))["max_episodes"]
        limits = paperledge.Limits(max_episodes=most)
    # podcastparser's own tests give each feed this address.
    show = paperledge.parse_feed(data, url=f"file://tests/data/{case}.rss", limits=limits)
    expected = _expected_view(json.loads((PODCASTPARSER / f"{case}.json").read_text("utf-8")))
    differences_file = PODCASTPARSER / f"{case}.differences.json"
    differences = (
        json.loads(differences_file.read_text(encoding="utf-8"))
        if differences_file.exists()
        else {}
    )
    return show, expected, differences


@pytest.mark.parametrize("case", CASES)
def test_podcastparsers_feeds_give_the_fields_it_expects_but_where_a_difference_is_explained(
    case: str,
) -> None:
    show, expected, differences = _read(case)
    if not show.episodes:
        assert any(d.code == "no-episodes" for d in show.diagnostics)
    for field, difference in differences.items():
        assert set(difference) == {"podcastparser", "paperledge", "why"}, field
        assert difference["why"].strip(), field
        assert "\n" not in difference["why"], field
        assert _jsonable(expected.get(field)) == difference["podcastparser"], field
        expected[field] = difference["paperledge"]
    assert _jsonable(_paperledge_view(show, expected)) == _jsonable(expected)


def _jsonable(value: Any) -> Any:
    """``value`` as it reads back from JSON (tuples become lists)."""
    return json.loads(json.dumps(value))
