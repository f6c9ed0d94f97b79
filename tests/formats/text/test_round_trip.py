"""Text dumps written by paperledge read back to what they carry, without a defect; dump-shaped
noise keeps its text."""

from __future__ import annotations

import attrs
from hypothesis import given

import paperledge
from paperledge import Show
from paperledge._rules.decode import has_control, replace_controls

from strategies import dump_like, text_shows


def _text_carried(show: Show) -> Show:
    # The text dump carries the header's title and description and, per
    # episode, date, title, text and authors; nothing else.
    return Show(
        title=show.title,
        description=show.description,
        episodes=[
            paperledge.Episode(
                published=e.published, title=e.title, description=e.description, authors=e.authors
            )
            for e in show.episodes
        ],
    )


def _without_controls(show: Show) -> Show:
    # The reader replaces control characters, as the HTML reader does.
    def clean(text: str | None) -> str | None:
        return None if text is None else replace_controls(text)

    return attrs.evolve(
        show,
        title=clean(show.title),
        description=clean(show.description),
        episodes=[
            attrs.evolve(
                e,
                title=clean(e.title),
                description=replace_controls(e.description),
                authors=[attrs.evolve(a, name=replace_controls(a.name)) for a in e.authors],
            )
            for e in show.episodes
        ],
    )


@given(text_shows)
def test_text_round_trip(show: Show) -> None:
    if show.title is None:
        show = attrs.evolve(show, description=None)
    text = paperledge.dumps(show, "text")
    again = paperledge.parse_text(text)
    assert _text_carried(again) == _text_carried(_without_controls(show))
    # Written by paperledge, the dump has no defect but the control characters
    # the show held, and no episode when it had none.
    expected = []
    if has_control(text):
        expected.append("control-character")
    if not show.episodes:
        expected.append("no-episodes")
    assert [d.code for d in again.diagnostics] == expected
    if not expected:
        assert paperledge.dumps(again, "text") == text


@given(dump_like)
def test_dump_shaped_noise_never_raises_and_keeps_text(data: str) -> None:
    show = paperledge.parse_text(data)
    kept = "\n".join(
        [e.description for e in show.episodes]
        + [e.title or "" for e in show.episodes]
        + [show.title or "", show.description or ""]
    )
    for line in data.split("\n"):
        if line in ("Some text.", "  a list item", '"a quote"'):
            # A line read as the show's title loses its surrounding spaces only.
            assert line in kept or line.strip() == show.title
