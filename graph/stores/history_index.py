"""The index of who engaged whom, kept in the same transaction as each write.

Each engagement and each standing tie has a *card* (JSON): the engagement's fields, its
parties with the *roots* of each party's side (the party itself, the places and bodies it is
located in or part of, two levels up, where it holds positions and their places, and for a
company or body its country by code: the inverse of :data:`graph.cypher._MEMBER_PATHS`), its
sources, where it took place; a tie's row as :func:`graph.cypher.ties_of` gives it, with the
roots of both ends. A card is listed under every pair ``home|partner`` whose history holds it:
``home`` a City root of one party, ``partner`` a root of another party (or the place where it
took place, or that place's own place), so that :func:`graph.questions.history.history` reads
one pair. The pair ``home|`` keeps the latest date per precision that the home side's contacts
reach (history's default ``as_of``).

A write passes what it changed (:class:`Changes`); the cards that those changes can reach are
made again: engagements written or cited anew, engagements and ties of a renamed actor, of one
that moved (a new ``LOCATED_IN``, ``PART_OF`` or ``HOLDS_POSITION``) and of everything that
belongs to it. From :data:`FULL_FROM` changed rows, or when the index is missing or of another
:data:`graph.cypher.index.INDEX_VERSION`, the whole index is built again from the graph.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from graph import cypher
from graph.cypher import index as q
from graph.dates import period_end
from graph.errors import StoreError
from graph.questions.history_answer import READY_MAX, READY_MIN, pack_cards

if TYPE_CHECKING:
    from graph.schema import Model
    from graph.stores.writer import Transaction

__all__ = [
    "FULL_FROM",
    "Changes",
    "build",
    "build_in_steps",
    "pair_key",
    "reach_key",
    "refresh",
]

FULL_FROM = 20_000
"""Changed rows from which the whole index is built again rather than its cards one by one
(a bulk load: one pass over the graph is faster than anchored reads per row)."""

_STRUCTURE = frozenset({"LOCATED_IN", "PART_OF", "HOLDS_POSITION"})
_TIES = frozenset({"INVESTS_IN", "MEMBER_OF", "TWINNED_WITH", "WORKS_WITH"})
_NOT_CONTACT = frozenset({"planned", "cancelled", "proposed"})  # history.NOT_CONTACT
_HOME_LABEL = "City"  # what can be a home: a city or a province

log = logging.getLogger("partnergraph")


def pair_key(home: str, partner: str) -> str:
    return f"{home}|{partner}"


def reach_key(home: str) -> str:
    return f"{home}|"


@dataclass
class Changes:
    """What one write did, for the index: ids by label, in the store's ``model``."""

    model: Model
    engagements: dict[str, str] = field(default_factory=dict)  # written, or linked anew
    renamed: dict[str, str] = field(default_factory=dict)  # actors whose stored values changed
    moved: dict[str, str] = field(default_factory=dict)  # from-ends of new structural links
    tied: dict[str, str] = field(default_factory=dict)  # ends of new ties
    sources: set[str] = field(default_factory=set)  # sources whose stored values changed
    countries: set[str] = field(default_factory=set)  # countries created
    rows: int = 0

    def node(self, label: str, node_id: str, *, created: bool) -> None:
        self.rows += 1
        if self.rows >= FULL_FROM:
            return  # the whole index is built again: no need to know which
        if label in self.model.engagement_labels:
            self.engagements[node_id] = label
        elif label == "Source":
            if not created:
                self.sources.add(node_id)
        elif label == "Country" and created:
            self.countries.add(node_id)
        elif not created and not self.model.labels[label].internal:
            self.renamed[node_id] = label

    def rels(self, rel_type: str, a: str, b: str, rows: list[dict[str, Any]]) -> None:
        """New relationships of one type between labels ``a`` and ``b`` (from, to)."""
        self.rows += len(rows)
        if self.rows >= FULL_FROM:
            return
        engagements = self.model.engagement_labels
        for row in rows:
            a_id, b_id = row["from"], row["to"]
            if a in engagements:
                self.engagements[a_id] = a
            if b in engagements:
                self.engagements[b_id] = b
            if rel_type in _STRUCTURE and a not in engagements:
                self.moved[a_id] = a
            if rel_type in _TIES:
                self.tied[a_id], self.tied[b_id] = a, b

    def __bool__(self) -> bool:
        return bool(self.rows)


