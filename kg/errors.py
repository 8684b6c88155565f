"""Errors a user can act on. Each carries the exit code the CLI returns for it."""

import os
import sys
import tempfile
import traceback


class KgError(Exception):
    exit_code = 2


class UsageError(KgError):
    """Bad arguments or unreadable input paths."""


class ModelMissing(KgError):
    """A spaCy pipeline the configuration names is not installed."""


class ArticleRejected(Exception):
    """One input file cannot be built; the reason names what is wrong with it."""


def write_trace() -> str:
    """Write the exception being handled to a log file for a bug report; its path."""
    from kg import __version__

    fd, path = tempfile.mkstemp(prefix="kg-error-", suffix=".log")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(f"kg {__version__}, Python {sys.version.split()[0]}\n")
        handle.write(traceback.format_exc())
    return path
