"""The one place the version of paperledge is written (the build reads it from here)."""

__version__ = "0.1.0"
