"""The article reader on real articles: ``python -m benchmarks.extraction``.

Each article of ``../shared/data/articles/texts`` (24 real news articles in Vietnamese and
English, with gold annotations) is ingested, as ``partnergraph ingest`` would, into its own
fresh copy of the sample graph with the twin-city list loaded (the list is where the false
foreign cities come from), with the home set as its gold file says. The file goes in as it is,
``url:`` and ``published:`` header lines included: reading them is the reader's job.

What the graph then holds is scored as the articles' README says:

- entities: recall of the required gold entities (label-blind and label-aware), precision
  against gold entities and the ``acceptable`` lists, trap hits (``not_entities``); the home
  itself counts neither way; sectors are topics, not partner entities, and are not counted;
- people: for matched people, whether title and organisation agree (half the gold tokens);
- engagements: kind (visit = meeting), status, date (prefix), direction and a participant
  on each side the gold lists, matched one to one greedily by agreeing fields;
- figures: value in base units within 0.5 % and the same unit family;
- time per 1,000 words of the extraction itself (``article_batch``) and of the whole ingest
  (writing included); loading (reference indexes, language models) is measured on its own.

``--verbose`` lists every miss and every extra. ``--only 09`` runs the articles whose file
starts with that prefix.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz.distance import Levenshtein

import ingest.articles as articles
from graph.stores import LadybugStore
from ingest.pipeline import ingest_paths, sample_files

ARTICLES = Path(__file__).resolve().parents[2] / "shared" / "data" / "articles"
ACTORS = ["Country", "City", "Company", "Organisation", "Person"]
ENGAGEMENTS = ["Visit", "Event", "Agreement"]
FIELDS = ["kind", "status", "date", "direction", "participants"]


# -- names as the README compares them ----------------------------------------------------------
def norm(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = re.sub(r"[-‐–—.,]", " ", text)
    return " ".join(text.split())


def same(a: str, b: str) -> bool:
    x, y = norm(a), norm(b)
    if not x or not y:
        return False
    if x == y:
        return True
    budget = 1 if max(len(x), len(y)) <= 10 else 2
    return Levenshtein.distance(x, y, score_cutoff=budget) <= budget


def any_same(names: Iterable[str], others: Iterable[str]) -> bool:
    others = list(others)
    return any(same(a, b) for a in names for b in others)


# -- what the graph holds after one article ---------------------------------------------------
@dataclass
class Entity:
    id: str
    label: str
    names: list[str]
    title: str | None = None
    organisations: list[str] = field(default_factory=list)


@dataclass
class Engagement:
    id: str
    kind: str
    status: str
    date: str | None
    direction: str | None
    parties: list[tuple[list[str], str]]  # names, role
    evidence: str
    confidence: float = 1.0


@dataclass
class Figure:
    value: float
    family: str
    wording: str


def _names(row: dict[str, Any], *extra: str | None) -> list[str]:
    names = [row.get("name"), row.get("name_vi"), *(row.get("aliases") or []), *extra]
    return list(dict.fromkeys(n for n in names if n))


def extracted(
    store: LadybugStore, source: str
) -> tuple[list[Entity], list[Engagement], list[Figure]]:
    entities: dict[str, Entity] = {}
    for label in ACTORS:
        rows = store.read(
            f"MATCH (n:{label})-[m:SOURCED_FROM]->(s:Source {{id: $s}}) "
            "RETURN n.id AS id, n.name AS name, n.name_vi AS name_vi, n.aliases AS aliases, "
            "m.wording AS wording"
            + (", n.title AS title, n.title_vi AS title_vi" if label == "Person" else ""),
            {"s": source},
        )
        for r in rows:
            e = entities.setdefault(r["id"], Entity(r["id"], label, []))
            e.names = list(dict.fromkeys([*e.names, *_names(r, r["wording"])]))
            if label == "Person":
                e.title = r.get("title") or r.get("title_vi")
    for r in store.read(
        "MATCH (p:Person)-[h:HOLDS_POSITION {source: $s}]->(o) RETURN p.id AS p, o.name AS o, "
        "o.name_vi AS o_vi, h.title AS title",
        {"s": source},
    ):
        if r["p"] in entities:
            entities[r["p"]].organisations += [n for n in (r["o"], r["o_vi"]) if n]
            entities[r["p"]].title = entities[r["p"]].title or r["title"]
    engagements: list[Engagement] = []
    for label in ENGAGEMENTS:
        extra = ", e.direction AS direction, e.status AS status" + (
            "" if label == "Visit" else ", e.kind AS kind"
        )
        rows = store.read(
            f"MATCH (e:{label})-[m:SOURCED_FROM]->(s:Source {{id: $s}}) RETURN e.id AS id, "
            f"e.date AS date, e.date_precision AS precision, e.cameo AS cameo, e.description AS d, "
            f"max(m.confidence) AS confidence{extra}",
            {"s": source},
        )
        for r in rows:
            parties = [
                (_names(p, p["wording"]), p["role"])
                for p in store.read(
                    f"MATCH (a)-[p:PARTICIPATED_IN {{source: $s}}]->(e:{label} {{id: $id}}) RETURN a.name AS name, "
                    "a.name_vi AS name_vi, a.aliases AS aliases, p.wording AS wording, p.role AS role",
                    {"s": source, "id": r["id"]},
                )
            ]
            engagements.append(_engagement(label, r, parties))
    figures = [
        Figure(float(r["value"]), _family(r["unit"]), r["wording"] or "")
        for r in store.read(
            "MATCH (i:Indicator)-[m:SOURCED_FROM]->(s:Source {id: $s}) RETURN i.value AS value, "
            "i.unit AS unit, m.wording AS wording",
            {"s": source},
        )
    ]
    return list(entities.values()), engagements, figures


def _engagement(label: str, r: dict[str, Any], parties: list[tuple[list[str], str]]) -> Engagement:
    """The graph's engagement in the gold's terms: an Event of kind meeting is a meeting, of
    kind investment an investment; a Visit with CAMEO 044 met in a third place; a missing
    status is "happened" (or "signed")."""
    date = None
    if r["date"] is not None:
        date = str(r["date"])[: {"day": 10, "month": 7, "year": 4}.get(r["precision"] or "day", 10)]
    if label == "Visit":
        kind, status = "visit", r.get("status") or "happened"
        direction = "third-place" if r["cameo"] == "044" else r.get("direction")
    elif label == "Agreement":
        kind = "agreement"
        status = {"proposed": "planned"}.get(
            r.get("status") or "signed", r.get("status") or "signed"
        )
        direction = r.get("direction")
    else:
        kind = (
            "meeting"
            if r.get("kind") == "meeting"
            else "investment"
            if r.get("kind") == "investment"
            else "event"
        )
        status, direction = r.get("status") or "happened", r.get("direction")
    return Engagement(
        r["id"], kind, status, date, direction, parties, r["d"] or "", r["confidence"] or 1.0
    )


# -- scoring ----------------------------------------------------------------------------------
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


def _family(unit: str) -> str:
    return unit.split()[-1].lower()


def _gold_value(fig: dict[str, Any]) -> tuple[float, str]:
    words = fig["unit"].split()
    scale = _SCALES.get(words[0].lower(), 1.0) if len(words) > 1 else 1.0
    return float(fig["value"]) * scale, _family(fig["unit"])


@dataclass
class Score:
    name: str
    lang: str
    words: int
    seconds: float = 0.0
    ingest_seconds: float = 0.0
    required: int = 0
    found: int = 0
    found_labelled: int = 0
    extracted: int = 0
    correct: int = 0
    traps: int = 0
    people: int = 0
    titles: int = 0
    orgs: int = 0
    gold_eng: int = 0
    eng_extracted: int = 0
    eng_correct: int = 0
    eng_fields: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    eng_paired: int = 0
    dateline: int = 0
    dateline_md: int = 0
    gold_fig: int = 0
    fig_extracted: int = 0
    fig_correct: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    calibration: list[tuple[float, bool, bool]] = field(default_factory=list)
    """Each extracted engagement's confidence, whether it is a correct one, whether dated."""


