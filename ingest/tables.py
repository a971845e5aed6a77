"""CSV files into a batch: the twin-city list (``city1,country1,city2,country2``), or tables of
nodes (``label,id,name,...``) or relationships (``type,from,to,...``) in the records format.

The twin-city list is real and messy: country strings such as "England, United Kingdom",
districts such as "Đống Đa (Hanoi)" or "Tokyo – Taitō", "Suzhou, Jiangsu" next to "Suzhou",
"Vesthimmerland" next to "Vesthimmerlands", rows whose columns slipped, pairs listed from both
ends. A city the graph already holds is matched, not duplicated; one that GeoNames knows is
created with its data; one that neither knows is created from the row (it is a real place in a
real list), unless a city of the same country already read is the same name in another form
(the same words in another order, a trailing "s"). A row whose country cannot be read goes to
the review queue, with its line number. A pair is twinned once per list, whichever way round.
"""

from __future__ import annotations

import hashlib
import math
import re
from pathlib import Path
from typing import Any

from graph.batch import Batch, Mention, NodeRow, ReviewRow
from graph.errors import InputError, ValidationError
from graph.schema import Model
from graph.text import fold, slug
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


def twin_source(rows: list[list[str]], *, path: Path, model: Model) -> NodeRow:
    """The Source node of a twin-city list, checked against ``model``; its id follows the
    content."""
    digest = hashlib.sha256("\n".join(",".join(r) for r in rows).encode()).hexdigest()
    props = {"id": f"twin-cities-{digest[:8]}", "file": path.name, "sha256": digest, **TWIN_SOURCE}
    return NodeRow(label="Source", props=model.validate_node("Source", props))


def _twin_batch(rows: list[list[str]], *, path: Path, resolver: Resolver) -> Batch:
    batch = Batch(source=twin_source(rows, path=path, model=resolver.model), model=resolver.model)
    cities: dict[tuple[str, str], str] = {}
    added: set[str] = set()
    forms = _Forms()
    pairs: set[frozenset[str]] = set()

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
        node_id, props, known = _city(name, country.iso2, resolver)
        same = forms.same(props) if not known else None
        if same is not None:  # another form of a name already read: one city, one more alias
            forms.alias(same, name)
            node_id = same
        if node_id not in added:
            row = batch.add_node(
                "City", props, Mention(evidence=evidence, offset=line, wording=name)
            )
            forms.add(row.props, row)
            if not known:  # the graph already says where a city it holds is
                batch.add_rel(
                    "LOCATED_IN",
                    from_label="City",
                    from_id=node_id,
                    to_label="Country",
                    to_id=country.id,
                    props={"evidence": evidence, "offset": line, "wording": country_text},
                )
            added.add(node_id)
        elif not known:
            forms.alias(node_id, name)  # "Suzhou, Jiangsu" is a name of Suzhou
        cities[key] = node_id
        return node_id

    for line, row in enumerate(rows[1:], start=2):
        if len(row) != 4:
            raise ValidationError(f"{path}, line {line}: {len(row)} fields; a row has 4")
        evidence = ",".join(row)
        a = city(row[0].strip(), row[1].strip(), line, evidence)
        b = city(row[2].strip(), row[3].strip(), line, evidence)
        if a and b and a != b and frozenset((a, b)) not in pairs:
            pairs.add(frozenset((a, b)))  # symmetric: "Esbjerg, Ely" and "Ely, Esbjerg" once
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


