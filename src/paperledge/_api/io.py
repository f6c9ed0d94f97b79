"""The front door: ``parse``/``loads``, ``load``, ``dumps``, ``dump``, ``iter_episodes``.

Each call finds its format in the registry (by name, by file extension, or by
sniffing the data) and hands over to that format's reader or writer.
"""

from __future__ import annotations

import errno
import functools
import inspect
import io
import os
import tempfile
import warnings
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Union, cast

import attrs

from .._diagnostics import Diagnostic, FormatError, ParseError, Reporter
from .._formats.base import Format
from .._limits import Limits, resolve
from .._model import Episode, Show
from .._rules.decode import InputProbe, no_episodes_message
from .formats import format_for_path, formats, get_format, sniff_format, with_source

__all__ = ["dump", "dumps", "iter_episodes", "load", "loads", "parse"]

#: What :func:`load` and :func:`iter_episodes` read: a path (``str`` or
#: path-like) names a file; ``bytes``, an open file (binary preferred, text
#: accepted) or an iterable of ``str`` or ``bytes`` chunks is the data.
Source = Union[str, "os.PathLike[str]", bytes, IO[bytes], IO[str], Iterable[str | bytes]]
#: Where :func:`dump` writes: a path, or an open file.
Target = Union[str, "os.PathLike[str]", IO[bytes], IO[str]]

# 64 KiB: large enough for few reads, small enough that streaming stays lean
# (a chunk is held as bytes, as text and as lines at once).
_CHUNK = 1 << 16


def _reader_format(data: str | bytes, format: str | None) -> Format:
    fmt = get_format(format) if format is not None else sniff_format(data)
    if fmt.reader is None:
        raise FormatError(f"paperledge writes {fmt.name!r} but cannot read it")
    return fmt


@functools.lru_cache(maxsize=64)
def _takes(function: Callable[..., object], option: str) -> bool:
    """Whether ``function`` takes the keyword ``option`` (readers added by others may not)."""
    try:
        parameters = inspect.signature(function).parameters
    except (TypeError, ValueError):
        return False
    return option in parameters or any(
        p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values()
    )


def _options(
    function: Callable[..., object], limits: Limits | None, url: str | None
) -> dict[str, object]:
    options: dict[str, object] = {}
    if limits is not None:
        # Readers registered by others may not take limits=.
        options["limits"] = limits
    if url is not None and _takes(function, "url"):
        # Only readers of pages with links take the page's address (HTML).
        options["url"] = url
    return options


def _as_data(data: object, function: str) -> str | bytes:
    """``data`` as ``str`` or ``bytes``; a clear :class:`TypeError` for a path or a file."""
    if isinstance(data, (str, bytes)):
        return data
    if isinstance(data, (bytearray, memoryview)):
        return bytes(data)
    if isinstance(data, os.PathLike):
        raise TypeError(
            f"paperledge.{function}() reads data (str or bytes), not a path: "
            f"read the file {os.fspath(data)!r} with paperledge.load(path)"
        )
    if callable(getattr(data, "read", None)):
        raise TypeError(
            f"paperledge.{function}() reads data (str or bytes), not an open file: "
            "read it with paperledge.load(file)"
        )
    raise TypeError(
        f"paperledge.{function}() reads data as str or bytes, not {type(data).__name__}"
    )


# Formats that raise for anything but a whole document of theirs.
_EXACT = frozenset({"json"})


def _no_episodes(fmt: Format, probe: InputProbe) -> str:
    return no_episodes_message(
        probe, f"the input, read as {fmt.name}, holds nothing recognisable as an episode"
    )


def _checked(show: Show, fmt: Format, data: str | bytes, strict: bool) -> Show:
    """``show``, with ``no-episodes`` if it has no episode and its reader said nothing of it.

    The rule holds for every format, those added by others included: no
    source is silently empty.  paperledge's own JSON is the exception: it is
    exact (whatever is not a show raises), so a show in it without episodes
    is what the document says, and the document carries its diagnostics,
    which reading it back must not change.
    """
    if (
        show.episodes
        or fmt.name in _EXACT
        or any(d.code in ("no-episodes", "too-large") for d in show.diagnostics)
    ):
        return show
    probe = InputProbe()
    probe.see(data)
    reporter = Reporter(strict=strict)
    reporter.report("no-episodes", _no_episodes(fmt, probe), 1)
    return attrs.evolve(show, diagnostics=(*show.diagnostics, *reporter.diagnostics))


