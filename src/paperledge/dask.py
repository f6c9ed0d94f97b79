"""paperledge on a Dask cluster: archives as bags of episodes and data frames.

Install with ``pip install paperledge[dask]``, then import this module
explicitly (``import paperledge`` does not import Dask)::

    import paperledge.dask as pd_dask

    bag = pd_dask.read_pages("s3://my-bucket/crawl/2025-*/page-*.txt")
    frame = pd_dask.to_dataframe(bag)
    frame.groupby("category").size().compute()

:func:`read_pages` reads every file a local path, glob or fsspec URL names
(``s3://``, ``gs://``, ``https://``...), one file per task, each file read
as :func:`paperledge.load` reads it; :func:`to_dataframe` makes one row per
episode with the columns of :data:`COLUMNS`.  The same code runs on the
local threaded scheduler, a ``LocalCluster`` or a remote scheduler: create
a ``distributed.Client`` first and Dask uses it (``docs/scale.md``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import Any

try:
    import dask.bag as db
    import dask.dataframe as dd
    import fsspec
    import pandas as pd
    from dask.delayed import delayed
except ImportError as error:  # pragma: no cover - exercised in a subprocess test
    raise ImportError(
        f"paperledge.dask needs Dask, fsspec and pandas ({error}); "
        "install them with: pip install paperledge[dask]"
    ) from error

from ._api.formats import get_format
from ._archive.tables import to_pandas
from ._diagnostics import FormatError
from ._model import Episode, Show
from ._scale.many import _unreadable, parse_named

__all__ = ["COLUMNS", "episodes_to_pandas", "read_pages", "read_shows", "to_dataframe"]

#: The columns of :func:`to_dataframe` and :func:`episodes_to_pandas`, with
#: their dtypes and meaning.  Text columns are pandas' nullable ``string``
#: dtype (missing values are ``<NA>``); times are ``NaT`` when unknown.
COLUMNS: dict[str, tuple[str, str]] = {
    "published": ("datetime64[ns]", "the day of publication, at midnight"),
    "published_at": (
        "datetime64[ns, UTC]",
        "the moment of publication, in UTC (a moment without a zone is taken as UTC)",
    ),
    "title": ("string", "the episode title, 'Category - Paper title'"),
    "category": ("string", "the arXiv subject the title names"),
    "arxiv_code": ("string", "the arXiv code of the category (cs.CL)"),
    "paper_title": ("string", "the paper's title"),
    "description": ("string", "the spoken text, without the credit"),
    "authors": ("string", "the paper's authors, joined by '; '"),
    "author_count": ("int64", "how many authors the credit names"),
    "url": ("string", "the episode page"),
    "guid": ("string", "the feed's guid"),
    "audio_url": ("string", "the audio file"),
    "audio_type": ("string", "the audio's media type"),
    "audio_length": ("Int64", "the audio's size in bytes (nullable integer)"),
    "duration": ("float64", "the duration in seconds (NaN when unknown)"),
    "image_url": ("string", "the episode image"),
}

#: Separates the names in the ``authors`` column.
AUTHOR_SEPARATOR = "; "


def _files(
    urlpath: str | os.PathLike[str] | Sequence[str], storage_options: dict[str, Any]
) -> list[Any]:
    """The fsspec files ``urlpath`` names, directories expanded, sorted by path."""
    if isinstance(urlpath, os.PathLike):
        urlpath = os.fspath(urlpath)
    fs, _token, paths = fsspec.core.get_fs_token_paths(
        urlpath, mode="rb", storage_options=storage_options
    )
    found: set[str] = set()
    for path in paths:
        if fs.isdir(path):
            found.update(
                name
                for name in fs.find(path)
                if not any(part.startswith(".") for part in name[len(path) :].split("/"))
            )
        else:
            found.add(path)
    return [fsspec.core.OpenFile(fs, path, mode="rb") for path in sorted(found)]


def _name(open_file: Any) -> str:
    # Local files are named by their plain path, as parse_many names them;
    # remote ones keep their protocol (s3://bucket/key).
    protocol = open_file.fs.protocol
    local = "file" in (protocol if isinstance(protocol, (tuple, list)) else (protocol,))
    return str(open_file.path if local else open_file.full_name)


def _read_one(open_file: Any, format: str | None, strict: bool) -> Show:
    name = _name(open_file)
    try:
        with open_file as handle:
            data = handle.read()
    except OSError as error:
        return _unreadable(name, f"cannot read the file: {error.strerror or error}")
    return parse_named(data, name, format, strict)


def read_shows(
    urlpath: str | os.PathLike[str] | Sequence[str],
    *,
    format: str | None = None,
    strict: bool = False,
    files_per_partition: int = 1,
    storage_options: dict[str, Any] | None = None,
) -> db.Bag:
    """A bag of one :class:`~paperledge.Show` per file, in the order of the sorted paths.

    Like :func:`read_pages`, but each file's show keeps its header and its
    diagnostics (whose ``source`` names the file); a file that cannot be
    read or fails in strict mode is a show holding one diagnostic.  An
    unknown ``format`` raises :class:`~paperledge.FormatError` at once.
    """
    if format is not None:
        # Fail here, not once per file on the workers.
        fmt = get_format(format)
        if fmt.reader is None:
            raise FormatError(f"paperledge writes {fmt.name!r} but cannot read it")
    files = _files(urlpath, storage_options or {})
    if not files:
        raise FileNotFoundError(f"no files match {urlpath!r}")
    sequence = db.from_sequence(files, partition_size=max(1, files_per_partition))
    bag: db.Bag = sequence.map(_read_one, format, strict)
    return bag


def read_pages(
    urlpath: str | os.PathLike[str] | Sequence[str],
    *,
    format: str | None = None,
    strict: bool = False,
    files_per_partition: int = 1,
    storage_options: dict[str, Any] | None = None,
) -> db.Bag:
    """A bag of the :class:`~paperledge.Episode` values of every file ``urlpath`` names.

    ``urlpath`` is a local path, a directory (every file under it), a glob
    (``pages/*.html``), any fsspec URL (``s3://bucket/crawl/*.txt``; pass
    credentials in ``storage_options``), or a list of these.  Files are read
    in the order of their sorted paths, episodes in document order, so the
    bag's order is that of :func:`paperledge.parse_many` over files that do
    not overlap.  Each file is read as :func:`paperledge.load` reads it (its
    format from ``format``, the extension, or sniffing); a file that cannot
    be read gives no episodes (use :func:`read_shows` to see why).
    ``files_per_partition`` files make one Dask partition (one task).
    """
    shows = read_shows(
        urlpath,
        format=format,
        strict=strict,
        files_per_partition=files_per_partition,
        storage_options=storage_options,
    )
    episodes: db.Bag = shows.map(_episodes_of).flatten()
    return episodes


def _episodes_of(show: Show) -> tuple[Episode, ...]:
    return show.episodes


def episodes_to_pandas(episodes: Iterable[Episode]) -> pd.DataFrame:
    """A pandas data frame of ``episodes``, one row each, with the :data:`COLUMNS`.

    The frame is :func:`paperledge.to_pandas`'s, with the shapes this module
    has always had: the authors joined into one string, the duration in
    seconds, and only the :data:`COLUMNS`.
    """
    frame = to_pandas(episodes)
    frame["authors"] = pd.Series(
        [AUTHOR_SEPARATOR.join(names) for names in frame["authors"]], dtype="string"
    )
    frame["duration"] = frame["duration"].dt.total_seconds().astype("float64")
    return frame[list(COLUMNS)]


def _partition_frame(episodes: Iterable[Episode]) -> pd.DataFrame:
    return episodes_to_pandas(episodes)


def to_dataframe(bag: db.Bag) -> dd.DataFrame:
    """A Dask data frame of a bag of episodes: one row per episode, the :data:`COLUMNS`.

    Partitions follow the bag's; the index restarts at 0 in each partition
    (``reset_index`` after computing if you need one index).
    """
    meta = episodes_to_pandas(())
    parts = [delayed(_partition_frame)(part) for part in bag.to_delayed()]
    frame: dd.DataFrame = dd.from_delayed(parts, meta=meta, verify_meta=False)
    return frame
