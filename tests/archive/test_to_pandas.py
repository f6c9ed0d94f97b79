"""paperledge.to_pandas: one row per episode; authors a list, dates dates, durations timedeltas."""

from __future__ import annotations

import datetime as dt

import attrs
import pandas as pd

import paperledge
import paperledge.dask
from archive.linked import LORA_INDEX, WHISPER_INDEX, linked_sample


def test_the_sample_show_as_a_frame() -> None:
    frame = paperledge.to_pandas(paperledge.load_sample())
    assert len(frame) == 24
    assert frame.loc[8, "authors"][:2] == ["Edward J. Hu", "Yelong Shen"]
    assert frame.loc[8, "arxiv_code"] == "cs.CL"
    assert frame.loc[8, "published"] == pd.Timestamp(2025, 3, 16)
    assert str(frame["published"].dtype) == "datetime64[ns]"
    assert frame["duration"].isna().all()


def test_durations_are_timedeltas_and_moments_utc() -> None:
    show = paperledge.load_sample()
    moment = dt.datetime(2025, 3, 16, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    episode = attrs.evolve(
        show.episodes[8], duration=dt.timedelta(minutes=6, seconds=12), published_at=moment
    )
    frame = paperledge.to_pandas([episode])
    assert frame.loc[0, "duration"] == pd.Timedelta(minutes=6, seconds=12)
    assert frame.loc[0, "published_at"] == pd.Timestamp("2025-03-16 07:30", tz="UTC")
    assert list(frame.columns) == list(paperledge.PANDAS_COLUMNS)


def test_an_empty_show_has_the_columns_and_their_dtypes() -> None:
    frame = paperledge.to_pandas(paperledge.Show(title="PaperLedge"))
    assert frame.empty
    assert [str(t) for t in frame.dtypes] == [
        str(pd.Series([], dtype=d).dtype) if d != "datetime64[ns, UTC]" else d
        for d, _meaning in paperledge.PANDAS_COLUMNS.values()
    ]


def test_the_dask_frame_is_built_from_it() -> None:
    episodes = paperledge.load_sample().episodes
    core = paperledge.to_pandas(episodes)
    dask_frame = paperledge.dask.episodes_to_pandas(episodes)
    assert list(dask_frame.columns) == list(paperledge.dask.COLUMNS)
    assert dask_frame.loc[8, "authors"] == "; ".join(core.loc[8, "authors"])
    pd.testing.assert_series_equal(dask_frame["title"], core["title"])


def test_the_linked_papers_are_columns_of_their_own() -> None:
    frame = paperledge.to_pandas(linked_sample())
    lora = frame.loc[LORA_INDEX]
    assert lora["arxiv_id"] == "2106.09685"
    assert lora["arxiv_version"] == 2
    assert lora["arxiv_title"] == "LoRA: Low-Rank Adaptation of Large Language Models"
    assert lora["arxiv_authors"][:2] == ["Edward J. Hu", "Yelong Shen"]
    assert lora["arxiv_published"] == pd.Timestamp(2021, 6, 17)
    assert lora["arxiv_abstract_url"] == "https://arxiv.org/abs/2106.09685v2"
    assert frame.loc[WHISPER_INDEX, "arxiv_matched_by"] == "authors"
    assert frame.loc[WHISPER_INDEX, "arxiv_score"] == 0.8125
    # Episodes not linked are missing values, not made-up ones.
    assert frame["arxiv_id"].isna().sum() == 22
    assert frame["arxiv_score"].isna().sum() == 22
    assert frame.loc[0, "arxiv_authors"] == []
    linked = frame.dropna(subset=["arxiv_id"])
    assert linked["arxiv_primary_category"].tolist() == ["cs.CL", "eess.AS"]