def parse(
    data: str | bytes,
    format: str | None = None,
    *,
    strict: bool = False,
    limits: Limits | None = None,
    url: str | None = None,
) -> Show:
    """Read a show from ``data``, a ``str`` or ``bytes``, in any format paperledge reads.

    ``data`` is the document itself, never a path: a path or an open file
    raises :class:`TypeError` (read files with :func:`load`).  The format is
    sniffed from the data unless ``format`` names it (``"text"``, ``"json"``,
    ...; see :func:`paperledge.formats`).  Tolerant by default; ``strict=True``
    raises :class:`~paperledge.ParseError` at the first defect.  ``url`` is
    the page's address, for the readers that make links absolute (HTML); the
    others do not need it.  A document that holds no episode has a
    ``no-episodes`` diagnostic, saying whether it is empty, blank or binary.
    The counterpart of :func:`dumps`.
    """
    data = _as_data(data, "parse")
    fmt = _reader_format(data, format)
    assert fmt.reader is not None
    show = fmt.reader(data, strict=strict, **_options(fmt.reader, limits, url))
    return _checked(show, fmt, data, strict)


def loads(
    data: str | bytes,
    format: str | None = None,
    *,
    strict: bool = False,
    limits: Limits | None = None,
    url: str | None = None,
) -> Show:
    """Deprecated: the same as :func:`parse`, under another name; use :func:`parse`."""
    warnings.warn(
        "paperledge.loads() is deprecated; use paperledge.parse(), which takes the same arguments",
        DeprecationWarning,
        stacklevel=2,
    )
    data = _as_data(data, "loads")
    return parse(data, format, strict=strict, limits=limits, url=url)


def _name(source: object) -> str | None:
    if isinstance(source, (str, os.PathLike)):
        return os.fspath(source)
    name = getattr(source, "name", None)
    return name if isinstance(name, str) else None


def _open(path: str | os.PathLike[str]) -> IO[bytes]:
    """The file at ``path``; a str that looks like data says that a str is a path."""
    try:
        return open(path, "rb")
    except (FileNotFoundError, OSError) as error:
        if isinstance(path, str) and ("\n" in path or error.errno == errno.ENAMETOOLONG):
            shown = path if len(path) <= 40 else path[:40] + "..."
            raise type(error)(
                error.errno,
                f"{error.strerror} (a str is a path to a file; pass the data itself "
                "as bytes, or read it with paperledge.parse(data))",
                shown,
            ) from None
        raise


def _read_source(source: Source, most: int) -> str | bytes:
    """Up to ``most`` units of ``source`` (see :data:`Source`)."""
    if isinstance(source, (str, os.PathLike)):
        with _open(source) as file:
            return file.read(most)
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source[:most])
    read = getattr(source, "read", None)
    if callable(read):
        return cast("str | bytes", read(most))
    pieces: list[str | bytes] = []
    size = 0
    for piece in _iterate(source):
        pieces.append(piece)
        size += len(piece)
        if size >= most:
            break
    return _join(pieces)[:most]


def _iterate(source: object) -> Iterator[str | bytes]:
    if not isinstance(source, Iterable):
        raise TypeError(
            "paperledge reads a path (str or path-like), bytes, an open file or an iterable "
            f"of str or bytes chunks, not {type(source).__name__}"
        )
    for piece in source:
        if isinstance(piece, (str, bytes)):
            yield piece
        elif isinstance(piece, (bytearray, memoryview)):
            yield bytes(piece)
        else:
            raise TypeError(
                f"an iterable source holds chunks of str or bytes, not {type(piece).__name__}"
            )


def _join(pieces: list[str | bytes]) -> str | bytes:
    if any(isinstance(p, bytes) for p in pieces):
        return b"".join(p if isinstance(p, bytes) else p.encode() for p in pieces)
    return "".join(p for p in pieces if isinstance(p, str))


