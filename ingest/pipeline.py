"""Ingest files and folders: read, check, turn into a batch, write in one transaction per file.

Every file is checked (readable, not empty, text, not huge, parseable) before any is written,
so one bad file in a folder stops the run with nothing written. Each file is then all or
nothing, and ingesting a file again changes nothing.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Field
from yaml.error import MarkedYAMLError

from graph import cypher
from graph.batch import Batch, NodeRow
from graph.errors import InputError, PartnergraphError
from graph.questions.lookup import side
from graph.schema import Model
from graph.settings import Settings
from graph.stores.base import GraphStore, WriteReport
from graph.stores.writer import DuplicateId, expected_counts
from ingest.resolve import Resolver

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "SUFFIXES",
    "FileReport",
    "ingest_paths",
    "iter_files",
    "read_text",
]

ARTICLE_SUFFIXES = {".txt", ".md", ".html", ".htm"}
RECORD_SUFFIXES = {".yaml", ".yml", ".json", ".csv"}
SUFFIXES = ARTICLE_SUFFIXES | RECORD_SUFFIXES
MAX_BYTES = 20_000_000  # "20 MB", as the README says: decimal megabytes
MAX_DEPTH = 64  # a records file nests 5 deep; more is a mistake or an attack (RecursionError)


class FileReport(BaseModel):
    """What one file added or matched."""

    path: str
    source: str
    skipped: bool = Field(False, description="The same content was ingested before.")
    written: WriteReport = Field(default_factory=WriteReport)
    entities: list[dict[str, Any]] = Field(default_factory=list)
    engagements: list[dict[str, Any]] = Field(default_factory=list)
    reviews: int = 0


@dataclass
class _Checked:
    path: Path
    text: str
    data: Any = None
    kind: str = "article"
    rows: list[list[str]] = field(default_factory=list)


def iter_files(paths: list[Path]) -> Iterator[Path]:
    """Files named, and the supported files in folders named (sorted, recursively)."""
    for path in paths:
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
            )
            if not found:
                raise InputError(
                    f"{path}: no file to ingest in this folder (looked for "
                    f"{', '.join(sorted(SUFFIXES))})"
                )
            yield from found
        elif path.is_file():
            if path.suffix.lower() not in SUFFIXES:
                raise InputError(
                    f"{path}: cannot ingest {path.suffix or 'files without a suffix'}; give "
                    f"{', '.join(sorted(SUFFIXES))}"
                )
            yield path
        else:
            raise InputError(f"{path}: no such file or folder")


def check_file(path: Path) -> _Checked:
    """Read and parse one file, or raise :class:`InputError` naming the file and line."""
    text = read_text(path)
    suffix = path.suffix.lower()
    if suffix in {".yaml", ".yml"}:
        return _Checked(path, text, _need_mapping(path, _load_yaml(path, text)), "records")
    if suffix == ".json":
        return _Checked(path, text, _need_mapping(path, _load_json(path, text)), "records")
    if suffix == ".csv":
        try:
            rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
        except csv.Error as exc:
            raise InputError(f"{path}: not valid CSV: {exc}") from None
        from ingest.tables import csv_kind

        csv_kind(rows, path)
        return _Checked(path, text, None, "csv", rows)
    return _Checked(path, text)


def read_text(path: Path) -> str:
    """The text of a file that is readable, at most :data:`MAX_BYTES`, not empty and UTF-8
    (a byte-order mark allowed), or :class:`InputError` saying which and what to do."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(
                f"{path}: {size:,} bytes is more than the 20 MB ({MAX_BYTES:,} bytes) a file "
                "may have; split it"
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    encoding = _wide_encoding(raw)
    if encoding:
        raise InputError(
            f"{path}: this is {encoding} text; save it as UTF-8 (in most editors: Save as, "
            "encoding UTF-8) and ingest it again"
        )
    if not raw.strip():
        raise InputError(f"{path}: the file is empty; nothing to ingest")
    if b"\x00" in raw[:8192]:
        raise InputError(f"{path}: this is a binary file, not text; give UTF-8 text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{path}, line {line}: not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the "
            "file as UTF-8"
        ) from None


_BOMS = [
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
]


