"""The graph as a download, in the same formats as ``partnergraph export``."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Literal

from fastapi import APIRouter
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from api.deps import State
from graph.exports import FORMATS, export

router = APIRouter(prefix="/api", tags=["exports"])

_SUFFIX = {
    "json": "jsonl",
    "graphml": "graphml",
    "gexf": "gexf",
    "cypher": "cypher",
    "ftm": "ftm.json",
    "csv": "zip",
}
_MEDIA = {
    "json": "application/x-ndjson",
    "ftm": "application/x-ndjson",
    "graphml": "application/xml",
    "gexf": "application/xml",
    "cypher": "text/plain; charset=utf-8",
    "csv": "application/zip",
}


@router.get(
    "/export.{fmt}",
    response_class=FileResponse,
    description="The whole graph with its provenance. "
    + "; ".join(f"{k}: {v}" for k, v in FORMATS.items())
    + " (sent as a zip).",
)
def export_graph(
    state: State, fmt: Literal["json", "graphml", "gexf", "csv", "cypher", "ftm"]
) -> FileResponse:
    work = Path(tempfile.mkdtemp(prefix="partnergraph-export-"))
    name = f"partnergraph.{_SUFFIX[fmt]}"
    if fmt == "csv":
        export(state.store, "csv", work / "csv")
        path = Path(shutil.make_archive(str(work / "partnergraph"), "zip", work / "csv"))
    else:
        path = export(state.store, fmt, work / name)[0]
    return FileResponse(
        path,
        media_type=_MEDIA[fmt],
        filename=name,
        background=BackgroundTask(shutil.rmtree, work, ignore_errors=True),
    )
