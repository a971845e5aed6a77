"""Adding a label is one edit of graph/schema.yaml and one catalogue line, no Python.

A copy of the package whose schema gains ``University`` (an actor, drawn, exported to
FollowTheMoney, a candidate partner) runs as the real command line and the real app over HTTP
on a database file made by today's partnergraph: the file migrates on open, and the DDL,
validation, docs, style, FtM export, unexplored candidates, search and the network legend all
take the new label in.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml

from graph import cypher
from graph.batch import Batch, NodeRow
from graph.errors import ValidationError
from graph.exports.ftm import write_ftm
from graph.questions import search, side, unexplored
from graph.schema import MODEL, Model, load_model
from graph.schema_docs import EXAMPLE_LABEL, EXAMPLE_LABEL_VI, render
from graph.stores import LadybugStore
from graph.style import label_style
from ingest.pipeline import ingest_paths
from tests.api.conftest import serving

ROOT = Path(__file__).parents[2]

# The one YAML edit is docs/schema.md's example (the label, placed after Person among the
# actors, and the two relationships whose ends are listed by label rather than by group).
UNIVERSITY = EXAMPLE_LABEL
CATALOGUE_LINE = f'\nmsgid "University"\nmsgstr "{EXAMPLE_LABEL_VI}"\n'

BASE = """\
source: {id: base-records, name: Hai Phong and CityNet, kind: records}
nodes:
  - {label: Country, id: dk}
  - {label: City, id: aarhus-dk, name: Aarhus, country_code: DK}
  - {label: City, id: haiphong-vn, name: Hai Phong, country_code: VN}
  - {label: Organisation, id: citynet, name: CityNet}
rels:
  - {type: MEMBER_OF, from: haiphong-vn, to: citynet}
"""
UNIVERSITY_RECORDS = """\
source: {id: aarhus-university-records, name: Aarhus University joins CityNet, kind: records}
nodes:
  - label: University
    id: aarhus-university
    name: Aarhus University
    name_vi: Đại học Aarhus
    country_code: DK
rels:
  - {type: MEMBER_OF, from: aarhus-university, to: citynet}
  - {type: LOCATED_IN, from: aarhus-university, to: aarhus-dk}
"""
BAD_RECORDS = """\
source: {id: bad-university, name: A university with a rank, kind: records}
nodes:
  - {label: University, id: odense-university, name: Odense University, rank: 3}
"""


def _with_university(text: str) -> str:
    """The schema's text with the one edit."""
    text = text.replace("  Visit:\n", UNIVERSITY + "  Visit:\n", 1)
    for before in (  # MEMBER_OF's and LOCATED_IN's ends
        "from: [City, Country, Company, Organisation]\n",
        "from: [City, Company, Organisation, Visit, Event]\n",
    ):
        assert text.count(before) == 1, before
        text = text.replace(before, before.replace("]", ", University]"))
    return text


def _copy_with_university(to: Path) -> Path:
    """The package copied to ``to``, its schema and web catalogue edited; nothing else."""
    ignore = shutil.ignore_patterns("__pycache__", "*.tmp", "*.lbdb*")
    for package in ("api", "graph", "ingest"):
        shutil.copytree(ROOT / package, to / package, ignore=ignore)
    schema = to / "graph" / "schema.yaml"
    schema.write_text(_with_university(schema.read_text(encoding="utf-8")), encoding="utf-8")
    with (to / "graph" / "briefs" / "locale" / "vi" / "LC_MESSAGES" / "web.po").open("a") as po:
        po.write(CATALOGUE_LINE)
    return to


def _env(copy: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARTNERGRAPH_")}
    return {**env, "PYTHONPATH": str(copy), "PARTNERGRAPH_LANG": "vi"}


def _cli(copy: Path, db: Path, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "api.cli", "--db", str(db), "--home", "haiphong-vn", *args],
        cwd=copy,
        env=_env(copy),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert (done.returncode == 0) == ok, (args, done.stdout, done.stderr)
    return done


def _python(copy: Path, code: str, *args: str) -> str:
    """What ``code`` prints, run by the copy."""
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=copy,
        env=_env(copy),
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, Path]]:
    """(the edited copy, a database file made by today's partnergraph into which the copy
    ingested a university, a work folder)."""
    work = tmp_path_factory.mktemp("university")
    copy = _copy_with_university(work / "copy")
    (work / "base.yaml").write_text(BASE, encoding="utf-8")
    (work / "university.yaml").write_text(UNIVERSITY_RECORDS, encoding="utf-8")
    (work / "bad.yaml").write_text(BAD_RECORDS, encoding="utf-8")
    db = work / "today.lbdb"
    with LadybugStore(db) as store:
        ingest_paths(store, [work / "base.yaml"], home="haiphong-vn")
        assert "University" not in store.counts()
    _cli(copy, db, "ingest", str(work / "university.yaml"))  # the copy opens it: it migrates
    yield copy, db, work


