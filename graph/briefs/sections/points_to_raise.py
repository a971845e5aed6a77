"""Points to raise, from the partner's own record: a next step when it has gone quiet, the
themes of its engagements and actors (the most engaged first), its investment, agreements
without follow-up, counterparts to meet again, and an introduction to the first opportunity."""

from __future__ import annotations

from graph.briefs.context import Context
from graph.briefs.i18n import N_
from graph.briefs.model import Line, Section
from graph.briefs.sections import section
from graph.briefs.sections.opportunities import reasons

# How many subjects of the partner's record are raised one by one (the others in one line).
THEMES_SHOWN = 4
# How many engagements a subject names as its examples.
EXAMPLES = 2


def _cited(ctx: Context) -> list[tuple[str, str]]:
    """The first opportunity, and the actors of the record's themes."""
    actors = {a for of_theme in ctx.theme_actors.values() for a in of_theme}
    return [
        *((s.label, s.id) for s in ctx.near[:1]),
        *sorted((ctx.partner_side[a], a) for a in actors),
    ]


@section("points_to_raise", order=80, cites=_cited)
def points_to_raise(ctx: Context) -> Section:
    L, lines = ctx.L, []
    summary = ctx.h.summary
    if summary.status == "dormant" and ctx.dated:
        last = ctx.dated[-1]
        lines.append(
            ctx.on(
                last,
                N_(
                    "No contact for {months} months since {engagement} ({date}): propose a concrete next step"  # noqa: E501
                ),
                months=summary.months_since_last,
            )
        )
    lines += _themes(ctx)
    for t in ctx.h.ties:  # the partner's figures
        if t.type == "INVESTS_IN" and t.from_id in ctx.partner_side:
            lines.append(
                Line(
                    text=L.gettext(
                        "Investment: {investor} in {place} ({details}); ask what would bring more",
                        investor=ctx.named(t.from_id, t.from_name),
                        place=ctx.named(t.to_id, t.to_name),
                        details=ctx.investment(t) or L.gettext("an investor"),
                    ),
                    refs=ctx.refs([t.source]),
                )
            )
    for e in ctx.h.entries:
        if e.label == "Agreement" and not ctx.follow_up(e):
            lines.append(
                ctx.on(
                    e,
                    N_(
                        "{agreement} ({date}) has no follow-up on record: ask how it is being carried out"  # noqa: E501
                    ),
                    agreement=ctx.title(e),
                )
            )
    met_before = {pid: met for pid, met in ctx.met().items() if met}
    people = ctx.nodes("Person", met_before)
    for pid, met in met_before.items():  # counterparts met before
        if person := people.get(pid):
            name, _ = ctx.person(person)
            last = met[-1]
            lines.append(
                ctx.on(last, N_("Meet again {person}, met at {engagement} ({date})"), person=name)
            )
    if ctx.near:
        s = ctx.near[0]
        lines.append(
            Line(
                text=L.gettext(
                    "Ask for an introduction to {name}: {reasons}",
                    name=ctx.short(s.name, s.name_vi),
                    reasons=reasons(ctx, s),
                ),
                refs=ctx.refs(ctx.sources_of(s.label, s.id)),
            )
        )
    return ctx.suggestions("points_to_raise", L.gettext("Points to raise"), lines)


def _themes(ctx: Context) -> list[Line]:
    """The themes of the partner's own record, the most engaged first."""
    L, lines = ctx.L, []
    home_sectors = {n.id for n in ctx.home_view.linked("PRIORITISES")}
    ranked = sorted(
        ctx.sectors,
        key=lambda k: (
            -len(ctx.themes[k]) - len(ctx.theme_actors[k]),
            k in home_sectors,  # a priority of the home is raised anyway when it is ours
            ctx.sector(ctx.sectors[k]),
        ),
    )
    for sid in ranked[:THEMES_SHOWN]:
        entries, actors = ctx.themes[sid], ctx.theme_actors[sid]
        said = [
            L.ngettext(
                "the subject of {n} engagement with {partner} ({engagements})",
                "the subject of {n} engagements with {partner} ({engagements})",
                len(entries),
                partner=ctx.partner_short,
                engagements="; ".join(f"{ctx.mid(e)}, {ctx.date(e)}" for e in entries[:EXAMPLES]),
            )
            if entries
            else "",
            L.gettext("the field of {actors}", actors=", ".join(ctx.actor_name(a) for a in actors))
            if actors
            else "",
            L.gettext("a priority of {home}", home=ctx.home_short) if sid in home_sectors else "",
        ]
        lines.append(
            Line(
                text=L.gettext(
                    "Raise {sector}: {facts}",
                    sector=ctx.sector(ctx.sectors[sid]),
                    facts="; ".join(x for x in said if x),
                ),
                refs=ctx.refs(
                    [
                        *(s.id for e in entries for s in e.sources),
                        *(src for a in actors for src in ctx.sources_of(ctx.partner_side[a], a)),
                    ]
                ),
            )
        )
    rest = ranked[THEMES_SHOWN:]
    if rest:
        lines.append(
            Line(
                text=L.gettext(
                    "Other subjects on record: {sectors}",
                    sectors=", ".join(ctx.sector(ctx.sectors[k]) for k in rest),
                ),
                refs=ctx.refs(s.id for k in rest for e in ctx.themes[k] for s in e.sources),
            )
        )
    return lines
