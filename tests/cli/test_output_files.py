"""``-o``: stdout, devices, FIFOs, sockets and symlinks written in place or through,
regular files replaced atomically with their mode kept, extensions checked first."""

from __future__ import annotations

import json
import os
import socket
import stat
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import paperledge

from support import SEED_NAMES, run_cli, seed_path

run = run_cli
PAGE = str(seed_path(SEED_NAMES[0]))


@pytest.fixture
def umask() -> Iterator[None]:
    """Restore the process's umask after a test that sets it."""
    saved = os.umask(0o022)
    os.umask(saved)
    yield
    os.umask(saved)


def _episodes(text: str) -> int:
    return len(json.loads(text)["episodes"])


def _run_into_fifo(fifo: Path, *argv: str) -> tuple[int, bytes]:
    """``paperledge *argv`` with a reader on ``fifo``: (exit status, what the reader got).

    The test holds the FIFO open for writing too, so that neither side
    blocks on open, and closes it when the command is done: the reader then
    ends, with what came through the FIFO (nothing if the command replaced
    the FIFO by a file instead of writing into it).
    """
    held = os.open(fifo, os.O_RDWR)
    # Opened here, not in the thread: a writer is there (held), so it does not
    # wait, and it is open before the command can be done.
    reading = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    os.set_blocking(reading, True)
    received: list[bytes] = []

    def read() -> None:
        with open(reading, "rb") as stream:
            received.append(stream.read())

    reader = threading.Thread(target=read)
    reader.start()
    try:
        code = run(*argv)[0]
    finally:
        os.close(held)
        reader.join()
    return code, received[0]


def test_dash_is_stdout_and_makes_no_file_named_dash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run("parse", PAGE, "-o", "-")
    assert (code, err) == (0, "")
    assert _episodes(out) == 8
    assert list(tmp_path.iterdir()) == []


def test_dev_null_stays_a_character_device() -> None:
    code, out, err = run("parse", PAGE, "-o", "/dev/null")
    assert (code, out, err) == (0, "", "")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_fifo_is_written_through_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, received = _run_into_fifo(fifo, "parse", PAGE, "-o", str(fifo))
    assert code == 0
    assert _episodes(received.decode("utf-8")) == 8
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


def test_a_unix_socket_is_sent_the_text_not_replaced() -> None:
    # A short folder: a socket's path is limited to about 100 bytes.
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "s")
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
            server.bind(path)
            server.listen(1)
            # The connection waits in the backlog and the text in the socket's
            # buffer (a few dozen KiB): no thread needed, and no hang if the
            # command never connects.
            code, _, err = run("parse", PAGE, "-o", path)
            server.setblocking(False)
            connection, _ = server.accept()  # BlockingIOError: it never connected
            connection.setblocking(True)
            with connection, connection.makefile("rb") as stream:
                received = stream.read()
        assert (code, err) == (0, "")
        assert _episodes(received.decode("utf-8")) == 8
        assert stat.S_ISSOCK(os.lstat(path).st_mode)


