"""FastAPI dependencies: the app's state, its store and settings, and the upload key."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Header, Request

from api.state import AppState
from graph.errors import PartnergraphError
from graph.settings import Settings
from graph.stores import GraphStore

__all__ = ["Conf", "KeyRefused", "State", "Store", "require_key"]


class KeyRefused(PartnergraphError):
    """An upload without the right key (HTTP 401/403)."""


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
    if x_api_key is None or not secrets.compare_digest(
        x_api_key.encode(), configured.get_secret_value().encode()
    ):
        raise KeyRefused("the X-API-Key header is missing or wrong; send the key the app was given")
