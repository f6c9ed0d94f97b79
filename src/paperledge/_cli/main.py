"""The ``paperledge`` command: a thin shell over the public API.

``main`` returns the exit status instead of exiting, so it can be called and
tested in-process; the console script and ``python -m paperledge`` pass it
to ``sys.exit``.  Where the output goes is :mod:`.output`'s business; how the
command talks on stderr (diagnostics, the log, Ctrl-C) is :mod:`.report`'s.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import logging
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any, NoReturn, TextIO

import attrs

from .._api import io as _api
from .._api.formats import formats, with_source
from .._api.samples import sample_paths
from .._diagnostics import Diagnostic, PaperledgeError, ParseError
from .._model import Show, merge
from .._scale.many import expand_paths, parse_many, progress_bar, stream_jsonl
from .._version import __version__
from .fetch import add_fetch_command, run_fetch
from .link import LinkFailed, add_link_command, add_link_options, link_show, run_link
from .output import (
    CheckedStream,
    Output,
    OutputError,
    WriteFailed,
    add_output_options,
    plan_output,
)
from .report import (
    EXIT_INTERRUPTED,
    DiagnosticPrinter,
    interrupts_in_this_process,
    library_log,
)
from .search import add_search_command, run_search

_log = logging.getLogger("paperledge")

EXIT_OK = 0
EXIT_PARSE_ERROR = 1
EXIT_USAGE = 2

_EXAMPLES = """\
examples:
  paperledge parse --sample                     the shipped sample pages, as JSON
  paperledge parse page.txt -f text             a dump, written back as a dump
  paperledge parse p1.txt p2.txt -o show.json   two pages merged into one file
  paperledge parse p1.txt -o show.md            the extension picks the format (Markdown)
  paperledge parse page.html --url https://paperledge.podbean.com/page/2/
                                                a saved page, with the address it came from
  cat page.txt | paperledge parse - --strict    stdin; stop at the first defect
  paperledge parse pages/ -j 2 -o archive.json  a folder of pages, in 2 processes
  paperledge parse huge.txt -f jsonl | head     streams: the first lines come at once
  paperledge parse pages/ -v -o -               the library's log on stderr, JSON on stdout
  paperledge formats                            every format, and what it can do
  paperledge fetch https://paperledge.podbean.com/ -o show.json
                                                the whole live archive (paperledge[fetch])
  paperledge link show.json -o linked.json      each episode's arXiv paper (paperledge[fetch])
  paperledge parse --sample --link-papers       parse and link in one go