def test_a_symlink_is_written_through_to_its_target(tmp_path: Path) -> None:
    target = tmp_path / "real.txt"
    target.write_text("old\n", "utf-8")
    target.chmod(0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(target.name)
    code, _, err = run("parse", PAGE, "-o", str(link))
    assert (code, err) == (0, "")
    assert link.is_symlink()
    assert os.readlink(link) == "real.txt"
    assert target.read_text("utf-8").startswith("PaperLedge")  # .txt: the text dump
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.txt", "real.txt"]


def test_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.json"
    link.symlink_to("made.json")
    assert run("parse", PAGE, "-o", str(link))[0] == 0
    assert link.is_symlink()
    assert _episodes((tmp_path / "made.json").read_text("utf-8")) == 8


@pytest.mark.usefixtures("umask")
@pytest.mark.parametrize("mask", [0o022, 0o077, 0o002])
def test_a_new_file_gets_the_mode_the_umask_allows(tmp_path: Path, mask: int) -> None:
    os.umask(mask)
    target = tmp_path / "show.json"
    assert run("parse", PAGE, "-o", str(target))[0] == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask


@pytest.mark.usefixtures("umask")
@pytest.mark.parametrize("mode", [0o644, 0o664, 0o600, 0o444])
def test_a_replaced_file_keeps_its_mode_whatever_the_umask(tmp_path: Path, mode: int) -> None:
    os.umask(0o077)
    target = tmp_path / "show.json"
    target.write_text("{}", "utf-8")
    target.chmod(mode)
    before = target.stat().st_ino
    assert run("parse", PAGE, "-o", str(target))[0] == 0
    after = target.stat()
    assert stat.S_IMODE(after.st_mode) == mode
    assert after.st_ino != before  # replaced, not rewritten in place
    assert _episodes(target.read_text("utf-8")) == 8
    assert [p.name for p in tmp_path.iterdir()] == ["show.json"]


def test_an_interrupted_write_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "show.json"
    target.write_text('{"old": true}', "utf-8")

    def interrupted(*_args: object, **_kwargs: object) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr("paperledge._api.io.dumps", interrupted)
    code, out, err = run("parse", PAGE, "-o", str(target))
    assert (code, out, err) == (130, "", "paperledge: interrupted\n")
    assert target.read_text("utf-8") == '{"old": true}'
    assert [p.name for p in tmp_path.iterdir()] == ["show.json"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("y.html", "paperledge reads html but does not write it"),
        ("x.bak", "no format has the extension '.bak'"),
    ],
)
def test_an_extension_no_writer_has_is_refused_before_any_input_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, expected: str
) -> None:
    read: list[object] = []
    monkeypatch.setattr("paperledge._api.io.load", lambda *a, **_k: read.append(a))
    code, out, err = run("parse", PAGE, "-o", str(tmp_path / name))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert expected in err
    assert "-f" in err  # what to do instead
    assert read == []
    assert list(tmp_path.iterdir()) == []


def test_md_is_markdown_as_an_extension_and_as_a_format_name(tmp_path: Path) -> None:
    target = tmp_path / "show.md"
    assert run("parse", PAGE, "-o", str(target))[0] == 0
    by_extension = target.read_text("utf-8")
    assert by_extension.startswith("# PaperLedge")
    code, out, _ = run("parse", PAGE, "-f", "md")
    assert (code, out) == (0, by_extension)
    assert run("parse", PAGE, "-f", ".md")[1] == by_extension


def test_an_explicit_format_overrides_the_extension(tmp_path: Path) -> None:
    target = tmp_path / "y.html"
    assert run("parse", PAGE, "-o", str(target), "-f", "json")[0] == 0
    assert _episodes(target.read_text("utf-8")) == 8


def test_a_path_without_extension_is_json(tmp_path: Path) -> None:
    target = tmp_path / "show"
    assert run("parse", PAGE, "-o", str(target))[0] == 0
    assert paperledge.load(target, format="json").episodes


def test_a_missing_folder_or_a_directory_is_refused_before_any_input_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read: list[object] = []
    monkeypatch.setattr("paperledge._api.io.load", lambda *a, **_k: read.append(a))
    code, _, err = run("parse", PAGE, "-o", str(tmp_path / "no" / "show.json"))
    assert code == 2
    assert "no such directory" in err
    code, _, err = run("parse", PAGE, "-o", str(tmp_path))
    assert code == 2
    assert "is a directory" in err
    assert read == []


def test_jsonl_streams_into_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, received = _run_into_fifo(fifo, "parse", PAGE, "-f", "jsonl", "-o", str(fifo))
    assert code == 0
    assert len(received.splitlines()) == 8
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_shells_process_substitution_path_is_written_in_place() -> None:
    # `-o >(gzip > x.gz)` hands paperledge /dev/fd/63: a link to a pipe that
    # resolves to no path of the file system.
    reading, writing = os.pipe()
    received: list[bytes] = []

    def read() -> None:
        with os.fdopen(reading, "rb") as stream:
            received.append(stream.read())

    reader = threading.Thread(target=read)
    reader.start()
    try:
        code, out, err = run("parse", PAGE, "-f", "json", "-o", f"/dev/fd/{writing}")
    finally:
        os.close(writing)
        reader.join()
    assert (code, out, err) == (0, "", "")
    assert _episodes(received[0].decode("utf-8")) == 8
