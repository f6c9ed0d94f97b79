"""What a format is: :class:`Format`, the reader, writer and sniffer of one document form.

Each format module (or package) of :mod:`paperledge._formats` describes
itself with one ``FORMAT``; the front door (:mod:`paperledge._api.formats`)
lists them in one table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import attrs

from .._model import Episode, Show

__all__ = ["FileReader", "FileWriter", "Format", "Reader", "Sniffer", "Streamer", "Writer"]

#: ``read(data, strict=...) -> Show``
Reader = Callable[..., Show]
#: ``write(show) -> str``
Writer = Callable[[Show], str]
#: ``sniff(head) -> bool``: ``head`` is the document's first few KiB as text,
#: leading whitespace and BOM removed.
Sniffer = Callable[[str], bool]
#: ``stream(chunks, strict=..., on_diagnostic=...) -> Iterator[Episode]``
Streamer = Callable[..., Iterator[Episode]]
#: ``write_file(show, path)``: a format written into a file in place (a database),
#: which has no text form; it merges into what the file holds.
FileWriter = Callable[[Show, str], object]
#: ``read_file(path, strict=...) -> Show``: the same format read from its file.
FileReader = Callable[..., Show]


@attrs.frozen(kw_only=True, repr=False)
class Format:
    """A document format paperledge can read, write, or both."""

    name: str
    description: str
    extensions: tuple[str, ...] = ()
    media_type: str = "text/plain"
    reader: Reader | None = None
    writer: Writer | None = None
    sniffer: Sniffer | None = None
    streamer: Streamer | None = None
    file_writer: FileWriter | None = None
    file_reader: FileReader | None = None

    def __repr__(self) -> str:
        abilities = "/".join(
            word
            for word, able in (("read", self.can_read), ("write", self.can_write_file))
            if able
        )
        return f"<Format {self.name!r} {abilities} {' '.join(self.extensions)}>".replace(" >", ">")

    @property
    def can_read(self) -> bool:
        """Whether paperledge reads this format."""
        return self.reader is not None

    @property
    def can_write(self) -> bool:
        """Whether paperledge writes this format."""
        return self.writer is not None

    @property
    def can_write_file(self) -> bool:
        """Whether paperledge writes this format to a file (as text, or into a database)."""
        return self.writer is not None or self.file_writer is not None
