"""Finding entities: search by any name (diacritic-insensitive, alias-aware), show one, and the
"side" of an entity (itself, its places, bodies and people).

Search runs over a :class:`NameIndex` of every name, folded, built once per graph version (the
web app keeps one per store; see :func:`keep_index`): exact names by a dict, prefixes and word
starts by bisection in sorted lists, the rest through trigram lists, so that the work per search
is bounded whatever the graph holds. Scores are those of a full scan (see :func:`_score`).
"""

from __future__ import annotations

import gc
import heapq
import threading
import weakref
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict
from rapidfuzz import fuzz, process

from graph import cypher
from graph.errors import NO_ENTITY, NO_ENTITY_CLOSE, NotFound, ValidationError
from graph.schema import Model
from graph.stores.base import GraphStore
from graph.text import fold

__all__ = [
    "MAX_SEARCH_TEXT",
    "EntitySource",
    "EntityView",
    "NameIndex",
    "Neighbour",
    "SearchHit",
    "find_entity",
    "keep_index",
    "name_index",
    "refresh_index",
    "search",
    "show",
    "side",
]

MAX_SEARCH_TEXT = 200
"""Longest search text (characters): no name is longer, and longer texts only cost time."""

_END = "\U0010ffff"  # sorts after every character: [key, key + _END) holds what starts with key
_SCAN = 2_000  # most names one search reads from a prefix or word-start list
_RARE = 5_000  # a trigram in more names than this cannot narrow a "contains" search
_FUZZY_READ = 10_000  # most trigram list entries one search counts for close matches
_FUZZY_POOL = 500  # names sharing the most trigrams that are scored for close matches
# Letters beyond the text's own that lower a prefix's or a containing name's score, at most:
# longer names than that score the same, and their order is the label's rank, then the name.
_PREFIX_SPAN = 20
_CONTAINED_SPAN = 40
_CLOSE_RATIO = 80  # rapidfuzz's ratio from which a name is close (a score of 60)


class SearchHit(BaseModel):
    id: str
    label: str
    name: str
    name_vi: str | None = None
    country: str | None = None
    """Its country's code (ISO 3166 alpha-2), for a country itself and what has one."""
    country_name: str | None = None
    country_name_vi: str | None = None
    matched: str
    score: float


_CLOSE_BELOW = 76.0  # scores under this are close matches (typos), not the name itself
_ALIAS = 1  # a name's kind: 0 its name in English or Vietnamese, 1 an alias


def _score(key: str, folded: str, kind: int = 0) -> float | None:
    """How well the folded name ``folded`` matches the folded text ``key``: 100 exact (95 an
    alias), about 90 a prefix (shorter names first), about 80 contained, 60-75 close (typos),
    None otherwise."""
    if folded == key:
        return 95.0 if kind == _ALIAS else 100.0
    if folded.startswith(key):
        return 90.0 - min(len(folded) - len(key), _PREFIX_SPAN) * 0.1
    if key in folded:
        return 80.0 - min(len(folded) - len(key), _CONTAINED_SPAN) * 0.1
    if len(key) < 4:
        return None
    ratio = fuzz.ratio(key, folded, score_cutoff=_CLOSE_RATIO)
    return ratio * 0.75 if ratio else None


@dataclass(frozen=True, slots=True)
class _Entity:
    id: str
    label: str
    name: str
    name_vi: str | None
    country: str | None
    names: tuple[tuple[str, str, int], ...]  # (folded, as written, kind), each folded name once


class _Sorted:
    """Keys in sorted order with the entity each belongs to, for prefix look-ups by bisection."""

    def __init__(self, pairs: list[tuple[str, int]]) -> None:
        pairs.sort()
        self.keys = [k for k, _ in pairs]
        self.owners = [e for _, e in pairs]

    def starting(self, key: str) -> Iterator[int]:
        lo = bisect_left(self.keys, key)
        hi = bisect_left(self.keys, key + _END, lo)
        return iter(self.owners[lo:hi])


def _word_starts(folded: str) -> Iterator[int]:
    """Where words after the first begin: "sainte-foy-les-lyon" -> 7, 11, 15."""
    for i in range(1, len(folded)):
        if folded[i].isalnum() and not folded[i - 1].isalnum():
            yield i


def _trigrams(text: str) -> set[str]:
    return {text[i : i + 3] for i in range(len(text) - 2)}


