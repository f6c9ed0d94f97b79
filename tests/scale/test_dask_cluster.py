"""paperledge.dask on a real distributed LocalCluster: two worker processes on loopback.

A few hundred generated page files, text and HTML; the bag and the data
frame computed on the cluster must equal parse_many over the same files.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from distributed import Client, LocalCluster

import paperledge.dask as pld
from paperledge import Show
from paperledge._scale.many import parse_many
from paperledge.testing import Archive

# Starting a cluster of worker processes takes a while: run after the README's command
# (.ci/run: pytest -m cluster).
pytestmark = pytest.mark.cluster

TEXT_PAGES = 240
HTML_PAGES = 60


@pytest.fixture(scope="module")
def expected(archive: tuple[Archive, Path]) -> Show:
    return parse_many(archive[1], workers=1)


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    cluster = LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    )
    with cluster, Client(cluster) as client:
        yield client


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Archive, Path]:
    folder = tmp_path_factory.mktemp("archive")
    # Two episodes a page: many files, little parsing, a short test.
    archive = Archive((TEXT_PAGES + HTML_PAGES) * 2, per_page=2)
    # The newest pages as HTML, the older ones as text dumps: names sort
    # "html-..." before "text-...", which is also newest first.
    for page in range(archive.pages):
        if page < HTML_PAGES:
            (folder / f"html-{page:05d}.html").write_text(archive.html_page(page), "utf-8")
        else:
            (folder / f"text-{page:05d}.txt").write_text(archive.text_page(page), "utf-8")
    return archive, folder


def test_the_workers_are_separate_processes(client: Client) -> None:
    info = client.scheduler_info()
    assert len(info["workers"]) == 2
    assert all(address.startswith("tcp://127.0.0.1:") for address in info["workers"])


def test_the_bag_on_the_cluster_equals_parse_many(
    client: Client, archive: tuple[Archive, Path], expected: Show
) -> None:
    generated, folder = archive
    bag = pld.read_pages(folder, files_per_partition=10)
    assert bag.npartitions == 30
    episodes = client.compute(bag).result()
    assert tuple(episodes) == expected.episodes
    assert len(episodes) == generated.count
    # The HTML pages carry links, the text dumps do not.
    assert episodes[0].url is not None
    assert episodes[-1].url is None


def test_the_frame_on_the_cluster_equals_parse_many(
    client: Client, archive: tuple[Archive, Path], expected: Show
) -> None:
    _generated, folder = archive
    frame = pld.to_dataframe(pld.read_pages(str(folder / "*"), files_per_partition=25))
    got = client.compute(frame).result().reset_index(drop=True)
    pd.testing.assert_frame_equal(got, pld.episodes_to_pandas(expected.episodes))
    per_day = client.compute(frame.groupby("published").size()).result()
    assert set(per_day) == {8}
    assert len(per_day) == len(expected.episodes) // 8
