"""One exception tree. Every message says what was wrong and what to do about it.

The message (``str(exc)``) is English: what the CLI and the JSON API print. A page shows the
error's ``msgid`` instead, translated through the web catalogue (``web.po``) with its ``params``:
the raise site's own id where it gives one, else its class's sentence with the English
message below it.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

# Ids of the web catalogue given by raise sites (kept here so that one test finds them all).
NO_ENTITY = "No entity is called “{name}”; search with part of the name."
NO_ENTITY_CLOSE = "No entity is called “{name}”; choose one of the close matches below."


class PartnergraphError(Exception):
    """Root of every error partnergraph raises on purpose."""

    exit_code = 1
    msgid = "Something went wrong; the details below say what to do."
    params: Mapping[str, object] = MappingProxyType({})

    def __init__(
        self, *args: object, msgid: str | None = None, params: Mapping[str, object] | None = None
    ) -> None:
        super().__init__(*args)
        if msgid is not None:
            self.msgid = msgid
        if params:
            self.params = dict(params)

    @property
    def own_text(self) -> bool:
        """Whether the raise site gave its own page text (else the class's, with the English
        message below it)."""
        return "msgid" in self.__dict__


class InvalidModel(PartnergraphError):
    """The schema file itself is wrong (a developer's error)."""


class ValidationError(PartnergraphError):
    """A record does not fit the schema."""

    msgid = "A value given does not fit; the details below say which and what to do."

    exit_code = 65  # EX_DATAERR


class InputError(PartnergraphError):
    """A file cannot be read or parsed."""

    msgid = "A file could not be read; the details below say why."

    exit_code = 65


class NotFound(PartnergraphError):
    """An entity, source or review item that does not exist."""

    msgid = "Nothing of that name or id is in the graph; search with part of the name."

    exit_code = 4


class QueryRefused(PartnergraphError):
    """A researcher's query was refused by the read-only guard."""

    msgid = "The query was refused; the details below say why."

    exit_code = 3


class QueryFailed(PartnergraphError):
    """A query ran but the store rejected it or stopped it (syntax, time limit)."""

    msgid = "The query failed; the details below say why."

    exit_code = 3


class QueryBusy(PartnergraphError):
    """Every worker for researchers' queries is busy; the caller may try again shortly."""

    msgid = "The site is busy; try again in a moment."

    exit_code = 75  # EX_TEMPFAIL


class StoreError(PartnergraphError):
    """The database could not be opened or written."""

    msgid = "The database could not be opened or read; the details below say what to do."

    exit_code = 74  # EX_IOERR


class UnknownHome(NotFound):
    """The home asked for (``--home``, ``?home=``) is no city, province or country of the
    graph. ``close`` holds the ids of the places whose names come closest."""

    exit_code = 2  # a usage error: the option's value is wrong

    def __init__(self, message: str, *, ref: str = "", close: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.ref = ref
        self.close = close
