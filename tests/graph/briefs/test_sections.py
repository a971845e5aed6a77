"""The sections of a brief as a registry, and the reads a brief costs: a section is one module
that registers itself, the brief shows the registry in its order, and the sources of every
node the sections cite come in one read, however many people, companies and engagements the
partner has."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph import cypher
from graph.briefs import build_brief, render
from graph.briefs import sections as registry
from graph.cypher import index as index_q
from graph.settings import Settings
from graph.stores import LadybugStore
from ingest.pipeline import ingest_paths, sample_files

HOME = Settings().home
ORDER = [
    "key_facts",
    "timeline",
    "agreements",
    "counterparts",
    "economic",
    "networks",
    "opportunities",
    "points_to_raise",
    "points_they_raise",
]


def test_the_brief_shows_the_registry_in_its_order(full_store: LadybugStore) -> None:
    assert [p.key for p in registry.parts()] == ORDER
    brief = build_brief(full_store, "dk", home=HOME, lang="en", picture=False)
    assert [s.key for s in brief.sections] == ORDER


NEW_SECTION = """
from graph.briefs.model import Line
from graph.briefs.sections import section


@section("test_people_count", order=45, cites=lambda ctx: [("Person", p) for p in ctx.met()])
def people_count(ctx):
    people = sorted(ctx.met())
    refs = ctx.refs(s for p in people for s in ctx.sources_of("Person", p))
    return ctx.section("test_people_count", "People on record", [Line(text=str(len(people)), refs=refs)])
"""


@pytest.fixture
def new_section_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A module dropped beside the sections (a folder added to the package's path, so that
    the checkout is not written), taken out again afterwards."""
    (tmp_path / "test_people_count.py").write_text(NEW_SECTION, encoding="utf-8")
    monkeypatch.setattr(registry, "__path__", [*registry.__path__, str(tmp_path)])
    name = f"{registry.__name__}.test_people_count"
    yield name
    registry._PARTS.pop("test_people_count", None)
    sys.modules.pop(name, None)


def test_a_new_section_is_one_module(full_store: LadybugStore, new_section_module: str) -> None:
    brief = build_brief(full_store, "esbjerg-dk", home=HOME, lang="en", picture=False)
    keys = [s.key for s in brief.sections]
    assert keys == [*ORDER[:4], "test_people_count", *ORDER[4:]], keys
    (line,) = next(s for s in brief.sections if s.key == "test_people_count").lines
    assert line.text == "1" and line.refs, line  # Jesper Frost Rasmussen, with his source
    assert "## 5. People on record" in render(brief, "md").decode()


def test_two_sections_cannot_share_a_key_or_a_place() -> None:
    registry.parts()
    with pytest.raises(ValueError, match="'timeline'"):
        registry.section("timeline", order=999)(lambda ctx: None)  # type: ignore[arg-type,return-value]
    with pytest.raises(ValueError, match="'key_facts'"):
        registry.section("another", order=10)(lambda ctx: None)  # type: ignore[arg-type,return-value]
    assert [p.key for p in registry.parts()] == ORDER


def _partner(pid: str, n: int, *, company: str | None = None) -> tuple[str, str]:
    """A Danish city with ``n`` people and ``n`` companies (named ``company``, else each its
    own name), each at its own visit to the home, each company working in a sector: the
    records' nodes and relationships."""
    name = pid.split("-")[0].title()
    rows = [f"  - {{label: City, id: {pid}, name: {name}, country_code: DK, located_in: dk,"]
    rows.append(f'     evidence: "the Danish city of {name}"}}')
    for i in range(n):
        rows += [
            f"  - {{label: Person, id: {pid}-p{i}, name: Person {i} of {name}, title: Councillor,",
            f'     named: true, evidence: "councillor {i} of {name}"}}',
            f"  - {{label: Company, id: {pid}-c{i}, name: {company or f'{name} Works {i}'},",
            f'     located_in: {pid}, country_code: DK, evidence: "company {i} of {name}"}}',
            f"  - {{label: Visit, id: visit-2022-{pid}-{i}, name: {name} delegation {i},",
            f"     direction: incoming, date: 2022-{1 + i:02d}-15, date_precision: day,",
            f'     evidence: "visit {i} from {name}", participants: [{{id: {pid}-p{i}, role: guest}},',
            f"     {{id: {pid}-c{i}, role: guest}}, {{id: {HOME}, role: host}}]}}",
        ]
    rels = [
        line
        for i in range(n)
        for line in (
            f"  - {{type: HOLDS_POSITION, from: {pid}-p{i}, to: {pid},",
            f'     evidence: "councillor {i} of {name}"}}',
            f"  - {{type: CONCERNS, from: {pid}-c{i}, to: offshore-wind,",
            f'     evidence: "company {i} of {name}"}}',
        )
    ]
    return "\n".join(rows), "\n".join(rels)


MANY = 10  # more than cypher.ANCHORED_IDS: the people and companies are found by a scan


