"""The episode grammar's decisions that every reader of episode text shares.

An episode is an opening (its date, repeated, and a title), its text, and
the author credit that closes it.  The text-dump reader
(:mod:`paperledge._formats.text`) and the HTML reader
(:mod:`paperledge._formats.html`) meet the same defects at an episode's end
and in its opening; they are decided and worded here, once:

* ``stray-text``: text after an episode's credit (or before the first
  episode) that belongs to no episode's text;
* ``missing-credit``: an episode that ends without its credit;
* ``truncated`` (``html-truncated`` in a page): the input ends inside an
  episode, before its credit;
* ``date-mismatch``: an episode's date lines disagree.

Each reader locates the defect in its own source and passes the place in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from .._diagnostics import Reporter
from .credits import CREDIT_MARKER
from .dates import match_date_line

__all__ = [
    "EPISODE",
    "SHOW",
    "date_mismatch",
    "episode_end",
    "missing_credit_message",
    "stray_text",
    "titled_opening",
]

#: Where stray text is kept: in an episode's description, or in the show's.
EPISODE = "the episode's"
SHOW = "the show's"

TRUNCATED_MESSAGE = "the input ends inside an episode, before its author credit"


def titled_opening(lines: Sequence[str]) -> bool:
    """Whether ``lines`` hold a titled opening: a title between two date lines of one day.

    The show opens a titled episode with its date, the title, and the date
    again.  A line between two different dates is not that: a dated comment,
    or a news page's headline between two stories' dates.
    """
    for first, title, second in zip(lines, lines[1:], lines[2:], strict=False):
        opened = match_date_line(first)
        if opened is None or opened.date is None or match_date_line(title) is not None:
            continue
        again = match_date_line(second)
        if again is not None and again.date == opened.date and title.strip():
            return True
    return False


def missing_credit_message(start: int) -> str:
    """The ``missing-credit`` message for the episode that starts at line ``start``."""
    return f"the episode that starts at line {start} has no {CREDIT_MARKER!r} line"


def stray_text(reporter: Reporter, line: int, column: int = 1, *, kept_in: str = EPISODE) -> None:
    """Report text that belongs to no episode's text, kept in ``kept_in`` description."""
    reporter.report(
        "stray-text",
        f"text after an author credit or before the first episode was kept in {kept_in} "
        "description",
        line,
        column,
    )


def episode_end(
    reporter: Reporter,
    *,
    credited: bool,
    strays: bool,
    cut: bool,
    start: int,
    line: int,
    column: int = 1,
    truncated: str = "truncated",
) -> bool:
    """Decide what an episode's end says, report it, and whether its stray text is kept.

    ``credited``: the episode's text closed with a credit; ``strays``: text
    follows the credit; ``cut``: the input is known to end inside this
    episode (so what follows its credit is the start of one that was cut
    off, not stray text).  ``start`` is the episode's first line; ``line``
    and ``column`` locate the defect: the first stray text after a credit,
    else the episode's last text.  ``truncated`` is the reader's code for a
    cut input.  Returns whether the stray text belongs in the description.
    """
    if credited:
        if not strays:
            return False
        if cut:
            reporter.report(truncated, TRUNCATED_MESSAGE, line, column)
            return False
        stray_text(reporter, line, column)
        return True
    if cut:
        reporter.report(truncated, TRUNCATED_MESSAGE, line, column)
    else:
        reporter.report("missing-credit", missing_credit_message(start), line, column)
    return True


def date_mismatch(
    reporter: Reporter,
    first: dt.date | None,
    first_text: str,
    other: dt.date | None,
    other_text: str,
    *,
    line: int,
    column: int = 1,
) -> bool:
    """Report an episode's later date line that gives another day than its first one.

    The first is kept.  Returns whether the dates differ.
    """
    if other == first:
        return False
    reporter.report(
        "date-mismatch",
        f"date {other_text!r} differs from the episode's first date {first_text!r}; "
        "the first is kept",
        line,
        column,
    )
    return True
