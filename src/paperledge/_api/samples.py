"""The sample listing pages that ship inside the package."""

from __future__ import annotations

import sys
from importlib import resources

# Traversable's home since 3.11; its old name, importlib.abc.Traversable, warns
# from 3.12 and is gone in 3.14.
if sys.version_info >= (3, 11):
    from importlib.resources.abc import Traversable
else:  # pragma: no cover - Python 3.10
    from importlib.abc import Traversable

from .._formats.text import parse_text
from .._model import Show

__all__ = ["load_sample", "sample_paths"]


def sample_paths() -> tuple[Traversable, ...]:
    """The shipped sample text dumps (three listing pages), in name order."""
    folder = resources.files("paperledge").joinpath("samples")
    return tuple(
        sorted(
            (entry for entry in folder.iterdir() if entry.name.endswith(".txt")),
            key=lambda entry: entry.name,
        )
    )


def load_sample(*, strict: bool = False) -> Show:
    """Parse every shipped sample page into one show (24 episodes).

    The pages are read as one archive, in name order, as if concatenated.
    """
    pages = [path.read_bytes() for path in sample_paths()]
    archive = b"".join(page if page.endswith(b"\n") else page + b"\n" for page in pages)
    return parse_text(archive, strict=strict)
