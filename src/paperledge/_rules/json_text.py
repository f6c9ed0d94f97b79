"""Reading a JSON value from text, as every JSON reader here does.

``json.loads`` with two of paperledge's rules added: an integer of more than
4,300 digits is refused with :class:`~paperledge._rules.numbers.TooLong`
(Python would raise a plain ``ValueError``), and a lone surrogate, written
raw in a ``str`` or escaped (``"\\ud83d"`` without its pair), is reported
and replaced with U+FFFD, as the other readers do (see
:func:`~paperledge._rules.decode.without_surrogates`).
"""

from __future__ import annotations

import json
import re
from typing import Any

from .._diagnostics import Reporter
from .decode import has_surrogate, without_surrogates
from .numbers import bounded_int

__all__ = ["json_value"]

# An escaped high surrogate not followed by a low one, or a low one not
# preceded by a high one: json.loads turns either into a lone surrogate.
_LONE_ESCAPE = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


def json_value(text: str, reporter: Reporter, *, lines_before: int = 0) -> Any:
    """The JSON value ``text`` holds, read by paperledge's rules (see the module).

    Raises what ``json.loads`` raises (``json.JSONDecodeError``,
    ``RecursionError``) and ``TooLong``; the caller locates them.
    """
    text = without_surrogates(text, reporter, lines_before=lines_before)
    value = json.loads(text, parse_int=bounded_int)
    if "\\u" in text:
        found = _LONE_ESCAPE.search(text)
        # An escaped backslash before "u" is no escape: look at what was read.
        if found is not None and _holds_surrogate(value):
            above = text[: found.start()]
            column = found.start() - (above.rfind("\n") + 1) + 1
            reporter.report(
                "undecodable",
                f"the JSON escape {found[0]} is a lone surrogate (half of a UTF-16 pair, "
                "which no encoding can write); each one was replaced with U+FFFD",
                lines_before + above.count("\n") + 1,
                column,
            )
            value = _replaced(value)
    return value


def _holds_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        return has_surrogate(value)
    if isinstance(value, dict):
        return any(_holds_surrogate(k) or _holds_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_surrogate(item) for item in value)
    return False


def _replaced(value: Any) -> Any:
    if isinstance(value, str):
        return without_surrogates(value, Reporter(), report=False)
    if isinstance(value, dict):
        return {_replaced(k): _replaced(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_replaced(item) for item in value]
    return value
