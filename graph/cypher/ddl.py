"""The schema as each store's DDL: LadybugDB's tables, Neo4j 5's constraints and indexes
(for the Neo4j store and the Cypher script export). Both are safe to run again."""

from __future__ import annotations

from graph.cypher.names import ident
from graph.schema import Model

__all__ = ["ddl", "neo4j_schema"]


def ddl(model: Model) -> list[str]:
    """LadybugDB DDL for every label and relationship type of ``model``, safe to run again."""
    out: list[str] = []
    for lab in model.labels.values():
        cols = ", ".join(f"{ident(p)} {prop.type}" for p, prop in lab.properties.items())
        out.append(f"CREATE NODE TABLE IF NOT EXISTS {ident(lab.name)}({cols}, PRIMARY KEY(`id`))")
    for rel in model.rels.values():
        pairs = ", ".join(
            f"FROM {ident(a)} TO {ident(b)}" for a in rel.from_labels for b in rel.to_labels
        )
        cols = "".join(f", {ident(p)} {prop.type}" for p, prop in rel.properties.items())
        out.append(f"CREATE REL TABLE IF NOT EXISTS {ident(rel.name)}({pairs}{cols})")
    return out


# The same schema in Neo4j's dialect: constraints and indexes for the Neo4j store and the
# Cypher script export, written to Neo4j 5 (CREATE CONSTRAINT ... FOR ... REQUIRE).


def neo4j_schema(model: Model) -> list[str]:
    """Uniqueness of ``id`` for every label, indexes on names and country codes, and on the
    source of every relationship type; safe to run again."""
    out = []
    for name in model.labels:
        label = ident(name)
        out.append(
            f"CREATE CONSTRAINT {name.lower()}_id IF NOT EXISTS "
            f"FOR (n:{label}) REQUIRE n.id IS UNIQUE"
        )
        if "name" in model.labels[name].properties:
            out.append(
                f"CREATE INDEX {name.lower()}_name IF NOT EXISTS FOR (n:{label}) ON (n.name)"
            )
        if "country_code" in model.labels[name].properties:
            # A country's side, history and opportunities find its cities, companies and
            # bodies by their code (WHERE x.country_code = $cc): a label scan without it.
            out.append(
                f"CREATE INDEX {name.lower()}_country_code IF NOT EXISTS "
                f"FOR (n:{label}) ON (n.country_code)"
            )
    for rel_type, rel in model.rels.items():
        # What a source stated is looked up by it before each write (rel_keys): without the
        # index Neo4j reads every relationship of the type (relationship indexes: 4.3 and later).
        if "source" in rel.properties:
            out.append(
                f"CREATE INDEX {rel_type.lower()}_source IF NOT EXISTS "
                f"FOR ()-[e:{ident(rel_type)}]-() ON (e.source)"
            )
    return out
