"""The ``paperledge fetch`` command: crawl the show's site and write one show.

Kept apart from :mod:`paperledge._cli.main` so that the command line works without
httpx: :mod:`paperledge.fetch` is imported only when the command runs.
"""

from __future__ import annotations

import argparse
import time
from typing import TYPE_CHECKING, Any, TextIO

from .._model import Show
from .arguments import non_negative_float, positive_float, positive_int
from .link import LinkFailed, add_link_options, link_show
from .output import Output, OutputError, add_output_options, plan_output
from .report import EXIT_INTERRUPTED, DiagnosticPrinter

if TYPE_CHECKING:
    from ..fetch import Progress

__all__ = ["add_fetch_command", "run_fetch"]

EXIT_OK = 0
EXIT_NOTHING = 1
EXIT_USAGE = 2

_EXAMPLES = """\
examples:
  paperledge fetch https://paperledge.podbean.com/ -o show.json
  paperledge fetch https://paperledge.podbean.com/ --max-pages 3 -f markdown
  paperledge fetch https://paperledge.podbean.com/ --episodes --cache ~/.cache/paperledge
  paperledge fetch https://paperledge.podbean.com/ -v -o show.json
                                                with the crawler's log (-vv: every retry)
  paperledge fetch https://paperledge.podbean.com/ --link-papers --cache ~/.cache/paperledge
                                                each episode linked to its arXiv paper

With --cache, a second run sends conditional requests and downloads only what
changed, and an interrupted run (Ctrl-C, a crash) resumes where it stopped.
Problems are reported as fetch-* diagnostics on stderr, each naming its URL and
its cause (connection refused, DNS, TLS, an HTTP status); the crawl goes on.
OUT is replaced only when the crawl read something: a run that reads nothing
(the site is down) says why in one line and leaves OUT as it was.
Exit status: 0 success, 1 nothing could be fetched, 2 a usage or file error,
130 interrupted.
"""


