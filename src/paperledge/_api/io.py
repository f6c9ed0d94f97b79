"""The front door: ``parse``/``loads``, ``load``, ``dumps``, ``dump``, ``iter_episodes``.

Each call finds its format in the registry (by name, by file extension, or by
sniffing the data) and hands over to that format's reader or writer.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Union, cast

import attrs

from .._diagnostics import Diagnostic, FormatError, ParseError
from .._formats.base import Format
from .._limits import Limits, resolve
from .._model import Episode, Show
from .formats import format_for_path, get_format, sniff_format, with_source

__all__ = ["dump", "dumps", "iter_episodes", "load", "loads", "parse"]

#: A path to a file, or an open file (binary preferred, text accepted).
Source = Union[str, "os.PathLike[str]", IO[bytes], IO[str]]

# 64 KiB: large enough for few reads, small enough that streaming stays lean
# (a chunk is held as bytes, as text and as lines at once).
_CHUNK = 1 << 16


def _reader_format(data: str | bytes, format: str | None) -> Format:
    fmt = get_format(format) if format is not None else sniff_format(data)
    if fmt.reader is None:
        raise FormatError(f"paperledge writes {fmt.name!r} but cannot read it")
    return fmt


def parse(
    data: str | bytes,
    *,
    format: str | None = None,
    strict: bool = False,
    limits: Limits | None = None,
) -> Show:
    """Read a show from ``data`` in any format paperledge reads.

    The format is sniffed from the data unless ``format`` names it (``"text"``,
    ``"json"``, ...; see :func:`paperledge.formats`).  Tolerant by default;
    ``strict=True`` raises :class:`~paperledge.ParseError` at the first defect.
    """
    fmt = _reader_format(data, format)
    assert fmt.reader is not None
    if limits is None:
        # Readers registered by others may not take limits=.
        return fmt.reader(data, strict=strict)
    return fmt.reader(data, strict=strict, limits=limits)


def loads(
    data: str | bytes,
    format: str | None = None,
    *,
    strict: bool = False,
    limits: Limits | None = None,
) -> Show:
    """Read a show from a string or bytes: the counterpart of :func:`dumps`.

    The same as :func:`parse`.
    """
    return parse(data, format=format, strict=strict, limits=limits)


def _name(source: Source) -> str | None:
    if isinstance(source, (str, os.PathLike)):
        return os.fspath(source)
    name = getattr(source, "name", None)
    return name if isinstance(name, str) else None


def load(
    source: Source,
    format: str | None = None,
    *,
    strict: bool = False,
    limits: Limits | None = None,
) -> Show:
    """Read a show from a file path or an open file.

    The format comes from ``format``, else from the file's extension when it
    names a readable format, else from sniffing the content.  Diagnostics
    carry the file's name as their ``source``.
    """
    name = _name(source)
    # One unit past the limit is enough for the reader to see that the input
    # is too large: a huge file is never read whole only to be cut.
    most = resolve(limits).max_input_bytes + 1
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as file:
            data: str | bytes = file.read(most)
    else:
        data = source.read(most)
    return parse_named(data, name, format=format, strict=strict, limits=limits)


def parse_named(
    data: str | bytes,
    name: str | None,
    *,
    format: str | None = None,
    strict: bool = False,
    limits: Limits | None = None,
) -> Show:
    """``data``, read from the file called ``name``, as :func:`load` reads it.

    The format comes from ``format``, else the name's extension when it
    names a readable format, else sniffing; diagnostics and errors carry
    ``name`` as their source.
    """
    if format is None and name is not None:
        by_extension = format_for_path(name)
        if by_extension is not None and by_extension.reader is not None:
            format = by_extension.name
    try:
        show = parse(data, format=format, strict=strict, limits=limits)
    except ParseError as error:
        raise error.with_source(name) from None
    if name is not None and show.diagnostics:
        show = attrs.evolve(show, diagnostics=with_source(show.diagnostics, name))
    return show


def dumps(show: Show, format: str = "json") -> str:
    """Write ``show`` as a string in ``format`` (default: paperledge JSON)."""
    fmt = get_format(format)
    if fmt.writer is None:
        raise FormatError(f"paperledge reads {fmt.name!r} but cannot write it")
    return fmt.writer(show)


def dump(show: Show, file: Source, format: str | None = None) -> None:
    """Write ``show`` to a path or an open file.

    Without ``format``, a path's extension picks it (``.json``, ``.txt``, ...),
    else JSON.  A path is written atomically: a reader never sees half a file.
    """
    if format is None:
        name = _name(file)
        by_extension = format_for_path(name) if name else None
        format = by_extension.name if by_extension and by_extension.writer else "json"
    text = dumps(show, format)
    if isinstance(file, (str, os.PathLike)):
        write_atomically(Path(file), text)
    elif isinstance(file, io.TextIOBase) or "b" not in getattr(file, "mode", "b"):
        cast("IO[str]", file).write(text)
    else:
        cast("IO[bytes]", file).write(text.encode("utf-8"))


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file and a rename."""
    directory = path.resolve().parent
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _chunks(source: object) -> Iterator[str | bytes]:
    if isinstance(source, (str, bytes)) and not isinstance(source, os.PathLike):
        yield source
        return
    if isinstance(source, os.PathLike):
        with open(source, "rb") as handle:
            yield from iter(lambda: handle.read(_CHUNK), b"")
        return
    read = getattr(source, "read", None)
    if callable(read):
        while True:
            chunk = read(_CHUNK)
            if not chunk:
                return
            yield chunk
    else:
        yield from cast("Iterable[str | bytes]", source)


