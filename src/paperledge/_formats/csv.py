"""CSV: one row per episode, for spreadsheets and data-frame tools.

The document is RFC 4180 CSV (comma separated, ``"`` quoting, CRLF row
ends, UTF-8 without a BOM) with a header row.  The columns, in order:

==================  =======================================================
``published``       the day, ISO 8601 (``2025-10-02``)
``title``           the episode's title as the show gives it
``category``        the arXiv subject named in the title (derived)
``arxiv_code``      that subject's arXiv code, ``cs.CL`` (derived)
``paper_title``     the paper's title: the title after the category (derived)
``authors``         the paper's authors, joined by ``"; "``
``group_authors``   those of ``authors`` that are groups, joined by ``"; "``
``description``     the episode's text, line breaks kept (inside quotes)
``url``             the episode's page
``guid``            the feed's id for the episode
``published_at``    the full moment, ISO 8601 with its offset
``audio_url``       the audio file
``audio_type``      its media type (``audio/mpeg``)
``audio_length``    its size in bytes
``duration_seconds``  the running time in seconds (a decimal fraction if
                    not whole: ``372.5``)
``image_url``       the episode's image
``subtitle``        a short line about the episode (a feed's)
``episode_type``    ``full``, ``trailer`` or ``bonus``
``number``          the episode's number
``season``          its season
``explicit``        ``true`` or ``false``
``persons``         the people a feed names, as a JSON array of objects
                    (``name``, ``role``, ``group``, ``url``, ``image_url``)
``other_enclosures``  the feed's other media files, a JSON array of objects
                    (``url``, ``type``, ``length``)
``chapters``        chapters files, a JSON array of objects (``url``,
                    ``type``, ``language``, ``rel``)
``transcripts``     transcripts, the same
``arxiv_id``        the linked paper's arXiv identifier (``2106.09685``),
                    empty until the episode is linked (``paperledge link``)
``arxiv_version``   the version linked (``2``)
``arxiv_title``     the paper's title as arXiv gives it
``arxiv_authors``   its authors, joined by ``"; "``
``arxiv_group_authors``  those of them that are groups
``arxiv_primary_category``  its primary subject code (``cs.CL``)
``arxiv_published`` the day of its first version
``arxiv_abstract_url``, ``arxiv_pdf_url``  its abstract page and PDF
``arxiv_matched_by``  how it was linked: ``title``, ``authors`` or ``both``
``arxiv_score``     how sure the link is, from 0 to 1
``creators``        who made the episode as a general feed names them
                    (``itunes:author``, ``dc:creator``), a JSON array of names
==================  =======================================================

An unknown value is an empty cell.  The show's own fields are not written.

Formula injection: a spreadsheet runs a cell that starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return (or their full-width forms) as a
formula.  Every such cell is written with a ``'`` in front (OWASP's advice),
which spreadsheets show as text.  This touches legitimate values too: a
title or text that starts with ``-`` or ``+`` gets the quote; the numeric
and date columns never start with these characters.  So that the quote can
be taken off again, a cell that already starts with ``'`` gets a second one;
:func:`parse_csv` removes exactly one leading ``'`` from every cell.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import cattrs

from .._diagnostics import Diagnostic, ParseError, Reporter
from .._limits import Limits, clip_input, episode_limit_reached, resolve
from .._model import Author, Enclosure, Episode, LinkedFile, Paper, Person, Show
from .._model.paper import PAPER_COLUMNS
from .._rules.arxiv import arxiv_code
from .._rules.dates import parse_iso_day, parse_rfc3339
from .._rules.decode import Utf8Replacing, has_surrogate, without_surrogates
from .._rules.durations import format_seconds, parse_seconds
from .._rules.json_text import json_value
from .._rules.numbers import whole_number
from .base import Format
from .json import structure, unstructure

__all__ = ["COLUMNS", "iter_csv_episodes", "parse_csv", "write_csv"]

COLUMNS: tuple[str, ...] = (
    "published",
    "title",
    "category",
    "arxiv_code",
    "paper_title",
    "authors",
    "group_authors",
    "description",
    "url",
    "guid",
    "published_at",
    "audio_url",
    "audio_type",
    "audio_length",
    "duration_seconds",
    "image_url",
    "subtitle",
    "episode_type",
    "number",
    "season",
    "explicit",
    "persons",
    "other_enclosures",
    "chapters",
    "transcripts",
    # The linked paper (paperledge.arxiv), empty until linked; the authors'
    # groups in a column of their own, as the episode's are.
    *(PAPER_COLUMNS[field] for field in ("arxiv_id", "version", "title", "authors")),
    "arxiv_group_authors",
    *(
        PAPER_COLUMNS[field]
        for field in (
            "primary_category",
            "published",
            "abstract_url",
            "pdf_url",
            "matched_by",
            "score",
        )
    ),
    "creators",
)
_DERIVED = frozenset({"category", "arxiv_code", "paper_title"})

#: What joins the names in the ``authors`` and ``group_authors`` cells.
AUTHOR_SEPARATOR = "; "

# First characters that make a spreadsheet evaluate a cell, and the quote
# itself (doubled so that the reader can undo the prefix unambiguously).
_FORMULA_STARTS = frozenset("=+-@\t\r＝＋－＠'")


def _cell(value: str | None) -> str:
    if not value:
        return ""
    if value[0] in _FORMULA_STARTS:
        return "'" + value
    return value


def _names(authors: tuple[Author, ...]) -> list[str]:
    """The ``authors`` and ``group_authors`` cells of a list of authors."""
    if not authors:
        return ["", ""]
    return [
        _cell(AUTHOR_SEPARATOR.join([a.name for a in authors])),
        _cell(AUTHOR_SEPARATOR.join([a.name for a in authors if a.is_group])),
    ]


_NO_PAPER = [""] * 11


def _paper_cells(paper: Paper | None) -> list[str]:
    if paper is None:
        return _NO_PAPER
    return [
        paper.arxiv_id,
        "" if paper.version is None else str(paper.version),
        _cell(paper.title),
        *_names(paper.authors),
        _cell(paper.primary_category),
        paper.published.isoformat() if paper.published else "",
        _cell(paper.abstract_url),
        _cell(paper.pdf_url),
        paper.matched_by,
        repr(float(paper.score)),
    ]


def _row(episode: Episode) -> list[str]:
    category = episode.category
    authors = episode.authors
    duration = episode.duration
    published_at = episode.published_at
    return [
        episode.published.isoformat() if episode.published else "",
        _cell(episode.title),
        _cell(category),
        arxiv_code(category) or "",
        _cell(episode.paper_title),
        *_names(authors),
        _cell(episode.description),
        _cell(episode.url),
        _cell(episode.guid),
        published_at.isoformat() if published_at else "",
        _cell(episode.audio_url),
        _cell(episode.audio_type),
        "" if episode.audio_length is None else str(episode.audio_length),
        format_seconds(duration) if duration is not None else "",
        _cell(episode.image_url),
        _cell(episode.subtitle),
        _cell(episode.episode_type),
        "" if episode.number is None else str(episode.number),
        "" if episode.season is None else str(episode.season),
        "" if episode.explicit is None else ("true" if episode.explicit else "false"),
        _objects(episode.persons),
        _objects(episode.other_enclosures),
        _objects(episode.chapters),
        _objects(episode.transcripts),
        *_paper_cells(episode.paper),
        _objects(episode.creators),
    ]


def _objects(values: tuple[Any, ...]) -> str:
    # A JSON array always opens with "[": never a formula, no quote needed.
    if not values:
        return ""
    return json.dumps(unstructure(values), ensure_ascii=False, separators=(",", ":"))


def _quoted(cell: str) -> str:
    # RFC 4180 quoting, as csv.writer's QUOTE_MINIMAL does it, by `in` scans
    # and one replace rather than the csv module's walk over every character
    # (benchmarks/bench_writers.py measures what that saves).
    if '"' in cell:
        return '"' + cell.replace('"', '""') + '"'
    if "," in cell or "\n" in cell or "\r" in cell:
        return '"' + cell + '"'
    return cell


_HEADER_LINE = ",".join(COLUMNS) + "\r\n"


def write_csv(show: Show) -> str:
    """The show's episodes as CSV: a header row, then one row per episode."""
    rows = [",".join(map(_quoted, _row(episode))) for episode in show.episodes]
    if not rows:
        return _HEADER_LINE
    return _HEADER_LINE + "\r\n".join(rows) + "\r\n"


