"""The review queue over HTTP: what an ingest would not guess, listed for anyone and decided by
an officer with the app's key (accept, correct, merge, reject), each decision kept with its time."""

from __future__ import annotations

import json
import re
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict, Field

from api.deps import State, require_key
from graph import cypher
from graph.choices import ReviewStatus
from graph.errors import StoreError
from graph.schema import Model
from ingest import review

router = APIRouter(prefix="/api/review", tags=["review"])


class ReviewItem(BaseModel):
    """What an ingest would not guess, with the sentence it stands in; once decided, when and
    what."""

    model_config = ConfigDict(extra="forbid")

    id: str
    status: str = Field(description="Open or how it was decided: the schema's review_status.")
    kind: str = Field(description="What a person is asked: the schema's review_kind.")
    label: str | None = Field(None, description="The label the ingest proposes, if any.")
    text: str | None = Field(None, description="The source's wording.")
    candidates: list[str] | None = Field(None, description="Ids it might be.")
    source: str | None = Field(None, description="Id of the source it was read from.")
    evidence: str | None = Field(None, description="The sentence (or line) it stands in.")
    proposal: str | None = Field(None, description="JSON of what accepting it would write.")
    decided_at: str | None = Field(None, description="When it was decided (UTC, ISO 8601).")
    decision: str | None = Field(None, description="JSON of what was decided.")


class Accepted(ReviewItem):
    """An item accepted: the node it created or the engagement it wrote."""

    created: str = Field(description="Id of the node written.")
    label: str = Field(description="Its label.")


class Merged(ReviewItem):
    """An item merged into a node the graph holds."""

    into: str = Field(description="Id of the node it is another name (or source) of.")


class Accept(BaseModel):
    """Create the entity the item names, or write the engagement it proposes, as proposed or
    corrected."""

    model_config = ConfigDict(extra="forbid")

    label: str | None = Field(
        None,
        max_length=40,
        description="Correct the kind: an actor's label, or an engagement's for a proposed "
        "engagement (docs/schema.md lists them).",
    )
    name: str | None = Field(None, max_length=200, description="Correct the name.")
    country: str | None = Field(None, max_length=80, description="A city's country.")
    date: str | None = Field(
        None,
        max_length=10,
        description="An engagement's date: YYYY, YYYY-MM or YYYY-MM-DD; empty for undated.",
    )
    direction: Literal["incoming", "outgoing", "third-place", ""] | None = Field(
        None, description="An engagement's direction; empty for none."
    )
    roles: dict[str, str] = Field(
        default_factory=dict,
        max_length=50,
        description="An engagement's parties (id) and their roles: host, guest, signatory...",
    )


class Merge(BaseModel):
    model_config = ConfigDict(extra="forbid")

    into: str = Field(min_length=1, max_length=200, description="Id or name it is another name of.")


@router.get("", response_model=list[ReviewItem])
def list_items(
    state: State,
    status: Annotated[ReviewStatus, Query(description="Which items.")] = ReviewStatus.open,
) -> list[ReviewItem]:
    """The items waiting for a person (or those decided, with when and what)."""
    rows = review.items(state.store, status=status.stored)
    return [ReviewItem.model_validate(r) for r in rows]


def _writable(state: State) -> None:
    if state.store.read_only:
        raise StoreError("this app opened the database read-only; start it with an API key")


@router.post("/{item_id}/accept", response_model=Accepted, dependencies=[Depends(require_key)])
def accept(item_id: str, body: Accept, state: State) -> Accepted:
    """Accept the item, or correct its label and name first. Needs the X-API-Key header."""
    _writable(state)
    try:
        decided = review.accept(
            state.store,
            item_id,
            label=body.label,
            country=body.country,
            name=body.name,
            date=body.date,
            direction=body.direction,
            roles=body.roles,
        )
    finally:
        state.changed()
    return Accepted.model_validate(decided)


@router.post("/{item_id}/merge", response_model=Merged, dependencies=[Depends(require_key)])
def merge(item_id: str, body: Merge, state: State) -> Merged:
    """The item's wording is another name of an entity in the graph (kept as an alias), or
    the engagement it proposes is one the graph holds."""
    _writable(state)
    try:
        decided = review.merge(state.store, item_id, into=body.into)
    finally:
        state.changed()
    return Merged.model_validate(decided)