def _wide_encoding(raw: bytes) -> str | None:
    """ "UTF-16" or "UTF-32" when the bytes are text in one of them: by its byte-order mark,
    or (UTF-16 without one) by zero bytes at every other position only."""
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return name
    head = raw[:8192]
    zeros = head[0::2].count(0), head[1::2].count(0)
    if min(zeros) == 0 and max(zeros) * 10 >= len(head) // 2 > 0:
        return "UTF-16"
    return None


# -- YAML and JSON, refusing what their parsers let through -----------------------------------


class _Refused(MarkedYAMLError):
    """A YAML file that parses but must not be read: where and why."""


def _too_deep() -> str:
    return (
        f"nested more than {MAX_DEPTH} levels deep; a records file needs about 5 (source, "
        "nodes, a node, its participants, one of them): see docs/records.md"
    )


def _twice(key: object, where: str) -> str:
    return f"the key {key!r} is given twice in {where}; keep one (otherwise the last one wins)"


class _RecordsLoader(yaml.SafeLoader):
    """``yaml.safe_load``, refusing nesting deeper than :data:`MAX_DEPTH` (a RecursionError
    otherwise), a key given twice in one mapping (the last one won), and a value its type
    cannot hold (``2022-02-30``, an integer of 5,000 digits: a ValueError otherwise)."""

    _depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise _Refused(problem=_too_deep(), problem_mark=mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError) as exc:
            reason = str(exc).split(";")[0]
            if node.tag == "tag:yaml.org,2002:timestamp":
                problem = (
                    f"{node.value} is not a date that exists ({reason}); write a real date "
                    "as YYYY-MM-DD"
                )
            else:
                problem = f"{str(node.value)[:40]!r} cannot be read ({reason})"
            raise _Refused(problem=problem, problem_mark=node.start_mark) from None

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if isinstance(key, Hashable) and key in seen:
                where = f"the mapping of line {node.start_mark.line + 1} (also at line {seen[key]})"
                raise _Refused(problem=_twice(key, where), problem_mark=key_node.start_mark)
            seen[key] = line
        return super().construct_mapping(node, deep)


def _load_yaml(path: Path, text: str) -> Any:
    try:
        return yaml.load(text, Loader=_RecordsLoader)  # a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        opened = getattr(exc, "context_mark", None)
        where = f", line {mark.line + 1}" if mark else ""
        if opened and mark and opened.line != mark.line:
            where += f" (what is open there started at line {opened.line + 1})"
        problem = getattr(exc, "problem", None) or exc
        kind = "" if isinstance(exc, _Refused) else "not valid YAML: "
        raise InputError(f"{path}{where}: {kind}{problem}") from None


def _load_json(path: Path, text: str) -> Any:
    try:
        data = json.loads(text, object_pairs_hook=lambda pairs: _unique_keys(path, pairs))
    except RecursionError:  # deeper than the interpreter's recursion limit
        raise InputError(f"{path}{_deep_at(text)}: {_too_deep()}") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}, line {exc.lineno}: not valid JSON: {exc.msg}") from None
    except ValueError as exc:  # a number of more than 4,300 digits
        raise InputError(f"{path}: not valid JSON: {str(exc).split(';')[0]}") from None
    if _deeper_than(data, MAX_DEPTH):
        raise InputError(f"{path}{_deep_at(text)}: {_too_deep()}")
    return data


def _deeper_than(data: Any, limit: int) -> bool:
    """True if lists and objects nest more than ``limit`` deep (level by level: no recursion;
    0.2 s for 17 MB of records, a sixth of what parsing them takes)."""
    level = [data] if type(data) in _NESTS else []
    for _ in range(limit):
        level = [
            c for v in level for c in (v.values() if type(v) is dict else v) if type(c) in _NESTS
        ]
        if not level:
            return False
    return bool(level)


_NESTS = (dict, list)
_JSON_TOKENS = re.compile(r'"(?:[^"\\]++|\\.)*+"|[\[\]{}]')


def _deep_at(text: str) -> str:
    """ ", line N": where JSON text first nests more than :data:`MAX_DEPTH` deep."""
    depth = 0
    for token in _JSON_TOKENS.finditer(text):  # strings are matched whole, and skipped
        depth += {"[": 1, "{": 1, "]": -1, "}": -1}.get(token.group(), 0)
        if depth > MAX_DEPTH:
            return f", line {text.count(chr(10), 0, token.start()) + 1}"
    return ""


