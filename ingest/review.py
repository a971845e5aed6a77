"""The review queue: what an ingest would not guess, decided by a person.

- ``accept``: create the entity the item names (with its label, and a country for a city), or
  write the engagement the article reader proposed (its kind, name, date, direction and the
  parties' roles corrected first where the officer says);
- ``merge``: the item's wording is another name of an existing entity (kept as an alias), or
  the proposed engagement is one the graph holds already (the article becomes another of its
  sources, and its parties take part in it);
- ``reject``: not an entity, or not worth keeping.

Every decision is written with the provenance of the item (its source and sentence), and kept
on the item with its time (``decided_at``) and what was decided (``decision``): an item is
decided once, and the same article ingested again never asks again.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from graph import cypher
from graph.batch import Batch, Mention, NodeRow
from graph.errors import NotFound, ValidationError
from graph.questions.lookup import find_entity
from graph.stores.base import GraphStore
from graph.text import slug
from ingest.proposal import Correction, Proposal
from ingest.reference import CITIES, COUNTRIES

__all__ = ["accept", "items", "merge", "reject"]


def items(store: GraphStore, *, status: str | None = "open") -> list[dict[str, Any]]:
    return store.read(cypher.REVIEW_LIST, {"status": status or ""})


def _item(store: GraphStore, item_id: str) -> dict[str, Any]:
    rows = store.read(cypher.REVIEW_ITEM, {"id": item_id})
    if not rows:
        raise NotFound(
            f"no review item {item_id!r}; 'partnergraph review list' shows the open ones"
        )
    row = rows[0]
    if row["status"] != "open":
        raise ValidationError(
            f"review item {item_id} is already {row['status']} (on {row['decided_at'] or '?'}); "
            "a decision is not taken twice"
        )
    return row


def _decide(
    store: GraphStore, item: dict[str, Any], status: str, decision: dict[str, Any]
) -> dict[str, Any]:
    """Keep the decision on the item; the item as it now is (its status, time and decision,
    as ``items`` lists them)."""
    at = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    kept = json.dumps(decision, ensure_ascii=False, sort_keys=True)
    decided = {"status": status, "decision": kept}
    store.write(cypher.REVIEW_DECIDE, {"id": item["id"], "decided_at": at, **decided})
    return {**item, **decided, "decided_at": at.isoformat()}


def _batch(store: GraphStore, item: dict[str, Any]) -> Batch:
    """A batch citing the item's source as it is stored (not a stand-in, which would merge
    into it and leave its id as an alias)."""
    source_id = item["source"]
    rows = store.read(cypher.node("Source"), {"id": source_id})
    if not rows:
        raise NotFound(f"the source {source_id!r} of this item is no longer in the graph")
    props = {k: v for k, v in rows[0]["n"].items() if not k.startswith("_") and v is not None}
    source = NodeRow(label="Source", props=store.model.validate_node("Source", props))
    return Batch(source=source, model=store.model)


def reject(store: GraphStore, item_id: str) -> dict[str, Any]:
    return _decide(store, _item(store, item_id), "rejected", {})


def merge(store: GraphStore, item_id: str, *, into: str) -> dict[str, Any]:
    """Record the item's wording as an alias of ``into`` (an id or a name)."""
    item = _item(store, item_id)
    if item["kind"] == "engagement":
        return _merge_engagement(store, item, into)
    target = find_entity(store, into)
    batch = _batch(store, item)
    batch.add_node(
        target.label,
        {"id": target.id, "name": target.name, "aliases": [item["text"]]},
        Mention(evidence=item["evidence"], wording=item["text"]),
    )
    store.write_batch(batch)
    return {**_decide(store, item, "merged", {"into": target.id}), "into": target.id}


