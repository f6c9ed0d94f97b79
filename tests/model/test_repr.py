"""Reprs a REPL can print: a show is one short line, an episode stays short."""

from __future__ import annotations

import attrs

from paperledge import Author, Diagnostic, Episode, Show
from paperledge.testing import Archive


def test_the_repr_of_a_thousand_episode_show_is_one_short_line_naming_its_counts() -> None:
    show = Archive(1000).show(fields="all")
    show = attrs.evolve(
        show,
        diagnostics=[Diagnostic(code="truncated", message="cut", line=3)] * 2,
    )
    text = repr(show)
    assert "\n" not in text
    assert len(text) < 200
    assert text == "<Show 'PaperLedge': 1,000 episodes, 2 diagnostics>"


def test_a_show_repr_says_when_it_has_no_title_and_counts_in_the_singular() -> None:
    show = Show(episodes=[Episode()], diagnostics=[Diagnostic(code="c", message="m", line=1)])
    assert repr(show) == "<Show (untitled): 1 episode, 1 diagnostic>"


def test_a_show_repr_stays_one_short_line_for_a_hostile_title() -> None:
    text = repr(Show(title="line\n" * 10_000))
    assert "\n" not in text
    assert len(text) < 200


def test_an_episode_repr_names_only_its_first_three_authors() -> None:
    names = [f"Author Number {n}" for n in range(87)]
    episode = Episode(title="Robotics - A", authors=names)
    text = repr(episode)
    assert "Author Number 2'" in text
    assert "Author Number 3'" not in text
    assert "...84 more)" in text
    # As long as with four authors: the other 83 are only counted.
    four = repr(Episode(title="Robotics - A", authors=names[:4]))
    assert text == four.replace("...1 more)", "...84 more)")


def test_an_episode_repr_with_three_authors_or_fewer_is_the_plain_tuple() -> None:
    authors = (Author(name="A"), Author(name="B"), Author(name="C"))
    assert f"authors={authors!r}" in repr(Episode(authors=authors))
    assert "authors=()" in repr(Episode())


def test_every_episode_of_a_full_archive_has_a_short_one_line_repr() -> None:
    # Long texts are cut (description, title, authors), so the length is
    # bounded by the model's fields and their URLs, whatever the episode.
    for episode in Archive(200).episodes():
        text = repr(episode)
        assert "\n" not in text
        assert len(text) < 1200
        assert "..." in text  # the description was cut
