"""The history index's ready-made answers on the Neo4j store, through its recording driver:
a batch writes the answers of the pairs it touches, and a history by ids reads one."""

from __future__ import annotations

import json
from typing import Any

import pytest

from graph import cypher
from graph.batch import Batch, NodeRow
from graph.cypher import index as index_q
from graph.questions.history import history
from graph.questions.history_answer import pack, render, unpack
from graph.schema import MODEL
from graph.stores import history_index
from tests.graph.stores.test_neo4j import FakeDriver, store

CARD: dict[str, Any] = {
    "kind": "engagement",
    "label": "Visit",
    "e": {"id": "visit-1", "name": "A visit", "date": "2022-05-14", "date_precision": "day"},
    "parties": [
        {
            "id": "esbjerg-dk",
            "name": "Esbjerg",
            "name_vi": None,
            "label": "City",
            "role": "guest",
            "roots": ["dk", "esbjerg-dk"],
        },
        {
            "id": "haiphong-vn",
            "name": "Hai Phong",
            "name_vi": None,
            "label": "City",
            "role": "host",
            "roots": ["haiphong-vn"],
        },
    ],
    "sources": [],
    "homes": ["esbjerg-dk", "haiphong-vn"],
}
META = [{"version": index_q.INDEX_VERSION, "writes": 1, "uid": "u"}]


def test_history_by_ids_reads_the_pairs_ready_answer_on_neo4j() -> None:
    answer = pack(*render([CARD], "haiphong-vn", "dk"))
    driver = FakeDriver(
        {
            "MATCH (p:HistoryPair {id: '#meta'})": META,
            index_q.READY: lambda p: (
                [{"label": "Country", "answer": answer, "reach": '{"day": "2022-05-14"}'}]
                if p["key"] == "haiphong-vn|dk"
                else [],
                0,
            ),
            index_q.names_of("Country"): [{"name": "Denmark", "name_vi": "Đan Mạch"}],
        }
    )
    s = store(driver, read_only=True)
    driver.calls.clear()
    found = history(s, "dk", home="haiphong-vn")
    sent = [(q, p) for _, q, p, _ in driver.calls]
    assert sent == [
        (index_q.READY, {"key": "haiphong-vn|dk", "reach": "haiphong-vn|"}),
        (index_q.names_of("Country"), {"id": "dk"}),
    ], sent
    assert found.partner.name == "Denmark" and found.partner.label == "Country"
    assert [e.id for e in found.entries] == ["visit-1"] and found.as_of == "2022-05-14"
    assert [(p.id, p.side) for p in found.entries[0].parties] == [
        ("haiphong-vn", "home"),
        ("esbjerg-dk", "partner"),
    ]


def test_a_batch_writes_the_answers_of_the_pairs_it_touches_on_neo4j(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The visit's card listed under three pairs: each pair's answer made again from the
    cards it lists (read back in the transaction) and set on its row, with its label (a pair
    of one card keeps one with READY_MIN at 1)."""
    monkeypatch.setattr(history_index, "READY_MIN", 1)
    parties = [{k: v for k, v in p.items() if k != "roots"} for p in CARD["parties"]]
    details = [{"e": CARD["e"], "parties": parties, "sources": []}]
    driver = FakeDriver(
        {
            "MATCH (p:HistoryPair {id: '#meta'})": META,
            cypher.existing_ids("City"): lambda p: (
                [{"id": "esbjerg-dk"}] if "esbjerg-dk" in p["ids"] else [],
                0,
            ),
            "UNWIND $ids AS i MATCH (e:`Visit` {id: i}) OPTIONAL MATCH": details,
            "UNWIND $ids AS i MATCH (x:`City` {id: i})-[:LOCATED_IN|PART_OF]->(y)": [
                {"x": "esbjerg-dk", "y": "dk", "label": "Country"}
            ],
            index_q.PAIR_SIZE: [{"n": 1}],
            index_q.CARDS_OF_PAIR: lambda p: ([{"card": json.dumps(CARD)}], 0),
        }
    )
    s = store(driver)
    driver.calls.clear()
    src = NodeRow("Source", MODEL.validate_node("Source", {"id": "src-1", "name": "A source"}))
    batch = Batch(source=src, model=MODEL)
    batch.add_node("Visit", {"id": "visit-1", "name": "A visit", "date": "2022-05-14"})
    batch.add_rel(
        "PARTICIPATED_IN",
        from_label="City",
        from_id="esbjerg-dk",
        to_label="Visit",
        to_id="visit-1",
        props={"role": "guest", "source": "src-1"},
    )
    s.write_batch(batch, stamp=False)
    sent = {q: p for _, q, p, _ in driver.calls}
    labels = {r["id"]: r["label"] for r in sent[index_q.NEW_PAIRS]["rows"]}
    assert labels == {
        "esbjerg-dk|haiphong-vn": "City",
        "haiphong-vn|dk": "Country",
        "haiphong-vn|esbjerg-dk": "City",
    }, labels
    answers = {r["id"]: unpack(r["answer"]) for r in sent[index_q.PUT_ANSWERS]["rows"]}
    assert set(answers) == set(labels)
    entries, ties, _ = answers["haiphong-vn|dk"]
    assert [e.id for e in entries] == ["visit-1"] and not ties
    assert [(p.id, p.side) for p in entries[0].parties] == [
        ("haiphong-vn", "home"),
        ("esbjerg-dk", "partner"),
    ]