Output: -o - is stdout. A regular file is replaced atomically and keeps its
mode; a symlink is written through; a device, FIFO or socket is written in
place. The format is -f (a name or an extension: -f md), else OUT's extension;
an extension paperledge does not write is refused before any work.
Diagnostics go to stderr as FILE:LINE:COL: code: message; the same one is
printed 5 times, then counted in a summary line. -v shows the log, -vv more.
Exit status: 0 success, 1 a defect in --strict mode (or no episode found),
2 a usage or file error, 130 interrupted (Ctrl-C; OUT is left as it was).
"""


class _UsageError(Exception):
    pass


class _Defect(Exception):
    """A defect in --strict mode: the message is printed, the exit status is 1."""


class _Parser(argparse.ArgumentParser):
    # argparse exits on errors by default; raise instead so main() decides.
    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{self.prog}: error: {message}\n{self.format_usage().rstrip()}")


def _build_parser() -> argparse.ArgumentParser:
    readable = sorted(f.name for f in formats() if f.can_read)
    parser = _Parser(
        prog="paperledge",
        description="Read the PaperLedge podcast's pages, dumps and feed into one show, "
        "and write it out in the format you need.",
        epilog=_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"paperledge {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    parse = commands.add_parser(
        "parse",
        help="read inputs and write them as one show",
        description="Read each INPUT (a file, a folder, a glob, or - for stdin), merge "
        "them into one show and write it to stdout or OUT. The input format is sniffed "
        "unless -i names it.",
        epilog=_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parse.add_argument("inputs", nargs="*", metavar="INPUT", help="files to read; - is stdin")
    parse.add_argument(
        "--sample", action="store_true", help="read the sample pages shipped with paperledge"
    )
    parse.add_argument(
        "-i", "--input-format", choices=readable, help="read every input as this format"
    )
    parse.add_argument(
        "--url",
        metavar="URL",
        help="the address the one INPUT was saved from (a page's links are read against it)",
    )
    parse.add_argument(
        "--strict",
        action="store_true",
        help="stop at the first defect, in whichever file (exit status 1)",
    )
    parse.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        metavar="N",
        help="parse the files (and directories, and globs) in N processes; 0 means one per "
        "core (with --strict the files are read in order, to stop at the first defect)",
    )
    add_link_options(parse)
    add_output_options(parse)
    commands.add_parser(
        "formats",
        help="list the formats paperledge reads and writes",
        description="List every format, its extensions, and whether it can be read or written.",
    )
    add_fetch_command(commands)
    add_link_command(commands)
    add_search_command(commands)
    return parser


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 (one per core) or more")
    return value


def _url_option(args: argparse.Namespace) -> dict[str, Any]:
    # Passed only when given: a reader registered by others may not take url=.
    return {"url": args.url} if args.url else {}


class _Reader:
    """The inputs of ``paperledge parse``, read one by one through the front door."""

    def __init__(self, args: argparse.Namespace, stderr: TextIO) -> None:
        self.args = args
        self.stderr = stderr
        self.names: list[str] = []

    def parse(self, data: str | bytes, name: str) -> Show:
        try:
            show = _api.parse(
                data,
                format=self.args.input_format,
                strict=self.args.strict,
                **_url_option(self.args),
            )
        except ParseError as error:
            raise error.with_source(name) from None
        show = attrs.evolve(show, diagnostics=with_source(show.diagnostics, name))
        return self._checked(show, name)

    def load(self, name: str) -> Show:
        _log.info("reading %s", name)
        try:
            show = _api.load(
                name,
                format=self.args.input_format,
                strict=self.args.strict,
                **_url_option(self.args),
            )
        except OSError as error:
            reason = error.strerror or str(error)
            raise _UsageError(f"paperledge: cannot read {name!r}: {reason}") from None
        return self._checked(show, name)

    def _checked(self, show: Show, name: str) -> Show:
        """A source that gave no episode is said so, once; under --strict it is a defect.

        The readers say why (an empty or binary input) with a ``no-episodes``
        diagnostic; a source without one (a show of no episode) gets this line.
        """
        self.names.append(name)
        if show.episodes or any(d.code == "no-episodes" for d in show.diagnostics):
            if not show.episodes and self.args.strict:
                first = next(d for d in show.diagnostics if d.code == "no-episodes")
                raise _Defect(str(first))
            return show
        message = f"paperledge: {name}: no episode found"
        if self.args.strict:
            raise _Defect(message)
        if not self.args.quiet:
            self.stderr.write(f"{message}\n")
        return show


def _read_inputs(args: argparse.Namespace, stdin: TextIO, reader: _Reader) -> list[Show]:
    shows: list[Show] = []
    if args.sample:
        shows.extend(reader.parse(path.read_bytes(), path.name) for path in sample_paths())
    for name in args.inputs:
        if name == "-":
            _log.info("reading <stdin>")
            buffer = getattr(stdin, "buffer", None)
            data: str | bytes = buffer.read() if buffer is not None else stdin.read()
            shows.append(reader.parse(data, "<stdin>"))
        else:
            shows.append(reader.load(name))
    return shows


def _wants_many(args: argparse.Namespace) -> bool:
    """Whether to read the inputs with parse_many: -j, a directory or a glob."""
    return args.jobs is not None or any(
        name != "-" and (os.path.isdir(name) or glob.has_magic(name)) for name in args.inputs
    )


def _stream_jsonl(
    args: argparse.Namespace, output: Output, stdin: TextIO, stdout: TextIO, stderr: TextIO
) -> int:
    """One input to JSON Lines, episode by episode: `... -f jsonl | head` starts at once."""
    name = args.inputs[0]
    source: Path | IO[bytes] | IO[str] = Path(name)
    label = name
    if name == "-":
        source = getattr(stdin, "buffer", stdin)
        label = "<stdin>"
    elif not os.path.isfile(name):
        raise _UsageError(f"paperledge: cannot read {name!r}: No such file")
    printer = DiagnosticPrinter(stderr, quiet=args.quiet)

    def report(diagnostic: Diagnostic) -> None:
        printer(attrs.evolve(diagnostic, source=diagnostic.source or label))

    _log.info("reading %s", label)
    try:
        with _writing(output), output.open(stdout) as out, _reading(label):
            count = stream_jsonl(
                source,
                CheckedStream(out),
                format=args.input_format,
                strict=args.strict,
                on_diagnostic=report,
            )
            if count == 0 and args.strict:
                # Raised inside the block: a file being replaced stays as it was.
                raise _Defect(f"paperledge: {label}: no episode found")
    except ParseError as error:
        stderr.write(f"{error.with_source(label).to_diagnostic()}\n")
        return EXIT_PARSE_ERROR
    printer.summary()
    if count == 0 and not args.quiet and not printer.codes["no-episodes"]:
        stderr.write(f"paperledge: {label}: no episode found\n")
    return EXIT_OK


def _read_strictly(args: argparse.Namespace, reader: _Reader) -> list[Show]:
    """Files, folders and globs under --strict: in order, stopping at the first defect."""
    files = expand_paths(args.inputs)
    if not files:
        raise _UsageError(f"paperledge: no file matches {' '.join(args.inputs)!r}")
    return [reader.load(name) for name in files]


def _read(args: argparse.Namespace, stdin: TextIO, stderr: TextIO, reader: _Reader) -> Show:
    """The inputs as one show (merge conflicts name the file they come from)."""
    if not _wants_many(args):
        shows = _read_inputs(args, stdin, reader)
        return shows[0] if len(shows) == 1 else merge(*shows, names=reader.names)
    if args.sample or "-" in args.inputs:
        raise _UsageError(
            "paperledge parse: error: -j, directories and globs read files only "
            "(not --sample or -)"
        )
    if args.strict:
        shows = _read_strictly(args, reader)
        return shows[0] if len(shows) == 1 else merge(*shows, names=reader.names)
    return parse_many(
        args.inputs,
        workers=args.jobs or None,
        format=args.input_format,
        strict=False,
        progress=None if args.quiet else progress_bar(stderr),
    )


def _run_parse(args: argparse.Namespace, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    if not args.inputs and not args.sample:
        raise _UsageError(
            "paperledge parse: error: give at least one INPUT (a file, or - for stdin) or "
            "--sample\nusage: paperledge parse [-h] [--sample] [-f FORMAT] [INPUT ...]"
        )
    if args.url and (len(args.inputs) != 1 or args.sample or _wants_many(args)):
        raise _UsageError(
            "paperledge parse: error: --url is the address of one page: give one INPUT file"
        )
    # Checked before the work: a wrong extension or folder is said at once.
    output = plan_output(args.output, args.format)
    many = _wants_many(args)
    if (
        output.format.name == "jsonl"
        and len(args.inputs) == 1
        and not args.sample
        and not many
        and not args.url
        and not args.link_papers
    ):
        return _stream_jsonl(args, output, stdin, stdout, stderr)
    reader = _Reader(args, stderr)
    try:
        show = _read(args, stdin, stderr, reader)
    except ParseError as error:
        stderr.write(f"{error.to_diagnostic()}\n")
        return EXIT_PARSE_ERROR
    diagnostics = show.diagnostics
    if args.strict and diagnostics:
        # Each reader stopped at its first defect; what is left is merging's.
        stderr.write(f"{diagnostics[0]}\n")
        return EXIT_PARSE_ERROR
    DiagnosticPrinter(stderr, quiet=args.quiet).print_all(diagnostics)
    status = EXIT_USAGE if any(d.code == "unreadable" for d in diagnostics) else EXIT_OK
    if args.link_papers:
        show = _linked(show, args, stderr)
    with _writing(output):
        output.write_show(show, stdout)
    return status


def _linked(show: Show, args: argparse.Namespace, stderr: TextIO) -> Show:
    """``show`` linked to arXiv (--link-papers); the run reports on stderr."""
    try:
        linked, _answered = link_show(show, args, stderr)
    except LinkFailed as error:
        raise _UsageError(f"paperledge: {error}") from None
    return linked


@contextlib.contextmanager
def _writing(output: Output) -> Iterator[None]:
    """Failures to write ``output`` as one usage error, "cannot write OUT: why".

    A closed pipe on stdout propagates (``| head``: main() ends quietly).
    """
    try:
        yield
    except BrokenPipeError:
        if output.is_stdout:
            raise
        raise _UsageError(
            f"paperledge: cannot write {output.name!r}: the reader went away"
        ) from None
    except WriteFailed as failed:
        raise _UsageError(f"paperledge: cannot write {output.name!r}: {failed}") from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise _UsageError(f"paperledge: cannot write {output.name!r}: {reason}") from None


@contextlib.contextmanager
def _reading(label: str) -> Iterator[None]:
    """Failures to read the input ``label`` as "cannot read", inside a block that also
    writes (its write failures are :class:`WriteFailed` and closed pipes, which pass)."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as error:
        reason = error.strerror or str(error)
        raise _UsageError(f"paperledge: cannot read {label!r}: {reason}") from None