class NameIndex:
    """Every name, Vietnamese name and alias of every searchable entity, folded (about 1 s and
    30 MB for the sample with the twin-city list). ``model`` says which labels are searched
    (the ``searchable`` facet, whose order breaks ties) and which go by acronyms."""

    def __init__(self, rows: Iterable[tuple[str, dict[str, Any]]], model: Model) -> None:
        self.model = model
        rank = {lab: i for i, lab in enumerate(model.searchable_labels)}
        entities = []
        self.countries: dict[str, tuple[str, str | None]] = {}  # code -> names
        for label, row in rows:
            names: dict[str, tuple[str, int]] = {}
            own = [row["name"], row["name_vi"]]
            for i, name in enumerate([*own, *(row["aliases"] or [])]):
                if name and (folded := fold(name)):
                    names.setdefault(folded, (name, 0 if i < len(own) else _ALIAS))
            code: str | None = row["id"] if label == "Country" else row.get("country_code")
            if label == "Country":
                self.countries[row["id"].upper()] = (row["name"], row["name_vi"])
            if names:
                entities.append(
                    _Entity(
                        row["id"],
                        label,
                        row["name"],
                        row["name_vi"],
                        code.upper() if code else None,
                        tuple((f, n, k) for f, (n, k) in names.items()),
                    )
                )
        # Index order is the order of equal scores: label rank, then name.
        entities.sort(key=lambda e: (rank[e.label], e.name or "", e.id))
        self.entities = entities
        self.exact: dict[str, list[int]] = {}
        starts: dict[int, list[tuple[str, int]]] = {}  # by length of the whole folded name
        words: dict[int, list[tuple[str, int]]] = {}
        self.names: list[tuple[str, int]] = []  # (folded, entity) for the trigram lists
        grams: dict[str, list[int]] = {}
        for e, entity in enumerate(entities):
            for folded, _, _ in entity.names:
                self.exact.setdefault(folded, []).append(e)
                starts.setdefault(len(folded), []).append((folded, e))
                for i in _word_starts(folded):
                    words.setdefault(len(folded), []).append((folded[i:], e))
                n = len(self.names)
                self.names.append((folded, e))
                for gram in _trigrams(f"  {folded} "):
                    grams.setdefault(gram, []).append(n)
        self.grams = grams
        self.starts = sorted((length, _Sorted(pairs)) for length, pairs in starts.items())
        self.words = sorted((length, _Sorted(pairs)) for length, pairs in words.items())

    @classmethod
    def build(cls, store: GraphStore) -> NameIndex:
        return cls(
            (
                (label, row)
                for label in store.model.searchable_labels
                for row in store.read(cypher.names_of_label(store.model, label))
            ),
            store.model,
        )

    def search(
        self, text: str, *, limit: int = 20, labels: Iterable[str] | None = None
    ) -> list[SearchHit]:
        """See :func:`search`."""
        _check_length(text)
        key = fold(text)
        if not key:
            return []
        wanted = set(labels) if labels else None
        # Stages in falling order of score (exact 100, prefix 88-90, contains 76-80, close
        # 60-75): one that finds ``limit`` entities leaves nothing for the later ones.
        found = {e for e in self.exact.get(key, ()) if self._wanted(e, wanted)}
        found |= self._starting(self.starts, _PREFIX_SPAN, key, wanted, limit)
        if len(found) < limit:
            found |= self._starting(self.words, _CONTAINED_SPAN, key, wanted, limit)
            if len(key) >= 3:
                found |= self._containing(key, wanted, limit)
        if len(found) < limit and len(key) >= 4:
            found |= self._close(key, wanted)
        # An acronym ("KOTRA", "JETRO") names what goes by one (the schema's `acronyms`: an
        # organisation or company) before a place.
        word = text.strip()
        acronym = word.isalpha() and word.isupper() and 2 <= len(word) <= 8
        hits = []
        for e in found:
            entity = self.entities[e]
            scored = [
                (s, name)
                for folded, name, kind in entity.names
                if (s := _score(key, folded, kind)) is not None
            ]
            if scored:
                score, matched = max(scored, key=lambda sm: sm[0])
                first = acronym and self.model.labels[entity.label].acronyms
                hits.append((not first, -round(score, 1), e, matched))
        # Typos only when nothing has the name itself: "dan mach" is Đan Mạch, not Damascus.
        if any(-h[1] >= _CLOSE_BELOW for h in hits):
            hits = [h for h in hits if -h[1] >= _CLOSE_BELOW]
        return [
            self._hit(e, matched, -score) for _, score, e, matched in heapq.nsmallest(limit, hits)
        ]

    def _hit(self, e: int, matched: str, score: float) -> SearchHit:
        entity = self.entities[e]
        country = self.countries.get(entity.country or "", (None, None))
        return SearchHit(
            id=entity.id,
            label=entity.label,
            name=entity.name,
            name_vi=entity.name_vi,
            country=entity.country,
            country_name=country[0],
            country_name_vi=country[1],
            matched=matched,
            score=score,
        )

    def _starting(
        self,
        lists: list[tuple[int, _Sorted]],
        span: int,
        key: str,
        wanted: set[str] | None,
        limit: int,
    ) -> set[int]:
        """Entities with a name (or a word of one) starting with ``key``, shortest names first
        (they score highest): every length up to the one where ``limit`` entities are found,
        or all of them once lengths ``span`` beyond the key's score the same."""
        found: set[int] = set()
        read = 0
        for length, keys in lists:
            if length < len(key):
                continue
            for e in keys.starting(key):
                read += 1
                if self._wanted(e, wanted):
                    found.add(e)
            if (len(found) >= limit and length < len(key) + span) or read >= _SCAN:
                break
        return found

    def _wanted(self, e: int, wanted: set[str] | None) -> bool:
        return wanted is None or self.entities[e].label in wanted

    def _containing(self, key: str, wanted: set[str] | None, limit: int) -> set[int]:
        """Entities with a name holding ``key`` inside a word (found through the key's rarest
        trigram), the shortest names first: they score highest."""
        lists = [self.grams.get(g, []) for g in _trigrams(key)]
        rarest = min(lists, key=len)
        if len(rarest) > _RARE:
            return set()
        shortest: dict[int, int] = {}  # entity -> its shortest name holding the key
        for folded, e in (self.names[n] for n in rarest):
            if key in folded and self._wanted(e, wanted):
                length = min(len(folded), len(key) + _CONTAINED_SPAN)
                shortest[e] = min(length, shortest.get(e, length))
        return set(heapq.nsmallest(limit, shortest, key=lambda e: (shortest[e], e)))

    def _close(self, key: str, wanted: set[str] | None) -> set[int]:
        """Entities with a close name (typos): of the names sharing the most trigrams with
        ``key`` (counted over its rarest trigrams within a fixed budget), those whose ratio
        reaches the mark, in one call into rapidfuzz."""
        counts: Counter[int] = Counter()
        read = 0
        for postings in sorted((self.grams.get(g, []) for g in _trigrams(f"  {key} ")), key=len):
            read += len(postings)
            if read > _FUZZY_READ:
                break
            counts.update(postings)
        pool = [self.names[n] for n, _ in counts.most_common(_FUZZY_POOL)]
        close = process.extract(
            key, [f for f, _ in pool], scorer=fuzz.ratio, score_cutoff=_CLOSE_RATIO, limit=None
        )
        return {e for _, _, i in close if self._wanted(e := pool[i][1], wanted)}


