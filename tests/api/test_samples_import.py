"""The package imports with warnings as errors on every supported Python (issue 15).

From Python 3.12, ``importlib.abc.Traversable`` warned (3.14 removes it);
``paperledge._api.samples`` named it, so ``import paperledge`` warned and a
program run with ``-W error`` stopped at the import.
"""

from __future__ import annotations

import subprocess
import sys


def test_import_and_the_sample_with_warnings_as_errors() -> None:
    program = (
        "import paperledge\n"
        "paths = paperledge.sample_paths()\n"
        "show = paperledge.load_sample()\n"
        "print(len(paths), len(show.episodes))\n"
    )
    done = subprocess.run(
        [sys.executable, "-W", "error", "-c", program],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["3", "24"]
