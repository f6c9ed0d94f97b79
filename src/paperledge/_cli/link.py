"""``paperledge link`` and ``--link-papers``: episodes linked to their arXiv papers.

Kept apart from :mod:`paperledge._cli.main` so that the command line works
without httpx: :mod:`paperledge.arxiv` is imported only when linking runs.
"""

from __future__ import annotations

import argparse
import collections
import time
from typing import TYPE_CHECKING, Any, TextIO

from .._api import io as _api
from .._api.formats import get_format
from .._diagnostics import PaperledgeError
from .._model import Show
from .arguments import non_negative_float, positive_int
from .output import Output, OutputError, add_output_options, plan_output
from .report import EXIT_INTERRUPTED, DiagnosticPrinter

if TYPE_CHECKING:
    from ..arxiv import ArxivSettings, Progress

__all__ = ["LinkFailed", "add_link_command", "add_link_options", "link_show", "run_link"]

EXIT_OK = 0
EXIT_NOTHING = 1
EXIT_USAGE = 2

_SQLITE_MAGIC = b"SQLite format 3\x00"

_EXAMPLES = """\
examples:
  paperledge link show.json -o linked.json      every episode's paper, into a new file
  paperledge link archive.sqlite                the archive linked in place
  paperledge link show.json --cache ~/.cache/paperledge-arxiv -f csv
                                                responses kept: a second run asks nothing
  paperledge parse --sample --link-papers -o show.json
  paperledge fetch https://paperledge.podbean.com/ --link-papers -o archive.sqlite

Titled episodes are found by title and confirmed by their credited authors;
untitled ones by their first credited authors and date. An episode is linked
only when one paper is clearly the best: the others get a paper-unmatched or
paper-ambiguous diagnostic on stderr. arXiv asks for one request every three
seconds: --delay keeps to that by default, and several episodes share a query.
An SQLite archive is linked in place, in one transaction (-o writes elsewhere).
Exit status: 0 success, 1 no query could be answered (arXiv unreachable),
2 a usage or file error, 130 interrupted (with --cache, run it again to resume).
"""


class LinkFailed(Exception):
    """Linking could not start (httpx missing, a cache folder that cannot be made)."""


def add_link_options(command: argparse.ArgumentParser, *, prefix: str = "arxiv-") -> None:
    """``--link-papers`` and the arXiv options, for ``parse`` and ``fetch``."""
    command.add_argument(
        "--link-papers",
        action="store_true",
        help="link each episode to its arXiv paper (asks arXiv's API; see 'paperledge link')",
    )
    _arxiv_options(command, prefix=prefix)


def _arxiv_options(command: argparse.ArgumentParser, *, prefix: str) -> None:
    command.add_argument(
        "--arxiv-url",
        metavar="URL",
        help="arXiv's query API (default: https://export.arxiv.org/api/query)",
    )
    command.add_argument(
        f"--{prefix}cache",
        dest="arxiv_cache",
        metavar="DIR",
        help="keep arXiv's answers here: a second run asks nothing, an interrupted one resumes",
    )
    command.add_argument(
        f"--{prefix}delay",
        dest="arxiv_delay",
        type=non_negative_float,
        default=3.0,
        metavar="SECONDS",
        help="at least this long between two requests to arXiv (default: 3, as arXiv asks)",
    )
    command.add_argument(
        f"--{prefix}tries",
        dest="arxiv_tries",
        type=positive_int,
        default=4,
        metavar="N",
        help="try a failing arXiv query at most N times (429, 5xx, lost connections; default: 4)",
    )