def add_fetch_command(subparsers: Any) -> None:
    """Add ``fetch`` to the ``paperledge`` command's subparsers."""
    fetch = subparsers.add_parser(
        "fetch",
        help="crawl the show's site (listing pages, episode pages, feed) into one show",
        description="Walk the listing pages from URL through their 'older' links, read the "
        "feed they link to (and with --episodes each episode's page), merge it all and write "
        "it. Polite by default: robots.txt, one request per --delay seconds. Needs the "
        "'fetch' extra: pip install paperledge[fetch].",
        epilog=_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    fetch.add_argument("url", metavar="URL", help="the first listing page (the site's root)")
    fetch.add_argument(
        "--max-pages", type=positive_int, metavar="N", help="read at most N listing pages"
    )
    fetch.add_argument("--episodes", action="store_true", help="also read each episode's own page")
    fetch.add_argument(
        "--no-feed", dest="feed", action="store_false", help="do not read the show's feed"
    )
    fetch.add_argument(
        "--cache",
        metavar="DIR",
        help="keep responses here: conditional requests next time, resume when interrupted",
    )
    fetch.add_argument(
        "--delay",
        type=non_negative_float,
        default=1.0,
        metavar="SECONDS",
        help="at least this long between two requests to a host (default: 1)",
    )
    fetch.add_argument(
        "--concurrency",
        type=positive_int,
        default=2,
        metavar="N",
        help="at most N requests at once (default: 2)",
    )
    fetch.add_argument(
        "--timeout",
        type=positive_float,
        default=30.0,
        metavar="SECONDS",
        help="give one request this long before trying again (default: 30)",
    )
    add_link_options(fetch)
    fetch.add_argument(
        "--tries",
        type=positive_int,
        default=4,
        metavar="N",
        help="try a failing URL at most N times (default: 4)",
    )
    add_output_options(fetch)


def _clock(seconds: float) -> str:
    minutes, seconds = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def _status(p: Progress) -> str:
    pages = f"pages {p.pages_done}" + (f"/{p.pages_total}" if p.pages_total else "")
    parts = [pages]
    if p.episode_pages_total:
        parts.append(f"episode pages {p.episode_pages_done}/{p.episode_pages_total}")
    parts.append(f"episodes {p.episodes_found}")
    parts.append(f"{p.rate:.1f} req/s")
    if p.not_modified or p.resumed:
        parts.append(f"unchanged {p.not_modified + p.resumed}")
    parts.append(f"retries {p.retries}")
    if p.failures:
        parts.append(f"failed {p.failures}")
    eta = p.eta
    if eta is not None:
        parts.append(f"ETA {_clock(eta)}")
    return " · ".join(parts)


class _Display:
    """The progress on stderr: one redrawn line on a terminal, log lines elsewhere."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        isatty = getattr(stream, "isatty", None)
        self.tty = bool(isatty()) if callable(isatty) else False
        self._last_draw = 0.0
        self._drawn = False

    def __call__(self, p: Progress) -> None:
        if self.tty:
            now = time.monotonic()
            # Redraw at most ten times a second: a terminal is slow too.
            if p.event != "done" and now - self._last_draw < 0.1:
                return
            self._last_draw = now
            self.stream.write(f"\r\x1b[K{_status(p)}")
            if p.event == "done":
                self.stream.write("\n")
            self._drawn = True
            self.stream.flush()
            return
        line = self._line(p)
        if line:
            self.stream.write(f"paperledge: {line}\n")

    @staticmethod
    def _line(p: Progress) -> str | None:
        if p.event == "page":
            return f"page {p.pages_done}: {p.url} ({p.episodes_found} episodes so far)"
        if p.event == "episode":
            return f"episode page {p.episode_pages_done}/{p.episode_pages_total}: {p.url}"
        if p.event == "feed":
            return f"feed: {p.url}"
        if p.event == "retry":
            return f"retrying {p.url}"
        if p.event == "failed":
            return f"gave up on {p.url}"
        if p.event == "done":
            return f"done: {_status(p)}"
        return None

    def close(self) -> None:
        if self.tty and self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False


class _PagesRead:
    """The crawl's progress passed on to the display, keeping how many pages it read."""

    def __init__(self, display: _Display | None) -> None:
        self.display = display
        self.count = 0

    def __call__(self, p: Progress) -> None:
        self.count = p.pages_read
        if self.display is not None:
            self.display(p)


# Codes of a URL that was read all the same: never why nothing was read.
_NOT_LOST = frozenset({"fetch-cache"})


def _why_nothing(show: Show) -> str:
    for diagnostic in show.diagnostics:
        if diagnostic.code.startswith("fetch-") and diagnostic.code not in _NOT_LOST:
            message = diagnostic.message
            prefix = f"{diagnostic.source}: "
            return message[len(prefix) :] if message.startswith(prefix) else message
    return "no page could be read"


def run_fetch(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Run ``paperledge fetch`` with parsed ``args``; return the exit status."""
    try:
        from .. import fetch  # noqa: PLC0415 - needs httpx, an optional dependency
    except ImportError as error:
        stderr.write(f"paperledge: {error}\n")
        return EXIT_USAGE
    try:
        # Checked before the crawl, not after an hour of it.
        output = plan_output(args.output, args.format)
    except OutputError as error:
        stderr.write(f"paperledge: {error}\n")
        return EXIT_USAGE
    display = None if args.quiet else _Display(stderr)
    pages_read = _PagesRead(display)
    try:
        show = fetch.crawl(
            args.url,
            max_pages=args.max_pages,
            episodes=args.episodes,
            feed=args.feed,
            cache=args.cache,
            delay=args.delay,
            concurrency=args.concurrency,
            timeout=args.timeout,
            tries=args.tries,
            progress=pages_read,
        )
    except ValueError as error:
        if display is not None:
            display.close()
        stderr.write(f"paperledge fetch: error: {error}\n")
        return EXIT_USAGE
    except OSError as error:  # the cache directory cannot be made or written
        if display is not None:
            display.close()
        reason = error.strerror or str(error)
        stderr.write(f"paperledge fetch: cannot use the cache {args.cache!r}: {reason}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        if display is not None:
            display.close()
        resume = " (run it again to resume)" if args.cache else ""
        stderr.write(f"paperledge fetch: interrupted{resume}\n")
        return EXIT_INTERRUPTED
    if display is not None:
        display.close()
    DiagnosticPrinter(stderr, quiet=args.quiet).print_all(show.diagnostics)
    if not pages_read.count:
        return _nothing_read(args, show, output, stdout, stderr)
    if getattr(args, "link_papers", False):  # a Namespace built without the option
        try:
            show = _linked(show, args, stderr)
        except LinkFailed as error:
            stderr.write(f"paperledge fetch: {error}\n")
            return EXIT_USAGE
    status = _write(output, show, stdout, stderr)
    if status != EXIT_OK:
        return status
    return EXIT_OK if show.episodes else EXIT_NOTHING


def _linked(show: Show, args: argparse.Namespace, stderr: TextIO) -> Show:
    """``show`` linked to arXiv (--link-papers; the crawl's --cache serves arXiv's answers too)."""
    if args.arxiv_cache is None and args.cache is not None:
        args.arxiv_cache = args.cache
    linked, _answered = link_show(show, args, stderr)
    return linked


def _nothing_read(
    args: argparse.Namespace, show: Show, output: Output, stdout: TextIO, stderr: TextIO
) -> int:
    """The crawl read no page: say why in one line; an OUT file is not replaced."""
    if output.is_stdout:
        _write(output, show, stdout, stderr)
        kept = ""
    elif output.exists():
        kept = f"; {output.name} left as it was"
    else:
        kept = f"; {output.name} not written"
    stderr.write(f"paperledge fetch: nothing read from {args.url}: {_why_nothing(show)}{kept}\n")
    return EXIT_NOTHING


def _write(output: Output, show: Show, stdout: TextIO, stderr: TextIO) -> int:
    try:
        output.write_show(show, stdout)
    except OSError as error:
        if output.is_stdout and isinstance(error, BrokenPipeError):
            raise
        reason = error.strerror or str(error)
        stderr.write(f"paperledge: cannot write {output.name!r}: {reason}\n")
        return EXIT_USAGE
    except OutputError as error:
        stderr.write(f"paperledge: cannot write {output.name!r}: {error}\n")
        return EXIT_USAGE
    return EXIT_OK
