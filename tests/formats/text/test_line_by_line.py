"""TextParser.run() takes the lines of an episode's text without a call to feed() each:
what it reads is what feeding every line reads."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

import paperledge
from paperledge._diagnostics import Reporter
from paperledge._formats.text import TextParser

from strategies import dump_like

# Long text lines (the ones run() takes as they are), with and without what
# sends a line through feed() all the same: a credit, a date, spaces only.
_LONG = "x" * 70
_LINES = st.lists(
    st.one_of(
        dump_like.map(lambda lines: lines[0] if lines else ""),
        st.sampled_from(
            [
                _LONG,
                " " + _LONG,
                _LONG + "Credit to Paper authors: A",
                " " * 70,
                "\u2003" * 70,
                "Thursday Oct 02, 2025" + " " * 50,
            ]
        ),
    ),
    max_size=40,
)


def _fed(lines: list[str]) -> tuple[list[paperledge.Episode], list[object]]:
    reporter = Reporter()
    parser = TextParser(reporter)
    episodes = []
    for number, line in enumerate(lines, 1):
        episode = parser.feed(line, number)
        if episode is not None:
            episodes.append(episode)
    last = parser.close()
    if last is not None:
        episodes.append(last)
    return episodes, list(reporter.diagnostics)


@given(_LINES)
def test_run_reads_what_feeding_every_line_reads(lines: list[str]) -> None:
    reporter = Reporter()
    parser = TextParser(reporter)
    assert (list(parser.run(lines)), list(reporter.diagnostics)) == _fed(lines)


def test_the_seed_pages_read_alike() -> None:
    for path in paperledge.sample_paths():
        lines = path.read_text(encoding="utf-8").split("\n")
        reporter = Reporter()
        episodes = list(TextParser(reporter).run(lines))
        assert len(episodes) == 8
        assert (episodes, list(reporter.diagnostics)) == _fed(lines)
