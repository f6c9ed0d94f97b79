"""paperledge's own JSON: lossless, versioned, described by a JSON Schema.

The document is an object with ``format: "paperledge.show"``, a schema
``version``, the show's fields and its ``episodes``.  Dates are ISO 8601
(``2025-10-02``), moments ISO 8601 with their offset, durations ISO 8601
durations (``PT6M12S``).  Every key is always written, ``null`` when the
value is unknown, in a fixed order, so documents diff cleanly.

``category`` and ``paper_title`` are written for readers' convenience; they
are derived from ``title`` and ignored when a document is read.

(Un)structuring goes through a cattrs converter with strict hooks, so a
document of the wrong shape is reported with the JSON path of each problem.
"""

from __future__ import annotations

import datetime as dt
import json
import typing
from collections.abc import Callable, Mapping
from importlib import resources
from typing import Any

import attrs
import cattrs
from cattrs.cols import list_structure_factory
from cattrs.v import format_exception

from .._diagnostics import Diagnostic, ParseError, Reporter
from .._limits import Limits, episode_limit_reached, resolve
from .._model import Episode, Show
from .._rules.dates import parse_iso_day, parse_rfc3339
from .._rules.durations import format_iso_duration, parse_iso_duration
from .._rules.json_text import json_value
from .._rules.numbers import TooLong, where_too_long
from .base import Format

__all__ = [
    "FORMAT_NAME",
    "SCHEMA_VERSION",
    "episode_from_dict",
    "episode_to_dict",
    "parse_json",
    "schema",
    "structure",
    "unstructure",
    "write_json",
]

FORMAT_NAME = "paperledge.show"
#: Bumped when a document of the new version would not read in an older
#: paperledge.  Readers accept every version up to their own.
SCHEMA_VERSION = 4


def _strict(kind: type) -> Any:
    def structure(value: object, _type: object) -> object:
        if type(value) is not kind:
            raise TypeError(f"expected {kind.__name__}, got {type(value).__name__}")
        return value

    return structure


_NOT_AN_ARRAY = "expected an array"
# What JSON calls the values json.loads gives.
_JSON_TYPES = {
    str: "a string",
    dict: "an object",
    int: "a number",
    float: "a number",
    bool: "true or false",
    type(None): "null",
}


def _is_array(kind: Any) -> bool:
    """Whether ``kind`` is what JSON writes as an array: a list or a tuple of any length."""
    origin = typing.get_origin(kind)
    if origin is list:
        return True
    arguments = typing.get_args(kind)
    return origin is tuple and len(arguments) == 2 and arguments[1] is Ellipsis


def _arrays_only(converter: cattrs.Converter) -> Callable[[Any], Any]:
    """Structure hooks that take a JSON array only: a string or an object is
    iterable too, and would become a list of its letters or keys."""

    def factory(kind: Any) -> Any:
        # A type built at run time: to mypy, any value.
        as_list: Any = list.__class_getitem__(typing.get_args(kind)[0])
        items = list_structure_factory(as_list, converter)
        tuples = typing.get_origin(kind) is tuple

        def structure(value: object, _type: object) -> object:
            if not isinstance(value, list):
                got = _JSON_TYPES.get(type(value), type(value).__name__)
                raise TypeError(f"{_NOT_AN_ARRAY}, got {got}")
            structured = items(value, as_list)
            return tuple(structured) if tuples else structured

        return structure

    return factory


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True)
    for kind in (str, int, bool):
        converter.register_structure_hook(kind, _strict(kind))

    def number_from(value: object, _type: object) -> float:
        # JSON writes 1.0 as 1; a string or a bool is no number.
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError(f"expected a number, got {type(value).__name__}")
        return float(value)

    converter.register_structure_hook(float, number_from)
    converter.register_structure_hook_factory(_is_array, _arrays_only(converter))

    def date_from(value: object, _type: object) -> dt.date:
        if not isinstance(value, str):
            raise TypeError("expected an ISO 8601 date string")
        return parse_iso_day(value)

    def datetime_from(value: object, _type: object) -> dt.datetime:
        if not isinstance(value, str):
            raise TypeError("expected an ISO 8601 date-time string")
        return parse_rfc3339(value)

    def duration_from(value: object, _type: object) -> dt.timedelta:
        if not isinstance(value, str):
            raise TypeError("expected an ISO 8601 duration string")
        return parse_iso_duration(value)

    converter.register_unstructure_hook(dt.datetime, lambda v: v.isoformat())
    converter.register_unstructure_hook(dt.date, lambda v: v.isoformat())
    converter.register_unstructure_hook(dt.timedelta, format_iso_duration)
    converter.register_structure_hook(dt.datetime, datetime_from)
    converter.register_structure_hook(dt.date, date_from)
    converter.register_structure_hook(dt.timedelta, duration_from)
    return converter


