"""Shared fixtures: the real sample pages from ../shared/seeds/ (also shipped in the package)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from hypothesis import settings

import paperledge

# No wall-clock limits in tests: this machine is shared and noisy, so
# Hypothesis's per-example deadline is off.  HYPOTHESIS_PROFILE=hunt runs many
# more examples, for a bug hunt rather than CI.
settings.register_profile("default", deadline=None, max_examples=200)
settings.register_profile("hunt", deadline=None, max_examples=5000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

REPO = Path(__file__).resolve().parent.parent
SHARED_SEEDS = REPO.parent / "shared" / "seeds"
PACKAGE_SAMPLES = REPO / "src" / "paperledge" / "samples"

SEED_NAMES = (
    "000_dc6ef49440742e45.txt",
    "002_2135ef60f4dd5d3d.txt",
    "003_21b804928e084a05.txt",
)


def run_cli(*argv: str, stdin: bytes = b"") -> tuple[int, str, str]:
    """``paperledge *argv`` run in-process: (exit status, stdout, stderr)."""
    from paperledge._cli.main import main

    out, err = io.StringIO(), io.StringIO()
    source = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    code = main(list(argv), stdin=source, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def seed_path(name: str) -> Path:
    """A seed page: from ../shared/seeds when it is there, else the packaged copy."""
    shared = SHARED_SEEDS / name
    return shared if shared.exists() else PACKAGE_SAMPLES / name


def seed_bytes(name: str) -> bytes:
    return seed_path(name).read_bytes()


def seed_text(name: str) -> str:
    return seed_bytes(name).decode("utf-8")


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