def _tokens(text: str | None) -> set[str]:
    return set(norm(text or "").replace("'", " ").split())


def score_article(
    gold: dict[str, Any],
    home_id: str,
    got: tuple[list[Entity], list[Engagement], list[Figure]],
    s: Score,
) -> None:
    entities, engagements, figures = got
    home_names = [gold["home"]["name"]]
    is_home = lambda e: e.id == home_id or any_same(e.names, home_names)  # noqa: E731
    gold_entities = [g for g in gold["entities"] if not any_same(g["names"], home_names)]
    mine = [e for e in entities if not is_home(e)]
    for g in gold_entities:
        hits = [e for e in mine if any_same(e.names, g["names"])]
        if g["required"]:
            s.required += 1
            if hits:
                s.found += 1
                s.found_labelled += any(e.label == g["label"] for e in hits)
            else:
                s.misses.append(f"entity {g['label']} {g['names'][0]}")
        if hits and g["label"] == "Person":
            s.people += 1
            person = hits[0]
            gt = _tokens(g.get("title"))
            s.titles += bool(gt) and len(gt & _tokens(person.title)) * 2 >= len(gt)
            go = _tokens(g.get("organisation"))
            s.orgs += bool(go) and any(
                len(go & _tokens(o)) * 2 >= len(go) for o in person.organisations
            )
    for e in mine:
        s.extracted += 1
        if any(any_same(e.names, g["names"]) for g in gold["entities"]) or any(
            any_same(e.names, names) for names in gold["acceptable"]
        ):
            s.correct += 1
        else:
            trap = any_same(e.names, gold["not_entities"])
            s.traps += trap
            s.extras.append(f"{'TRAP ' if trap else ''}{e.label} {e.names[0]!r} ({e.id})")
    _score_engagements(gold, engagements, s)
    _score_figures(gold, figures, s)


