"""``paperledge parse`` over folders, globs and many files, with ``-j`` jobs: merged, and
the exit status says whether a file failed."""

from __future__ import annotations

import json
import os
from pathlib import Path

import paperledge

from support import SEED_NAMES, run_cli, seed_bytes

run = run_cli


def test_a_folder_with_jobs_parses_every_page(tmp_path: Path) -> None:
    for name in SEED_NAMES:
        (tmp_path / name).write_bytes(seed_bytes(name))
    (tmp_path / "broken.txt").write_bytes(b"\xff\xfe\x00")
    out = tmp_path / "all.json"
    for jobs in ("1", "2"):
        code, _, err = run("parse", str(tmp_path), "-j", jobs, "-o", str(out), "-i", "text")
        assert code == 0, err
        show = paperledge.load(out)
        assert len(show.episodes) == 24
        pages = [paperledge.parse_text(seed_bytes(name)) for name in SEED_NAMES]
        # Merged, newest first: October, then April, then March.
        assert show.episodes == paperledge.merge(*pages).episodes
        assert [str(e.published) for e in show.episodes[7:9]] == ["2025-10-02", "2025-04-10"]
        assert [(d.code, d.source) for d in show.diagnostics][:1] == [
            ("undecodable", str(tmp_path / "broken.txt"))
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


def test_many_files_strict_with_a_defect_exits_1(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_bytes(seed_bytes(SEED_NAMES[0]))
    data = seed_bytes(SEED_NAMES[1])
    (tmp_path / "cut.txt").write_bytes(data[: data.rindex(b"Credit to Paper authors")])
    code, out, err = run("parse", str(tmp_path), "-j", "1", "--strict")
    assert code == 1
    assert "truncated" in err
    assert "cut.txt" in err
    assert len(json.loads(out)["episodes"]) == 8  # the good file's


def test_many_files_with_an_unreadable_one_exit_2(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_bytes(seed_bytes(SEED_NAMES[0]))
    os.symlink(tmp_path / "gone.txt", tmp_path / "dangling.txt")
    code, out, err = run("parse", str(tmp_path), "-j", "1")
    assert code == 2
    assert "dangling.txt" in err
    assert "unreadable" in err
    assert len(json.loads(out)["episodes"]) == 8
