"""The relationship timeline: every engagement with the partner in date order, its kind and
who took part in which role."""

from __future__ import annotations

from graph.briefs.context import Context
from graph.briefs.model import Line, Section
from graph.briefs.sections import section


@section("timeline", order=20)
def timeline(ctx: Context) -> Section:
    L = ctx.L
    lines = [
        Line(
            text=f"{ctx.date(e)}: {ctx.title(e)}",
            cells=[
                ctx.date(e),
                ctx.title(e),
                ctx.kind(e),
                ", ".join(f"{ctx.short(p.name, p.name_vi)} ({L.term(p.role)})" for p in e.parties),
            ],
            refs=ctx.cite(e),
        )
        for e in ctx.h.entries
    ]
    columns = [L.gettext("Date"), L.gettext("Engagement"), L.gettext("Kind"), L.gettext("Who")]
    return ctx.section("timeline", L.gettext("Relationship timeline"), lines, columns=columns)