def _run_formats(stdout: TextIO) -> int:
    for fmt in formats():
        abilities = "/".join(
            word for word, able in (("read", fmt.can_read), ("write", fmt.can_write_file)) if able
        )
        extensions = " ".join(fmt.extensions) or "-"
        stdout.write(f"{fmt.name:<10} {abilities:<10} {extensions:<14} {fmt.description}\n")
    return EXIT_OK


def _quiet_stdout(stdout: TextIO) -> None:
    # The reader went away (`| head`): keep Python from complaining when it
    # flushes stdout at exit.
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), stdout.fileno())


def _run(
    args: argparse.Namespace,
    parser: argparse.ArgumentParser,
    stdin: TextIO,
    stdout: TextIO,
    stderr: TextIO,
) -> int:
    if args.command == "parse":
        return _run_parse(args, stdin, stdout, stderr)
    if args.command == "formats":
        return _run_formats(stdout)
    if args.command == "fetch":
        return run_fetch(args, stdout, stderr)
    if args.command == "search":
        return run_search(args, stdout, stderr)
    if args.command == "link":
        return run_link(args, stdout, stderr)
    stdout.write(parser.format_help())
    return EXIT_USAGE


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the command line with ``argv``; return the exit status."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    parser = _build_parser()
    try:
        with interrupts_in_this_process():
            args = parser.parse_args(argv)
            verbosity = getattr(args, "verbose", 0)
            with library_log(stderr, verbosity, quiet=getattr(args, "quiet", False)):
                return _run(args, parser, stdin, stdout, stderr)
    except KeyboardInterrupt:
        # One line, no traceback; an output file being replaced was left as it was.
        stderr.write("paperledge: interrupted\n")
        return EXIT_INTERRUPTED
    except _UsageError as error:
        stderr.write(f"{error}\n")
        return EXIT_USAGE
    except OutputError as error:
        stderr.write(f"paperledge: {error}\n")
        return EXIT_USAGE
    except _Defect as error:
        stderr.write(f"{error}\n")
        return EXIT_PARSE_ERROR
    except BrokenPipeError:
        _quiet_stdout(stdout)
        return EXIT_OK
    except SystemExit as exit_:  # --help and --version end the parse this way
        return exit_.code if isinstance(exit_.code, int) else EXIT_OK
    except PaperledgeError as error:
        stderr.write(f"paperledge: error: {error}\n")
        return EXIT_USAGE
