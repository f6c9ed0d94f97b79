"""Build the optional C part of paperledge (its metadata is in pyproject.toml).

``paperledge._textwalk`` cuts a page's text into lines in C (see its source
for why).  It is optional: where it cannot be built, paperledge installs
without it and runs the same steps in Python.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "paperledge._textwalk",
            sources=["src/paperledge/_textwalk.c"],
            optional=True,
        )
    ]
)
