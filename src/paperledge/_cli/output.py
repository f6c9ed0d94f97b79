"""Where the command writes: stdout, a regular file, or a device, FIFO or socket.

The rules (issue #15):

* ``-o -`` is stdout.
* A path that is not a regular file (``/dev/null``, a FIFO, a Unix socket) is
  written in place: it is never replaced by a file.
* A symbolic link is written through: its target is written (replaced, when
  it is a regular file) and the link stays.
* A regular file is replaced atomically: the text goes to a temporary file in
  the same folder, which then takes the file's place with :func:`os.replace`.
  The new file keeps the mode (and, where allowed, the owner) of the file it
  replaces; a new file gets ``0o666 & ~umask``, as ``open()`` would make it.
  An interrupted run (Ctrl-C, an error) leaves the old file as it was.
* The format comes from ``-f`` (a format's name or one of its extensions,
  ``md`` as well as ``markdown``), else from the path's extension in the
  table of formats, else JSON when the path has no extension.  An extension
  that no writer has (``y.html``, ``x.bak``) is refused.

:func:`plan_output` checks all of this before the work starts, so that an
hour's crawl does not end on "no such directory".
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import stat
import tempfile
from collections.abc import Iterator
from typing import TextIO

import attrs

from .._api import io as _io
from .._api.formats import format_for_path, formats, get_format
from .._diagnostics import FormatError
from .._formats.base import Format
from .._model import Show

__all__ = [
    "Output",
    "OutputError",
    "add_output_options",
    "format_argument",
    "plan_output",
    "writable_names",
]


class WriteFailed(Exception):
    """Writing the output failed; ``error`` is the OSError (not a closed pipe) that said so."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error.strerror or str(error))
        self.error = error


class CheckedStream:
    """A text stream whose write failures raise :class:`WriteFailed`.

    A command that reads and writes at once (``parse -f jsonl``) can then
    tell "cannot write OUT" from a failure to read its input.  A closed pipe
    stays a :class:`BrokenPipeError`: ``| head`` ends quietly.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str, /) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as error:
            raise WriteFailed(error) from error

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as error:
            raise WriteFailed(error) from error


class OutputError(Exception):
    """The output cannot be written; the message is one line for stderr."""


def writable_names() -> list[str]:
    """The names of the formats paperledge writes, sorted."""
    return sorted(fmt.name for fmt in formats() if fmt.can_write_file)


def _writable_list() -> str:
    return ", ".join(writable_names())


def format_argument(text: str) -> Format:
    """``-f``: a writable format by name or by extension (``md`` for markdown)."""
    try:
        fmt: Format | None = get_format(text)
    except FormatError:
        bare = text.lstrip(".")
        fmt = format_for_path(f"x.{bare}") if bare else None
    if fmt is None:
        raise ValueError(f"no format is called {text!r}; paperledge writes {_writable_list()}")
    if not fmt.can_write_file:
        raise ValueError(f"paperledge reads {fmt.name} but does not write it")
    return fmt


def _format_type(text: str) -> Format:
    try:
        return format_argument(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def add_output_options(command: argparse.ArgumentParser) -> None:
    """-o, -f, -v and -q, the same for ``parse`` and ``fetch``."""
    command.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="write here instead of stdout (- is stdout); a file is replaced atomically",
    )
    command.add_argument(
        "-f",
        "--format",
        type=_format_type,
        metavar="FORMAT",
        help=f"output format: {', '.join(writable_names())}, or an extension such as md "
        "(default: from OUT's extension, else json)",
    )
    command.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=0,
        help="show the library's log on stderr (-v what it does, -vv every detail)",
    )
    command.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="do not print diagnostics or progress to stderr",
    )


def _extension(path: str) -> str:
    return os.path.splitext(os.path.basename(path))[1]


def _format_for(path: str) -> Format:
    """The format a path's extension names; JSON when it has none."""
    fmt = format_for_path(path)
    if fmt is not None and fmt.can_write_file:
        return fmt
    if fmt is not None:
        raise OutputError(
            f"cannot write {path!r}: paperledge reads {fmt.name} but does not write it; "
            f"name a format with -f ({_writable_list()})"
        )
    extension = _extension(path)
    if extension:
        raise OutputError(
            f"cannot write {path!r}: no format has the extension {extension!r}; "
            f"name one with -f ({_writable_list()})"
        )
    return get_format("json")


def _umask() -> int:
    # The only way to read the umask is to set it; set it straight back.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@attrs.frozen
