"""Server-rendered pages: home, search, entity, source, network view and Cypher console.

Every script, style and font comes from the app itself (no CDN); Jinja escapes every value from
the data; data for scripts travels as JSON in ``<script type="application/json">`` blocks, never
as code, and a Content-Security-Policy forbids inline scripts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlencode, urlsplit

from babel import Locale
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from jinja2.runtime import Context

from api.deps import Home, IsoDate, State, chosen_home
from api.errors import page_texts
from api.reasons import said
from graph import cypher
from graph.briefs.i18n import LANGUAGES, Language
from graph.choices import BriefFormat, Direction, Lang
from graph.dates import shown
from graph.errors import NotFound, UnknownHome, ValidationError
from graph.questions import SearchHit, dormant, find_entity, history, search, show
from graph.questions.localities import localities
from graph.questions.lookup import MAX_SEARCH_TEXT, Neighbour
from graph.schema import Model
from graph.style import label_style

__all__ = ["language_of", "render_error", "router"]

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")

router = APIRouter(include_in_schema=False)


LANG_COOKIE = "partnergraph_lang"
"""Remembers the language a visitor chose (a year), until they choose another."""


def language_of(request: Request) -> Language:
    """The page's language: the one the visitor chose (cookie), else the app's setting."""
    code = request.cookies.get(LANG_COOKIE)
    if code not in LANGUAGES:
        code = request.app.state.partnergraph.settings.lang
    return Language.get(code, "web")


def _term(lang: Language, word: str | None) -> str:
    """A word of the data (a label, role, status, kind) as the page's language says it."""
    if not word:
        return ""
    text = lang.gettext(word)
    if text == word and lang.code == "en":
        return {"mou": "MoU"}.get(word, word.replace("_", " "))
    return text


def _page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    state = request.app.state.partnergraph
    lang = language_of(request)
    home = chosen_home(request) or _default_home(state)
    # a home other than the setting's is kept in every link and form of the page
    carry = home.id if home and home.id != state.settings.home else None
    return templates.TemplateResponse(
        request,
        template,
        {
            "home_id": home.id if home else state.settings.home,
            "home_shown": _name(lang, home) if home else state.settings.home,
            "carry_home": carry,
            "link": lambda path: with_home(path, carry),
            "writable": state.writable,
            "lang": lang.code,
            "other_lang": "en" if lang.code == "vi" else "vi",
            "_": lang.gettext,
            "N": lang.ngettext,
            "term": lambda word: _term(lang, word),
            "name_of": lambda row: _name(lang, row),
            "kinds": {k: _term(lang, k) for k in state.store.model.styles},
            "error_texts": lambda: page_texts(lang),
            **context,
        },
        status_code=status,
    )


def _name(lang: Language, row: Any) -> str:
    """An entity's name in the page's language (the other one where it is the only one)."""

    def get(key: str) -> Any:
        return row.get(key) if isinstance(row, dict) else getattr(row, key, None)

    first, second = ("name_vi", "name") if lang.code == "vi" else ("name", "name_vi")
    return str(get(first) or get(second) or get("id") or "")


def _default_home(state: Any) -> SearchHit | None:
    try:
        hit: SearchHit = state.home()
        return hit
    except NotFound:  # a graph without its home yet: the pages still open
        return None


def with_home(path: str, home: str | None) -> str:
    """An address of the app that keeps the home chosen (none: the setting's, nothing added).

    >>> with_home("/sources/seed-000?at=5&length=9#evidence", "da-nang-vn")
    '/sources/seed-000?at=5&length=9&home=da-nang-vn#evidence'
    >>> with_home("/entities/dk", None)
    '/entities/dk'
    """
    if not home:
        return path
    path, hash_, fragment = path.partition("#")
    return f"{path}{'&' if '?' in path else '?'}{urlencode({'home': home})}{hash_}{fragment}"


