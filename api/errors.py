"""Errors over HTTP: JSON with a message a person can act on for the API, a page for browsers.
This is the only place partnergraph's errors meet HTTP status codes."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.deps import KeyRefused
from graph import errors

__all__ = ["install"]

STATUS: dict[type[errors.PartnergraphError], int] = {
    KeyRefused: 401,
    errors.NotFound: 404,
    errors.QueryRefused: 403,
    errors.QueryFailed: 400,
    errors.QueryBusy: 503,
    errors.ValidationError: 422,
    errors.InputError: 422,
    errors.StoreError: 503,
}


def status_of(exc: errors.PartnergraphError) -> int:
    return next((code for kind, code in STATUS.items() if isinstance(exc, kind)), 500)


def _wants_page(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get(
        "accept", ""
    )


def _respond(request: Request, status: int, kind: str, message: str) -> Response:
    if _wants_page(request):
        from api.pages import render_error

        return render_error(request, status, message)
    return JSONResponse({"error": kind, "message": message}, status_code=status)


def install(app: FastAPI) -> None:
    @app.exception_handler(errors.PartnergraphError)
    async def _known(request: Request, exc: errors.PartnergraphError) -> Response:
        return _respond(request, status_of(exc), type(exc).__name__, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for e in exc.errors():
            where = ".".join(str(p) for p in e.get("loc", ()) if p not in {"body", "query"})
            parts.append(f"{where or 'request'}: {e.get('msg')}")
        return _respond(request, 422, "ValidationError", "; ".join(parts))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        message = (
            f"nothing at {request.url.path}; see /docs for the API and / for the pages"
            if exc.status_code == 404
            else str(exc.detail)
        )
        return _respond(request, exc.status_code, "HTTPError", message)