def refresh(tx: Transaction, changes: Changes) -> None:
    """Bring the index in line with a write, in the write's transaction."""
    meta = tx.read(q.META_READ)
    if meta and meta[0]["version"] == STALE:  # a copy is under way: it builds at the end
        tx.run(q.META_WRITE, {"version": STALE})
        return
    if not meta or meta[0]["version"] != q.INDEX_VERSION or changes.rows >= FULL_FROM:
        build(tx)
        return
    if changes:  # a write that changed nothing (the same file again) leaves the count
        _Refresh(tx).run(changes)
        tx.run(q.META_WRITE, {"version": q.INDEX_VERSION})


STALE = "stale"
"""The index's version while a whole graph is copied in (graph.stores.transfer): the writes
leave it alone, the copy builds it at the end, and an open builds it if the copy was cut."""


def mark_stale(tx: Transaction) -> None:
    tx.run(q.META_WRITE, {"version": STALE})


def count_write(tx: Transaction) -> None:
    """One more write for the graph's version (a write that changed no card)."""
    meta = tx.read(q.META_READ)
    tx.run(q.META_WRITE, {"version": meta[0]["version"] if meta else q.INDEX_VERSION})


def build(tx: Transaction) -> None:
    """The whole index from the graph, replacing what there was (the write counter kept), in
    the caller's transaction (a write's: graph and index commit together)."""
    for _ in _build(tx):
        pass


def build_in_steps(write: Callable[[Callable[[Transaction], None]], None]) -> bool:
    """The whole index from the graph in several transactions, each of :data:`_CHUNK`
    cards, so that a store's transaction never holds the index of ten million relationships
    (scale 3's single transaction passed 11 GiB). ``write(work)`` runs ``work(tx)`` in one
    write transaction of the store. The index is marked stale in the first and current in
    the last: a build cut in between is never read, and the next read-write open builds it
    again. A write of the graph between the steps (another thread) makes the build start
    again, at most :data:`_RESTARTS` times: a graph that keeps changing under the steps is
    then indexed in one transaction, which no write can cut. A store that does not give back
    the stale mark it was just given cannot tell a write between the steps: :class:`StoreError`,
    and the index is left as it was. False if the store keeps no index."""
    for _ in range(_RESTARTS):
        current = _Current()
        outcome = _steps(write, current, _build(current, stepped=True))
        if outcome or not current.restart:
            return outcome
    log.warning("the graph was written under every step of the history index: built in one go")
    kept: list[bool] = []

    def whole(tx: Transaction) -> None:
        kept.append(tx.keeps_index)
        if tx.keeps_index:
            build(tx)

    write(whole)
    return kept[0]


_RESTARTS = 3


def _steps(
    write: Callable[[Callable[[Transaction], None]], None], current: _Current, steps: Iterator[None]
) -> bool:
    """Run ``steps``, each in a transaction of ``write``: True when the last one ran."""
    outcome: list[bool] = []

    def step(tx: Transaction) -> None:
        current.tx = tx
        if not tx.keeps_index:
            outcome.append(False)
        elif next(steps, True) is True:  # the last step ran
            outcome.append(not current.restart)

    while not outcome:
        write(step)
    return outcome[0]


class _Current:
    """The transaction a stepped build runs in now (a new one at every step)."""

    tx: Transaction
    restart = False

    def __getattr__(self, name: str) -> Any:
        if name == "tx":
            raise AttributeError(name)
        return getattr(self.tx, name)


