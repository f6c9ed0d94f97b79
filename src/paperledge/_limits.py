"""Resource limits: how much one parse may read.

Every reader takes ``limits=`` (a :class:`Limits`, or ``None`` for
:data:`DEFAULT_LIMITS`).  Past a limit, tolerant mode keeps what it read up
to the limit and reports ``too-large``; strict mode raises
:class:`~paperledge.ParseError` with code ``too-large``.  Either way the
message names the limit and how to raise it.

Why these defaults:

* ``max_input_bytes`` = 512 MiB.  The show's whole archive (thousands of
  episodes of about 5 KB each) is some tens of MB as text dumps and a few
  hundred MB as saved HTML pages, so 512 MiB passes any real input with room
  to spare.  A whole-document parse holds the input, its text and the
  episodes at once (about 3-6 times the input's size, see
  ``benchmarks/bench_hostile.py``), so 512 MiB keeps the peak within a few
  GiB: it is a bound on memory, not on time (parsing is linear).
* ``max_episodes`` = 1,000,000.  The show has thousands of episodes; a
  million is a few hundred times that, and about as many
  :class:`~paperledge.Episode` objects as fit comfortably in memory at once
  (a few GiB with their text).  An input that holds more is not the show.

A ``str`` is measured in characters, ``bytes`` in bytes.  Streaming
(:func:`paperledge.iter_episodes` and the ``iter_*_episodes`` readers) has
no input-size limit, since its memory is bounded by the largest episode;
it honours ``max_episodes`` per stream (per call).
"""

from __future__ import annotations

import attrs

from ._diagnostics import Reporter

__all__ = ["DEFAULT_LIMITS", "Limits", "clip_input", "episode_limit_reached", "resolve"]

MiB = 1 << 20


def _positive(_instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if type(value) is not int or value < 1:
        raise ValueError(f"Limits.{attribute.name} must be a positive int, not {value!r}")


@attrs.frozen(kw_only=True)
class Limits:
    """How much one parse may read.

    Pass one to any reader as ``limits=`` (``None`` means the defaults).  Past
    a limit, tolerant mode keeps what it read and reports ``too-large``;
    strict mode raises :class:`~paperledge.ParseError`.  Both limits are
    positive ints.
    """

    max_input_bytes: int = attrs.field(default=512 * MiB, validator=_positive)
    """The largest input a whole-document reader accepts: bytes for ``bytes``
    input, characters for ``str``.  The default, 512 MiB, passes the whole
    archive of the show with room to spare and keeps a parse's memory within a
    few GiB.  Streaming readers have no such limit: their memory is bounded by
    the largest episode."""
    max_episodes: int = attrs.field(default=1_000_000, validator=_positive)
    """The most episodes one parse, or one stream, returns.  The default, a
    million, is a few hundred times the show's episodes: an input that holds
    more is not the show."""


DEFAULT_LIMITS = Limits()
"""The limits used when a reader is given ``limits=None``."""


def resolve(limits: Limits | None) -> Limits:
    """``limits``, or the defaults."""
    return DEFAULT_LIMITS if limits is None else limits


def _line_of(data: str | bytes, offset: int) -> int:
    if isinstance(data, bytes):
        return data.count(b"\n", 0, offset) + 1
    return data.count("\n", 0, offset) + 1


def _cut(data: str | bytes, limit: int) -> int:
    """Where to cut ``data`` to keep at most ``limit`` units: after the last
    line end within the limit, else at the limit (not inside a UTF-8
    character)."""
    if isinstance(data, bytes):
        newline = data.rfind(b"\n", 0, limit)
        if newline >= 0:
            return newline + 1
        cut = limit
        # Back off over UTF-8 continuation bytes (at most three).
        while cut > 0 and limit - cut < 3 and 0x80 <= data[cut] < 0xC0:
            cut -= 1
        return cut
    newline = data.rfind("\n", 0, limit)
    return newline + 1 if newline >= 0 else limit


def clip_input(data: str | bytes, limits: Limits | None, reporter: Reporter) -> str | bytes:
    """``data``, cut to ``limits.max_input_bytes`` with a ``too-large`` report
    when it is longer (a :class:`~paperledge.ParseError` when strict)."""
    limit = resolve(limits).max_input_bytes
    size = len(data)
    if size <= limit:
        return data
    unit = "bytes" if isinstance(data, bytes) else "characters"
    cut = _cut(data, limit)
    # Larger than, not the exact size: load() reads a file only up to one
    # unit past the limit, so the whole size is not always known.
    reporter.report(
        "too-large",
        f"the input is larger than the limit of {limit:,} {unit} "
        f"(Limits.max_input_bytes); only the first {cut:,} were read. Raise the limit "
        "with limits=paperledge.Limits(max_input_bytes=...)",
        _line_of(data, cut),
    )
    return data[:cut]


def episode_limit_reached(
    count: int, limits: Limits | None, reporter: Reporter, line: int
) -> bool:
    """Whether ``count`` episodes already read are the most allowed; if so,
    report ``too-large`` at ``line`` (where the next episode starts)."""
    limit = resolve(limits).max_episodes
    if count < limit:
        return False
    reporter.report(
        "too-large",
        f"more than {limit:,} episodes (Limits.max_episodes); the rest was not read. "
        "Raise the limit with limits=paperledge.Limits(max_episodes=...)",
        line,
    )
    return True
