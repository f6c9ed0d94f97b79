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
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["Found", "HeaderScan", "is_blank"]

#: What the rule concludes of a header's lines: its title, the first line of
#: its description, the first line to cut out, the line its title is glued
#: to (or -1), whether its title is glued to the last author's name.
Found = tuple["str | None", int, int, int, bool]
_Key = tuple[int, int, "str | None", "str | None", "str | None", object]


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

    __slots__ = ("_first_blank", "_key", "_last", "_seen", "_starts", "_sums", "_value", "lines")

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

    def forget(self, count: int) -> None:
        """``lines[count:]`` changed or went: they are looked at again."""
        if count >= self._seen:
            return
        self._seen = count
        self._last = self.lines[count - 1] if count else None
        del self._sums[count + 1 :]
        starts = self._starts
        while starts and starts[-1] >= count:
            starts.pop()

    def _update(self) -> None:
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
        for index in range(seen, end):
            line = lines[index]
            now = not line or line.isspace()
            if now != blank:
                starts.append(index)
                blank = now
            total += len(line)
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
        lines = self.lines
        count = end - start
        if count <= 0:
            return text == ""
        head, tail = lines[start][:1], lines[end - 1][-1:]
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
        return "\n".join(self.lines[start:end]).strip("\n")

    def recall(self, key: _Key, find: Callable[[], Found]) -> Found:
        """``find()``, or what it gave last time if ``key`` is the same.

        ``key`` holds the indices and the lines (compared as objects, not
        as text) that ``find`` looks at, so that a long line looked at
        again costs nothing.
        """
        before = self._key
        if (
            before is not None
            and before[0] == key[0]
            and before[1] == key[1]
            and all(a is b for a, b in zip(before[2:], key[2:], strict=True))
        ):
            assert self._value is not None
            return self._value
        value = find()
        self._key, self._value = key, value
        return value
