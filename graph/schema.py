"""The schema as data: loaded from ``schema.yaml`` into a :class:`Model`.

Record validation, the embedded store's DDL and ``docs/schema.md`` all come from here. The
package's own model, :func:`default_model` (also ``graph.schema.MODEL``), is built when it is
first asked for, not when this module is imported: a command that stops before it opens a
store (``--help``, no database) never reads the YAML.

Examples
--------
>>> model = default_model()
>>> model.label("City").properties["name"].required
True
>>> model.validate_node("Country", {"id": "dk", "name": "Denmark", "aliases": ["Đan Mạch"]})["id"]
'dk'
>>> sorted(model.rel("TWINNED_WITH").from_labels)
['City']
>>> from graph.schema import MODEL
>>> MODEL is default_model()
True
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import math
import os
import re
import sys
from functools import cache, cached_property
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field
from pydantic import ValidationError as PydanticError

from graph.errors import InvalidModel, ValidationError

__all__ = [
    "FACETS",
    "MODEL",
    "NAME_RE",
    "Label",
    "Model",
    "Property",
    "RelType",
    "Style",
    "load_model",
]

PropType = Literal["STRING", "INT64", "DOUBLE", "BOOLEAN", "DATE", "TIMESTAMP", "STRING[]"]
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9._:-]{0,199}$")
NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,99}$")
"""What a label, relationship type or property may be called: a word that query text can
hold backtick-quoted (:func:`graph.cypher.ident`) without changing the query."""
NAME_WORDS = "a name is a letter, then letters, digits or '_' (at most 100)"
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
URL_SCHEMES = ("http", "https")


class Property(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: PropType
    required: bool = False
    enum: str | None = None
    min: float | None = Field(None, description="Smallest value allowed (INT64, DOUBLE).")
    max: float | None = Field(None, description="Largest value allowed (INT64, DOUBLE).")
    format: Literal["url"] | None = Field(None, description="url: an http(s) address (STRING).")
    doc: str = ""

    @property
    def bounds(self) -> str:
        """The range in words ("at least 0", "from -90 to 90"), or ""."""
        low, high = (f"{b:g}" if b is not None else None for b in (self.min, self.max))
        if low and high:
            return f"from {low} to {high}"
        return f"at least {low}" if low else f"at most {high}" if high else ""


class _DateRange(BaseModel):
    """Dates a record may give: a date outside is a typo (9999-12-31, 0202-05-01)."""

    model_config = ConfigDict(extra="forbid")
    earliest: dt.date
    years_ahead: int = Field(ge=0)

    @property
    def words(self) -> str:
        return (
            f"between {self.earliest.isoformat()} and the end of the year "
            f"{self.years_ahead} years from now"
        )

    def allows(self, day: dt.date) -> bool:
        return self.earliest <= day <= dt.date(dt.date.today().year + self.years_ahead, 12, 31)


class Style(BaseModel):
    """How a label is drawn: a vis-network shape and a colour."""

    model_config = ConfigDict(extra="forbid")
    color: str = Field(pattern=r"^#[0-9a-f]{6}$")
    shape: Literal[
        "dot", "diamond", "square", "triangle", "triangleDown", "star", "box", "ellipse", "hexagon"
    ]


class _Facets(BaseModel):
    """What a label does; unset: the group's (then the groups it extends), then the default
    (:data:`_FACET_DEFAULTS`). ``docs/schema.md`` lists them from the descriptions here."""

    model_config = ConfigDict(extra="forbid")
    style: Style | None = Field(
        None,
        description="`{color, shape}`: drawn in the network view, its legend and the briefs' "
        "pictures (vis-network shapes); a label without one is not drawn.",
    )
    ftm: str | None = Field(
        None, description="The FollowTheMoney schema it is exported as; none: left out."
    )
    candidate: bool | None = Field(None, description="May be suggested as an unexplored partner.")
    searchable: bool | None = Field(
        None,
        description="Found by search and by name (`search`, `history NAME`, the search boxes), "
        "in the order of the labels in the file when scores are equal.",
    )
    acronyms: bool | None = Field(
        None, description='Goes by an acronym: an all-capital word ("KOTRA") finds it first.'
    )
    by_code: bool | None = Field(
        None,
        description="Part of a country's side (its history, its opportunities) by the "
        "`country_code` it carries, not only through LOCATED_IN.",
    )
    analytics: bool | None = Field(
        None,
        description="Taken into link prediction (a figure or a document links what it "
        "mentions, not partners).",
    )


_FACET_DEFAULTS: dict[str, Any] = {
    "style": None,
    "ftm": None,
    "candidate": False,
    "searchable": False,
    "acronyms": False,
    "by_code": False,
    "analytics": True,
}
FACETS = {
    name: (field.description or "", _FACET_DEFAULTS[name])
    for name, field in _Facets.model_fields.items()
}
"""Facet -> (what it does, its default), for the docs."""


class _Group(_Facets):
    doc: str
    extends: str | None = None
    properties: dict[str, Property] = Field(default_factory=dict)


class _LabelSpec(_Facets):
    group: str
    doc: str
    properties: dict[str, Property] = Field(default_factory=dict)


class _RelSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    doc: str
    from_: list[str] = Field(alias="from")
    to: list[str]
    key: list[str] = Field(default_factory=list)
    symmetric: bool = Field(False, description="Between equals: shown without direction.")
    properties: dict[str, Property] = Field(default_factory=dict)


class _SchemaFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: int
    dates: _DateRange
    enums: dict[str, list[str]]
    groups: dict[str, _Group]
    labels: dict[str, _LabelSpec]
    provenance: dict[str, Property]
    relationships: dict[str, _RelSpec]


class Label(BaseModel):
    """A node label with all its properties (its group's first) and what it does."""

    name: str
    group: str
    doc: str
    properties: dict[str, Property]
    style: Style | None = None
    ftm: str | None = None
    candidate: bool = False
    searchable: bool = False
    acronyms: bool = False
    by_code: bool = False
    analytics: bool = True

    @property
    def internal(self) -> bool:
        return self.group == "internal"


class RelType(BaseModel):
    """A relationship type, its allowed endpoints and its properties (own, then provenance)."""

    name: str
    doc: str
    from_labels: list[str]
    to_labels: list[str]
    key: list[str]
    own_properties: dict[str, Property]
    properties: dict[str, Property]
    symmetric: bool = False

    def allows(self, from_label: str, to_label: str) -> bool:
        return from_label in self.from_labels and to_label in self.to_labels


class Model:
    """The loaded schema. Fails loudly (:class:`InvalidModel`) when the file is wrong."""

    def __init__(self, spec: _SchemaFile) -> None:
        self.version = spec.version
        self.dates = spec.dates
        self.enums = spec.enums
        self.groups = spec.groups
        self.provenance = spec.provenance
        self.labels: dict[str, Label] = {}
        for name, lab in spec.labels.items():
            if lab.group not in spec.groups:
                raise InvalidModel(f"label {name}: unknown group {lab.group!r}")
            chain = _lineage(spec.groups, lab.group)
            props: dict[str, Property] = {}
            for group in chain:
                props |= group.properties
            props |= lab.properties
            facets = {
                facet: next(
                    (v for s in [lab, *reversed(chain)] if (v := getattr(s, facet)) is not None),
                    default,
                )
                for facet, default in _FACET_DEFAULTS.items()
            }
            self.labels[name] = Label(
                name=name, group=lab.group, doc=lab.doc, properties=props, **facets
            )
        self.rels: dict[str, RelType] = {}
        for name, rel in spec.relationships.items():
            ends = {"from": self._ends(name, rel.from_), "to": self._ends(name, rel.to)}
            for k in rel.key:
                if k not in rel.properties:
                    raise InvalidModel(f"relationship {name}: key {k!r} is not a property")
            self.rels[name] = RelType(
                name=name,
                doc=rel.doc,
                from_labels=ends["from"],
                to_labels=ends["to"],
                key=rel.key,
                own_properties=rel.properties,
                properties={**rel.properties, **spec.provenance},
                symmetric=rel.symmetric,
            )
        for name in [*self.labels, *self.rels]:
            if not NAME_RE.match(name):
                raise InvalidModel(f"{name!r}: {NAME_WORDS}")
        for owner, props in [
            *((f"label {n}", lab.properties) for n, lab in self.labels.items()),
            *((f"relationship {n}", r.properties) for n, r in self.rels.items()),
        ]:
            for pname, prop in props.items():
                if not NAME_RE.match(pname):
                    raise InvalidModel(f"{owner}.{pname}: {NAME_WORDS}")
                if prop.enum and prop.enum not in self.enums:
                    raise InvalidModel(f"{owner}.{pname}: unknown enum {prop.enum!r}")
                if (prop.min is not None or prop.max is not None) and prop.type not in _NUMBERS:
                    raise InvalidModel(f"{owner}.{pname}: min and max are for INT64 and DOUBLE")
                if prop.format and prop.type != "STRING":
                    raise InvalidModel(f"{owner}.{pname}: a format is for STRING")

    def _ends(self, rel: str, names: list[str]) -> list[str]:
        """Labels and groups (every label in it, in the schema's order) as labels, each once."""
        out: list[str] = []
        for end in names:
            if end in self.labels:
                out.append(end)
            elif end in self.groups and self.labels_in(end):
                out += self.labels_in(end)
            else:
                raise InvalidModel(f"relationship {rel}: unknown label or group {end!r}")
        return list(dict.fromkeys(out))

    # -- look-ups ----------------------------------------------------------------------------
    def label(self, name: str) -> Label:
        try:
            return self.labels[name]
        except KeyError:
            known = ", ".join(self.domain_labels)
            raise ValidationError(f"unknown label {name!r}; the schema has: {known}") from None

    def rel(self, name: str) -> RelType:
        try:
            return self.rels[name]
        except KeyError:
            known = ", ".join(self.rels)
            raise ValidationError(
                f"unknown relationship type {name!r}; the schema has: {known}"
            ) from None

    @cached_property
    def domain_labels(self) -> list[str]:
        return [n for n, lab in self.labels.items() if not lab.internal]

    def labels_in(self, group: str) -> list[str]:
        return [n for n, lab in self.labels.items() if lab.group == group]

    # -- what labels do (their facets) -------------------------------------------------------
    @cached_property
    def actor_labels(self) -> tuple[str, ...]:
        """Who takes part in engagements: the actor group."""
        return tuple(self.labels_in("actor"))

    @cached_property
    def engagement_labels(self) -> tuple[str, ...]:
        """What happened (visits, events, agreements): the engagement group."""
        return tuple(self.labels_in("engagement"))

    @cached_property
    def styles(self) -> dict[str, Style]:
        """The labels drawn in the network view, with how."""
        return {n: lab.style for n, lab in self.labels.items() if lab.style is not None}

    @cached_property
    def ftm_schemas(self) -> dict[str, str]:
        """Label -> the FollowTheMoney schema it is exported as."""
        return {n: lab.ftm for n, lab in self.labels.items() if lab.ftm is not None}

    @cached_property
    def candidate_labels(self) -> frozenset[str]:
        """What may be suggested as an unexplored partner."""
        return frozenset(n for n, lab in self.labels.items() if lab.candidate)

    @cached_property
    def searchable_labels(self) -> tuple[str, ...]:
        """What search finds, in the order equal scores are shown."""
        return tuple(n for n, lab in self.labels.items() if lab.searchable)

    @cached_property
    def coded_labels(self) -> tuple[str, ...]:
        """What belongs to a country's side by the code it carries (``by_code``)."""
        return tuple(n for n, lab in self.labels.items() if lab.by_code)

    # -- validation --------------------------------------------------------------------------
    def validate_node(self, label: str, props: dict[str, Any]) -> dict[str, Any]:
        """Check ``props`` against ``label`` and return them with values coerced to their types."""
        lab = self.label(label)
        out = self._validate(f"{label} {props.get('id', '?')!r}", lab.properties, props)
        if not _ID_RE.match(out["id"]):
            raise ValidationError(
                f"{label} id {out['id']!r} is not a slug: use lower-case letters, digits and "
                "'-', '.', '_' or ':' (at most 200 characters)"
            )
        return out

    def validate_rel(
        self, rel_type: str, from_label: str, to_label: str, props: dict[str, Any]
    ) -> dict[str, Any]:
        rel = self.rel(rel_type)
        if not rel.allows(from_label, to_label):
            raise ValidationError(
                f"{rel_type} cannot go from {from_label} to {to_label}; it goes from "
                f"{'/'.join(rel.from_labels)} to {'/'.join(rel.to_labels)}"
            )
        return self._validate(rel_type, rel.properties, props)

    def _validate(
        self, what: str, schema: dict[str, Property], props: dict[str, Any]
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, value in props.items():
            prop = schema.get(name)
            if prop is None:
                unknown = sorted(set(props) - set(schema))
                raise ValidationError(
                    f"{what}: unknown propert{'y' if len(unknown) == 1 else 'ies'} "
                    f"{', '.join(unknown)}; allowed: {', '.join(schema)}"
                )
            if value is None or value == "" or value == []:
                continue
            # the common case, fast: a string for a plain STRING
            if not (prop.type == "STRING" and type(value) is str and prop.format is None):
                value = self._value(what, name, prop, value)
            if prop.enum and value not in self.enums[prop.enum]:
                raise ValidationError(
                    f"{what}: {name}={value!r} is not one of {', '.join(self.enums[prop.enum])}"
                )
            out[name] = value
        for name, prop in schema.items():
            if prop.required and name not in out:
                raise ValidationError(f"{what}: required property {name!r} is missing")
        return out

    def _value(self, what: str, name: str, prop: Property, value: Any) -> Any:
        """``value`` coerced to the property's type and checked against its range and format."""
        value = _coerce(what, name, prop.type, value)
        if prop.type in _NUMBERS and not (
            (prop.min is None or value >= prop.min) and (prop.max is None or value <= prop.max)
        ):
            raise ValidationError(
                f"{what}: {name}={value!r} is out of range: it must be {prop.bounds}"
            )
        if prop.type in {"DATE", "TIMESTAMP"}:
            day = value.date() if isinstance(value, dt.datetime) else value
            if not self.dates.allows(day):
                raise ValidationError(
                    f"{what}: {name}={value.isoformat()} is not a plausible date; dates are "
                    f"{self.dates.words} (check the year)"
                )
        if prop.format == "url":
            _check_url(what, name, value)
        return value


_NUMBERS = {"INT64", "DOUBLE"}


def _lineage(groups: dict[str, _Group], name: str) -> list[_Group]:
    """A group and the groups it extends, the farthest first."""
    out: list[_Group] = []
    seen: list[str] = []
    while name:
        if name in seen:
            raise InvalidModel(f"group {name}: extends itself ({' -> '.join([*seen, name])})")
        if name not in groups:
            raise InvalidModel(f"group {seen[-1]}: extends an unknown group {name!r}")
        seen.append(name)
        out.insert(0, groups[name])
        name = groups[name].extends or ""
    return out


def _check_url(what: str, name: str, value: str) -> None:
    parts = urlsplit(value)
    if parts.scheme.lower() not in URL_SCHEMES or not parts.netloc or not value.isprintable():
        raise ValidationError(
            f"{what}: {name}={value[:80]!r} is not a web address; give an http:// or https:// URL"
        )


def _coerce(what: str, name: str, ptype: str, value: Any) -> Any:
    def bad(why: str = "") -> ValidationError:
        return ValidationError(
            f"{what}: {name}={_short(value)} is not a {ptype}"
            + (" (write dates as YYYY-MM-DD)" if ptype == "DATE" else "")
            + why
        )

    def not_finite() -> ValidationError:
        return ValidationError(
            f"{what}: {name}={_short(value)} is not a finite number (NaN, Infinity or too "
            "large): give the number, or leave the property out"
        )

    if isinstance(value, float) and not math.isfinite(value):
        raise not_finite()

    if ptype == "STRING":
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            return str(value)
        raise bad()
    if ptype == "STRING[]":
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return list(dict.fromkeys(v for v in value if v))
        raise bad()
    if ptype == "INT64":
        if isinstance(value, bool):
            raise bad()
        if isinstance(value, str) and re.fullmatch(r"-?\d{1,20}", value.strip()):
            value = int(value)
        if isinstance(value, int):
            if INT64_MIN <= value <= INT64_MAX:
                return value
            raise bad(f" (a 64-bit integer is between {INT64_MIN:,} and {INT64_MAX:,})")
        raise bad()
    if ptype == "DOUBLE":
        if isinstance(value, bool):
            raise bad()
        try:
            number = float(value if isinstance(value, int | float) else str(value))
        except OverflowError:
            raise not_finite() from None
        except ValueError:
            raise bad() from None
        if not math.isfinite(number):
            raise not_finite()
        return number
    if ptype == "BOOLEAN":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in {"true", "false"}:
            return value.lower() == "true"
        raise bad()
    if ptype == "DATE":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise bad() from None
    if ptype == "TIMESTAMP":
        if isinstance(value, dt.datetime):
            return value
        try:
            return dt.datetime.fromisoformat(str(value))
        except ValueError:
            raise bad() from None
    raise bad()  # pragma: no cover - the model only admits the types above


def _short(value: Any) -> str:
    """``repr(value)`` cut to a readable length (an int of 10**30 digits, a pasted page)."""
    text = repr(value) if not isinstance(value, int) or abs(value) < 10**60 else "a huge number"
    return text if len(text) <= 80 else text[:77] + "..."


def load_model(path: Path | None = None) -> Model:
    """A new model from ``path`` (default: the package's ``schema.yaml``)."""
    path = path or Path(__file__).with_name("schema.yaml")
    try:
        return Model(_SchemaFile.model_validate(read_schema(path)))
    except (OSError, UnicodeDecodeError, PydanticError) as exc:
        raise InvalidModel(f"{path}: {exc}") from exc


_KEPT_FORMAT = "partnergraph-schema-1"


def read_schema(path: Path) -> Any:
    """The data of the schema file ``path``: its YAML parsed, or the same data kept as JSON
    (:func:`kept_schema_path`) when that copy was made from these very bytes (their sha256 is
    in it). Parsing is what PyYAML's import and libyaml cost, about 20 ms of every command's
    start; reading the copy is a millisecond. A copy of other bytes, of another format or
    unreadable is not used, and is made again where Python may write its bytecode."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    kept = kept_schema_path(path)
    with contextlib.suppress(OSError, ValueError, AttributeError):
        stored = json.loads(kept.read_bytes())
        if stored.get("format") == _KEPT_FORMAT and stored.get("sha256") == digest:
            return stored.get("data")
    import yaml  # here, not at import: only a schema not read before needs YAML

    # libyaml's safe loader when PyYAML has it: 10 ms instead of 130 ms
    try:
        raw = yaml.load(data.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise InvalidModel(f"{path}: {exc}") from exc
    if not sys.dont_write_bytecode:
        _keep(kept, {"format": _KEPT_FORMAT, "sha256": digest, "data": raw})
    return raw


def kept_schema_path(path: Path) -> Path:
    """Where the JSON copy of the schema file ``path`` is kept: beside its folder's bytecode
    (``__pycache__``, or under ``PYTHONPYCACHEPREFIX`` when set), which git and packages
    already leave out."""
    folder = path.resolve().parent
    if sys.pycache_prefix:
        return Path(sys.pycache_prefix, *folder.parts[1:], f"{path.name}.json")
    return folder / "__pycache__" / f"{path.name}.json"


def _keep(target: Path, content: dict[str, Any]) -> None:
    """``content`` written aside and moved into ``target`` (no reader sees half a file), if
    its data read back from JSON makes the same, valid schema as the YAML's; else, and where
    it cannot be written (a read-only install), no copy is kept."""
    try:
        text = json.dumps(content, ensure_ascii=False, default=_iso)
        back = _SchemaFile.model_validate(json.loads(text)["data"])
        if back != _SchemaFile.model_validate(content["data"]):
            return
    except (TypeError, ValueError):  # a value JSON cannot hold; an invalid schema
        return
    with contextlib.suppress(OSError):
        target.parent.mkdir(parents=True, exist_ok=True)
        aside = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        aside.write_text(text, encoding="utf-8")
        os.replace(aside, target)


def _iso(value: Any) -> str:
    """YAML's dates (``dates.earliest``) as JSON text, which the model reads back the same."""
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not a value of a schema file")


@cache
def default_model() -> Model:
    """The package's model, built once, at its first use."""
    return load_model()


MODEL: Model
"""The package's model (:func:`default_model`), built when first read."""


def __getattr__(name: str) -> Model:
    """``graph.schema.MODEL`` and ``from graph.schema import MODEL``: the model, built on
    first use (PEP 562), then kept as the module's attribute."""
    if name == "MODEL":
        globals()["MODEL"] = model = default_model()
        return model
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
