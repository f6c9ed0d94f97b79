"""Response bodies read with a bound on what they decode to.

httpx's own decoders inflate each network chunk whole: 2 KB of stacked gzip
(``Content-Encoding: gzip, gzip``) become gigabytes in one call that never
yields to the event loop, so neither the size cap nor the timeout can act.
Here every content coding is undone by :func:`zlib.decompressobj` with a
``max_length``, in steps of :data:`STEP` bytes, each layer feeding the next
step by step; the reader counts the decoded bytes as they come, stops at the
cap and gives the event loop a turn after every step.

Codings: ``gzip`` (and ``x-gzip``), ``deflate`` (zlib-wrapped as RFC 9110
says, or raw as some servers send it), ``identity``, and ``br`` when the
``brotli`` package (1.2 or later, which can bound its output) is installed,
stacked in any order and number.  Any other coding is refused: its bytes
cannot be read.
"""

from __future__ import annotations

import asyncio
import io
import zlib
from collections.abc import AsyncIterable, Iterator
from typing import Any

__all__ = [
    "ACCEPT_ENCODING",
    "MAX_CODINGS",
    "STEP",
    "BodyCorrupt",
    "BodyTooLarge",
    "Decoder",
    "UnsupportedEncoding",
    "read_bounded",
]

#: The most one decoding step produces (and so the most decoded in one go
#: between two turns of the event loop).
STEP = 64 << 10
#: The most codings one body may stack: each is a generator nested in the
#: last, and thousands would reach Python's recursion limit.
MAX_CODINGS = 8

try:  # brotli is optional: br is asked for and read only when it can be bounded
    # brotli ships no type hints, and is often not installed at all.
    import brotli as _brotli  # type: ignore[import-untyped, import-not-found, unused-ignore]
except ImportError:  # pragma: no cover - depends on what is installed
    _brotli = None


def _brotli_bounded() -> bool:
    # brotli 1.2 added output_buffer_limit; an older one inflates without a bound.
    return _brotli is not None and hasattr(_brotli.Decompressor(), "can_accept_more_data")


#: The codings paperledge asks for, all of which it decodes with a bound.
ACCEPT_ENCODING = "gzip, deflate, br" if _brotli_bounded() else "gzip, deflate"


class UnsupportedEncoding(Exception):
    """A Content-Encoding this module cannot undo (its name is the message)."""


class BodyCorrupt(Exception):
    """The body does not decode under its Content-Encoding."""


class BodyTooLarge(Exception):
    """The decoded body passed the cap (the cap is in ``limit``)."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"more than {limit} bytes once decoded")
        self.limit = limit


class _Zlib:
    """One gzip or deflate layer, inflating at most :data:`STEP` bytes a call."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._gzip = name == "gzip"
        self._inflate: Any = zlib.decompressobj(16 + zlib.MAX_WBITS) if self._gzip else None
        self._head = b""

    def _start_deflate(self, data: bytes) -> bytes:
        # RFC 9110's deflate is zlib-wrapped, but servers send raw deflate
        # too: a valid zlib header (CM 8, FCHECK) tells them apart.
        data = self._head + data
        if len(data) < 2:
            self._head = data
            return b""
        wrapped = data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0
        self._inflate = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
        return data

    def decode(self, data: bytes) -> Iterator[bytes]:
        if self._inflate is None:
            data = self._start_deflate(data)
            if self._inflate is None:
                return
        pending = data
        while True:
            if self._inflate.eof:
                # Another gzip member may follow (RFC 1952 2.2); anything
                # else after the stream is ignored, as gzip's readers do.
                rest = self._inflate.unused_data + pending
                if not (self._gzip and rest.startswith(b"\x1f\x8b")):
                    return
                self._inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
                pending = rest
            try:
                out = self._inflate.decompress(pending, STEP)
            except zlib.error as error:
                raise BodyCorrupt(f"{self.name} data corrupt ({error})") from None
            pending = self._inflate.unconsumed_tail
            if out:
                yield out
            # Output short of a full step with no input left: drained (at
            # the end of a stream, the top of the loop looks for another).
            if not pending and len(out) < STEP and not self._inflate.eof:
                return


class _Brotli:  # pragma: no cover - needs brotli 1.2, an optional package
    """One br layer, bounded through brotli's output_buffer_limit."""

    name = "br"

    def __init__(self) -> None:
        assert _brotli is not None
        self._inflate = _brotli.Decompressor()

    def decode(self, data: bytes) -> Iterator[bytes]:
        try:
            out = self._inflate.process(data, output_buffer_limit=STEP)
            while True:
                if out:
                    yield out
                if self._inflate.is_finished() or self._inflate.can_accept_more_data():
                    return
                out = self._inflate.process(b"", output_buffer_limit=STEP)
        except _brotli.error as error:
            raise BodyCorrupt(f"br data corrupt ({error})") from None


def _layer(name: str) -> _Zlib | _Brotli:
    if name in ("gzip", "x-gzip"):
        return _Zlib("gzip")
    if name == "deflate":
        return _Zlib("deflate")
    if name == "br" and _brotli_bounded():
        return _Brotli()
    raise UnsupportedEncoding(name)


class Decoder:
    """Undoes the content codings named by Content-Encoding, in bounded steps.

    ``codings`` are the header's values in the order the server applied them
    (``["gzip", "br"]``: gzip first, so br is undone first).
    """

    def __init__(self, codings: list[str]) -> None:
        names = [n for n in (c.strip().lower() for c in codings) if n and n != "identity"]
        if len(names) > MAX_CODINGS:
            raise UnsupportedEncoding(f"of {len(names)} stacked codings (at most {MAX_CODINGS})")
        self._layers = [_layer(n) for n in names][::-1]

    def decode(self, data: bytes) -> Iterator[bytes]:
        """Pieces of at most :data:`STEP` bytes decoded from ``data``, lazily."""
        return self._through(0, data)

    def _through(self, index: int, data: bytes) -> Iterator[bytes]:
        if index == len(self._layers):
            if data:
                yield data
            return
        for piece in self._layers[index].decode(data):
            yield from self._through(index + 1, piece)


async def read_bounded(
    chunks: AsyncIterable[bytes],
    decoder: Decoder,
    limit: int,
    into: io.BytesIO,
    *,
    truncate: bool = False,
) -> bool:
    """Decode ``chunks`` into ``into``, at most ``limit`` bytes; whether it was cut.

    Raises :class:`BodyTooLarge` past ``limit`` unless ``truncate`` (then the
    first ``limit`` bytes are the body and reading stops there).  ``into``
    holds what was decoded when an error stops the reading (a body cut
    short).  A :class:`io.BytesIO`, not a list joined at the end: its
    ``getvalue()`` hands over its buffer without a copy, so the peak is about
    the body, not twice it.
    """
    size = into.tell()
    async for chunk in chunks:
        for piece in decoder.decode(chunk):
            if size + len(piece) > limit:
                if not truncate:
                    raise BodyTooLarge(limit)
                into.write(piece[: limit - size])
                return True
            into.write(piece)
            size += len(piece)
            # A turn for the event loop after each step: timeouts and other
            # requests go on while a large body decodes.
            await asyncio.sleep(0)
    return False
