"""What an open cannot change in a file is refused, with the way to rebuild it: a property
whose type the schema changed (a file's City.population stored as text)."""

from __future__ import annotations

from pathlib import Path

import ladybug
import pytest

from graph.errors import StoreError
from graph.stores import LadybugStore


@pytest.fixture
def retyped(tmp_path: Path) -> Path:
    path = tmp_path / "retyped.lbdb"
    LadybugStore(path).close()
    db = ladybug.Database(str(path))
    conn = ladybug.Connection(db)
    conn.execute("ALTER TABLE City DROP population")
    conn.execute("ALTER TABLE City ADD population STRING")
    conn.close()
    db.close()
    return path


@pytest.mark.parametrize("read_only", [False, True])
def test_a_property_of_another_type_is_refused_with_the_rebuild(
    retyped: Path, read_only: bool
) -> None:
    with pytest.raises(StoreError) as caught:
        LadybugStore(retyped, read_only=read_only)
    message = str(caught.value)
    assert "City.population is STRING in the file, INT64 in the schema" in message, message
    assert f"partnergraph --db {retyped} load-sample" in message, message
    assert "ingest" in message, message
    # the file's lock was let go and nothing was changed: the next open says the same
    with pytest.raises(StoreError, match=r"City\.population is STRING in the file"):
        LadybugStore(retyped)


def test_a_file_of_today_opens_both_ways(tmp_path: Path) -> None:
    path = tmp_path / "today.lbdb"
    LadybugStore(path).close()
    LadybugStore(path, read_only=True).close()
    LadybugStore(path).close()
