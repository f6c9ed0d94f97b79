"""The text dumps' grammar as a state machine: :class:`TextParser`.

It reads a dump line by line and hands out each episode as soon as the next
one starts; :mod:`paperledge._formats.text` feeds it whole texts and streams.

The grammar, as the pages show it (see ``docs/text-format.md``)::

    dump     = [header] {episode}
    header   = title NL NL description NL "Episodes" NL "Episodes" NL {NL}
    episode  = date NL [title NL date NL] date NL {text NL} last NL {NL}
    last     = [text] "Credit to Paper authors: " authors
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..._diagnostics import Reporter
from ..._limits import Limits, episode_limit_reached, resolve
from ..._model import Author, Episode, Show
from ..._rules.credits import (
    CREDIT_MARKER,
    find_credit,
    parse_authors,
    split_credit,
)
from ..._rules.dates import MAX_DATE_LINE, DateLine, match_date_line
from ..._rules.grammar import SHOW, date_mismatch, episode_end, stray_text
from ..._rules.names import host_from_description
from .scan import Found, HeaderScan
from .scan import is_blank as _is_blank

__all__ = ["NAV_LABEL", "SEPARATOR_BLANKS", "TextParser"]

NAV_LABEL = "Episodes"
#: Blank lines between two episodes, and between the header and the first.
SEPARATOR_BLANKS = 3

_HEADER, _OPENING, _BODY, _AFTER_CREDIT, _DONE = range(5)


class _Draft:
    """An episode being read."""

    __slots__ = (
        "after_header",
        "authors",
        "blanks",
        "candidate",
        "candidate_line",
        "credit_line",
        "credited",
        "date_text",
        "dates",
        "last_line",
        "line_scan",
        "lines",
        "name_end",
        "published",
        "start",
        "stray_line",
        "stray_scan",
        "strays",
        "title",
    )

    def __init__(self, start: int, date: DateLine, date_text: str) -> None:
        self.start = start
        self.published = date.date
        self.date_text = date_text
        self.dates = 1
        self.title: str | None = None
        self.candidate: str | None = None
        self.candidate_line = 0
        self.lines: list[str] = []
        self.last_line = start
        self.authors: tuple[Author, ...] = ()
        # How much of the last author's name is left after headers' titles
        # glued to it were cut off (-1: all of it); see :meth:`settle`.
        self.name_end = -1
        self.credited = False
        self.credit_line = 0
        self.strays: list[str] = []
        self.stray_line = 0
        self.blanks = 0
        self.after_header = False
        self.line_scan: HeaderScan | None = None
        self.stray_scan: HeaderScan | None = None

    def scan(self, lines: list[str]) -> HeaderScan:
        """The :class:`HeaderScan` of ``lines`` (:attr:`lines` or :attr:`strays`)."""
        if lines is self.lines:
            if self.line_scan is None:
                self.line_scan = HeaderScan(lines)
            return self.line_scan
        if self.stray_scan is None:
            self.stray_scan = HeaderScan(lines)
        return self.stray_scan

    def ends_with_label(self, lines: list[str]) -> bool:
        """Whether the last of ``lines`` (:attr:`lines` or :attr:`strays`), as cut, is a label."""
        if not lines:
            return False
        scan = self.line_scan if lines is self.lines else self.stray_scan
        if scan is None:
            return lines[-1] == NAV_LABEL
        return scan.equals(len(lines) - 1, NAV_LABEL)

    def author_glued(self, known: str) -> bool:
        """Whether the last author's name, as cut, ends with ``known`` and is more than it."""
        name = self.authors[-1].name
        end = len(name) if self.name_end < 0 else self.name_end
        return name.endswith(known, 0, end) and not (end == len(known) and name.startswith(known))

    def unglue_author(self, count: int) -> None:
        """The last author's name loses its last ``count`` characters, without a copy.

        As ``Author(name=name[:-count])``: the name is normalised (words
        joined by single spaces), so what is left of it is normalised by
        dropping a space at its end.
        """
        name = self.authors[-1].name
        end = len(name) if self.name_end < 0 else self.name_end
        end = max(end - count, 0) if count else 0
        if end and name[end - 1] == " ":
            end -= 1
        self.name_end = end

    def settle(self) -> None:
        """Slice the lines and the name cut by the repeated-header rule, once each."""
        for scan in (self.line_scan, self.stray_scan):
            if scan is not None:
                scan.settle()
        if self.name_end >= 0:
            last = self.authors[-1]
            unglued = Author(name=last.name[: self.name_end], is_group=last.is_group)
            self.authors = (*self.authors[:-1], unglued)
            self.name_end = -1


