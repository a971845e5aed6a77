"""Shared networks and sister cities: the networks both belong to, whether the partner is a
sister city of the home, their common sister cities, the home's sister cities in the partner."""

from __future__ import annotations

from graph.briefs.context import Context
from graph.briefs.model import Line, Section
from graph.briefs.sections import section


@section("networks", order=60)
def networks(ctx: Context) -> Section:
    L = ctx.L
    lines = []
    home_orgs = {n.id: n for n in ctx.home_view.linked("MEMBER_OF") if n.direction == "out"}
    for n in ctx.view.linked("MEMBER_OF"):
        if n.direction == "out" and n.id in home_orgs:
            lines.append(
                Line(
                    text=L.gettext(
                        "Both are members of {network}", network=L.name(n.name, n.name_vi)
                    ),
                    refs=ctx.refs([n.source, home_orgs[n.id].source]),
                )
            )
    twins = {n.id: n for n in ctx.home_view.linked("TWINNED_WITH")}
    if ctx.view.id in twins:
        lines.append(
            Line(
                text=L.gettext(
                    "{partner} is a sister city of {home}",
                    partner=ctx.partner_name,
                    home=ctx.home_name,
                ),
                refs=ctx.refs([twins[ctx.view.id].source]),
            )
        )
    partner_twins = {n.id: n for n in ctx.view.linked("TWINNED_WITH")}
    for cid in sorted(set(twins) & set(partner_twins)):
        lines.append(
            Line(
                text=L.gettext(
                    "{city} is a sister city of both",
                    city=L.name(twins[cid].name, twins[cid].name_vi),
                ),
                refs=ctx.refs([twins[cid].source, partner_twins[cid].source]),
            )
        )
    inside = sorted(
        (twins[c] for c in set(twins) & set(ctx.partner_side) if c != ctx.view.id),
        key=lambda n: n.name or n.id,
    )
    if inside:
        lines.append(
            Line(
                text=L.gettext(
                    "Sister cities of {home} in {partner}: {cities}",
                    home=ctx.home_name,
                    partner=ctx.partner_name,
                    cities=", ".join(L.name(n.name, n.name_vi) for n in inside),
                ),
                refs=ctx.refs(n.source for n in inside),
            )
        )
    return ctx.section("networks", L.gettext("Shared networks and sister cities"), lines)