def accept(
    store: GraphStore,
    item_id: str,
    *,
    label: str | None = None,
    country: str | None = None,
    name: str | None = None,
    date: str | None = None,
    direction: str | None = None,
    roles: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Create the entity the item names. A city needs its country (ISO code or name).
    ``label`` and ``name`` correct what the ingest proposed; the source's wording stays an
    alias. For a proposed engagement, ``label``, ``name``, ``date`` (YYYY[-MM[-DD]], "" for
    none), ``direction`` (incoming, outgoing, third-place, "" for none) and ``roles`` (a
    party's id and its role) correct it before it is written."""
    item = _item(store, item_id)
    if item["kind"] == "engagement":
        fix = Correction(label=label, name=name, date=date, direction=direction, roles=roles or {})
        return _accept_engagement(store, item, fix)
    if date is not None or direction is not None or roles:
        raise ValidationError(
            f"{item['text']!r} is a name, not an engagement: a date, direction or role does not "
            "apply; correct its --label, --name or --country"
        )
    actors = store.model.actor_labels
    if label and label not in actors:
        raise ValidationError(f"{label!r} is not a kind of partner; use {', '.join(actors)}")
    name = (name or "").strip() or None
    if name and len(name) > 200:
        raise ValidationError("a name has at most 200 characters")
    label = label or item["label"]
    if not label:
        raise ValidationError(f"say what {item['text']!r} is: --label {'/'.join(actors)}")
    props: dict[str, Any]
    if item.get("proposal"):
        props = json.loads(item["proposal"])
    elif label == "City":
        ref = COUNTRIES.lookup(country) if country else None
        if ref is None:
            raise ValidationError(
                f"a city needs its country: --country CODE (for {item['text']!r})"
            )
        cities = CITIES.lookup(item["text"], ref.iso2)
        props = (
            cities[0].props()
            if cities
            else {
                "id": f"{slug(item['text'])}-{ref.id}",
                "name": item["text"],
                "country_code": ref.iso2,
            }
        )
    else:
        props = {"id": slug(item["text"]), "name": item["text"]}
        if (
            country
            and (ref := COUNTRIES.lookup(country))
            and "country_code" in store.model.label(label).properties
        ):
            props["country_code"] = ref.iso2
    if name and name != props.get("name"):
        props = {**props, "name": name, "aliases": [*props.get("aliases", []), item["text"]]}
        if label != "City":
            props["id"] = slug(name)
    batch = _batch(store, item)
    row = batch.add_node(label, props, Mention(evidence=item["evidence"], wording=item["text"]))
    store.write_batch(batch)
    decision = {"label": label, "id": row.id, "name": props["name"]}
    return {**_decide(store, item, "accepted", decision), "created": row.id, "label": label}


def _proposal(store: GraphStore, item: dict[str, Any]) -> Proposal:
    if not item.get("proposal"):
        raise ValidationError(f"review item {item['id']} holds no engagement to write")
    return Proposal.from_json(item["proposal"], model=store.model)


def _accept_engagement(store: GraphStore, item: dict[str, Any], fix: Correction) -> dict[str, Any]:
    """Write the proposed engagement as corrected, citing its article; a person decided it, so
    it carries no reader's confidence."""
    proposal = _proposal(store, item).corrected(fix, model=store.model)
    batch = _batch(store, item)
    proposal.write(batch, confidence=False)
    store.write_batch(batch)
    decision = {"label": proposal.label, "id": proposal.id, "name": proposal.props["name"]}
    changed = {k: v for k, v in vars(fix).items() if v not in (None, {})}
    if changed:
        decision["corrected"] = changed
    decided = _decide(store, item, "accepted", decision)
    return {**decided, "created": proposal.id, "label": proposal.label}


def _merge_engagement(store: GraphStore, item: dict[str, Any], into: str) -> dict[str, Any]:
    """The proposed engagement is one the graph holds: the article becomes one more of its
    sources, and the proposal's parties take part in it as the article says."""
    proposal = _proposal(store, item)
    target = None
    for label in store.model.engagement_labels:
        rows = store.read(cypher.node(label), {"id": into})
        if rows:
            target = (label, rows[0]["n"])
            break
    if target is None:
        raise NotFound(
            f"no engagement {into!r} in the graph; give the id from its page or from "
            "'partnergraph history PARTNER'"
        )
    label, node = target
    props = {k: v for k, v in node.items() if not k.startswith("_") and v is not None}
    same = Proposal(
        label=label,
        props=store.model.validate_node(label, props),
        mentions=proposal.mentions,
        parties=proposal.parties,
    )
    batch = _batch(store, item)
    same.write(batch, confidence=False)
    store.write_batch(batch)
    return {**_decide(store, item, "merged", {"into": same.id}), "into": same.id}