class _Kept:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.index: NameIndex | None = None


_KEPT: weakref.WeakKeyDictionary[GraphStore, _Kept] = weakref.WeakKeyDictionary()
_KEPT_LOCK = threading.Lock()


def keep_index(store: GraphStore) -> None:
    """Keep one name index for ``store``, built on first use and shared by every later search
    and look-up, until :func:`refresh_index`. For a long-lived owner of the store that knows
    when the graph changes (the web app); others get an index per call."""
    with _KEPT_LOCK:
        _KEPT.setdefault(store, _Kept())


def refresh_index(store: GraphStore) -> None:
    """The graph of ``store`` changed: the next search builds a new index."""
    kept = _KEPT.get(store)
    if kept is not None:
        with kept.lock:
            kept.index = None


def name_index(store: GraphStore) -> NameIndex:
    """The index kept for ``store`` (built now if need be), or a new one if none is kept."""
    kept = _KEPT.get(store)
    if kept is None:
        return NameIndex.build(store)
    with kept.lock:
        if kept.index is None:
            kept.index = NameIndex.build(store)
            gc.freeze()  # long-lived and without cycles: see graph.questions.unexplored
        return kept.index


def _check_length(text: str) -> None:
    if len(text) > MAX_SEARCH_TEXT:
        raise ValidationError(
            f"a search text may have at most {MAX_SEARCH_TEXT} characters, this one has "
            f"{len(text):,}; search with part of the name"
        )


def search(
    store: GraphStore, text: str, *, limit: int = 20, labels: list[str] | None = None
) -> list[SearchHit]:
    """Entities whose name, Vietnamese name or an alias matches ``text``: exact, then prefix,
    then contained, then close (typos). "dan mach", "Đan Mạch" and "Denmark" all find Denmark.
    A text longer than :data:`MAX_SEARCH_TEXT` is refused (:class:`ValidationError`)."""
    _check_length(text)
    return name_index(store).search(text, limit=limit, labels=labels)


