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

from babel.numbers import list_currencies
from pydantic import BaseModel, Field

from graph import cypher
from graph.briefs.i18n import Language
from graph.briefs.picture import Picture
from graph.dates import as_date, period_end, shown
from graph.questions import find_entity, history, show
from graph.questions.dormant import sources_reach
from graph.questions.history import History, HistoryEntry
from graph.questions.lookup import EntityView, side
from graph.questions.unexplored import Reason, Suggestion, opportunities
from graph.stores.base import GraphStore

__all__ = ["NEAR_POOL", "Brief", "Line", "Section", "SourceEntry", "build_brief"]

# Units written as money: every ISO 4217 code CLDR knows (babel).
CURRENCIES = frozenset(list_currencies())

# Kept for callers that still warm the home's unexplored partners (api/state.py); a brief's
# opportunities are about the partner now (graph.questions.unexplored.opportunities).
NEAR_POOL = 1000
# How many opportunities a brief lists, and how many subjects of the partner's record it
# raises one by one (the others in one line).
OPPORTUNITIES = 6
THEMES_SHOWN = 4
# The picture's engagements (each with its parties): enough to read, few enough to draw fast.
PICTURE_ENGAGEMENTS = 8


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
    url: str | None = None


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
    picture: Picture | None = Field(
        None, description="The partner's neighbourhood, drawn by render."
    )


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
    picture: bool = True,
) -> Brief:
    """The brief on ``partner`` (an id or a name in either language) for the home city.
    Everything comes from anchored reads around the partner and the home (no networkx view):
    a brief takes a few hundred milliseconds whatever the size of the graph."""
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
    near = opportunities(
        store, hit.id, home=home_hit.id, themes=ctx.theme_names(), limit=OPPORTUNITIES
    )

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
    sources = ctx.source_list()
    data_as_of = sources_reach(store, sorted(side(store, home_hit.id, home_hit.label)))
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
        (
            L.gettext("Data as of"),
            L.gettext("sources reach to {date}", date=shown(data_as_of, "month", L.code))
            if data_as_of
            else L.gettext("undated"),
        ),
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
        brief.picture = ctx.picture_graph(home_hit.id)
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
        self.partner_short = self._short(h.partner.name, h.partner.name_vi)
        self.home_name = L.name(
            home_view.properties.get("name"), home_view.properties.get("name_vi")
        )
        self.home_short = self._short(
            str(home_view.properties.get("name")), home_view.properties.get("name_vi")
        )
        self.dated = [e for e in h.entries if e.date]
        self._own_sources: dict[tuple[str, str], list[str]] = {}
        # the sectors of each engagement with the partner, and those the partner's companies
        # and bodies work in: the themes of its own record
        self.sectors: dict[str, dict[str, Any]] = {}
        self.themes: dict[str, list[HistoryEntry]] = defaultdict(list)
        self.theme_actors: dict[str, list[str]] = defaultdict(list)
        for e in h.entries:
            for row in store.read(cypher.sectors_named_of(e.label), {"id": e.id}):
                self.sectors[row["id"]] = row
                self.themes[row["id"]].append(e)
        for pid, label in partner_side.items():
            if label in {"Company", "Organisation"}:
                for row in store.read(cypher.sectors_named_of(label), {"id": pid}):
                    self.sectors[row["id"]] = row
                    self.theme_actors[row["id"]].append(pid)

    # -- helpers ----------------------------------------------------------------------------
    def _e(self, e: HistoryEntry) -> str:
        """An engagement's title in the brief's language."""
        return (e.name_vi or e.name) if self.L.code == "vi" else e.name

    def _mid(self, e: HistoryEntry) -> str:
        """An engagement's title inside a sentence: no capital unless it starts with a name
        ("các đoàn quốc tế", but "Hai Phong working trip")."""
        return _lower_first(self._e(e))

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

    def _sector(self, row: dict[str, Any]) -> str:
        """A sector's name in the brief's language, lower case as inside a sentence: the
        catalogue's word first (it corrects the sources' "công nghệ phụ trợ"), then the data's."""
        name = str(row["name"])
        if self.L.code == "vi":
            word = self.L.term(name)
            return word if word != name else (row.get("name_vi") or name)
        return name[:1].lower() + name[1:]

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

    def theme_names(self) -> dict[str, str]:
        return {k: str(v["name"]) for k, v in self.sectors.items()}

    def _country(self, code: str | None) -> str:
        return self.L.territory(code) if code else ""

    # -- sections ---------------------------------------------------------------------------
    def key_facts(self) -> Section:
        L, props = self.L, self.view.properties
        lines = []
        about = [
            str(props["title_vi" if L.code == "vi" and props.get("title_vi") else "title"])
            if props.get("title")
            else "",
            str(props["description"]) if props.get("description") and L.code == "en" else "",
        ]
        if any(about):
            lines.append(
                Line(
                    text=". ".join(a for a in about if a),
                    refs=self.refs(s["source"] for s in self.view.sources),
                )
            )
        said: dict[tuple[str, str], list[str]] = {}
        for n in self.view.neighbours:
            if n["type"] in {"LOCATED_IN", "PART_OF", "HOLDS_POSITION"} and n["direction"] == "out":
                said.setdefault((n["type"], n["id"]), []).append(n["source"])
        names = {(n["type"], n["id"]): n for n in self.view.neighbours}
        for (kind, nid), sources in said.items():
            place = L.name(names[(kind, nid)]["name"], names[(kind, nid)]["name_vi"])
            text = (
                L.gettext("Located in {place}", place=place)
                if kind == "LOCATED_IN"
                else L.gettext("Part of {place}", place=place)
                if kind == "PART_OF"
                else L.gettext("Holds a position in {place}", place=place)
            )
            lines.append(Line(text=text, refs=self.refs(sources)))
        if self.dated:
            first, last = self.dated[0], self.dated[-1]
            lines.append(
                Line(
                    text=L.gettext(
                        "{date}: first contact on record, {engagement}",
                        date=self._date(first),
                        engagement=self._mid(first),
                    ),
                    refs=self._cite(first),
                )
            )
            lines.append(
                Line(
                    text=L.gettext(
                        "{date}: last met, {engagement}; present: {people}",
                        date=self._date(last),
                        engagement=self._mid(last),
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

    def _kind(self, e: HistoryEntry) -> str:
        L = self.L
        return L.term(e.label) + (f" ({L.term(e.direction)})" if e.direction else "")

    def timeline(self) -> Section:
        L = self.L
        lines = [
            Line(
                text=f"{self._date(e)}: {self._e(e)}",
                cells=[
                    self._date(e),
                    self._e(e),
                    self._kind(e),
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

    def _follow_up(self, e: HistoryEntry) -> list[HistoryEntry]:
        """Later contact than an agreement's period (a year-precision agreement "in 2022" is
        not followed by something else "in 2022")."""
        end = period_end(e.date, e.date_precision)
        return [x for x in self.dated if end and x.date and as_date(x.date) > end]  # type: ignore[operator]

    def agreements(self) -> Section:
        L = self.L
        lines = []
        for e in self.h.entries:
            if e.label != "Agreement":
                continue
            later = self._follow_up(e)
            follow = (
                L.gettext(
                    "seen: {engagement} ({date})",
                    engagement=self._mid(later[0]),
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

    def _met(self) -> dict[str, list[HistoryEntry]]:
        people: dict[str, list[HistoryEntry]] = defaultdict(list)
        for e in self.h.entries:
            for p in e.parties:
                if p.label == "Person" and p.side != "home":
                    people[p.id].append(e)
        for pid, label in self.partner_side.items():
            if label == "Person":
                people.setdefault(pid, [])
        return people

    def _person(self, person: dict[str, Any]) -> tuple[str, str]:
        """A counterpart's name and position in the brief's language: a role without a name is
        the name, with no position repeated; a title the data gives only in English is kept,
        the catalogue's translation first where it has one ("Mayor" → "Thị trưởng")."""
        L = self.L
        name = self._short(person["name"], person.get("name_vi"))
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

    def counterparts(self) -> Section:
        L = self.L
        lines = []
        for pid, met in self._met().items():
            rows = self.store.read(cypher.node("Person"), {"id": pid})
            if not rows:
                continue
            name, position = self._person(rows[0]["n"])
            meetings = "; ".join(f"{self._date(e)}: {self._e(e)}" for e in met) or L.gettext(
                "none on record"
            )
            lines.append(
                Line(
                    text=f"{name}, {position}",
                    cells=[name, position, meetings],
                    refs=self.refs(
                        [*self._sources_of("Person", pid), *(s.id for e in met for s in e.sources)]
                    ),
                )
            )
        columns = [L.gettext("Person"), L.gettext("Position"), L.gettext("Previous meetings")]
        return self._section("counterparts", L.gettext("Counterparts"), lines, columns=columns)

    def _investment(self, t: Any) -> str:
        L = self.L
        details = []
        if t.details.get("rank"):
            details.append(L.gettext("investor no. {rank}", rank=t.details["rank"]))
        if t.details.get("amount"):
            details.append(L.money(t.details["amount"], t.details.get("unit") or "USD"))
        if t.details.get("period"):
            details.append(str(t.details["period"]))
        return ", ".join(details)

    def economic(self) -> Section:
        """Ties with the partner (its investment, its companies), and one line of the home's
        own FDI as context, its sources side by side where they disagree."""
        L = self.L
        lines = []
        for t in self.h.ties:
            if t.type != "INVESTS_IN":
                continue
            details = self._investment(t)
            lines.append(
                Line(
                    text=L.gettext(
                        "{investor} invests in {place}", investor=t.from_name, place=t.to_name
                    )
                    + (f": {details}" if details else ""),
                    refs=self.refs([t.source]),
                )
            )
        for pid, label in self.partner_side.items():
            if label != "Company" or pid == self.view.id:
                continue
            rows = self.store.read(cypher.node("Company"), {"id": pid})
            if rows:
                company = rows[0]["n"]
                sectors = [self._sector(self.sectors[k]) for k, v in self.theme_actors.items()]
                sectors = [
                    self._sector(self.sectors[k])
                    for k, actors in self.theme_actors.items()
                    if pid in actors
                ]
                lines.append(
                    Line(
                        text=L.gettext(
                            "Company of {partner}: {company}",
                            partner=self.partner_short,
                            company=self._short(company["name"], company.get("name_vi")),
                        )
                        + (f" ({', '.join(sectors)})" if sectors else ""),
                        refs=self.refs(self._sources_of("Company", pid)),
                    )
                )
        figures = [
            f
            for f in self.store.read(
                cypher.indicators_of(self.home_view.label), {"id": self.home_view.id}
            )
            if f["metric"] == "fdi_attracted"
        ]
        if figures:
            values = sorted(figures, key=lambda f: f["source"])
            name = (values[0]["name_vi"] if L.code == "vi" else None) or values[0]["name"]
            shown = "; ".join(
                self._figure(f) + (f" [{self.refs([f['source']])[0]}]" if len(values) > 1 else "")
                for f in values
            )
            differ = len({f["value"] for f in values}) > 1
            lines.append(
                Line(
                    text=L.gettext(
                        "For context, {home}: {figure}: {values}",
                        home=self.home_short,
                        figure=_lower_first(name),
                        values=shown,
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

    def _via(self, r: Reason, *, countries: bool = False) -> str:
        shown = [
            self._short(v.name, v.name_vi)
            + (f" ({self._country(v.country_code)})" if countries and v.country_code else "")
            for v in r.via[:3]
        ]
        more = len(r.via) - len(shown)
        text = ", ".join(shown)
        return text + (" " + self.L.gettext("and {n} more", n=more) if more > 0 else "")

    def _reason(self, s: Suggestion) -> str:
        """Why, in plain words and in the brief's language (the weights stay in the data)."""
        L, home, partner = self.L, self.home_short, self.partner_short
        texts = []
        for r in s.reasons[:3]:
            if r.signal == "sister_of_home_twin":
                text = L.gettext(
                    "a sister city of {cities}, as {home} is", cities=self._via(r), home=home
                )
            elif r.signal == "sister_of_partner":
                text = L.gettext(
                    "a sister city of {cities}, which {home} has worked with",
                    cities=self._via(r),
                    home=home,
                )
            elif r.signal == "sister_in_home_country":
                text = L.gettext(
                    "already a sister city of {cities}, in {country}",
                    cities=self._via(r),
                    country=self._country(r.via[0].country_code),
                )
            elif r.signal == "sister_in_partner_countries":
                text = L.gettext(
                    "a sister city of {cities}: countries {home} works with",
                    cities=self._via(r, countries=True),
                    home=home,
                )
            elif r.signal == "shared_membership":
                text = L.gettext(
                    "a fellow member of {networks}, as {home} is", networks=self._via(r), home=home
                )
            elif r.signal == "priority_sector":
                text = L.gettext(
                    "works in {sectors}, a priority of {home}",
                    sectors=", ".join(self._sector(v.model_dump()) for v in r.via),
                    home=home,
                )
            elif r.signal == "partner_theme":
                text = L.gettext(
                    "works in {sectors}, a subject of {home}'s engagements with {partner}",
                    sectors=", ".join(self._sector(v.model_dump()) for v in r.via),
                    home=home,
                    partner=partner,
                )
            elif r.signal == "investor":
                text = L.gettext("invests in {home}", home=home)
            else:
                text = L.gettext("works with {partner}", partner=partner)
            texts.append(text)
        return "; ".join(texts)

    def opportunities(self, near: list[Suggestion]) -> Section:
        L = self.L
        lines = []
        for s in near:
            name = self._short(s.name, s.name_vi)
            if s.country_code and s.label != "Country" and self.h.partner.label != "Country":
                name += f", {self._country(s.country_code)}"
            lines.append(
                Line(
                    text=L.gettext(
                        "{name} ({kind}): {reasons}",
                        name=name,
                        kind=L.term(s.label).lower(),
                        reasons=self._reason(s),
                    ),
                    refs=self.refs(self._sources_of(s.label, s.id)),
                )
            )
        return self._section(
            "opportunities",
            L.gettext(
                "Opportunities: whom to approach about {partner}", partner=self.partner_short
            ),
            lines,
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
                        engagement=self._mid(last),
                        date=self._date(last),
                    ),
                    refs=self._cite(last),
                )
            )
        # the themes of the partner's own record, the most engaged first
        home_sectors = {n["id"] for n in self.home_view.neighbours if n["type"] == "PRIORITISES"}
        ranked = sorted(
            self.sectors,
            key=lambda k: (
                -len(self.themes[k]) - len(self.theme_actors[k]),
                k in home_sectors,  # a priority of the home is raised anyway when it is ours
                self._sector(self.sectors[k]),
            ),
        )
        shown, rest = ranked[:THEMES_SHOWN], ranked[THEMES_SHOWN:]
        for sid in shown:
            entries, actors = self.themes[sid], self.theme_actors[sid]
            said = [
                L.ngettext(
                    "the subject of {n} engagement with {partner} ({engagements})",
                    "the subject of {n} engagements with {partner} ({engagements})",
                    len(entries),
                    partner=self.partner_short,
                    engagements="; ".join(f"{self._mid(e)}, {self._date(e)}" for e in entries[:2]),
                )
                if entries
                else "",
                L.gettext(
                    "the field of {actors}",
                    actors=", ".join(self._actor_name(a) for a in actors),
                )
                if actors
                else "",
                L.gettext("a priority of {home}", home=self.home_short)
                if sid in home_sectors
                else "",
            ]
            lines.append(
                Line(
                    text=L.gettext(
                        "Raise {sector}: {facts}",
                        sector=self._sector(self.sectors[sid]),
                        facts="; ".join(x for x in said if x),
                    ),
                    refs=self.refs(
                        [
                            *(s.id for e in entries for s in e.sources),
                            *(
                                src
                                for a in actors
                                for src in self._sources_of(self.partner_side[a], a)
                            ),
                        ]
                    ),
                )
            )
        if rest:
            lines.append(
                Line(
                    text=L.gettext(
                        "Other subjects on record: {sectors}",
                        sectors=", ".join(self._sector(self.sectors[k]) for k in rest),
                    ),
                    refs=self.refs(s.id for k in rest for e in self.themes[k] for s in e.sources),
                )
            )
        for t in self.h.ties:  # the partner's figures
            if t.type == "INVESTS_IN" and t.from_id in self.partner_side:
                lines.append(
                    Line(
                        text=L.gettext(
                            "Investment: {investor} in {place} ({details}); ask what would bring more",
                            investor=t.from_name,
                            place=t.to_name,
                            details=self._investment(t) or L.gettext("an investor"),
                        ),
                        refs=self.refs([t.source]),
                    )
                )
        for e in self.h.entries:
            if e.label == "Agreement" and not self._follow_up(e):
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
        for pid, met in self._met().items():  # counterparts met before
            if not met:
                continue
            rows = self.store.read(cypher.node("Person"), {"id": pid})
            if rows:
                name, _ = self._person(rows[0]["n"])
                last = met[-1]
                lines.append(
                    Line(
                        text=L.gettext(
                            "Meet again {person}, met at {engagement} ({date})",
                            person=name,
                            engagement=self._mid(last),
                            date=self._date(last),
                        ),
                        refs=self._cite(last),
                    )
                )
        if near:
            s = near[0]
            lines.append(
                Line(
                    text=L.gettext(
                        "Ask for an introduction to {name}: {reasons}",
                        name=self._short(s.name, s.name_vi),
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

    def _actor_name(self, node_id: str) -> str:
        n = next((x for x in self.view.neighbours if x["id"] == node_id), None)
        if n is None:
            rows = self.store.read(cypher.node(self.partner_side[node_id]), {"id": node_id})
            n = rows[0]["n"] if rows else {"name": node_id}
        return self._short(str(n["name"]), n.get("name_vi"))

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
                    companies[self._short(p.name, p.name_vi)].append(e)
        for name, entries in sorted(companies.items()):
            lines.append(
                Line(
                    text=L.gettext(
                        "Projects and plans of {company} in {home} ({engagement}, {date})",
                        company=name,
                        home=self.home_short,
                        engagement=self._mid(entries[-1]),
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
                        engagement=self._mid(last),
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

    def source_list(self) -> list[SourceEntry]:
        """Each cited source with its title, publisher, publication date and address (saying
        so where the source gives none), never an internal file name."""
        L, out = self.L, []
        for sid, number in sorted(self.refs.order.items(), key=lambda kv: kv[1]):
            rows = self.store.read(cypher.SOURCE_META, {"id": sid})
            meta = rows[0] if rows else {"title": sid}
            published = meta.get("published")
            detail = "; ".join(
                [
                    str(meta.get("publisher") or L.gettext("publisher not given")),
                    L.date(published) if published else L.gettext("publication date not given"),
                    str(meta.get("url") or L.gettext("no web address given")),
                ]
            )
            out.append(
                SourceEntry(
                    number=number,
                    id=sid,
                    title=meta.get("title") or sid,
                    detail=detail,
                    url=meta.get("url"),
                )
            )
        return out

    def picture_graph(self, home_id: str) -> Picture:
        """The partner's engagement neighbourhood: the partner, its engagements with the home
        and their parties (the home among them), its places and people; labels in the brief's
        language. Not the twin list's cities."""
        L = self.L
        nodes: dict[str, tuple[str, str]] = {
            self.view.id: (self.partner_short, self.view.label),
            home_id: (self.home_short, "City"),
        }
        edges: set[tuple[str, str]] = set()
        for e in self.h.entries[:PICTURE_ENGAGEMENTS]:
            nodes[e.id] = (_clip(self._e(e)), e.label)
            for p in e.parties:
                if p.side == "home" and p.label != "City":
                    continue
                key = home_id if p.side == "home" else p.id
                if key not in nodes:
                    nodes[key] = (self._short(p.name, p.name_vi), p.label)
                edges.add((key, e.id))
            if not any(p.side == "partner" and p.id == self.view.id for p in e.parties):
                edges.add((self.view.id, e.id))
        for n in self.view.neighbours:
            mine = (n["type"], n["direction"]) in {
                ("LOCATED_IN", "out"),
                ("PART_OF", "out"),
                ("HOLDS_POSITION", "in"),  # its people
            }
            if mine and len(nodes) < 24:
                nodes.setdefault(n["id"], (self._short(n["name"], n["name_vi"]), n["label"]))
                edges.add((self.view.id, n["id"]))
        return Picture(
            centre=self.view.id,
            home=home_id,
            nodes={k: v for k, v in nodes.items()},
            edges=sorted(edges),
            legend={label: L.term(label) for _, label in nodes.values()},
        )


def _lower_first(text: str) -> str:
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


def _clip(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _count(items: Iterable[str]) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for i in items:
        out[i] += 1
    return dict(out)