# -- reading --------------------------------------------------------------------

# The csv module before Python 3.11 stops at a NUL character ("line contains
# NUL"), which a text may hold.  There, the reader never gives it one: any text
# that holds a NUL or the escape character is read with every "\x01" as
# "\x01\x02" and every NUL as "\x01\x03" (neither is special to CSV), and a
# cell that holds the escape character is read back.  The mapping is character
# by character, and text without either character is its own escaped form: so
# each piece of text (the whole input, or a chunk) can be escaped on its own,
# and only when needed.  From 3.11 the csv module reads NUL as any character,
# and the input is not scanned for it (a NUL in UCS-2 text is found by a
# character-by-character loop, not memchr: 5% of reading the sample).
_ESCAPE_NUL = sys.version_info < (3, 11)
_ESCAPE = "\x01"
_ESCAPED = re.compile("\x01(.)", re.DOTALL)
_UNESCAPE = {"\x02": "\x01", "\x03": "\x00"}


def _escape_nul(text: str) -> str:
    if "\x00" not in text and _ESCAPE not in text:
        return text
    return text.replace(_ESCAPE, "\x01\x02").replace("\x00", "\x01\x03")


def _unescape_nul(cell: str) -> str:
    return _ESCAPED.sub(lambda match: _UNESCAPE[match[1]], cell)


