"""FastAPI dependencies: the app's state, its store and settings, the home a request asks for,
the upload key, and dates in query parameters."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from typing import Annotated

from fastapi import Depends, Header, Query, Request
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from api.state import AppState
from graph.errors import PartnergraphError
from graph.questions.lookup import MAX_SEARCH_TEXT, SearchHit
from graph.settings import Settings
from graph.stores import GraphStore

__all__ = [
    "Conf",
    "Home",
    "IsoDate",
    "KeyRefused",
    "State",
    "Store",
    "TooLarge",
    "chosen_home",
    "require_key",
]


class KeyRefused(PartnergraphError):
    """An upload without the right key (HTTP 401/403)."""

    msgid = "The API key was refused; the details below say what to do."


class TooLarge(PartnergraphError):
    """A request over one of the app's limits: query string, upload (HTTP 413/414)."""

    msgid = "The request is over one of the app's limits; the details below say which."


def get_state(request: Request) -> AppState:
    state: AppState = request.app.state.partnergraph
    return state


def get_store(state: Annotated[AppState, Depends(get_state)]) -> GraphStore:
    return state.store


def get_settings(state: Annotated[AppState, Depends(get_state)]) -> Settings:
    return state.settings


State = Annotated[AppState, Depends(get_state)]
Store = Annotated[GraphStore, Depends(get_store)]
Conf = Annotated[Settings, Depends(get_settings)]


def get_home(
    request: Request,
    state: State,
    home: Annotated[
        str | None,
        Query(
            max_length=MAX_SEARCH_TEXT,
            description="The home city or province the question is asked for (id or name, such "
            "as da-nang-vn or Đà Nẵng); default: the app's setting (PARTNERGRAPH_HOME).",
        ),
    ] = None,
) -> SearchHit:
    """The home of this request: ``?home=``, else the setting. An unknown one is refused
    (UnknownHome: 404 naming the close matches). Pages read it back with :func:`chosen_home`."""
    hit = state.home(home)
    request.state.home = hit
    return hit


Home = Annotated[SearchHit, Depends(get_home)]


def chosen_home(request: Request) -> SearchHit | None:
    """The home this request asked for and that was found (none: the setting's, or not yet
    found), for the pages to keep in their links."""
    hit: SearchHit | None = getattr(request.state, "home", None)
    return hit


def require_key(
    state: State, x_api_key: Annotated[str | None, Header(description="The upload key.")] = None
) -> None:
    """Uploads need the key the app was started with; an app started without one refuses them."""
    configured = state.settings.api_key
    if configured is None:
        raise KeyRefused(
            "uploads are turned off: this app was started without an API key. Start it with "
            "PARTNERGRAPH_API_KEY set, then send the key in the X-API-Key header"
        )
    if not x_api_key or not secrets.compare_digest(
        x_api_key.encode(), configured.get_secret_value().encode()
    ):
        raise KeyRefused("the X-API-Key header is missing or wrong; send the key the app was given")


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date(value: object) -> object:
    """Only YYYY-MM-DD: pydantic alone also reads numbers as Unix times (``as_of=0`` was
    1970-01-01) and date-times as dates."""
    if isinstance(value, str) and not _ISO_DATE.fullmatch(value):
        raise PydanticCustomError(
            "iso_date",
            "{value} is not a date; write it YYYY-MM-DD, such as 2022-12-31",
            {"value": repr(value[:40])},
        )
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
"""A date in a query parameter, written YYYY-MM-DD."""
