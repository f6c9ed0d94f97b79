"""``paperledge parse`` over folders, globs and many files, with ``-j`` jobs: merged, and
the exit status says whether a file failed."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import paperledge

from support import SEED_NAMES, run_cli, seed_bytes

run = run_cli


def test_a_folder_with_jobs_parses_every_page(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    for name in SEED_NAMES:
        (pages / name).write_bytes(seed_bytes(name))
    (pages / "broken.txt").write_bytes(b"\xff\xfe\x00")
    out = tmp_path / "all.json"
    for jobs in ("1", "2"):
        code, _, err = run("parse", str(pages), "-j", jobs, "-o", str(out), "-i", "text")
        assert code == 0, err
        show = paperledge.load(out)
        assert len(show.episodes) == 24
        shows = [paperledge.parse_text(seed_bytes(name)) for name in SEED_NAMES]
        # Merged, newest first: October, then April, then March.
        assert show.episodes == paperledge.merge(*shows).episodes
        assert [str(e.published) for e in show.episodes[7:9]] == ["2025-10-02", "2025-04-10"]
        assert [(d.code, d.source) for d in show.diagnostics][:1] == [
            ("undecodable", str(pages / "broken.txt"))
        ]


def test_a_glob_and_an_unreadable_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(seed_bytes(SEED_NAMES[0]))
    (tmp_path / "b.txt").write_bytes(seed_bytes(SEED_NAMES[2]))
    (tmp_path / "c.html").write_bytes(b"not matched by the glob")
    code, out, err = run("parse", str(tmp_path / "*.txt"), str(tmp_path / "gone.txt"))
    assert code == 2  # a file could not be read; the others were
    assert len(json.loads(out)["episodes"]) == 16
    assert err.startswith(f"{tmp_path / 'gone.txt'}:1:1: unreadable:")


def test_jobs_reject_words_and_negative_counts() -> None:
    code, _, err = run("parse", "x.txt", "-j", "two")
    assert code == 2
    assert "not a whole number: 'two'" in err
    code, _, err = run("parse", "x.txt", "-j", "-1")
    assert code == 2
    assert "must be 0 (one per core) or more" in err


def test_jobs_read_files_only(tmp_path: Path) -> None:
    code, _, err = run("parse", "--sample", "-j", "2")
    assert code == 2
    assert "read files only" in err


def test_strict_on_a_folder_stops_at_the_first_defect_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a-good.txt").write_bytes(seed_bytes(SEED_NAMES[0]))
    data = seed_bytes(SEED_NAMES[1])
    (pages / "b-cut.txt").write_bytes(data[: data.rindex(b"Credit to Paper authors")])
    (pages / "c-cut.txt").write_bytes(data[: data.rindex(b"Credit to Paper authors")])
    (pages / "d-good.txt").write_bytes(seed_bytes(SEED_NAMES[2]))
    read: list[str] = []
    load = paperledge.load

    def counting_load(name: str, *args: object, **kwargs: object) -> paperledge.Show:
        read.append(os.path.basename(name))
        return load(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("paperledge._api.io.load", counting_load)
    out = tmp_path / "all.json"
    for jobs in ([], ["-j", "2"]):
        read.clear()
        code, stdout, err = run("parse", str(pages), *jobs, "--strict", "-o", str(out))
        assert (code, stdout) == (1, "")
        assert err.count("\n") == 1
        assert err.startswith(f"{pages / 'b-cut.txt'}:")
        assert "truncated" in err
        assert read == ["a-good.txt", "b-cut.txt"]  # c and d were never read
        assert not out.exists()


def test_strict_on_many_files_stops_at_the_first_of_them(tmp_path: Path) -> None:
    data = seed_bytes(SEED_NAMES[1])
    cut = tmp_path / "cut.txt"
    cut.write_bytes(data[: data.rindex(b"Credit to Paper authors")])
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, out, err = run("parse", str(cut), str(empty), "--strict")
    assert (code, out) == (1, "")
    assert err.count("\n") == 1
    assert err.startswith(f"{cut}:")


def test_many_files_with_an_unreadable_one_exit_2(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_bytes(seed_bytes(SEED_NAMES[0]))
    os.symlink(tmp_path / "gone.txt", tmp_path / "dangling.txt")
    code, out, err = run("parse", str(tmp_path), "-j", "1")
    assert code == 2
    assert "dangling.txt" in err
    assert "unreadable" in err
    assert len(json.loads(out)["episodes"]) == 8
