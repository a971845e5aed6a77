"""Exports read back by the tools that read them; the JSON dump round-trips to an identical
graph."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest
from followthemoney import model

from graph import cypher
from graph.errors import InputError, ValidationError
from graph.exports import export, read_dump
from graph.exports.formats import _literal
from graph.schema import MODEL
from graph.stores import LadybugStore


def _records(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()[1:]  # without the header's timestamp


def test_json_dump_round_trips_to_an_identical_graph(
    sample_store: LadybugStore, tmp_path: Path
) -> None:
    first = export(sample_store, "json", tmp_path / "a.jsonl")[0]
    copy = LadybugStore(tmp_path / "copy.lbdb")
    try:
        report = read_dump(copy, first)
        assert report.relationships_created > 100
        second = export(copy, "json", tmp_path / "b.jsonl")[0]
        assert _records(first) == _records(second)
        assert copy.counts() == sample_store.counts()
        again = read_dump(copy, first)  # importing twice changes nothing
        assert not again.created and again.relationships_created == 0
        assert copy.counts() == sample_store.counts()
    finally:
        copy.close()
    header = json.loads(first.read_text(encoding="utf-8").splitlines()[0])
    assert header["format"] == "partnergraph-dump"
    lines = [json.loads(x) for x in _records(first)]
    evidence = [x for x in lines if x.get("rel") == "PARTICIPATED_IN"]
    assert evidence and all(
        x["properties"]["source"] and x["properties"].get("evidence") for x in evidence
    )


def test_a_dump_that_disagrees_with_the_graph_changes_nothing(
    sample_store: LadybugStore, tmp_path: Path
) -> None:
    dump = export(sample_store, "json", tmp_path / "a.jsonl")[0]
    text = dump.read_text(encoding="utf-8").replace('"name": "Denmark"', '"name": "Danmark"')
    changed = tmp_path / "changed.jsonl"
    changed.write_text(text, encoding="utf-8")
    before = sample_store.counts()
    with pytest.raises(
        ValidationError, match=r"Country 'dk' is already in the graph with other values \(name\)"
    ):
        read_dump(sample_store, changed)
    assert sample_store.counts() == before


def test_a_bad_dump_names_the_line(empty_store: LadybugStore, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"format": "partnergraph-dump", "version": 1, "schema_version": 1}\n{"node": "Planet", "properties": {"id": "mars"}}\n',
        encoding="utf-8",
    )
    with pytest.raises(ValidationError, match=r"bad.jsonl, line 2: .*Planet"):
        read_dump(empty_store, bad)
    bad.write_text("not json\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"line 1"):
        read_dump(empty_store, bad)
    assert sum(empty_store.counts().values()) == 0


def test_graphml_and_gexf_read_back_with_provenance(
    sample_store: LadybugStore, tmp_path: Path
) -> None:
    counts = sample_store.counts()
    nodes = sum(counts[label] for label in MODEL.domain_labels)
    g = nx.read_graphml(export(sample_store, "graphml", tmp_path / "g.graphml")[0])
    assert g.number_of_nodes() == nodes
    assert g.nodes["dk"]["name_vi"] == "Đan Mạch" and g.nodes["seed-000"]["label"] == "Source"
    participations = [d for _, _, d in g.edges(data=True) if d["type"] == "PARTICIPATED_IN"]
    assert participations and all(d["source"] and d["evidence"] for d in participations)
    assert any(d["type"] == "SOURCED_FROM" for _, _, d in g.edges(data=True))
    gexf = nx.read_gexf(export(sample_store, "gexf", tmp_path / "g.gexf")[0])
    assert gexf.number_of_nodes() == nodes
    assert gexf.nodes["dk"]["kind"] == "Country" and gexf.nodes["dk"]["label"] == "Denmark"


def test_neo4j_admin_csv(sample_store: LadybugStore, tmp_path: Path) -> None:
    files = export(sample_store, "csv", tmp_path / "csv")
    script = (tmp_path / "csv" / "import.sh").read_text()
    with (tmp_path / "csv" / "nodes_Country.csv").open(encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0][0] == "id:ID" and rows[0][-1] == ":LABEL" and "aliases:string[]" in rows[0]
    assert len(rows) - 1 == sample_store.counts()["Country"]
    with (tmp_path / "csv" / "rels_PARTICIPATED_IN.csv").open(encoding="utf-8") as f:
        rels = list(csv.reader(f))
    assert (
        rels[0][:2] == [":START_ID", ":END_ID"]
        and rels[0][-1] == ":TYPE"
        and "offset:long" in rels[0]
    )
    assert len(rels) - 1 == sample_store.counts()["PARTICIPATED_IN"]
    for f in files:
        if f.suffix == ".csv":
            assert f.name in script
    assert "neo4j-admin database import full" in script


def test_cypher_script_for_neo4j_5(sample_store: LadybugStore, tmp_path: Path) -> None:
    text = export(sample_store, "cypher", tmp_path / "g.cypher")[0].read_text(encoding="utf-8")
    assert (
        "CREATE CONSTRAINT country_id IF NOT EXISTS FOR (n:`Country`) REQUIRE n.id IS UNIQUE;"
        in text
    )
    assert "MERGE (n:`Country` {id: row.id}) SET n += properties(row)" in text
    assert "date('2022-01-01')" in text and "$rows" not in text
    statements = [s for s in text.split(";\n") if s.strip() and not s.startswith("//")]
    assert len(statements) > 30


def test_the_cypher_script_merges_as_the_neo4j_store_writes() -> None:
    """The script's statements are graph.cypher's, the ones the Neo4j store runs (which the
    script reaches without importing the driver)."""
    from graph.stores import neo4j

    assert cypher.neo4j_merge_nodes("Country") == neo4j.merge_nodes("Country")
    for rel in MODEL.rels.values():
        a, b = rel.from_labels[0], rel.to_labels[0]
        assert cypher.neo4j_merge_rels(rel.name, a, b) == neo4j.merge_rels(rel.name, a, b)


def test_cypher_literals_keep_data_as_data() -> None:
    assert _literal("O'Brien \\ x\ny") == "'O\\'Brien \\\\ x\\ny'"
    assert _literal("2022-05-14", "DATE") == "date('2022-05-14')"
    assert _literal(["a'b", 3, None, True]) == "['a\\'b', 3, null, true]"


def test_followthemoney_entities(sample_store: LadybugStore, tmp_path: Path) -> None:
    path = export(sample_store, "ftm", tmp_path / "g.ftm.json")[0]
    entities = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        proxy = model.get_proxy(json.loads(line))
        entities[proxy.id] = proxy
    visit = entities["pg-visit-2022-in-crown-prince-dk"]
    assert visit.schema.name == "Event"
    assert {"pg-dk", "pg-haiphong-vn"} <= set(visit.get("involved"))
    assert visit.get("proof")  # provenance
    assert entities["pg-dk"].schema.name == "PublicBody" and "dk" in entities["pg-dk"].get(
        "country"
    )
    person = entities["pg-jesper-frost-rasmussen"]
    assert person.schema.name == "Person" and "Mayor of Esbjerg" in person.get("position")
    docs = [e for e in entities.values() if e.schema.name == "Documentation"]
    assert any("Ramussen" in " ".join(d.get("summary")) for d in docs)  # the evidence sentence
    members = [e for e in entities.values() if e.schema.name == "Membership"]
    assert any(m.get("organization") == ["pg-citynet"] for m in members)


def test_unknown_format_lists_the_known(sample_store: LadybugStore, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="json, graphml, gexf, csv, cypher, ftm"):
        export(sample_store, "xlsx", tmp_path / "x.xlsx")
