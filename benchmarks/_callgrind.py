"""Instructions per call, counted by valgrind's callgrind.

Times on a shared machine move with whatever else runs on it; the number
of instructions a call executes does not.  :func:`instructions` runs a small
Python program under ``valgrind --tool=callgrind`` twice, once with the
statement run ``number`` times after a warm-up call and once with the
warm-up call alone, and divides the difference by ``number``: the cost of
the statement, without interpreter start-up, imports or first-call work
(compiled patterns, stylesheets, caches).

Used by the ``--instructions`` option of the benchmarks in this folder.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap

__all__ = ["available", "instructions"]

_TOTAL = re.compile(r"(?:I\s+refs|Collected)\s*:\s*([\d,]+)")


def available() -> bool:
    """Whether valgrind is installed."""
    return shutil.which("valgrind") is not None


def _count(program: str) -> int:
    with tempfile.TemporaryDirectory() as folder:
        script = os.path.join(folder, "program.py")
        with open(script, "w", encoding="utf-8") as file:
            file.write(program)
        result = subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                f"--callgrind-out-file={os.path.join(folder, 'out')}",
                sys.executable,
                script,
            ],
            capture_output=True,
            text=True,
            check=False,
            # Hash randomisation changes dict layouts, and with them the count.
            env={**os.environ, "PYTHONHASHSEED": "0"},
        )
        found = _TOTAL.findall(result.stderr)
        if result.returncode != 0 or not found:
            raise RuntimeError(f"callgrind failed:\n{result.stderr[-2000:]}")
        return int(found[-1].replace(",", ""))


def instructions(setup: str, statement: str, number: int = 3) -> int:
    """Instructions one run of ``statement`` executes, after ``setup`` and one warm-up run."""
    setup = textwrap.dedent(setup)
    warm = f"{setup}\n{statement}\n"
    measured = f"{warm}for _ in range({number}):\n    {statement}\n"
    return round((_count(measured) - _count(warm)) / number)