def test_the_copy_runs_its_own_schema(world: tuple[Path, Path, Path]) -> None:
    copy = world[0]
    where = _python(copy, "import graph.schema as s; print(s.__file__)")
    assert Path(where.strip()).is_relative_to(copy), where


def test_the_file_migrates_on_open_and_takes_a_university(world: tuple[Path, Path, Path]) -> None:
    copy, db, work = world
    answer = json.loads(
        _cli(
            copy,
            db,
            "cypher",
            "MATCH (u:University)-[:LOCATED_IN]->(c:City) RETURN u.id AS u, c.id AS c",
            "--format",
            "json",
        ).stdout
    )
    assert answer["rows"] == [["aarhus-university", "aarhus-dk"]], answer
    # validation knows its properties, and says what it allows
    bad = _cli(copy, db, "ingest", str(work / "bad.yaml"), ok=False)
    assert "unknown property rank" in bad.stderr and "country_code" in bad.stderr, bad.stderr


def test_ddl_docs_style_and_ftm_come_from_the_yaml(world: tuple[Path, Path, Path]) -> None:
    copy, db, work = world
    probe = (
        "from graph import cypher; from graph.schema import MODEL; "
        "from graph.style import label_style; "
        "print([s for s in cypher.ddl(MODEL) if 'University' in s]); "
        "print(label_style(MODEL)['University'])"
    )
    out = _python(copy, probe)
    assert "CREATE NODE TABLE IF NOT EXISTS `University`(`id` STRING" in out, out
    assert "FROM `University` TO `Organisation`" in out, out  # MEMBER_OF
    assert "FROM `University` TO `Source`" in out, out  # SOURCED_FROM, by group
    assert "'color': '#aec7e8', 'shape': 'hexagon'" in out, out
    docs = _cli(copy, db, "schema-docs").stdout
    assert "### Actor: Country, City, Company, Organisation, Person, University" in docs
    assert "#### University" in docs and "exported to FollowTheMoney as Organization" in docs
    _cli(copy, db, "export", "--format", "ftm", "-o", str(work / "graph.ftm.json"))
    entities = [json.loads(line) for line in (work / "graph.ftm.json").open(encoding="utf-8")]
    university = next(e for e in entities if e["id"] == "pg-aarhus-university")
    assert university["schema"] == "Organization", university
    assert university["properties"]["country"] == ["dk"], university


def test_search_and_unexplored_find_the_university(world: tuple[Path, Path, Path]) -> None:
    copy, db, _ = world
    hits = json.loads(_cli(copy, db, "search", "dai hoc aarhus", "--json").stdout)
    assert hits[0]["id"] == "aarhus-university" and hits[0]["label"] == "University", hits
    found = json.loads(_cli(copy, db, "unexplored", "--json").stdout)
    university = next(s for s in found if s["id"] == "aarhus-university")
    assert university["label"] == "University", university
    assert "shared_membership" in {r["signal"] for r in university["reasons"]}, university
    only = json.loads(_cli(copy, db, "unexplored", "--label", "University", "--json").stdout)
    assert [s["id"] for s in only] == ["aarhus-university"], only
    side = _python(  # what a country's history counts as the country's
        copy,
        "import sys; from graph.stores import LadybugStore; "
        "from graph.questions.lookup import side; "
        "print(side(LadybugStore(sys.argv[1], read_only=True), 'dk', 'Country'))",
        str(db),
    )
    assert "'aarhus-university': 'University'" in side, side


def test_a_brief_draws_and_names_it(world: tuple[Path, Path, Path]) -> None:
    """The brief's picture colours it by its style and names it in the legend from the one
    catalogue line (the briefs' own catalogue does not have it)."""
    copy, db, work = world
    out = work / "university.html"
    _cli(copy, db, "brief", "aarhus-university", "--lang", "vi", "--format", "html", "-o", str(out))
    html = out.read_text(encoding="utf-8")
    assert 'fill="#aec7e8"' in html, "drawn in its colour"
    assert f">{EXAMPLE_LABEL_VI}</text>" in html, "named in the legend in Vietnamese"


@pytest.fixture
def served(world: tuple[Path, Path, Path]) -> Iterator[str]:
    copy, db, _ = world
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "--db", str(db), "serve", "--port", str(port)],
        cwd=copy,
        env=_env(copy),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                httpx.get(f"{base}/api/stats", timeout=5)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.communicate()[1]
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_network_view_draws_it_with_a_legend(served: str) -> None:
    page = httpx.get(f"{served}/network", params={"centre": "aarhus-university"}, timeout=60)
    assert page.status_code == 200, page.text[:500]
    config = re.search(r'<script type="application/json" id="config">(.*?)</script>', page.text)
    assert config, page.text[:500]
    legend = json.loads(config.group(1))["styles"]["University"]
    assert legend == {"color": "#aec7e8", "shape": "hexagon", "name": EXAMPLE_LABEL_VI}, legend
    entity = httpx.get(f"{served}/entities/aarhus-university", timeout=60)
    assert 'href="/network?centre=aarhus-university' in entity.text, "its network link"
    schema = httpx.get(f"{served}/api/schema", timeout=60).json()
    assert "University" in json.dumps(schema), schema


