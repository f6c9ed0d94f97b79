"""When two sources speak of the same episode: the keys that merging matches on.

:func:`paperledge.merge` matches episodes by guid, else URL, else day with
title (a day apart allowed) or, when a source has no title, the same day
with the same opening of the text.  The keys here are those rules' terms,
written once: :mod:`paperledge._model.merge` compares them, and
:func:`paperledge.parse_many` hashes them (:func:`identity_keys`) to know
when pages cannot overlap.
"""

from __future__ import annotations

from .._rules.urls import url_key
from .episode import Episode

__all__ = ["OPENING_WORDS", "Key", "guid_key", "identity_keys", "opening_key", "title_key"]

#: How much of the text, in words, identifies an untitled episode (the show's
#: openings are formulaic: "Hey PaperLedge crew, Ernis here, ready to dive...").
OPENING_WORDS = 40

#: One thing an episode can be matched on: the rule, a day (an ordinal, 0
#: where the rule takes none) and the text compared.
Key = tuple[str, int, str]


def guid_key(guid: str | None) -> str | None:
    """A guid as compared: without the whitespace around it."""
    return guid.strip() or None if guid else None


def title_key(title: str | None) -> str:
    """A title as compared: its words, case folded."""
    return " ".join(title.split()).casefold() if title else ""


def opening_key(text: str) -> str:
    """The opening of a text as compared: its first words, case folded."""
    return " ".join(text.split(None, OPENING_WORDS)[:OPENING_WORDS]).casefold()


def identity_keys(episode: Episode) -> tuple[list[Key], list[Key]]:
    """``(own, probes)``: the keys of ``episode``, and those an episode it matches may have.

    Two episodes that merging matches share a key: each probe of one is a
    key of the other (the title a day before and after included).  The
    converse does not hold; merging decides.
    """
    own: list[Key] = []
    near: list[Key] = []
    guid = guid_key(episode.guid)
    if guid:
        own.append(("guid", 0, guid))
    url = url_key(episode.url)
    if url:
        own.append(("url", 0, url))
    day = episode.published
    if day is not None:
        # Days as ordinals: the calendar's ends (year 1, year 9999) need no guard.
        ordinal = day.toordinal()
        words = title_key(episode.title)
        if words:
            own.append(("title", ordinal, words))
            near.append(("title", ordinal - 1, words))
            near.append(("title", ordinal + 1, words))
        opening = opening_key(episode.description)
        if opening:
            own.append(("opening", ordinal, opening))
    near.extend(own)
    return own, near