def render_error(
    request: Request,
    status: int,
    message: str,
    *,
    msgid: str | None = None,
    params: Mapping[str, object] | None = None,
    detail: bool = False,
) -> Response:
    """An error page in the page's language: ``msgid`` (a web catalogue id) with ``params``,
    and the English ``message`` below it if ``detail`` (no ``msgid``: the message alone). A
    name that matched nothing lists its close matches as links, and a home that is none
    (``?home=``) the localities it comes close to, each a link to this page for it."""
    asked = request.query_params.get("home")
    if status == 404 and asked and chosen_home(request) is None:
        try:
            request.app.state.partnergraph.home(asked)
        except UnknownHome as exc:
            return _unknown_home(request, exc)
    close: list[Any] = []
    ref = request.path_params.get("ref") or request.query_params.get("centre")
    if status == 404 and ref and len(ref) <= MAX_SEARCH_TEXT:
        found = search(request.app.state.partnergraph.store, ref, limit=6)
        close = _with_countries(language_of(request), found)
    said = language_of(request).gettext(msgid, **(params or {})) if msgid else message
    return _page(
        request,
        "error.html",
        status=status,
        status_code=status,
        message=said,
        detail=message if msgid and detail else None,
        close=close,
    )


def _unknown_home(request: Request, exc: UnknownHome) -> Response:
    lang = language_of(request)
    store = request.app.state.partnergraph.store
    close = _with_countries(lang, [find_entity(store, i) for i in exc.close])
    for hit in close:  # this very page, for that home
        query = {**request.query_params, "home": hit["id"]}
        hit["href"] = f"{request.url.path}?{urlencode(query)}"
    message = lang.gettext(
        "No city or province called “{home}” is in the graph; choose one below or search.",
        home=exc.ref,
    )
    return _page(request, "error.html", status=404, status_code=404, message=message, close=close)


@router.get("/lang/{code}")
def choose_language(
    code: Lang, next: Annotated[str, Query(max_length=2000)] = "/"
) -> RedirectResponse:
    """Switch the pages' language and remember it (a cookie), back to the page it came from."""
    parts = urlsplit(next)
    back = next if next.startswith("/") and not parts.netloc and not next.startswith("//") else "/"
    response = RedirectResponse(back, status_code=303)
    response.set_cookie(LANG_COOKIE, code, max_age=365 * 86400, samesite="lax", httponly=True)
    return response


@router.get("/", response_class=HTMLResponse)
def home(request: Request, state: State, home: Home) -> HTMLResponse:
    counts = state.counts()
    quiet = dormant(state.store, home=home.id, months=state.settings.dormant_months)
    lang = language_of(request)
    rels = state.store.model.rels
    return _page(
        request,
        "home.html",
        home=home,
        counts={k: v for k, v in counts.items() if v and k != "ReviewItem" and k not in rels},
        links=[(LINK_COUNTS[k], v) for k, v in counts.items() if v and k in LINK_COUNTS],
        dormant=quiet,
        suggestions=state.unexplored(home=home.id, limit=10, labels=None),
        said=lambda reason: said(lang, reason, _name(lang, home)),
    )


LINK_COUNTS = {
    "PARTICIPATED_IN": ("{n} part taken in an engagement", "{n} parts taken in engagements"),
    "TWINNED_WITH": ("{n} twinning", "{n} twinnings"),
    "WORKS_WITH": ("{n} working partnership", "{n} working partnerships"),
    "MEMBER_OF": ("{n} membership", "{n} memberships"),
    "INVESTS_IN": ("{n} investment", "{n} investments"),
    "HOLDS_POSITION": ("{n} position held", "{n} positions held"),
    "PART_OF": ("{n} body within another", "{n} bodies within others"),
    "LOCATED_IN": ("{n} place within a country or city", "{n} places within a country or city"),
    "CONCERNS": ("{n} subject of an engagement", "{n} subjects of engagements"),
    "PRIORITISES": ("{n} priority sector", "{n} priority sectors"),
    "MEASURES": ("{n} figure about an entity", "{n} figures about entities"),
    "SOURCED_FROM": ("{n} citation of a source", "{n} citations of sources"),
}
"""The home page's counts of relationships in plain words (the schema's names are the
console's, for those who write Cypher)."""


@router.get("/dormant", response_class=HTMLResponse)
def dormant_page(
    request: Request,
    state: State,
    home: Home,
    as_of: Annotated[IsoDate | None, Query(description="YYYY-MM-DD")] = None,
    months: Annotated[int | None, Query(ge=1, le=600)] = None,
) -> HTMLResponse:
    """Every partner and agreement gone quiet, as of a date (default: where the sources reach)."""
    quiet = dormant(
        state.store,
        home=home.id,
        months=months or state.settings.dormant_months,
        as_of=as_of,
    )
    return _page(request, "dormant.html", dormant=quiet)


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    state: State,
    home: Home,
    q: Annotated[str, Query(max_length=MAX_SEARCH_TEXT)] = "",
) -> HTMLResponse:
    hits = search(state.store, q, limit=50) if q.strip() else []
    return _page(request, "search.html", q=q, hits=_with_countries(language_of(request), hits))


