"""paperledge JSON: the published schema, stable output, diagnostics kept.

The documents it refuses, and the errors it gives, are golden data
(golden/refused/, run by test_golden.py)."""

from __future__ import annotations

import datetime as dt
import json

import jsonschema
import pytest

import paperledge
from paperledge import Author, Episode, Show

from support import REPO


def _document(show: Show) -> dict[str, object]:
    result: dict[str, object] = json.loads(paperledge.dumps(show))
    return result


def test_sample_output_validates_against_the_published_schema() -> None:
    schema = paperledge.schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    errors = jsonschema.Draft202012Validator(schema).iter_errors(
        _document(paperledge.load_sample())
    )
    assert [error.message for error in errors] == []


def test_the_schema_in_docs_is_the_schema_in_the_package() -> None:
    docs_copy = json.loads((REPO / "docs" / "show.schema.json").read_text("utf-8"))
    assert docs_copy == paperledge.schema()


def test_layout_dates_durations_and_key_order() -> None:
    episode = Episode(
        published=dt.date(2025, 10, 2),
        title="Robotics - A paper",
        description="Line one\n  a list item",
        authors=[Author(name="DeepSeek-AI", is_group=True), "Xiao Bi"],
        duration=dt.timedelta(minutes=6, seconds=12),
        published_at=dt.datetime(2025, 10, 2, 14, 30, tzinfo=dt.timezone(dt.timedelta(hours=-4))),
    )
    document = _document(Show(title="PaperLedge", episodes=[episode]))
    assert list(document)[:3] == ["format", "version", "title"]
    item = document["episodes"][0]  # type: ignore[index]
    assert item["published"] == "2025-10-02"
    assert item["published_at"] == "2025-10-02T14:30:00-04:00"
    assert item["duration"] == "PT6M12S"
    assert item["category"] == "Robotics"
    assert item["paper_title"] == "A paper"
    assert item["authors"] == [
        {"name": "DeepSeek-AI", "is_group": True},
        {"name": "Xiao Bi", "is_group": False},
    ]
    assert list(item) == [
        "published",
        "title",
        "category",
        "paper_title",
        "description",
        "authors",
        "url",
        "guid",
        "published_at",
        "audio_url",
        "audio_type",
        "audio_length",
        "duration",
        "image_url",
        # version 2: the general podcast fields
        "subtitle",
        "episode_type",
        "number",
        "season",
        "explicit",
        "persons",
        # version 4: who made the episode, beside the other people
        "creators",
        "other_enclosures",
        "chapters",
        "transcripts",
        # version 3: the linked paper
        "paper",
    ]


def test_output_is_utf8_not_escaped() -> None:
    text = paperledge.dumps(Show(title="Zalán – Muñoz ’"))
    assert "Zalán – Muñoz ’" in text


def test_diagnostics_survive_the_round_trip() -> None:
    show = paperledge.parse_text("Thursday\tOct 02, 2025\nThursday Oct 02, 2025\nText.")
    again = paperledge.parse(paperledge.dumps(show))
    assert again.diagnostics == show.diagnostics
    assert [d.code for d in again.diagnostics] == ["date-format", "truncated"]


def test_moments_and_days_read_the_same_on_every_python() -> None:
    text = paperledge.dumps(Show(episodes=[Episode(title="t")]), "json")
    document = json.loads(text)
    episode = document["episodes"][0]
    episode["published_at"] = "2025-10-02T09:00:00.5Z"
    episode["published"] = "2025-10-02"
    read = paperledge.parse(json.dumps(document), "json")
    assert read.episodes[0].published_at == dt.datetime(
        2025, 10, 2, 9, 0, 0, 500000, tzinfo=dt.timezone.utc
    )
    # 3.11's date.fromisoformat would take 20251002; 3.10's would not: neither is read.
    episode["published"] = "20251002"
    with pytest.raises(paperledge.ParseError) as error:
        paperledge.parse(json.dumps(document), "json")
    assert error.value.code == "json-schema"
