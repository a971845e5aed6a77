"""The web app: JSON API, pages, and the files they need, all served from this process."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pyvis
from fastapi import FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.middleware.base import RequestResponseEndpoint
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import errors, pages
from api.deps import KeyRefused, require_key
from api.routes import briefs, cypher, entities, exports, ingest, insights, review
from api.state import AppState
from graph.settings import Settings
from graph.stores import GraphStore, open_store

__all__ = ["create_app"]

# vis-network as pyvis ships it: served from here, so that the network view needs no internet.
VIS_DIR = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
STATIC_DIR = Path(__file__).parent / "static"

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)


def create_app(settings: Settings, store: GraphStore | None = None) -> FastAPI:
    """The app over ``store``, or over the embedded database of ``settings`` (opened read-only
    unless an API key allows uploads)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        own = store is None
        opened = store or open_store(settings, read_only=settings.api_key is None)
        app.state.partnergraph = state = AppState(settings=settings, store=opened)
        warm = threading.Thread(target=state.warm, name="warm-view", daemon=True)
        if own:  # a store passed in (tests, notebooks) belongs to the caller, who may close it
            warm.start()
        try:
            yield
        finally:
            if own:
                warm.join(timeout=10)
                if not warm.is_alive():  # never close a database a query is still reading
                    opened.close()

    app = FastAPI(
        title="partnergraph",
        summary="A city's international partnerships as a knowledge graph, with sources.",
        version="0.1.0",
        lifespan=lifespan,
    )
    if store is not None:  # tests and notebooks pass their own store; lifespan may not run
        app.state.partnergraph = AppState(settings=settings, store=store)
    errors.install(app)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    app.mount("/static/vendor", StaticFiles(directory=VIS_DIR), name="vendor")
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for module in (entities, insights, cypher, ingest, briefs, exports, review):
        app.include_router(module.router)
    app.include_router(pages.router)
    app.include_router(review.pages)
    return app
