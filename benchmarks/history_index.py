"""The floor of the next history design, measured on a copy of a benchmark database.

``python -m benchmarks.history_index DB [--queries 200]``: copies DB, adds to the copy what the
design keeps (not the product's schema: an experiment), and times each read the design needs
beside today's ``history`` over the same partners, checking that both find the same
engagements. The design: each engagement carries a *card* (its fields, its parties with their
names, roles and the roots of their sides, its sources) and an ``INVOLVES`` link to every root
of every party's side (the party itself, the places and bodies it is in, two levels up); a
history of home H with partner P is then one read anchored on both ends
(``(P)<-[:INVOLVES]-(card)-[:INVOLVES]->(H)``) plus the cards' parsing. The writer would keep
cards and links in the write's transaction (see docs/benchmarks.md, session 6).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import ladybug
import pyarrow as pa

from benchmarks.history_reads import pct
from benchmarks.synthetic import HOME
from graph.questions import history
from graph.questions.history import HistoryEntry, Party, SourceRef
from graph.schema import MODEL
from graph.stores import LadybugStore

ROOT_LABELS = ["City", "Country", "Company", "Organisation"]


def cards(store: LadybugStore) -> tuple[list[dict[str, Any]], list[tuple[str, str, str]]]:
    """Every engagement's card and its INVOLVES links (card id, root label, root id)."""
    up: dict[str, set[str]] = defaultdict(set)
    for r in store.read("MATCH (x)-[:LOCATED_IN|PART_OF]->(y) RETURN x.id AS x, y.id AS y"):
        up[r["x"]].add(r["y"])
    label_of: dict[str, str] = {}
    out, links = [], []
    for label in MODEL.engagement_labels:
        parties: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in store.read(
            f"MATCH (a)-[r:PARTICIPATED_IN]->(e:{label}) RETURN e.id AS e, a.id AS id, "
            "a.name AS name, a.name_vi AS name_vi, label(a) AS label, r.role AS role"
        ):
            label_of[r["id"]] = r["label"]
            roots = {r["id"]} | up[r["id"]] | {z for y in up[r["id"]] for z in up[y]}
            parties[r.pop("e")].append(r | {"roots": sorted(roots)})
        sources: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in store.read(
            f"MATCH (e:{label})-[s:SOURCED_FROM]->(src) RETURN e.id AS e, src.id AS id, "
            "src.name AS title, src.url AS url, src.file AS file, s.evidence AS evidence, "
            "s.offset AS offset"
        ):
            sources[r.pop("e")].append(r)
        for r in store.read(f"MATCH (e:{label}) RETURN e AS e"):
            e = {k: v for k, v in r["e"].items() if not k.startswith("_") and v is not None}
            card = {"label": label, **e, "parties": parties[e["id"]], "sources": sources[e["id"]]}
            out.append({"id": e["id"], "card": json.dumps(card)})
            for root in sorted({x for p in parties[e["id"]] for x in p["roots"]}):
                links.append((e["id"], label_of.get(root, "Country"), root))
    return out, links


def add_index(path: Path) -> None:
    store = LadybugStore(path)
    rows, links = cards(store)
    store.close()
    db = ladybug.Database(str(path))
    conn = ladybug.Connection(db)
    conn.execute("CREATE NODE TABLE Card(id STRING, card STRING, PRIMARY KEY(id))")
    pairs = ", ".join(f"FROM Card TO {lab}" for lab in ROOT_LABELS)
    conn.execute(f"CREATE REL TABLE INVOLVES({pairs})")
    cards_table = pa.table({"id": [r["id"] for r in rows], "card": [r["card"] for r in rows]})  # noqa: F841
    conn.execute("COPY Card FROM cards_table")
    by_label: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for card_id, label, root in links:
        by_label[label].append((card_id, root))
    for label, pairs_of in by_label.items():
        links_table = pa.table({"from": [c for c, _ in pairs_of], "to": [r for _, r in pairs_of]})  # noqa: F841
        conn.execute(f"COPY INVOLVES FROM links_table (from='Card', to='{label}')")
    conn.close()
    db.close()
    print(f"{len(rows):,} cards, {len(links):,} INVOLVES links", flush=True)


READ = (
    "MATCH (p:{label} {{id: $p}})<-[:INVOLVES]-(c:Card)-[:INVOLVES]->(h:City {{id: $h}}) "
    "RETURN c.card AS card"
)


def entries(rows: list[dict[str, Any]], home: str, partner: str) -> list[HistoryEntry]:
    """The cards as history entries, each party's side told by the roots of its own side."""
    out = []
    for r in rows:
        card = json.loads(r["card"])
        parties = [
            Party(
                side="home"
                if home in p["roots"]
                else "partner"
                if partner in p["roots"]
                else "other",
                **{k: v for k, v in p.items() if k != "roots"},
            )
            for p in card.pop("parties")
        ]
        sources = [SourceRef(**s) for s in card.pop("sources")]
        out.append(HistoryEntry(parties=parties, sources=sources, **card))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("db", type=Path, help="a benchmark database (python -m benchmarks)")
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="pg-index-"))
    path = work / "index.lbdb"
    shutil.copy(args.db, path)
    t = time.perf_counter()
    add_index(path)
    print(f"index built from the whole graph in {time.perf_counter() - t:.1f} s", flush=True)
    store = LadybugStore(path, read_only=True)
    rng = random.Random(1)
    n_cities = store.read("MATCH (c:City) RETURN count(c) AS n")[0]["n"] - 1
    partners = [("Country", "k000")]
    partners += [("Country", f"k{rng.randrange(1, 200):03d}") for _ in range(args.queries // 2)]
    partners += [("City", f"city-{rng.randrange(n_cities)}") for _ in range(args.queries // 2)]
    today, read_ms, parse_ms = [], [], []
    for label, p in partners:
        t = time.perf_counter()
        old = history(store, p, home=HOME)
        today.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        rows = store.read(READ.format(label=label), {"p": p, "h": HOME})
        t2 = time.perf_counter()
        new = entries(rows, HOME, p)
        parse_ms.append((time.perf_counter() - t2) * 1000)
        read_ms.append((t2 - t) * 1000)
        if {e.id for e in new} != {e.id for e in old.entries}:
            raise SystemExit(f"{p}: the index finds other engagements than history")
    store.close()
    shutil.rmtree(work, ignore_errors=True)
    both = [a + b for a, b in zip(read_ms, parse_ms, strict=True)]
    for name, values in [
        ("history today", today),
        ("index read (both ends anchored)", read_ms),
        ("cards to entries (json + pydantic)", parse_ms),
        ("index read + cards", both),
    ]:
        print(
            f"| {name} | {pct(values, 0.5):.2f} ms | {pct(values, 0.99):.2f} ms | "
            f"hub {values[0]:.2f} ms | mean {statistics.mean(values):.2f} ms |"
        )


if __name__ == "__main__":
    main()
