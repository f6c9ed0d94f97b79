"""Every writer in paperledge.formats() writes any show as text, and the hostile one
(markup, formulas, CDATA ends) as text ending in a line end."""

from __future__ import annotations

import pytest
from hypothesis import given

import paperledge
from paperledge import Show

from strategies import shows
from support import HOSTILE_SHOW

WRITERS = [pytest.param(fmt.name, id=fmt.name) for fmt in paperledge.formats() if fmt.can_write]


@given(shows)
def test_every_writer_writes_any_show(show: Show) -> None:
    for fmt in paperledge.formats():
        if fmt.can_write:
            assert isinstance(paperledge.dumps(show, fmt.name), str)


@pytest.mark.parametrize("name", WRITERS)
def test_every_writer_writes_the_hostile_show(name: str) -> None:
    out = paperledge.dumps(HOSTILE_SHOW, name)
    assert isinstance(out, str)
    assert out.endswith("\n")
