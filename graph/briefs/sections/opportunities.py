"""Opportunities: whom to approach about the partner, each with why in plain words.

What each signal of :func:`graph.questions.unexplored.opportunities` says is one row of
:data:`REASONS`: its message and how the entities it goes through are written. The weights
stay in the data (``/api/opportunities/{ref}``), never in the brief.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from graph.briefs.context import Context
from graph.briefs.i18n import N_
from graph.briefs.model import Line, Section
from graph.briefs.sections import section
from graph.questions.unexplored import Reason, Suggestion

__all__ = ["REASONS", "Said", "opportunities", "reasons"]

# How many reasons a suggestion gives, and how many entities a reason names (then "and 2 more").
REASONS_SHOWN = 3
VIA_SHOWN = 3


@dataclass(frozen=True)
class Said:
    """A signal's message; ``via`` says how what it goes through fills its placeholder:
    ``names`` ({cities}, {networks}), ``names_and_countries`` ({cities} with their countries),
    ``sectors`` ({sectors}, as sectors are written inside a sentence). {home}, {partner} and
    {country} (the first entity's country) are always there to use."""

    message: str
    via: Literal["names", "names_and_countries", "sectors"] = "names"


REASONS: dict[str, Said] = {
    "sister_of_home_twin": Said(N_("a sister city of {cities}, as {home} is")),
    "sister_of_partner": Said(N_("a sister city of {cities}, which {home} has worked with")),
    "sister_in_home_country": Said(N_("already a sister city of {cities}, in {country}")),
    "sister_in_partner_countries": Said(
        N_("a sister city of {cities}: countries {home} works with"), "names_and_countries"
    ),
    "shared_membership": Said(N_("a fellow member of {networks}, as {home} is")),
    "priority_sector": Said(N_("works in {sectors}, a priority of {home}"), "sectors"),
    "partner_theme": Said(
        N_("works in {sectors}, a subject of {home}'s engagements with {partner}"), "sectors"
    ),
    "investor": Said(N_("invests in {home}")),
    "works_with_partner": Said(N_("works with {partner}")),
}


def _via(ctx: Context, r: Reason, how: str) -> str:
    if how == "sectors":
        return ", ".join(ctx.sector(v.model_dump()) for v in r.via)
    shown = [
        ctx.short(v.name, v.name_vi)
        + (
            f" ({ctx.country(v.country_code)})"
            if how == "names_and_countries" and v.country_code
            else ""
        )
        for v in r.via[:VIA_SHOWN]
    ]
    more = len(r.via) - len(shown)
    return ", ".join(shown) + (" " + ctx.L.gettext("and {n} more", n=more) if more > 0 else "")


def reasons(ctx: Context, s: Suggestion) -> str:
    """Why, in plain words and in the brief's language."""
    texts = []
    for r in s.reasons[:REASONS_SHOWN]:
        said = REASONS.get(r.signal, REASONS["works_with_partner"])
        via = _via(ctx, r, said.via)
        texts.append(
            ctx.L.gettext(
                said.message,
                cities=via,
                networks=via,
                sectors=via,
                home=ctx.home_short,
                partner=ctx.partner_short,
                country=ctx.country(r.via[0].country_code) if r.via else "",
            )
        )
    return "; ".join(texts)


@section("opportunities", order=70, cites=lambda ctx: [(s.label, s.id) for s in ctx.near])
def opportunities(ctx: Context) -> Section:
    L = ctx.L
    lines = []
    for s in ctx.near:
        name = ctx.short(s.name, s.name_vi)
        if s.country_code and s.label != "Country" and ctx.h.partner.label != "Country":
            name += f", {ctx.country(s.country_code)}"
        lines.append(
            Line(
                text=L.gettext(
                    "{name} ({kind}): {reasons}",
                    name=name,
                    kind=L.term(s.label).lower(),
                    reasons=reasons(ctx, s),
                ),
                refs=ctx.refs(ctx.sources_of(s.label, s.id)),
            )
        )
    return ctx.section(
        "opportunities",
        L.gettext("Opportunities: whom to approach about {partner}", partner=ctx.partner_short),
        lines,
    )
