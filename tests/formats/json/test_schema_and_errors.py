"""paperledge JSON: the published schema, stable output, and clear errors on bad documents."""

from __future__ import annotations

import datetime as dt
import json

import jsonschema
import pytest

import paperledge
from paperledge import Author, Episode, ParseError, Show

from support import REPO


def _document(show: Show) -> dict[str, object]:
    result: dict[str, object] = json.loads(paperledge.dumps(show))
    return result


def test_sample_output_validates_against_the_published_schema() -> None:
    schema = paperledge.schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(_document(paperledge.load_sample()))


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
    ]


def test_output_is_utf8_not_escaped() -> None:
    text = paperledge.dumps(Show(title="Zalán – Muñoz ’"))
    assert "Zalán – Muñoz ’" in text


def test_diagnostics_survive_the_round_trip() -> None:
    show = paperledge.parse_text("Thursday\tOct 02, 2025\nThursday Oct 02, 2025\nText.")
    again = paperledge.loads(paperledge.dumps(show))
    assert again.diagnostics == show.diagnostics
    assert [d.code for d in again.diagnostics] == ["date-format", "truncated"]


@pytest.mark.parametrize(
    ("document", "fragment"),
    [
        ("[]", "not a JSON object"),
        ('{"title": "x"}', "'format'"),
        ('{"format": "paperledge.show", "version": 99}', "version 99"),
        ('{"format": "paperledge.show", "version": 1, "episodes": {}}', "$.episodes"),
        ('{"format": "paperledge.show", "version": 1, "title": 5}', "$.title"),
        ('{"format": "paperledge.show", "version": 1, "bogus": 5}', "bogus"),
        (
            '{"format": "paperledge.show", "version": 1, '
            '"episodes": [{"published": "2025-13-01"}]}',
            "$.episodes[0]",
        ),
        (
            '{"format": "paperledge.show", "version": 1, "episodes": [{"duration": "6 min"}]}',
            "$.episodes[0]",
        ),
        (
            '{"format": "paperledge.show", "version": 1, '
            '"episodes": [{"authors": [{"name": ""}]}]}',
            "$.episodes[0]",
        ),
        ('{"format": "paperledge.show", "version": 1, "episodes": [7]}', "$.episodes[0]"),
    ],
)
def test_documents_that_are_not_shows_give_parse_error(document: str, fragment: str) -> None:
    with pytest.raises(ParseError) as caught:
        paperledge.loads(document, "json")
    assert caught.value.code == "json-schema"
    assert fragment in str(caught.value)


def test_invalid_json_is_located() -> None:
    with pytest.raises(ParseError) as caught:
        paperledge.loads('{\n  "format": "paperledge.show",\n  "version": 1,,\n}', "json")
    assert caught.value.code == "json-syntax"
    # Column 16 is the second comma of `  "version": 1,,`.
    assert (caught.value.line, caught.value.column) == (3, 16)


def test_non_utf8_json_gives_parse_error() -> None:
    with pytest.raises(ParseError, match="UTF-8"):
        paperledge.loads(b'{"format": "paperledge.show", "title": "\xe9"}', "json")


def test_json_values_of_the_wrong_kind_are_located() -> None:
    document = paperledge.dumps(Show(title="S", episodes=[Episode(title="t")]), "json")
    bad_date = document.replace('"published": null', '"published": "2025-13-01"', 1)
    with pytest.raises(paperledge.ParseError, match=r"\$\.episodes\[0\]\.published"):
        paperledge.loads(bad_date, "json")
    bad_title = document.replace('"title": "S"', '"title": 5', 1)
    with pytest.raises(paperledge.ParseError, match=r"expected str \| None @ \$\.title"):
        paperledge.loads(bad_title, "json")
