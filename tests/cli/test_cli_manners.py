"""How the command behaves on stderr: Ctrl-C, -v/-vv, repeated diagnostics and their
summary, merge conflicts named by file, junk input, ``--url``."""

from __future__ import annotations

import io
import json
import logging
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import paperledge
from paperledge._cli.report import FEW, DiagnosticPrinter

from support import DATE, HTML_PAGES, SEED_NAMES, run_cli, seed_bytes, seed_path, seed_text

run = run_cli
PAGE = str(seed_path(SEED_NAMES[0]))


def test_ctrl_c_is_one_line_exit_130_and_leaves_the_output(tmp_path: Path) -> None:
    target = tmp_path / "show.json"
    target.write_text('{"old": true}', "utf-8")
    # paperledge reads stdin, which the test never closes: it waits there
    # until the signal comes.  -v says when it has started reading.
    process = subprocess.Popen(
        [sys.executable, "-m", "paperledge", "parse", "-", "-v", "-o", str(target)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stderr is not None
    assert process.stderr.readline() == b"paperledge: reading <stdin>\n"
    process.send_signal(signal.SIGINT)
    out, err = process.communicate()
    assert process.returncode == 130
    assert (out, err) == (b"", b"paperledge: interrupted\n")
    assert target.read_text("utf-8") == '{"old": true}'
    assert [p.name for p in tmp_path.iterdir()] == ["show.json"]


def test_ctrl_c_while_a_file_is_read_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*_args: object, **_kwargs: object) -> paperledge.Show:
        raise KeyboardInterrupt

    monkeypatch.setattr("paperledge._api.io.load", interrupted)
    target = tmp_path / "show.json"
    target.write_text("{}", "utf-8")
    code, out, err = run("parse", PAGE, "-o", str(target))
    assert (code, out, err) == (130, "", "paperledge: interrupted\n")
    assert target.read_text("utf-8") == "{}"


def test_ctrl_c_in_the_command_leaves_the_signal_handler_as_it_was() -> None:
    before = signal.getsignal(signal.SIGINT)
    run("parse", PAGE, "-o", os.devnull)
    assert signal.getsignal(signal.SIGINT) is before


def test_verbose_shows_the_librarys_log_and_quiet_hides_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def load(name: str, *_args: object, **_kwargs: object) -> paperledge.Show:
        logging.getLogger("paperledge").debug("a detail of %s", os.path.basename(name))
        logging.getLogger("paperledge").info("a step")
        return paperledge.parse(seed_bytes(SEED_NAMES[0]))

    monkeypatch.setattr("paperledge._api.io.load", load)
    name = os.path.basename(PAGE)
    _, _, quiet = run("parse", PAGE, "-o", os.devnull)
    assert quiet == ""
    _, _, info = run("parse", PAGE, "-o", os.devnull, "-v")
    assert info.splitlines() == [f"paperledge: reading {PAGE}", "paperledge: a step"]
    _, _, debug = run("parse", PAGE, "-o", os.devnull, "-vv")
    assert f"paperledge: a detail of {name}" in debug.splitlines()
    # The logger is given back as it was found.
    assert logging.getLogger("paperledge").level == logging.NOTSET
    assert logging.getLogger("paperledge").propagate


def _dump_with_short_gaps(episodes: int) -> bytes:
    # Every gap between two episodes is two blank lines instead of three.
    text = seed_text(SEED_NAMES[0]).replace("\n\n\n\n", "\n\n\n")
    head, marker, body = text.partition("Episodes\nEpisodes\n")
    return (head + marker + body * (episodes // 8)).encode("utf-8")


def test_identical_diagnostics_are_counted_not_repeated(tmp_path: Path) -> None:
    dump = tmp_path / "big.txt"
    dump.write_bytes(_dump_with_short_gaps(400))
    code, _, err = run("parse", str(dump), "-o", os.devnull)
    assert code == 0
    lines = err.splitlines()
    printed = [line for line in lines if not line.startswith("paperledge: ")]
    assert all(line.startswith(f"{dump}:") for line in printed)
    messages = [line.split(": ", 1)[1] for line in printed]
    assert max(messages.count(message) for message in messages) == FEW
    total = paperledge.load(dump).diagnostics
    assert len(total) > 300
    assert lines[-1] == f"paperledge: {len(total):,} diagnostics: {len(total):,} blank-lines"
    assert any(line.endswith("not shown") for line in lines)
    assert len(lines) < 20


def test_diagnostic_printer_summary_names_each_held_back_kind() -> None:
    stream = io.StringIO()
    printer = DiagnosticPrinter(stream, few=2)
    for line in range(1, 6):
        printer(paperledge.Diagnostic(code="a", message="same", line=line, source="f.txt"))
    printer(paperledge.Diagnostic(code="b", message="other", line=9, source="g.txt"))
    printer.summary()
    assert stream.getvalue().splitlines() == [
        "f.txt:1:1: a: same",
        "f.txt:2:1: a: same",
        "g.txt:9:1: b: other",
        "paperledge: 3 more like 'a: same' not shown",
        "paperledge: 6 diagnostics: 5 a, 1 b",
    ]


def test_a_few_diagnostics_have_no_summary() -> None:
    stream = io.StringIO()
    printer = DiagnosticPrinter(stream)
    printer.print_all([paperledge.Diagnostic(code="a", message="m", line=1, source="f")] * FEW)
    assert len(stream.getvalue().splitlines()) == FEW


def test_merge_conflicts_name_the_file_not_a_source_number(tmp_path: Path) -> None:
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_bytes(seed_bytes(SEED_NAMES[0]))
    # The same page with another show title: a conflict of the second file.
    second.write_bytes(seed_bytes(SEED_NAMES[0]).replace(b"PaperLedge\n", b"Paper Ledge\n", 1))
    code, _, err = run("parse", str(first), str(second), "-o", os.devnull)
    assert code == 0
    conflicts = [line for line in err.splitlines() if "merge-conflict" in line]
    assert conflicts
    assert conflicts[0].startswith(f"{second}: merge-conflict: ")
    assert "source 2" not in err
    assert "'Paper Ledge'" in conflicts[0]


def test_merge_conflicts_in_a_folder_name_the_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(seed_bytes(SEED_NAMES[0]))
    (tmp_path / "b.txt").write_bytes(
        seed_bytes(SEED_NAMES[0]).replace(b"PaperLedge\n", b"Paper Ledge\n", 1)
    )
    code, _, err = run("parse", str(tmp_path), "-j", "1", "-o", "-")
    assert code == 0
    assert f"{tmp_path / 'b.txt'}: merge-conflict: " in err


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"", "empty"),
        (b"\n  \n", "whitespace"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00" + bytes(range(256)) * 4, "binary"),
    ],
)
def test_junk_input_says_so_in_one_line(tmp_path: Path, data: bytes, why: str) -> None:
    junk = tmp_path / "junk.txt"
    junk.write_bytes(data)
    code, out, err = run("parse", str(junk), "-q")
    assert (code, err) == (0, "")
    assert json.loads(out)["episodes"] == []
    for argv, name in (([str(junk)], str(junk)), (["-"], "<stdin>")):
        code, _, err = run("parse", *argv, "-o", os.devnull, stdin=data)
        assert code == 0
        saying = [line for line in err.splitlines() if "episode" in line]
        assert len(saying) == 1
        assert saying[0].startswith(f"{name}:")
        assert why in saying[0]


def test_a_show_of_no_episode_that_no_reader_remarks_on_is_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A reader (one registered by others, say) that finds no episode and says nothing.
    monkeypatch.setattr("paperledge._api.io.load", lambda *_a, **_k: paperledge.Show(title="T"))
    code, out, err = run("parse", PAGE)
    assert code == 0
    assert err == f"paperledge: {PAGE}: no episode found\n"
    code, out, err = run("parse", PAGE, "--strict")
    assert (code, out) == (1, "")
    assert err == f"paperledge: {PAGE}: no episode found\n"


def test_a_source_without_episodes_under_strict_exits_1(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    target = tmp_path / "show.json"
    code, out, err = run("parse", str(empty), "--strict", "-o", str(target))
    assert (code, out) == (1, "")
    assert err.count("\n") == 1
    assert err.startswith(f"{empty}:")
    assert "empty" in err
    assert not target.exists()
    code, out, err = run("parse", "-", "--strict", "-f", "jsonl", stdin=b"")
    assert (code, out) == (1, "")
    assert err.count("\n") == 1
    assert err.startswith("<stdin>:")


def test_url_is_passed_to_the_front_door(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[object] = []

    def load(name: str, *_args: object, **kwargs: object) -> paperledge.Show:
        seen.append(kwargs.get("url"))
        return paperledge.parse(seed_bytes(SEED_NAMES[0]))

    def parse(data: bytes, **kwargs: object) -> paperledge.Show:
        seen.append(kwargs.get("url"))
        return paperledge.Show(episodes=paperledge.parse(data).episodes)

    monkeypatch.setattr("paperledge._api.io.load", load)
    monkeypatch.setattr("paperledge._api.io.parse", parse)
    address = "https://paperledge.podbean.com/page/2/"
    assert run("parse", PAGE, "--url", address, "-o", os.devnull)[0] == 0
    assert (
        run("parse", "-", "--url", address, "-o", os.devnull, stdin=seed_bytes(SEED_NAMES[0]))[0]
        == 0
    )
    assert seen == [address, address]
    # Without --url, no url= at all: formats registered by others may not take it.
    seen.clear()
    run("parse", PAGE, "-o", os.devnull)
    assert seen == [None]


def test_url_names_one_page() -> None:
    code, _, err = run("parse", PAGE, PAGE, "--url", "https://paperledge.podbean.com/")
    assert code == 2
    assert "--url is the address of one page" in err


def test_dump_of_episodes_keeps_its_date_lines(tmp_path: Path) -> None:
    # The junk check does not fire for a real dump.
    page = tmp_path / "page.txt"
    page.write_text(f"{DATE}\n{DATE}\nText.\nCredit to Paper authors: A. Author\n", "utf-8")
    code, _, err = run("parse", str(page), "-o", os.devnull)
    assert code == 0
    assert "no episode found" not in err


def test_url_resolves_a_saved_pages_links() -> None:
    page = str(HTML_PAGES / "blog_theme_titled_episodes.html")
    address = "https://paperledge.podbean.com/page/2/"
    code, out, _ = run("parse", page, "--url", address, "-q")
    assert code == 0
    assert json.loads(out)["next_page_url"] == "https://paperledge.podbean.com/page/3/"
    assert json.loads(run("parse", page, "-q")[1])["next_page_url"] == "/page/3/"
