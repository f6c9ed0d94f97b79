"""What the repeated-header rule needs to know of a list of lines, each line looked at once.

The rule (:meth:`paperledge._formats.text.machine.TextParser._repeated_header`)
runs each time two "Episodes" labels follow each other in an episode's text
or in the lines after its credit.  It needs the run of non-blank lines at the
end of the list (the header's description, perhaps its title) and the run of
blank lines above it.  Looked for from the end each time, those runs were
read again at every label of a long column of labels that no blank line
breaks: time quadratic in the input.  :class:`HeaderScan` finds where every
run starts as the list grows, each line once, and remembers what the rule
concluded of the same lines the last time.

A header's title glued to the end of a line is cut off that line.  Many
headers glued one after another to the same long line cut it once each:
sliced at each cut, the line was copied once per header.  The scan keeps
instead how much of the line is left (:meth:`HeaderScan.cut`), answers the
rule's questions about it from the line as it was and that length, and
slices it once, when the lines are used (:meth:`HeaderScan.settle`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["Found", "HeaderScan", "is_blank"]

#: What the rule concludes of a header's lines: its title, the first line of
#: its description, the first line to cut out, the line its title is glued
#: to (or -1), whether its title is glued to the last author's name.
Found = tuple["str | None", int, int, int, bool]
#: The indices and the lengths left of cut lines (compared by value), then
#: the lines and objects (compared as objects) the rule looks at.
_Key = tuple[int, int, int, int, int, "str | None", "str | None", "str | None", object]

#: A run of whitespace: the characters ``str.strip`` takes off (both ask
#: ``str.isspace``).
_SPACES = re.compile(r"\s*")


class _Cut:
    """A line of which only the first ``end`` characters are left.

    ``lead`` is where its first non-blank character stands, and ``gap``
    where the first non-blank character after ``lead + len(known)``
    stands (-1 while not looked for): found once, they tell whether what
    is left strips to ``known`` whatever ``end`` is.
    """

    __slots__ = ("end", "gap", "known", "lead")

    def __init__(self, end: int) -> None:
        self.end = end
        self.lead = -1
        self.gap = -1
        self.known = ""


def _blanks_end(line: str, start: int) -> int:
    """Where the run of whitespace at ``line[start:]`` ends."""
    match = _SPACES.match(line, start)
    assert match is not None  # an empty run matches anywhere
    return match.end()


def is_blank(line: str) -> bool:
    """Whether ``line`` is empty or whitespace only."""
    return not line or line.isspace()


class HeaderScan:
    """The runs of blank and non-blank lines of ``lines``, and a one-entry memory.

    ``lines`` may grow at its end between two uses; any other change (lines
    removed, or one replaced) is told with :meth:`forget`, from the first
    line changed on.  Lines removed at the end, and the last line looked at
    replaced, are also noticed on their own.
    """

    __slots__ = (
        "_cuts",
        "_first_blank",
        "_key",
        "_last",
        "_seen",
        "_starts",
        "_sums",
        "_value",
        "lines",
    )

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self._seen = 0  # lines[:seen] were looked at
        self._last: str | None = None  # lines[seen - 1] when it was looked at
        self._first_blank = False  # whether lines[0] is blank
        # Where a run starts, other than at 0: each index 0 < i < seen where
        # a blank line follows a non-blank one or the other way round.
        self._starts: list[int] = []
        # sums[i]: the characters of lines[:i], for i <= seen.
        self._sums = [0]
        self._key: _Key | None = None
        self._value: Found | None = None
        # The lines cut and not yet sliced, by index, in increasing order.
        self._cuts: dict[int, _Cut] = {}

    def forget(self, count: int) -> None:
        """``lines[count:]`` changed or went: they are looked at again."""
        self._drop()
        if count >= self._seen:
            return
        self._seen = count
        self._last = self.lines[count - 1] if count else None
        del self._sums[count + 1 :]
        starts = self._starts
        while starts and starts[-1] >= count:
            starts.pop()

    def _drop(self) -> None:
        """Forget the cuts of lines that went."""
        cuts, count = self._cuts, len(self.lines)
        while cuts:
            last = next(reversed(cuts))
            if last < count:
                return
            del cuts[last]

    def _update(self) -> None:
        self._drop()
        lines = self.lines
        end = len(lines)
        if self._seen > end:
            self.forget(end)
        seen = self._seen
        if seen and lines[seen - 1] is not self._last:
            self.forget(0)
            seen = 0
        if seen == end:
            return
        starts, sums = self._starts, self._sums
        if seen == 0:
            self._first_blank = is_blank(lines[0])
        blank = self._first_blank ^ (len(starts) % 2 == 1)  # whether lines[seen - 1] is
        total = sums[-1]
        cuts = self._cuts
        for index in range(seen, end):
            line = lines[index]
            now = not line or line.isspace()
            if now != blank:
                starts.append(index)
                blank = now
            total += cuts[index].end if cuts and index in cuts else len(line)
            sums.append(total)
        self._seen = end
        self._last = lines[end - 1]

    def runs(self) -> tuple[int, int]:
        """``(block, above)``: where the last non-blank lines start, and the blanks above them.

        As a search back from the end finds them: ``lines[block:]`` is the
        longest run of non-blank lines at the end (empty when the last line
        is blank), and ``lines[above:block]`` the longest run of blank lines
        just above it.
        """
        self._update()
        end = self._seen
        if not end:
            return 0, 0
        starts = self._starts
        count = len(starts)
        last = starts[-1] if count else 0
        if self._first_blank ^ (count % 2 == 1):
            return end, last
        if not last:
            return 0, 0
        return last, starts[-2] if count > 1 else 0

    def joins_to(self, start: int, end: int, text: str) -> bool:
        """Whether ``"\\n".join(lines[start:end]).strip("\\n") == text``.

        The lengths are compared first, from the sums kept (when the joined
        lines neither start nor end with a line break, the strip takes
        nothing off), and the lines joined only when they are the same.
        Call :meth:`runs` first: it brings the sums up to date.
        """
        count = end - start
        if count <= 0:
            return text == ""
        head, tail = self._edge(start, 0), self._edge(end - 1, -1)
        if (
            head
            and head != "\n"
            and tail
            and tail != "\n"
            and self._sums[end] - self._sums[start] + count - 1 != len(text)
        ):
            return False
        return self.joined(start, end) == text

    def joined(self, start: int, end: int) -> str:
        """``"\\n".join(lines[start:end]).strip("\\n")``."""
        if self._cuts:
            return "\n".join(self.text(index) for index in range(start, end)).strip("\n")
        return "\n".join(self.lines[start:end]).strip("\n")

    # -- the lines as cut ----------------------------------------------------------

    def cut(self, index: int, count: int) -> None:
        """``lines[index]`` loses its last ``count`` characters, the lines after it went.

        As ``lines[index] = lines[index][:-count]``, without the copy:
        the line is sliced once, by :meth:`settle`.
        """
        self._drop()
        cut = self._cuts.get(index)
        if cut is None:
            cut = self._cuts[index] = _Cut(len(self.lines[index]))
        cut.end = max(cut.end - count, 0) if count else 0
        self.forget(index)

    def settle(self) -> None:
        """Slice every line cut (:meth:`cut`) to what is left of it."""
        self._drop()
        lines, cuts = self.lines, self._cuts
        if not cuts:
            return
        first = next(iter(cuts))
        for index, cut in cuts.items():
            lines[index] = lines[index][: cut.end]
        cuts.clear()
        self.forget(first)

    def end_of(self, index: int) -> int:
        """How much is left of ``lines[index]`` if it was cut, else -1."""
        cut = self._cuts.get(index)
        return -1 if cut is None else cut.end

    def text(self, index: int) -> str:
        """``lines[index]`` as cut."""
        cut = self._cuts.get(index)
        line = self.lines[index]
        return line if cut is None else line[: cut.end]

    def _edge(self, index: int, side: int) -> str:
        """The first (``side`` 0) or last (-1) character of :meth:`text` ``(index)``."""
        cut = self._cuts.get(index)
        line = self.lines[index]
        if cut is None:
            return line[:1] if side == 0 else line[-1:]
        end = cut.end
        return line[: min(end, 1)] if side == 0 else line[max(end - 1, 0) : end]

    def equals(self, index: int, text: str) -> bool:
        """Whether :meth:`text` ``(index) == text``."""
        cut = self._cuts.get(index)
        line = self.lines[index]
        if cut is None:
            return line == text
        return cut.end == len(text) and line.startswith(text)

    def ends_with(self, index: int, known: str) -> bool:
        """Whether :meth:`text` ``(index)`` ends with ``known``."""
        cut = self._cuts.get(index)
        line = self.lines[index]
        return line.endswith(known) if cut is None else line.endswith(known, 0, cut.end)

    def strips_to(self, index: int, known: str) -> bool:
        """Whether :meth:`text` ``(index).strip() == known``.

        For a line cut, from where its first non-blank character and the
        first one after ``known`` stand, found once for all its cuts.
        """
        cut = self._cuts.get(index)
        line = self.lines[index]
        if cut is None:
            return line.strip() == known
        if not known or known[0].isspace() or known[-1].isspace():
            return line[: cut.end].strip() == known
        if cut.lead < 0:
            cut.lead = _blanks_end(line, 0)
        after = cut.lead + len(known)
        if after > cut.end or not line.startswith(known, cut.lead):
            return False
        if cut.gap < 0 or cut.known != known:
            cut.gap, cut.known = _blanks_end(line, after), known
        return cut.gap >= cut.end

    def recall(self, key: _Key, find: Callable[[], Found]) -> Found:
        """``find()``, or what it gave last time if ``key`` is the same.

        ``key`` holds the indices and the lines (compared as objects, not
        as text) that ``find`` looks at, so that a long line looked at
        again costs nothing.
        """
        before = self._key
        if (
            before is not None
            and before[:5] == key[:5]
            and all(a is b for a, b in zip(before[5:], key[5:], strict=True))
        ):
            assert self._value is not None
            return self._value
        value = find()
        self._key, self._value = key, value
        return value