def _with_countries(lang: Language, hits: list[Any]) -> list[dict[str, Any]]:
    """Search hits with their country's name in the page's language ("Esbjerg · Đan Mạch")."""
    territories = Locale.parse(lang.locale).territories
    return [
        {**h.model_dump(), "country_name": territories.get((h.country or "").upper())} for h in hits
    ]


# Each relationship in plain words, as the entity's page groups its neighbours: (type,
# direction from the entity) -> heading, in the order of the page (partners and engagements
# first, the long lists of places last).
NEIGHBOUR_GROUPS: dict[tuple[str, str], str] = {
    ("PARTICIPATED_IN", "out"): "Took part in",
    ("PARTICIPATED_IN", "in"): "Parties",
    ("TWINNED_WITH", "both"): "Twinned with",
    ("WORKS_WITH", "both"): "Works with",
    ("MEMBER_OF", "out"): "Member of",
    ("MEMBER_OF", "in"): "Members",
    ("INVESTS_IN", "out"): "Invests in",
    ("INVESTS_IN", "in"): "Investors",
    ("HOLDS_POSITION", "in"): "People who hold positions here",
    ("HOLDS_POSITION", "out"): "Holds a position at",
    ("PART_OF", "out"): "Part of",
    ("PART_OF", "in"): "Bodies within it",
    ("PRIORITISES", "out"): "Priority sectors",
    ("PRIORITISES", "in"): "Prioritised by",
    ("CONCERNS", "out"): "Concerns",
    ("CONCERNS", "in"): "Engagements about it",
    ("MEASURES", "out"): "Measures",
    ("MEASURES", "in"): "Figures about it",
    ("LOCATED_IN", "out"): "Located in",
    ("LOCATED_IN", "in"): "Places and bodies in it",
}
TIE_WORDS = {
    "INVESTS_IN": "invests in",
    "MEMBER_OF": "is a member of",
    "TWINNED_WITH": "is twinned with",
    "WORKS_WITH": "works with",
}
"""Standing ties between the two sides, as a sentence's verb."""
COLLAPSE_OVER = 12
"""A group with more neighbours than this is collapsed behind its count."""

CAMEO = {
    "042": "makes a visit",
    "043": "hosts a visit",
    "044": "meets at a third place",
    "057": "signs a formal agreement",
    "061": "cooperates economically",
}
"""CAMEO event codes as words; the code itself is kept in a tooltip."""


def _neighbour_groups(
    model: Model,
    lang: Language,
    neighbours: list[Neighbour],
    sources: dict[str, dict[str, Any]],
) -> list[dict[str, Any]]:
    grouped: dict[tuple[str, str], list[Neighbour]] = {}
    for n in neighbours:
        symmetric = n.type in model.rels and model.rels[n.type].symmetric  # shown both ways
        key: tuple[str, str] = (n.type, "both" if symmetric else n.direction)
        grouped.setdefault(key, []).append(n)
    order = list(NEIGHBOUR_GROUPS)
    groups = []
    for key in sorted(grouped, key=lambda k: order.index(k) if k in order else len(order)):
        rows = sorted(grouped[key], key=lambda r: (_name(lang, r).casefold(), r.id))
        cited = {r.source for r in rows}
        groups.append(
            {
                "key": key[0].lower() + "-" + key[1],
                "heading": lang.gettext(NEIGHBOUR_GROUPS.get(key, key[0].lower())),
                "rows": rows,
                "collapsed": len(rows) > COLLAPSE_OVER,
                "source": sources.get(cited.pop()) if len(cited) == 1 else None,
            }
        )
    return groups


def _sources(state: Any, ids: set[str]) -> dict[str, dict[str, Any]]:
    """Each cited source's title and, where it has one, its date of publication."""
    found = {}
    for sid in sorted(i for i in ids if i):
        rows = state.store.read(cypher.node("Source"), {"id": sid})
        if rows:
            n = rows[0]["n"]
            when = n.get("published")
            found[sid] = {"id": sid, "title": n.get("name") or sid, "date": str(when or "")[:10]}
    return found


