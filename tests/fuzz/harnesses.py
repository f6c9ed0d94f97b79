"""The fuzz harnesses: one check per entry point, importable without atheris.

Each harness takes the fuzzer's bytes and asserts the promise of
docs/reliability.md for one reader:

* tolerant mode never raises (paperledge's own JSON, an exact format, raises
  only :class:`~paperledge.ParseError`);
* strict mode raises only :class:`~paperledge.ParseError`, and when it does
  not raise it gives what tolerant mode gives, with no diagnostics;
* whatever was read survives every writer, and a JSON round trip is exact;
* the streaming reader gives what the whole-document reader gives.

The input is tried as bytes and as text (decoded with replacement).  A
failing check raises; the fuzzer records the input as a crash.  The same
checks replay the regression corpus in tests/fuzz/test_regression_corpus.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import paperledge
from paperledge import Diagnostic, ParseError, Show
from paperledge._formats.csv import iter_csv_episodes, parse_csv
from paperledge._formats.jsonl import iter_jsonl_episodes, parse_jsonl
from paperledge._formats.text import iter_text_episodes

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).resolve().parent / "corpus"

_WRITERS = tuple(f.name for f in paperledge.formats() if f.can_write)


def _forms(data: bytes) -> Iterator[str | bytes]:
    yield data
    yield data.decode("utf-8", "replace")


def _chunks(data: str | bytes, size: int) -> list[str | bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)] or [data[:0]]


def _check_written(show: Show) -> None:
    """Every writer copes with what a reader produced; JSON round-trips exactly."""
    for name in _WRITERS:
        written = paperledge.dumps(show, name)
        assert isinstance(written, str)
    again = paperledge.parse(paperledge.dumps(show, "json"), "json")
    assert again == show, "JSON round trip"


def _check_modes(read: Callable[..., Show], data: str | bytes) -> Show:
    show = read(data)
    assert isinstance(show, Show)
    raised: ParseError | None = None
    try:
        strict = read(data, strict=True)
    except ParseError as error:
        raised = error
    if raised is not None:
        # Strict mode stops at the first defect tolerant mode reports.
        assert show.diagnostics, f"strict raised {raised} but tolerant mode saw no defect"
        assert raised.code in paperledge.DIAGNOSTIC_CODES
    else:
        assert not strict.diagnostics
        assert strict == show, "strict and tolerant read a clean input differently"
    return show


def _check_stream(
    stream: Callable[..., Iterator[paperledge.Episode]], data: str | bytes, show: Show
) -> None:
    for size in (1, 7, 4096):
        seen: list[Diagnostic] = []
        episodes = list(stream(iter(_chunks(data, size)), on_diagnostic=seen.append))
        assert episodes == list(show.episodes), f"streamed in chunks of {size}"


def check_text(data: bytes) -> None:
    for form in _forms(data):
        show = _check_modes(paperledge.parse_text, form)
        _check_written(show)
        if len(data) < 4096:
            _check_stream(iter_text_episodes, form, show)


def check_html(data: bytes) -> None:
    for form in _forms(data):
        _check_written(_check_modes(paperledge.parse_html, form))


def check_feed(data: bytes) -> None:
    for form in _forms(data):
        _check_written(_check_modes(paperledge.parse_feed, form))


def check_json(data: bytes) -> None:
    for form in _forms(data):
        try:
            show = paperledge.parse(form, "json")
        except ParseError as error:
            code = error.code
        else:
            _check_written(show)
            continue
        assert code in paperledge.DIAGNOSTIC_CODES


def check_jsonl(data: bytes) -> None:
    for form in _forms(data):
        show = _check_modes(parse_jsonl, form)
        _check_written(show)
        _check_stream(iter_jsonl_episodes, form, show)


def check_csv(data: bytes) -> None:
    for form in _forms(data):
        show = _check_modes(parse_csv, form)
        _check_written(show)
        if len(data) < 4096:
            _check_stream(iter_csv_episodes, form, show)


def check_sniff(data: bytes) -> None:
    for form in _forms(data):
        fmt = paperledge._api.formats.sniff_format(form)
        try:
            show = paperledge.parse(form)
        except ParseError:
            # Only the exact format raises in tolerant mode.
            assert fmt.name == "json", f"tolerant {fmt.name} reader raised"
            continue
        _check_written(show)


HARNESSES: dict[str, Callable[[bytes], None]] = {
    "text": check_text,
    "html": check_html,
    "feed": check_feed,
    "json": check_json,
    "jsonl": check_jsonl,
    "csv": check_csv,
    "sniff": check_sniff,
}


def seeds(name: str) -> list[bytes]:
    """The seed inputs of a harness: the samples, the fixtures and written forms."""
    samples = [Path(str(p)).read_bytes() for p in paperledge.sample_paths()]
    shared = ROOT.parent / "shared" / "seeds"
    if shared.is_dir():
        samples += [p.read_bytes() for p in sorted(shared.glob("*.txt"))]
    html = [
        p.read_bytes()
        for p in sorted((ROOT / "tests" / "formats" / "html" / "golden").glob("*.html"))
    ]
    feed = [p.read_bytes() for p in sorted((ROOT / "tests" / "fixtures" / "feed").glob("*.xml"))]
    sample = paperledge.load_sample()
    small = Show(title=sample.title, episodes=sample.episodes[:3])
    written = {
        fmt: paperledge.dumps(small, fmt).encode() for fmt in ("json", "jsonl", "csv", "text")
    }
    by_name = {
        "text": [*samples, written["text"]],
        "html": html,
        "feed": feed,
        "json": [written["json"]],
        "jsonl": [written["jsonl"]],
        "csv": [written["csv"]],
        "sniff": samples[:1] + html[:1] + feed + list(written.values()),
    }
    return by_name[name]


def corpus(name: str) -> list[Path]:
    """The regression corpus of a harness: inputs that once failed."""
    folder = CORPUS / name
    return sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
