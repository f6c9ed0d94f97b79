"""Paper: the arXiv paper an episode retells, as a value."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

import paperledge
from paperledge import Author, Episode, Paper, Show
from paperledge._rules.arxiv import split_arxiv_id

LORA = Paper(
    arxiv_id="2106.09685",
    version=2,
    title="LoRA: Low-Rank Adaptation of Large Language Models",
    authors=["Edward J. Hu", Author(name="Yelong Shen")],
    primary_category="cs.CL",
    published=dt.date(2021, 6, 17),
    matched_by="both",
    score=0.97,
)


def test_an_episode_has_no_paper_until_linked() -> None:
    assert Episode().paper is None
    assert all(episode.paper is None for episode in paperledge.load_sample().episodes)


def test_plain_author_names_become_authors() -> None:
    assert LORA.authors == (Author(name="Edward J. Hu"), Author(name="Yelong Shen"))


def test_the_arxiv_addresses_follow_from_the_id_and_version() -> None:
    assert LORA.versioned_id == "2106.09685v2"
    assert LORA.abstract_url == "https://arxiv.org/abs/2106.09685v2"
    assert LORA.pdf_url == "https://arxiv.org/pdf/2106.09685v2"
    unversioned = Paper(arxiv_id="hep-th/9901001")
    assert unversioned.versioned_id == "hep-th/9901001"
    assert unversioned.abstract_url == "https://arxiv.org/abs/hep-th/9901001"


def test_given_addresses_are_kept() -> None:
    mirror = Paper(arxiv_id="2106.09685", abstract_url="https://example.org/abs/2106.09685")
    assert mirror.abstract_url == "https://example.org/abs/2106.09685"


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"arxiv_id": "2106.09685v2"}, "the version goes in 'version'"),
        ({"arxiv_id": "LoRA"}, "bare arXiv identifier"),
        ({"version": 0}, "from 1 to 9999"),
        ({"score": 1.5}, "from 0 to 1"),
        ({"score": float("nan")}, "from 0 to 1"),
        ({"matched_by": "guess"}, "'title', 'authors', 'both'"),
    ],
)
def test_invalid_values_are_refused_with_what_is_wrong(
    changes: dict[str, object], words: str
) -> None:
    with pytest.raises(ValueError, match=words):
        attrs.evolve(LORA, **changes)


def test_a_first_version_day_is_a_date_not_a_moment() -> None:
    with pytest.raises(TypeError, match=r"datetime\.date"):
        attrs.evolve(LORA, published=dt.datetime(2021, 6, 17, 12, 0))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2106.09685", ("2106.09685", None)),
        ("2106.09685v12", ("2106.09685", 12)),
        (" arXiv:2507.06261 ", ("2507.06261", None)),
        ("https://arxiv.org/abs/2106.09685v2", ("2106.09685", 2)),
        ("http://arxiv.org/pdf/2106.09685v1.pdf", ("2106.09685", 1)),
        ("http://arxiv.org/abs/hep-th/9901001v3", ("hep-th/9901001", 3)),
        ("math.GT/0309136", ("math.GT/0309136", None)),
        ("0704.0001", ("0704.0001", None)),
        ("2106.09685v0", None),
        ("21060.9685", None),
        ("https://example.org/abs/2106.09685", None),
        ("", None),
    ],
)
def test_arxiv_identifiers_are_split_into_id_and_version(
    text: str, expected: tuple[str, int | None] | None
) -> None:
    assert split_arxiv_id(text) == expected


def test_a_linked_episode_survives_json_and_a_version_2_document_still_reads() -> None:
    show = Show(
        title="PaperLedge", episodes=[Episode(title="Computation and Language - LoRA", paper=LORA)]
    )
    assert paperledge.parse(paperledge.dumps(show, "json")) == show
    old = paperledge.dumps(Show(title="PaperLedge", episodes=[Episode(title="t")]), "json")
    old = old.replace('"version": 3', '"version": 2').replace(',\n      "paper": null', "")
    assert '"paper"' not in old
    assert paperledge.parse(old).episodes[0].paper is None
