"""Uploads: the same file kinds as ``partnergraph ingest``, only with the app's key."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, File, Query, UploadFile

from api.deps import State, TooLarge, require_key
from graph.errors import InputError, PartnergraphError, StoreError
from graph.settings import Settings
from ingest.pipeline import FileReport, ingest_paths

router = APIRouter(prefix="/api", tags=["ingest"])

MAX_UPLOAD = 20 * 1024 * 1024
UPLOAD_PATH = "/api/ingest"


def upload_limits(settings: Settings) -> str:
    """The upload limits, as every refusal over them says (see also api.app.Bounds)."""
    return (
        f"an upload may hold at most {settings.upload_max_files} files and "
        f"{settings.upload_max_mb} MiB together; send the rest in another upload"
    )


@router.post(
    UPLOAD_PATH.removeprefix("/api"),
    response_model=list[FileReport],
    dependencies=[Depends(require_key)],
)
def upload(
    state: State,
    files: Annotated[list[UploadFile], File(description="Articles and records files.")],
    home: Annotated[
        str | None,
        Query(
            max_length=200,
            pattern=r"^[a-z0-9][a-z0-9-]*$",
            description="Id of the home the articles are about (a new locality need not be in "
            "the graph yet); default: the app's setting.",
        ),
    ] = None,
) -> list[FileReport]:
    """Ingest uploaded files. All are read and their format checked before any is written;
    then each is ingested in its own transaction (all or nothing per file); a file already
    ingested changes nothing. Needs the X-API-Key header. At most 50 files and 50 MiB in one
    upload (PARTNERGRAPH_UPLOAD_MAX_FILES, PARTNERGRAPH_UPLOAD_MAX_MB)."""
    if state.store.read_only:
        raise StoreError("this app opened the database read-only; start it with an API key")
    settings = state.settings
    total = sum(f.size or 0 for f in files)
    if len(files) > settings.upload_max_files or total > settings.upload_max_mb * 2**20:
        raise TooLarge(
            f"this upload has {len(files)} files and {total / 2**20:.1f} MiB; "
            + upload_limits(settings)
        )
    with tempfile.TemporaryDirectory(prefix="partnergraph-upload-") as tmp:
        folder = Path(tmp)
        paths = []
        for f in files:
            name = _safe_name(f.filename)
            if (folder / name).exists():
                raise InputError(f"two uploads are called {name}; give each file its own name")
            data = f.file.read(MAX_UPLOAD + 1)
            if len(data) > MAX_UPLOAD:
                raise InputError(f"{name}: larger than {MAX_UPLOAD // 2**20} MB; split it")
            (folder / name).write_bytes(data)
            paths.append(folder / name)
        try:
            reports = ingest_paths(
                state.store,
                paths,
                home=home or state.settings.home,
                review_below=state.settings.review_below,
            )
        except PartnergraphError as exc:  # name the upload, not the temporary folder
            raise type(exc)(str(exc).replace(f"{folder}/", "")) from exc
        finally:
            state.changed()
    for r in reports:
        r.path = Path(r.path).name
    return reports


def _safe_name(name: str | None) -> str:
    base = Path(name or "").name
    base = re.sub(r"[^\w.\-]+", "_", base).lstrip(".")
    if not base:
        raise InputError("an uploaded file has no name; give each file its name and extension")
    return base