def _facts(lang: Language, label: str, props: dict[str, Any]) -> list[dict[str, Any]]:
    """The properties a reader wants, named in plain words: no ids, hashes, flags or codes."""
    p = props
    facts: list[dict[str, Any]] = []

    def add(name: str, value: Any, tip: str | None = None) -> None:
        if value not in (None, "", []):
            facts.append({"name": lang.gettext(name), "value": value, "tip": tip})

    add("Also called", ", ".join(a for a in (p.get("aliases") or []) if a != p.get("name")))
    if label == "Person":
        add("Position", p.get("title_vi") if lang.code == "vi" else p.get("title"))
    add("Kind", _term(lang, p.get("kind")))
    code = p.get("country_code") or (p.get("iso2") if label == "Country" else None)
    if code and label != "Country":
        add("Country", Locale.parse(lang.locale).territories.get(code.upper(), code))
    if p.get("population"):
        add("Population", lang.number(p["population"], 0))
    add("Date", shown(p.get("date"), p.get("date_precision"), lang.code) or None)
    add("Direction", _term(lang, p.get("direction")))
    add("Level", _term(lang, p.get("level")))
    add("Purpose", p.get("purpose"))
    add("Status", _term(lang, p.get("status")))
    if p.get("cameo"):
        add("Kind of event", lang.gettext(CAMEO.get(p["cameo"], p["cameo"])), f"CAMEO {p['cameo']}")
    add("Until", shown(p.get("until"), "day", lang.code) or None)
    if label == "Indicator" and p.get("value") is not None:
        add("Value", _amount(lang, p["value"], str(p.get("unit") or ""), p.get("approximate")))
        add("Period", _period(lang, p.get("period")))
    add("Description", p.get("description"))
    return facts


def _amount(lang: Language, value: float, unit: str, approximate: Any) -> str:
    """An indicator's value with its unit: money in millions as the briefs write it ("2.061,53
    triệu USD"), a count with its unit's word ("gần 30 biên bản ghi nhớ", "nearly 30 MoUs";
    English adds the plural's s, Vietnamese has none)."""
    if len(unit) == 3 and unit.isupper():  # an ISO 4217 currency
        return lang.money(value, unit, approximate=bool(approximate))
    word = _term(lang, unit)
    if lang.code == "en" and value != 1 and word and not word.endswith("s"):
        word += "s"
    amount = f"{lang.number(value, 0)} {word}".strip()
    return lang.gettext("nearly {amount}", amount=amount) if approximate else amount


def _period(lang: Language, period: str | None) -> str | None:
    """An indicator's period as the page writes dates: "2022-01-01/2022-12-20" is "1/1/2022 –
    20/12/2022" (1 Jan 2022 – 20 Dec 2022), "to 2022" "đến 2022"; anything else as it is."""
    if not period:
        return None
    start, slash, end = period.partition("/")
    if slash and _is_day(start) and _is_day(end):
        return lang.gettext(
            "{start} – {end}",
            start=shown(start, "day", lang.code),
            end=shown(end, "day", lang.code),
        )
    if period.startswith("to ") and period[3:].isdigit():
        return lang.gettext("to {year}", year=period[3:])
    return period


def _tie_names(state: Any, lang: Language, timeline: Any, known: list[Any]) -> dict[str, str]:
    """The names of both ends of each standing tie in the page's language (a tie carries the
    English ones): from what the page already holds, else looked up by id."""
    if not timeline or not timeline.ties:
        return {}
    names = {}
    for row in known:
        key = row.get("id") if isinstance(row, dict) else getattr(row, "id", None)
        if key:
            names[key] = _name(lang, row)
    for end in {i for t in timeline.ties for i in (t.from_id, t.to_id)} - set(names):
        rows = state.store.read(cypher.node_by_id(state.store.model), {"id": end})
        if rows:
            names[end] = _name(lang, rows[0])
    return names


