"""Entity resolution: which node a name in a source means, or that nobody can tell.

Names are compared folded (no case, no diacritics), against the graph's names and aliases
first, then the reference data (countries, cities), then with one typo allowed (two in long
names), which catches the sources' "Roterdam", "Isarel" and "Ramussen". Several candidates,
or none, is an answer too: the caller sends those to the review queue instead of guessing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from rapidfuzz import process
from rapidfuzz.distance import OSA

from graph import cypher
from graph.schema import Model
from graph.stores.base import GraphStore
from graph.text import fold
from ingest.reference import CITIES, COUNTRIES

__all__ = ["Candidate", "Resolution", "Resolver"]

How = Literal["graph", "reference", "fuzzy"]
_NAMED = {"actor", "topic"}


@dataclass(frozen=True)
class Candidate:
    id: str
    label: str
    name: str
    how: How
    props: dict[str, Any] | None = field(default=None, compare=False, hash=False)
    """For a reference hit not yet in the graph: the node to create."""


@dataclass(frozen=True)
class Resolution:
    status: Literal["match", "ambiguous", "none"]
    candidates: tuple[Candidate, ...] = ()

    @property
    def best(self) -> Candidate:
        return self.candidates[0]


class Resolver:
    """Resolves names against a store's nodes and the reference data, with the store's model
    (the labels it may answer, and which of them hold names); without a store (no graph yet:
    the reference data only), the model it is given."""

    def __init__(self, store: GraphStore | None = None, *, model: Model | None = None) -> None:
        if model is None:
            if store is None:
                raise TypeError("a Resolver needs a store or a model")
            model = store.model
        self.model = model
        self._index: dict[str, dict[str, tuple[str, str]]] = {}
        self._labels: dict[str, str] = {}
        self._countries: dict[str, str] = {}
        self._names: dict[str, list[str]] = {}
        self._by_length: dict[int, list[str]] | None = None
        """Names by length: a name within an edit distance of 2 is within 2 of its length."""
        self._near: dict[tuple[str, frozenset[str]], dict[str, tuple[str, str]]] = {}
        """Fuzzy answers already given (an article names the same thing many times)."""
        if store is not None:
            for label in self.named_labels:
                for row in store.read(cypher.names_of_label(store.model, label)):
                    names = [row["name"], row["name_vi"], *(row["aliases"] or [])]
                    self.add(row["id"], label, row["name"], names, country=row["country_code"])

    @property
    def named_labels(self) -> list[str]:
        """The labels whose names an article may mention: actors and topics."""
        return [n for n in self.model.domain_labels if self.model.labels[n].group in _NAMED]

    def add(
        self,
        node_id: str,
        label: str,
        name: str,
        names: Iterable[str | None],
        *,
        country: str | None = None,
    ) -> None:
        self._labels[node_id] = label
        self._near.clear()
        if country:
            self._countries[node_id] = country
        known = self._names.setdefault(node_id, [])
        for n in names:
            if n:
                key = fold(n)
                if key not in self._index and self._by_length is not None:
                    self._by_length.setdefault(len(key), []).append(key)
                self._index.setdefault(key, {})[node_id] = (label, name)
                if n not in known:
                    known.append(n)

    def names_of(self, node_id: str) -> list[str]:
        """Every name and alias the graph (or this ingest) gives the node."""
        return list(self._names.get(node_id, []))

    def country_of(self, node_id: str) -> str | None:
        return self._countries.get(node_id)

    def label_of(self, node_id: str) -> str | None:
        return self._labels.get(node_id)

    def resolve(
        self,
        text: str,
        labels: Iterable[str] | None = None,
        *,
        country: str | None = None,
        fuzzy: bool = True,
    ) -> Resolution:
        allowed = set(labels) if labels is not None else set(self.model.domain_labels)
        key = fold(text)
        hits = self._graph_hits(key, allowed)
        if country:  # a place in another country is another place
            hits = {i: v for i, v in hits.items() if self._countries.get(i, country) == country}
        if hits:
            return _answer(hits, "graph")
        if "Country" in allowed and (ref := COUNTRIES.lookup(text)):
            cand = Candidate(ref.id, "Country", ref.name, "reference", ref.props())
            return Resolution("match", (self._prefer_graph(cand),))
        if "City" in allowed and (cities := CITIES.lookup(text, country)):
            top = cities[0]
            rivals = [c for c in cities[1:] if c.population * 5 > top.population]
            if rivals and not country:
                cands = tuple(
                    Candidate(c.id, "City", f"{c.name} ({c.country_code})", "reference", c.props())
                    for c in [top, *rivals]
                )
                return Resolution("ambiguous", cands)
            cand = Candidate(top.id, "City", top.name, "reference", top.props())
            return Resolution("match", (self._prefer_graph(cand),))
        close = self._fuzzy(key, allowed) if fuzzy else {}
        if close:
            return _answer(close, "fuzzy")
        return Resolution("none")

    def _graph_hits(self, key: str, allowed: set[str]) -> dict[str, tuple[str, str]]:
        return {i: v for i, v in self._index.get(key, {}).items() if v[0] in allowed}

    def _prefer_graph(self, cand: Candidate) -> Candidate:
        if cand.id in self._labels:
            return Candidate(cand.id, cand.label, cand.name, "graph")
        return cand

    def _fuzzy(self, key: str, allowed: set[str]) -> dict[str, tuple[str, str]]:
        if len(key) < 5:
            return {}
        seen = (key, frozenset(allowed))
        if seen not in self._near:
            self._near[seen] = self._fuzzy_scan(key, allowed)
        return self._near[seen]

    def _fuzzy_scan(self, key: str, allowed: set[str]) -> dict[str, tuple[str, str]]:
        budget = 1 if len(key) < 10 else 2
        out: dict[str, tuple[str, str]] = {}
        if self._by_length is None:
            self._by_length = {}
            for name in self._index:
                self._by_length.setdefault(len(name), []).append(name)
        near = [
            name
            for n in range(len(key) - budget, len(key) + budget + 1)
            for name in self._by_length.get(n, ())
        ]
        for name, _, _ in process.extract(
            key, near, scorer=OSA.distance, score_cutoff=budget, limit=None
        ):
            out |= {i: v for i, v in self._index[name].items() if v[0] in allowed}
        if not out and "Country" in allowed:
            for name, code in COUNTRIES.names().items():
                if abs(len(name) - len(key)) <= budget and OSA.distance(key, name) <= budget:
                    ref = COUNTRIES.by_code[code]
                    out[ref.id] = ("Country", ref.name)
        return out


def _answer(hits: dict[str, tuple[str, str]], how: How) -> Resolution:
    cands = []
    for node_id, (label, name) in sorted(hits.items()):
        props = None
        if how == "fuzzy" and label == "Country":
            props = COUNTRIES.by_code[node_id.upper()].props()
        cands.append(Candidate(node_id, label, name, how, props))
    return Resolution("match" if len(cands) == 1 else "ambiguous", tuple(cands))
