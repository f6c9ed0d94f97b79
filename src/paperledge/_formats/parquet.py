"""Parquet (pyarrow): one row per episode, for DuckDB, pandas, Spark and the like.

Columns: ``published`` (date32), ``published_at`` (ISO 8601 text with its
offset, as paperledge JSON writes it; cast it in your query), ``title``,
``category``, ``arxiv_code``, ``paper_title``, ``description``, ``authors``
(a list of structs ``{name, is_group}``, in order), ``url``, ``guid``,
``audio_url``, ``audio_type``, ``audio_length`` (int64), ``duration``
(Arrow duration in microseconds; int64 microseconds for readers without
durations), ``image_url``, ``subtitle``, ``episode_type``, ``number``,
``season`` (int64), ``explicit`` (bool), ``persons``,
``other_enclosures``, ``chapters``, ``transcripts`` as JSON arrays (text),
``paper``, the linked arXiv paper (null until linked), a struct
``{arxiv_id, version, title, authors, primary_category, published,
abstract_url, pdf_url, matched_by, score}`` whose ``authors`` is a list of
the same author structs and ``published`` a date32 (DuckDB:
``paper.arxiv_id``; pandas: a dict per row), and ``creators``, who made
the episode as a general feed names them (a list of strings).
The show's own fields are the file's key-value metadata ``paperledge.show``
(a JSON object).  Reading the file back gives the show as written.

pyarrow is optional (``pip install paperledge[parquet]``): without it the
writer raises :class:`~paperledge.FormatError` and the reader reports it.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import tempfile
from typing import Any

import attrs

from .._diagnostics import FormatError, Reporter
from .._model import Episode, Show
from . import json as show_json
from .base import Format

__all__ = ["FORMAT", "read_parquet", "write_parquet"]

MAGIC = "PAR1"
_SHOW_KEY = b"paperledge.show"
_JSON_LISTS = ("persons", "other_enclosures", "chapters", "transcripts")
_TEXT = (
    "published_at",
    "title",
    "category",
    "arxiv_code",
    "paper_title",
    "description",
    "url",
    "guid",
    "audio_url",
    "audio_type",
    "image_url",
    "subtitle",
    "episode_type",
)


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow as pa  # noqa: PLC0415 - an optional dependency
        import pyarrow.parquet as pq  # noqa: PLC0415 - an optional dependency
    except ImportError as error:
        raise FormatError(
            f"Parquet needs pyarrow ({error}); install it with: pip install paperledge[parquet]"
        ) from None
    return pa, pq


def _paper_type(pa: Any, author: Any) -> Any:
    return pa.struct(
        [
            ("arxiv_id", pa.string()),
            ("version", pa.int64()),
            ("title", pa.string()),
            ("authors", pa.list_(author)),
            ("primary_category", pa.string()),
            ("published", pa.date32()),
            ("abstract_url", pa.string()),
            ("pdf_url", pa.string()),
            ("matched_by", pa.string()),
            ("score", pa.float64()),
        ]
    )


def _schema(pa: Any) -> Any:
    author = pa.struct([("name", pa.string()), ("is_group", pa.bool_())])
    fields = [("published", pa.date32())]
    fields += [(name, pa.string()) for name in _TEXT]
    fields += [
        ("authors", pa.list_(author)),
        ("audio_length", pa.int64()),
        ("duration", pa.duration("us")),
        ("number", pa.int64()),
        ("season", pa.int64()),
        ("explicit", pa.bool_()),
    ]
    fields += [(name, pa.string()) for name in _JSON_LISTS]
    fields += [("paper", _paper_type(pa, author)), ("creators", pa.list_(pa.string()))]
    return pa.schema(fields)


def _rows(episodes: tuple[Episode, ...]) -> list[dict[str, Any]]:
    rows = []
    for episode in episodes:
        data = show_json.episode_to_dict(episode)
        row = {name: data.get(name) for name in _TEXT}
        row["arxiv_code"] = episode.arxiv_code
        row["published"] = episode.published
        row["authors"] = data["authors"]
        row["duration"] = episode.duration
        for name in ("audio_length", "number", "season", "explicit"):
            row[name] = data.get(name)
        for name in _JSON_LISTS:
            row[name] = json.dumps(data.get(name, []), ensure_ascii=False)
        # The paper's day as a date, so that the column is Parquet's date32.
        row["paper"] = (
            None
            if episode.paper is None
            else {**data["paper"], "published": episode.paper.published}
        )
        row["creators"] = list(episode.creators)
        rows.append(row)
    return rows


def table(show: Show) -> Any:
    """The show as a :class:`pyarrow.Table` (the Parquet file's contents)."""
    pa, _pq = _pyarrow()
    header = show_json.unstructure(attrs.evolve(show, episodes=()))
    header.pop("episodes", None)
    schema = _schema(pa).with_metadata(
        {_SHOW_KEY: json.dumps(header, ensure_ascii=False).encode("utf-8")}
    )
    return pa.Table.from_pylist(_rows(show.episodes), schema=schema)


def write_parquet(show: Show, path: str) -> None:
    """Write ``show`` to the Parquet file ``path``, replaced atomically."""
    _pa, pq = _pyarrow()
    data = table(show)
    folder = os.path.dirname(os.path.realpath(path)) or "."
    handle, temporary = tempfile.mkstemp(prefix=".parquet.", suffix=".tmp", dir=folder)
    os.close(handle)
    try:
        pq.write_table(data, temporary)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _episode(row: dict[str, Any]) -> Episode:
    data = {name: row.get(name) for name in _TEXT if name not in ("category", "arxiv_code")}
    published = row.get("published")
    data["published"] = published.isoformat() if isinstance(published, dt.date) else None
    data["authors"] = row.get("authors") or []
    duration = row.get("duration")
    data["duration"] = (
        show_json.unstructure(duration) if isinstance(duration, dt.timedelta) else None
    )
    for name in ("audio_length", "number", "season", "explicit"):
        data[name] = row.get(name)
    for name in _JSON_LISTS:
        data[name] = json.loads(row.get(name) or "[]")
    paper = row.get("paper")
    if paper is not None:
        day = paper.get("published")
        paper = {**paper, "published": day.isoformat() if isinstance(day, dt.date) else None}
    data["paper"] = paper
    # A file written before the column existed has none.
    data["creators"] = row.get("creators") or []
    return show_json.episode_from_dict(data)


def _read(data: bytes) -> Show:
    _pa, pq = _pyarrow()
    read = pq.read_table(io.BytesIO(data))
    metadata = read.schema.metadata or {}
    header: dict[str, Any] = json.loads(metadata.get(_SHOW_KEY, b'{"title": ""}'))
    header["episodes"] = []
    show: Show = show_json.structure(header, Show)
    episodes = tuple(_episode(row) for row in read.to_pylist())
    return attrs.evolve(show, episodes=episodes)


def read_parquet(data: str | bytes, *, strict: bool = False) -> Show:
    """The show in a Parquet file's bytes; what cannot be read is a diagnostic."""
    if isinstance(data, str) or not data.startswith(MAGIC.encode("ascii")):
        return Show(title="")
    try:
        return _read(data)
    except Exception as error:  # pyarrow's errors have no common base but Exception
        reporter = Reporter(strict=strict)
        reporter.report("no-episodes", f"the Parquet file cannot be read: {error}", 1)
        return Show(title="", diagnostics=tuple(reporter.diagnostics))


def _sniff(head: str) -> bool:
    return head.startswith(MAGIC)


#: The format's entry in the table of formats (paperledge._api.formats).
FORMAT = Format(
    name="parquet",
    description="Parquet, one row per episode, authors as a list of structs (pyarrow)",
    extensions=(".parquet",),
    media_type="application/vnd.apache.parquet",
    reader=read_parquet,
    sniffer=_sniff,
    file_writer=write_parquet,
)
