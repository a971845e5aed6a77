"""Points the partner may raise: the business climate for its investors, the projects of its
companies in the home, the follow-up of its last visit."""

from __future__ import annotations

from collections import defaultdict

from graph.briefs.context import Context
from graph.briefs.i18n import N_
from graph.briefs.model import Line, Section
from graph.briefs.sections import section
from graph.questions.history import HistoryEntry


@section("points_they_raise", order=90)
def points_they_raise(ctx: Context) -> Section:
    L, lines = ctx.L, []
    for t in ctx.h.ties:
        if t.type == "INVESTS_IN" and t.from_id in ctx.partner_side:
            lines.append(
                Line(
                    text=L.gettext(
                        "The business climate for their investors: {partner} is {rank}",
                        partner=ctx.named(t.from_id, t.from_name),
                        rank=L.gettext("investor no. {rank}", rank=t.details["rank"])
                        if t.details.get("rank")
                        else L.gettext("an investor"),
                    ),
                    refs=ctx.refs([t.source]),
                )
            )
    # by id: two companies of one name are two lines
    companies: dict[str, list[HistoryEntry]] = defaultdict(list)
    names: dict[str, str] = {}
    for e in ctx.h.entries:
        for p in e.parties:
            if p.label == "Company" and p.side == "partner":
                companies[p.id].append(e)
                names[p.id] = ctx.short(p.name, p.name_vi)
    for cid in sorted(companies, key=lambda c: (names[c], c)):
        entries = companies[cid]
        lines.append(
            Line(
                text=L.gettext(
                    "Projects and plans of {company} in {home} ({engagement}, {date})",
                    company=names[cid],
                    home=ctx.home_short,
                    engagement=ctx.mid(entries[-1]),
                    date=ctx.date(entries[-1]),
                ),
                refs=ctx.refs(s.id for e in entries for s in e.sources),
            )
        )
    incoming = [e for e in ctx.dated if e.direction == "incoming"]
    if incoming:
        last = incoming[-1]
        lines.append(ctx.on(last, N_("Follow-up of their visit: {engagement} ({date})")))
    return ctx.suggestions("points_they_raise", L.gettext("Points they may raise"), lines)
