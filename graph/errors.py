"""One exception tree. Every message says what was wrong and what to do about it."""

from __future__ import annotations


class PartnergraphError(Exception):
    """Root of every error partnergraph raises on purpose."""

    exit_code = 1


class InvalidModel(PartnergraphError):
    """The schema file itself is wrong (a developer's error)."""


class ValidationError(PartnergraphError):
    """A record does not fit the schema."""

    exit_code = 65  # EX_DATAERR


class InputError(PartnergraphError):
    """A file cannot be read or parsed."""

    exit_code = 65


class NotFound(PartnergraphError):
    """An entity, source or review item that does not exist."""

    exit_code = 4


class QueryRefused(PartnergraphError):
    """A researcher's query was refused by the read-only guard."""

    exit_code = 3


class QueryFailed(PartnergraphError):
    """A query ran but the store rejected it or stopped it (syntax, time limit)."""

    exit_code = 3


class QueryBusy(PartnergraphError):
    """Every worker for researchers' queries is busy; the caller may try again shortly."""

    exit_code = 75  # EX_TEMPFAIL


class StoreError(PartnergraphError):
    """The database could not be opened or written."""

    exit_code = 74  # EX_IOERR


class UnknownHome(NotFound):
    """The home asked for (``--home``, ``?home=``) is no city, province or country of the
    graph. ``close`` holds the ids of the places whose names come closest."""

    exit_code = 2  # a usage error: the option's value is wrong

    def __init__(self, message: str, *, ref: str = "", close: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.ref = ref
        self.close = close
