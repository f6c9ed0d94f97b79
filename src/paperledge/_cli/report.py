"""How the command talks on stderr: diagnostics, their summary, the library's log, Ctrl-C.

* Diagnostics are printed one a line, ``FILE:LINE:COL: code: message``.  The
  same diagnostic (the same code and message) is printed :data:`FEW` times;
  the rest are counted, and a summary line says how many there were of each.
* ``-v``/``-vv`` show the library's log (``logging.getLogger("paperledge")``)
  at INFO/DEBUG; by default only its warnings, with ``-q`` only its errors.
* Ctrl-C ends the command with one line and exit status 130.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
from collections import Counter
from collections.abc import Iterator, Sequence
from types import FrameType
from typing import TextIO

from .._diagnostics import Diagnostic

__all__ = [
    "EXIT_INTERRUPTED",
    "FEW",
    "DiagnosticPrinter",
    "interrupts_in_this_process",
    "library_log",
]

#: The exit status of a command ended by Ctrl-C (128 + SIGINT), as shells use.
EXIT_INTERRUPTED = 130
#: How many times the same diagnostic is printed before the rest are only counted.
FEW = 5
#: How many kinds of held-back diagnostics the summary names, one line each.
_KINDS_NAMED = 10


class DiagnosticPrinter:
    """Prints diagnostics as they come, holding back repeats; :meth:`summary` at the end."""

    def __init__(self, stream: TextIO, *, quiet: bool = False, few: int = FEW) -> None:
        self.stream = stream
        self.quiet = quiet
        self.few = few
        self.total = 0
        self._seen: Counter[tuple[str, str]] = Counter()
        self.codes: Counter[str] = Counter()

    def __call__(self, diagnostic: Diagnostic) -> None:
        self.total += 1
        key = (diagnostic.code, diagnostic.message)
        self._seen[key] += 1
        self.codes[diagnostic.code] += 1
        if not self.quiet and self._seen[key] <= self.few:
            self.stream.write(f"{diagnostic}\n")

    def print_all(self, diagnostics: Sequence[Diagnostic]) -> None:
        """Print ``diagnostics`` and the summary."""
        for diagnostic in diagnostics:
            self(diagnostic)
        self.summary()

    def summary(self) -> None:
        """Say how many were held back, of which kind, and how many there were in all."""
        if self.quiet or self.total <= self.few:
            return
        held = [
            (key, count - self.few) for key, count in self._seen.most_common() if count > self.few
        ]
        for (code, message), count in held[:_KINDS_NAMED]:
            self.stream.write(f"paperledge: {count:,} more like '{code}: {message}' not shown\n")
        if len(held) > _KINDS_NAMED:
            rest = sum(count for _key, count in held[_KINDS_NAMED:])
            self.stream.write(
                f"paperledge: {rest:,} more of {len(held) - _KINDS_NAMED} other kinds not shown\n"
            )
        kinds = ", ".join(f"{count:,} {code}" for code, count in self.codes.most_common())
        self.stream.write(f"paperledge: {self.total:,} diagnostics: {kinds}\n")


# Generic in the stubs only: StreamHandler[TextIO] fails at run time on 3.10.
class _LogHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Log lines on stderr; on a terminal, clear a progress line drawn there first."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__(stream)
        isatty = getattr(stream, "isatty", None)
        self.tty = bool(isatty()) if callable(isatty) else False
        self.setFormatter(logging.Formatter("paperledge: %(message)s"))

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        return f"\r\x1b[K{text}" if self.tty else text


@contextlib.contextmanager
def library_log(stream: TextIO, verbosity: int, *, quiet: bool = False) -> Iterator[None]:
    """Send the ``paperledge`` logger to ``stream`` for the block: -v INFO, -vv DEBUG."""
    if quiet:
        level = logging.ERROR
    else:
        level = (logging.WARNING, logging.INFO)[verbosity] if verbosity < 2 else logging.DEBUG
    logger = logging.getLogger("paperledge")
    handler = _LogHandler(stream)
    handler.setLevel(level)
    saved = (logger.level, logger.propagate)
    logger.setLevel(level)
    # Ours is the one place its lines go while the command runs: not twice
    # through a handler of the root logger too.
    logger.propagate = False
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]


@contextlib.contextmanager
def interrupts_in_this_process() -> Iterator[None]:
    """Ctrl-C interrupts this process only, not the worker processes it forks.

    A terminal sends SIGINT to every process of the command; workers that
    ``paperledge parse -j`` forked inherit this handler, which ignores it
    there, so that they do not each print a traceback: the parent stops them.
    """
    parent = os.getpid()

    def interrupt(_signal: int, _frame: FrameType | None) -> None:
        if os.getpid() == parent:
            raise KeyboardInterrupt

    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:  # started with nohup or in `cmd &`
        yield
        return
    try:
        previous = signal.signal(signal.SIGINT, interrupt)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
