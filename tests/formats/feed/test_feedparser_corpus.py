"""feedparser's test feeds, read by paperledge and held to what feedparser expects of them.

The data in ``corpora/feedparser/`` is a selection from feedparser's own test
corpus (BSD-2-Clause, see the README there), in feedparser's folders.  Each
feed opens with a comment whose ``Expect:`` line is a Python expression over
feedparser's result, such as ``not bozo and entries[0]['title'] == 'Example'``.

:func:`translate` maps that expression onto paperledge's model, one
expectation at a time: each ``==`` (or ``is``) whose left side is a key with a
counterpart in ``_ENTRY_KEYS`` or ``_FEED_KEYS`` becomes one expected field
(``entries[0]['title']`` is ``episodes.0.title``), its value converted where
the two models write it differently (``_convert``); ``bozo`` becomes
``well_formed`` (no ``xml-syntax`` or ``encoding`` diagnostic).  Every other
expectation is left out and listed.  Beside each ``NAME.xml``, ``NAME.json``
holds that translation (written by it and checked by eye); a test checks that
it still is the translation of the feed's Expect line.

Where paperledge reads a field differently on purpose, ``NAME.differences.json``
says so field by field: what feedparser expects, what paperledge gives, and
why.  Both values are checked, so a difference that stops holding fails too.

After changing the tables, ``python tests/formats/feed/test_feedparser_corpus.py``
writes the ``NAME.json`` files again.
"""

from __future__ import annotations

import ast
import datetime as dt
import functools
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest

import paperledge
from paperledge import Enclosure, Episode, Show

FEEDPARSER = Path(__file__).parent / "corpora" / "feedparser"
CASES = sorted(
    p.relative_to(FEEDPARSER).with_suffix("").as_posix() for p in FEEDPARSER.rglob("*.xml")
)

# A feedparser key below entries[i] -> the Episode field it is ("#": any index).
_ENTRY_KEYS: dict[tuple[str | int, ...], str] = {
    ("title",): "title",
    ("title_detail", "value"): "title",
    ("link",): "url",
    ("id",): "guid",
    ("guid",): "guid",
    ("published_parsed",): "published_at",
    ("updated_parsed",): "published_at",
    ("description",): "description",
    ("summary",): "description",
    ("summary_detail", "value"): "description",
    ("content", 0, "value"): "description",
    # feedparser's author is who made the entry: a general feed's creators.
    ("author",): "creators.0",
    ("author_detail", "name"): "creators.0",
    ("authors", "#", "name"): "creators.#",
    ("enclosures", "#", "href"): "enclosures.#.url",
    ("enclosures", "#", "url"): "enclosures.#.url",
    ("enclosures", "#", "type"): "enclosures.#.type",
    ("enclosures", "#", "length"): "enclosures.#.length",
    ("itunes_duration",): "duration",
    ("itunes_explicit",): "explicit",
    ("image", "href"): "image_url",
    ("subtitle",): "subtitle",
}
# A feedparser key below feed -> the Show field it is.
_FEED_KEYS: dict[tuple[str | int, ...], str] = {
    ("title",): "title",
    ("title_detail", "value"): "title",
    ("link",): "url",
    ("description",): "description",
    ("subtitle",): "description",
    ("subtitle_detail", "value"): "description",
    ("tagline",): "description",
    ("language",): "language",
    ("image", "href"): "image_url",
    ("image", "url"): "image_url",
    ("logo",): "image_url",
    ("icon",): "image_url",
    ("tags", "#", "term"): "categories.#",
    ("category",): "categories.0",
    ("author",): "host",
    ("author_detail", "name"): "host",
    ("itunes_explicit",): "explicit",
}
# len(...) of a feedparser list -> the count paperledge's view gives.
_LENGTHS: dict[tuple[str | int, ...], str] = {
    ("entries",): "episodes",
    ("feed", "tags"): "len(categories)",
}
# The diagnostics that say the XML was not well-formed (feedparser's bozo).
_MALFORMED = frozenset({"xml-syntax", "encoding"})
_NO_EPISODE = "(no such episode)"


