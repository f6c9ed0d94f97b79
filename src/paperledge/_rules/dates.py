"""Dates in the forms the show's sources write them: one parser and one writer for each.

* the site's date lines, ``Thursday Oct 02, 2025`` (text dumps and HTML
  pages): :func:`match_date_line`, :func:`format_date_line`;
* RFC 822 moments, ``Thu, 02 Oct 2025 09:00:00 -0400`` (the feed):
  :func:`parse_rfc822`, :func:`format_rfc822`;
* ISO 8601 days of a date or timestamp (``<time datetime>``, JSON-LD):
  :func:`iso_date`;
* RFC 3339 moments, ``2025-10-02T09:00:00.5Z`` (CSV, what
  :meth:`datetime.isoformat` writes): :func:`parse_rfc3339`.

One table of month names serves them all.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

__all__ = [
    "DateLine",
    "format_date_line",
    "format_rfc822",
    "iso_date",
    "match_date_line",
    "parse_iso_day",
    "parse_rfc822",
    "parse_rfc3339",
]

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_ABBREVIATIONS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)

#: The date line the text writer uses for an episode whose date is unknown.
UNKNOWN_DATE = "Unknown date"

_WEEKDAYS: dict[str, int] = {}
for _number, _name in enumerate(WEEKDAY_NAMES):
    _WEEKDAYS[_name.lower()] = _number
    _WEEKDAYS[_name[:3].lower()] = _number
_WEEKDAYS.update({"tues": 1, "wednes": 2, "thur": 3, "thurs": 3})

_MONTHS: dict[str, int] = {}
for _number, _name in enumerate(
    (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    start=1,
):
    _MONTHS[_name.lower()] = _number
    _MONTHS[_name[:3].lower()] = _number
_MONTHS["sept"] = 9

# One regex for every spelling seen or plausible: weekday optional, full or
# abbreviated names, ordinal suffixes, an optional comma, any whitespace
# (NBSP and tabs included: ``\s`` matches them in str patterns).  Every part
# is a run of one character class followed by a different class, so the
# match is linear in the line's length.
_DATE_LINE = re.compile(
    r"\s*(?:(?P<weekday>[A-Za-z]+)\.?,?\s+)?"
    r"(?P<month>[A-Za-z]+)\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\s*"
)

# Longer lines are text, never a date line (the longest spelling read,
# "Wednesday, September 30th, 2025", is half as long): they are not read.
MAX_DATE_LINE = 64


class DateLine(NamedTuple):
    """A line recognised as a date line.

    ``date`` is ``None`` when the day does not exist (``Feb 30``).  ``problem``
    names what is unusual about the line, or is ``None`` for the canonical
    spelling; ``column`` locates the problem (1-based).  A named tuple: one
    is made for every new date line a reader meets, and a tuple is made in
    a fraction of what a frozen class's checked ``__init__`` costs.
    """

    date: dt.date | None
    problem: str | None = None
    message: str = ""
    column: int = 1


_UNKNOWN = DateLine(None)


def format_date_line(date: dt.date | None) -> str:
    """The canonical date line: ``Thursday Oct 02, 2025``."""
    if date is None:
        return UNKNOWN_DATE
    return (
        f"{WEEKDAY_NAMES[date.weekday()]} {MONTH_ABBREVIATIONS[date.month - 1]} "
        f"{date.day:02d}, {date.year:04d}"
    )


# A page repeats its few dates dozens of times: remember the lines already
# read.  Bounded; cleared whole when full.
_SEEN: dict[str, DateLine] = {}
_SEEN_SIZE = 4096


def match_date_line(line: str) -> DateLine | None:
    """Read ``line`` as a date line, or return ``None`` when it is not one."""
    if len(line) > MAX_DATE_LINE or not line:
        return None
    seen = _SEEN.get(line)
    if seen is not None:
        return seen
    result = _match_date_line(line)
    if result is not None:
        if len(_SEEN) >= _SEEN_SIZE:
            _SEEN.clear()
        _SEEN[line] = result
    return result


def _match_date_line(line: str) -> DateLine | None:
    if line == UNKNOWN_DATE:
        return _UNKNOWN
    match = _DATE_LINE.fullmatch(line)
    if match is None:
        return None
    weekday_text, month_text, day_text, year_text = match.groups()
    month = _MONTHS.get(month_text.lower())
    if month is None:
        return None
    weekday = None
    if weekday_text is not None:
        weekday = _WEEKDAYS.get(weekday_text.lower())
        if weekday is None:
            return None
    try:
        date = dt.date(int(year_text), month, int(day_text))
    except ValueError:
        return DateLine(
            None,
            "date-invalid",
            f"{line.strip()!r} names a day that does not exist",
            match.start("day") + 1,
        )
    if weekday is not None and weekday != date.weekday():
        return DateLine(
            date,
            "weekday-mismatch",
            f"{line.strip()!r}: {date.isoformat()} is a {WEEKDAY_NAMES[date.weekday()]}",
            match.start("weekday") + 1,
        )
    canonical = format_date_line(date)
    if line != canonical:
        column = next(
            (i for i, (a, b) in enumerate(zip(line, canonical, strict=False)) if a != b),
            min(len(line), len(canonical)),
        )
        return DateLine(
            date,
            "date-format",
            f"date line {line!r} is not written as {canonical!r}",
            column + 1,
        )
    return DateLine(date)


# -- RFC 822 ---------------------------------------------------------------------

# The weekday is not checked against the date, and may be in any language
# (letters of any script).  One way to read the spaces around its comma
# ("\s*(?:,\s*)?", not "\s*,?\s*"): a long run of spaces is then linear.
_RFC822 = re.compile(
    r"\s*(?:[^\W\d_]{2,9}\.?\s*(?:,\s*)?)?(\d{1,2})\s+([A-Za-z]{3,9})\.?\s+(\d{4}|\d{2})"
    r"\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{2}:?\d{2}|[A-Za-z]{1,5})?\s*"
)
_ZONES = {
    "ut": 0,
    "utc": 0,
    "gmt": 0,
    "z": 0,
    "est": -5,
    "edt": -4,
    "cst": -6,
    "cdt": -5,
    "mst": -7,
    "mdt": -6,
    "pst": -8,
    "pdt": -7,
}
_UTC = dt.timezone.utc


def parse_rfc822(text: str) -> tuple[dt.datetime, bool] | None:
    """Read an RFC 822 date: ``(moment, zone_known)``, or ``None`` if it is not one.

    ``zone_known`` is false for ``-0000``, RFC 5322's "no zone information",
    and for a missing or unknown zone (both read as UTC).
    """
    match = _RFC822.fullmatch(text)
    if match is None:
        return None
    day, month_name, year_text, hour, minute, second, zone = match.groups()
    month = _MONTHS.get(month_name[:3].lower())
    if month is None:
        return None
    year = int(year_text)
    if len(year_text) == 2:
        year += 2000 if year < 50 else 1900
    known = True
    if zone is None:
        offset, known = 0, False
    elif zone[0] in "+-":
        digits = zone[1:].replace(":", "")
        minutes = int(digits[:2]) * 60 + int(digits[2:])
        offset_minutes = -minutes if zone[0] == "-" else minutes
        if zone in {"-0000", "-00:00"}:
            known = False
        offset = offset_minutes
    else:
        hours = _ZONES.get(zone.lower())
        if hours is None:
            offset, known = 0, False
        else:
            offset = hours * 60
    try:
        tz = _UTC if offset == 0 else dt.timezone(dt.timedelta(0, offset * 60))
        moment = dt.datetime(
            year, month, int(day), int(hour), int(minute), int(second or 0), tzinfo=tz
        )
    except ValueError:
        return None
    return moment, known


def format_rfc822(moment: dt.datetime) -> str:
    """An RFC 822 date (``Thu, 02 Oct 2025 09:00:00 -0400``); a naive moment gets zone ``-0000``.

    Written out rather than with ``strftime("%a ... %b")``, whose names
    follow the locale: RFC 822's are English.
    """
    zone = "-0000" if moment.tzinfo is None else moment.strftime("%z")
    return (
        f"{WEEKDAY_NAMES[moment.weekday()][:3]}, {moment.day:02d} "
        f"{MONTH_ABBREVIATIONS[moment.month - 1]} {moment.year:04d} "
        f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d} {zone}"
    )


# -- ISO 8601 --------------------------------------------------------------------


# The calendar day as RFC 3339 and paperledge write it.  Not date.fromisoformat
# alone: from Python 3.11 it also takes 20251002 and week dates (2025-W40-4),
# which 3.10 refuses; every version reads the same days here.
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)


def parse_iso_day(text: str) -> dt.date:
    """Read a calendar day written ``YYYY-MM-DD``; ``ValueError`` for anything else."""
    match = _ISO_DAY.fullmatch(text)
    if match is None:
        raise ValueError(f"not a day written YYYY-MM-DD: {text!r}")
    return dt.date(int(match[1]), int(match[2]), int(match[3]))


def iso_date(value: object) -> dt.date | None:
    """The day of an ISO 8601 date or timestamp (``2025-10-02T08:00:00Z``)."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return parse_iso_day(value.strip()[:10])
    except ValueError:
        return None