@pytest.fixture(scope="module")
def cities(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LadybugStore]:
    """The sample (no twin list) with three Danish cities: one with a person and a company,
    one with ten of each, and one with two companies of one name."""
    parts = [_partner("fewby-dk", 1), _partner("manyby-dk", MANY)]
    parts.append(_partner("twinsby-dk", 2, company="Twinsby Works"))
    text = "\n".join(
        [
            "source: {id: test-reads, name: Three Danish cities, kind: records}",
            "nodes:",
            *(nodes for nodes, _ in parts),
            "rels:",
            *(rels for _, rels in parts),
        ]
    )
    folder = tmp_path_factory.mktemp("cities")
    (folder / "cities.yaml").write_text(text + "\n", encoding="utf-8")
    store = LadybugStore(folder / "graph.lbdb")
    ingest_paths(store, [*sample_files(reference=False), folder / "cities.yaml"])
    yield store
    store.close()


class Reads:
    """Counts the store's reads (the real store answers them)."""

    def __init__(self, store: LadybugStore, monkeypatch: pytest.MonkeyPatch) -> None:
        self.queries: list[str] = []
        real = store.read

        def read(query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
            self.queries.append(query)
            return real(query, params)

        monkeypatch.setattr(store, "read", read)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_brief_costs_the_same_reads_with_ten_times_the_items(
    cities: LadybugStore, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    reads = Reads(cities, monkeypatch)
    counts, briefs = {}, {}
    for pid in ("fewby-dk", "manyby-dk"):
        reads.queries.clear()
        briefs[pid] = build_brief(cities, pid, home=HOME, lang=lang, picture=False)
        counts[pid] = list(reads.queries)
    many = {s.key: s.lines for s in briefs["manyby-dk"].sections}
    # the items are there: ten people met, ten companies, ten visits
    assert len(many["counterparts"]) == MANY and len(many["timeline"]) == MANY, many
    assert sum("Manyby Works" in line.text for line in many["economic"]) == MANY, many
    # the history of a pair of fewer than READY_MIN cards reads its cards, one of more its
    # ready-made answer: one read apart, whatever the number of items
    few = [q for q in counts["fewby-dk"] if q != index_q.CARDS_OF_PAIR]
    lots = [q for q in counts["manyby-dk"] if q != index_q.CARDS_OF_PAIR]
    assert len(lots) == len(few), Counter(lots) - Counter(few)
    # the nodes' own sources: one read for every section
    own = [q for q in lots if "AS label, n.id AS node, src.id AS source" in q]
    assert len(own) == 1, own


def test_one_read_finds_the_sources_each_node_has_alone(cities: LadybugStore) -> None:
    """The batched read against the one-node read, for ids looked up one by one (up to
    ANCHORED_IDS of a label) and found by a scan (more), ids with no sources, an unknown id."""
    wanted = {
        "Person": [f"manyby-dk-p{i}" for i in range(MANY)],
        "Company": ["fewby-dk-c0", "no-such-company"],
        "City": ["fewby-dk", "manyby-dk", "esbjerg-dk", HOME],
        "Sector": ["offshore-wind"],
    }
    assert len(wanted["Person"]) > cypher.ANCHORED_IDS >= len(wanted["City"])
    query, params = cypher.sources_of_nodes(wanted)
    got: dict[tuple[str, str], set[str]] = {
        (lab, i): set() for lab, ids in wanted.items() for i in ids
    }
    for r in cities.read(query, params):
        got[(r["label"], r["node"])].add(r["source"])
    alone = {
        (lab, i): {r["source"] for r in cities.read(cypher.sources_of_node(lab), {"id": i})}
        for lab, ids in wanted.items()
        for i in ids
    }
    assert got == alone
    assert got[("Person", "manyby-dk-p3")] == {"test-reads"}, got
    assert len(got[("City", HOME)]) >= 2 and not got[("Company", "no-such-company")], got


def test_two_companies_of_one_name_are_two_points(cities: LadybugStore) -> None:
    brief = build_brief(cities, "twinsby-dk", home=HOME, lang="en", picture=False)
    points = [line.text for s in brief.sections if s.key == "points_they_raise" for line in s.lines]
    projects = [p for p in points if p.startswith("Projects and plans of Twinsby Works")]
    assert len(projects) == 2, points
    # each with its own last visit: the first company's, the second's
    assert ["delegation 0" in projects[0], "delegation 1" in projects[1]] == [True, True], projects


def test_data_as_of_is_the_index_reach_in_one_read(
    cities: LadybugStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cover's "Data as of" from the history index (one read), as the home's side gives
    it (a read per member) on a store without the index."""
    from graph.cypher import index as index_q

    reads = Reads(cities, monkeypatch)
    assert cities.history_index
    indexed = build_brief(cities, "manyby-dk", home=HOME, lang="en", picture=False)
    reach = [q for q in reads.queries if q == index_q.REACH]
    per_member = [q for q in reads.queries if "max(e.date) AS date" in q]
    assert len(reach) == 1 and not per_member, reads.queries
    monkeypatch.setattr(cities, "history_index", False)
    reads.queries.clear()
    read = build_brief(cities, "manyby-dk", home=HOME, lang="en", picture=False)
    assert len([q for q in reads.queries if "max(e.date) AS date" in q]) >= 2, reads.queries
    assert ("Data as of", "sources reach to Dec 2022") in indexed.cover, indexed.cover
    assert indexed.cover == read.cover
