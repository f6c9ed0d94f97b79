"""How sure a paper is the one an episode retells: titles, authors and dates compared.

Titles are compared by :func:`title_key`, which the show's habits cannot
change: case, accents, curly quotes, apostrophes, colons, hyphens and any
other punctuation, LaTeX markup (``$\alpha$`` is ``alpha``, as is ``α``),
and the space the show puts after a full stop (``GLM-4. 5``) all go,
leaving the letters and digits (of any script) in order.  Two titles are the
same only when their keys are, or when they are once a parenthesised part
(``(ARC)``) is left out: a title one word, one number or one letter away
(``Qwen2``/``Qwen3``, ``Is``/``Is Not``) is another paper's.

Names are compared by :func:`name_key`: a person by surname and first
initial, a group by its whole name (``DeepSeek-AI``); two names with one key
are one person only when their given names agree (``Edward J. Hu``,
``Edward Hu`` and ``E. J. Hu`` are one; ``Xiao Bi`` and ``Xin Bi`` are two).
The overlap of two author lists is their Dice coefficient (twice the names
in common over the names of both), so one shared name among many is weak
evidence and a list credited whole is strong.

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
    "compact_title",
    "name_key",
    "overlap",
    "score",
    "title_key",
    "title_similarity",
]

_APOSTROPHES = re.compile(r"['’‘`´]")
_NOT_WORD = re.compile(r"[\W_]+")
_PARENTHESISED = re.compile(r"\([^()]*\)")
# LaTeX commands that only style their argument: ``\mathcal{O}`` is ``O``.
_STYLE = re.compile(r"\\(?:math[a-z]*|text[a-z]*|emph|operatorname|boldsymbol|bm)\b")
_COMMAND = re.compile(r"\\([A-Za-z]+)")

#: The lowest title similarity counted as the same title.
SAME_TITLE = 0.92
#: The lowest author overlap that confirms a title.
CONFIRMING_OVERLAP = 0.3
#: The similarity of two titles equal once a parenthesised part is left out.
SAME_BUT_PARENTHESES = 0.96
#: The highest similarity of two titles that are not the same (below SAME_TITLE).
DIFFERENT_TITLE = 0.9
#: Days a first version may come after the episode's date (time zones).
DATE_SLACK = 1
#: The fewest credited names an untitled episode's paper must share.
FEWEST_SHARED = 2


def _letter(c: str) -> str:
    """A Greek letter by its name (``α`` as ``alpha``), any other character as it is."""
    if "\u0370" <= c <= "\u03ff":
        name = unicodedata.name(c, "")
        if name.startswith("GREEK") and "LETTER" in name:
            return f" {name.rsplit(' ', 1)[-1].lower()} "
    return c


def _folded(text: str) -> str:
    if "\\" in text:
        text = _COMMAND.sub(r" \1 ", _STYLE.sub(" ", text))
    # Decomposed both before and after case folding, which can compose again.
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    plain = "".join(_letter(c) for c in folded if not unicodedata.combining(c))
    return _APOSTROPHES.sub("", plain)


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


_JOIN = re.compile(r"(?<!\d) | (?!\d)")


def compact_title(title: str) -> str:
    """:func:`title_key` without its spaces, but one between two numbers
    (``Pre-training`` is ``Pretraining``; ``Llama 3.1`` is not ``Llama 31``)."""
    return _JOIN.sub("", title_key(title))


def title_similarity(a: str, b: str) -> float:
    """How alike two titles are: 1.0 for the same :func:`compact_title`,
    :data:`SAME_BUT_PARENTHESES` when they are once a parenthesised part is
    left out, else at most :data:`DIFFERENT_TITLE` (below :data:`SAME_TITLE`):
    a title a word, a number or a letter away is another paper's.
    """
    key_a, key_b = compact_title(a), compact_title(b)
    if not key_a or not key_b:
        return 0.0
    if key_a == key_b:
        return 1.0
    bare_a, bare_b = (compact_title(_PARENTHESISED.sub(" ", t)) for t in (a, b))
    # One side's parenthesised part left out, never both: ``(7B)`` is not ``(70B)``.
    if bare_a == key_b or key_a == bare_b:
        return SAME_BUT_PARENTHESES
    ratio = difflib.SequenceMatcher(None, title_key(a), title_key(b), autojunk=False).ratio()
    return min(ratio, DIFFERENT_TITLE)


def name_key(name: str, *, group: bool = False) -> str:
    """A name as indexed: ``surname initial`` for a person, the whole name for a group.

    Two names with one key are one person only if :func:`overlap` finds
    their given names agree too.

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


