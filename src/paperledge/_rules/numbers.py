"""Whole numbers written in a source: byte counts, page numbers, JSON integers.

Every number paperledge keeps fits a signed 64-bit integer, so that every
archive format (SQLite, Parquet, pandas' ``Int64``) stores it as it is.  A
source can write a number of any length, and Python refuses to convert a
string of more than 4,300 digits (``ValueError``, by default); the rule here
looks at the length first, so reading a number never raises.
"""

from __future__ import annotations

import re

__all__ = ["MAX_WHOLE", "TooLong", "bounded_int", "where_too_long", "whole_number"]

#: The largest number paperledge keeps (a signed 64-bit integer).
MAX_WHOLE = 2**63 - 1

# No number of more digits than MAX_WHOLE has can fit; checked before int().
_MAX_DIGITS = len(str(MAX_WHOLE))


def whole_number(text: str) -> int | None:
    """``text`` (ASCII digits only) as an int, or ``None`` if it is not one or is too large.

    >>> whole_number("372"), whole_number("3.5"), whole_number("9" * 5000)
    (372, None, None)
    """
    if not (text.isdigit() and text.isascii()):
        return None
    digits = text.lstrip("0") or "0"
    if len(digits) > _MAX_DIGITS:
        return None
    value = int(digits)
    return value if value <= MAX_WHOLE else None


class TooLong(ValueError):
    """A JSON document holds an integer too long to convert (see :func:`bounded_int`)."""

    def __init__(self, digits: int) -> None:
        super().__init__(f"a number of {digits:,} digits is too long")
        self.digits = digits


def bounded_int(text: str) -> int:
    """``json.loads``' ``parse_int``: an integer, or :class:`TooLong` past 4,300 digits.

    Kept numbers are checked against :data:`MAX_WHOLE` where they are kept;
    this only stops the conversion that would raise a plain ``ValueError``
    (and take time growing with the square of the length).
    """
    if len(text) > 4300:
        raise TooLong(len(text.lstrip("-")))
    return int(text)


# Tried only where a run of digits starts: from inside a run each try would
# count 4,301 digits again.
_TOO_LONG = re.compile(r"(?<![0-9])[0-9]{4301}")


def where_too_long(text: str) -> tuple[int, int]:
    """Line and column (from 1) of the first number in ``text`` :func:`bounded_int` refuses."""
    match = _TOO_LONG.search(text)
    start = match.start() if match else 0
    line_start = text.rfind("\n", 0, start) + 1
    return text.count("\n", 0, start) + 1, start - line_start + 1
