"""Server-rendered pages: home, search, entity, source, network view and Cypher console.

Every script, style and font comes from the app itself (no CDN); Jinja escapes every value from
the data; data for scripts travels as JSON in ``<script type="application/json">`` blocks, never
as code, and a Content-Security-Policy forbids inline scripts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from api.deps import IsoDate, State
from graph import cypher
from graph.dates import shown
from graph.errors import NotFound
from graph.questions import dormant, find_entity, history, search, show
from graph.questions.lookup import MAX_SEARCH_TEXT
from graph.schema import MODEL
from graph.style import LABEL_STYLE

__all__ = ["LABEL_STYLE", "render_error", "router"]

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")

NETWORK_RELS = [r for r in MODEL.rels if r != "SOURCED_FROM"]

router = APIRouter(include_in_schema=False)


def _page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    state = request.app.state.partnergraph
    return templates.TemplateResponse(
        request,
        template,
        {"home_id": state.settings.home, "writable": state.writable, **context},
        status_code=status,
    )


def render_error(request: Request, status: int, message: str) -> Response:
    return _page(request, "error.html", status=status, status_code=status, message=message)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, state: State) -> HTMLResponse:
    counts = state.counts()
    quiet = dormant(state.store, home=state.settings.home, months=state.settings.dormant_months)
    return _page(
        request,
        "home.html",
        home=find_entity(state.store, state.settings.home),
        counts={k: v for k, v in counts.items() if v and k != "ReviewItem"},
        dormant=quiet,
        suggestions=state.unexplored(limit=10, labels=None),
    )


@router.get("/dormant", response_class=HTMLResponse)
def dormant_page(
    request: Request,
    state: State,
    as_of: Annotated[IsoDate | None, Query(description="YYYY-MM-DD")] = None,
    months: Annotated[int | None, Query(ge=1, le=600)] = None,
) -> HTMLResponse:
    """Every partner and agreement gone quiet, as of a date (default: where the sources reach)."""
    quiet = dormant(
        state.store,
        home=state.settings.home,
        months=months or state.settings.dormant_months,
        as_of=as_of,
    )
    return _page(request, "dormant.html", dormant=quiet)


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request, state: State, q: Annotated[str, Query(max_length=MAX_SEARCH_TEXT)] = ""
) -> HTMLResponse:
    hits = search(state.store, q, limit=50) if q.strip() else []
    return _page(request, "search.html", q=q, hits=hits)


@router.get("/entities/{ref}", response_class=HTMLResponse)
def entity_page(request: Request, state: State, ref: str) -> HTMLResponse:
    view = show(state.store, ref)
    label = MODEL.labels[view.label]
    timeline = None
    precision: dict[str | None, str | None] = {}
    if label.group == "actor" and view.id != state.settings.home:
        timeline = history(
            state.store,
            view.id,
            home=state.settings.home,
            dormant_months=state.settings.dormant_months,
        )
        for e in reversed(timeline.entries):  # the most precise date wins
            if precision.get(e.date) != "day":
                precision[e.date] = e.date_precision
    home = find_entity(state.store, state.settings.home)
    return _page(
        request,
        "entity.html",
        view=view,
        home_name=home.name,
        first_precision=precision.get(timeline.summary.first_contact) if timeline else None,
        last_precision=precision.get(timeline.summary.last_contact) if timeline else None,
        group=label.group,
        timeline=timeline,
        in_network=view.label in LABEL_STYLE,
    )


@router.get("/sources/{source_id}", response_class=HTMLResponse)
def source_page(
    request: Request,
    state: State,
    source_id: str,
    at: Annotated[int | None, Query(ge=0)] = None,
    length: Annotated[int | None, Query(ge=1, le=10_000)] = None,
) -> HTMLResponse:
    """A source with the evidence sentence at ``at`` (``length`` characters) marked."""
    rows = state.store.read(cypher.node("Source"), {"id": source_id})
    if not rows:
        raise NotFound(f"no source {source_id!r}; sources are listed on each entity's page")
    source = {k: v for k, v in rows[0]["n"].items() if not k.startswith("_")}
    text: str = source.pop("text", None) or ""
    parts = None
    if text and at is not None and length and at + length <= len(text):
        parts = (text[:at], text[at : at + length], text[at + length :])
    return _page(request, "source.html", source=source, text=text, parts=parts)


@router.get("/network", response_class=HTMLResponse)
def network_page(
    request: Request,
    state: State,
    centre: str | None = None,
    depth: Annotated[int, Query(ge=1, le=3)] = 2,
) -> HTMLResponse:
    hit = find_entity(state.store, centre or state.settings.home)
    config = {
        "centre": hit.id,
        "centreName": hit.name,
        "depth": depth,
        "styles": LABEL_STYLE,
        "rels": NETWORK_RELS,
    }
    return _page(request, "network.html", hit=hit, config=config, depth=depth)


@router.get("/console", response_class=HTMLResponse)
def console_page(request: Request, state: State) -> HTMLResponse:
    examples = [
        {"name": e.name, "description": e.description, "query": e.query, "parameters": e.parameters}
        for e in cypher.examples(state.store.dialect, state.settings.home)
    ]
    config = {
        "examples": examples,
        "timeoutMs": state.settings.query_timeout_ms,
        "maxRows": state.settings.max_rows,
        "styles": LABEL_STYLE,
    }
    labels = {n: lab for n, lab in MODEL.labels.items() if not lab.internal}
    return _page(
        request, "console.html", config=config, labels=labels, rels=MODEL.rels, examples=examples
    )


@router.get("/docs", response_class=HTMLResponse)
def docs_page(request: Request) -> HTMLResponse:
    """Swagger UI over the OpenAPI schema, every file from the app."""
    return templates.TemplateResponse(
        request, "docs.html", {"openapi_url": request.app.openapi_url}
    )


def _date(value: str | None, precision: str | None) -> str:
    """A date as precise as its source: 2022, May 2022 or 14 May 2022."""
    return shown(value, precision) or "undated"


def _web_address(value: object) -> bool:
    """Whether a value from the data may be a link: http(s) addresses only, so that a
    ``javascript:`` or ``data:`` URL in a source stays text."""
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    return parts.scheme.lower() in {"http", "https"} and bool(parts.netloc)


templates.env.filters["pdate"] = _date
templates.env.tests["web_address"] = _web_address
