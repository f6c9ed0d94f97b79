"""How sure a paper is the one an episode retells: titles, authors and dates compared.

Titles are compared by :func:`title_key`, which the show's habits cannot
change: case, accents, curly quotes, apostrophes, colons, hyphens and any
other punctuation, and the space the show puts after a full stop
(``GLM-4. 5``) all go, leaving the letters and digits in order.

Names are compared by :func:`name_key`: a person by surname and first
initial (``Edward J. Hu`` and ``Edward Hu`` are one), a group by its whole
name (``DeepSeek-AI``).  The overlap of two author lists is their Dice
coefficient (twice the names in common over the names of both), so one
shared name among many is weak evidence and a list credited whole is strong.

A candidate's score, from 0 to 1, is built from those (see :func:`score`);
the linker links the best candidate only when its score reaches the
threshold and no other comes within the margin.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable

import attrs

from .._rules.names import looks_like_group
from ._atom import Entry

__all__ = [
    "Candidate",
    "Evidence",
    "name_key",
    "overlap",
    "score",
    "title_key",
    "title_similarity",
]

_APOSTROPHES = re.compile(r"['’‘`´]")
_NOT_WORD = re.compile(r"[^0-9a-z]+")

#: The lowest title similarity counted as the same title.
SAME_TITLE = 0.92
#: The lowest author overlap that confirms a title.
CONFIRMING_OVERLAP = 0.3
#: Days a first version may come after the episode's date (time zones).
DATE_SLACK = 1
#: Papers retold within this many days of their first version are "recent".
RECENT_DAYS = 60


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _APOSTROPHES.sub("", plain.casefold())


@functools.lru_cache(maxsize=4096)
def title_key(title: str) -> str:
    """``title`` as words of letters and digits only, one space apart.

    >>> title_key("LoRA: Low-Rank Adaptation of Large Language Models")
    'lora low rank adaptation of large language models'
    >>> title_key("GLM-4. 5") == title_key("GLM-4.5")
    True
    >>> title_key("Let’s Verify Step by Step") == title_key("Let's verify step-by-step")
    True
    """
    return " ".join(_NOT_WORD.sub(" ", _folded(title)).split())


def title_similarity(a: str, b: str) -> float:
    """1.0 for titles with the same :func:`title_key` (spaces aside), less as they differ."""
    key_a, key_b = title_key(a), title_key(b)
    if not key_a or not key_b:
        return 0.0
    if key_a.replace(" ", "") == key_b.replace(" ", ""):
        return 1.0
    return difflib.SequenceMatcher(None, key_a, key_b, autojunk=False).ratio()


def name_key(name: str, *, group: bool = False) -> str:
    """A name as compared: ``surname initial`` for a person, the whole name for a group.

    >>> name_key("Edward J. Hu") == name_key("Edward Hu")
    True
    >>> name_key("Zalán Borsos") == name_key("Zalan Borsos")
    True
    """
    words = _NOT_WORD.sub(" ", _folded(name)).split()
    if not words:
        return ""
    if group or len(words) == 1:
        return "".join(words)
    return f"{words[-1]} {words[0][0]}"


@functools.lru_cache(maxsize=65536)
def author_key(name: str) -> str:
    """:func:`name_key` of a credited or listed name, a group told by its name."""
    return name_key(name, group=looks_like_group(name))


@functools.lru_cache(maxsize=8192)
def author_keys(names: tuple[str, ...]) -> frozenset[str]:
    """The :func:`author_key` of each name (the empty ones left out)."""
    return frozenset(author_key(n) for n in names) - {""}


def overlap(credited: Iterable[str], listed: Iterable[str]) -> tuple[float, int]:
    """The Dice coefficient of two author lists, and how many names they share."""
    credited_keys = author_keys(tuple(credited))
    listed_keys = author_keys(tuple(listed))
    if not credited_keys or not listed_keys:
        return 0.0, 0
    shared = len(credited_keys & listed_keys)
    return 2 * shared / (len(credited_keys) + len(listed_keys)), shared


@attrs.frozen(kw_only=True)
class Evidence:
    """What the show says about an episode's paper."""

    title: str | None
    authors: tuple[str, ...]
    day: dt.date | None


@attrs.frozen(kw_only=True)
class Candidate:
    """A paper scored against an episode."""

    entry: Entry
    score: float
    route: str
    title_similarity: float
    overlap: float


def _too_late(entry: Entry, day: dt.date | None) -> bool:
    return (
        day is not None
        and entry.published is not None
        and entry.published > day + dt.timedelta(days=DATE_SLACK)
    )


def _recency(entry: Entry, day: dt.date | None) -> float:
    if day is None or entry.published is None:
        return 0.9
    return 1.0 if (day - entry.published).days <= RECENT_DAYS else 0.9


def _few_names(shared: int) -> float:
    # One shared name is weaker evidence than three, however the lists compare.
    return {0: 0.0, 1: 0.85, 2: 0.93}.get(shared, 1.0)


def score(evidence: Evidence, entry: Entry) -> Candidate | None:
    """``entry`` scored against ``evidence``, or ``None`` if it cannot be the paper.

    * a first version after the episode's date (a day's slack) rules it out;
    * with a title: a different title rules it out; credited authors must
      confirm it (route ``"both"``: 0.7 plus 0.3 times the overlap); with no
      credit the title alone scores 0.85 (route ``"title"``);
    * without a title: the overlap, lowered when it rests on one or two
      names and for a paper more than :data:`RECENT_DAYS` older than the
      episode (route ``"authors"``).
    """
    if _too_late(entry, evidence.day):
        return None
    dice, shared = overlap(evidence.authors, entry.authors)
    similarity = title_similarity(evidence.title, entry.title) if evidence.title else 0.0
    if evidence.title:
        if similarity < SAME_TITLE:
            return None
        if not evidence.authors:
            value, route = 0.85 * similarity, "title"
        elif dice < CONFIRMING_OVERLAP:
            return None
        else:
            value, route = (0.7 + 0.3 * dice) * similarity, "both"
    else:
        if shared == 0:
            return None
        value = dice * _few_names(shared) * _recency(entry, evidence.day)
        route = "authors"
    return Candidate(
        entry=entry,
        score=round(min(1.0, value), 4),
        route=route,
        title_similarity=round(similarity, 4),
        overlap=round(dice, 4),
    )