# -- the translation ---------------------------------------------------------


def translate(expect: str) -> tuple[dict[str, Any], list[str]]:
    """feedparser's Expect expression as paperledge's expected fields, and the
    expectations left out (as written)."""
    expected: dict[str, Any] = {}
    unmapped: list[str] = []
    for term in _terms(ast.parse(expect, mode="eval").body):
        _translate_term(term, expected, unmapped)
    return expected, unmapped


def _terms(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.And):
        return [term for value in node.values for term in _terms(value)]
    return [node]


def _translate_term(term: ast.expr, expected: dict[str, Any], unmapped: list[str]) -> None:
    if isinstance(term, ast.Constant) and term.value:
        return  # "Expect: 1": nothing but that it parses
    if isinstance(term, ast.Name) and term.id == "bozo":
        _expect(expected, unmapped, "well_formed", False, "bozo")
        return
    if isinstance(term, ast.UnaryOp) and isinstance(term.op, ast.Not):
        inner = term.operand
        if isinstance(inner, ast.Name) and inner.id == "bozo":
            _expect(expected, unmapped, "well_formed", True, "not bozo")
            return
        absent = _has_key(inner)
        key = None if absent is None else _key(absent)
        if key is not None:
            _expect(expected, unmapped, key, None, ast.unparse(term))
            return
    if isinstance(term, ast.Compare) and all(isinstance(op, (ast.Eq, ast.Is)) for op in term.ops):
        operands = [term.left, *term.comparators]
        literals = [_literal(operand) for operand in operands]
        values = [value for value in literals if value is not _NOT_LITERAL]
        if len(values) == 1:
            for operand, literal in zip(operands, literals, strict=True):
                if literal is _NOT_LITERAL:
                    for written, key, value in _comparisons(operand, values[0]):
                        if key is None:
                            unmapped.append(written)
                        else:
                            _expect(expected, unmapped, key, _convert(key, value), written)
            return
    unmapped.append(ast.unparse(term))


def _comparisons(operand: ast.expr, value: Any) -> list[tuple[str, str | None, Any]]:
    """``operand == value`` as (how it is written, paperledge's key, value) for
    each key it compares: a dict compares each of its keys."""
    written = ast.unparse(operand)
    path = _path(operand)
    if isinstance(value, dict) and value and path is not None:
        return [
            (f"{written}[{name!r}] == {item!r}", _key((*path, name)), item)
            for name, item in value.items()
        ]
    return [(f"{written} == {value!r}", _operand_key(operand), value)]


def _expect(
    expected: dict[str, Any], unmapped: list[str], key: str, value: Any, written: str
) -> None:
    # A field feedparser expects twice (the content and the summary, which are
    # one description in paperledge) keeps its first value; the other is left out.
    if key in expected and expected[key] != value:
        unmapped.append(written)
    else:
        expected[key] = value


class _NotLiteral:
    pass


_NOT_LITERAL = _NotLiteral()


def _literal(node: ast.expr) -> Any:
    try:
        return ast.literal_eval(node)
    except ValueError:
        return _NOT_LITERAL


def _name(node: ast.Constant) -> str | int:
    """A key or an index as written (``'title'``, ``0``)."""
    value = node.value
    return value if isinstance(value, (str, int)) else repr(value)