_CONVERTER = _make_converter()


def unstructure(value: Any) -> Any:
    """``value`` (model values, tuples of them) as JSON-ready lists and dicts."""
    return _CONVERTER.unstructure(value)


def structure(value: Any, kind: Any) -> Any:
    """``value`` (parsed JSON) as ``kind``; cattrs' errors if it is not one."""
    return _CONVERTER.structure(value, kind)


_DERIVED = ("category", "paper_title")


def episode_to_dict(episode: Episode) -> dict[str, Any]:
    """An episode as the JSON schema lays it out (derived fields included)."""
    raw: dict[str, Any] = _CONVERTER.unstructure(episode)
    out: dict[str, Any] = {}
    for key, value in raw.items():
        out[key] = value
        if key == "title":
            out["category"] = episode.category
            out["paper_title"] = episode.paper_title
    return out


def _problem(error: BaseException, expected: type | None) -> str:
    # A model validator's own words say what is wrong with the value.
    if isinstance(error, ValueError) and expected is None and str(error):
        return f"invalid value ({error})"
    if isinstance(error, TypeError) and str(error).startswith(_NOT_AN_ARRAY):
        return f"invalid type ({error})"
    return format_exception(error, expected)


def _validation_error(error: Exception, where: str) -> ParseError:
    if isinstance(error, cattrs.BaseValidationError):
        problems = cattrs.transform_error(error, path=where, format_exception=_problem)
        detail = "; ".join(problems[:5])
        if len(problems) > 5:
            detail += f"; and {len(problems) - 5} more"
    else:
        detail = f"{error} @ {where}"
    return ParseError(f"not a paperledge show: {detail}", code="json-schema", line=1)


def episode_from_dict(data: Mapping[str, Any], *, where: str = "$") -> Episode:
    """Build an episode from its JSON object; :class:`ParseError` if it is not one."""
    if not isinstance(data, Mapping):
        raise ParseError(
            f"not a paperledge episode: expected an object @ {where}",
            code="json-schema",
            line=1,
        )
    fields = {key: value for key, value in data.items() if key not in _DERIVED}
    try:
        return _CONVERTER.structure(fields, Episode)
    except (cattrs.BaseValidationError, ValueError, TypeError) as error:
        raise _validation_error(error, where) from None


def write_json(show: Show) -> str:
    """The show as a paperledge JSON document (UTF-8 text, 2-space indent)."""
    document: dict[str, Any] = {"format": FORMAT_NAME, "version": SCHEMA_VERSION}
    raw = _CONVERTER.unstructure(show)
    for key, value in raw.items():
        document[key] = (
            [episode_to_dict(episode) for episode in show.episodes] if key == "episodes" else value
        )
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _text(data: str | bytes) -> str:
    if isinstance(data, bytes):
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            raise ParseError(
                f"JSON must be UTF-8; byte 0x{data[error.start]:02x} is not",
                code="json-syntax",
                line=line,
            ) from None
    return data[1:] if data.startswith("\ufeff") else data


