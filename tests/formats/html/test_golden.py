"""The HTML reader on whole pages (golden/): every episode, field and diagnostic.

Each case is a page in ``golden/<behaviour>.html`` beside what reading it
gives.  The pages are the fixtures tests/make_html_fixtures.py writes from the
seed dumps (one per theme and per defect), under the name of what each shows;
the other HTML tests and the benchmarks read them from here too.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import golden

from support import REPO

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("path", golden.cases(GOLDEN))
def test_case(path: Path) -> None:
    golden.check(path)


def test_each_golden_page_is_a_fixture_as_the_generator_writes_it() -> None:
    sys.path.insert(0, str(REPO / "tests"))
    try:
        import make_html_fixtures as generator
    finally:
        sys.path.pop(0)
    assert sorted(generator.GOLDEN_NAMES) == sorted(generator.FIXTURES)
    for name, behaviour in generator.GOLDEN_NAMES.items():
        data = generator.build(name)
        assert (GOLDEN / behaviour).read_bytes() == data, f"stale {name}: run the generator"
    inputs = {param.values[0].name for param in golden.cases(GOLDEN)}
    assert inputs == set(generator.GOLDEN_NAMES.values())
