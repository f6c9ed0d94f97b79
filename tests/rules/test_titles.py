"""Titles: an episode's title splits into its arXiv category and the paper's title."""

from __future__ import annotations

import pytest

from paperledge import Episode, split_title


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "Computation and Language - LoRA Low-Rank Adaptation of Large Language Models",
            ("Computation and Language", "LoRA Low-Rank Adaptation of Large Language Models"),
        ),
        (
            "Robotics - Vision-Language-Action - a survey",
            ("Robotics", "Vision-Language-Action - a survey"),
        ),
        ("Vision-Language-Action models", (None, "Vision-Language-Action models")),
        (None, (None, None)),
    ],
)
def test_a_title_splits_at_the_first_separator_after_a_category(
    title: str | None, expected: tuple[str | None, str | None]
) -> None:
    assert split_title(title) == expected
    episode = Episode(title=title)
    assert (episode.category, episode.paper_title) == expected