def _has_key(node: ast.expr) -> tuple[str | int, ...] | None:
    """The key ``X.has_key('k')`` asks about, as a path."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "has_key"
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Constant)
    ):
        parent = _path(node.func.value)
        return None if parent is None else (*parent, _name(node.args[0]))
    return None


def _path(node: ast.expr) -> tuple[str | int, ...] | None:
    """``entries[0]['title']``, ``entries[0].title``, ``feed.get('title')`` as a path."""
    if isinstance(node, ast.Name) and node.id in ("feed", "entries"):
        return (node.id,)
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
        parent = _path(node.value)
        return None if parent is None else (*parent, _name(node.slice))
    if isinstance(node, ast.Attribute):
        parent = _path(node.value)
        return None if parent is None else (*parent, node.attr)
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "get"
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Constant)
    ):
        parent = _path(node.func.value)
        return None if parent is None else (*parent, _name(node.args[0]))
    return None


def _operand_key(node: ast.expr) -> str | None:
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "len"
        and len(node.args) == 1
    ):
        path = _path(node.args[0])
        return None if path is None else _LENGTHS.get(path)
    path = _path(node)
    return None if path is None else _key(path)


def _key(path: tuple[str | int, ...]) -> str | None:
    """paperledge's name for a feedparser key path, or ``None`` if it has none."""
    if path[0] == "entries" and len(path) > 2 and isinstance(path[1], int):
        field = _match(_ENTRY_KEYS, path[2:])
        return None if field is None else f"episodes.{path[1]}.{field}"
    if path[0] == "feed":
        return _match(_FEED_KEYS, path[1:])
    return None


def _match(table: dict[tuple[str | int, ...], str], rest: tuple[str | int, ...]) -> str | None:
    for pattern, field in table.items():
        if len(pattern) != len(rest):
            continue
        pairs = list(zip(pattern, rest, strict=True))
        if all(p == r or (p == "#" and isinstance(r, int)) for p, r in pairs):
            name = field
            for p, r in pairs:
                if p == "#":
                    name = name.replace("#", str(r), 1)
            return name
    return None


def _convert(key: str, value: Any) -> Any:
    """feedparser's value as paperledge writes it: its "nothing" ("") as None, a
    time tuple (UTC) as an ISO moment, a clock reading and a byte count as numbers."""
    field = key.rpartition(".")[2] if key.startswith("episodes.") else key
    if value == "":
        return None
    if field == "published_at" and isinstance(value, tuple):
        return dt.datetime(*value[:6]).replace(tzinfo=dt.timezone.utc).isoformat()
    if field == "duration" and isinstance(value, str):
        seconds = 0
        for part in value.split(":"):
            seconds = seconds * 60 + int(part)
        return seconds
    if field == "length" and isinstance(value, str) and value.isdigit():
        return int(value)
    if field == "explicit" and value is not None:
        return bool(value)
    return value


# -- what paperledge read ----------------------------------------------------


def _view(show: Show, key: str) -> Any:
    """paperledge's value for one translated key."""
    if key == "well_formed":
        return not any(d.code in _MALFORMED for d in show.diagnostics)
    if key == "episodes":
        return len(show.episodes)
    if key == "len(categories)":
        return len(show.categories)
    head, _, rest = key.partition(".")
    if head == "episodes":
        number, _, field = rest.partition(".")
        n = int(number)
        return _episode_value(show.episodes[n], field) if n < len(show.episodes) else _NO_EPISODE
    if head == "categories":
        return _nth(show.categories, int(rest))
    return getattr(show, key)


def _nth(values: tuple[Any, ...] | list[Any], n: int) -> Any:
    return values[n] if n < len(values) else None


def _enclosures(episode: Episode) -> list[Enclosure]:
    """The episode's media files, its audio first."""
    audio = []
    if episode.audio_url is not None:
        audio = [
            Enclosure(url=episode.audio_url, type=episode.audio_type, length=episode.audio_length)
        ]
    return [*audio, *episode.other_enclosures]


def _episode_value(episode: Episode, field: str) -> Any:
    name, _, rest = field.partition(".")
    if name == "published_at":
        if episode.published_at is not None:
            return episode.published_at.astimezone(dt.timezone.utc).isoformat()
        return None if episode.published is None else episode.published.isoformat()
    if name == "duration":
        return None if episode.duration is None else int(episode.duration.total_seconds())
    if name == "description":
        return episode.description or None
    if name == "creators":
        return _nth(episode.creators, int(rest))
    if name == "enclosures":
        number, _, attribute = rest.partition(".")
        enclosure = _nth(_enclosures(episode), int(number))
        return None if enclosure is None else getattr(enclosure, attribute)
    return getattr(episode, name)


# -- reading a case ----------------------------------------------------------

_HEADER_LINE = re.compile(r"^\s*(Description|Expect|Header):[ \t]*(.*?)\s*$", re.MULTILINE)


