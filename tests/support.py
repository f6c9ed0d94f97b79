"""Helpers shared by the tests: the seed pages, the fixtures folder, the command run in-process.

The seeds are the real sample pages from ../shared/seeds/ (also shipped in
the package, which is where they are read from when ../shared is absent).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from paperledge import Author, Episode, Show
from paperledge._cli.main import main

REPO = Path(__file__).resolve().parent.parent
SHARED_SEEDS = REPO.parent / "shared" / "seeds"
PACKAGE_SAMPLES = REPO / "src" / "paperledge" / "samples"
FIXTURES = REPO / "tests" / "fixtures"
#: The HTML pages made from the seeds, each a golden case of the HTML reader.
HTML_PAGES = REPO / "tests" / "formats" / "html" / "golden"

SEED_NAMES = (
    "000_dc6ef49440742e45.txt",
    "002_2135ef60f4dd5d3d.txt",
    "003_21b804928e084a05.txt",
)

# A date line as the dumps write it, for inputs built in the tests.
DATE = "Thursday Oct 02, 2025"


def run_cli(*argv: str, stdin: bytes = b"") -> tuple[int, str, str]:
    """``paperledge *argv`` run in-process: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    source = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    code = main(list(argv), stdin=source, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def seed_path(name: str) -> Path:
    """A seed page: from ../shared/seeds when it is there, else the packaged copy."""
    shared = SHARED_SEEDS / name
    return shared if shared.exists() else PACKAGE_SAMPLES / name


def seed_bytes(name: str) -> bytes:
    return seed_path(name).read_bytes()


def seed_text(name: str) -> str:
    return seed_bytes(name).decode("utf-8")


# Hostile values: a title that is HTML and a CDATA end, an author that is a
# spreadsheet formula, text that is Markdown and HTML.  Every writer must keep
# them as text (tests/formats/*/test_hostile_values.py).
HOSTILE_TITLE = '<script>alert(1)</script> & "]]>"'
HOSTILE_AUTHOR = '=HYPERLINK("http://x")'
HOSTILE_TEXT = (
    "<img src=x onerror=alert(1)>\n"
    "  [click](javascript:alert(1))\n"
    '"</script><script>alert(2)</script>"\n'
    "=1+1\n"
    "# heading? *no* &amp; `code`"
)

HOSTILE_SHOW = Show(
    title=HOSTILE_TITLE,
    description=HOSTILE_TEXT,
    host=HOSTILE_AUTHOR,
    episodes=[
        Episode(
            published=dt.date(2025, 10, 2),
            title=f"Machine Learning - {HOSTILE_TITLE}",
            description=HOSTILE_TEXT,
            authors=(Author(name=HOSTILE_AUTHOR), Author(name="-Team", is_group=True)),
            guid=HOSTILE_TITLE,
            url="https://paperledge.podbean.com/e/x/",
        ),
        Episode(title=HOSTILE_TITLE, description="@SUM(1)", authors=(Author(name="+1"),)),
    ],
)
