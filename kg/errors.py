"""Errors a user can act on. Each carries the exit code the CLI returns for it."""

import os
import sys
import tempfile
import traceback
from pathlib import Path


class KgError(Exception):
    exit_code = 2


class UsageError(KgError):
    """Bad arguments or unreadable input paths."""


class ModelMissing(KgError):
    """A spaCy pipeline the configuration names is not installed."""


class ArticleRejected(Exception):
    """One input file cannot be built; the reason names what is wrong with it."""


def check_regular_file(path: Path, what: str) -> None:
    """Refuse, with its name, a path that is no regular file: reading a FIFO or a device
    would wait for ever, a folder cannot be read as one."""
    if not path.exists():
        raise UsageError(f"{path}: cannot read the {what} (no such file)")
    if not path.is_file():
        raise UsageError(
            f"{path}: cannot read the {what} (not a regular file: a pipe, a device or a folder)"
        )


def write_trace() -> str:
    """Write the exception being handled to a log file for a bug report; its path."""
    from kg import __version__

    fd, path = tempfile.mkstemp(prefix="kg-error-", suffix=".log")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(f"kg {__version__}, Python {sys.version.split()[0]}\n")
        handle.write(traceback.format_exc())
    return path
