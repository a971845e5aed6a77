"""Structured records (.yaml, .json) into a batch.

A records file names its source and lists nodes and relationships; every entry cites the
sentence of the source that states it (``evidence``), which must appear word for word in the
source's text when the text is given. See ``docs/records.md`` and ``ingest/sample/``.

Shorthand on engagement nodes: ``participants: [{id, role, wording?}]``, ``located_in: ID``
and ``sectors: [ID]`` become PARTICIPATED_IN, LOCATED_IN and CONCERNS relationships citing the
node's evidence. A Country needs only its ISO code as ``id``: names come from the reference data.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePath
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic import ValidationError as PydanticError

from graph.batch import Batch, Mention, NodeRow
from graph.errors import InputError, PartnergraphError, ValidationError
from graph.schema import Model
from ingest.pipeline import read_text
from ingest.reference import CITIES, COUNTRIES
from ingest.resolve import Resolver

__all__ = ["RecordsFile", "records_batch", "records_source"]

_SUGAR = {"participants", "located_in", "sectors", "evidence", "wording", "label"}


class _Participant(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    role: str
    wording: str | None = None


class _SourceSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    name: str
    kind: str = "records"
    url: str | None = None
    text_file: str | None = Field(
        None, description="Path of the source's text, in this file's folder or below it."
    )
    language: str | None = None
    publisher: str | None = None
    published: str | None = None
    license: str | None = None
    description: str | None = None


class RecordsFile(BaseModel):
    """The shape of a .yaml/.json records file."""

    model_config = ConfigDict(extra="forbid")
    source: _SourceSpec
    nodes: list[dict[str, Any]] = Field(default_factory=list)
    rels: list[dict[str, Any]] = Field(default_factory=list)


def _shape_error(exc: PydanticError) -> str:
    """The first shape error in words that say what the file may hold."""
    first = exc.errors()[0]
    loc = [str(p) for p in first["loc"]]
    where = ".".join(loc)
    model: type[BaseModel] = _SourceSpec if loc[:1] == ["source"] and len(loc) > 1 else RecordsFile
    allowed = ", ".join(model.model_fields)
    if first["type"] == "extra_forbidden":
        holder = "the source" if model is _SourceSpec else "a records file"
        return f"unknown key {loc[-1]!r}; {holder} may have {allowed}"
    if first["type"] == "missing":
        return (
            f"{where} is missing; a records file needs source (with id and name) and nodes or rels"
        )
    return f"at {where}: {first['msg']}"


@contextmanager
def _at(path: Path, where: str) -> Iterator[None]:
    """Errors raised inside name the file and the entry, once."""
    try:
        yield
    except PartnergraphError as exc:
        raise type(exc)(f"{path}: {where}: {exc}") from None


def records_source(
    data: Any, *, path: Path, model: Model
) -> tuple[RecordsFile, NodeRow, str | None]:
    """The file's shape checked, its Source node (checked against ``model``), and the
    source's text (if it names one)."""
    try:
        spec = RecordsFile.model_validate(data)
    except PydanticError as exc:
        raise ValidationError(f"{path}: {_shape_error(exc)}") from None
    text = None
    src = spec.source.model_dump(exclude_none=True, exclude={"text_file"})
    if spec.source.text_file:
        with _at(path, "source.text_file"):
            text_path = _text_path(path, spec.source.text_file)
            text = read_text(text_path)
        src |= {"text": text, "file": text_path.name}
    src["sha256"] = hashlib.sha256(path.read_bytes() + (text or "").encode()).hexdigest()
    with _at(path, "source"):
        source = NodeRow(label="Source", props=model.validate_node("Source", src))
    return spec, source, text


def _text_path(path: Path, name: str) -> Path:
    """The source's text file: in the records file's folder or below it, never outside (an
    absolute path, '..', a link out of the folder), so that a records file cannot publish
    a file of the server (``/etc/passwd``) as a source's text."""
    folder = path.parent.resolve()
    relative = PurePath(name)
    target = (folder / relative).resolve()
    if relative.is_absolute() or ".." in relative.parts or not target.is_relative_to(folder):
        raise InputError(
            f"{name!r} is outside this file's folder; put the text in the folder of the "
            "records file (or below it) and give its relative path, without '..'"
        )
    if not target.is_file():
        raise InputError(f"{name!r} is not a file in {folder}; give the path of the text")
    return target


