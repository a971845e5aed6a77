"""The home a question is asked for: any city, province or country of the graph (one graph may
hold every locality of a country), given by id or by name in either language. A home is a
place: a label things can be located in (the ``LOCATED_IN`` ends of the store's model).

Every question that takes ``home=`` reads it through :func:`find_home`, so that an unknown home
is the same error everywhere: :class:`~graph.errors.UnknownHome`, naming the close matches
(exit code 2 on the command line, 404 in the app).
"""

from __future__ import annotations

from graph import cypher
from graph.errors import NotFound, UnknownHome
from graph.questions.lookup import MAX_SEARCH_TEXT, SearchHit, find_entity, search
from graph.stores.base import GraphStore

__all__ = ["find_home", "home_country"]


def find_home(store: GraphStore, ref: str) -> SearchHit:
    """The place ``ref`` names (an id, or a name in English or Vietnamese), to ask a question
    for; :class:`UnknownHome` with the closest places' names and ids when there is none."""
    try:
        hit = find_entity(store, ref)
    except NotFound:
        hit = None
    places = store.model.rel("LOCATED_IN").to_labels  # cities and provinces, countries
    if hit is not None and hit.label in places:
        return hit
    close = (
        search(store, ref, limit=5, labels=places)
        if ref.strip() and len(ref) <= MAX_SEARCH_TEXT
        else []
    )
    close = [h for h in close if hit is None or h.id != hit.id]
    listed = ", ".join(f"{h.name} ({h.id})" for h in close)
    raise UnknownHome(
        (
            f"{hit.name} ({hit.id}) is a {hit.label}, which cannot be the home"
            if hit
            else f"no home city or province is called {ref[:40]!r}"
        )
        + (
            f"; close matches: {listed}. Give one of these ids as the home (--home, ?home=)"
            if listed
            else "; give the id of a city or province in the graph ('partnergraph search NAME')"
        ),
        ref=ref,
        close=tuple(h.id for h in close),
    )


def home_country(store: GraphStore, home: SearchHit) -> str | None:
    """The ISO code (upper case) of the home's country: its own for a country, else the
    ``country_code`` the node carries."""
    if home.label == "Country":
        return home.id.upper()
    rows = store.read(cypher.node(home.label), {"id": home.id})
    code = rows[0]["n"].get("country_code") if rows else None
    return str(code).upper() if code else None
