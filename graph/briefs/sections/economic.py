"""Economic ties with the partner (its investment, its companies), and one line of the home's
own FDI as context, its sources side by side where they disagree."""

from __future__ import annotations

from typing import Any

from babel.numbers import list_currencies

from graph import cypher
from graph.briefs.context import Context, lower_first
from graph.briefs.model import Line, Section
from graph.briefs.sections import section

# Units written as money: every ISO 4217 code CLDR knows (babel).
CURRENCIES = frozenset(list_currencies())


def _companies(ctx: Context) -> list[str]:
    """The partner's own companies (the partner itself not among them)."""
    return [p for p, label in ctx.partner_side.items() if label == "Company" and p != ctx.view.id]


@section("economic", order=50, cites=lambda ctx: [("Company", p) for p in _companies(ctx)])
def economic(ctx: Context) -> Section:
    L = ctx.L
    lines = []
    for t in ctx.h.ties:
        if t.type != "INVESTS_IN":
            continue
        details = ctx.investment(t)
        lines.append(
            Line(
                text=L.gettext(
                    "{investor} invests in {place}",
                    investor=ctx.named(t.from_id, t.from_name),
                    place=ctx.named(t.to_id, t.to_name),
                )
                + (f": {details}" if details else ""),
                refs=ctx.refs([t.source]),
            )
        )
    companies = ctx.nodes("Company", _companies(ctx))
    for pid, company in companies.items():
        sectors = [
            ctx.sector(ctx.sectors[k]) for k, actors in ctx.theme_actors.items() if pid in actors
        ]
        lines.append(
            Line(
                text=L.gettext(
                    "Company of {partner}: {company}",
                    partner=ctx.partner_short,
                    company=ctx.short(company["name"], company.get("name_vi")),
                )
                + (f" ({', '.join(sectors)})" if sectors else ""),
                refs=ctx.refs(ctx.sources_of("Company", pid)),
            )
        )
    figures = [
        f
        for f in ctx.store.read(cypher.indicators_of(ctx.home_view.label), {"id": ctx.home_view.id})
        if f["metric"] == "fdi_attracted"
    ]
    if figures:
        values = sorted(figures, key=lambda f: f["source"])
        name = (values[0]["name_vi"] if L.code == "vi" else None) or values[0]["name"]
        shown = "; ".join(
            _figure(ctx, f) + (f" [{ctx.refs([f['source']])[0]}]" if len(values) > 1 else "")
            for f in values
        )
        differ = len({f["value"] for f in values}) > 1
        lines.append(
            Line(
                text=L.gettext(
                    "For context, {home}: {figure}: {values}",
                    home=ctx.home_short,
                    figure=lower_first(name),
                    values=shown,
                )
                + (" — " + L.gettext("the sources disagree") if differ else ""),
                refs=ctx.refs(f["source"] for f in values),
            )
        )
    return ctx.section("economic", L.gettext("Economic ties"), lines)


def _figure(ctx: Context, f: dict[str, Any]) -> str:
    L = ctx.L
    if f["unit"] in CURRENCIES:
        return L.money(f["value"], f["unit"], approximate=bool(f["approximate"]))
    text = L.number(f["value"], 0) + " " + L.term(f["unit"])
    return L.gettext("nearly {amount}", amount=text) if f["approximate"] else text