def _text(cell: str) -> str:
    return cell[1:] if cell.startswith("'") else cell


def _length(cell: str) -> int:
    value = whole_number(cell)
    if value is None:
        too_large = cell.isdigit() and cell.isascii()
        raise ValueError(
            f"a byte count past 2**63 - 1: {cell[:40]!r}..."
            if too_large
            else f"not a byte count: {cell[:40]!r}"
        )
    return value


def _count(cell: str) -> int:
    value = whole_number(cell)
    if value is None:
        raise ValueError(f"not a whole number: {cell[:40]!r}")
    return value


def _flag(cell: str) -> bool:
    if cell not in ("true", "false"):
        raise ValueError(f"not true or false: {cell[:40]!r}")
    return cell == "true"


def _score(cell: str) -> float:
    try:
        value = float(cell)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 1:  # NaN fails this too
        raise ValueError(f"not a score from 0 to 1: {cell[:40]!r}")
    return value


def _array_of(kind: type) -> Callable[[str], Any]:
    def read(cell: str) -> Any:
        try:
            # A strict reporter: a lone surrogate escape fails the cell, reported.
            value = json_value(cell, Reporter(strict=True))
            return structure(value, tuple[kind, ...])  # type: ignore[valid-type]  # a class given at run time
        except (ValueError, TypeError, RecursionError, ParseError, cattrs.BaseValidationError):
            noun = "names" if kind is str else f"{kind.__name__} objects"
            raise ValueError(f"not a JSON array of {noun}") from None

    return read


def _creators(cell: str) -> tuple[str, ...]:
    names = _array_of(str)(cell)
    if not all(name.strip() for name in names):
        raise ValueError("a creator's name is empty")
    return tuple(names)


_READERS: dict[str, Callable[[str], Any]] = {
    "published": parse_iso_day,
    "published_at": parse_rfc3339,
    "audio_length": _length,
    "duration_seconds": parse_seconds,
    "number": _count,
    "season": _count,
    "explicit": _flag,
    "persons": _array_of(Person),
    "other_enclosures": _array_of(Enclosure),
    "chapters": _array_of(LinkedFile),
    "transcripts": _array_of(LinkedFile),
    "creators": _creators,
    PAPER_COLUMNS["version"]: _count,
    PAPER_COLUMNS["published"]: parse_iso_day,
    PAPER_COLUMNS["score"]: _score,
}
_FIELDS = {"duration_seconds": "duration"}
# The paper's cells read as they are (the authors come from two cells).
_PAPER_FIELDS = {column: field for field, column in PAPER_COLUMNS.items() if field != "authors"}


def _authors(names: str | None, groups: str | None) -> tuple[Author, ...] | None:
    """Authors from an ``authors`` cell and its ``group_authors`` cell."""
    if names is None:
        return None
    group_names = set(groups.split(AUTHOR_SEPARATOR)) if groups else set()
    return tuple(
        Author(name=name, is_group=name in group_names)
        for name in names.split(AUTHOR_SEPARATOR)
        if name.strip()
    )


