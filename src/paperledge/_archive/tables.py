"""The show as a table: :func:`to_pandas`, one row per episode (needs pandas).

pandas is imported when a table is made, so that ``import paperledge``
needs none of it: install it with ``pip install paperledge[pandas]``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .._model import Episode, Show
from .._model.paper import PAPER_COLUMNS as NAMES

if TYPE_CHECKING:
    import pandas

__all__ = ["PANDAS_COLUMNS", "episode_columns", "to_pandas"]

#: The columns of :func:`to_pandas`: their pandas dtype and meaning.  Text
#: columns are pandas' nullable ``string`` dtype (``<NA>`` when unknown).
PANDAS_COLUMNS: dict[str, tuple[str, str]] = {
    "published": ("datetime64[ns]", "the day of publication (midnight; NaT when unknown)"),
    "published_at": ("datetime64[ns, UTC]", "the moment of publication, in UTC"),
    "title": ("string", "the episode title, 'Category - Paper title'"),
    "category": ("string", "the arXiv subject the title names"),
    "arxiv_code": ("string", "the arXiv code of the category (cs.CL)"),
    "paper_title": ("string", "the paper's title"),
    "description": ("string", "the spoken text, without the credit"),
    "authors": ("object", "the paper's authors' names, a list per row"),
    "author_count": ("int64", "how many authors the credit names"),
    "url": ("string", "the episode page"),
    "guid": ("string", "the feed's guid"),
    "audio_url": ("string", "the audio file"),
    "audio_type": ("string", "the audio's media type"),
    "audio_length": ("Int64", "the audio's size in bytes"),
    "duration": ("timedelta64[ns]", "the duration (NaT when unknown)"),
    "image_url": ("string", "the episode image"),
    "subtitle": ("string", "the feed's subtitle"),
    "episode_type": ("string", "full, trailer or bonus"),
    "number": ("Int64", "the episode's number"),
    "season": ("Int64", "the season's number"),
    "explicit": ("boolean", "whether the episode is marked explicit"),
    NAMES["arxiv_id"]: ("string", "the linked arXiv paper's id, without version (2106.09685)"),
    NAMES["version"]: ("Int64", "the version linked (2 for v2)"),
    NAMES["title"]: ("string", "the linked paper's title, as arXiv gives it"),
    NAMES["authors"]: ("object", "the linked paper's authors' names, a list per row"),
    NAMES["primary_category"]: ("string", "the linked paper's primary arXiv subject (cs.CL)"),
    NAMES["published"]: ("datetime64[ns]", "the day the paper's first version came out"),
    NAMES["abstract_url"]: ("string", "the linked paper's abstract page"),
    NAMES["matched_by"]: ("string", "how the link was made: title, authors or both"),
    NAMES["score"]: ("Float64", "how sure the link is, from 0 to 1"),
    "creators": ("object", "who made the episode as a general feed names them, a list per row"),
}


def _moment(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc)


def _day(value: dt.date | None) -> dt.datetime | None:
    return None if value is None else dt.datetime(value.year, value.month, value.day)


def episode_columns(episodes: Iterable[Episode]) -> dict[str, list[Any]]:
    """The :data:`PANDAS_COLUMNS` of ``episodes`` as plain Python lists (``None`` when unknown)."""
    rows = list(episodes)
    return {
        "published": [_day(e.published) for e in rows],
        "published_at": [_moment(e.published_at) for e in rows],
        "title": [e.title for e in rows],
        "category": [e.category for e in rows],
        "arxiv_code": [e.arxiv_code for e in rows],
        "paper_title": [e.paper_title for e in rows],
        "description": [e.description for e in rows],
        "authors": [[a.name for a in e.authors] for e in rows],
        "author_count": [len(e.authors) for e in rows],
        "url": [e.url for e in rows],
        "guid": [e.guid for e in rows],
        "audio_url": [e.audio_url for e in rows],
        "audio_type": [e.audio_type for e in rows],
        "audio_length": [e.audio_length for e in rows],
        "duration": [e.duration for e in rows],
        "image_url": [e.image_url for e in rows],
        "subtitle": [e.subtitle for e in rows],
        "episode_type": [e.episode_type for e in rows],
        "number": [e.number for e in rows],
        "season": [e.season for e in rows],
        "explicit": [e.explicit for e in rows],
        **_paper_columns(rows),
        "creators": [list(e.creators) for e in rows],
    }


def _paper_columns(rows: list[Episode]) -> dict[str, list[Any]]:
    """The ``arxiv_*`` columns: the linked paper's fields, ``None`` where none is linked."""
    papers = [e.paper for e in rows]
    return {
        NAMES["arxiv_id"]: [p.arxiv_id if p else None for p in papers],
        NAMES["version"]: [p.version if p else None for p in papers],
        NAMES["title"]: [p.title if p else None for p in papers],
        NAMES["authors"]: [[a.name for a in p.authors] if p else [] for p in papers],
        NAMES["primary_category"]: [p.primary_category if p else None for p in papers],
        NAMES["published"]: [_day(p.published) if p else None for p in papers],
        NAMES["abstract_url"]: [p.abstract_url if p else None for p in papers],
        NAMES["matched_by"]: [p.matched_by if p else None for p in papers],
        NAMES["score"]: [p.score if p else None for p in papers],
    }


def _series(pd: Any, name: str, values: list[Any]) -> Any:
    dtype = PANDAS_COLUMNS[name][0]
    if dtype == "datetime64[ns, UTC]":
        return pd.Series(pd.to_datetime(values, utc=True)).astype(dtype)
    if dtype == "object":
        return pd.Series(values, dtype=object)
    return pd.Series(values, dtype=dtype)


def to_pandas(show: Show | Iterable[Episode]) -> pandas.DataFrame:
    """A pandas data frame of a show's episodes (or of any episodes), one row each.

    The columns are :data:`PANDAS_COLUMNS`: dates as ``datetime64`` (the
    day's midnight), moments in UTC, durations as ``timedelta64``, the
    authors as a list of names per row, text as the nullable ``string``
    dtype; the ``arxiv_*`` columns are the linked paper's
    (:attr:`Episode.paper`), empty where none is linked.  Needs pandas
    (``pip install paperledge[pandas]``).

    >>> import paperledge
    >>> frame = paperledge.to_pandas(paperledge.load_sample())
    >>> frame.loc[8, ["arxiv_code", "paper_title"]].tolist()
    ['cs.CL', 'LoRA Low-Rank Adaptation of Large Language Models']
    >>> frame.loc[8, "authors"][:2]
    ['Edward J. Hu', 'Yelong Shen']
    """
    try:
        import pandas as pd  # noqa: PLC0415 - an optional dependency
    except ImportError as error:
        raise ImportError(
            f"paperledge.to_pandas needs pandas ({error}); "
            "install it with: pip install paperledge[pandas]"
        ) from error
    episodes = show.episodes if isinstance(show, Show) else show
    columns = episode_columns(episodes)
    return pd.DataFrame({name: _series(pd, name, values) for name, values in columns.items()})