def load(
    source: Source,
    format: str | None = None,
    *,
    strict: bool = False,
    limits: Limits | None = None,
    url: str | None = None,
) -> Show:
    """Read a show from a file, or from data read as a file is.

    A database (an SQLite archive) named by its path is read in place.

    ``source`` is a path (a ``str`` is always a path, as is a
    :class:`~pathlib.Path`), an open file, or the data as ``bytes`` or an
    iterable of ``str`` or ``bytes`` chunks.  The format comes from
    ``format``, else from the file's extension when it names a readable
    format, else from sniffing the content.  Diagnostics carry the file's
    name as their ``source``.  ``url`` as in :func:`parse`.
    """
    name = _name(source)
    archive = _archive_format(source, format)
    if archive is not None and archive.file_reader is not None:
        try:
            show = archive.file_reader(os.fspath(cast("str", source)), strict=strict)
        except ParseError as error:
            raise error.with_source(name) from None
        return _checked(show, archive, b"SQLite format 3\x00", strict)
    # One unit past the limit is enough for the reader to see that the input
    # is too large: a huge file is never read whole only to be cut.
    most = resolve(limits).max_input_bytes + 1
    data = _read_source(source, most)
    return parse_named(data, name, format=format, strict=strict, limits=limits, url=url)


def _archive_format(source: Source, format: str | None) -> Format | None:
    """The format of a path read as a file in place (a database), if it is one."""
    if not isinstance(source, (str, os.PathLike)):
        return None
    if format is not None:
        fmt: Format | None = get_format(format)
    else:
        fmt = format_for_path(os.fspath(source))
        if fmt is None:
            with _open(source) as file:
                head = file.read(16)
            fmt = next(
                (
                    f
                    for f in formats()
                    if f.file_reader and f.sniffer and f.sniffer(head.decode("latin-1"))
                ),
                None,
            )
    return fmt if fmt is not None and fmt.file_reader is not None else None