def _build(tx: Any, *, stepped: bool = False) -> Iterator[None]:
    """Build the index; with ``stepped``, yield after each piece is written (the caller
    commits and passes the next transaction in ``tx.tx``). The engagements are read and their
    cards written :data:`_CHUNK` at a time: what the build holds is one piece, the graph's
    structure (:class:`_Up`), the pairs' keys and the homes' reaches."""
    meta = tx.read(q.META_READ)
    writes = int(meta[0]["writes"] or 0) if meta else 0
    uid = (meta[0]["uid"] if meta else None) or uuid.uuid4().hex
    tx.clear_index()
    if stepped:  # the counter and file id kept while the build runs; a write bumps it
        tx.run(q.META_SET, {"version": STALE, "writes": writes, "uid": uid})
        back = tx.read(q.META_READ)
        if not back or back[0]["version"] != STALE or back[0]["uid"] != uid:
            raise StoreError(_NOT_READ_BACK)
    up = _Up(tx)
    up.load_all()
    reach: dict[str, dict[str, str]] = defaultdict(dict)
    made = [0, 0, 0]  # cards, pairs, links written so far
    # How many cards each pair lists, for the answers made at the end (a pair's cards come
    # from any piece): those of READY_MIN to READY_MAX cards are read back then.
    sizes: dict[str, int] = {}

    def flush(cards: list[dict[str, Any]]) -> None:
        for key, dates in _reach(cards).items():
            best = reach[key]
            for precision, date in dates.items():
                if date > best.get(precision, ""):
                    best[precision] = date
        # The pairs made so far are told here, not read from the index: a parameterised
        # read is a statement the connection keeps prepared, and one prepared before the
        # tables were dropped and made again lost the pairs written after it.
        labels: dict[str, str] = {}
        for c in cards:
            for p, label in c["pairs"].items():
                if p not in sizes:
                    sizes[p] = 0
                    labels[p] = label
                sizes[p] += 1
        links = [(p, c["id"]) for c in cards for p in c["pairs"]]
        tx.put_index(
            [{"id": c["id"], "card": c["json"]} for c in cards],
            [],
            links,
            new=True,
            labels=dict(sorted(labels.items())),
        )
        made[0] += len(cards)
        made[1] += len(labels)
        made[2] += len(links)
        log.info("history index: %d cards, %d pairs, %d links written", *made)
        if len(up.known) > _KNOWN:  # bounded: roots are made again when asked again
            up.known.clear()
        cards.clear()

    cards: list[dict[str, Any]] = []
    for label in tx.model.engagement_labels:
        ids = [r["id"] for r in tx.read(q.ids_of(label))]
        for start in range(0, len(ids), _CHUNK):
            piece = {"ids": ids[start : start + _CHUNK]}
            located = _located(tx.read(q.located_of(label), piece))
            for r in tx.read(cypher.engagement_details(label), piece):
                cards.append(_engagement_card(label, r, located.get(r["e"]["id"], []), up))
            if len(cards) >= _CHUNK:
                flush(cards)
                if stepped:
                    yield
    for rel_type in q.TIE_TYPES:
        for rows in tx.read_chunks(q.ties_around(tx.model, rel_type, None), _CHUNK):
            cards += [_tie_card(r, up) for r in rows]
            flush(cards)
            if stepped:
                yield
    if cards:
        flush(cards)
    up.known.clear()
    tx.put_index(
        [],
        [{"id": k, "reach": json.dumps(v, sort_keys=True)} for k, v in sorted(reach.items())],
        [],
        new=True,
    )
    answers: dict[str, bytes | None] = {}
    ready = sorted(k for k, n in sizes.items() if READY_MIN <= n <= READY_MAX)
    sizes.clear()
    for key in ready:
        listed = tx.read(q.CARDS_OF_PAIR, {"key": key})
        answers[key] = _answer(key, [json.loads(r["card"]) for r in listed])
        if len(answers) >= _READY_CHUNK:
            tx.put_answers(answers)
            answers.clear()
            if stepped:
                yield
    tx.put_answers(answers)
    if stepped:
        now = tx.read(q.META_READ)
        if not now or now[0]["version"] != STALE or int(now[0]["writes"] or 0) != writes:
            tx.restart = True  # the graph was written meanwhile: what was read may be old
            return
    tx.run(q.META_SET, {"version": q.INDEX_VERSION, "writes": writes + 1, "uid": uid})


