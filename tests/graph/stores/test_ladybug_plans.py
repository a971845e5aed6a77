"""The engine's binding keeps a plan per query text: after a table is dropped and made again
in a transaction, a plan made before writes to the old table unless it is forgotten. The
store's own case (the history index built again in steps after a copy, whose mark was lost
at commit) is tests/graph/stores/test_transfer.py's first test."""

from __future__ import annotations

from pathlib import Path

import ladybug

from graph.stores.ladybug import forget_plans

TABLE = "CREATE NODE TABLE P(id STRING, reach STRING, PRIMARY KEY(id))"
MERGE = "MERGE (p:P {id: '#m'}) SET p.reach = $v"


def _rebuilt(path: Path, *, forget: bool) -> list[list[object]]:
    db = ladybug.Database(str(path))
    conn = ladybug.Connection(db)
    conn.execute(TABLE)
    conn.execute(MERGE, {"v": "before"})  # the binding keeps this query's plan
    conn.execute("BEGIN TRANSACTION")
    conn.execute("DROP TABLE P")
    conn.execute(TABLE)
    if forget:
        forget_plans(conn)
    conn.execute(MERGE, {"v": "after"})
    conn.execute("COMMIT")
    rows = conn.execute("MATCH (p:P) RETURN p.id, p.reach").get_all()
    conn.close()
    db.close()
    return rows


def test_a_plan_made_before_a_table_was_made_again_loses_its_write(tmp_path: Path) -> None:
    # the engine's behaviour this guards against: if this starts passing, the binding
    # forgets its plans itself and forget_plans can go
    assert _rebuilt(tmp_path / "kept.lbdb", forget=False) == []
    assert _rebuilt(tmp_path / "forgotten.lbdb", forget=True) == [["#m", "after"]]
