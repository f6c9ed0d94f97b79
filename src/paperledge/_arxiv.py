"""arXiv subject names (as the show's titles give them) and their codes.

Placeholder: being written (issue 4).
"""

from __future__ import annotations

__all__ = ["arxiv_code"]


def arxiv_code(category: str | None) -> str | None:
    """The arXiv code (``cs.CL``) for a subject name (``Computation and Language``)."""
    return None