def _answer(key: str, cards: list[dict[str, Any]]) -> bytes:
    """The ready-made answer of the pair ``key`` from the cards it lists."""
    home, partner = key.split("|", 1)
    return pack_cards(cards, home, partner)


_NOT_READ_BACK = (
    "the store did not give back the history index's stale mark that this build had just "
    "written, so a build in steps cannot tell whether the graph is written under it (the "
    "store's reads do not see its own writes: a read replica, or a driver that only records "
    "statements); the index is left as it was and history reads the graph itself. Open the "
    "database read-write on its primary server, which builds a stale index in one transaction"
)

_CHUNK = 50_000
_KNOWN = 500_000  # the roots kept between pieces (of a million cities' at scale 10)
_READY_CHUNK = 5_000  # answers written at a time (a country's: 5 kB compressed)


class _Refresh:
    def __init__(self, tx: Transaction) -> None:
        self.tx = tx
        self.up = _Up(tx)

    def run(self, changes: Changes) -> None:
        tx = self.tx
        moved = dict(changes.moved)
        by_label: dict[str, list[str]] = defaultdict(list)
        for country in sorted(changes.countries):  # what carries its code now belongs to it
            for label in tx.model.coded_labels:
                for r in tx.read(q.coded_actors(label), {"codes": [country.upper()]}):
                    moved[r["id"]] = label
        for node_id, label in list(moved.items()):  # what belongs to a moved actor moves too
            side = cypher.side_of(tx.model, label)
            for r in tx.read(side, {"id": node_id, "cc": node_id.upper()}):
                if r["label"] not in tx.model.engagement_labels:
                    moved.setdefault(r["id"], r["label"])
        actors = {**changes.renamed, **moved}
        engagements = dict(changes.engagements)
        for node_id, label in actors.items():
            by_label[label].append(node_id)
        for label, ids in by_label.items():
            for r in tx.read(q.engagements_of(label), {"ids": sorted(ids)}):
                if r["label"] in tx.model.engagement_labels:  # not a body located there
                    engagements[r["id"]] = r["label"]
        for source in sorted(changes.sources):
            for r in tx.read(q.ENGAGEMENTS_CITING, {"id": source}):
                if r["label"] in tx.model.engagement_labels:
                    engagements[r["id"]] = r["label"]
        tie_ends: dict[str, list[str]] = defaultdict(list)
        for node_id, label in {**actors, **changes.tied}.items():
            tie_ends[label].append(node_id)
        cards: list[dict[str, Any]] = []
        eng_by_label: dict[str, list[str]] = defaultdict(list)
        for node_id, label in engagements.items():
            eng_by_label[label].append(node_id)
        for label, ids in sorted(eng_by_label.items()):
            ids.sort()
            located = _located(tx.read(q.located_of(label), {"ids": ids}))
            details = tx.read(cypher.engagement_details(label), {"ids": ids})
            self.up.load({p["id"]: p["label"] for r in details for p in r["parties"] if p["id"]})
            self.up.load({y: lab for ys in located.values() for y, lab in ys})
            for r in details:
                cards.append(_engagement_card(label, r, located.get(r["e"]["id"], []), self.up))
        ties = {}
        for label, ids in sorted(tie_ends.items()):
            for rel_type in q.TIE_TYPES:
                for incoming in (False, True):
                    query = q.ties_around(tx.model, rel_type, label, incoming=incoming)
                    for r in tx.read(query, {"ids": sorted(ids)}):
                        ties[_tie_id(r)] = r
        self.up.load(
            {r[f"{end}_id"]: r[f"{end}_label"] for r in ties.values() for end in ("from", "to")}
        )
        cards += [_tie_card(r, self.up) for _, r in sorted(ties.items())]
        self._write(cards)

    def _write(self, cards: list[dict[str, Any]]) -> None:
        tx = self.tx
        ids = [c["id"] for c in cards]
        old = {r["id"]: json.loads(r["card"]) for r in tx.read(q.CARDS, {"ids": ids})}
        labels = {p: label for c in cards for p, label in c["pairs"].items()}
        touched = {r["id"] for r in tx.read(q.PAIRS_OF_CARDS, {"ids": ids})} | set(labels)
        tx.run(q.UNLIST, {"ids": ids})
        # The reach only grows as cards are added; a card whose date or status changed may
        # lower it: its homes' reach is then counted again from their sides.
        again = {
            home
            for c in cards
            if (before := old.get(c["id"])) and _counted(before) != _counted(c["card"])
            for home in _homes(before)
        }
        new_reach = _reach(cards)
        keys = sorted(set(new_reach) | {reach_key(h) for h in again})
        stored = {r["id"]: r["reach"] for r in tx.read(q.PAIR_NODES, {"ids": keys})}
        rows = []
        for key in keys:
            home = key[:-1]
            if home in again:
                merged = self._reach_of(home)
            else:
                merged = json.loads(stored.get(key) or "{}")
                for precision, date in new_reach.get(key, {}).items():
                    if date > merged.get(precision, ""):
                        merged[precision] = date
            rows.append({"id": key, "reach": json.dumps(merged, sort_keys=True)})
        tx.put_index(
            [{"id": c["id"], "card": c["json"]} for c in cards],
            rows,
            [(p, c["id"]) for c in cards for p in c["pairs"]],
            new=False,
            labels=dict(sorted(labels.items())),
        )
        # The answers of the pairs that list or listed these cards, made again from the cards
        # they list now; a pair that lists fewer than READY_MIN or more than READY_MAX keeps
        # none (one it kept is taken away).
        answers: dict[str, bytes | None] = {}
        for key in sorted(touched):
            size = tx.read(q.PAIR_SIZE, {"key": key})
            if size and READY_MIN <= int(size[0]["n"]) <= READY_MAX:
                rows = tx.read(q.CARDS_OF_PAIR, {"key": key})
                answers[key] = _answer(key, [json.loads(r["card"]) for r in rows])
            else:
                answers[key] = None
        tx.put_answers(answers)

    def _reach_of(self, home: str) -> dict[str, str]:
        """The latest date per precision of the home side's contacts, from the graph."""
        side = {home: _HOME_LABEL} | {
            r["id"]: r["label"]
            for r in self.tx.read(
                cypher.side_of(self.tx.model, _HOME_LABEL), {"id": home, "cc": home.upper()}
            )
            if r["label"] not in self.tx.model.engagement_labels
        }
        out: dict[str, str] = {}
        for node_id, label in side.items():
            for r in self.tx.read(
                cypher.home_reach(label), {"id": node_id, "not_contact": sorted(_NOT_CONTACT)}
            ):
                if r["date"] and r["date"] > out.get(r["precision"] or "", ""):
                    out[r["precision"] or ""] = r["date"]
        return out