def _agree(g: dict[str, Any], x: Engagement) -> dict[str, bool]:
    kinds = {"visit": "visit", "meeting": "visit"}
    sides = {}
    for p in g["participants"]:
        sides.setdefault(p["side"], []).append(p["names"])
    parties_ok = all(
        any(any_same(names, gnames) for names, _ in x.parties for gnames in alts)
        for alts in sides.values()
    )
    return {
        "kind": kinds.get(g["kind"], g["kind"]) == kinds.get(x.kind, x.kind),
        "status": {"signed": "happened"}.get(g["status"], g["status"])
        == {"signed": "happened"}.get(x.status, x.status),
        "date": g["date"] is None or (x.date or "").startswith(g["date"]),
        "direction": g["direction"] == x.direction,
        "participants": parties_ok,
    }


def _score_engagements(gold: dict[str, Any], got: list[Engagement], s: Score) -> None:
    s.gold_eng += len(gold["engagements"])
    s.eng_extracted += len(got)
    pairs = []
    for i, g in enumerate(gold["engagements"]):
        for j, x in enumerate(got):
            agree = _agree(g, x)
            if agree["kind"]:
                pairs.append((sum(agree.values()), i, j, agree))
    pairs.sort(key=lambda p: -p[0])
    used_g: set[int] = set()
    used_x: set[int] = set()
    for _, i, j, agree in pairs:
        if i in used_g or j in used_x:
            continue
        used_g.add(i)
        used_x.add(j)
        s.eng_paired += 1
        for f, ok in agree.items():
            s.eng_fields[f] += ok
        g = gold["engagements"][i]
        s.calibration.append((got[j].confidence, all(agree.values()), got[j].date is not None))
        if all(agree.values()):
            s.eng_correct += 1
        else:
            wrong = ", ".join(f for f, ok in agree.items() if not ok)
            x = got[j]
            parties = ""
            if not agree["participants"]:
                want = "; ".join(f"{p['side']} {p['names'][0]}" for p in g["participants"])
                have = "; ".join(f"{r} {n[0]}" for n, r in x.parties if n)
                parties = f"\n            want {want}\n            have {have or '-'}"
            s.misses.append(
                f"engagement {g['kind']}/{g['status']} {g['date']} {g['direction']}: got "
                f"{x.kind}/{x.status} {x.date} {x.direction} [{wrong}]{parties}"
            )
        if g["date_basis"] in {"dateline", "inferred"} and g["date"] and len(g["date"]) == 10:
            s.dateline += 1
            s.dateline_md += (got[j].date or "")[4:10] == g["date"][4:10]
    for i, g in enumerate(gold["engagements"]):
        if i not in used_g:
            s.misses.append(
                f"engagement {g['kind']}/{g['status']} {g['date']} {g['direction']}: not found"
            )
    for j, x in enumerate(got):
        if j not in used_x:
            s.calibration.append((x.confidence, False, x.date is not None))
            s.extras.append(f"engagement {x.kind} {x.date} {x.direction}: {x.evidence[:70]!r}")


