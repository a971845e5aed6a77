"""The graph as a download, in the same formats as ``partnergraph export``."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from api.deps import State
from graph.exports import FORMATS, ExportFormat, export

router = APIRouter(prefix="/api", tags=["exports"])


@router.get(
    "/export.{fmt}",
    response_class=FileResponse,
    description="The whole graph with its provenance. "
    + "; ".join(f"{k}: {v.description}" for k, v in FORMATS.items())
    + " (sent as a zip).",
)
def export_graph(state: State, fmt: ExportFormat) -> FileResponse:
    spec = FORMATS[fmt]
    work = Path(tempfile.mkdtemp(prefix="partnergraph-export-"))
    name = f"partnergraph.{spec.suffix}"
    if spec.folder:
        export(state.store, fmt, work / fmt)
        path = Path(shutil.make_archive(str(work / "partnergraph"), "zip", work / fmt))
    else:
        path = export(state.store, fmt, work / name)[0]
    return FileResponse(
        path,
        media_type=spec.media_type,
        filename=name,
        background=BackgroundTask(shutil.rmtree, work, ignore_errors=True),
    )