@router.post("/{item_id}/reject", response_model=ReviewItem, dependencies=[Depends(require_key)])
def reject(item_id: str, state: State) -> ReviewItem:
    """Not an entity, or not worth keeping."""
    _writable(state)
    return ReviewItem.model_validate(review.reject(state.store, item_id))


# -- the page ---------------------------------------------------------------------------------
pages = APIRouter(include_in_schema=False)


@pages.get("/review", response_class=HTMLResponse)
def review_page(request: Request, state: State) -> HTMLResponse:
    """What waits for a decision, each with its sentence, the wording marked, and a link to the
    sentence in its article; the last decisions below."""
    from api.pages import _page

    every = review.items(state.store, status=None)  # one read of the queue
    open_items = [i for i in every if i["status"] == "open"]
    decided = [i for i in every if i["status"] != "open"]
    decided.sort(key=lambda i: i.get("decided_at") or "", reverse=True)
    for item in decided:  # what was decided, for links: the entity made or merged into
        item["wording"], item["why"] = _wording(item)
        item["decided"] = json.loads(item.get("decision") or "{}")
    texts: dict[str, str] = {}
    for item in open_items:
        sid = item.get("source")
        if sid and sid not in texts:
            rows = state.store.read(cypher.node("Source"), {"id": sid})
            texts[sid] = (rows[0]["n"].get("text") or "") if rows else ""
        item["wording"], item["why"] = _wording(item)
        item["marked"] = _marked(item.get("evidence") or "", item["wording"])
        if item["kind"] == "engagement" and item.get("proposal"):
            item["engagement"] = _proposed(item["proposal"], state.store.model)
        evidence = item.get("evidence") or ""
        at = texts.get(sid or "", "").find(evidence) if evidence else -1
        item["at"] = at if at >= 0 else None
    return _page(
        request,
        "review.html",
        items=open_items,
        decided=decided[:30],
        labels=state.store.model.actor_labels,
        engagement_labels=state.store.model.engagement_labels,
        roles=state.store.model.enums["role"],
    )


def _proposed(text: str, model: Model) -> dict[str, Any]:
    """What the form of a proposed engagement shows: its kind, name, date as precise as it
    is known, direction, and each party with its role."""
    from ingest.proposal import THIRD_PLACE, Proposal

    p = Proposal.from_json(text, model=model)
    date = p.props.get("date")
    precision = p.props.get("date_precision") or "day"
    shown = str(date)[: {"year": 4, "month": 7}.get(precision, 10)] if date else ""
    direction = p.props.get("direction") or (THIRD_PLACE if p.props.get("cameo") == "044" else "")
    return {
        "label": p.label,
        "name": p.props["name"],
        "date": shown,
        "direction": direction,
        "parties": [{"id": x.id, "name": x.wording or x.id, "role": x.role} for x in p.parties],
        "sentences": [m.evidence for m in p.mentions if m.evidence],
    }


_UNRESOLVED = re.compile(r"line (\d+): unknown country (['\"])(.*)\2 for (['\"])(.*)\4")
"""The twin-city list's unread row, as ingest/tables.py words it (the names in repr's quotes)."""


def _wording(item: dict[str, Any]) -> tuple[str, dict[str, str] | None]:
    """The name an item is about and why it waits, for the page: a row of the twin list
    whose country was not read says "line 18327: unknown country 'Island' for 'Norðurþing'";
    its wording is the name (what the form's name box holds), the rest a reason the page says
    in its language."""
    text = item.get("text") or ""
    found = _UNRESOLVED.fullmatch(text) if item.get("kind") == "unresolved" else None
    if not found:
        return text, None
    return found.group(5), {"line": found.group(1), "country": found.group(3)}


def _marked(evidence: str, wording: str) -> tuple[str, str, str] | None:
    """The evidence split around the wording, so the template can mark it (and escape all)."""
    at = evidence.find(wording) if wording else -1
    if at < 0:
        return None
    return evidence[:at], wording, evidence[at + len(wording) :]
