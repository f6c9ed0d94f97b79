"""A write is one transaction: a failure or a killed writer leaves the archive as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

import paperledge
from archive_support import contents
from paperledge._formats import sqlite as archive_format

# A writer that says "ready" halfway through its episodes, then waits to be killed.
_WRITER = """
import sys, time
import attrs
import paperledge
from paperledge._formats import sqlite

show = paperledge.load_sample()
renamed = tuple(
    attrs.evolve(e, title=f"Robotics - Changed {i}", guid=f"urn:{i}")
    for i, e in enumerate(show.episodes)
)
real = sqlite._store
calls = []

def store(connection, episode, episode_id):
    calls.append(episode)
    if len(calls) == 12:
        print("ready", flush=True)
        time.sleep(3600)
    return real(connection, episode, episode_id)

sqlite._store = store
paperledge.dump(attrs.evolve(show, episodes=renamed), sys.argv[1])
"""


def test_an_exception_in_the_middle_of_a_write_leaves_the_archive_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "archive.sqlite"
    show = paperledge.load_sample()
    paperledge.dump(show, archive)
    before = contents(archive)
    real = archive_format._store
    calls: list[object] = []

    def failing(*args: object) -> int:
        calls.append(args)
        if len(calls) == 10:
            raise RuntimeError("the disk caught fire")
        # The wrapper takes any arguments and passes on what _store was given.
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(archive_format, "_store", failing)
    changed = attrs.evolve(
        show, episodes=tuple(attrs.evolve(e, subtitle="changed") for e in show.episodes)
    )
    with pytest.raises(RuntimeError, match="caught fire"):
        paperledge.dump(changed, archive)
    assert contents(archive) == before
    monkeypatch.undo()
    assert paperledge.load(archive) == show


def test_a_writer_killed_halfway_leaves_the_archive_as_it_was(tmp_path: Path) -> None:
    archive = tmp_path / "archive.sqlite"
    show = paperledge.load_sample()
    paperledge.dump(show, archive)
    before = contents(archive)
    writer = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(archive)], stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None
    assert writer.stdout.readline() == "ready\n"
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    writer.stdout.close()
    # The dead writer's journal is rolled back by the next reader.
    assert paperledge.load(archive) == show
    assert contents(archive) == before
