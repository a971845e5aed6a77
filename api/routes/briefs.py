"""Briefing packs over HTTP: /api/briefs/{id}.{pdf,docx,html,md}?lang=vi|en."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.deps import Home, IsoDate, State
from graph.briefs import MEDIA_TYPES, build_brief, render
from graph.choices import BriefFormat, Direction, Lang
from graph.questions.unexplored import Suggestion, opportunities

router = APIRouter(prefix="/api", tags=["briefs"])


@router.get(
    "/briefs/{ref}.{fmt}",
    response_class=Response,
    responses={200: {"content": {t.split(";")[0]: {} for t in MEDIA_TYPES.values()}}},
)
def brief(
    state: State,
    home: Home,
    ref: str,
    fmt: BriefFormat,
    lang: Annotated[Lang, Query(description="vi or en.")] = Lang.en,
    visit_date: Annotated[IsoDate | None, Query(description="YYYY-MM-DD.")] = None,
    direction: Direction | None = None,
    download: Annotated[bool, Query(description="Send as an attachment.")] = False,
) -> Response:
    """The briefing pack on a partner (id or name), every line citing its sources."""
    made = build_brief(
        state.store,
        ref,
        home=home.id,
        lang=lang,
        visit_date=visit_date,
        direction=direction,
        dormant_months=state.settings.dormant_months,
        picture=fmt != "md",
    )
    # a home of its own in the name, so that two localities' briefs on a partner stay apart
    of = "" if home.id == state.settings.home else f"-{home.id}"
    name = f"brief-{made.partner_id}{of}-{lang}.{fmt}"
    inline = fmt in {"html", "pdf"} and not download
    disposition = f'{"inline" if inline else "attachment"}; filename="{name}"'
    return Response(
        render(made, fmt),
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": disposition},
    )


@router.get("/opportunities/{ref}", response_model=list[Suggestion])
def partner_opportunities(
    state: State, home: Home, ref: str, limit: Annotated[int, Query(ge=1, le=100)] = 20
) -> list[Suggestion]:
    """Whom to approach about a partner (the brief's opportunities), with the numbers behind
    each reason: its weight (``score``) and what it goes through (``via``)."""
    return opportunities(state.store, ref, home=home.id, limit=limit)