class _Up:
    """Where actors are located, part of and hold positions, read as needed (or all at once)."""

    def __init__(self, tx: Transaction) -> None:
        self.tx = tx
        self.attached: dict[str, list[tuple[str, str]]] = {}
        self.positions: dict[str, list[tuple[str, str]]] = {}
        self.country_of_code: dict[str, str] | None = None
        self.codes: dict[str, str] = {}
        self.loaded_all = False
        self.known: dict[str, dict[str, str]] = {}
        self.by_code: dict[str, str] = {}  # the root a node has by its country code alone

    def load_all(self) -> None:
        self.attached, self.positions = defaultdict(list), defaultdict(list)
        for r in self.tx.read(q.attached_up(None)):
            self.attached[r["x"]].append((r["y"], r["label"]))
        for r in self.tx.read(q.positions_up(None)):
            self.positions[r["x"]].append((r["y"], r["label"]))
        for label in self.tx.model.coded_labels:
            for r in self.tx.read(
                f"MATCH (x:{cypher.ident(label)}) WHERE x.country_code IS NOT NULL "
                "RETURN x.id AS id, x.country_code AS cc"
            ):
                self.codes[r["id"]] = r["cc"]
        self.loaded_all = True

    def load(self, ids: dict[str, str]) -> None:
        """Read what ``ids`` (id -> label) and their places, two levels up, hang from."""
        if self.loaded_all:
            return
        todo = {i: lab for i, lab in ids.items() if i not in self.attached}
        for level in range(3):
            if not todo:
                break
            found: dict[str, str] = {}
            by_label: dict[str, list[str]] = defaultdict(list)
            for node_id, label in todo.items():
                by_label[label].append(node_id)
                self.attached.setdefault(node_id, [])
                self.positions.setdefault(node_id, [])
            for label, batch in sorted(by_label.items()):
                batch.sort()
                for r in self.tx.read(q.attached_up(label), {"ids": batch}):
                    self.attached[r["x"]].append((r["y"], r["label"]))
                    found[r["y"]] = r["label"]
                if level == 0:
                    for r in self.tx.read(q.positions_up(label), {"ids": batch}):
                        self.positions[r["x"]].append((r["y"], r["label"]))
                        found[r["y"]] = r["label"]
                if label in self.tx.model.coded_labels:
                    for r in self.tx.read(
                        f"UNWIND $ids AS i MATCH (x:{cypher.ident(label)} {{id: i}}) "
                        "WHERE x.country_code IS NOT NULL RETURN x.id AS id, x.country_code AS cc",
                        {"ids": batch},
                    ):
                        self.codes[r["id"]] = r["cc"]
            todo = {i: lab for i, lab in found.items() if i not in self.attached}

    def _country(self, code: str) -> str | None:
        if self.country_of_code is None:
            self.country_of_code = {
                r["id"].upper(): r["id"]
                for r in self.tx.read("MATCH (c:Country) RETURN c.id AS id")
            }
        return self.country_of_code.get(code.upper())

    def roots(self, node_id: str, label: str) -> dict[str, str]:
        """The ids whose side ``node_id`` is on (itself included), with their labels."""
        known = self.known.get(node_id)
        if known is None:
            known = self.known[node_id] = self._roots(node_id, label)
        return known

    def _roots(self, node_id: str, label: str) -> dict[str, str]:
        out = {node_id: label}
        for start in [(node_id, label), *self.positions.get(node_id, [])]:
            level = [start]
            if start[0] != node_id:
                out[start[0]] = start[1]
            for _ in range(2):
                level = [y for x, _ in level for y in self.attached.get(x, [])]
                out.update(dict(level))
        code = self.codes.get(node_id)
        if code and (country := self._country(code)) and country not in out:
            out[country] = "Country"
            self.by_code[node_id] = country
        return out