def _paper(fields: dict[str, Any], line: int, reporter: Reporter) -> Paper | None:
    """Take the ``arxiv_*`` cells out of ``fields`` and make them the paper."""
    values = {_PAPER_FIELDS[key]: fields.pop(key) for key in _PAPER_FIELDS if key in fields}
    authors = _authors(
        fields.pop(PAPER_COLUMNS["authors"], None), fields.pop("arxiv_group_authors", None)
    )
    if authors:
        values["authors"] = authors
    if not values:
        return None
    try:
        return Paper(**values)
    except (TypeError, ValueError) as error:
        problem = str(error) if "arxiv_id" in values else "the paper's cells have no arxiv_id"
        reporter.report(
            "csv-structure", f"the linked paper: {problem}; the paper was left out", line
        )
        return None


def _episode(row: dict[str, str], line: int, reporter: Reporter) -> Episode:
    fields: dict[str, Any] = {}
    for column, escaped in row.items():
        if not escaped:
            continue
        cell = _unescape_nul(escaped) if _ESCAPE_NUL and _ESCAPE in escaped else escaped
        read = _READERS.get(column)
        if read is None:
            fields[column] = _text(cell)
            continue
        try:
            fields[_FIELDS.get(column, column)] = read(cell)
        except ValueError as error:
            reporter.report(
                "csv-structure", f"column {column!r}: {error}; the cell was left empty", line
            )
    authors = _authors(fields.pop("authors", None), fields.pop("group_authors", None))
    if authors is not None:
        fields["authors"] = authors
    paper = _paper(fields, line, reporter)
    if paper is not None:
        fields["paper"] = paper
    fields.setdefault("description", "")
    return Episode(**fields)


def _allow_long_cells(limits: Limits | None) -> None:
    # The csv module refuses cells over 128 KiB by default, a limit the writer
    # does not know (an episode's text can be longer).  Its limit is global to
    # the process, so it is only ever raised, up to paperledge's own input limit.
    wanted = resolve(limits).max_input_bytes
    if csv.field_size_limit() < wanted:
        csv.field_size_limit(wanted)


def _read(
    lines: Iterable[str], reporter: Reporter, limits: Limits | None = None
) -> Iterator[Episode]:
    # Shared by parse_csv and iter_csv_episodes: `lines` keep their line ends,
    # so that the csv module can join a quoted cell's lines again.
    _allow_long_cells(limits)
    reader = csv.reader(lines, strict=True)
    columns: list[str | None] = []
    end = count = 0
    try:
        header = next(reader, None)
        if header is not None:
            for escaped in header:
                name = _unescape_nul(escaped) if _ESCAPE_NUL and _ESCAPE in escaped else escaped
                if name in COLUMNS:
                    columns.append(None if name in _DERIVED else name)
                else:
                    reporter.report("csv-structure", f"unknown column {name!r} was ignored", 1)
                    columns.append(None)
        end = reader.line_num
        for row in reader:
            # Report a row at the line where it starts (a text spans lines).
            line, end = end + 1, reader.line_num
            if not row:
                continue
            if len(row) != len(columns):
                reporter.report(
                    "csv-structure",
                    f"the row has {len(row)} cells, the header {len(columns)}",
                    line,
                )
            cells = {
                name: cell for name, cell in zip(columns, row, strict=False) if name is not None
            }
            if not cells:
                # The header names no column paperledge reads (each was
                # reported as ignored): its rows are no episodes.  A row of
                # empty known cells is one, the empty episode the writer wrote.
                continue
            if episode_limit_reached(count, limits, reporter, line):
                return
            count += 1
            yield _episode(cells, line, reporter)
    except csv.Error as error:
        reporter.report("csv-structure", f"malformed CSV: {error}; reading stopped", end + 1)


_REPLACED = "bytes that are not UTF-8 were replaced"


