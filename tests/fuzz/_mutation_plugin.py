"""pytest plugin for tests.fuzz.mutation: fewer Hypothesis examples per mutant."""

from __future__ import annotations

import pytest
from hypothesis import settings

settings.register_profile("mutation", deadline=None, max_examples=20, database=None)


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    settings.load_profile("mutation")