def _score_figures(gold: dict[str, Any], got: list[Figure], s: Score) -> None:
    s.gold_fig += len(gold["figures"])
    s.fig_extracted += len(got)
    free = list(got)
    for fig in gold["figures"]:
        value, family = _gold_value(fig)
        hit = next(
            (f for f in free if f.family == family and abs(f.value - value) <= 0.005 * abs(value)),
            None,
        )
        if hit:
            free.remove(hit)
            s.fig_correct += 1
        else:
            s.misses.append(f"figure {fig['text']!r}")
    s.extras += [f"figure {f.value:g} {f.family} ({f.wording!r})" for f in free]


# -- running ----------------------------------------------------------------------------------
def home_of(store: LadybugStore, home: dict[str, str]) -> str:
    """The id a user would set as home (``--home``) for the gold's home locality: the graph's
    node of that name, else its slug and country ("quang-ninh-vn") where the reference data (a GeoNames city, an ISO
    3166-2 province) knows it, after what the graph itself holds by that name."""
    from graph.text import slug
    from ingest.reference import CITIES
    from ingest.resolve import Resolver

    resolver = Resolver(store)
    res = resolver.resolve(home["name"], ["City"], country=home["country"], fuzzy=False)
    if res.status == "match" and res.best.how == "graph":
        return res.best.id
    guess = f"{slug(home['name'])}-{home['country'].lower()}"
    if CITIES.by_id(guess) is not None or res.status != "match":
        return guess
    return res.best.id


