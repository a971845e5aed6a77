"""CSV files into a batch: the twin-city list (``city1,country1,city2,country2``), or tables of
nodes (``label,id,name,...``) or relationships (``type,from,to,...``) in the records format.

The twin-city list is real and messy: country strings such as "England, United Kingdom",
districts such as "Đống Đa (Hanoi)", rows whose columns slipped. A city the graph already
holds is matched, not duplicated; one that GeoNames knows is created with its data; one that
neither knows is created from the row (it is a real place in a real list). A row whose
country cannot be read goes to the review queue, with its line number.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from graph.batch import Batch, Mention, NodeRow, ReviewRow
from graph.errors import InputError, ValidationError
from graph.schema import MODEL
from graph.text import slug
from ingest.records import records_batch
from ingest.reference import CITIES, COUNTRIES, CountryRef
from ingest.resolve import Resolver

__all__ = ["TWIN_HEADER", "csv_batch", "csv_kind", "twin_source"]

TWIN_HEADER = ["city1", "country1", "city2", "country2"]
TWIN_SOURCE = {
    "name": "Twin towns and sister cities (Wikipedia lists)",
    "kind": "dataset",
    "url": "https://en.wikipedia.org/wiki/Lists_of_twin_towns_and_sister_cities",
    "publisher": "Wikipedia contributors",
    "license": "CC BY-SA 4.0",
    "language": "en",
    "description": "Collected by the Hekman/twincities project (MIT), file twin_cities_raw.csv.",
}


def csv_kind(rows: list[list[str]], path: Path) -> str:
    """Which kind of table this is by its header, or :class:`InputError` naming the header."""
    if not rows:
        raise InputError(f"{path}: the CSV has no header row")
    names = [h.strip().lower() for h in rows[0]]
    header = set(names)
    if len(header) < len(names):
        twice = next(h for i, h in enumerate(names) if h in names[:i])
        raise InputError(
            f"{path}, line 1: the column {twice!r} is given twice; keep one (otherwise the "
            "last one wins)"
        )
    if names == TWIN_HEADER:
        return "twins"
    if {"label", "id"} <= header:
        return "nodes"
    if {"type", "from", "to"} <= header:
        return "rels"
    raise InputError(
        f"{path}, line 1: unknown CSV header {','.join(rows[0])!r}; give "
        f"{','.join(TWIN_HEADER)} (sister cities), label,id,name,... (nodes) or "
        "type,from,to,... (relationships), each with a source column"
    )


def csv_batch(rows: list[list[str]], *, path: Path, resolver: Resolver) -> Batch:
    kind = csv_kind(rows, path)
    if kind == "twins":
        return _twin_batch(rows, path=path, resolver=resolver)
    header = [h.strip().lower() for h in rows[0]]
    return _table_batch(rows, header, path=path, resolver=resolver, kind=kind)


def _table_batch(
    rows: list[list[str]], header: list[str], *, path: Path, resolver: Resolver, kind: str
) -> Batch:
    """A table of nodes or relationships; its source is named by the ``source`` column (one
    source per file) and described by the file name."""
    entries: list[dict[str, Any]] = []
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            raise ValidationError(
                f"{path}, line {line}: {len(row)} fields, the header has {len(header)}"
            )
        entry: dict[str, Any] = {h: v for h, v in zip(header, row, strict=True) if v != ""}
        if "aliases" in entry:
            entry["aliases"] = [a.strip() for a in entry["aliases"].split("|") if a.strip()]
        entries.append(entry)
    sources = {e.pop("source", None) for e in entries}
    if len(sources) != 1 or None in sources:
        raise ValidationError(
            f"{path}: every row needs the same value in a 'source' column (the id of the "
            "source its facts come from)"
        )
    source_id = str(sources.pop())
    data = {"source": {"id": source_id, "name": path.stem}, kind: entries}
    return records_batch(data, path=path, resolver=resolver, first_line=2)


def twin_source(rows: list[list[str]], *, path: Path) -> NodeRow:
    """The Source node of a twin-city list; its id follows the content."""
    digest = hashlib.sha256("\n".join(",".join(r) for r in rows).encode()).hexdigest()
    props = {"id": f"twin-cities-{digest[:8]}", "file": path.name, "sha256": digest, **TWIN_SOURCE}
    return NodeRow(label="Source", props=MODEL.validate_node("Source", props))


def _twin_batch(rows: list[list[str]], *, path: Path, resolver: Resolver) -> Batch:
    batch = Batch(source=twin_source(rows, path=path))
    cities: dict[tuple[str, str], str] = {}
    added: set[str] = set()

    def city(name: str, country_text: str, line: int, evidence: str) -> str | None:
        if not country_text and ", " in name:  # a slipped row: "Varna, Bulgaria",""
            name, country_text = (part.strip() for part in name.rsplit(", ", 1))
        country = _country(country_text, resolver)
        if country is None:
            batch.reviews.append(
                _review(f"unknown country {country_text!r} for {name!r}", line, evidence)
            )
            return None
        key = (name, country.iso2)
        if key in cities:
            return cities[key]
        if country.id not in added:
            batch.add_node("Country", country.props(), Mention(evidence=evidence, offset=line))
            added.add(country.id)
        node_id, props = _city(name, country.iso2, resolver)
        if node_id not in added:
            batch.add_node("City", props, Mention(evidence=evidence, offset=line, wording=name))
            batch.add_rel(
                "LOCATED_IN",
                from_label="City",
                from_id=node_id,
                to_label="Country",
                to_id=country.id,
                props={"evidence": evidence, "offset": line, "wording": country_text},
            )
            added.add(node_id)
        cities[key] = node_id
        return node_id

    for line, row in enumerate(rows[1:], start=2):
        if len(row) != 4:
            raise ValidationError(f"{path}, line {line}: {len(row)} fields; a row has 4")
        evidence = ",".join(row)
        a = city(row[0].strip(), row[1].strip(), line, evidence)
        b = city(row[2].strip(), row[3].strip(), line, evidence)
        if a and b and a != b:
            batch.add_rel(
                "TWINNED_WITH",
                from_label="City",
                from_id=a,
                to_label="City",
                to_id=b,
                props={"evidence": evidence, "offset": line},
            )
    return batch


def _country(text: str, resolver: Resolver) -> CountryRef | None:
    """A country by any of its names, or with one typo ("Grece", "Kazakhstah")."""
    found = COUNTRIES.lookup(text)
    if found is None and text:
        res = resolver.resolve(text, ["Country"])
        if res.status == "match":
            found = COUNTRIES.by_code.get(res.best.id.upper())
    return found


def _city(name: str, iso2: str, resolver: Resolver) -> tuple[str, dict[str, Any]]:
    """The id and properties of a city: the graph's, GeoNames', or from the row itself."""
    district = re.match(r"^(.*?)\s*\((.+)\)$", name)
    plain = district.group(1) if district else name
    found = resolver.resolve(plain, ["City"], country=iso2, fuzzy=False)
    if found.status == "match" and found.best.how == "graph":
        return found.best.id, {"id": found.best.id, "name": found.best.name, "country_code": iso2}
    refs = CITIES.lookup(plain, iso2)
    if refs:
        props = refs[0].props()
        if refs[0].name != name:
            props["aliases"] = [name, *props["aliases"]]
        return props["id"], props
    node_id = f"{slug(name)}-{iso2.lower()}"
    props = {"id": node_id, "name": name, "country_code": iso2, "kind": "city"}
    if district:
        props |= {"kind": "district", "description": f"In {district.group(2)}"}
    return node_id, props


def _review(text: str, line: int, evidence: str) -> ReviewRow:
    return ReviewRow(
        kind="unresolved", label="City", text=f"line {line}: {text}", evidence=evidence
    )