def loads_json_value(data: str | bytes, reporter: Reporter) -> Any:
    """The JSON value of ``data``, read by :func:`json_value`; only :class:`ParseError` raised."""
    text = _text(data)
    try:
        return json_value(text, reporter)
    except TooLong as error:
        line, column = where_too_long(text)
        raise ParseError(
            f"invalid JSON: {error}", code="json-syntax", line=line, column=column
        ) from None
    except json.JSONDecodeError as error:
        raise ParseError(
            f"invalid JSON: {error.msg}", code="json-syntax", line=error.lineno, column=error.colno
        ) from None
    except RecursionError:
        raise ParseError("invalid JSON: nested too deeply", code="json-syntax", line=1) from None


def parse_json(data: str | bytes, *, strict: bool = False, limits: Limits | None = None) -> Show:
    """Read a paperledge JSON document.

    The format is paperledge's own, so it is always read exactly: a document
    that is not a paperledge show raises :class:`ParseError` in either mode,
    and so does a document larger than ``limits.max_input_bytes`` (half a
    JSON document is not one).  Past ``limits.max_episodes`` episodes,
    tolerant mode keeps the first ones and reports ``too-large``; strict
    mode raises.
    """
    limit = resolve(limits).max_input_bytes
    if len(data) > limit:
        unit = "bytes" if isinstance(data, bytes) else "characters"
        raise ParseError(
            f"the document is larger than the limit of {limit:,} {unit} "
            "(Limits.max_input_bytes). Raise the limit with "
            "limits=paperledge.Limits(max_input_bytes=...)",
            code="too-large",
            line=1,
        )
    reporter = Reporter(strict=strict)
    document = loads_json_value(data, reporter)
    if not isinstance(document, dict):
        raise ParseError(
            "not a paperledge show: the document is not a JSON object",
            code="json-schema",
            line=1,
        )
    if document.get("format") != FORMAT_NAME:
        raise ParseError(
            f"not a paperledge show: 'format' is {document.get('format')!r}, "
            f"expected {FORMAT_NAME!r}",
            code="json-schema",
            line=1,
        )
    version = document.get("version")
    if type(version) is not int or not 1 <= version <= SCHEMA_VERSION:
        raise ParseError(
            f"unsupported paperledge JSON version {version!r} (this paperledge reads "
            f"versions 1 to {SCHEMA_VERSION})",
            code="json-schema",
            line=1,
        )
    fields = {key: value for key, value in document.items() if key not in ("format", "version")}
    episodes = fields.setdefault("episodes", [])
    if not isinstance(episodes, list):
        raise ParseError(
            "not a paperledge show: 'episodes' must be an array @ $.episodes",
            code="json-schema",
            line=1,
        )
    maximum = resolve(limits).max_episodes
    if len(episodes) > maximum:
        episode_limit_reached(maximum, limits, reporter, 1)
        episodes = episodes[:maximum]
    episodes_read = [
        episode_from_dict(item, where=f"$.episodes[{index}]")
        for index, item in enumerate(episodes)
    ]
    try:
        diagnostics = _CONVERTER.structure(fields.pop("diagnostics", []), list[Diagnostic])
        diagnostics.extend(reporter.diagnostics)
        del fields["episodes"]
        show = _CONVERTER.structure(fields, Show)
    except (cattrs.BaseValidationError, ValueError, TypeError) as error:
        raise _validation_error(error, "$") from None
    return attrs.evolve(show, episodes=episodes_read, diagnostics=diagnostics)


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of paperledge JSON documents."""
    text = resources.files("paperledge").joinpath("schema/show.schema.json").read_text("utf-8")
    result: dict[str, Any] = json.loads(text)
    return result


def _sniff(head: str) -> bool:
    return head.startswith("{") and FORMAT_NAME in head[:200]


#: The format's entry in the table of formats (paperledge._api.formats).
FORMAT = Format(
    name="json",
    description="paperledge's lossless JSON (a published JSON Schema)",
    extensions=(".json",),
    media_type="application/json",
    reader=parse_json,
    writer=write_json,
    sniffer=_sniff,
)
