"""Names: spacing, telling a group from a person, and the host named in the show's description."""

from __future__ import annotations

import re

__all__ = ["host_from_description", "looks_like_group", "normalize_name"]

_HOSTED_BY = re.compile(r"\bHosted by (?:the )?([A-Z][\w'’.-]*)")

# Names that end like this are organisations, not people.  The source marks a
# collaboration explicitly with a lone ':' after its name; this list catches
# the ones written without it ("GLM-4.5 Team", "The ATLAS Collaboration").
# A set lookup on the last word: this runs once per name on the hot path.
_GROUP_WORDS = frozenset(
    {
        "alliance",
        "collaboration",
        "committee",
        "community",
        "consortium",
        "corporation",
        "foundation",
        "group",
        "inc",
        "inc.",
        "initiative",
        "institute",
        "lab",
        "laboratory",
        "labs",
        "llc",
        "ltd",
        "ltd.",
        "project",
        "research",
        "team",
    }
)


def looks_like_group(name: str) -> bool:
    """Whether ``name`` ends like an organisation's name (``Team``, ``-AI``...)."""
    last = name.rpartition(" ")[2].lower()
    return last in _GROUP_WORDS or (last.endswith("-ai") and len(last) > 3)


def normalize_name(name: str) -> str:
    """Collapse runs of whitespace (NBSP, tabs, newlines) to one space and strip.

    ``str.split`` with no separator splits on the whitespace ``\\s`` matches
    in a ``str`` pattern (both ask ``str.isspace``) and drops the runs at
    either end: the words joined with one space are the collapsed name, in
    one pass in C rather than a pattern's match at every run.
    """
    return " ".join(name.split())


def host_from_description(description: str | None) -> str | None:
    """The host's name from a description that says ``Hosted by ... Ernis``."""
    if not description:
        return None
    match = _HOSTED_BY.search(description)
    return match[1].rstrip(".,") if match else None
