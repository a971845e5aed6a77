"""What every section of a brief reads from: the partner's history with the home, the two
entity views, the themes of the partner's record, and how names, dates and titles are written
in the brief's language. Sources are numbered here, in the order the sections first cite them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import cached_property
from typing import Any

from graph import cypher
from graph.briefs.i18n import Language
from graph.briefs.model import Line, Section
from graph.dates import as_date, period_end
from graph.questions.history import History, HistoryEntry, Tie
from graph.questions.lookup import EntityView
from graph.questions.unexplored import Suggestion, opportunities
from graph.stores.base import GraphStore

__all__ = ["OPPORTUNITIES", "Context", "Refs", "clip", "count", "lower_first"]

# How many opportunities a brief lists.
OPPORTUNITIES = 6


class Refs:
    """Numbers sources in the order they are first cited."""

    def __init__(self) -> None:
        self.order: dict[str, int] = {}

    def __call__(self, ids: Iterable[str | None]) -> list[int]:
        out = []
        for sid in ids:
            if sid and sid not in self.order:
                self.order[sid] = len(self.order) + 1
            if sid and self.order[sid] not in out:
                out.append(self.order[sid])
        return sorted(out)


class Context:
    """One brief's data and its writing rules; the sections are functions of it."""

    def __init__(
        self,
        store: GraphStore,
        L: Language,
        h: History,
        view: EntityView,
        home_view: EntityView,
        partner_side: dict[str, str],
    ) -> None:
        self.store, self.L, self.refs, self.h = store, L, Refs(), h
        self.model = store.model
        self.view, self.home_view, self.partner_side = view, home_view, partner_side
        self.partner_name = L.name(h.partner.name, h.partner.name_vi)
        self.partner_short = self.short(h.partner.name, h.partner.name_vi)
        self.home_name = L.name(
            home_view.properties.get("name"), home_view.properties.get("name_vi")
        )
        self.home_short = self.short(
            str(home_view.properties.get("name")), home_view.properties.get("name_vi")
        )
        self.dated = [e for e in h.entries if e.date]
        self._own_sources: dict[tuple[str, str], list[str]] = {}
        self._nodes: dict[tuple[str, str], dict[str, Any] | None] = {}
        # the sectors of each engagement with the partner, and those the partner's companies
        # and bodies work in: the themes of its own record
        self.sectors: dict[str, dict[str, Any]] = {}
        self.themes: dict[str, list[HistoryEntry]] = defaultdict(list)
        self.theme_actors: dict[str, list[str]] = defaultdict(list)
        concerns = self._concerns([(e.label, e.id) for e in h.entries])
        for e in h.entries:
            for row in concerns.get(e.id, []):
                self.sectors[row["id"]] = row
                self.themes[row["id"]].append(e)
        actors = [(label, pid) for pid, label in partner_side.items()]
        # the actors that may be about a sector (the schema's CONCERNS ends: bodies, companies)
        about = self.model.rel("CONCERNS").from_labels
        concerns = self._concerns([a for a in actors if a[0] in about])
        for _, pid in actors:
            for row in concerns.get(pid, []):
                self.sectors[row["id"]] = row
                self.theme_actors[row["id"]].append(pid)

    def _concerns(self, nodes: list[tuple[str, str]]) -> dict[str, list[dict[str, Any]]]:
        """The sectors of each node, one read per label."""
        by_label: dict[str, list[str]] = defaultdict(list)
        for label, node_id in nodes:
            by_label[label].append(node_id)
        out: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for label, ids in sorted(by_label.items()):
            for row in self.store.read(cypher.sectors_named_of_each(label), {"ids": ids}):
                out[row.pop("node")].append(row)
        return out

    def node(self, label: str, node_id: str) -> dict[str, Any] | None:
        """A node's properties (read once per brief), ``None`` when the graph has no such node."""
        return self.nodes(label, [node_id]).get(node_id)

    def nodes(self, label: str, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Nodes of a label by id, those not read yet in one read."""
        ids = list(ids)
        missing = sorted({i for i in ids if (label, i) not in self._nodes})
        if missing:
            found = {
                r["id"]: r["n"]
                for r in self.store.read(cypher.nodes_by_id(label), {"ids": missing})
            }
            for i in missing:
                self._nodes[(label, i)] = found.get(i)
        return {i: n for i in ids if (n := self._nodes[(label, i)]) is not None}

    # -- words in the brief's language --------------------------------------------------------
    def title(self, e: HistoryEntry) -> str:
        """An engagement's title in the brief's language."""
        return (e.name_vi or e.name) if self.L.code == "vi" else e.name

    def mid(self, e: HistoryEntry) -> str:
        """An engagement's title inside a sentence: no capital unless it starts with a name,
        a party's ("các đoàn quốc tế", but "Hai Phong working trip", "Esbjerg port
        delegation")."""
        title = self.title(e)
        first = title.split(" ")[0]
        # places and bodies; a person's name keeps its capitals anyway, a role does not
        names = {
            n.split(" ")[0]
            for p in e.parties
            if p.label != "Person"
            for n in (p.name, p.name_vi)
            if n
        }
        return title if first in names else lower_first(title)

    def short(self, name: str, name_vi: str | None) -> str:
        """A name in the brief's language only, for crowded lines and cells."""
        return (name_vi or name) if self.L.code == "vi" else name

    def sector(self, row: dict[str, Any]) -> str:
        """A sector's name in the brief's language, lower case as inside a sentence: the
        catalogue's word first (it corrects the sources' "công nghệ phụ trợ"), then the data's."""
        name = str(row["name"])
        if self.L.code == "vi":
            word = self.L.term(name)
            return word if word != name else (row.get("name_vi") or name)
        return name[:1].lower() + name[1:]

    def date(self, e: HistoryEntry) -> str:
        return self.L.date(e.date, e.date_precision)

    def country(self, code: str | None) -> str:
        return self.L.territory(code) if code else ""

    def kind(self, e: HistoryEntry) -> str:
        """ "Visit (incoming)", "Event": the label, with the direction where there is one."""
        L = self.L
        return L.term(e.label) + (f" ({L.term(e.direction)})" if e.direction else "")

    def people(self, e: HistoryEntry) -> str:
        """Who was there on the partner's side: its people, else its bodies."""
        people = [self.short(p.name, p.name_vi) for p in e.parties if p.label == "Person"]
        others = [
            self.short(p.name, p.name_vi)
            for p in e.parties
            if p.label != "Person" and p.side != "home"
        ]
        return ", ".join(people or others) or "—"

    def person(self, person: dict[str, Any]) -> tuple[str, str]:
        """A counterpart's name and position in the brief's language: a role without a name is
        the name, with no position repeated; a title the data gives only in English is kept,
        the catalogue's translation first where it has one ("Mayor" → "Thị trưởng")."""
        L = self.L
        name = self.short(person["name"], person.get("name_vi"))
        title = str(person.get("title") or "")
        if L.code == "vi":
            word = L.term(title) if title else ""
            position = person.get("title_vi") or (
                word if word != title else (f"({title})" if title else "")
            )
        else:
            position = title
        if position in {name, person["name"], person.get("name_vi")}:
            position = "—"
        return name, position or "—"

    def investment(self, t: Tie) -> str:
        """An investment's rank, amount and period, as far as the sources give them."""
        L = self.L
        details = []
        if t.details.get("rank"):
            details.append(L.gettext("investor no. {rank}", rank=t.details["rank"]))
        if t.details.get("amount"):
            details.append(L.money(t.details["amount"], t.details.get("unit") or "USD"))
        if t.details.get("period"):
            details.append(str(t.details["period"]))
        return ", ".join(details)

    def actor_name(self, node_id: str) -> str:
        """The name of one of the partner's companies or bodies."""
        n = next((x for x in self.view.neighbours if x.id == node_id), None)
        if n is not None:
            return self.short(n.name or n.id, n.name_vi)
        row = (
            self._theme_actors.get(node_id)
            or self.node(self.partner_side[node_id], node_id)
            or {"name": node_id}
        )
        return self.short(str(row["name"]), row.get("name_vi"))

    @cached_property
    def _theme_actors(self) -> dict[str, dict[str, Any]]:
        """The properties of the record's theme actors, one read per label, whatever their
        number."""
        by_label: dict[str, list[str]] = defaultdict(list)
        for a in sorted({a for actors in self.theme_actors.values() for a in actors}):
            by_label[self.partner_side[a]].append(a)
        found: dict[str, dict[str, Any]] = {}
        for label, ids in sorted(by_label.items()):
            found |= self.nodes(label, ids)
        return found

    def named(self, node_id: str, name: str) -> str:
        """One end of a tie (an investor, the place it invests in) in the brief's language:
        the partner, the home, or a neighbour of either; else the name the tie gives."""
        if node_id == self.view.id:
            return self.partner_short
        if node_id == self.home_view.id:
            return self.home_short
        for n in (*self.view.neighbours, *self.home_view.neighbours):
            if n.id == node_id:
                return self.short(n.name or n.id, n.name_vi)
        return name

    def theme_names(self) -> dict[str, str]:
        return {k: str(v["name"]) for k, v in self.sectors.items()}

    @cached_property
    def near(self) -> list[Suggestion]:
        """Whom to approach about the partner (its record's themes weigh in), computed when a
        section first asks."""
        return opportunities(
            self.store,
            self.view.id,
            home=self.home_view.id,
            themes=self.theme_names(),
            limit=OPPORTUNITIES,
        )

    # -- what the record says -----------------------------------------------------------------
    def follow_up(self, e: HistoryEntry) -> list[HistoryEntry]:
        """Later contact than an agreement's period (a year-precision agreement "in 2022" is
        not followed by something else "in 2022")."""
        end = period_end(e.date, e.date_precision)
        return [x for x in self.dated if end and x.date and as_date(x.date) > end]  # type: ignore[operator]

    def met(self) -> dict[str, list[HistoryEntry]]:
        """The partner's people, each with the engagements the home met them at."""
        people: dict[str, list[HistoryEntry]] = defaultdict(list)
        for e in self.h.entries:
            for p in e.parties:
                if p.label == "Person" and p.side != "home":
                    people[p.id].append(e)
        for pid, label in self.partner_side.items():
            if label == "Person":
                people.setdefault(pid, [])
        return people

    # -- citing --------------------------------------------------------------------------------
    def cite(self, e: HistoryEntry) -> list[int]:
        return self.refs(s.id for s in e.sources)

    def on(self, e: HistoryEntry, message: str, **values: object) -> Line:
        """A line about one engagement citing its sources: ``message`` (marked with ``N_``)
        with its ``{date}`` and its title inside a sentence, ``{engagement}``, filled in."""
        text = self.L.gettext(message, date=self.date(e), engagement=self.mid(e), **values)
        return Line(text=text, refs=self.cite(e))

    def sources_of(self, label: str, node_id: str) -> list[str]:
        """The sources that state a node: read with the other nodes the sections cite, before
        the first section is written (:meth:`read_sources`); a node no section declared is
        read on its own."""
        if (label, node_id) not in self._own_sources:
            self.read_sources([(label, node_id)])
        return self._own_sources[(label, node_id)]

    def read_sources(self, nodes: Iterable[tuple[str, str]]) -> None:
        """Read the sources of every node (label, id) not read yet, in one read."""
        wanted: dict[str, dict[str, None]] = defaultdict(dict)  # ids in order, once each
        for label, node_id in nodes:
            if (label, node_id) not in self._own_sources:
                wanted[label][node_id] = None
        if not wanted:
            return
        found: dict[tuple[str, str], set[str]] = {
            (label, i): set() for label, ids in wanted.items() for i in ids
        }
        query, params = cypher.sources_of_nodes({k: list(ids) for k, ids in wanted.items()})
        for r in self.store.read(query, params):
            found[(r["label"], r["node"])].add(r["source"])
        for key, sources in found.items():
            self._own_sources[key] = sorted(sources)

    def section(self, key: str, title: str, lines: list[Line], **kw: Any) -> Section:
        return Section(
            key=key,
            title=title,
            lines=lines,
            empty=self.L.gettext("Nothing on record."),
            **kw,
        )

    def suggestions(self, key: str, title: str, lines: list[Line]) -> Section:
        """A section of points derived from the data, marked as such."""
        return self.section(
            key,
            title,
            lines,
            note=self.L.gettext("Suggestions derived from the data, not decisions."),
        )


def lower_first(text: str) -> str:
    """No capital inside a sentence, unless the title starts with a name: the first letter is
    lowered when the second word starts in lower case ("Các đoàn quốc tế" → "các đoàn quốc
    tế", "Hai Phong working trip" and "Ørsted" stay)."""
    words = text.split(" ")
    if (
        len(words) > 1
        and words[0][:1].isupper()
        and words[1][:1].islower()
        and not words[0].isupper()
    ):
        return text[:1].lower() + text[1:]
    return text


def clip(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def count(items: Iterable[str]) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for i in items:
        out[i] += 1
    return dict(out)