def _city(name: str, iso2: str, resolver: Resolver) -> tuple[str, dict[str, Any], bool]:
    """The id and properties of a city, and whether the graph already holds it: the graph's,
    GeoNames', or from the row itself. "Suzhou, Jiangsu" is Suzhou when Jiangsu is a province
    of its country and GeoNames says which Suzhou (a city of that name there, or the one whose
    names mention the province); "Tokyo – Taitō" is Taitō when GeoNames knows it."""
    district = re.match(r"^(.*?)\s*\((.+)\)$", name)
    dashed = re.match(r"^(.+?)\s+[–-]\s+(.+)$", name)
    comma = re.match(r"^(.+?),\s*(.+)$", name)
    plain = district.group(1) if district else name
    if dashed and CITIES.lookup(dashed.group(2), iso2):
        plain = dashed.group(2)
    region = comma.group(2) if comma and CITIES.subdivision(comma.group(2), iso2) else None
    if comma and region:
        refs = [r for r in CITIES.lookup(comma.group(1), iso2) if r.name == comma.group(1)]
        named = [r for r in refs if any(fold(region) in fold(a) for a in r.aliases)]
        if named or len({r.geonames_id for r in refs}) == 1:
            plain = comma.group(1)
    found = resolver.resolve(plain, ["City"], country=iso2, fuzzy=False)
    if found.status == "match" and found.best.how == "graph":
        known: dict[str, Any] = {"id": found.best.id, "name": found.best.name, "country_code": iso2}
        return found.best.id, known, True
    refs = CITIES.lookup(plain, iso2)
    if comma and region and plain != name:
        refs = [r for r in refs if any(fold(region) in fold(a) for a in r.aliases)] or refs
    if refs:
        props = refs[0].props()
        if refs[0].name != name:
            props["aliases"] = [name, *props["aliases"]]
        return props["id"], props, False
    node_id = f"{slug(name)}-{iso2.lower()}"
    props = {"id": node_id, "name": name, "country_code": iso2, "kind": "city"}
    if district:
        props |= {"kind": "district", "description": f"In {district.group(2)}"}
    return node_id, props, False


class _Forms:
    """Cities read so far by the forms of their names, per country: the same words in any
    order ("Haaren – Esch", "Esch (Haaren)") and a long name without its trailing "s"
    ("Vesthimmerlands"). Two with coordinates more than 25 km apart, or populations more
    than twice apart, are two places."""

    def __init__(self) -> None:
        self.by_key: dict[tuple[str, str], dict[str, Any]] = {}
        self.rows: dict[str, Any] = {}

    @staticmethod
    def _keys(props: dict[str, Any]) -> list[tuple[str, str]]:
        words = sorted(w for w in re.split(r"[^a-z0-9]+", fold(str(props["name"]))) if w)
        cc = str(props.get("country_code") or "")
        keys = [(cc, " ".join(words))] if len(words) > 1 else []
        if len(words) == 1 and len(words[0]) >= 8:
            keys.append((cc, words[0].removesuffix("s")))
        return keys

    def same(self, props: dict[str, Any]) -> str | None:
        for key in self._keys(props):
            other = self.by_key.get(key)
            if other is not None and other["id"] != props["id"] and _near(other, props):
                return str(other["id"])
        return None

    def add(self, props: dict[str, Any], row: Any) -> None:
        for key in self._keys(props):
            self.by_key.setdefault(key, props)
        self.rows[str(props["id"])] = row

    def alias(self, node_id: str, name: str) -> None:
        row = self.rows.get(node_id)
        if row is not None and name != row.props["name"]:
            aliases = row.props.setdefault("aliases", [])
            if name not in aliases:
                aliases.append(name)


def _near(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if a.get("latitude") is not None and b.get("latitude") is not None:
        dy = math.radians(a["latitude"] - b["latitude"])
        dx = math.radians(a["longitude"] - b["longitude"]) * math.cos(math.radians(a["latitude"]))
        if 6371 * math.hypot(dx, dy) > 25:
            return False
    pa, pb = a.get("population"), b.get("population")
    return not (pa and pb and max(pa, pb) > 2 * min(pa, pb))


def _review(text: str, line: int, evidence: str) -> ReviewRow:
    return ReviewRow(
        kind="unresolved", label="City", text=f"line {line}: {text}", evidence=evidence
    )
