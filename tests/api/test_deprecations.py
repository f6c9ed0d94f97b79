"""Deprecated names keep working, and warn naming their replacement (docs/stability.md)."""

from __future__ import annotations

import pytest

import paperledge

from support import SEED_NAMES, seed_bytes


def test_loads_is_parse_under_a_deprecated_name() -> None:
    data = seed_bytes(SEED_NAMES[0])
    with pytest.warns(
        DeprecationWarning,
        match=r"paperledge\.loads\(\) is deprecated; use "
        r"paperledge\.parse\(\)",
    ) as caught:
        show = paperledge.loads(data, "text", strict=False)
    assert show == paperledge.parse(data, "text")
    # The warning points at the caller, not at paperledge.
    assert caught[0].filename == __file__
