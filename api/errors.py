"""Errors over HTTP: JSON with a message a person can act on for the API, a page for browsers.
This is the only place partnergraph's errors meet HTTP status codes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.deps import KeyRefused, TooLarge
from graph import errors

if TYPE_CHECKING:
    from graph.briefs.i18n import Language

__all__ = ["MESSAGES", "RESPONSES", "ErrorBody", "install", "page_texts", "respond"]

MESSAGES = {
    "invalid": "This address has a value the page cannot use ({fields}); correct it and try again.",
    "nowhere": "Nothing is at {path}; go back to the home page or search.",
}
"""The page texts of the errors raised here (ids of the web catalogue), by what went wrong."""

STATUS: dict[type[errors.PartnergraphError], int] = {
    KeyRefused: 401,
    TooLarge: 413,
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


def page_texts(lang: Language) -> dict[str, str]:
    """Each error kind's page text in ``lang``, by the ``error`` of the JSON body: what a page's
    script shows when the JSON API refuses it (a review decision without the key, a query the
    console may not run), with the English message below."""
    kinds: list[type[errors.PartnergraphError]] = [errors.PartnergraphError]
    for kind in kinds:  # the tree, walked as it grows
        kinds.extend(kind.__subclasses__())
    return {kind.__name__: lang.gettext(kind.msgid) for kind in kinds}


def _wants_page(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get(
        "accept", ""
    )


class ErrorBody(BaseModel):
    """Every error of the JSON API."""

    error: str
    message: str


RESPONSES: dict[int | str, dict[str, Any]] = {
    "4XX": {"model": ErrorBody, "description": "The request was refused; the message says why."},
    "5XX": {"model": ErrorBody, "description": "The database could not answer."},
}
"""The error responses of every operation, for the OpenAPI schema."""


def respond(
    request: Request,
    status: int,
    kind: str,
    message: str,
    headers: Mapping[str, str] | None = None,
    *,
    msgid: str | None = None,
    params: Mapping[str, object] | None = None,
    detail: bool = False,
) -> Response:
    """An error as JSON (``{"error": kind, "message": ...}``), or as a page for a browser: the
    page says ``msgid`` (with ``params``) in its language, and ``message`` below it if
    ``detail``; without a ``msgid`` it says ``message``."""
    if _wants_page(request):
        from api.pages import render_error

        response = render_error(request, status, message, msgid=msgid, params=params, detail=detail)
        response.headers.update(headers or {})
        return response
    return JSONResponse(
        ErrorBody(error=kind, message=message).model_dump(), status_code=status, headers=headers
    )


def install(app: FastAPI) -> None:
    @app.exception_handler(errors.PartnergraphError)
    async def _known(request: Request, exc: errors.PartnergraphError) -> Response:
        return respond(
            request,
            status_of(exc),
            type(exc).__name__,
            str(exc),
            msgid=exc.msgid,
            params=exc.params,
            detail=not exc.own_text,
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        parts, fields = [], []
        for e in exc.errors():
            where = ".".join(str(p) for p in e.get("loc", ()) if p not in {"body", "query"})
            parts.append(f"{where or 'request'}: {e.get('msg')}")
            fields.append(where or "request")
        return respond(
            request,
            422,
            "ValidationError",
            "; ".join(parts),
            msgid=MESSAGES["invalid"],
            params={"fields": ", ".join(dict.fromkeys(fields))},
            detail=True,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        nowhere = exc.status_code == 404
        message = (
            f"nothing at {request.url.path}; see /docs for the API and / for the pages"
            if nowhere
            else str(exc.detail)
        )
        large = exc.status_code in {413, 414}
        return respond(
            request,
            exc.status_code,
            "TooLarge" if large else "HTTPError",
            message,
            exc.headers,
            msgid=MESSAGES["nowhere"] if nowhere else TooLarge.msgid if large else None,
            params={"path": request.url.path},
            detail=large,
        )
