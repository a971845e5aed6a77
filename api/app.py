"""The web app: JSON API, pages, and the files they need, all served from this process."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import parse_qsl

import fastapi_offline
import pyvis
from fastapi import FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.middleware.base import RequestResponseEndpoint
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import errors, pages
from api.deps import KeyRefused, TooLarge, require_key
from api.routes import briefs, cypher, entities, exports, graph, ingest, insights, review
from api.state import AppState
from graph.settings import Settings
from graph.stores import GraphStore, open_store

__all__ = ["create_app"]

# vis-network as pyvis ships it: served from here, so that the network view needs no internet.
VIS_DIR = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
STATIC_DIR = Path(__file__).parent / "static"
# Swagger UI's files as the pinned fastapi-offline wheel ships them, for /docs without a CDN.
SWAGGER_DIR = Path(fastapi_offline.__file__).parent / "static"

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)

MAX_QUERY_STRING = 4096
"""Bytes of a query string: a 200-character search in Vietnamese, percent-encoded, and every
filter of the network view fit many times over."""
MAX_REPEATS = 30
"""Values one query parameter may repeat (there are 12 relationship types and 11 labels)."""
MAX_BODY = 2 * 2**20
"""Bytes of any other request's body: a Cypher query (20,000 characters) with its parameters
(1 MiB of JSON), a review decision."""


class Bounds:
    """Limits checked before a route runs: the query string's size and repeated parameters
    (414, 400), and for uploads the key and the body's size, before the body is read (401,
    413; a chunked body is cut off as soon as it passes the limit)."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        # multipart framing on top of the files themselves
        self.max_body = settings.upload_max_mb * 2**20 + 2**20

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        refusal = self._refusal(scope)
        if refusal is not None:
            return await refusal(scope, receive, send)
        upload = scope["path"] == ingest.UPLOAD_PATH
        cap = self.max_body if upload else MAX_BODY
        read = 0

        async def bounded() -> Message:
            nonlocal read
            message = await receive()
            read += len(message.get("body", b""))
            if read > cap:  # an HTTPException, which FastAPI's body parsing lets by
                raise HTTPException(
                    413,
                    f"this upload is too large; {ingest.upload_limits(self.settings)}"
                    if upload
                    else f"the request's body passes {MAX_BODY // 2**20} MiB; send less",
                )
            return message

        await self.app(scope, bounded, send)

    def _refusal(self, scope: Scope) -> Response | None:
        request = Request(scope)
        query: bytes = scope.get("query_string", b"")
        if len(query) > MAX_QUERY_STRING:
            return _too_large(
                request,
                414,
                f"the query string has {len(query):,} bytes; at most {MAX_QUERY_STRING:,} are read",
            )
        if query:
            names = Counter(k for k, _ in parse_qsl(query.decode("latin-1"), True))
            name, times = names.most_common(1)[0]
            if times > MAX_REPEATS:
                return _too_large(
                    request,
                    400,
                    f"the parameter {name[:40]!r} is given {times} times; at most {MAX_REPEATS}",
                )
        if scope["path"] != ingest.UPLOAD_PATH or scope["method"] != "POST":
            length = Headers(scope=scope).get("content-length", "")
            if length and (not length.isdigit() or int(length) > MAX_BODY):
                return _too_large(
                    request, 413, f"the request's body passes {MAX_BODY // 2**20} MiB"
                )
            return None
        try:
            require_key(request.app.state.partnergraph, request.headers.get("x-api-key"))
        except KeyRefused as exc:
            return errors.respond(
                request, 401, "KeyRefused", str(exc), msgid=exc.msgid, detail=True
            )
        length = Headers(scope=scope).get("content-length", "")
        if length and (not length.isdigit() or int(length) > self.max_body):
            limits = ingest.upload_limits(self.settings)
            return _too_large(request, 413, f"this upload has {length} bytes; {limits}")
        return None


def _too_large(request: Request, status: int, message: str) -> Response:
    """A request over a limit: the English ``message`` for the JSON API, below the page text of
    :class:`TooLarge` on a page."""
    return errors.respond(request, status, "TooLarge", message, msgid=TooLarge.msgid, detail=True)


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
        responses=errors.RESPONSES,
        # Starlette's redirects to the other spelling of a path took their address from the
        # Host header; a path with a stray slash is simply not found.
        redirect_slashes=False,
        # FastAPI's own pages load Swagger UI from a CDN with an inline script, which the CSP
        # refuses: /docs is a page of ours (api.pages) over the files served from here.
        docs_url=None,
        redoc_url=None,
    )
    if store is not None:  # tests and notebooks pass their own store; lifespan may not run
        app.state.partnergraph = AppState(settings=settings, store=store)
    errors.install(app)
    app.add_middleware(Bounds, settings=settings)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    app.mount("/static/vendor", StaticFiles(directory=VIS_DIR), name="vendor")
    app.mount("/static/swagger", StaticFiles(directory=SWAGGER_DIR), name="swagger")
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for module in (entities, graph, insights, cypher, ingest, briefs, exports, review):
        app.include_router(module.router)
    app.include_router(pages.router)
    app.include_router(review.pages)
    return app
