"""The notebooks in notebooks/, run top to bottom in a real kernel against the sample graph
(with the twin-city list, as 'make run' builds it), their outputs checked."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from graph.stores import LadybugStore
from ingest.pipeline import ingest_paths, sample_files

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("notebooks") / "graph.lbdb"
    with LadybugStore(path) as store:
        ingest_paths(store, sample_files(reference=True))
    old = os.environ.get("PARTNERGRAPH_DB")
    os.environ["PARTNERGRAPH_DB"] = str(path)  # the kernel inherits it
    yield path
    if old is None:
        os.environ.pop("PARTNERGRAPH_DB")
    else:
        os.environ["PARTNERGRAPH_DB"] = old


def run(path: Path) -> tuple[str, set[str]]:
    """Execute a notebook; return its outputs' text and the kinds of output it made."""
    book = nbformat.read(path, as_version=4)
    NotebookClient(
        book, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
    ).execute()
    texts, kinds = [], set()
    for cell in book.cells:
        for out in cell.get("outputs", []):
            assert out.output_type != "error", f"{path.name}: {out.ename}: {out.evalue}"
            kinds.add(out.output_type)
            if out.output_type == "stream":
                texts.append(out.text)
            for kind, value in out.get("data", {}).items():
                kinds.add(kind)
                if kind.startswith("text/"):
                    texts.append(value if isinstance(value, str) else json.dumps(value))
    return "\n".join(texts), kinds


def test_there_are_three_notebooks_stored_without_outputs() -> None:
    assert [p.name for p in NOTEBOOKS] == [
        "01-cypher-first-steps.ipynb",
        "02-history-and-unexplored.ipynb",
        "03-brief-from-a-notebook.ipynb",
    ]
    for path in NOTEBOOKS:  # clean diffs: outputs are made by running, not committed
        book = nbformat.read(path, as_version=4)
        assert all(not c.get("outputs") for c in book.cells if c.cell_type == "code"), path


def test_cypher_first_steps(sample_db: Path) -> None:
    text, kinds = run(NOTEBOOKS[0])
    assert str(sample_db) in text
    assert "Đan Mạch" in text and "Hà Lan" in text  # a query's DataFrame
    assert "2.061,53 triệu đô la Mỹ" in text  # both FDI figures with their wording
    assert "Who met whom in a year:" in text
    assert "refused: the query writes to the graph" in text
    assert "text/html" in kinds  # DataFrames


def test_history_and_unexplored_with_a_plot(sample_db: Path) -> None:
    text, kinds = run(NOTEBOOKS[1])
    assert "Denmark · 6 engagements" in text
    assert "Delegation of the Crown Prince of Denmark" in text
    assert "adamic_adar" in text and "pagerank" in text
    assert "image/png" in kinds  # the plot


def test_brief_from_a_notebook(sample_db: Path) -> None:
    text, kinds = run(NOTEBOOKS[2])
    assert "Briefing pack: Denmark (Đan Mạch)" in text
    assert "0 lines without one" in text
    assert "brief-dk-vi.pdf" in text and "brief-dk-vi.docx" in text
    assert "text/markdown" in kinds
