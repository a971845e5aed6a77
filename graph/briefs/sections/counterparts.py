"""The partner's people: name, position in the brief's language, and the meetings on record."""

from __future__ import annotations

from graph.briefs.context import Context
from graph.briefs.model import Line, Section
from graph.briefs.sections import section


def _cited(ctx: Context) -> list[tuple[str, str]]:
    return [("Person", pid) for pid in ctx.met()]


@section("counterparts", order=40, cites=_cited)
def counterparts(ctx: Context) -> Section:
    L = ctx.L
    lines = []
    met = ctx.met()
    people = ctx.nodes("Person", met)
    for pid, seen in met.items():
        if pid not in people:
            continue
        name, position = ctx.person(people[pid])
        meetings = "; ".join(f"{ctx.date(e)}: {ctx.title(e)}" for e in seen) or L.gettext(
            "none on record"
        )
        lines.append(
            Line(
                text=f"{name}, {position}",
                cells=[name, position, meetings],
                refs=ctx.refs(
                    [*ctx.sources_of("Person", pid), *(s.id for e in seen for s in e.sources)]
                ),
            )
        )
    columns = [L.gettext("Person"), L.gettext("Position"), L.gettext("Previous meetings")]
    return ctx.section("counterparts", L.gettext("Counterparts"), lines, columns=columns)