@functools.lru_cache(maxsize=65536)
def _given(name: str) -> tuple[str, str]:
    """A person's first given name and all given names run together (``""`` for a group)."""
    if looks_like_group(name):
        return "", ""
    words = _NOT_WORD.sub(" ", _folded(name)).split()
    return (words[0], "".join(words[:-1])) if len(words) > 1 else ("", "")


def _same_person(a: str, b: str) -> bool:
    """Whether two names of one :func:`author_key` agree in their given names too:
    the same first given name, the same given names run together
    (``Jong Wook``, ``Jong-Wook``), or an initial standing for the other's."""
    (first_a, all_a), (first_b, all_b) = _given(a), _given(b)
    if first_a == first_b or all_a == all_b:
        return True
    if len(first_a) == 1 or len(first_b) == 1:
        return first_a[:1] == first_b[:1]
    return False


@functools.lru_cache(maxsize=8192)
def _by_key(names: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    grouped: dict[str, list[str]] = {}
    for name in names:
        key = author_key(name)
        if key:
            grouped.setdefault(key, []).append(name)
    return {key: tuple(group) for key, group in grouped.items()}


def overlap(credited: Iterable[str], listed: Iterable[str]) -> tuple[float, int]:
    """The Dice coefficient of two author lists, and how many people they share."""
    credited_names = _by_key(tuple(credited))
    listed_names = _by_key(tuple(listed))
    if not credited_names or not listed_names:
        return 0.0, 0
    shared = sum(
        1
        for key in credited_names.keys() & listed_names.keys()
        if any(_same_person(a, b) for a in credited_names[key] for b in listed_names[key])
    )
    return 2 * shared / (len(credited_names) + len(listed_names)), shared


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
    shared: int = 0
    """How many credited people the paper's authors include."""

    @property
    def sure_enough(self) -> bool:
        """Whether the evidence can ever link it: an untitled episode's paper must
        share :data:`FEWEST_SHARED` credited names (one name is one person, with
        many papers, or two people with one surname and initial)."""
        return self.route != "authors" or self.shared >= FEWEST_SHARED


def _too_late(entry: Entry, day: dt.date | None) -> bool:
    """Whether ``entry`` cannot be an episode of ``day``'s: first out after it
    (a day's slack), or of no known first day (the bound cannot be checked)."""
    if day is None:
        return False
    return entry.published is None or entry.published > day + dt.timedelta(days=DATE_SLACK)


def _few_names(shared: int) -> float:
    # One shared name is weaker evidence than three, however the lists compare.
    return {0: 0.0, 1: 0.85, 2: 0.93}.get(shared, 1.0)


def _confirmation(evidence: Evidence, dice: float, shared: int) -> float:
    """How well the credit confirms a title: the Dice coefficient, or the share of
    the credited names found when the show credits only a long list's first few."""
    credited = len(author_keys(evidence.authors))
    coverage = shared / credited if credited else 0.0
    return max(dice, coverage if shared >= min(2, credited) else 0.0)


def score(evidence: Evidence, entry: Entry) -> Candidate | None:
    """``entry`` scored against ``evidence``, or ``None`` if it cannot be the paper.

    * a first version after the episode's date (a day's slack), or none
      known, rules it out;
    * with a title: a different title rules it out; credited authors must
      confirm it (route ``"both"``: 0.7 plus 0.3 times the confirmation, the
      overlap or the share of the credit found); with no credit the title
      alone scores 0.85 (route ``"title"``);
    * without a title: the overlap, lowered when it rests on one or two
      names (route ``"authors"``).  How long ago the paper came out counts
      for nothing: the show retells old papers too, so of two papers that
      match the credit equally neither is picked.
    """
    if _too_late(entry, evidence.day):
        return None
    dice, shared = overlap(evidence.authors, entry.authors)
    similarity = title_similarity(evidence.title, entry.title) if evidence.title else 0.0
    if evidence.title:
        confirmation = _confirmation(evidence, dice, shared)
        if similarity < SAME_TITLE:
            return None
        if not evidence.authors:
            value, route = 0.85 * similarity, "title"
        elif confirmation < CONFIRMING_OVERLAP:
            return None
        else:
            value, route = (0.7 + 0.3 * confirmation) * similarity, "both"
    else:
        if shared == 0:
            return None
        value = dice * _few_names(shared)
        route = "authors"
    return Candidate(
        entry=entry,
        score=round(min(1.0, value), 4),
        route=route,
        title_similarity=round(similarity, 4),
        overlap=round(dice, 4),
        shared=shared,
    )