def _is_day(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


@router.get("/entities/{ref}", response_class=HTMLResponse)
def entity_page(request: Request, state: State, home: Home, ref: str) -> HTMLResponse:
    lang = language_of(request)
    view = show(state.store, ref)
    label = state.store.model.labels[view.label]
    timeline = None
    precision: dict[str | None, str | None] = {}
    engaging = (  # the same for every visitor until the graph changes: kept per home
        state.remember(
            ("localities", view.id, home.id),
            lambda: localities(state.store, view.id, home=home.id),
        )
        if label.group == "actor"
        else None
    )
    if label.group == "actor" and view.id != home.id:
        timeline = history(
            state.store,
            view.id,
            home=home.id,
            dormant_months=state.settings.dormant_months,
        )
        for e in reversed(timeline.entries):  # the most precise date wins
            if precision.get(e.date) != "day":
                precision[e.date] = e.date_precision
    cited = {s.source for s in view.sources} | {n.source for n in view.neighbours}
    if timeline:
        cited |= {s.id for e in timeline.entries for s in e.sources}
        cited |= {t.source for t in timeline.ties}
    sources = _sources(state, cited)
    return _page(
        request,
        "entity.html",
        view=view,
        shown_name=_name(lang, view.properties),
        other_name=view.properties.get("name" if lang.code == "vi" else "name_vi"),
        facts=_facts(lang, view.label, view.properties),
        groups=_neighbour_groups(state.store.model, lang, view.neighbours, sources),
        sources=sources,
        first_precision=precision.get(timeline.summary.first_contact) if timeline else None,
        last_precision=precision.get(timeline.summary.last_contact) if timeline else None,
        group=label.group,
        timeline=timeline,
        tie_words={k: lang.gettext(v) for k, v in TIE_WORDS.items()},
        tie_names=_tie_names(state, lang, timeline, [view.properties, home, *view.neighbours]),
        in_network=view.label in state.store.model.styles,
        localities=engaging,
        localities_country=(
            Locale.parse(lang.locale).territories.get(engaging.country, engaging.country)
            if engaging and engaging.country
            else None
        ),
    )


@router.get("/entities/{ref}/brief")
def brief_form(
    state: State,
    home: Home,
    ref: str,
    lang: Lang = Lang.vi,
    fmt: BriefFormat = BriefFormat.pdf,
    visit_date: Annotated[str, Query(max_length=10)] = "",
    direction: Direction | Literal[""] = "",
) -> RedirectResponse:
    """The entity page's brief form: to the brief with the date and direction chosen."""
    params: dict[str, str] = {"lang": lang}
    if visit_date:
        try:
            dt.date.fromisoformat(visit_date)
        except ValueError:
            raise ValidationError(
                f"the visit date {visit_date!r} is not a date; write it YYYY-MM-DD"
            ) from None
        params["visit_date"] = visit_date
    if direction:
        params["direction"] = direction
    if home.id != state.settings.home:
        params["home"] = home.id
    if fmt != "html":
        params["download"] = "true"
    return RedirectResponse(f"/api/briefs/{quote(ref)}.{fmt}?{urlencode(params)}", 303)


@router.get("/sources/{source_id}", response_class=HTMLResponse)
def source_page(
    request: Request,
    state: State,
    home: Home,
    source_id: str,
    at: Annotated[int | None, Query(ge=0)] = None,
    length: Annotated[int | None, Query(ge=1, le=10_000)] = None,
) -> HTMLResponse:
    """A source with the evidence sentence at ``at`` (``length`` characters) marked."""
    rows = state.store.read(cypher.node("Source"), {"id": source_id})
    if not rows:
        raise NotFound(f"no source {source_id!r}; sources are listed on each entity's page")
    source = {k: v for k, v in rows[0]["n"].items() if not k.startswith("_")}
    text: str = source.pop("text", None) or ""
    parts = None
    if text and at is not None and length and at + length <= len(text):
        parts = (text[:at], text[at : at + length], text[at + length :])
    if source.get("ingested_at"):
        source["ingested_at"] = str(source["ingested_at"])[:10]
    if source.get("language"):
        names = Locale.parse(language_of(request).locale).languages
        source["language"] = names.get(source["language"], source["language"])
    return _page(request, "source.html", source=source, text=text, parts=parts)


NETWORK_MESSAGES = {
    "shown": "{shown} of {total} nodes shown, {edges} links",
    "open": "Open its page",
    "centre": "Centre the view here",
    "failed": "The graph could not be loaded.",
    "laying": "Laying out {count} nodes…",
    "cut": "(cut at the node limit)",
    "nothing": "No node here is called {name}",
    "broken": "The network view failed: {error}",
    "degree": "{n} links in the graph",
    "hub": "(a hub: centre the view here to see them all)",
    "engagements": "Engagements: {n}",
    "unplaced": "({n} without a place are not on the map)",
}
REL_WORDS = {
    "PARTICIPATED_IN": "took part in",
    "LOCATED_IN": "located in",
    "PART_OF": "part of",
    "HOLDS_POSITION": "holds a position at",
    "MEMBER_OF": "member of",
    "TWINNED_WITH": "twinned with",
    "INVESTS_IN": "invests in",
    "WORKS_WITH": "works with",
    "CONCERNS": "concerns",
    "PRIORITISES": "prioritises",
    "MEASURES": "measures",
}
"""Relationship types as the network view's filters and details say them."""
"""The network view's own texts, translated here and handed to its script."""


@router.get("/network", response_class=HTMLResponse)
def network_page(
    request: Request,
    state: State,
    home: Home,
    centre: str | None = None,
    depth: Annotated[int, Query(ge=1, le=3)] = 2,
) -> HTMLResponse:
    lang = language_of(request)
    hit = find_entity(state.store, centre) if centre else home
    config = {
        "centre": hit.id,
        # the home chosen, kept in the view's address and its links (none: the setting's)
        "home": home.id if home.id != state.settings.home else None,
        "centreName": _name(lang, hit),
        "graph": f"/api/graph?{urlencode({'centre': hit.id, 'depth': depth, 'evidence': 'false'})}",
        "depth": depth,
        "lang": lang.code,
        "styles": {
            k: {**v, "name": _term(lang, k)} for k, v in label_style(state.store.model).items()
        },
        # what the partners view folds into links and a year hides: the schema's engagements
        "engagements": list(state.store.model.engagement_labels),
        "rels": [r for r in state.store.model.rels if r != "SOURCED_FROM"],
        "messages": {k: lang.gettext(v) for k, v in NETWORK_MESSAGES.items()},
        "words": {
            **{k: lang.gettext(v) for k, v in REL_WORDS.items()},
            **{r: _term(lang, r) for r in state.store.model.enums["role"]},
        },
    }
    return _page(request, "network.html", hit=hit, config=config, depth=depth)


CONSOLE_MESSAGES = {
    "badParams": "The parameters are not valid JSON: {error}",
    "more": "Show {n} more rows ({shown} of {total} shown)",
    "row": "{n} row in {ms} ms",
    "rows": "{n} rows in {ms} ms",
    "cut": "cut at the row cap",
    "graphNote": "The graph shows the first {n} nodes of the results; the table has every row.",
    "running": "Running…",
    "failed": "The query failed.",
    "copied": "Link copied",
    "link": "Link: {url}",
}
"""The Cypher console's own texts, translated here and handed to its script."""


@router.get("/console", response_class=HTMLResponse)
def console_page(request: Request, state: State, home: Home) -> HTMLResponse:
    examples = [
        {"name": e.name, "description": e.description, "query": e.query, "parameters": e.parameters}
        for e in cypher.examples(state.store.dialect, home.id)
    ]
    lang = language_of(request)
    config = {
        "examples": examples,
        "timeoutMs": state.settings.query_timeout_ms,
        "maxRows": state.settings.max_rows,
        "styles": label_style(state.store.model),
        "lang": lang.code,
        "messages": {k: lang.gettext(v) for k, v in CONSOLE_MESSAGES.items()},
    }
    model = state.store.model
    labels = {n: lab for n, lab in model.labels.items() if not lab.internal}
    return _page(
        request,
        "console.html",
        config=config,
        labels=labels,
        rels=model.rels,
        examples=examples,
        first_query="MATCH (c:Country) RETURN c.id, c.name, c.name_vi ORDER BY c.name LIMIT 25",
    )


@router.get("/docs", response_class=HTMLResponse)
def docs_page(request: Request) -> HTMLResponse:
    """Swagger UI over the OpenAPI schema, every file from the app."""
    return templates.TemplateResponse(
        request, "docs.html", {"openapi_url": request.app.openapi_url}
    )


@pass_context
def _date(context: Context, value: str | None, precision: str | None) -> str:
    """A date as precise as its source, in the page's language: 2022, May 2022 or 14 May 2022
    (2022, 5/2022, 14/5/2022)."""
    lang = context.get("lang", "en")
    return shown(value, precision, lang) or Language.get(lang, "web").gettext("undated")


@pass_context
def _number(context: Context, value: float | None, digits: int = 0) -> str:
    """A number as the page's language writes it: 17,178 or 17.178; 8.00 or 8,00."""
    if value is None:
        return ""
    return Language.get(context.get("lang", "en"), "web").number(value, digits)


def _web_address(value: object) -> bool:
    """Whether a value from the data may be a link: http(s) addresses only, so that a
    ``javascript:`` or ``data:`` URL in a source stays text."""
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    return parts.scheme.lower() in {"http", "https"} and bool(parts.netloc)


templates.env.filters["pdate"] = _date
templates.env.filters["num"] = _number
templates.env.tests["web_address"] = _web_address
