"""The object model: value semantics, normalisation, validation."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from paperledge import Author, Diagnostic, Episode, Show
from paperledge._rules.names import normalize_name

N = 100_000


def test_author_names_are_whitespace_normalised() -> None:
    assert Author(name="  Zalán \u00a0 Borsos\t").name == "Zalán Borsos"
    assert Author(name="A\nB") == Author(name="A B")


def test_author_name_must_not_be_empty() -> None:
    with pytest.raises(ValueError, match="name"):
        Author(name="   ")


@pytest.mark.parametrize(
    ("name", "is_group"),
    [
        ("DeepSeek-AI", True),
        ("GLM-4.5 Team", True),
        ("The ATLAS Collaboration", True),
        ("Google Research", True),
        ("Allen G Hart", False),
        ("Zalán Borsos", False),
        ("Kai", False),
    ],
)
def test_author_guess_tells_groups_from_people(name: str, is_group: bool) -> None:
    assert Author.guess(name).is_group is is_group


def test_models_are_frozen_values() -> None:
    episode = Episode(published=dt.date(2025, 10, 2), title="Robotics - A", authors=["X Y"])
    assert episode.authors == (Author(name="X Y"),)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        episode.title = "B"  # type: ignore[misc]
    changed = attrs.evolve(episode, title="Machine Learning - B")
    assert changed.category == "Machine Learning"
    assert episode.category == "Robotics"
    assert hash(episode) == hash(
        Episode(published=dt.date(2025, 10, 2), title="Robotics - A", authors=[Author(name="X Y")])
    )


def test_constructors_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        Episode(dt.date(2025, 1, 1))  # type: ignore[misc]


def test_diagnostics_take_no_part_in_equality() -> None:
    diagnostic = Diagnostic(code="date-format", message="m", line=3, column=1)
    assert Show(title="T", diagnostics=[diagnostic]) == Show(title="T")
    assert hash(Show(title="T", diagnostics=[diagnostic])) == hash(Show(title="T"))


def test_published_is_a_date_not_a_datetime() -> None:
    with pytest.raises(TypeError, match="datetime"):
        Episode(published=dt.datetime(2025, 1, 1, 12))


def test_negative_duration_and_length_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        Episode(duration=dt.timedelta(seconds=-1))
    with pytest.raises(ValueError, match="negative"):
        Episode(audio_length=-5)


def test_audio_length_must_fit_a_signed_64_bit_integer() -> None:
    # Every archive format (SQLite, Parquet, pandas' Int64) stores it as one.
    assert Episode(audio_length=2**63 - 1).audio_length == 2**63 - 1
    with pytest.raises(ValueError, match=r"at most 2\*\*63 - 1"):
        Episode(audio_length=2**63)
    with pytest.raises(ValueError, match="16,610-bit"):
        Episode(audio_length=10**5000)


def test_repr_is_short_for_long_text() -> None:
    episode = Episode(description="word " * 1000)
    assert len(repr(episode)) < 600
    assert "..." in repr(episode)


def test_long_whitespace_runs_in_a_name_normalise() -> None:
    assert normalize_name(" \t\u00a0" * N + "Ada" + " \n" * N + "Lovelace") == ("Ada Lovelace")
