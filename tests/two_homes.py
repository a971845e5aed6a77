"""One graph, two homes: the sample's Hai Phong and Da Nang from the tests' own records
(``tests/data/da-nang/``, invented), loaded through the real ingest (issue 17)."""

from __future__ import annotations

from pathlib import Path

from graph.stores import LadybugStore
from ingest.pipeline import ingest_paths, sample_files

DA_NANG = Path(__file__).parent / "data" / "da-nang" / "da-nang-2023.yaml"
HOMES = ("haiphong-vn", "da-nang-vn")


def load_two_homes(path: Path) -> LadybugStore:
    """A new database at ``path`` with the sample (no twin list) and Da Nang's records."""
    store = LadybugStore(path)
    ingest_paths(store, [*sample_files(reference=False), DA_NANG])
    return store