def records_batch(
    data: Any, *, path: Path, resolver: Resolver, first_line: int | None = None
) -> Batch:
    """Validate a parsed records file and turn it into a batch. Errors name the entry
    (``nodes[3] (visit-...)``), or its line when the entries are rows of a table from
    ``first_line`` on. The model is the resolver's (the store's)."""
    spec, source, text = records_source(data, path=path, model=resolver.model)
    batch = Batch(source=source, model=resolver.model)
    local: dict[str, str] = {}

    def entry_name(kind: str, i: int, entry: dict[str, Any]) -> str:
        where = f"line {first_line + i}" if first_line is not None else f"{kind}[{i}]"
        return f"{where} ({entry.get('id', 'no id')})" if kind == "nodes" else where

    def mention(entry: dict[str, Any]) -> Mention:
        evidence = entry.get("evidence")
        offset = None
        if evidence and text is not None:
            offset = text.find(evidence)
            if offset < 0:
                raise ValidationError(
                    f"its evidence is not in the source text word for word: "
                    f"{evidence[:80]!r}; copy the sentence from {spec.source.text_file}"
                )
        return Mention(evidence=evidence, offset=offset, wording=entry.get("wording"))

    for i, entry in enumerate(spec.nodes):
        with _at(path, entry_name("nodes", i, entry)):
            label = entry.get("label")
            if not isinstance(label, str):
                raise ValidationError("every node needs a 'label'")
            props = _with_reference(label, {k: v for k, v in entry.items() if k not in _SUGAR})
            row = batch.add_node(label, props, mention(entry))
        local[row.id] = label

    def label_of(node_id: str) -> str:
        found = local.get(node_id) or resolver.label_of(node_id)
        if found is None:
            raise ValidationError(
                f"{node_id!r} is neither a node of this file nor in the graph; "
                "declare it under 'nodes' or ingest the file that does first"
            )
        return found

    def rel(rel_type: str, a: str, b: str, props: dict[str, Any], where: str) -> None:
        with _at(path, where):
            batch.add_rel(
                rel_type,
                from_label=label_of(a),
                from_id=a,
                to_label=label_of(b),
                to_id=b,
                props=props,
            )

    for i, entry in enumerate(spec.nodes):
        where = entry_name("nodes", i, entry)
        m = mention(entry).props()
        for j, raw in enumerate(entry.get("participants") or []):
            try:
                part = _Participant.model_validate(raw)
            except PydanticError as exc:
                raise ValidationError(f"{path}: {where}.participants[{j}]: {exc}") from None
            props = {**m, "role": part.role}
            if part.wording:
                props["wording"] = part.wording
            rel("PARTICIPATED_IN", part.id, entry["id"], props, f"{where}.participants[{j}]")
        if entry.get("located_in"):
            rel("LOCATED_IN", entry["id"], entry["located_in"], m, f"{where}.located_in")
        for sector in entry.get("sectors") or []:
            rel("CONCERNS", entry["id"], sector, m, f"{where}.sectors")
    for i, entry in enumerate(spec.rels):
        where = entry_name("rels", i, entry)
        with _at(path, where):
            try:
                rel_type, a, b = entry["type"], entry["from"], entry["to"]
            except KeyError as exc:
                raise ValidationError(f"needs {exc.args[0]!r}") from None
            props = {k: v for k, v in entry.items() if k not in {"type", "from", "to"}}
            props |= mention(entry).props()
        rel(rel_type, a, b, props, where)
    return batch


def _with_reference(label: str, props: dict[str, Any]) -> dict[str, Any]:
    """Fill a Country from ISO 3166/CLDR and a City from GeoNames, keeping what the file says."""
    if label == "Country":
        ref = COUNTRIES.by_code.get(str(props.get("id", "")).upper())
        if ref is None:
            raise ValidationError(
                f"Country {props.get('id')!r}: the id of a country is its ISO 3166 alpha-2 code "
                "in lower case (dk, nl, kr)"
            )
        return _fill(ref.props(), props)
    if label == "City" and props.get("name") and props.get("country_code"):
        cities = CITIES.lookup(str(props["name"]), str(props["country_code"]))
        if cities:
            found = cities[0].props()
            found.pop("id")
            return _fill(found, props)
    return props


def _fill(ref: dict[str, Any], props: dict[str, Any]) -> dict[str, Any]:
    out = {**ref, **{k: v for k, v in props.items() if v is not None}}
    aliases = [*(props.get("aliases") or []), *(ref.get("aliases") or [])]
    if ref.get("name") and props.get("name") and ref["name"] != props["name"]:
        aliases.insert(0, ref["name"])
    out["aliases"] = list(dict.fromkeys(aliases))
    return out