def _located(rows: list[dict[str, Any]]) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for r in rows:
        out[r["e"]].append((r["y"], r["label"]))
    return out


def _engagement_card(
    label: str, r: dict[str, Any], located: list[tuple[str, str]], up: _Up
) -> dict[str, Any]:
    node = {k: v for k, v in r["e"].items() if not k.startswith("_") and v is not None}
    parties = []
    for p in r["parties"]:
        if p["id"] is None:
            continue
        roots = up.roots(p["id"], p["label"])
        parties.append(  # in a stated order: a card is the same however it was read
            {
                **p,
                "roots": sorted(roots),
                "homes": sorted(i for i, lab in roots.items() if lab == _HOME_LABEL),
            }
        )
    parties.sort(key=lambda p: (p["id"], p["role"] or "", p["name"] or ""))
    labels = dict(located) | {z: lab for y, _ in located for z, lab in up.attached.get(y, [])}
    places = set(labels)
    for p in parties:
        labels.update(up.roots(p["id"], p["label"]))
    pairs: set[str] = set()
    for h in parties:
        for x in parties:
            if x["id"] != h["id"]:
                # A country by code alone is not a root for a home whose side the party is
                # on (history's coded members leave out the home's own).
                coded = up.by_code.get(x["id"])
                pairs.update(
                    pair_key(a, b)
                    for a in h["homes"]
                    for b in x["roots"]
                    if b != coded or a not in x["roots"]
                )
        pairs.update(pair_key(a, b) for a in h["homes"] for b in places)
    card = {
        "kind": "engagement",
        "label": label,
        "e": node,
        "parties": [{k: v for k, v in p.items() if k != "homes"} for p in parties],
        "sources": sorted(
            (s for s in r["sources"] if s["id"]),
            key=lambda s: (s["id"], s["evidence"] or "", s["offset"] or 0),
        ),
        "homes": sorted({a for p in parties for a in p["homes"]}),
    }
    named = {p: labels[p.split("|", 1)[1]] for p in sorted(pairs)}
    return {"id": node["id"], "card": card, "json": _dumps(card), "pairs": named}


