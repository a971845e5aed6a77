"""Agreements with the partner, their status, and the first later contact that follows each
one up (or none on record)."""

from __future__ import annotations

from graph.briefs.context import Context
from graph.briefs.model import Line, Section
from graph.briefs.sections import section


@section("agreements", order=30)
def agreements(ctx: Context) -> Section:
    L = ctx.L
    lines = []
    for e in ctx.h.entries:
        if e.label != "Agreement":
            continue
        later = ctx.follow_up(e)
        follow = (
            L.gettext(
                "seen: {engagement} ({date})",
                engagement=ctx.mid(later[0]),
                date=ctx.date(later[0]),
            )
            if later
            else L.gettext("none on record")
        )
        lines.append(
            Line(
                text=f"{ctx.date(e)}: {ctx.title(e)}",
                # a status the sources do not give is said so, never guessed
                cells=[ctx.date(e), ctx.title(e), _status(ctx, e.status), follow],
                refs=ctx.refs(
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
    return ctx.section(
        "agreements", L.gettext("Agreements and their status"), lines, columns=columns
    )


def _status(ctx: Context, status: str | None) -> str:
    return ctx.L.term(status) if status else ctx.L.gettext("not stated in the sources")