# -- RFC 3339 --------------------------------------------------------------------

# RFC 3339's date-time (any length of fraction, ``T``, ``t`` or a space between
# the day and the time, ``Z``, ``z`` or a numeric offset), and what
# datetime.isoformat writes beyond it: no offset (a naive moment), an offset
# with seconds and microseconds; and the time without its seconds (as
# spreadsheets save it).  Read here rather than by datetime.fromisoformat,
# which before Python 3.11 takes neither ``Z`` nor a fraction of other than 3
# or 6 digits.
_RFC3339 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?"
    r"(?:([Zz])|([+-])(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{6}))?)?)?",
    re.ASCII,
)


def parse_rfc3339(text: str) -> dt.datetime:
    """Read an RFC 3339 moment (``2025-10-02T09:00:00.5Z``, ``...+02:00``).

    Also reads every moment :meth:`datetime.isoformat` writes (with no offset,
    a naive moment; an offset with seconds), and a time without its seconds
    (``2025-10-02 09:00``).  A fraction finer than a microsecond is cut to
    microseconds.  The same on every Python version.
    Raises :class:`ValueError` for anything else, or a moment that does not
    exist (``2025-02-30``, a leap second).
    """
    match = _RFC3339.fullmatch(text)
    if match is None:
        raise ValueError(f"not an RFC 3339 date-time: {text!r}")
    year, month, day, hour, minute, second, fraction, zulu, sign, *offset = match.groups()
    offset_hours, offset_minutes, offset_seconds, offset_micros = offset
    micros = int(fraction[:6].ljust(6, "0")) if fraction else 0
    try:
        tz: dt.tzinfo | None = None
        if zulu is not None:
            tz = _UTC
        elif sign is not None:
            if int(offset_minutes) > 59 or int(offset_seconds or 0) > 59:
                raise ValueError("the offset's minutes or seconds are over 59")
            delta = dt.timedelta(
                hours=int(offset_hours),
                minutes=int(offset_minutes),
                seconds=int(offset_seconds or 0),
                microseconds=int(offset_micros or 0),
            )
            tz = dt.timezone(-delta if sign == "-" else delta) if delta else _UTC
        fields = (int(year), int(month), int(day), int(hour), int(minute), int(second or 0))
        return dt.datetime(*fields, micros, tzinfo=tz)
    except ValueError as error:
        raise ValueError(f"not a moment: {text!r} ({error})") from None
