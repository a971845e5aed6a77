"""What a briefing pack says: the classic pre-visit brief, assembled from the graph's answers.

Every fact line cites the sources it comes from (numbers into the brief's source list); a
section with nothing on record says so in one line; points to raise are derived from the data
and marked as suggestions. The texts come from the message catalogue (:mod:`graph.briefs.i18n`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import networkx as nx
from babel.numbers import list_currencies
from pydantic import BaseModel, Field

from graph import cypher
from graph.briefs.i18n import Language
from graph.questions import find_entity, history, show, unexplored
from graph.questions.history import History, HistoryEntry
from graph.questions.lookup import EntityView, side
from graph.questions.unexplored import Suggestion
from graph.stores.base import GraphStore

__all__ = ["NEAR_POOL", "Brief", "Line", "Section", "SourceEntry", "build_brief"]

# Units written as money: every ISO 4217 code CLDR knows (babel).
CURRENCIES = frozenset(list_currencies())

# How many of the home city's unexplored partners are searched for those near the partner.
NEAR_POOL = 1000


class Line(BaseModel):
    text: str
    refs: list[int] = Field(default_factory=list)
    cells: list[str] = Field(default_factory=list, description="For sections shown as tables.")


class Section(BaseModel):
    key: str
    title: str
    lines: list[Line]
    empty: str = Field(description="The one line shown when there is nothing on record.")
    columns: list[str] = Field(default_factory=list)
    note: str | None = None


class SourceEntry(BaseModel):
    number: int
    id: str
    title: str
    detail: str


class Brief(BaseModel):
    lang: str
    partner_id: str
    partner_label: str
    title: str
    heading: str
    cover: list[tuple[str, str]]
    sections: list[Section]
    sources: list[SourceEntry]
    labels: dict[str, str] = Field(description="Fixed texts the layouts need, translated.")
    picture: bytes | None = Field(None, exclude=True, description="PNG of the neighbourhood.")


class _Refs:
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


def build_brief(
    store: GraphStore,
    partner: str,
    *,
    home: str,
    lang: str = "en",
    visit_date: dt.date | None = None,
    direction: str | None = None,
    today: dt.date | None = None,
    dormant_months: int = 12,
    graph: nx.MultiDiGraph | None = None,
    suggestions: list[Suggestion] | None = None,
    picture: bool = True,
) -> Brief:
    """The brief on ``partner`` (an id or a name in either language) for the home city.
    ``graph`` (the networkx view) or ``suggestions`` (unexplored partners from the home city,
    NEAR_POOL of them) may be passed by callers that keep them, as the web app does."""
    L = Language.get(lang)
    today = today or dt.date.today()
    # quiet is counted to the visit, else to the latest date the sources reach (not to today:
    # an archive of 2022 news says nothing of this year)
    h = history(store, partner, home=home, as_of=visit_date, dormant_months=dormant_months)
    hit = h.partner
    home_hit = find_entity(store, home)
    view = show(store, hit.id, limit=5000)
    home_view = show(store, home_hit.id, limit=100_000)
    partner_side = side(store, hit.id, hit.label)
    refs = _Refs()
    ctx = _Context(store, L, refs, h, view, home_view, partner_side)
    if suggestions is None:
        g = graph if graph is not None else store.to_networkx()
        suggestions = unexplored(store, home=home_hit.id, limit=NEAR_POOL, graph=g)
    near = ctx.near(suggestions)

    sections = [
        ctx.key_facts(),
        ctx.timeline(),
        ctx.agreements(),
        ctx.counterparts(),
        ctx.economic(),
        ctx.networks(),
        ctx.opportunities(near),
        ctx.points_to_raise(near),
        ctx.points_they_raise(),
    ]
    sources, data_as_of = ctx.source_list()
    title = L.name(view.properties.get("name"), view.properties.get("name_vi"))
    cover = [
        (L.gettext("Partner"), f"{title} · {L.term(hit.label)}"),
        (L.gettext("Home city"), L.name(home_hit.name, home_hit.name_vi)),
        (L.gettext("Visit date"), L.date(visit_date) if visit_date else L.gettext("not set")),
        (
            L.gettext("Direction"),
            L.term(direction) if direction else L.gettext("not set"),
        ),
        (L.gettext("Prepared on"), L.date(today)),
        (L.gettext("Data as of"), L.date(data_as_of) if data_as_of else L.gettext("undated")),
    ]
    brief = Brief(
        lang=lang,
        partner_id=hit.id,
        partner_label=hit.label,
        title=title,
        heading=L.gettext("Briefing pack: {partner}", partner=title),
        cover=cover,
        sections=sections,
        sources=sources,
        labels={
            "sources": L.gettext("Sources"),
            "suggestion": L.gettext("suggestion"),
            "network": L.gettext("Network neighbourhood"),
            "refs": L.gettext("Sources"),
            "generated": L.gettext(
                "Generated by partnergraph from the graph; every line cites its sources."
            ),
        },
    )
    if picture:
        from graph.briefs.picture import neighbourhood_png

        brief.picture = neighbourhood_png(view, home_hit.id, home_hit.name, L.term)
    return brief


class _Context:
    def __init__(
        self,
        store: GraphStore,
        L: Language,
        refs: _Refs,
        h: History,
        view: EntityView,
        home_view: EntityView,
        partner_side: dict[str, str],
    ) -> None:
        self.store, self.L, self.refs, self.h = store, L, refs, h
        self.view, self.home_view, self.partner_side = view, home_view, partner_side
        self.partner_name = L.name(h.partner.name, h.partner.name_vi)
        self.home_name = L.name(
            home_view.properties.get("name"), home_view.properties.get("name_vi")
        )
        self.dated = [e for e in h.entries if e.date]
        self._own_sources: dict[tuple[str, str], list[str]] = {}

    # -- helpers ----------------------------------------------------------------------------
    def _e(self, e: HistoryEntry) -> str:
        return self.L.name(e.name, e.name_vi) if self.L.code == "en" else (e.name_vi or e.name)

    def _sources_of(self, label: str, node_id: str) -> list[str]:
        """The sources that state a node (asked once per node per brief)."""
        key = (label, node_id)
        if key not in self._own_sources:
            rows = self.store.read(cypher.sources_of_node(label), {"id": node_id})
            self._own_sources[key] = [r["source"] for r in rows]
        return self._own_sources[key]

    def _short(self, name: str, name_vi: str | None) -> str:
        """A name in the brief's language only, for crowded lines and cells."""
        return (name_vi or name) if self.L.code == "vi" else name

    def _date(self, e: HistoryEntry) -> str:
        return self.L.date(e.date, e.date_precision)

    def _cite(self, e: HistoryEntry) -> list[int]:
        return self.refs(s.id for s in e.sources)

    def _section(self, key: str, title: str, lines: list[Line], **kw: Any) -> Section:
        return Section(
            key=key,
            title=title,
            lines=lines,
            empty=self.L.gettext("Nothing on record."),
            **kw,
        )

    def _people(self, e: HistoryEntry) -> str:
        people = [self._short(p.name, p.name_vi) for p in e.parties if p.label == "Person"]
        others = [
            self._short(p.name, p.name_vi)
            for p in e.parties
            if p.label != "Person" and p.side != "home"
        ]
        return ", ".join(people or others) or "—"

    # -- sections ---------------------------------------------------------------------------
    def key_facts(self) -> Section:
        L, props = self.L, self.view.properties
        lines = [
            Line(
                text=L.gettext(
                    "{name}: {kind}", name=self.partner_name, kind=L.term(self.h.partner.label)
                )
                + (
                    f"; {props['title_vi' if L.code == 'vi' else 'title']}"
                    if props.get("title")
                    else ""
                )
                + (f". {props['description']}" if props.get("description") else ""),
                refs=self.refs(s["source"] for s in self.view.sources),
            )
        ]
        for n in self.view.neighbours:
            if n["type"] in {"LOCATED_IN", "PART_OF", "HOLDS_POSITION"} and n["direction"] == "out":
                lines.append(
                    Line(
                        text=L.gettext("Located in {place}", place=L.name(n["name"], n["name_vi"]))
                        if n["type"] == "LOCATED_IN"
                        else L.gettext("Part of {place}", place=L.name(n["name"], n["name_vi"]))
                        if n["type"] == "PART_OF"
                        else L.gettext(
                            "Holds a position in {place}", place=L.name(n["name"], n["name_vi"])
                        ),
                        refs=self.refs([n["source"]]),
                    )
                )
        if self.dated:
            first, last = self.dated[0], self.dated[-1]
            lines.append(
                Line(
                    text=L.gettext(
                        "{date}: first contact on record, {engagement}",
                        date=self._date(first),
                        engagement=self._e(first),
                    ),
                    refs=self._cite(first),
                )
            )
            lines.append(
                Line(
                    text=L.gettext(
                        "{date}: last met, {engagement}; present: {people}",
                        date=self._date(last),
                        engagement=self._e(last),
                        people=self._people(last),
                    ),
                    refs=self._cite(last),
                )
            )
        summary = self.h.summary
        if self.h.entries:
            kinds = ", ".join(
                L.ngettext("{n} visit", "{n} visits", n)
                if k == "Visit"
                else L.ngettext("{n} event", "{n} events", n)
                if k == "Event"
                else L.ngettext("{n} agreement", "{n} agreements", n)
                for k, n in sorted(_count(e.label for e in self.h.entries).items())
            )
            lines.append(
                Line(
                    text=L.ngettext(
                        "{n} engagement on record ({kinds})",
                        "{n} engagements on record ({kinds})",
                        len(self.h.entries),
                        kinds=kinds,
                    ),
                    refs=self.refs(s.id for e in self.h.entries for s in e.sources),
                )
            )
        if summary.status == "dormant" and self.dated:
            lines.append(
                Line(
                    text=L.gettext(
                        "Dormant: {months} months without contact",
                        months=summary.months_since_last,
                    ),
                    refs=self._cite(self.dated[-1]),
                )
            )
        elif summary.status == "active" and self.dated:
            lines.append(
                Line(
                    text=L.gettext("Active: contact in the last months"),
                    refs=self._cite(self.dated[-1]),
                )
            )
        return self._section("key_facts", L.gettext("Key facts"), lines)

    def timeline(self) -> Section:
        L = self.L
        lines = [
            Line(
                text=f"{self._date(e)}: {self._e(e)}",
                cells=[
                    self._date(e),
                    self._e(e),
                    L.term(e.direction) if e.direction else L.term(e.label),
                    ", ".join(
                        f"{self._short(p.name, p.name_vi)} ({L.term(p.role)})" for p in e.parties
                    ),
                ],
                refs=self._cite(e),
            )
            for e in self.h.entries
        ]
        columns = [L.gettext("Date"), L.gettext("Engagement"), L.gettext("Kind"), L.gettext("Who")]
        return self._section("timeline", L.gettext("Relationship timeline"), lines, columns=columns)

    def agreements(self) -> Section:
        L = self.L
        lines = []
        for e in self.h.entries:
            if e.label != "Agreement":
                continue
            later = [x for x in self.dated if e.date and x.date and x.date > e.date]
            follow = (
                L.gettext(
                    "seen: {engagement} ({date})",
                    engagement=self._e(later[0]),
                    date=self._date(later[0]),
                )
                if later
                else L.gettext("none on record")
            )
            node = self.store.read(cypher.node("Agreement"), {"id": e.id})
            status = (node[0]["n"].get("status") if node else None) or "signed"
            lines.append(
                Line(
                    text=f"{self._date(e)}: {self._e(e)}",
                    cells=[self._date(e), self._e(e), L.term(status), follow],
                    refs=self.refs(
                        [*(s.id for s in e.sources), *(s.id for x in later[:1] for s in x.sources)]
                    ),
                )
            )
        columns = [
            L.gettext("Date"),
            L.gettext("Agreement"),
            L.gettext("Status"),
            L.gettext("Follow-up"),
        ]
        return self._section(
            "agreements", L.gettext("Agreements and their status"), lines, columns=columns
        )

    def counterparts(self) -> Section:
        L = self.L
        people: dict[str, list[HistoryEntry]] = defaultdict(list)
        for e in self.h.entries:
            for p in e.parties:
                if p.label == "Person" and p.side != "home":
                    people[p.id].append(e)
        for pid, label in self.partner_side.items():
            if label == "Person":
                people.setdefault(pid, [])
        lines = []
        for pid, met in people.items():
            rows = self.store.read(cypher.node("Person"), {"id": pid})
            if not rows:
                continue
            person = rows[0]["n"]
            position = (
                (person.get("title_vi") if L.code == "vi" else None) or person.get("title") or ""
            )
            meetings = "; ".join(f"{self._date(e)}: {self._e(e)}" for e in met) or L.gettext(
                "none on record"
            )
            lines.append(
                Line(
                    text=f"{person['name']}, {position}",
                    cells=[person["name"], position, meetings],
                    refs=self.refs(
                        [*self._sources_of("Person", pid), *(s.id for e in met for s in e.sources)]
                    ),
                )
            )
        columns = [L.gettext("Person"), L.gettext("Position"), L.gettext("Previous meetings")]
        return self._section("counterparts", L.gettext("Counterparts"), lines, columns=columns)

    def economic(self) -> Section:
        L = self.L
        lines = []
        for t in self.h.ties:
            if t.type != "INVESTS_IN":
                continue
            details = []
            if t.details.get("rank"):
                details.append(L.gettext("investor no. {rank}", rank=t.details["rank"]))
            if t.details.get("amount"):
                details.append(L.money(t.details["amount"], t.details.get("unit") or "USD"))
            if t.details.get("period"):
                details.append(str(t.details["period"]))
            lines.append(
                Line(
                    text=L.gettext(
                        "{investor} invests in {place}", investor=t.from_name, place=t.to_name
                    )
                    + (f": {', '.join(details)}" if details else ""),
                    refs=self.refs([t.source]),
                )
            )
        for pid, label in self.partner_side.items():
            if label != "Company":
                continue
            rows = self.store.read(cypher.node("Company"), {"id": pid})
            if rows:
                company = rows[0]["n"]
                lines.append(
                    Line(
                        text=L.gettext(
                            "Company of {partner}: {company}",
                            partner=self.partner_name,
                            company=L.name(company["name"], company.get("name_vi")),
                        ),
                        refs=self.refs(self._sources_of("Company", pid)),
                    )
                )
        figures = self.store.read(
            cypher.indicators_of(self.home_view.label), {"id": self.home_view.id}
        )
        by_metric: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for f in figures:
            if str(f["metric"]).startswith("fdi"):
                by_metric[f["metric"]].append(f)
        for metric in sorted(by_metric):
            values = sorted(by_metric[metric], key=lambda f: f["source"])
            name = (values[0]["name_vi"] if L.code == "vi" else None) or values[0]["name"]
            shown = "; ".join(
                self._figure(f) + (f" [{self.refs([f['source']])[0]}]" if len(values) > 1 else "")
                for f in values
            )
            differ = len({f["value"] for f in values}) > 1
            lines.append(
                Line(
                    text=L.gettext(
                        "{home}, {figure}: {values}", home=self.home_name, figure=name, values=shown
                    )
                    + (" — " + L.gettext("the sources disagree") if differ else ""),
                    refs=self.refs(f["source"] for f in values),
                )
            )
        return self._section("economic", L.gettext("Economic ties"), lines)

    def _figure(self, f: dict[str, Any]) -> str:
        L = self.L
        if f["unit"] in CURRENCIES:
            return L.money(f["value"], f["unit"], approximate=bool(f["approximate"]))
        text = L.number(f["value"], 0) + " " + L.term(f["unit"])
        return L.gettext("nearly {amount}", amount=text) if f["approximate"] else text

    def networks(self) -> Section:
        L = self.L
        lines = []
        home_orgs = {
            n["id"]: n
            for n in self.home_view.neighbours
            if n["type"] == "MEMBER_OF" and n["direction"] == "out"
        }
        for n in self.view.neighbours:
            if n["type"] == "MEMBER_OF" and n["direction"] == "out" and n["id"] in home_orgs:
                lines.append(
                    Line(
                        text=L.gettext(
                            "Both are members of {network}", network=L.name(n["name"], n["name_vi"])
                        ),
                        refs=self.refs([n["source"], home_orgs[n["id"]]["source"]]),
                    )
                )
        twins = {n["id"]: n for n in self.home_view.neighbours if n["type"] == "TWINNED_WITH"}
        if self.view.id in twins:
            lines.append(
                Line(
                    text=L.gettext(
                        "{partner} is a sister city of {home}",
                        partner=self.partner_name,
                        home=self.home_name,
                    ),
                    refs=self.refs([twins[self.view.id]["source"]]),
                )
            )
        partner_twins = {n["id"]: n for n in self.view.neighbours if n["type"] == "TWINNED_WITH"}
        for cid in sorted(set(twins) & set(partner_twins)):
            lines.append(
                Line(
                    text=L.gettext(
                        "{city} is a sister city of both",
                        city=L.name(twins[cid]["name"], twins[cid]["name_vi"]),
                    ),
                    refs=self.refs([twins[cid]["source"], partner_twins[cid]["source"]]),
                )
            )
        inside = sorted(
            (twins[c] for c in set(twins) & set(self.partner_side) if c != self.view.id),
            key=lambda n: n["name"],
        )
        if inside:
            lines.append(
                Line(
                    text=L.gettext(
                        "Sister cities of {home} in {partner}: {cities}",
                        home=self.home_name,
                        partner=self.partner_name,
                        cities=", ".join(L.name(n["name"], n["name_vi"]) for n in inside),
                    ),
                    refs=self.refs(n["source"] for n in inside),
                )
            )
        return self._section("networks", L.gettext("Shared networks and sister cities"), lines)

    def near(self, suggestions: list[Suggestion]) -> list[Suggestion]:
        """Unexplored partners near this partner: in it (a city or body of a country), of its
        country, or reached through it or one of its places and bodies."""
        names = {self.h.partner.name} | {
            n["name"] for n in self.view.neighbours if n["id"] in self.partner_side
        }
        code = self.h.partner.id.upper() if self.h.partner.label == "Country" else None
        return [
            s
            for s in suggestions
            if s.id in self.partner_side
            or (code and s.country_code == code)
            or any(names & set(r.path) for r in s.reasons)
        ][:6]

    def _reason(self, s: Suggestion) -> str:
        L = self.L
        texts = []
        for r in s.reasons[:2]:
            via = r.path[2] if len(r.path) > 2 and r.path[2] not in {s.name, "…", "—"} else ""
            if r.signal == "shared_membership":
                text = L.gettext("a fellow member of {via}", via=via)
            elif r.signal == "priority_sector":
                text = L.gettext("works in {via}, a priority sector", via=via)
            elif r.signal == "sister_of_partner":
                text = L.gettext("a sister city of {via}", via=via)
            elif r.signal == "top_investor":
                text = L.gettext("in {via}, a top investor", via=via)
            elif via:
                text = L.gettext("close in the graph, through {via}", via=via)
            else:
                text = L.gettext("close in the graph")
            texts.append(text)
        return "; ".join(dict.fromkeys(texts))

    def opportunities(self, near: list[Suggestion]) -> Section:
        L = self.L
        lines = []
        for s in near:
            lines.append(
                Line(
                    text=L.gettext(
                        "{name} ({kind}): {reasons}",
                        name=s.name,
                        kind=L.term(s.label),
                        reasons=self._reason(s),
                    ),
                    refs=self.refs(self._sources_of(s.label, s.id)),
                )
            )
        return self._section(
            "opportunities", L.gettext("Opportunities: unexplored partners nearby"), lines
        )

    def points_to_raise(self, near: list[Suggestion]) -> Section:
        L, lines = self.L, []
        summary = self.h.summary
        if summary.status == "dormant" and self.dated:
            last = self.dated[-1]
            lines.append(
                Line(
                    text=L.gettext(
                        "No contact for {months} months since {engagement} ({date}): propose a concrete next step",
                        months=summary.months_since_last,
                        engagement=self._e(last),
                        date=self._date(last),
                    ),
                    refs=self._cite(last),
                )
            )
        for e in self.h.entries:
            if e.label == "Agreement" and not [
                x for x in self.dated if e.date and x.date and x.date > e.date
            ]:
                lines.append(
                    Line(
                        text=L.gettext(
                            "{agreement} ({date}) has no follow-up on record: ask how it is being carried out",
                            agreement=self._e(e),
                            date=self._date(e),
                        ),
                        refs=self._cite(e),
                    )
                )
        home_sectors = {n["id"]: n for n in self.home_view.neighbours if n["type"] == "PRIORITISES"}
        shared: dict[str, list[HistoryEntry]] = defaultdict(list)
        for e in self.h.entries:
            for row in self.store.read(cypher.sectors_of(e.label), {"id": e.id}):
                if row["id"] in home_sectors:
                    shared[row["id"]].append(e)
        for sid, entries in sorted(shared.items()):
            lines.append(
                Line(
                    text=L.ngettext(
                        "{sector}: a priority of {home}, and the subject of {n} engagement with {partner}",
                        "{sector}: a priority of {home}, and the subject of {n} engagements with {partner}",
                        len(entries),
                        sector=L.name(home_sectors[sid]["name"], home_sectors[sid]["name_vi"]),
                        home=self.home_name,
                        partner=self.partner_name,
                    ),
                    refs=self.refs(
                        [home_sectors[sid]["source"], *(s.id for e in entries for s in e.sources)]
                    ),
                )
            )
        if near:
            s = near[0]
            lines.append(
                Line(
                    text=L.gettext(
                        "Ask for an introduction to {name}: {reasons}",
                        name=s.name,
                        reasons=self._reason(s),
                    ),
                    refs=self.refs(self._sources_of(s.label, s.id)),
                )
            )
        return self._section(
            "points_to_raise",
            L.gettext("Points to raise"),
            lines,
            note=L.gettext("Suggestions derived from the data, not decisions."),
        )

    def points_they_raise(self) -> Section:
        L, lines = self.L, []
        for t in self.h.ties:
            if t.type == "INVESTS_IN" and t.from_id in self.partner_side:
                lines.append(
                    Line(
                        text=L.gettext(
                            "The business climate for their investors: {partner} is {rank}",
                            partner=t.from_name,
                            rank=L.gettext("investor no. {rank}", rank=t.details["rank"])
                            if t.details.get("rank")
                            else L.gettext("an investor"),
                        ),
                        refs=self.refs([t.source]),
                    )
                )
        companies: dict[str, list[HistoryEntry]] = defaultdict(list)
        for e in self.h.entries:
            for p in e.parties:
                if p.label == "Company" and p.side == "partner":
                    companies[p.name].append(e)
        for name, entries in sorted(companies.items()):
            lines.append(
                Line(
                    text=L.gettext(
                        "Projects and plans of {company} in {home} ({engagement}, {date})",
                        company=name,
                        home=self.home_name,
                        engagement=self._e(entries[-1]),
                        date=self._date(entries[-1]),
                    ),
                    refs=self.refs(s.id for e in entries for s in e.sources),
                )
            )
        incoming = [e for e in self.dated if e.direction == "incoming"]
        if incoming:
            last = incoming[-1]
            lines.append(
                Line(
                    text=L.gettext(
                        "Follow-up of their visit: {engagement} ({date})",
                        engagement=self._e(last),
                        date=self._date(last),
                    ),
                    refs=self._cite(last),
                )
            )
        return self._section(
            "points_they_raise",
            L.gettext("Points they may raise"),
            lines,
            note=L.gettext("Suggestions derived from the data, not decisions."),
        )

    def source_list(self) -> tuple[list[SourceEntry], dt.date | None]:
        out, latest = [], None
        for sid, number in sorted(self.refs.order.items(), key=lambda kv: kv[1]):
            rows = self.store.read(cypher.SOURCE_META, {"id": sid})
            meta = rows[0] if rows else {"title": sid}
            detail = ", ".join(
                str(v)
                for v in (
                    meta.get("publisher"),
                    meta.get("published"),
                    meta.get("url") or meta.get("file"),
                )
                if v
            )
            out.append(
                SourceEntry(number=number, id=sid, title=meta.get("title") or sid, detail=detail)
            )
            stamp = meta.get("ingested_at")
            if stamp:
                day = dt.date.fromisoformat(str(stamp)[:10])
                latest = max(latest, day) if latest else day
        return out, latest


def _count(items: Iterable[str]) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for i in items:
        out[i] += 1
    return dict(out)