def add_link_command(subparsers: Any) -> None:
    """Add ``link`` to the ``paperledge`` command's subparsers."""
    link = subparsers.add_parser(
        "link",
        help="link each episode to the arXiv paper it retells",
        description="Read FILE_OR_ARCHIVE (any format paperledge reads), find each episode's "
        "paper on arXiv and write the show with the links: an SQLite archive in place, "
        "another file to stdout or -o. Needs the 'fetch' extra: pip install paperledge[fetch].",
        epilog=_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    link.add_argument("input", metavar="FILE_OR_ARCHIVE", help="a show file or an SQLite archive")
    _arxiv_options(link, prefix="")
    add_output_options(link)


def _status(p: Progress) -> str:
    return (
        f"episodes {p.episodes_done}/{p.episodes_total} · linked {p.linked} · "
        f"requests {p.requests} · cached {p.cached} · retries {p.retries}"
        + (f" · failed {p.failures}" if p.failures else "")
    )


class _Display:
    """The progress on a terminal: one line redrawn at most ten times a second."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        isatty = getattr(stream, "isatty", None)
        self.tty = bool(isatty()) if callable(isatty) else False
        self._last = 0.0
        self._drawn = False

    def __call__(self, p: Progress) -> None:
        if not self.tty:
            return
        now = time.monotonic()
        if p.event != "done" and now - self._last < 0.1:
            return
        self._last = now
        self.stream.write(f"\r\x1b[K{_status(p)}")
        self._drawn = True
        self.stream.flush()

    def close(self) -> None:
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False


def _settings(args: argparse.Namespace, make: type[ArxivSettings]) -> ArxivSettings:
    options: dict[str, Any] = {"delay": args.arxiv_delay, "tries": args.arxiv_tries}
    if args.arxiv_url:
        options["api_url"] = args.arxiv_url
    if args.arxiv_cache:
        options["cache"] = args.arxiv_cache
    return make(**options)


def link_summary(before: Show, after: Show) -> str:
    """One line: how many episodes were linked, by which route, how many were not."""
    routes = collections.Counter(
        e.paper.matched_by
        for old, e in zip(before.episodes, after.episodes, strict=True)
        if e.paper is not None and old.paper is None
    )
    kept = sum(1 for e in before.episodes if e.paper is not None)
    unlinked = sum(1 for e in after.episodes if e.paper is None)
    by = ", ".join(f"{routes[r]} by {r}" for r in ("title", "authors", "both") if routes[r])
    linked = sum(routes.values())
    text = f"{len(after.episodes)} episodes: {linked} linked" + (f" ({by})" if by else "")
    if kept:
        text += f", {kept} already linked"
    return text + f", {unlinked} not linked"


def link_show(show: Show, args: argparse.Namespace, stderr: TextIO) -> tuple[Show, int]:
    """``show`` linked as the options say, and how many queries were answered.

    The run's diagnostics and a summary line are written to ``stderr``
    (unless ``--quiet``), and a progress line while it runs on a terminal.

    Raises :class:`LinkFailed` when linking cannot start.
    """
    try:
        from .. import arxiv  # noqa: PLC0415 - needs httpx, an optional dependency
    except ImportError as error:
        raise LinkFailed(str(error)) from None
    try:
        settings = _settings(args, arxiv.ArxivSettings)
    except ValueError as error:
        raise LinkFailed(str(error)) from None
    display = None if args.quiet else _Display(stderr)
    answered = 0

    def progress(p: Progress) -> None:
        nonlocal answered
        if p.event in ("request", "cached"):
            answered += 1
        if display is not None:
            display(p)

    try:
        linked = arxiv.link(show, settings=settings, progress=progress)
    except OSError as error:  # the cache folder cannot be made
        reason = error.strerror or str(error)
        raise LinkFailed(f"cannot use the cache {args.arxiv_cache!r}: {reason}") from None
    finally:
        if display is not None:
            display.close()
    old = {id(d) for d in show.diagnostics}
    printer = DiagnosticPrinter(stderr, quiet=args.quiet)
    printer.print_all([d for d in linked.diagnostics if id(d) not in old])
    if not args.quiet:
        stderr.write(f"paperledge: {link_summary(show, linked)}\n")
    return linked, answered


def _is_archive(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(_SQLITE_MAGIC)) == _SQLITE_MAGIC
    except OSError:
        return False


def _plan(args: argparse.Namespace) -> Output:
    """Where the linked show goes: an archive in place unless -o or -f say otherwise."""
    if args.output is None and args.format is None and _is_archive(args.input):
        return plan_output(args.input, get_format("sqlite"))
    return plan_output(args.output, args.format)


def run_link(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Run ``paperledge link`` with parsed ``args``; return the exit status."""
    try:
        output = _plan(args)
    except OutputError as error:
        stderr.write(f"paperledge: {error}\n")
        return EXIT_USAGE
    try:
        show = _api.load(args.input)
    except OSError as error:
        stderr.write(f"paperledge: cannot read {args.input!r}: {error.strerror or error}\n")
        return EXIT_USAGE
    except PaperledgeError as error:
        stderr.write(f"paperledge: cannot read {args.input!r}: {error}\n")
        return EXIT_USAGE
    try:
        linked, answered = link_show(show, args, stderr)
    except LinkFailed as error:
        stderr.write(f"paperledge link: {error}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        resume = " (run it again to resume)" if args.arxiv_cache else ""
        stderr.write(f"paperledge link: interrupted{resume}\n")
        return EXIT_INTERRUPTED
    try:
        output.write_show(linked, stdout)
    except OSError as error:
        if output.is_stdout and isinstance(error, BrokenPipeError):
            raise
        stderr.write(f"paperledge: cannot write {output.name!r}: {error.strerror or error}\n")
        return EXIT_USAGE
    except OutputError as error:
        stderr.write(f"paperledge: cannot write {output.name!r}: {error}\n")
        return EXIT_USAGE
    # Queries were sent (each failed one is a diagnostic naming its URL) and
    # none was answered: arXiv is down or the address is wrong.  The show's own
    # diagnostics (an earlier crawl's fetch-* kept in the file) are not this run's.
    earlier = {id(d) for d in show.diagnostics}
    failed = any(
        d.source and d.code.startswith(("fetch-", "arxiv-"))
        for d in linked.diagnostics
        if id(d) not in earlier
    )
    return EXIT_NOTHING if failed and answered == 0 else EXIT_OK
