"""FollowTheMoney entities (JSON lines), for Aleph, OpenSanctions' tools and nomenklatura.

Mapping: countries and cities become ``PublicBody`` (the partner is the government),
companies ``Company``, organisations ``Organization``, people ``Person``, visits, events and
agreements ``Event`` (participants as ``involved``, organisers as ``organizer``), sources
``Document``. Relationships: ``MEMBER_OF`` → ``Membership``, ``HOLDS_POSITION`` →
``Directorship``, twinning, investment, working relations and ``PART_OF`` → ``UnknownLink`` with
a role. Provenance: every entity and link has ``proof`` (its source documents) and every
statement of a node a ``Documentation`` (the document, the entity, the evidence sentence).
Sectors and aggregate figures have no FtM schema and are left out. The label -> schema mapping
is the schema's ``ftm`` facet (graph/schema.yaml).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterator
from typing import IO, Any

import yaml


@contextlib.contextmanager
def _libyaml() -> Iterator[None]:
    """``yaml.safe_load`` through libyaml's parser while FollowTheMoney reads its 71 schema
    files at import (its own call is the pure-Python parser: a third of the import's CPU).
    The same loader's constructor and resolver, so the same model."""
    safe_load = yaml.safe_load
    if getattr(yaml, "__with_libyaml__", False):
        yaml.safe_load = lambda stream: yaml.load(stream, Loader=yaml.CSafeLoader)
    try:
        yield
    finally:
        yaml.safe_load = safe_load


with _libyaml():
    from followthemoney import model as ftm
    from followthemoney.proxy import EntityProxy

from graph.batch import RelRow  # noqa: E402
from graph.schema import Model  # noqa: E402
from graph.stores.base import GraphStore  # noqa: E402

__all__ = ["write_ftm"]

_LINKS = {
    "TWINNED_WITH": "sister city",
    "INVESTS_IN": "investor",
    "WORKS_WITH": "works with",
    "PART_OF": "part of",
}


#: One encoder for every line (``json.dumps`` with options builds one per call).
_encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode


def _id(node_id: str) -> str:
    return f"pg-{node_id}"


def _link_id(*parts: Any) -> str:
    return "pg-" + hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:20]


def write_ftm(store: GraphStore, out: IO[str]) -> int:
    """Write the entities as JSON lines; return how many. Three steps: the nodes that have an
    FtM schema (the labels' ``ftm`` facet in ``store.model``), the relationships between them
    (and the provenance they carry), and the documentation of every node's evidence."""
    model = store.model
    entities, country_of = _entities(store, model)
    links: list[EntityProxy] = []
    evidence: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    for rel_type in model.rels:
        for r in store.iter_rels(rel_type):
            link = _relationship(rel_type, r, entities, country_of, evidence)
            if link is not None:
                links.append(link)
    links += _documentation(evidence)
    count = 0
    for e in [*entities.values(), *links]:
        out.write(_encode(e.to_dict()) + "\n")
        count += 1
    return count


def _entities(store: GraphStore, model: Model) -> tuple[dict[str, EntityProxy], dict[str, str]]:
    """Every node of a label with an ``ftm`` facet as an entity (by FtM id), and the country
    code of each node that has one (by node id)."""
    entities: dict[str, EntityProxy] = {}
    country_of: dict[str, str] = {}
    for label, schema in model.ftm_schemas.items():
        for node in store.iter_nodes(label):
            e = _entity(schema, node.id, node.props)
            code = node.id if label == "Country" else node.props.get("iso2")
            code = code or node.props.get("country_code")
            if code:
                e.add("country", str(code).lower())
                country_of[node.id] = str(code).lower()
            entities[_id(node.id)] = e
    return entities, country_of


def _entity(schema: str, node_id: str, p: dict[str, Any]) -> EntityProxy:
    e = ftm.make_entity(schema)
    e.id = _id(node_id)
    if schema == "Document":
        e.add("title", p.get("name"))
        e.add("sourceUrl", p.get("url"))
        e.add("publisher", p.get("publisher"))
        e.add("publishedAt", p.get("published"))
        e.add("language", p.get("language"))
        e.add("fileName", p.get("file"))
    else:
        e.add("name", p.get("name"))
        names = [p.get("name_vi"), *(p.get("aliases") or [])]
        e.add("alias", [n for n in names if n and n != p.get("name")])
        e.add("description", p.get("description"))
    if schema == "Person":
        e.add("position", [p.get("title"), p.get("title_vi")])
    if schema == "Event" and p.get("date"):
        precision = {"year": 4, "month": 7}.get(p.get("date_precision") or "day", 10)
        e.add("date", str(p["date"])[:precision])
    return e


def _relationship(
    rel_type: str,
    r: RelRow,
    entities: dict[str, EntityProxy],
    country_of: dict[str, str],
    evidence: dict[str, list[tuple[str, str | None]]],
) -> EntityProxy | None:
    """A relationship as a link entity, or as properties of its ends (participation, place,
    proof: None is returned); one whose end has no FtM schema is left out."""
    a, b, props = _id(r.from_id), _id(r.to_id), r.props
    source = _id(props["source"]) if props.get("source") else None
    if rel_type == "SOURCED_FROM":
        if a in entities:
            entities[a].add("proof", b)
            evidence[a].append((b, props.get("evidence")))
        return None
    if a not in entities or b not in entities:
        return None  # sectors and figures have no FtM schema
    if rel_type == "PARTICIPATED_IN":
        entities[b].add("involved", a)
        if props.get("role") == "organiser":
            entities[b].add("organizer", a)
        if source:
            entities[b].add("proof", source)
        return None
    if rel_type == "LOCATED_IN":
        if entities[a].schema.is_a("Event") and r.to_id in country_of:
            entities[a].add("country", country_of[r.to_id])
        return None
    if rel_type == "MEMBER_OF":
        link = ftm.make_entity("Membership")
        link.add("member", a)
        link.add("organization", b)
    elif rel_type == "HOLDS_POSITION":
        link = ftm.make_entity("Directorship")
        link.add("director", a)
        link.add("organization", b)
        link.add("role", props.get("title"))
    elif rel_type in _LINKS:
        link = ftm.make_entity("UnknownLink")
        link.add("subject", a)
        link.add("object", b)
        link.add("role", _LINKS[rel_type])
        details = [f"{k}={props[k]}" for k in ("rank", "amount", "unit", "period") if props.get(k)]
        link.add("description", "; ".join(details) or None)
    else:
        return None
    link.id = _link_id(rel_type, r.from_id, r.to_id, props.get("source"))
    link.add("proof", source)
    link.add("summary", props.get("evidence"))
    return link


def _documentation(evidence: dict[str, list[tuple[str, str | None]]]) -> list[EntityProxy]:
    """A Documentation per node and evidence sentence: the document, the entity, the quote."""
    out = []
    for entity_id, quotes in evidence.items():
        for document, sentence in quotes:
            doc = ftm.make_entity("Documentation")
            doc.id = _link_id("doc", entity_id, document, sentence)
            doc.add("entity", entity_id)
            doc.add("document", document)
            doc.add("role", "evidence")
            doc.add("summary", sentence)
            out.append(doc)
    return out