def parse_named(
    data: str | bytes,
    name: str | None,
    *,
    format: str | None = None,
    strict: bool = False,
    limits: Limits | None = None,
    url: str | None = None,
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
        show = parse(data, format, strict=strict, limits=limits, url=url)
    except ParseError as error:
        raise error.with_source(name) from None
    if name is not None and show.diagnostics:
        show = attrs.evolve(show, diagnostics=with_source(show.diagnostics, name))
    return show


def dumps(show: Show, format: str = "json") -> str:
    """Write ``show`` as a string in ``format`` (default: paperledge JSON)."""
    fmt = get_format(format)
    if fmt.writer is None and fmt.file_writer is not None:
        raise FormatError(
            f"{fmt.name} has no text form: it is a database file; write it with "
            f"paperledge.dump(show, 'archive{fmt.extensions[0]}')"
        )
    if fmt.writer is None:
        raise FormatError(f"paperledge reads {fmt.name!r} but cannot write it")
    return fmt.writer(show)


def _writer_for(name: str | None) -> str:
    """The format a file called ``name`` is written in: its extension's, JSON without one."""
    if name is None:
        return "json"
    extension = os.path.splitext(name)[1]
    fmt = format_for_path(name)
    if fmt is not None and fmt.can_write_file:
        return fmt.name
    if fmt is None and not extension:
        return "json"
    known = ", ".join(
        f"{each.name} ({' '.join(each.extensions)})"
        for each in formats()
        if each.can_write_file and each.extensions
    )
    what = (
        f"paperledge reads {fmt.name} ({extension}) but cannot write it"
        if fmt is not None
        else f"no format paperledge writes has the extension {extension!r}"
    )
    raise FormatError(f"cannot write {name!r}: {what}; pass format=, or name a file {known}")


def dump(show: Show, file: Target, format: str | None = None) -> None:
    """Write ``show`` to a path or an open file.

    Without ``format``, the file's name picks it by its extension (``.json``,
    ``.txt``, ``.md``, ...; see :func:`paperledge.formats`); an extension no
    writer has (``.html``, which paperledge only reads, or ``.yaml``) raises
    :class:`~paperledge.FormatError`, and a name without one (or a file
    without a name) is written as JSON.  A path is written atomically: a
    reader never sees half a file.  A database format (``.sqlite``) is
    written into the file in place, merged with what it holds, in one
    transaction.
    """
    if format is None:
        format = _writer_for(_name(file))
    fmt = get_format(format)
    if fmt.file_writer is not None and isinstance(file, (str, os.PathLike)):
        fmt.file_writer(show, os.fspath(file))
        return
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


def _chunks(source: Source) -> Iterator[str | bytes]:
    """``source`` (see :data:`Source`) as chunks, read as they are asked for."""
    if isinstance(source, (str, os.PathLike)):
        with _open(source) as handle:
            yield from iter(lambda: handle.read(_CHUNK), b"")
        return
    if isinstance(source, (bytes, bytearray, memoryview)):
        yield bytes(source)
        return
    read = getattr(source, "read", None)
    if callable(read):
        while True:
            chunk = read(_CHUNK)
            if not chunk:
                return
            yield chunk
    else:
        yield from _iterate(source)


def iter_episodes(
    source: Source,
    *,
    format: str | None = None,
    strict: bool = False,
    on_diagnostic: Callable[[Diagnostic], None] | None = None,
    limits: Limits | None = None,
    url: str | None = None,
) -> Iterator[Episode]:
    """Stream the episodes of a large source one by one, in document order.

    ``source`` is what :func:`load` reads: a path (a ``str`` is always a
    path, as is a :class:`~pathlib.Path`), an open file, or the data as
    ``bytes`` or an iterable of ``str`` or ``bytes`` chunks.  The format
    comes from ``format``, else the file's extension, else sniffing.
    Memory stays bounded by the largest episode.
    Defects go to ``on_diagnostic`` as they are found (tolerant mode), or
    raise :class:`~paperledge.ParseError` (``strict=True``); a source that
    yields no episode reports ``no-episodes``.  Formats that cannot stream
    are read whole and their episodes yielded.  ``url`` as in :func:`parse`.

    ``limits`` (a :class:`~paperledge.Limits`): a stream stops after
    ``limits.max_episodes`` episodes, with a ``too-large`` diagnostic (a
    :class:`~paperledge.ParseError` when strict); streaming formats have no
    input-size limit, since their memory is bounded by the largest episode.
    Formats read whole honour ``limits.max_input_bytes`` too.
    """
    name = _name(source)
    if format is None and name is not None:
        by_extension = format_for_path(name)
        if by_extension is not None and by_extension.reader is not None:
            format = by_extension.name
    chunks = _chunks(source)
    if format is None:
        first = next(chunks, b"")
        fmt = sniff_format(first)
        chunks = _prepend(first, chunks)
    else:
        fmt = get_format(format)
        if fmt.reader is None and fmt.streamer is None:
            raise FormatError(f"paperledge writes {fmt.name!r} but cannot read it")
    if fmt.streamer is not None:
        yield from _stream(
            fmt, chunks, strict=strict, on_diagnostic=on_diagnostic, limits=limits, url=url
        )
        return
    data = _join(list(chunks))
    show = parse(data, fmt.name, strict=strict, limits=limits, url=url)
    if on_diagnostic is not None:
        for diagnostic in show.diagnostics:
            on_diagnostic(diagnostic)
    yield from show.episodes


def _stream(
    fmt: Format,
    chunks: Iterator[str | bytes],
    *,
    strict: bool,
    on_diagnostic: Callable[[Diagnostic], None] | None,
    limits: Limits | None,
    url: str | None,
) -> Iterator[Episode]:
    """The episodes ``fmt`` streams; ``no-episodes`` if it yields none and says nothing of it."""
    assert fmt.streamer is not None
    probe = InputProbe()
    said = False

    def watched() -> Iterator[str | bytes]:
        for chunk in chunks:
            probe.see(chunk)
            yield chunk

    def sink(diagnostic: Diagnostic) -> None:
        nonlocal said
        said = said or diagnostic.code in ("no-episodes", "too-large")
        if on_diagnostic is not None:
            on_diagnostic(diagnostic)

    found = False
    options = _options(fmt.streamer, None, url)
    for episode in fmt.streamer(
        watched(), strict=strict, on_diagnostic=sink, limits=limits, **options
    ):
        found = True
        yield episode
    if not found and not said:
        reporter = Reporter(strict=strict, sink=on_diagnostic or (lambda _d: None))
        reporter.report("no-episodes", _no_episodes(fmt, probe), 1)


def _prepend(first: str | bytes, rest: Iterator[str | bytes]) -> Iterator[str | bytes]:
    yield first
    yield from rest
