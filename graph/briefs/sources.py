"""The brief's source list: each cited source with its title, publisher, publication date
and address (saying so where the source gives none), never an internal file name."""

from __future__ import annotations

from graph import cypher
from graph.briefs.context import Context
from graph.briefs.model import SourceEntry


def source_list(ctx: Context) -> list[SourceEntry]:
    L, out = ctx.L, []
    cited = sorted(ctx.refs.order.items(), key=lambda kv: kv[1])
    metas = {
        r["id"]: r for r in ctx.store.read(cypher.SOURCES_META, {"ids": [sid for sid, _ in cited]})
    }
    for sid, number in cited:
        meta = metas.get(sid) or {"title": sid}
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