class Output:
    """A checked destination: ``path`` is ``None`` for stdout."""

    format: Format
    path: str | None = None

    @property
    def name(self) -> str:
        """The destination as the user wrote it, for messages."""
        return self.path if self.path is not None else "<stdout>"

    @property
    def is_stdout(self) -> bool:
        """Whether the text goes to stdout."""
        return self.path is None

    def exists(self) -> bool:
        """Whether there is already something at the path (through a link)."""
        return self.path is not None and os.path.exists(self.path)

    @contextlib.contextmanager
    def open(self, stdout: TextIO) -> Iterator[TextIO]:
        """A text stream to the destination, committed when the block ends normally.

        A regular file is replaced only if the block ends without an exception;
        otherwise the temporary file is removed and the old file stays.
        """
        if self.path is None:
            yield stdout
            stdout.flush()
            return
        try:
            info: os.stat_result | None = os.stat(self.path)  # through links
        except FileNotFoundError:
            info = None
        if info is not None and stat.S_ISSOCK(info.st_mode):
            with _socket_stream(self.path) as stream:
                yield stream
            return
        if info is not None and not stat.S_ISREG(info.st_mode):
            # A device or a FIFO: written in place, never replaced.  Opened by
            # its own name: /dev/fd/63 (a shell's >(...)) resolves to no path.
            with open(self.path, "w", encoding="utf-8", newline="") as stream:
                yield stream
            return
        # A regular file (or none yet), behind any links: replaced in its folder.
        with _replacing(os.path.realpath(self.path), info) as stream:
            yield stream

    def write(self, text: str, stdout: TextIO) -> None:
        """Write ``text`` whole to the destination."""
        with self.open(stdout) as stream:
            stream.write(text)

    def write_show(self, show: Show, stdout: TextIO) -> None:
        """Write ``show`` in the output's format.

        A database format (an SQLite archive) is merged into the file in
        place, in its own transaction (an interrupted run leaves it as it
        was), never replaced; a text format is written as :meth:`write` does.
        """
        if self.format.file_writer is not None and self.path is not None:
            try:
                self.format.file_writer(show, self.path)
            except FormatError as error:
                raise OutputError(str(error)) from None
            return
        self.write(_io.dumps(show, self.format.name), stdout)


@contextlib.contextmanager
def _replacing(real: str, info: os.stat_result | None) -> Iterator[TextIO]:
    folder, name = os.path.split(real)
    handle, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder or ".")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            yield stream
            stream.flush()
            descriptor = stream.fileno()
            if info is None:
                os.fchmod(descriptor, 0o666 & ~_umask())
            else:
                os.fchmod(descriptor, stat.S_IMODE(info.st_mode))
                if (info.st_uid, info.st_gid) != (os.geteuid(), os.getegid()):
                    # Root rewriting someone's file gives it back to them;
                    # anyone else cannot, and keeps it.
                    with contextlib.suppress(OSError):
                        os.fchown(descriptor, info.st_uid, info.st_gid)
            os.fsync(descriptor)
        os.replace(temporary, real)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


@contextlib.contextmanager
def _socket_stream(path: str) -> Iterator[TextIO]:
    # A Unix socket cannot be opened like a file: connect to it and send.
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.connect(path)
        with connection.makefile("w", encoding="utf-8", newline="") as stream:
            yield stream


def plan_output(path: str | None, chosen: Format | None) -> Output:
    """Check ``-o``/``-f`` before the work starts; :class:`OutputError` says what is wrong."""
    if path is None or path == "-":
        if chosen is not None and chosen.writer is None:
            raise OutputError(f"{chosen.name} is a database file, not text: name the file with -o")
        return Output(chosen or get_format("json"))
    if path == "":
        raise OutputError("cannot write '': an empty file name")
    fmt = chosen if chosen is not None else _format_for(path)
    try:
        info: os.stat_result | None = os.stat(path)  # through links
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise OutputError(f"cannot write {path!r}: {error.strerror or error}") from None
    folder = os.path.dirname(os.path.realpath(path)) or "."
    if info is None:
        if not os.path.isdir(folder):
            raise OutputError(f"cannot write {path!r}: no such directory {folder!r}")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise OutputError(f"cannot write {path!r}: the folder {folder!r} is not writable")
    elif stat.S_ISDIR(info.st_mode):
        raise OutputError(f"cannot write {path!r}: it is a directory")
    elif stat.S_ISREG(info.st_mode):
        if not os.access(folder, os.W_OK | os.X_OK):
            # The file is replaced through a temporary file beside it.
            raise OutputError(
                f"cannot write {path!r}: the folder {folder!r} is not writable "
                "(a file is replaced through a temporary file beside it)"
            )
    elif not stat.S_ISSOCK(info.st_mode) and not os.access(path, os.W_OK):
        raise OutputError(f"cannot write {path!r}: permission denied")
    return Output(fmt, path)
