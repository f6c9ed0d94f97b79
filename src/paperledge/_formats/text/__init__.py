"""The text-dump format: the visible text of the show's listing pages.

Reading is one pass over the lines through a small state machine
(:class:`TextParser`), which hands out each episode as soon as the next one
starts: :func:`parse_text` collects them, :func:`iter_text_episodes` streams
them.  :func:`write_text` writes the same form back.  The grammar is set out
in :mod:`.machine` and ``docs/text-format.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from ..._diagnostics import Diagnostic, Reporter
from ..._limits import Limits, clip_input
from ..._model import Episode, Show
from ..._rules.credits import format_credit
from ..._rules.dates import format_date_line
from ..._rules.decode import (
    CONTROL_CHARACTERS,
    InputProbe,
    StreamDecoder,
    decode_text,
    has_control,
    has_surrogate,
    no_episodes_message,
    replace_controls,
    report_control,
    sniff_bom,
    without_surrogates,
)
from ..._rules.lines import split_lines
from ..base import Format
from .machine import NAV_LABEL, TextParser

__all__ = ["TextParser", "iter_text_episodes", "parse_text", "write_text"]


def parse_text(data: str | bytes, *, strict: bool = False, limits: Limits | None = None) -> Show:
    """Read a text dump of one or more listing pages.

    ``data`` is the dump as text or bytes (UTF-8, a BOM-marked UTF-16/32, or
    Windows-1252).  In tolerant mode (the default) this never raises: each
    defect becomes a :class:`~paperledge.Diagnostic` in ``show.diagnostics``
    and no text is dropped.  With ``strict=True`` the first defect raises
    :class:`~paperledge.ParseError`.  ``limits`` bounds the input's size and
    the number of episodes (see :class:`~paperledge.Limits`); past them the
    rest is not read (``too-large``).
    """
    reporter = Reporter(strict=strict)
    parser = TextParser(reporter, limits)
    clipped = clip_input(data, limits, reporter)
    text = decode_text(clipped, reporter)
    probe = InputProbe()
    probe.see(text)
    # UTF-8 bytes are looked at as they are (a memchr per control byte), which
    # is faster than looking at the text; they hold a control character
    # exactly when the text decoded from them does (bytes that are not UTF-8
    # decode to no control character but the one of their own value).
    utf8 = isinstance(clipped, bytes) and sniff_bom(clipped)[0] == "utf-8"
    if has_control(clipped if utf8 else text):
        text = _without_controls(text, reporter, 0, report=True)
    lines = split_lines(text)
    if lines and lines[-1] == "":
        lines.pop()
    episodes = list(parser.run(lines))
    if not episodes and not parser.stopped:
        _report_no_episodes(reporter, probe)
    return parser.show(episodes)


def _report_no_episodes(reporter: Reporter, probe: InputProbe) -> None:
    reporter.report(
        "no-episodes",
        no_episodes_message(
            probe,
            "the text holds no episode (an episode opens with a date line such as "
            "'Thursday Oct 02, 2025')",
        ),
        1,
    )


def _without_controls(
    text: str, reporter: Reporter, lines_before: int, *, report: bool, columns_before: int = 0
) -> str:
    """``text`` with its control characters replaced; the first one reported if ``report``.

    ``lines_before`` is the number of lines of the input before ``text``, and
    ``columns_before`` the number of characters of its line before ``text`` starts.
    """
    found = CONTROL_CHARACTERS.search(text)
    if found is None:
        return text
    if report:
        above = split_lines(text[: found.start()])
        line = lines_before + len(above)
        column = len(above[-1]) + 1 + (columns_before if len(above) == 1 else 0)
        report_control(reporter, found[0], line, column, where="text")
    return replace_controls(text)


def _chunk_lines(chunks: Iterable[tuple[str, bool]], reporter: Reporter) -> Iterator[str]:
    """The lines of text that arrives in chunks, each with whether it may hold a control character.

    A control character is replaced, and the first one reported, as
    :func:`parse_text` does.  Each chunk is looked at once: the pieces of an
    unfinished line wait in a list and are joined when its end arrives (a
    line that grew chunk by chunk, looked at whole each time, would cost
    time quadratic in its length).
    """
    pending: list[str] = []  # the pieces of the unfinished line
    held_cr = False  # the last chunk ended with a CR: perhaps the first half of a CRLF
    number = 0  # lines yielded so far
    reported = surrogates_reported = suspect = False
    for chunk, controls in chunks:
        suspect = suspect or controls
        if not chunk:
            continue
        text = "\r" + chunk if held_cr else chunk
        held_cr = text.endswith("\r")
        if held_cr:
            text = text[:-1]
        if suspect:
            # A noncharacter cut between two byte chunks is in the next text.
            suspect = controls
            if CONTROL_CHARACTERS.search(text) is not None:
                text = _without_controls(
                    text,
                    reporter,
                    number,
                    report=not reported,
                    columns_before=0 if reported else sum(map(len, pending)),
                )
                reported = True
            if has_surrogate(text):
                text = without_surrogates(
                    text,
                    reporter,
                    lines_before=number,
                    columns_before=0 if surrogates_reported else sum(map(len, pending)),
                    report=not surrogates_reported,
                )
                surrogates_reported = True
        lines = split_lines(text)
        if len(lines) > 1 and pending:
            pending.append(lines[0])
            lines[0] = "".join(pending)
            pending.clear()
        pending.append(lines.pop())
        number += len(lines)
        yield from lines
    rest = "".join(pending) + ("\r" if held_cr else "")
    if rest:
        yield from split_lines(rest)


def iter_text_episodes(
    chunks: Iterable[str | bytes],
    *,
    strict: bool = False,
    on_diagnostic: Callable[[Diagnostic], None] | None = None,
    limits: Limits | None = None,
) -> Iterator[Episode]:
    """Stream the episodes of a text dump that arrives in chunks.

    Memory stays bounded by the largest episode, whatever the input's size.
    Diagnostics go to ``on_diagnostic`` as they are found.  A stream has no
    input-size limit; it stops after ``limits.max_episodes`` episodes.
    """
    reporter = Reporter(strict=strict, sink=on_diagnostic or (lambda _d: None))
    decoder = StreamDecoder(reporter)
    probe = InputProbe()
    first = True
    utf8: bool | None = None

    def texts() -> Iterator[tuple[str, bool]]:
        nonlocal first, utf8
        previous = b""
        for chunk in chunks:
            if isinstance(chunk, bytes):
                if utf8 is None and chunk:
                    utf8 = sniff_bom(chunk)[0] == "utf-8"
                text = decoder.decode(chunk)
                # UTF-8 bytes are looked at as they are (see parse_text), with
                # the stream's two bytes before them for a noncharacter cut
                # between chunks.
                if utf8:
                    controls = has_control(chunk) or (
                        bool(previous) and has_control(previous + chunk[:2])
                    )
                else:
                    controls = has_control(text)
                previous = (previous + chunk[-2:])[-2:]
            else:
                text = chunk
                controls = has_control(text) or has_surrogate(text)
            if first and text:
                first = False
                if text.startswith("\ufeff"):
                    text = text[1:]
            probe.see(text)
            yield text, controls
        tail = decoder.decode(b"", final=True)
        if tail:
            probe.see(tail)
            yield tail, has_control(tail)

    parser = TextParser(reporter, limits)
    found = False
    for episode in parser.run(_chunk_lines(texts(), reporter)):
        found = True
        yield episode
    if not found and not parser.stopped:
        _report_no_episodes(reporter, probe)


def write_text(show: Show) -> str:
    """The show as a text dump, the form :func:`parse_text` reads."""
    out: list[str] = []
    if show.title is not None or show.description is not None:
        out.append(show.title or "")
        out.append("")
        if show.description:
            out.append(show.description)
        out.extend((NAV_LABEL, NAV_LABEL, "", "", ""))
    blocks: list[str] = []
    for episode in show.episodes:
        date = format_date_line(episode.published)
        head = [date, episode.title, date, date] if episode.title else [date, date]
        text = episode.description
        if episode.authors:
            credit = format_credit(episode.authors)
            text = f"{text}{credit}" if text else credit
        if text:
            head.append(text)
        blocks.append("\n".join(head))
    header = "\n".join(out) + "\n" if out else ""
    return header + "\n\n\n\n".join(blocks) + "\n"


#: The format's entry in the table of formats (paperledge._api.formats).
FORMAT = Format(
    name="text",
    description="the visible text of the show's listing pages (the text dumps)",
    extensions=(".txt",),
    media_type="text/plain",
    reader=parse_text,
    writer=write_text,
    streamer=iter_text_episodes,
)
