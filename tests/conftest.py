"""Hypothesis's profiles and the fixtures every test folder shares.

The helpers the tests import live in support.py; nothing imports this file.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

import paperledge

from support import SEED_NAMES, seed_bytes

# No wall-clock limits in tests: this machine is shared and noisy, so
# Hypothesis's per-example deadline is off.  HYPOTHESIS_PROFILE=hunt runs many
# more examples, for a bug hunt rather than CI.
settings.register_profile("default", deadline=None, max_examples=200)
settings.register_profile("hunt", deadline=None, max_examples=5000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(params=SEED_NAMES)
def seed_name(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture
def page_000() -> paperledge.Show:
    return paperledge.parse_text(seed_bytes(SEED_NAMES[0]), strict=True)


@pytest.fixture
def page_002() -> paperledge.Show:
    return paperledge.parse_text(seed_bytes(SEED_NAMES[1]), strict=True)


@pytest.fixture
def page_003() -> paperledge.Show:
    return paperledge.parse_text(seed_bytes(SEED_NAMES[2]), strict=True)