def find_entity(store: GraphStore, text: str) -> SearchHit:
    """One entity by id or by a name in either language; :class:`NotFound` lists close matches."""
    rows = store.read(cypher.node_by_id(store.model), {"id": text})
    if rows:
        row = rows[0]
        return SearchHit(
            id=row["id"],
            label=row["label"],
            name=row["name"],
            name_vi=row["name_vi"],
            matched=text,
            score=100,
        )
    if len(text) > MAX_SEARCH_TEXT:
        raise NotFound(
            f"no entity has the id {text[:40]!r}...; a name is at most {MAX_SEARCH_TEXT} characters"
        )
    hits = search(store, text, limit=8)
    # Its name in either language first, else an alias ("Roterdam"), if one entity has it;
    # of several, the one actor among them.
    exact = [h for h in hits if h.score >= 99] or [h for h in hits if h.score >= 94]
    if len(exact) == 1:
        return exact[0]
    actors = [h for h in exact if h.label in store.model.actor_labels]
    if len(actors) == 1:
        return actors[0]
    close = ", ".join(f"{h.name} ({h.id})" for h in hits[:5])
    raise NotFound(
        f"no entity is called {text!r}"
        + (
            f"; close matches: {close}. Give one of these ids"
            if close
            else "; try 'partnergraph search' with part of the name"
        ),
        msgid=NO_ENTITY_CLOSE if close else NO_ENTITY,
        params={"name": text},
    )


def side_members(store: GraphStore, node_id: str, label: str) -> list[dict[str, Any]]:
    """What belongs to an entity, each with its label and the path it belongs by (see
    :func:`graph.cypher.side_of`). Engagements located there are not members."""
    rows = store.read(cypher.side_of(store.model, label), {"id": node_id, "cc": node_id.upper()})
    return [r for r in rows if r["label"] not in store.model.engagement_labels]


def side(store: GraphStore, node_id: str, label: str) -> dict[str, str]:
    """The entity with what belongs to it, id → label: places and bodies in it (two levels),
    the people who hold positions in any of them, and for a country the companies and bodies
    that carry its code."""
    members = {r["id"]: r["label"] for r in side_members(store, node_id, label)}
    return {node_id: label, **members}


class EntitySource(BaseModel):
    """A source that states the entity, with the sentence."""

    model_config = ConfigDict(extra="forbid")
    node: str
    source: str
    """The Source's id."""
    title: str | None = None
    url: str | None = None
    file: str | None = None
    evidence: str | None = None
    offset: int | None = None
    wording: str | None = None
    """The source's own words for the entity ("Cảng Roterdam")."""


class Neighbour(BaseModel):
    """What the entity is linked to by one relationship (provenance left out), either way."""

    model_config = ConfigDict(extra="forbid")
    type: str
    """The relationship type."""
    id: str
    name: str | None = None
    name_vi: str | None = None
    label: str
    direction: Literal["out", "in"]
    """``out``: the entity is the relationship's start."""
    role: str | None = None
    """A party's role (PARTICIPATED_IN)."""
    source: str
    """The Source's id that states the relationship (every relationship has one)."""


class EntityView(BaseModel):
    """One entity: its properties (the schema's, bookkeeping left out), the sources that state
    it and what it is linked to."""

    id: str
    label: str
    properties: dict[str, Any]
    """Its label's properties (``graph/schema.yaml``): which ones depends on the label."""
    sources: list[EntitySource]
    neighbours: list[Neighbour]

    def linked(self, rel_type: str) -> list[Neighbour]:
        """The neighbours by one relationship type, in the view's order."""
        return [n for n in self.neighbours if n.type == rel_type]


def show(store: GraphStore, text: str, *, limit: int = 200) -> EntityView:
    hit = find_entity(store, text)
    node = store.read(cypher.node(hit.label), {"id": hit.id})[0]
    props = {k: v for k, v in node["n"].items() if not k.startswith("_")}
    sources = sorted(
        (EntitySource(**r) for r in store.read(cypher.sources_of_node(hit.label), {"id": hit.id})),
        key=lambda s: (s.source, s.offset or 0, s.wording or ""),
    )
    neighbours = sorted(  # engagements first, then places, bodies and the rest by name
        (Neighbour(**r) for r in store.read(cypher.neighbours_of(hit.label), {"id": hit.id})),
        key=lambda n: (  # whole: a UNION comes back in store order
            *(n.type != "PARTICIPATED_IN", n.type, n.name or "", n.id),
            *(n.direction, n.role or "", n.source),
        ),
    )[:limit]
    return EntityView(
        id=hit.id, label=hit.label, properties=props, sources=sources, neighbours=neighbours
    )
