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

from graph.briefs import build_brief, render
from graph.briefs import sections as registry
from graph.settings import Settings
from graph.stores import LadybugStore
from ingest.pipeline import ingest_paths

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


def _partner(pid: str, n: int) -> tuple[str, str]:
    """A Danish city with ``n`` people and ``n`` companies, each at its own visit to the home,
    each company working in a sector."""
    name = pid.split("-")[0].title()
    rows = [f"  - {{label: City, id: {pid}, name: {name}, country_code: DK, located_in: dk,"]
    rows.append(f'     evidence: "the Danish city of {name}"}}')
    for i in range(n):
        rows += [
            f"  - {{label: Person, id: {pid}-p{i}, name: Person {i} of {name}, title: Councillor,",
            f'     named: true, evidence: "councillor {i} of {name}"}}',
            f"  - {{label: Company, id: {pid}-c{i}, name: {name} Works {i}, located_in: {pid},",
            f'     country_code: DK, evidence: "company {i} of {name}"}}',
            f"  - {{label: Visit, id: visit-2022-{pid}-{i}, name: {name} delegation {i},",
            f"     direction: incoming, date: 2022-0{1 + i}-15, date_precision: day,",
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


def _records(tmp_path: Path) -> Path:
    few, many = _partner("fewby-dk", 1), _partner("manyby-dk", 6)
    text = "\n".join(
        [
            "source: {id: test-reads, name: Two Danish cities, kind: records}",
            "nodes:",
            few[0],
            many[0],
            "rels:",
            few[1],
            many[1],
        ]
    )
    path = tmp_path / "reads.yaml"
    path.write_text(text + "\n", encoding="utf-8")
    return path


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
def test_a_brief_costs_the_same_reads_with_six_times_the_items(
    sample_store: LadybugStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    ingest_paths(sample_store, [_records(tmp_path)])
    reads = Reads(sample_store, monkeypatch)
    counts, briefs = {}, {}
    for pid in ("fewby-dk", "manyby-dk"):
        reads.queries.clear()
        briefs[pid] = build_brief(sample_store, pid, home=HOME, lang=lang, picture=False)
        counts[pid] = list(reads.queries)
    many = {s.key: s.lines for s in briefs["manyby-dk"].sections}
    # the items are there: six people met, six companies, six visits, their sources cited
    assert len(many["counterparts"]) == 6 and len(many["timeline"]) == 6, many
    assert sum("Manyby Works" in line.text for line in many["economic"]) == 6, many["economic"]
    assert all(line.refs for line in many["counterparts"]), many["counterparts"]
    few, lots = counts["fewby-dk"], counts["manyby-dk"]
    assert len(lots) == len(few), Counter(lots) - Counter(few)
    # the nodes' own sources: one read for every section
    own = [q for q in lots if "AS label, n.id AS node, src.id AS source" in q]
    assert len(own) == 1, own
