"""The ``paperledge`` command: a thin shell over the public API.

``main`` returns the exit status instead of exiting, so it can be called and
tested in-process; the console script and ``python -m paperledge`` pass it
to ``sys.exit``.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import logging
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import IO, NoReturn, TextIO

import attrs

from .._api import io as _api
from .._api.formats import format_for_path, formats, with_source
from .._api.samples import sample_paths
from .._diagnostics import Diagnostic, PaperledgeError, ParseError
from .._model import Show, merge
from .._scale.many import parse_many, progress_bar, stream_jsonl
from .._version import __version__
from .fetch import add_fetch_command, run_fetch

EXIT_OK = 0
EXIT_PARSE_ERROR = 1
EXIT_USAGE = 2

_EXAMPLES = """\
examples:
  paperledge parse --sample                     the shipped sample pages, as JSON
  paperledge parse page.txt -f text             a dump, written back as a dump
  paperledge parse p1.txt p2.txt -o show.json   two pages merged into one file
  cat page.txt | paperledge parse - --strict    stdin; stop at the first defect
  paperledge parse pages/ -j 2 -o archive.json  a folder of pages, in 2 processes
  paperledge parse huge.txt -f jsonl | head     streams: the first lines come at once
  paperledge formats                            every format, and what it can do
  paperledge fetch https://paperledge.podbean.com/ -o show.json
                                                the whole live archive (paperledge[fetch])