def _header(data: bytes) -> dict[str, Any]:
    """The feed's opening comment: its Description, Expect and Header lines."""
    text = (
        data.decode("utf-16")
        if data.startswith((b"\xff\xfe", b"\xfe\xff"))
        else data.decode(errors="replace")
    )
    comment = text[text.index("<!--") : text.index("-->")]
    header: dict[str, Any] = {"Header": {}}
    for name, value in _HEADER_LINE.findall(comment):
        if name == "Header":
            field, _, said = value.partition(":")
            header["Header"][field.strip()] = said.strip()
        else:
            header[name] = value
    return header


def _address(case: str, headers: dict[str, str]) -> str | None:
    """The feed's address as feedparser's tests give it: its files whose name
    says http are served from a local address (and their Content-Location
    header is their base); the others are read as text, with none."""
    if "http" not in case:
        return None
    served = f"http://127.0.0.1:8097/tests/{case}.xml"
    location = headers.get("Content-Location")
    return served if location is None else urljoin(served, location)


@functools.cache
def _read(case: str) -> tuple[bytes, dict[str, Any], Show]:
    data = (FEEDPARSER / f"{case}.xml").read_bytes()
    header = _header(data)
    show = paperledge.parse_feed(data, url=_address(case, header["Header"]))
    return data, header, show


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _jsonable(value: Any) -> Any:
    """``value`` as it reads back from JSON (tuples become lists)."""
    return json.loads(json.dumps(value))


def _expectations_file(case: str) -> dict[str, Any]:
    """What ``NAME.json`` holds: the Expect line and its translation."""
    header = _read(case)[1]
    expected, unmapped = translate(header["Expect"])
    return {
        "description": header["Description"],
        "feedparser": header["Expect"],
        "expect": expected,
        "unmapped": unmapped,
    }


# -- the tests ---------------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_feedparsers_expectations_hold_on_paperledges_fields_but_where_a_difference_is_explained(
    case: str,
) -> None:
    show = _read(case)[2]
    expected = dict(_json(FEEDPARSER / f"{case}.json")["expect"])
    differences_file = FEEDPARSER / f"{case}.differences.json"
    differences = _json(differences_file) if differences_file.exists() else {}
    for field, difference in differences.items():
        assert set(difference) == {"feedparser", "paperledge", "why"}, field
        assert difference["why"].strip(), field
        assert "\n" not in difference["why"], field
        assert field in expected, field
        assert expected[field] == difference["feedparser"], field
        assert difference["feedparser"] != difference["paperledge"], field
        expected[field] = difference["paperledge"]
    assert _jsonable({key: _view(show, key) for key in expected}) == expected


@pytest.mark.parametrize("case", CASES)
def test_each_expectations_file_is_the_translation_of_its_feeds_expect_line(case: str) -> None:
    assert _json(FEEDPARSER / f"{case}.json") == _jsonable(_expectations_file(case))


@pytest.mark.parametrize("case", CASES)
def test_the_tolerant_reader_never_raises_and_says_so_exactly_when_a_feed_has_no_episode(
    case: str,
) -> None:
    show = _read(case)[2]  # parse_feed in tolerant mode: raising fails here
    said_empty = any(d.code == "no-episodes" for d in show.diagnostics)
    assert said_empty is not bool(show.episodes)


def test_every_case_has_its_expectations_and_no_file_is_left_without_its_feed() -> None:
    assert len(CASES) > 300
    feeds = {f"{case}.xml" for case in CASES}
    for path in FEEDPARSER.rglob("*.json"):
        name = path.relative_to(FEEDPARSER).as_posix()
        feed = re.sub(r"(\.differences)?\.json$", ".xml", name)
        assert feed in feeds, name
    for case in CASES:
        assert (FEEDPARSER / f"{case}.json").exists(), case


if __name__ == "__main__":
    for case in CASES:
        text = json.dumps(_expectations_file(case), indent=2) + "\n"
        (FEEDPARSER / f"{case}.json").write_text(text, encoding="utf-8")