def parse_csv(data: str | bytes, *, strict: bool = False, limits: Limits | None = None) -> Show:
    """Read CSV written by :func:`write_csv`.

    Columns are found by their header names (any order; the derived
    ``category``, ``arxiv_code`` and ``paper_title`` are ignored, unknown
    columns are reported and ignored).  One leading ``'`` is taken off every
    text cell (see the module's notes on formula injection).  Tolerant by
    default: a malformed row or cell is reported (``csv-structure``) and
    skipped; ``strict=True`` raises :class:`~paperledge.ParseError`.
    ``limits`` bounds the input's size and the number of rows read (see
    :class:`~paperledge.Limits`).
    """
    reporter = Reporter(strict=strict)
    data = clip_input(data, limits, reporter)
    if isinstance(data, bytes):
        decoder = Utf8Replacing()
        text = decoder.decode(data, final=True)
        if decoder.replaced:
            reporter.report("undecodable", _REPLACED, 1)
    else:
        text = without_surrogates(data.removeprefix("\ufeff"), reporter)
    if _ESCAPE_NUL:  # pragma: no cover - Python 3.10, whose suite CI runs too
        text = _escape_nul(text)
    episodes = list(_read(io.StringIO(text, newline=""), reporter, limits))
    return Show(episodes=episodes, diagnostics=reporter.diagnostics)


# A line and its end, as io.StringIO(newline="") splits them (the reader's
# way): CRLF, CR or LF.
# A match starts only at a line's start (the lookbehind): tried from every
# character of a long unfinished last line, it would scan to its end each time.
_LINE = re.compile(r"(?<![^\r\n])[^\r\n]*(?:\r\n|\r|\n)")


def _chunk_lines(chunks: Iterable[str | bytes], reporter: Reporter) -> Iterator[str]:
    decoder = Utf8Replacing()
    pending: list[str] = []  # the pieces of an unfinished line
    reported = surrogates_reported = False
    lines = 0  # the lines of the input before ``pending``
    for chunk in chunks:
        if isinstance(chunk, bytes):
            text = decoder.decode(chunk)
            if not reported and decoder.replaced:
                reporter.report("undecodable", _REPLACED, 1)
                reported = True
        elif has_surrogate(chunk):
            text = without_surrogates(
                chunk,
                reporter,
                lines_before=lines,
                # Only the first is reported: the length of the line so far is
                # not summed again for each later chunk (quadratic on one long line).
                columns_before=0 if surrogates_reported else sum(map(len, pending)),
                report=not surrogates_reported,
            )
            surrogates_reported = True
        else:
            text = chunk
        if _ESCAPE_NUL:  # pragma: no cover - Python 3.10, whose suite CI runs too
            text = _escape_nul(text)
        if "\n" not in text and "\r" not in text and not (pending and pending[-1][-1] == "\r"):
            if text:
                pending.append(text)
            continue
        if pending:
            pending.append(text)
            text = "".join(pending)
            pending.clear()
        end = 0
        for match in _LINE.finditer(text):
            if match.end() == len(text) and text.endswith("\r"):
                break  # perhaps the first half of a CRLF: wait for the next chunk
            end = match.end()
            lines += 1
            yield match[0]
        if end < len(text):
            pending.append(text[end:])
    pending.append(decoder.decode(b"", final=True))  # U+FFFD or nothing: no NUL
    if not reported and decoder.replaced:  # a character cut by the input's end
        reporter.report("undecodable", _REPLACED, 1)
    tail = "".join(pending)
    # The tail may still hold line ends: a CR kept back in case an LF
    # followed it (none did).
    end = 0
    for match in _LINE.finditer(tail):
        end = match.end()
        yield match[0]
    if end < len(tail):
        yield tail[end:]


def iter_csv_episodes(
    chunks: Iterable[str | bytes],
    *,
    strict: bool = False,
    on_diagnostic: Callable[[Diagnostic], None] | None = None,
    limits: Limits | None = None,
) -> Iterator[Episode]:
    """Stream the episodes of CSV that arrives in chunks, one row at a time.

    Memory stays bounded by the longest row.  Defects go to
    ``on_diagnostic`` as in :func:`parse_csv`, or raise when ``strict``.
    A stream has no input-size limit; it stops after
    ``limits.max_episodes`` rows.
    """
    reporter = Reporter(strict=strict, sink=on_diagnostic or (lambda _d: None))
    lines = _chunk_lines(chunks, reporter)
    first = next(lines, "")
    yield from _read(itertools.chain((first.removeprefix("\ufeff"),), lines), reporter, limits)


def _sniff(head: str) -> bool:
    return head.startswith("published,title,category,")


#: The format's entry in the table of formats (paperledge._api.formats).
FORMAT = Format(
    name="csv",
    description="CSV: one row per episode, with a header row (formula-safe)",
    extensions=(".csv",),
    media_type="text/csv",
    reader=parse_csv,
    writer=write_csv,
    sniffer=_sniff,
    streamer=iter_csv_episodes,
)
