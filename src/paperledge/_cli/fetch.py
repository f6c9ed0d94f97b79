"""The ``paperledge fetch`` command: crawl the show's site and write one show.

Kept apart from :mod:`paperledge._cli.main` so that the command line works without
httpx: :mod:`paperledge.fetch` is imported only when the command runs.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from .._api import io as _api
from .._api.formats import format_for_path, formats

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

With --cache, a second run sends conditional requests and downloads only what
changed, and an interrupted run (Ctrl-C, a crash) resumes where it stopped.
Problems are reported as fetch-* diagnostics on stderr; the crawl goes on.
Exit status: 0 success, 1 nothing could be fetched, 2 a usage or file error.
"""


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _non_negative_float(text: str) -> float:
    value = float(text)
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {text}")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be more than 0, got {text}")
    return value


def add_fetch_command(subparsers: Any) -> None:
    """Add ``fetch`` to the ``paperledge`` command's subparsers."""
    writable = sorted(f.name for f in formats() if f.can_write)
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
    fetch.add_argument("-o", "--output", metavar="OUT", help="write here instead of stdout")
    fetch.add_argument(
        "-f",
        "--format",
        choices=writable,
        help="output format (default: from OUT's extension, else json)",
    )
    fetch.add_argument(
        "--max-pages", type=_positive_int, metavar="N", help="read at most N listing pages"
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
        type=_non_negative_float,
        default=1.0,
        metavar="SECONDS",
        help="at least this long between two requests to a host (default: 1)",
    )
    fetch.add_argument(
        "--concurrency",
        type=_positive_int,
        default=2,
        metavar="N",
        help="at most N requests at once (default: 2)",
    )
    fetch.add_argument(
        "--timeout",
        type=_positive_float,
        default=30.0,
        metavar="SECONDS",
        help="give one request this long before trying again (default: 30)",
    )
    fetch.add_argument(
        "--tries",
        type=_positive_int,
        default=4,
        metavar="N",
        help="try a failing URL at most N times (default: 4)",
    )
    fetch.add_argument(
        "-q", "--quiet", action="store_true", help="no progress and no diagnostics on stderr"
    )


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


def run_fetch(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Run ``paperledge fetch`` with parsed ``args``; return the exit status."""
    try:
        from .. import fetch  # noqa: PLC0415 - needs httpx, an optional dependency
    except ImportError as error:
        stderr.write(f"paperledge: {error}\n")
        return EXIT_USAGE
    output_format = args.format
    if output_format is None:
        by_extension = format_for_path(args.output) if args.output else None
        output_format = by_extension.name if by_extension and by_extension.can_write else "json"
    if args.output and not Path(args.output).resolve().parent.is_dir():
        # Checked before the crawl, not after an hour of it.
        stderr.write(f"paperledge: cannot write {args.output!r}: no such directory\n")
        return EXIT_USAGE
    display = None if args.quiet else _Display(stderr)
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
            progress=display,
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
        return 130
    if display is not None:
        display.close()
        for diagnostic in show.diagnostics:
            stderr.write(f"{diagnostic}\n")
    if args.output:
        try:
            _api.dump(show, args.output, format=output_format)
        except OSError as error:
            reason = error.strerror or str(error)
            stderr.write(f"paperledge: cannot write {args.output!r}: {reason}\n")
            return EXIT_USAGE
    else:
        stdout.write(_api.dumps(show, output_format))
    return EXIT_OK if show.episodes else EXIT_NOTHING
