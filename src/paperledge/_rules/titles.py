"""The rule for an episode's title: ``Category - Paper title``."""

from __future__ import annotations

from .arxiv import NAMES_WITH_SEPARATOR

__all__ = ["TITLE_SEPARATOR", "split_title"]

#: What separates an episode title's arXiv category from the paper's title.
TITLE_SEPARATOR = " - "


def split_title(title: str | None) -> tuple[str | None, str | None]:
    """Split an episode title into ``(category, paper_title)``.

    The show titles its episodes ``Category - Paper title``; the category is
    the part before the first ``" - "``.  A title without the separator is all
    paper title.  Paper titles keep their own hyphens and later separators.

    >>> split_title("Machine Learning - Let’s Verify Step by Step")
    ('Machine Learning', 'Let’s Verify Step by Step')
    >>> split_title("Untitled musings")
    (None, 'Untitled musings')
    >>> split_title("High Energy Physics - Theory - Strings at low energy")
    ('High Energy Physics - Theory', 'Strings at low energy')
    """
    if title is None:
        return None, None
    for name in NAMES_WITH_SEPARATOR:
        # arXiv's own "High Energy Physics - Theory" holds the separator.
        if title.startswith(name + TITLE_SEPARATOR):
            return name, title[len(name) + len(TITLE_SEPARATOR) :].strip() or None
    category, separator, rest = title.partition(TITLE_SEPARATOR)
    if not separator:
        return None, title
    return category.strip() or None, rest.strip() or None
