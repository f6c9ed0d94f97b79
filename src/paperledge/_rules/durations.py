"""Durations, in the three forms the show's sources write them.

One parser and one writer for each form:

* a clock, as ``itunes:duration`` has it: whole or fractional seconds
  (``372``, ``372.5``), ``MM:SS`` or ``H:MM:SS`` (:func:`parse_clock`,
  :func:`format_clock`);
* ISO 8601, as JSON and schema.org have it: ``PT1H2M3S``, ``P1DT5S``
  (:func:`parse_iso_duration`, :func:`format_iso_duration`);
* a number of seconds, as the CSV column has it: ``372.5``
  (:func:`parse_seconds`, :func:`format_seconds`).

:func:`read_duration` reads a value from page metadata, which may be any of them.
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = [
    "format_clock",
    "format_iso_duration",
    "format_seconds",
    "parse_clock",
    "parse_iso_duration",
    "parse_seconds",
    "read_duration",
]

#: No episode runs longer: a clock reading past this is not a duration.
MAX_SECONDS = 10 * 365 * 86400

_ISO_DURATION = re.compile(
    r"P(?:(?P<days>\d+)D)?(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?"
    r"(?:(?P<seconds>\d+)(?:\.(?P<fraction>\d{1,6}))?S)?)?"
)


def parse_clock(text: str, *, lenient: bool = False) -> dt.timedelta | None:
    """``372``, ``372.5``, ``06:12`` or ``1:02:03`` as a timedelta; ``None`` if invalid.

    ``lenient`` takes minutes and seconds past 59 at their worth, as podcast
    apps read a feed's ``itunes:duration`` (``00:60:05`` is an hour and five
    seconds).

    >>> parse_clock("1:02:03")
    datetime.timedelta(seconds=3723)
    >>> parse_clock("1:75") is None  # not a clock reading
    True
    >>> parse_clock("00:60:05", lenient=True)
    datetime.timedelta(seconds=3605)
    """
    text = text.strip()
    if not text:
        return None
    parts = text.split(":")
    if len(parts) > 3:
        return None
    total = 0.0
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        if not part.isdigit() or not part.isascii():
            # Only the seconds may carry a fraction.
            whole, dot, fraction = part.partition(".")
            if not (last and dot and whole.isdigit() and fraction.isdigit() and whole.isascii()):
                return None
            if not fraction.isascii():
                return None
        if len(part) > 20:
            return None
        value = float(part)
        if index and value >= 60 and not lenient:
            # ``1:75`` is not a clock reading.
            return None
        total = total * 60 + value
    if total > MAX_SECONDS:
        return None
    return dt.timedelta(seconds=total)


def format_clock(duration: dt.timedelta) -> str:
    """``H:MM:SS`` in whole seconds (hours may exceed 24).

    >>> format_clock(dt.timedelta(minutes=6, seconds=12))
    '0:06:12'
    """
    seconds = duration.days * 86400 + duration.seconds
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}"


def format_iso_duration(value: dt.timedelta) -> str:
    """An ISO 8601 duration, exact to the microsecond: ``PT1H2M3S``, ``P1DT5S``."""
    hours, rest = divmod(value.seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    date_part = f"{value.days}D" if value.days else ""
    time_part = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    if value.microseconds:
        time_part += f"{seconds}.{value.microseconds:06d}".rstrip("0") + "S"
    elif seconds or not (date_part or time_part):
        time_part += f"{seconds}S"
    return f"P{date_part}T{time_part}" if time_part else f"P{date_part}"


def parse_iso_duration(text: str) -> dt.timedelta:
    """Read an ISO 8601 duration (days, hours, minutes, seconds); ValueError if it is not one."""
    match = _ISO_DURATION.fullmatch(text)
    if match is None or text in ("P", "PT") or text.endswith("T"):
        raise ValueError(f"not an ISO 8601 duration: {text[:40]!r}")
    fraction = match["fraction"] or ""
    try:
        return dt.timedelta(
            days=int(match["days"] or 0),
            hours=int(match["hours"] or 0),
            minutes=int(match["minutes"] or 0),
            seconds=int(match["seconds"] or 0),
            microseconds=int(fraction.ljust(6, "0")) if fraction else 0,
        )
    except OverflowError:
        raise ValueError(f"ISO 8601 duration too long for Python: {text[:20]!r}...") from None


def format_seconds(value: dt.timedelta) -> str:
    """A number of seconds, exact to the microsecond, without going through a float."""
    micro = (value.days * 86_400 + value.seconds) * 1_000_000 + value.microseconds
    whole, fraction = divmod(micro, 1_000_000)
    if not fraction:
        return str(whole)
    return f"{whole}.{fraction:06d}".rstrip("0")


def parse_seconds(text: str) -> dt.timedelta:
    """Read a number of seconds (``372.5``, at most six decimals); ValueError if it is not one."""
    whole, _, fraction = text.partition(".")
    if (
        not (whole.isdigit() and whole.isascii())
        or (fraction and not (fraction.isdigit() and fraction.isascii()))
        or len(fraction) > 6
    ):
        raise ValueError(f"not a number of seconds: {text[:40]!r}")
    try:
        if len(whole) > 20:
            raise OverflowError
        return dt.timedelta(seconds=int(whole), microseconds=int(fraction.ljust(6, "0") or 0))
    except OverflowError:
        raise ValueError(f"too many seconds: {text[:20]!r}...") from None


def read_duration(value: object) -> dt.timedelta | None:
    """A duration from page metadata, in any of the forms, or ``None``.

    A number is seconds; a string is ISO 8601 (in any case) or a clock.  A
    number of seconds, alone, is believed below ten million (a page's
    counter or an id is no duration).
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return dt.timedelta(seconds=value) if 0 <= value < _MAX_METADATA_SECONDS else None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text[:1] in ("P", "p"):
        try:
            return parse_iso_duration(text.upper())
        except ValueError:
            return None
    if text.isdigit() and len(text) >= len(str(_MAX_METADATA_SECONDS)):
        return None
    return parse_clock(text)


_MAX_METADATA_SECONDS = 10**7
