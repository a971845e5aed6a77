"""Key facts: what the partner is, where it belongs, the first and last contact, how many
engagements of each kind, and whether the relationship is active or dormant."""

from __future__ import annotations

from graph.briefs.context import Context, count
from graph.briefs.i18n import N_, NN_
from graph.briefs.model import Line, Section
from graph.briefs.sections import section

# What a place the partner belongs to is called, by relationship.
_PLACES = {
    "LOCATED_IN": N_("Located in {place}"),
    "PART_OF": N_("Part of {place}"),
    "HOLDS_POSITION": N_("Holds a position in {place}"),
}
# How many engagements of a kind, by label.
_KINDS = {
    "Visit": NN_("{n} visit", "{n} visits"),
    "Event": NN_("{n} event", "{n} events"),
    "Agreement": NN_("{n} agreement", "{n} agreements"),
}


@section("key_facts", order=10)
def key_facts(ctx: Context) -> Section:
    L, props = ctx.L, ctx.view.properties
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
                refs=ctx.refs(s.source for s in ctx.view.sources),
            )
        )
    said: dict[tuple[str, str], list[str]] = {}
    for n in ctx.view.neighbours:
        if n.type in _PLACES and n.direction == "out":
            said.setdefault((n.type, n.id), []).append(n.source)
    names = {(n.type, n.id): n for n in ctx.view.neighbours}
    for (kind, nid), sources in said.items():
        place = L.name(names[(kind, nid)].name, names[(kind, nid)].name_vi)
        lines.append(Line(text=L.gettext(_PLACES[kind], place=place), refs=ctx.refs(sources)))
    if ctx.dated:
        first, last = ctx.dated[0], ctx.dated[-1]
        lines.append(ctx.on(first, N_("{date}: first contact on record, {engagement}")))
        lines.append(
            ctx.on(
                last,
                N_("{date}: last met, {engagement}; present: {people}"),
                people=ctx.people(last),
            )
        )
    entries, summary = ctx.h.entries, ctx.h.summary
    if entries:
        kinds = ", ".join(
            L.ngettext(*_KINDS[k], n)
            if k in _KINDS
            else L.gettext("{kind}: {n}", kind=L.term(k), n=L.number(n))
            for k, n in sorted(count(e.label for e in entries).items())
        )
        lines.append(
            Line(
                text=L.ngettext(
                    "{n} engagement on record ({kinds})",
                    "{n} engagements on record ({kinds})",
                    len(entries),
                    kinds=kinds,
                ),
                refs=ctx.refs(s.id for e in entries for s in e.sources),
            )
        )
    if summary.status == "dormant" and ctx.dated:
        lines.append(
            Line(
                text=L.gettext(
                    "Dormant: {months} months without contact", months=summary.months_since_last
                ),
                refs=ctx.cite(ctx.dated[-1]),
            )
        )
    elif summary.status == "active" and ctx.dated:
        lines.append(
            Line(text=L.gettext("Active: contact in the last months"), refs=ctx.cite(ctx.dated[-1]))
        )
    return ctx.section("key_facts", L.gettext("Key facts"), lines)