def iter_episodes(
    source: str | bytes | os.PathLike[str] | IO[bytes] | IO[str] | Iterable[str | bytes],
    *,
    format: str | None = None,
    strict: bool = False,
    on_diagnostic: Callable[[Diagnostic], None] | None = None,
    limits: Limits | None = None,
) -> Iterator[Episode]:
    """Stream the episodes of a large source one by one, in document order.

    ``source`` is a :class:`~pathlib.Path` (or other path-like), an open file,
    an iterable of ``str`` or ``bytes`` chunks, or the data itself as ``str``
    or ``bytes`` (a plain ``str`` is data, not a path: wrap paths in
    :class:`~pathlib.Path`).  Memory stays bounded by the largest episode.
    Defects go to ``on_diagnostic`` as they are found (tolerant mode), or
    raise :class:`~paperledge.ParseError` (``strict=True``).  Formats that
    cannot stream are read whole and their episodes yielded.

    ``limits`` (a :class:`~paperledge.Limits`): a stream stops after
    ``limits.max_episodes`` episodes, with a ``too-large`` diagnostic (a
    :class:`~paperledge.ParseError` when strict); streaming formats have no
    input-size limit, since their memory is bounded by the largest episode.
    Formats read whole honour ``limits.max_input_bytes`` too.
    """
    if format is None and isinstance(source, os.PathLike):
        by_extension = format_for_path(os.fspath(source))
        if by_extension is not None and by_extension.reader is not None:
            format = by_extension.name
    chunks = _chunks(source)
    if format is None:
        first = next(chunks, b"")
        fmt = sniff_format(first)
        chunks = _prepend(first, chunks)
    else:
        fmt = get_format(format)
    if fmt.streamer is not None:
        yield from fmt.streamer(chunks, strict=strict, on_diagnostic=on_diagnostic, limits=limits)
        return
    pieces = list(chunks)
    data: str | bytes = (
        b"".join(p if isinstance(p, bytes) else p.encode() for p in pieces)
        if any(isinstance(p, bytes) for p in pieces)
        else "".join(p for p in pieces if isinstance(p, str))
    )
    show = parse(data, format=fmt.name, strict=strict, limits=limits)
    if on_diagnostic is not None:
        for diagnostic in show.diagnostics:
            on_diagnostic(diagnostic)
    yield from show.episodes


def _prepend(first: str | bytes, rest: Iterator[str | bytes]) -> Iterator[str | bytes]:
    yield first
    yield from rest
