"""The registry of formats behind ``parse``/``load``/``dumps``/``dump``.

Each format module registers a :class:`Format` when it is imported: its
name, file extensions, a reader and a writer where it has them, and a
sniffer that recognises its documents.  The front door never names a format
module; adding a format is one :func:`register_format` call.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

import attrs

from .._diagnostics import Diagnostic, FormatError
from .._model.episode import Episode, Show
from .._rules.decode import sniff_bom

__all__ = ["Format", "formats", "get_format", "register_format", "sniff_format"]

#: ``read(data, strict=...) -> Show``
Reader = Callable[..., Show]
#: ``write(show) -> str``
Writer = Callable[[Show], str]
#: ``sniff(head) -> bool``: ``head`` is the document's first few KiB as text,
#: leading whitespace and BOM removed.
Sniffer = Callable[[str], bool]
#: ``stream(chunks, strict=..., on_diagnostic=...) -> Iterator[Episode]``
Streamer = Callable[..., Iterator[Episode]]


@attrs.frozen(kw_only=True, repr=False)
class Format:
    """A document format paperledge can read, write, or both.

    ``priority`` orders sniffing: higher goes first, so a specific format
    (JSON, HTML) is tried before the catch-all text dump.
    """

    name: str
    description: str
    extensions: tuple[str, ...] = ()
    media_type: str = "text/plain"
    reader: Reader | None = None
    writer: Writer | None = None
    sniffer: Sniffer | None = None
    streamer: Streamer | None = None
    priority: int = 0

    def __repr__(self) -> str:
        abilities = "/".join(
            word for word, able in (("read", self.can_read), ("write", self.can_write)) if able
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


_FORMATS: dict[str, Format] = {}


def register_format(fmt: Format) -> Format:
    """Add ``fmt`` to the registry (replacing one of the same name)."""
    _FORMATS[fmt.name] = fmt
    return fmt


def formats() -> tuple[Format, ...]:
    """Every registered format, in sniffing order."""
    return tuple(sorted(_FORMATS.values(), key=lambda f: (-f.priority, f.name)))


def get_format(name: str) -> Format:
    """The format called ``name`` (case-insensitive); :class:`FormatError` if none."""
    fmt = _FORMATS.get(name.lower())
    if fmt is None:
        known = ", ".join(sorted(_FORMATS))
        raise FormatError(f"unknown format {name!r}; known formats: {known}")
    return fmt


def format_for_path(path: str) -> Format | None:
    """The format whose extension ``path`` ends with, if any."""
    lowered = path.lower()
    best: Format | None = None
    best_length = 0
    for fmt in _FORMATS.values():
        for extension in fmt.extensions:
            if lowered.endswith(extension) and len(extension) > best_length:
                best, best_length = fmt, len(extension)
    return best


def _head(data: str | bytes, size: int = 4096) -> str:
    if isinstance(data, str):
        text = data[:size]
    else:
        # A byte-order mark names the encoding (UTF-16 pages exist).
        encoding, skip = sniff_bom(data)
        text = data[skip:size].decode(encoding, "replace")
    return text.lstrip("\ufeff \t\r\n")


def sniff_format(data: str | bytes) -> Format:
    """The readable format ``data`` looks like; text dumps are the fallback."""
    head = _head(data)
    for fmt in formats():
        if fmt.reader is not None and fmt.sniffer is not None and fmt.sniffer(head):
            return fmt
    return get_format("text")


def with_source(diagnostics: Iterable[Diagnostic], source: str | None) -> tuple[Diagnostic, ...]:
    """``diagnostics`` with ``source`` filled in where it is missing."""
    if source is None:
        return tuple(diagnostics)
    return tuple(
        d if d.source is not None else attrs.evolve(d, source=source) for d in diagnostics
    )