Diagnostics go to stderr as FILE:LINE:COL: code: message.
Exit status: 0 success, 1 a defect in --strict mode, 2 a usage or file error.
"""


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    # argparse exits on errors by default; raise instead so main() decides.
    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{self.prog}: error: {message}\n{self.format_usage().rstrip()}")


def _build_parser() -> argparse.ArgumentParser:
    readable = sorted(f.name for f in formats() if f.can_read)
    writable = sorted(f.name for f in formats() if f.can_write)
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
        description="Read each INPUT (a file, or - for stdin), merge them into one show "
        "and write it to stdout or OUT. The input format is sniffed unless -i names it.",
        epilog=_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parse.add_argument("inputs", nargs="*", metavar="INPUT", help="files to read; - is stdin")
    parse.add_argument(
        "--sample", action="store_true", help="read the sample pages shipped with paperledge"
    )
    parse.add_argument(
        "-f",
        "--format",
        choices=writable,
        help="output format (default: from OUT's extension, else json)",
    )
    parse.add_argument(
        "-i", "--input-format", choices=readable, help="read every input as this format"
    )
    parse.add_argument("-o", "--output", metavar="OUT", help="write here instead of stdout")
    parse.add_argument(
        "--strict", action="store_true", help="stop at the first defect (exit status 1)"
    )
    parse.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        metavar="N",
        help="parse the files (and directories, and globs) in N processes; 0 means one per core",
    )
    parse.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="do not print diagnostics or progress to stderr",
    )
    commands.add_parser(
        "formats",
        help="list the formats paperledge reads and writes",
        description="List every format, its extensions, and whether it can be read or written.",
    )
    add_fetch_command(commands)
    return parser


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 (one per core) or more")
    return value


def _read_inputs(args: argparse.Namespace, stdin: TextIO) -> list[Show]:
    def parse(data: str | bytes, name: str) -> Show:
        try:
            show = _api.parse(data, format=args.input_format, strict=args.strict)
        except ParseError as error:
            raise error.with_source(name) from None
        return attrs.evolve(show, diagnostics=with_source(show.diagnostics, name))

    shows: list[Show] = []
    if args.sample:
        shows.extend(parse(path.read_bytes(), path.name) for path in sample_paths())
    for name in args.inputs:
        if name == "-":
            buffer = getattr(stdin, "buffer", None)
            data: str | bytes = buffer.read() if buffer is not None else stdin.read()
            shows.append(parse(data, "<stdin>"))
            continue
        try:
            shows.append(_api.load(name, format=args.input_format, strict=args.strict))
        except OSError as error:
            reason = error.strerror or str(error)
            raise _UsageError(f"paperledge: cannot read {name!r}: {reason}") from None
    return shows


def _print_diagnostics(diagnostics: Sequence[Diagnostic], stderr: TextIO) -> None:
    for diagnostic in diagnostics:
        stderr.write(f"{diagnostic}\n")


def _output_format(args: argparse.Namespace) -> str:
    if args.format is not None:
        return str(args.format)
    by_extension = format_for_path(args.output) if args.output else None
    return by_extension.name if by_extension and by_extension.can_write else "json"


def _wants_many(args: argparse.Namespace) -> bool:
    """Whether to read the inputs with parse_many: -j, a directory or a glob."""
    return args.jobs is not None or any(
        name != "-" and (os.path.isdir(name) or glob.has_magic(name)) for name in args.inputs
    )


def _stream_jsonl(args: argparse.Namespace, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    """One input to JSON Lines, episode by episode: `... -f jsonl | head` starts at once."""
    name = args.inputs[0]
    source: Path | IO[bytes] | IO[str] = Path(name)
    label = name
    if name == "-":
        source = getattr(stdin, "buffer", stdin)
        label = "<stdin>"
    elif not os.path.isfile(name):
        raise _UsageError(f"paperledge: cannot read {name!r}: No such file")

    def report(diagnostic: Diagnostic) -> None:
        if not args.quiet:
            stderr.write(f"{attrs.evolve(diagnostic, source=diagnostic.source or label)}\n")

    def run(out: TextIO) -> None:
        stream_jsonl(
            source,
            out,
            format=args.input_format,
            strict=args.strict,
            on_diagnostic=report,
        )

    try:
        if args.output:
            target = Path(args.output)
            handle, temporary = tempfile.mkstemp(
                prefix=f".{target.name}.", dir=target.resolve().parent
            )
            try:
                with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
                    run(out)
                os.replace(temporary, target)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        else:
            run(stdout)
    except ParseError as error:
        stderr.write(f"{error.with_source(label).to_diagnostic()}\n")
        return EXIT_PARSE_ERROR
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, and keep Python from
        # complaining when it flushes stdout at exit.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), stdout.fileno())
        return EXIT_OK
    return EXIT_OK


def _run_parse(args: argparse.Namespace, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    if not args.inputs and not args.sample:
        raise _UsageError(
            "paperledge parse: error: give at least one INPUT (a file, or - for stdin) or "
            "--sample\nusage: paperledge parse [-h] [--sample] [-f FORMAT] [INPUT ...]"
        )
    output_format = _output_format(args)
    many = _wants_many(args)
    if output_format == "jsonl" and len(args.inputs) == 1 and not args.sample and not many:
        return _stream_jsonl(args, stdin, stdout, stderr)
    if many:
        if args.sample or "-" in args.inputs:
            raise _UsageError(
                "paperledge parse: error: -j, directories and globs read files only "
                "(not --sample or -)"
            )
        show = parse_many(
            args.inputs,
            workers=args.jobs or None,
            format=args.input_format,
            strict=args.strict,
            progress=None if args.quiet else progress_bar(stderr),
        )
    else:
        try:
            shows = _read_inputs(args, stdin)
        except ParseError as error:
            stderr.write(f"{error.to_diagnostic()}\n")
            return EXIT_PARSE_ERROR
        show = shows[0] if len(shows) == 1 else merge(*shows)
    if not args.quiet:
        _print_diagnostics(show.diagnostics, stderr)
    if many and any(d.code == "unreadable" for d in show.diagnostics):
        status = EXIT_USAGE
    elif many and args.strict and show.diagnostics:
        status = EXIT_PARSE_ERROR
    else:
        status = EXIT_OK
    if args.output:
        try:
            _api.dump(show, args.output, format=output_format)
        except OSError as error:
            reason = error.strerror or str(error)
            raise _UsageError(f"paperledge: cannot write {args.output!r}: {reason}") from None
    else:
        stdout.write(_api.dumps(show, output_format))
    return status


def _run_formats(stdout: TextIO) -> int:
    for fmt in formats():
        abilities = "/".join(
            word for word, able in (("read", fmt.can_read), ("write", fmt.can_write)) if able
        )
        extensions = " ".join(fmt.extensions) or "-"
        stdout.write(f"{fmt.name:<10} {abilities:<10} {extensions:<14} {fmt.description}\n")
    return EXIT_OK


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
    logging.basicConfig(level=logging.WARNING, format="paperledge: %(message)s", stream=stderr)
    parser = _build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command == "parse":
            return _run_parse(args, stdin, stdout, stderr)
        if args.command == "formats":
            return _run_formats(stdout)
        if args.command == "fetch":
            return run_fetch(args, stdout, stderr)
        stdout.write(parser.format_help())
        return EXIT_USAGE
    except _UsageError as error:
        stderr.write(f"{error}\n")
        return EXIT_USAGE
    except SystemExit as exit_:  # --help and --version end the parse this way
        return exit_.code if isinstance(exit_.code, int) else EXIT_OK
    except PaperledgeError as error:
        stderr.write(f"paperledge: error: {error}\n")
        return EXIT_USAGE