def _tie_id(r: dict[str, Any]) -> str:
    parts = [r["type"], r["from_id"], r["to_id"], r["source"], r["evidence"]]
    parts += [r[k] for k in ("amount", "unit", "period", "rank", "since")]
    return "tie|" + "|".join("" if p is None else str(p) for p in parts)


_TIE_COLUMNS: tuple[str, ...] = ("type", "from_id", "from_name", "to_id", "to_name", "source")
_TIE_COLUMNS += ("evidence", "amount", "unit", "period", "rank", "since")


def _tie_card(r: dict[str, Any], up: _Up) -> dict[str, Any]:
    a, b = r["from_id"], r["to_id"]
    a_roots, b_roots = up.roots(a, r["from_label"]), up.roots(b, r["to_label"])
    pairs: dict[str, str] = {}
    if a != b:
        if r["from_label"] == _HOME_LABEL:
            pairs |= {pair_key(a, x): lab for x, lab in b_roots.items()}
        if r["to_label"] == _HOME_LABEL:
            pairs |= {pair_key(b, x): lab for x, lab in a_roots.items()}
    card = {
        "kind": "tie",
        "row": {k: r[k] for k in _TIE_COLUMNS},
        "roots": {a: sorted(a_roots), b: sorted(b_roots)},
    }
    return {
        "id": _tie_id(r),
        "card": card,
        "json": _dumps(card),
        "pairs": dict(sorted(pairs.items())),
    }


def _dumps(card: dict[str, Any]) -> str:
    """A card as JSON: the same text however it was read (every map is built in a stated
    order), compact."""
    return json.dumps(card, ensure_ascii=False, separators=(",", ":"), default=str)


def _counted(card: dict[str, Any]) -> tuple[Any, ...] | None:
    """What of an engagement card its homes' reach depends on (None: it does not count)."""
    if card.get("kind") != "engagement":
        return None
    e = card["e"]
    if not e.get("date") or e.get("status") in _NOT_CONTACT:
        return None
    return (e["date"], e.get("date_precision"))


def _homes(card: dict[str, Any]) -> list[str]:
    return list(card.get("homes", [])) if card.get("kind") == "engagement" else []


def _reach(cards: list[dict[str, Any]]) -> dict[str, dict[str, str]]:
    """The latest date per precision of each home's contacts among ``cards``."""
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for c in cards:
        counted = _counted(c["card"])
        if counted is None:
            continue
        date, precision = counted
        for home in _homes(c["card"]):
            best = out[reach_key(home)]
            if date > best.get(precision or "", ""):
                best[precision or ""] = date
    return dict(out)


def reach_date(reach: str | None) -> Any:
    """The end of the latest period in a stored reach (history's default ``as_of``)."""
    values = json.loads(reach) if reach else {}
    ends = [period_end(date, precision or None) for precision, date in values.items()]
    return max((e for e in ends if e), default=None)