def _unique_keys(path: Path, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object as a dict, or :class:`InputError` when it gives a key twice."""
    out = dict(pairs)
    if len(out) == len(pairs):
        return out
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            node_id = out.get("id")
            where = f"the object with id {node_id!r}" if isinstance(node_id, str) else "an object"
            raise InputError(f"{path}: {_twice(key, where)}")
        seen.add(key)
    raise AssertionError("unreachable")  # pragma: no cover


def _need_mapping(path: Path, data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise InputError(
            f"{path}: a records file is a mapping with 'source', 'nodes' and 'rels' "
            "(see docs/records.md)"
        )
    return data


def ingest_paths(
    store: GraphStore,
    paths: list[Path],
    *,
    home: str | None = None,
    review_below: float = Settings.model_fields["review_below"].default,
    progress: Callable[[str], None] | None = None,
) -> list[FileReport]:
    """Check every file, then ingest them one by one, each in its own transaction, read with
    the store's model. ``home``: the home city's id, which an article needs (records and
    tables do not); ``review_below``: the confidence under which what an article names waits
    for review (the command line and the app pass their settings; neither the environment
    nor a default home is read here).

    The sources written are stamped ingested at the end, after one checkpoint for them all
    (:meth:`GraphStore.stamp_ingested`): a run cut short (a crash, a kill) leaves its last
    files unstamped, and running it again writes them again, which completes them."""
    checked = [check_file(p) for p in iter_files(paths)]
    if home is None and (article := next((c for c in checked if c.kind == "article"), None)):
        raise InputError(
            f"{article.path}: an article is read for a home city or province; give its id "
            "(partnergraph --home ID ingest ..., or home= in code)"
        )
    reports: list[FileReport] = []
    names = _Names(store)
    try:
        for item in checked:
            if progress:
                progress(str(item.path))
            try:
                reports.append(_ingest_one(store, item, home, review_below, names))
            except PartnergraphError as exc:
                if not reports:
                    raise
                done = ", ".join(Path(r.path).name for r in reports)
                raise type(exc)(
                    f"{exc} (the files before it were ingested: {done}; run the same command "
                    "again once this file is fixed: they will be skipped)"
                ) from exc
    except BaseException:
        with contextlib.suppress(PartnergraphError):  # unstamped: the next run completes them
            store.stamp_ingested(_written(reports))
        raise
    store.stamp_ingested(_written(reports))
    return reports


def _written(reports: list[FileReport]) -> list[str]:
    return list(dict.fromkeys(r.source for r in reports if not r.skipped))


def _source(item: _Checked, model: Model) -> NodeRow | None:
    """The file's Source node, known before the (slower) extraction; None for tables of
    nodes or relationships, whose source is only known once read."""
    from ingest.articles import article_source
    from ingest.records import records_source
    from ingest.tables import csv_kind, twin_source

    if item.kind == "records":
        return records_source(item.data, path=item.path, model=model)[1]
    if item.kind == "csv":
        return (
            twin_source(item.rows, path=item.path, model=model)
            if csv_kind(item.rows, item.path) == "twins"
            else None
        )
    return article_source(item.text, path=item.path, model=model)


def _already(store: GraphStore, item: _Checked, source: NodeRow) -> str:
    """ "new"; "done" if this very content was ingested; "cut short" if an ingest of it was
    (its source not stamped ``ingested_at``: see :meth:`GraphStore.stamp_ingested`); an
    error if another version of it was ingested."""
    stored = store.read(cypher.source_by_id(), {"id": source.id})
    if not stored:
        return "new"
    if stored[0]["sha256"] == source.props.get("sha256"):
        meta = store.read(cypher.SOURCE_META, {"id": source.id})
        return "done" if meta and meta[0].get("ingested_at") else "cut short"
    raise InputError(
        f"{item.path}: a different version of source {source.id!r} is already in "
        "the graph; nothing was overwritten. Give this version another source id "
        "(records: source.id; articles: rename the file) to keep both"
    )


class _Names:
    """The names the graph holds, read once for all the files of one ingest (about a second
    with the twin-city list) and kept up to date with what each file writes; a file that
    fails ends the run, so nothing it read is used again."""

    def __init__(self, store: GraphStore) -> None:
        self._store = store
        self._resolver: Resolver | None = None

    def resolver(self) -> Resolver:
        if self._resolver is None:
            self._resolver = Resolver(self._store)
        return self._resolver

    def learn(self, batch: Batch) -> None:
        """What a file wrote, as the next file's resolver must see it (records add nodes the
        resolver was not told of)."""
        resolver = self.resolver()
        named = set(resolver.named_labels)
        for row in batch.nodes:
            if row.label in named:
                p = row.props
                resolver.add(
                    row.id,
                    row.label,
                    p.get("name") or row.id,
                    [p.get("name"), p.get("name_vi"), *(p.get("aliases") or [])],
                    country=p.get("country_code"),
                )


def _ingest_one(
    store: GraphStore, item: _Checked, home: str | None, review_below: float, names: _Names
) -> FileReport:
    from ingest.articles import article_batch
    from ingest.records import records_batch
    from ingest.tables import csv_batch

    early = _source(item, store.model)
    state = _already(store, item, early) if early is not None else "new"
    if state == "done" and early is not None:
        return FileReport(path=str(item.path), source=early.id, skipped=True)
    resolver = names.resolver()
    if item.kind == "records":
        batch = records_batch(item.data, path=item.path, resolver=resolver)
    elif item.kind == "csv":
        batch = csv_batch(item.rows, path=item.path, resolver=resolver)
    else:
        assert home is not None  # ingest_paths refuses an article without a home
        batch = article_batch(
            item.text,
            path=item.path,
            resolver=resolver,
            home=home,
            home_side=home_side(store, home),
            review_below=review_below,
        )
    report = FileReport(path=str(item.path), source=batch.source.id)
    if early is None:
        state = _already(store, item, batch.source)
    if state == "done":
        report.skipped = True
        return report
    if state == "cut short" and store.holds(batch.source.id):
        # All of it is there (the process ended before the stamp): ingest_paths stamps it.
        counts = expected_counts(batch)
        report.written = WriteReport(
            matched=_ids_by_label([batch.source, *batch.nodes]),
            relationships_matched=sum(n for t, n in counts.items() if t != "SOURCED_FROM"),
        )
    else:  # new, or cut short with something missing: written (again), which completes it
        try:
            report.written = store.write_batch(batch, stamp=False)  # ingest_paths stamps them
        except DuplicateId as exc:
            raise DuplicateId(f"{item.path}: {exc}") from None
    names.learn(batch)
    report.reviews = report.written.reviews
    _describe(batch, report, store.model)
    return report


def _ids_by_label(rows: list[NodeRow]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for row in rows:
        if row.id not in out.setdefault(row.label, []):
            out[row.label].append(row.id)
    return out


def home_side(store: GraphStore, home: str) -> set[str]:
    """The home city, its bodies and its officials: who counts as "us"."""
    rows = store.read(cypher.node_by_id(store.model), {"id": home})
    label = next((r["label"] for r in rows), None)
    return set(side(store, home, label)) if label else {home}


def _describe(batch: Batch, report: FileReport, model: Model) -> None:
    created = {i for ids in report.written.created.values() for i in ids}
    seen: set[tuple[str, str]] = set()
    for row in batch.nodes:  # a node stated by several sentences is one line
        if (row.label, row.id) in seen:
            continue
        seen.add((row.label, row.id))
        entry = {
            "id": row.id,
            "label": row.label,
            "name": row.props.get("name"),
            "status": "added" if row.id in created else "matched",
        }
        if row.label in model.engagement_labels:
            entry["date"] = str(row.props["date"]) if row.props.get("date") else None
            entry["date_precision"] = row.props.get("date_precision")
            report.engagements.append(entry)
        else:
            report.entities.append(entry)


SAMPLE_DIR = Path(__file__).with_name("sample")
TWIN_CITIES = Path(__file__).with_name("reference") / "twin_cities.csv"


def sample_files(*, reference: bool = True) -> list[Path]:
    """The sample dataset: Hai Phong 2022 from the two seed articles, and (``reference``) the
    twin-city list."""
    files = sorted(SAMPLE_DIR.glob("*.yaml"))
    return [*files, TWIN_CITIES] if reference else files
