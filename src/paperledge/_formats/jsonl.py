"""JSON Lines: one episode per line, for tools that stream records.

Each line is one JSON object laid out exactly as an episode in paperledge
JSON (:func:`~paperledge._formats.json.episode_to_dict`: the same keys, in the same
order, ``null`` for unknown values, ISO 8601 dates and durations).  There is
no show header: every line is an episode, so bulk loaders (``jq``, pandas
``read_json(lines=True)``, DuckDB, BigQuery) see records of one shape.  The
show's own fields (title, description, ...) are therefore not carried;
reading gives a show with only its episodes, and
``loads(dumps(show, "jsonl"), "jsonl") == Show(episodes=show.episodes)``.

Lines end with ``\\n``.  Line breaks inside values are escaped by JSON; so
are U+0085, U+2028 and U+2029, which JSON allows raw but which some line
splitters (Python's ``str.splitlines``) take for line ends.  Readers split
on ``\\n`` only (a ``\\r`` before it is dropped) and skip blank lines.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .._diagnostics import Diagnostic, ParseError, Reporter
from .._limits import Limits, clip_input, episode_limit_reached
from .._model import Episode, Show
from .._rules.json_text import json_value
from .._rules.numbers import TooLong, where_too_long
from .base import Format
from .json import episode_from_dict, episode_to_dict

__all__ = ["iter_jsonl_episodes", "parse_jsonl", "write_jsonl"]

# Separators without spaces: the lines are for machines and run to
# thousands of episodes.
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_LINE_ENDS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _line(episode: Episode) -> str:
    line = _ENCODE(episode_to_dict(episode))
    # These can only occur inside JSON strings, where the escape means the same.
    if "\x85" in line or "\u2028" in line or "\u2029" in line:
        for raw, escaped in _LINE_ENDS.items():
            line = line.replace(raw, escaped)
    return line


def write_jsonl(show: Show) -> str:
    """The show's episodes as JSON Lines, one episode object per line."""
    if not show.episodes:
        return ""
    return "\n".join(map(_line, show.episodes)) + "\n"


def _raw_lines(chunks: Iterable[str | bytes]) -> Iterator[bytes]:
    # Split on b"\n" in bytes: text chunks are encoded first so a line split
    # across chunks of either kind is joined before it is decoded.  The
    # pieces of an unfinished line are kept in a list and joined once, so
    # many small chunks cost linear time.
    pending: list[bytes] = []
    for chunk in chunks:
        piece = chunk.encode("utf-8", "surrogatepass") if isinstance(chunk, str) else chunk
        if b"\n" not in piece:
            if piece:
                pending.append(piece)
            continue
        lines = piece.split(b"\n")
        if pending:
            pending.append(lines[0])
            lines[0] = b"".join(pending)
            pending.clear()
        last = lines.pop()
        if last:
            pending.append(last)
        yield from lines
    if pending:
        yield b"".join(pending)


def _episode(raw: bytes, number: int, reporter: Reporter) -> Episode | None:
    if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.endswith(b"\r"):
        raw = raw[:-1]
    if not raw.strip():
        return None
    try:
        # A str chunk's lone surrogates were kept through the bytes
        # (_raw_lines); json_value reports and replaces them.
        text = raw.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError as error:
        reporter.report(
            "json-syntax",
            f"line {number} is not UTF-8 (byte 0x{raw[error.start]:02x}); it was skipped",
            number,
            error.start + 1,
        )
        return None
    try:
        value: Any = json_value(text, reporter, lines_before=number - 1)
    except TooLong as error:
        reporter.report(
            "json-syntax",
            f"line {number} is not valid JSON ({error}); it was skipped",
            number,
            where_too_long(text)[1],
        )
        return None
    except json.JSONDecodeError as error:
        reporter.report(
            "json-syntax",
            f"line {number} is not valid JSON ({error.msg}); it was skipped",
            number,
            error.colno,
        )
        return None
    except RecursionError:
        reporter.report(
            "json-syntax", f"line {number} is nested too deeply; it was skipped", number
        )
        return None
    try:
        return episode_from_dict(value, where=f"line {number}")
    except ParseError as error:
        reporter.report("json-schema", f"{error.message}; the line was skipped", number)
        return None


def _episodes(
    lines: Iterable[bytes], reporter: Reporter, limits: Limits | None
) -> Iterator[Episode]:
    count = 0
    for number, raw in enumerate(lines, 1):
        episode = _episode(raw, number, reporter)
        if episode is not None:
            if episode_limit_reached(count, limits, reporter, number):
                return
            count += 1
            yield episode


def iter_jsonl_episodes(
    chunks: Iterable[str | bytes],
    *,
    strict: bool = False,
    on_diagnostic: Callable[[Diagnostic], None] | None = None,
    limits: Limits | None = None,
) -> Iterator[Episode]:
    """Stream the episodes of JSON Lines that arrive in chunks.

    Memory stays bounded by the longest line.  A line that is not JSON
    (``json-syntax``) or not an episode (``json-schema``) is reported to
    ``on_diagnostic`` with its line number and skipped; with ``strict=True``
    it raises :class:`~paperledge.ParseError` instead.  A stream has no
    input-size limit; it stops after ``limits.max_episodes`` episodes.
    """
    reporter = Reporter(strict=strict, sink=on_diagnostic or (lambda _d: None))
    yield from _episodes(_raw_lines(chunks), reporter, limits)


def parse_jsonl(data: str | bytes, *, strict: bool = False, limits: Limits | None = None) -> Show:
    """Read JSON Lines written by :func:`write_jsonl` (or any episode records).

    Tolerant by default: each bad line becomes a diagnostic and is skipped.
    With ``strict=True`` the first bad line raises :class:`~paperledge.ParseError`.
    The show has no title or description: JSON Lines carries episodes only.
    ``limits`` bounds the input's size and the number of episodes (see
    :class:`~paperledge.Limits`).
    """
    reporter = Reporter(strict=strict)
    data = clip_input(data, limits, reporter)
    episodes = list(_episodes(_raw_lines((data,)), reporter, limits))
    return Show(episodes=episodes, diagnostics=reporter.diagnostics)


_EPISODE_KEYS = ('{"published"', '{"title"', '{"guid"', '{"url"', '{"description"')


def _sniff(head: str) -> bool:
    # paperledge's writer starts every line with the "published" key; other
    # tools may order keys differently but still open with an episode field.
    return head.startswith(_EPISODE_KEYS) or (
        head.startswith("{")
        and '"published"' in head[:200]
        and "paperledge.show" not in head[:200]
    )


#: The format's entry in the table of formats (paperledge._api.formats).
FORMAT = Format(
    name="jsonl",
    description="JSON Lines: one episode per line, in paperledge JSON's episode layout",
    extensions=(".jsonl", ".ndjson"),
    media_type="application/jsonl",
    reader=parse_jsonl,
    writer=write_jsonl,
    sniffer=_sniff,
    streamer=iter_jsonl_episodes,
)
