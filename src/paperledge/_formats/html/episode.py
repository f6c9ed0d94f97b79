"""One episode from its lines of visible text: the episode grammar applied to a page.

An episode's lines open with its date lines and its title, in any order and
among the page's chrome, then hold its text up to the author credit.  What
the text-dump reader decides at an episode's end and of its dates comes from
:mod:`paperledge._rules.grammar`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

import attrs

from ..._diagnostics import Reporter
from ..._model import Author, Episode
from ..._rules.credits import CREDIT_MARKER, parse_authors, split_credit
from ..._rules.dates import DateLine, iso_date, match_date_line
from ..._rules.grammar import date_mismatch, episode_end
from ..._rules.names import normalize_name
from ..._rules.urls import resolve
from .furniture import duration_line, is_footer
from .lines import HEAD, LINK, SEP, TIME, is_ui_line, plain
from .locate import Locator

__all__ = ["Context", "read_episode"]

_MARKER_LENGTH = len(CREDIT_MARKER)
_DATE_IN_LINE = re.compile(
    r"(?:[A-Za-z]+\.?,?\s+)?[A-Za-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
)
_LINK_LABEL = re.compile(f"{LINK}([^{SEP}]*){SEP}")
_TIME_LABEL = re.compile(f"{TIME}([^{SEP}]*){SEP}")


@attrs.define
class Context:
    reporter: Reporter
    locator: Locator
    base: str | None
    truncated: bool
    credits: _CreditReporter = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self.credits = _CreditReporter(self)


class _CreditReporter(Reporter):
    """Locates an author-list defect in the source only when there is one.

    ``parse_authors`` reports columns from the start of the list; finding the
    credit in the source for every episode would cost more than reading it.
    """

    def __init__(self, ctx: Context) -> None:
        super().__init__(strict=ctx.reporter.strict)
        self._ctx = ctx

    def report(self, code: str, message: str, line: int, column: int = 1) -> None:
        # ``line`` is where the episode starts: the credit is the first after it.
        locator = self._ctx.locator
        found = locator.place(line, CREDIT_MARKER, body=True)
        if found is None:
            # No credit marker in the source as written: where the episode is.
            self._ctx.reporter.report(code, message, *locator.fallback(line))
            return
        where, start = found
        self._ctx.reporter.report(code, message, where, start + _MARKER_LENGTH + column - 1)


# No line longer than this (stripped) is read as a date or a meta line.
_LONGEST_OPENING = 200


class _Opening:
    """What one line at the top of an episode says: a date, a title, or neither."""

    __slots__ = ("date", "date_text", "heading", "is_date", "slug", "text", "time_date")

    def __init__(self, line: str) -> None:
        # Worked on in local names and stored once: this runs for every
        # line of every episode's opening.
        heading = line.startswith(HEAD)
        slug: str | None = None
        time_date: dt.date | None = None
        # A line holds no other marker than these (the block edges cut it).
        text = line
        if LINK in line:
            match = _LINK_LABEL.search(line)
            slug = match[1] if match else None
            text = plain(line)
        if TIME in line:
            match = _TIME_LABEL.search(line)
            time_date = iso_date(match[1]) if match else None
            text = plain(line)
        elif heading:
            text = plain(line)
        stripped = text.strip()
        date: DateLine | None = None
        date_text = stripped
        if len(stripped) <= 64:
            date = match_date_line(stripped) if stripped else None
        if (
            date is None
            and len(stripped) <= _LONGEST_OPENING
            and not heading
            and (" 20" in stripped or " 19" in stripped)
        ):
            # A meta line: "Posted on Thursday Oct 02, 2025 by Ernis".
            found = _DATE_IN_LINE.search(stripped)
            if found is not None:
                date = match_date_line(found[0])
                date_text = found[0]
        self.heading = heading
        self.slug = slug
        self.time_date = time_date
        self.text = text
        self.date = date
        self.date_text = date_text
        self.is_date = (
            date is not None and (date.date is not None or date.problem == "date-invalid")
        ) or (time_date is not None and len(stripped) <= _LONGEST_OPENING)


def read_episode(
    lines: Sequence[str],
    ctx: Context,
    *,
    href: str | None,
    page: bool,
    last: bool,
    start_line: int,
    expected: str | None = None,
    audio_url: str | None = None,
    image_url: str | None = None,
) -> Episode | None:
    """One episode from its lines: an opening of dates and a title, then the text.

    ``page`` is set for an episode's own page, whose lines also hold the
    page's chrome: lines before the opening and after the credit are not the
    episode's.  ``last``: the page's last episode (the one a cut page cuts).
    """
    opening = _read_opening(lines, ctx, page=page, start_line=start_line, expected=expected)
    if opening is None:
        return None
    index, published, title, duration = opening
    description, authors = _read_text(
        lines[index:], ctx, page=page, cut=last and ctx.truncated, start_line=start_line
    )
    # The link as the page writes it, made absolute against the page's address.
    url = resolve(ctx.base, href)
    return Episode(
        published=published,
        title=title,
        description="\n".join(description),
        authors=authors,
        url=url,
        audio_url=audio_url,
        duration=duration,
        image_url=image_url,
    )


def _read_opening(
    lines: Sequence[str], ctx: Context, *, page: bool, start_line: int, expected: str | None
) -> tuple[int, dt.date | None, str | None, dt.timedelta | None] | None:
    """The opening's dates, title and running time, in any order.

    Returns (index of the text, date, title, duration), or None when nothing
    opens an episode (an episode page's lines with no date and no title).
    """
    published: dt.date | None = None
    first_text = ""
    title: str | None = None
    duration: dt.timedelta | None = None
    started = not page
    index = 0
    count = len(lines)
    while index < count:
        info = _Opening(lines[index])
        if info.is_date:
            started = True
            index += 1
            day = _opening_date(info, ctx, start_line, published, first_text)
            if published is None:
                published, first_text = day, info.date_text
            continue
        text = info.text
        if not text or (not text.isspace() and len(text) < 40 and is_ui_line(text)):
            index += 1
            continue
        shown = duration_line(text) if started and duration is None else None
        if shown is not None:
            # The running time a theme shows under the date: not the text.
            duration = shown
            index += 1
            continue
        if title is None and (info.heading or (info.slug is not None and not page)):
            candidate = normalize_name(text) or None
            # On an episode page, the site's own heading is not the episode's
            # title: when the page's metadata names the title, wait for it.
            if expected is None or candidate == expected or started:
                title = candidate
                started = True
                index += 1
                continue
        if not started:
            index += 1
            continue
        break
    if not started:
        return None
    return index, published, title, duration


def _opening_date(
    info: _Opening, ctx: Context, start_line: int, published: dt.date | None, first_text: str
) -> dt.date | None:
    """The day a date line of the opening gives; its defects reported, located in the source."""
    date = info.date
    day = date.date if date is not None else None
    if day is None:
        day = info.time_date
    if date is not None and date.problem is not None and info.date_text != first_text:
        where, column = ctx.locator.find(start_line, info.date_text)
        ctx.reporter.report(date.problem, date.message, where, column + date.column - 1)
    # A line that gives no day (an invalid date) has been reported above.
    if published is not None and day is not None and day != published:
        where, column = ctx.locator.find(start_line, info.date_text)
        date_mismatch(
            ctx.reporter, published, first_text, day, info.date_text, line=where, column=column
        )
    return day


def _read_text(
    body: Sequence[str], ctx: Context, *, page: bool, cut: bool, start_line: int
) -> tuple[list[str], tuple[Author, ...]]:
    """The text up to the credit, and the authors: (the description's lines, authors).

    ``cut``: the page is cut short inside this episode.  The end of the
    episode (stray text, a missing credit, a cut page) is decided by the
    episode grammar (:func:`paperledge._rules.grammar.episode_end`).
    """
    locator = ctx.locator
    joined = "\n".join(body)
    texts: Sequence[str] = body
    if LINK in joined or TIME in joined or HEAD in joined:
        joined = plain(joined)
        texts = joined.split("\n")
    position = joined.find(CREDIT_MARKER)
    if position < 0:
        description = [t for t in texts if t and (len(t) >= 40 or not is_ui_line(t))]
        while description and description[-1].isspace():
            description.pop()
        last_text = description[-1] if description else ""
        where, column = locator.find_line(start_line, last_text) if last_text else (start_line, 1)
        episode_end(
            ctx.reporter,
            credited=False,
            strays=False,
            cut=cut,
            start=start_line,
            line=where,
            column=column,
            truncated="html-truncated",
        )
        return description, ()
    # Counted from the end: the credit closes the text, so few line breaks
    # follow it.
    credit_index = len(texts) - 1 - joined.count("\n", position)
    credit = split_credit(texts[credit_index])
    assert credit is not None  # the marker found above is on this line
    before_credit, names, _ = credit
    description = [t for t in texts[:credit_index] if len(t) >= 40 or (t and not is_ui_line(t))]
    if before_credit:
        description.append(before_credit)
    authors = parse_authors(names, ctx.credits, start_line, 1)
    strays = [
        t
        for t, marked in zip(texts[credit_index + 1 :], body[credit_index + 1 :], strict=True)
        if t and not t.isspace() and LINK not in marked and not is_ui_line(t) and not is_footer(t)
    ]
    # An episode page's lines after the credit are the page's chrome.
    if strays and not page:
        where, column = locator.find_line(start_line, strays[0])
        # On a cut page, the text after the last credit is the start of the
        # next episode, cut before its link: not this one's.
        if episode_end(
            ctx.reporter,
            credited=True,
            strays=True,
            cut=cut,
            start=start_line,
            line=where,
            column=column,
            truncated="html-truncated",
        ):
            description.extend(strays)
    return description, authors
