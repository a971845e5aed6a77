"""What each label does is said once, in graph/schema.yaml: no module of the library or the
web app lists labels again (a set such as ``{"Visit", "Event", "Agreement"}`` drifts when a
label is added), and the pages' scripts get every label from the page.

``duplicates`` sees copies of six lines or more; a list of labels is one line, so it is
looked for here, in the code's own tokens (a docstring that names labels is no list).
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import tokenize
from pathlib import Path

import httpx

from graph.schema import MODEL
from graph.stores import LadybugStore

ROOT = Path(__file__).resolve().parents[2]
LABELS = set(MODEL.labels)
# Modules left out of the look for label lists: none (the article reader's rules take their
# kinds from the schema since session 8: docs/decisions.md, "Session 8: the reader and review
# take the model").
LEFT: set[str] = set()


def _label_lists(path: Path) -> list[str]:
    """Lines of ``path`` holding two or more string literals that are label names."""
    per_line: dict[int, set[str]] = {}
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
    for tok in tokens:
        if tok.type == tokenize.STRING:
            text = re.sub(r"^[rbuRBU]*", "", tok.string).strip("'\"")
            if text in LABELS:
                per_line.setdefault(tok.start[0], set()).add(text)
    return [f"{n}: {sorted(found)}" for n, found in sorted(per_line.items()) if len(found) > 1]


def test_no_python_module_lists_labels() -> None:
    found = {
        str(rel): lines
        for folder in ("api", "graph", "ingest")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if str(rel := path.relative_to(ROOT)) not in LEFT and (lines := _label_lists(path))
    }
    assert not found, found


def test_no_script_of_the_pages_names_a_label() -> None:
    names = "|".join(sorted(LABELS))
    quoted = re.compile(rf"""["'`]({names})["'`]""")
    found = [
        f"{path.name}:{n}: {line.strip()}"
        for path in sorted((ROOT / "api" / "static").glob("*.js"))
        if not path.name.endswith(".min.js")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if quoted.search(line)
    ]
    assert not found, found


def test_the_network_page_hands_its_script_the_schema_engagements(client: httpx.Client) -> None:
    page = client.get("/network", params={"centre": "haiphong-vn"})
    config = re.search(r'<script type="application/json" id="config">(.*?)</script>', page.text)
    assert config, page.text[:500]
    handed = json.loads(config.group(1))
    assert handed["engagements"] == list(MODEL.engagement_labels), handed.get("engagements")
    assert set(handed["styles"]) == set(MODEL.styles), handed["styles"]


def test_the_command_line_refuses_a_label_that_is_never_suggested(tmp_path: Path) -> None:
    """``unexplored --label`` takes the schema's candidate labels; another (a typo, an
    engagement) is refused with the list, where it used to answer nothing."""
    db = tmp_path / "empty.lbdb"
    LadybugStore(db).close()
    done = subprocess.run(
        [sys.executable, "-m", "api.cli", "--db", str(db), "unexplored", "--label", "Visit"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 65, (done.returncode, done.stderr)
    assert "--label Visit" in done.stderr, done.stderr
    assert all(label in done.stderr for label in MODEL.candidate_labels), done.stderr