class TextParser:
    """The line-by-line state machine behind the text-dump readers.

    Feed it lines with their 1-based numbers; :meth:`feed` and :meth:`close`
    return each episode once it is complete.  The show's header is known after
    the first episode starts (:attr:`title`, :attr:`description`).
    Past ``limits.max_episodes`` episodes it reports ``too-large`` and reads
    no further.
    """

    def __init__(self, reporter: Reporter, limits: Limits | None = None) -> None:
        self.reporter = reporter
        self.limits = resolve(limits)
        self._started = 0
        self.title: str | None = None
        self.description: str | None = None
        self._state = _HEADER
        self._header: list[tuple[int, str]] = []
        self._draft: _Draft | None = None

    @property
    def stopped(self) -> bool:
        """Whether reading stopped at the episode limit (``too-large``)."""
        return self._state == _DONE

    # -- feeding -----------------------------------------------------------

    def feed(self, line: str, number: int) -> Episode | None:
        """Read one line (without its line end)."""
        state = self._state
        finished = None
        date = match_date_line(line)
        if state == _BODY:
            if date is not None:
                finished = self._start(date, line, number)
            else:
                self._body(line, number)
        elif state == _AFTER_CREDIT:
            if date is not None:
                finished = self._start(date, line, number)
            else:
                self._after_credit(line, number)
        elif state == _OPENING:
            self._opening(line, number, date)
        elif state == _DONE:
            pass
        elif date is not None:
            finished = self._start(date, line, number)
        else:
            self._header.append((number, line))
        return finished

    def run(self, lines: Iterable[str]) -> Iterator[Episode]:
        """Feed every line of ``lines`` (numbered from 1), then close.

        Most lines of a dump are long lines of episode text.  They take a
        fast path here, with no method call: too long to be a date line,
        no credit marker, not a page header's label.  Everything else goes
        through :meth:`feed`.
        """
        marker = CREDIT_MARKER
        shortest = MAX_DATE_LINE
        for number, line in enumerate(lines, 1):
            if (
                self._state == _BODY
                and len(line) > shortest
                and marker not in line
                and not line.isspace()
            ):
                draft = self._draft
                assert draft is not None
                draft.lines.append(line)
                draft.last_line = number
                continue
            episode = self.feed(line, number)
            if episode is not None:
                yield episode
            if self._state == _DONE:
                return
        last = self.close()
        if last is not None:
            yield last

    def close(self) -> Episode | None:
        """End of input: the last episode, if any."""
        if self._state == _HEADER:
            self._finish_header(None)
            return None
        if self._state == _DONE:
            return None
        return self._finish(at_end=True)

    # -- states --------------------------------------------------------------

    def _start(self, date: DateLine, line: str, number: int) -> Episode | None:
        finished = None
        if self._state == _HEADER:
            self._finish_header(number)
        else:
            finished = self._finish(at_end=False, next_start=number)
        if episode_limit_reached(self._started, self.limits, self.reporter, number):
            self._state = _DONE
            return finished
        self._started += 1
        if date.problem is not None:
            self.reporter.report(date.problem, date.message, number, date.column)
        self._draft = _Draft(number, date, line)
        self._state = _OPENING
        return finished

    def _opening(self, line: str, number: int, date: DateLine | None) -> None:
        draft = self._draft
        assert draft is not None
        if date is not None:
            if draft.candidate is not None:
                draft.title = draft.candidate.strip()
                draft.candidate = None
            draft.dates += 1
            reporter = self.reporter
            if (
                line != draft.date_text
                and not date_mismatch(
                    reporter,
                    draft.published,
                    draft.date_text.strip(),
                    date.date,
                    line.strip(),
                    line=number,
                )
                and date.problem is not None
            ):
                # The same day as the first, written differently: its own defect.
                reporter.report(date.problem, date.message, number, date.column)
            return
        if (
            draft.dates == 1
            and draft.candidate is None
            and draft.title is None
            and not line[:1].isspace()
            and not _is_blank(line)
            and find_credit(line) < 0
        ):
            draft.candidate = line
            draft.candidate_line = number
            draft.last_line = number
            return
        # The opening is over; this line is the first of the text.
        self._state = _BODY
        if draft.candidate is not None:
            self.reporter.report(
                "date-repeat",
                "the date line is not repeated (an episode opens with its date twice)",
                draft.start,
            )
            self._body(draft.candidate, draft.candidate_line)
            draft.candidate = None
        else:
            expected = 3 if draft.title is not None else 2
            if draft.dates != expected:
                kind = "a titled" if draft.title is not None else "an untitled"
                self.reporter.report(
                    "date-repeat",
                    f"{kind} episode opens with {expected} date lines, this one with "
                    f"{draft.dates}",
                    number - 1,
                )
        self._body(line, number)

    def _body(self, line: str, number: int) -> None:
        draft = self._draft
        assert draft is not None
        credit = split_credit(line)
        if credit is not None:
            before, names, start = credit
            if before:
                draft.lines.append(before)
            draft.authors = parse_authors(names, self.reporter, number, start + 1)
            draft.credited = True
            draft.credit_line = number
            draft.last_line = number
            self._state = _AFTER_CREDIT
        elif line == NAV_LABEL and draft.ends_with_label(draft.lines):
            draft.lines.pop()
            self._repeated_header(draft.lines, number)
        else:
            draft.lines.append(line)
            if not _is_blank(line):
                draft.last_line = number

    def _after_credit(self, line: str, number: int) -> None:
        draft = self._draft
        assert draft is not None
        if _is_blank(line):
            draft.blanks += 1
            draft.strays.append(line)
        elif line == NAV_LABEL and draft.ends_with_label(draft.strays):
            draft.strays.pop()
            self._repeated_header(draft.strays, number)
        else:
            if not draft.stray_line:
                draft.stray_line = number
            draft.blanks = 0
            draft.strays.append(line)

    def _repeated_header(self, lines: list[str], number: int) -> None:
        """A page header in the middle of the input: pages were concatenated.

        Its lines sit at the end of ``lines`` (an episode's text or the lines
        after its credit), its first "Episodes" label already popped.  A copy
        of the known header is cut out; a different one stays where it is, as
        text, so that nothing is lost.  What is known of ``lines`` is kept
        from one label to the next (:class:`HeaderScan`): a column of labels
        costs time linear in its length.
        """
        draft = self._draft
        assert draft is not None
        scan = draft.scan(lines)
        end = len(lines)
        title, start, cut, glued_line, glued_author = self._header_title(scan, draft)
        adopt = self.title is None and self.description is None
        if not adopt and (
            title != self.title or not scan.joins_to(start, end, self.description or "")
        ):
            lines.extend((NAV_LABEL, NAV_LABEL))
            self.reporter.report(
                "header-mismatch",
                "a page header that differs from the first one was kept as text",
                number,
            )
            return
        if adopt:
            text = scan.joined(start, end)
            self.title, self.description = title, text or None
        known = len(self.title or "")
        if glued_line >= 0:
            self._report_glued(number)
        elif glued_author:
            draft.unglue_author(known)
            self._report_glued(draft.credit_line)
        del lines[cut:]
        while lines and _is_blank(lines[-1]):
            lines.pop()
        if 0 <= glued_line < len(lines):
            # The title is cut off the line it is glued to when the lines
            # are used (HeaderScan.settle), not here at each header.
            scan.cut(glued_line, known)
        scan.forget(min(len(lines), glued_line) if glued_line >= 0 else len(lines))
        if lines is draft.lines:
            # The header's lines are gone: the text ends further up.  The
            # body's lines are consecutive, the last one before the label
            # that was popped standing at line number - 2.
            draft.last_line = number - 2 - end + len(lines) if lines else draft.start
        if lines is draft.strays and not lines:
            draft.stray_line = 0
        draft.after_header = True
        draft.blanks = 0
        # Text after a header and before the next date belongs to no episode:
        # it is kept in this one, as strays, like text after a credit.
        self._state = _AFTER_CREDIT

    def _header_title(self, scan: HeaderScan, draft: _Draft) -> Found:
        """Where the header at the end of ``scan.lines`` has its title (see :data:`Found`).

        Its description is the run of non-blank lines at the end, less its
        first line if that is the known title; else the title is the line
        above the blank lines above it (perhaps glued to the end of that
        line, or of the last author's name).
        """
        lines = scan.lines
        block, above = scan.runs()
        known = self.title
        first = lines[block] if block < len(lines) else None
        candidate = lines[above - 1] if above > 0 else None
        authors = draft.authors

        def find() -> Found:
            if first is not None and known is not None and scan.strips_to(block, known):
                return known, block + 1, block, -1, False
            if candidate is not None:
                if known is None:
                    return scan.text(above - 1).strip(), block, above - 1, -1, False
                if scan.strips_to(above - 1, known):
                    return known, block, above - 1, -1, False
                if scan.ends_with(above - 1, known):
                    return known, block, above, above - 1, False
                return None, block, block, -1, False
            if (
                known is not None
                and lines is draft.strays
                and authors
                and draft.author_glued(known)
            ):
                return known, block, 0, -1, True
            return None, block, block, -1, False

        ends = (scan.end_of(block), scan.end_of(above - 1), draft.name_end)
        return scan.recall((block, above, *ends, first, candidate, known, authors), find)

    def _report_glued(self, number: int) -> None:
        self.reporter.report(
            "missing-newline",
            f"the page header's title {self.title!r} was glued to the line before it",
            number,
        )

    # -- finishing ---------------------------------------------------------------

    def _finish_header(self, first_date: int | None) -> None:
        lines = self._header
        self._header = []
        index, count = 0, len(lines)
        while index < count and _is_blank(lines[index][1]):
            index += 1
        if index == count:
            return
        title = lines[index][1].strip()
        if title == NAV_LABEL:
            title = ""
        else:
            index += 1
        description: list[str] = []
        while index < count and lines[index][1].strip() != NAV_LABEL:
            description.append(lines[index][1])
            index += 1
        while index < count and lines[index][1].strip() == NAV_LABEL:
            index += 1
        # What follows the "Episodes" labels should be blank lines only.
        rest = lines[index:]
        blanks = 0
        while rest and _is_blank(rest[-1][1]):
            rest.pop()
            blanks += 1
        strays = [line for _, line in rest]
        self.title = title or None
        text = "\n".join(description).strip("\n")
        self.description = text or None
        if any(not _is_blank(line) for line in strays):
            first = next(number for number, line in rest if not _is_blank(line))
            stray_text(self.reporter, first, kept_in=SHOW)
            joined = "\n".join(strays).strip("\n")
            self.description = f"{text}\n{joined}" if text else joined
        if first_date is not None and blanks != SEPARATOR_BLANKS:
            self.reporter.report(
                "blank-lines",
                f"expected {SEPARATOR_BLANKS} blank lines before the first episode, "
                f"found {blanks}",
                first_date,
            )

    def _finish(self, *, at_end: bool, next_start: int = 0) -> Episode | None:
        draft = self._draft
        if draft is None:
            return None
        self._draft = None
        draft.settle()
        if self._state == _OPENING and draft.candidate is not None:
            # The input ended (or the next episode began) right after a
            # one-line opening: take the line as the title.
            draft.title = draft.candidate.strip()
        if self._state == _OPENING:
            # The opening never ended: its date lines are all there is.
            expected = 3 if draft.title is not None else 2
            if draft.dates > expected:
                self.reporter.report(
                    "date-repeat",
                    f"the episode that starts at line {draft.start} opens with "
                    f"{draft.dates} date lines, not {expected}",
                    draft.start,
                )
        lines = draft.lines
        if draft.credited:
            strays = draft.strays
            while strays and _is_blank(strays[-1]):
                strays.pop()
            # A credit was read: the episode is whole, and what follows it is
            # stray text even at the end of the input.
            if episode_end(
                self.reporter,
                credited=True,
                strays=bool(strays),
                cut=False,
                start=draft.start,
                line=draft.stray_line,
            ):
                lines.extend(strays)
            if not at_end and draft.blanks != SEPARATOR_BLANKS:
                where = "before the first episode" if draft.after_header else "between episodes"
                self.reporter.report(
                    "blank-lines",
                    f"expected {SEPARATOR_BLANKS} blank lines {where}, found {draft.blanks}",
                    next_start,
                )
        else:
            while lines and _is_blank(lines[-1]):
                lines.pop()
            if draft.strays:
                lines.extend(draft.strays)
                while lines and _is_blank(lines[-1]):
                    lines.pop()
            episode_end(
                self.reporter,
                credited=False,
                strays=False,
                cut=at_end,
                start=draft.start,
                line=draft.last_line,
            )
        return Episode(
            published=draft.published,
            title=draft.title,
            description="\n".join(lines),
            authors=draft.authors,
        )

    def show(self, episodes: Iterable[Episode]) -> Show:
        """The show with the header read so far and ``episodes``."""
        return Show(
            title=self.title,
            description=self.description,
            host=host_from_description(self.description),
            episodes=episodes,
            diagnostics=self.reporter.diagnostics,
        )
