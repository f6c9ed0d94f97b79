"""The general podcast fields of a feed: what any podcast's feed says besides the
PaperLedge show's own fields.

Enclosures (every one, the audio chosen by type), people with their roles
(``podcast:person``), chapters and transcripts, episode numbers and seasons,
the explicit flag, and the channel's categories.  Shared by the RSS and Atom
readers (:mod:`.item`, :mod:`.atom`, :mod:`.reader`).
"""

from __future__ import annotations

from typing import Any

from ..._diagnostics import Reporter
from ..._model import Enclosure, LinkedFile, Person
from ..._rules.names import normalize_name
from ..._rules.numbers import whole_number
from .document import _absolute, _clean, _clean_text, _text
from .names import GROUP_ROLE, ITUNES_ALIASES, PERSON_ROLE

__all__ = [
    "AUTHOR_ROLES",
    "byte_count",
    "categories",
    "choose_audio",
    "count_of",
    "explicit",
    "linked_files",
    "media_files",
    "other_persons",
]

#: The ``podcast:person`` roles read as the paper's authors, not as persons.
AUTHOR_ROLES = (PERSON_ROLE, GROUP_ROLE, "writer")

_YES = ("yes", "true", "explicit")
_NO = ("no", "false", "clean")
_CATEGORY = tuple(f"{{{ns}}}category" for ns in ITUNES_ALIASES)


def media_files(
    elements: list[Any], reporter: Reporter, line: int, *, length: str = "length"
) -> tuple[Enclosure, ...]:
    """Each ``enclosure`` (or ``media:content``, whose size is ``fileSize``) with a URL."""
    files = []
    for element in elements:
        url = _absolute(element, element.get("url"))
        if url is None:
            reporter.report(
                "feed-structure", "an enclosure has no url", element.sourceline or line
            )
            continue
        files.append(
            Enclosure(
                url=url,
                type=_clean(element.get("type")),
                length=byte_count(element.get(length), element, reporter, line),
            )
        )
    return tuple(files)


def byte_count(text: str | None, element: Any, reporter: Reporter, line: int) -> int | None:
    """An enclosure's size in bytes; reported when it is not one (or is past 2**63 - 1)."""
    if text is None or not text.strip():
        return None
    stripped = text.strip()
    length = whole_number(stripped)
    if length is None:
        reporter.report(
            "feed-structure",
            f"the enclosure's length {stripped[:40]!r}... is past 2**63 - 1 bytes"
            if stripped.isdigit() and stripped.isascii()
            else f"the enclosure's length {stripped[:40]!r} is not a number of bytes",
            element.sourceline or line,
        )
    return length


def choose_audio(enclosures: tuple[Enclosure, ...]) -> Enclosure | None:
    """The episode's audio: the first enclosure typed ``audio/``, else the first one."""
    for enclosure in enclosures:
        if (enclosure.type or "").lower().startswith("audio/"):
            return enclosure
    return enclosures[0] if enclosures else None


def count_of(element: Any, reporter: Reporter, line: int) -> int | None:
    """An episode or season number; reported when it is not a whole number."""
    text = _clean_text(element)
    if text is None:
        return None
    number = whole_number(text)
    if number is None:
        # podcast:episode may number an episode 1.5; whole numbers only here.
        reporter.report(
            "feed-structure",
            f"{_name(element)} {text[:40]!r} is not a whole number",
            element.sourceline or line,
        )
    return number


def explicit(element: Any, reporter: Reporter, line: int) -> bool | None:
    """``itunes:explicit``: ``yes``/``true``/``explicit`` or ``no``/``false``/``clean``."""
    text = _clean_text(element)
    if text is None:
        return None
    if text.lower() in _YES:
        return True
    if text.lower() in _NO:
        return False
    reporter.report(
        "feed-structure",
        f"itunes:explicit {text[:40]!r} is neither true nor false",
        element.sourceline or line,
    )
    return None


def other_persons(elements: list[Any]) -> tuple[Person, ...]:
    """The ``podcast:person`` elements that are not the paper's authors."""
    persons = []
    for element in elements:
        # The namespace's default role is "host", in the group "cast".
        role = (element.get("role") or "host").strip().lower()
        if role in AUTHOR_ROLES:
            continue
        name = normalize_name(_text(element))
        if not name:
            continue
        persons.append(
            Person(
                name=name,
                role=role,
                group=(element.get("group") or "cast").strip().lower(),
                url=_absolute(element, element.get("href")),
                image_url=_absolute(element, element.get("img")),
            )
        )
    return tuple(persons)


def linked_files(elements: list[Any]) -> tuple[LinkedFile, ...]:
    """``podcast:chapters`` or ``podcast:transcript`` elements with a URL."""
    files = []
    for element in elements:
        url = _absolute(element, element.get("url"))
        if url is not None:
            files.append(
                LinkedFile(
                    url=url,
                    type=_clean(element.get("type")),
                    language=_clean(element.get("language")),
                    rel=_clean(element.get("rel")),
                )
            )
    return tuple(files)


def categories(channel: Any) -> tuple[str, ...]:
    """The channel's ``itunes:category`` elements, each followed by its
    subcategories as ``"A > B"`` (and theirs as ``"A > B > C"``, at any depth)."""
    found: list[str] = []
    _categories_in(channel, "", found)
    return tuple(found)


def _categories_in(parent: Any, path: str, found: list[str]) -> None:
    for element in parent:
        if element.tag in _CATEGORY:
            name = _clean(element.get("text"))
            if name is None:
                continue  # with what it holds: a subcategory of no category
            found.append(path + name)
            _categories_in(element, f"{path}{name} > ", found)


def _name(element: Any) -> str:
    """``itunes:episode``, ``podcast:season``: the element's name with its usual prefix."""
    tag: str = element.tag
    prefix = "itunes:" if "itunes" in tag.lower() else "podcast:" if "podcast" in tag else ""
    return prefix + tag.rpartition("}")[2]