def _timed(fn: Callable[..., Any], spent: list[float]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            spent.append(time.perf_counter() - t)

    return wrapper


def _load_time() -> float:
    """Reference indexes and language tools, loaded once per process as the ingest does."""
    from graph.schema import MODEL
    from ingest.resolve import Resolver

    t = time.perf_counter()
    for lang_text in (
        "Chiều 14-5, ông Nguyễn Văn A tiếp đoàn thành phố Esbjerg (Đan Mạch).",
        "On May 14, Mayor John Smith of Esbjerg, Denmark, visited the city.",
    ):
        articles.article_batch(
            lang_text, path=Path("warm-up.txt"), resolver=Resolver(model=MODEL), home="x-vn"
        )
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=Path, default=ARTICLES)
    parser.add_argument("--only", default="", help="run the articles whose file starts with this")
    parser.add_argument("--verbose", "-v", action="store_true", help="list misses and extras")
    parser.add_argument("--json", type=Path, help="also write the per-article scores here")
    parser.add_argument(
        "--base",
        type=Path,
        help="keep the sample graph here and reuse it on the next run (faster while working on "
        "the reader; the sample's own articles then stay as the earlier code read them)",
    )
    args = parser.parse_args()
    golds = sorted((args.articles / "gold").glob(f"{args.only}*.json"))
    if not golds:
        raise SystemExit(f"no gold files in {args.articles / 'gold'}")
    work = Path(tempfile.mkdtemp(prefix="pg-extraction-bench-"))
    base = (args.base or work / "base") / "graph.lbdb"
    t = time.perf_counter()
    built = not base.exists()
    with LadybugStore(base) as store:
        if built:
            ingest_paths(store, sample_files(reference=True))
        homes = {p.name: home_of(store, json.loads(p.read_text())["home"]) for p in golds}
    if built:
        print(f"sample graph with the twin-city list built in {time.perf_counter() - t:.0f} s")
    load = _load_time()
    spent: list[float] = []
    articles.article_batch = _timed(articles.article_batch, spent)  # type: ignore[assignment]
    scores: list[Score] = []
    try:
        for gold_path in golds:
            gold = json.loads(gold_path.read_text())
            text_path = args.articles / gold["file"]
            body = text_path.read_text(encoding="utf-8").split("\n", 3)[-1]
            db = work / gold_path.stem / "graph.lbdb"
            shutil.copytree(base.parent, db.parent)
            s = Score(gold_path.stem, gold["language"], len(body.split()))
            home = homes[gold_path.name]
            with LadybugStore(db) as store:
                spent.clear()
                t = time.perf_counter()
                report = ingest_paths(store, [text_path], home=home)[0]
                s.ingest_seconds = time.perf_counter() - t
                s.seconds = sum(spent)
                score_article(gold, home, extracted(store, report.source), s)
            shutil.rmtree(db.parent)
            scores.append(s)
            print(_row(s), flush=True)
            if args.verbose:
                for line in s.misses:
                    print(f"      miss  {line}")
                for line in s.extras:
                    print(f"      extra {line}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print()
    print(f"loading (reference indexes, language tools), once per process: {load:.1f} s")
    print(_HEADER)
    for lang in ("en", "vi"):
        if any(s.lang == lang for s in scores):
            print(_total(lang, [s for s in scores if s.lang == lang]))
    print(_total("all", scores))
    print()
    print(_calibration(scores))
    if args.json:
        args.json.write_text(json.dumps([s.__dict__ for s in scores], indent=1, ensure_ascii=False))


_HEADER = (
    "| set | articles | words | entity recall (label-aware) | precision | trap hits | people title / org |"
    " engagements correct (recall, precision) | fields agreeing of paired (kind status date dir parties) |"
    " dateline day-month | figures (recall, precision) | extraction s/1k words (median, max) | ingest s/1k words |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
)


def _row(s: Score) -> str:
    rec = s.found / s.required if s.required else 1.0
    prec = s.correct / s.extracted if s.extracted else 1.0
    return (
        f"{s.name[:44]:44} R {rec:.2f} P {prec:.2f} ({s.correct}/{s.extracted}, traps {s.traps}) "
        f"eng {s.eng_correct}/{s.gold_eng} of {s.eng_extracted} fig {s.fig_correct}/{s.gold_fig} of {s.fig_extracted} "
        f"{s.seconds / s.words * 1000:.2f} s/1kw"
    )


def _total(name: str, scores: list[Score]) -> str:
    def tot(attr: str) -> int:
        return sum(getattr(s, attr) for s in scores)

    def ratio(a: int, b: int) -> str:
        return f"{a / b:.2f} ({a}/{b})" if b else "-"

    words = tot("words")
    per = [s.seconds / s.words * 1000 for s in scores]
    fields = " ".join(str(sum(s.eng_fields[f] for s in scores)) for f in FIELDS)
    return (
        f"| {name} | {len(scores)} | {words} | {ratio(tot('found'), tot('required'))} "
        f"({tot('found_labelled') / max(tot('required'), 1):.2f}) | {ratio(tot('correct'), tot('extracted'))} | "
        f"{tot('traps')} | {tot('titles')} / {tot('orgs')} of {tot('people')} | "
        f"{ratio(tot('eng_correct'), tot('gold_eng'))}, {ratio(tot('eng_correct'), tot('eng_extracted'))} | "
        f"{fields} of {tot('eng_paired')} | {tot('dateline_md')}/{tot('dateline')} | "
        f"{ratio(tot('fig_correct'), tot('gold_fig'))}, {ratio(tot('fig_correct'), tot('fig_extracted'))} | "
        f"{statistics.median(per):.2f}, {max(per):.2f} | {sum(s.ingest_seconds for s in scores) / words * 1000:.2f} |"
    )


def _calibration(scores: list[Score]) -> str:
    """How far the engagements' confidence is to be trusted: the share correct at each
    confidence, and what a review threshold there would hold back."""
    seen = sorted((c, ok) for s in scores for c, ok, _ in s.calibration)
    if not seen:
        return "no engagement extracted"
    lines = [
        "| engagement confidence | extracted | correct | held for review at review_below above it |"
    ]
    lines.append("|---|---|---|---|")
    for level in sorted({c for c, _ in seen}):
        at = [ok for c, ok in seen if c == level]
        below = [ok for c, ok in seen if c <= level]
        lines.append(
            f"| {level:.2f} | {len(at)} | {sum(at)} | {len(below)} ({sum(below)} of them correct) |"
        )
    undated = [ok for s in scores for _, ok, dated in s.calibration if not dated]
    lines.append(f"\nundated: {len(undated)} extracted, {sum(undated)} correct")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
