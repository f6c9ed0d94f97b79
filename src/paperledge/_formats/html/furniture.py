"""Page furniture around an episode's text: its running time, and footers after the credit.

A theme may show an episode's duration under its date (``00:06:12``,
``Duration: 6:12``) and close it with a footer (``Filed under Robotics``,
``Tags: robots, learning``).  Neither is the episode's text: the duration
fills :attr:`~paperledge.Episode.duration`, a footer is the page's.
Controls' labels and counters (``Share``, ``1,234 plays``) are
:func:`paperledge._formats.html.lines.is_ui_line`'s.
"""

from __future__ import annotations

import datetime as dt
import re

from ..._rules.durations import parse_clock

__all__ = ["duration_line", "is_footer"]

_DURATION = re.compile(
    r"(?:(?:duration|length|running time|runtime)\s*:?\s*)?"
    r"(?P<clock>(?:\d{1,2}:)?\d{1,2}:\d{2})"
    r"(?:\s*(?:min|mins|minutes))?",
    re.IGNORECASE,
)
_FOOTER = re.compile(
    r"(?:filed under|posted in|tagged|tags|categories|category)\b\s*:?\s*\S.{0,200}",
    re.IGNORECASE | re.DOTALL,
)


def duration_line(text: str) -> dt.timedelta | None:
    """The running time a line of an episode's opening shows, or ``None``.

    >>> duration_line("00:06:12")
    datetime.timedelta(seconds=372)
    >>> duration_line("Duration: 6:12 min")
    datetime.timedelta(seconds=372)
    >>> duration_line("6:12 is when it starts") is None
    True
    """
    stripped = text.strip()
    if len(stripped) > 40 or ":" not in stripped:
        return None
    found = _DURATION.fullmatch(stripped)
    return parse_clock(found["clock"]) if found else None


def is_footer(text: str) -> bool:
    """Whether a line after an episode's credit is the page's footer (``Filed under X``).

    >>> is_footer("Filed under: Robotics, Learning")
    True
    >>> is_footer("Categories are hard to define.")
    False
    """
    stripped = text.strip()
    if len(stripped) > 200:
        return False
    found = _FOOTER.fullmatch(stripped)
    if found is None:
        return False
    # "Tags: x" and "Filed under x" are footers; a sentence that starts
    # with the word ("Categories are...") is not.
    head = stripped.split(None, 1)[0].lower()
    return head in ("filed", "posted", "tagged") or ":" in stripped[: len(head) + 2]