# -- the same in one process: a copy of the model, given to the store ---------------------------
# Not the package's global (graph.schema.MODEL stays without the label throughout): every part
# reads the model from the store it is given, or from an argument.


@pytest.fixture
def university(tmp_path: Path) -> Model:
    text = (ROOT / "graph" / "schema.yaml").read_text(encoding="utf-8")
    path = tmp_path / "schema.yaml"
    path.write_text(_with_university(text), encoding="utf-8")
    return load_model(path)


def _university_batch(model: Model) -> Batch:
    """UNIVERSITY_RECORDS as a batch checked against ``model``."""
    batch = Batch(
        source=NodeRow(
            "Source", model.validate_node("Source", yaml.safe_load(UNIVERSITY_RECORDS)["source"])
        ),
        model=model,
    )
    batch.add_node(
        "University",
        {
            "id": "aarhus-university",
            "name": "Aarhus University",
            "name_vi": "Đại học Aarhus",
            "country_code": "DK",
        },
    )
    for rel_type, to_label, to_id in (
        ("MEMBER_OF", "Organisation", "citynet"),
        ("LOCATED_IN", "City", "aarhus-dk"),
    ):
        batch.add_rel(
            rel_type,
            from_label="University",
            from_id="aarhus-university",
            to_label=to_label,
            to_id=to_id,
            props={},
        )
    return batch


def test_a_copy_of_the_model_given_to_the_store_takes_a_university(
    tmp_path: Path, university: Model
) -> None:
    assert "University" in university.labels and "University" not in MODEL.labels
    (tmp_path / "base.yaml").write_text(BASE, encoding="utf-8")
    db = tmp_path / "today.lbdb"
    with LadybugStore(db) as store:  # a file made with the package's schema
        ingest_paths(store, [tmp_path / "base.yaml"], home="haiphong-vn")
        with pytest.raises(ValidationError, match="unknown label 'University'"):
            _university_batch(store.model)

    # the DDL and the validation come from the copy
    assert any("CREATE NODE TABLE IF NOT EXISTS `University`(" in q for q in cypher.ddl(university))
    assert not any("University" in q for q in cypher.ddl(MODEL))
    with pytest.raises(ValidationError, match=r"unknown property rank.*country_code"):
        Batch(source=NodeRow("Source", {"id": "s"}), model=university).add_node(
            "University", {"id": "odense-university", "name": "Odense University", "rank": 3}
        )

    with LadybugStore(db, model=university) as store:  # the file migrates on open
        assert store.model is university
        assert store.counts()["University"] == 0
        store.write_batch(_university_batch(store.model))
        rows = store.read(
            "MATCH (u:University)-[:LOCATED_IN]->(c:City) RETURN u.id AS u, c.id AS c"
        )
        assert rows == [{"u": "aarhus-university", "c": "aarhus-dk"}], rows
        console = store.query_readonly("MATCH (u:University)-[:MEMBER_OF]->(o) RETURN o.id")
        assert console.rows == [["citynet"]], console

        # docs, style, FtM export, search and unexplored from the store's model
        assert "#### University" in render(store.model)
        assert label_style(store.model)["University"] == {"color": "#aec7e8", "shape": "hexagon"}
        out = io.StringIO()
        write_ftm(store, out)
        entities = [json.loads(line) for line in out.getvalue().splitlines()]
        found = next(e for e in entities if e["id"] == "pg-aarhus-university")
        assert found["schema"] == "Organization", found
        hits = search(store, "dai hoc aarhus")
        assert (hits[0].id, hits[0].label) == ("aarhus-university", "University"), hits
        suggested = {s.id: s for s in unexplored(store, home="haiphong-vn")}
        assert "aarhus-university" in suggested, sorted(suggested)
        reasons = {r.signal for r in suggested["aarhus-university"].reasons}
        assert "shared_membership" in reasons, reasons
        assert side(store, "dk", "Country")["aarhus-university"] == "University"

        # the network view's legend, from the app serving this store
        with serving(store, api_key=None) as url:
            page = httpx.get(f"{url}/network", params={"centre": "aarhus-university"}, timeout=60)
        assert page.status_code == 200, page.text[:500]
        config = re.search(r'<script type="application/json" id="config">(.*?)</script>', page.text)
        assert config, page.text[:500]
        legend = json.loads(config.group(1))["styles"]["University"]
        assert legend["color"] == "#aec7e8" and legend["shape"] == "hexagon", legend
    assert "University" not in MODEL.labels  # the package's own schema is untouched
