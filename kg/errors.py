"""Errors a user can act on. Each carries the exit code the CLI returns for it."""


class KgError(Exception):
    exit_code = 2


class UsageError(KgError):
    """Bad arguments or unreadable input paths."""


class ModelMissing(KgError):
    """A spaCy pipeline the configuration names is not installed."""


class ArticleRejected(Exception):
    """One input file cannot be built; the reason names what is wrong with it."""
