"""An engagement the article reader proposes: its node, the sentences that state it, and who
took part in which role.

The reader writes a proposal into the ingest's batch when it is sure enough of it, and queues
it for review (as JSON on the review item) when it is not; an officer's accept writes the same
proposal, corrected, with the article as its source. One shape, one way to write it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from graph.batch import Batch, Mention
from graph.errors import ValidationError
from graph.schema import Model
from graph.text import slug

__all__ = ["THIRD_PLACE", "Correction", "Party", "Proposal"]

THIRD_PLACE = "third-place"
"""A visit met in a third country (CAMEO 044): neither incoming nor outgoing."""
_CAMEO = {"incoming": "043", "outgoing": "042", THIRD_PLACE: "044"}
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass
class Party:
    """One side of the engagement: a node of the graph and its role."""

    id: str
    label: str
    role: str
    evidence: str
    offset: int | None = None
    wording: str | None = None
    confidence: float | None = None


@dataclass
class Correction:
    """What an officer changes before accepting: any field left ``None`` stays as proposed."""

    label: str | None = None
    name: str | None = None
    date: str | None = None
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (the precision follows), or ``""`` for undated."""
    direction: str | None = None
    """incoming, outgoing, third-place, or ``""`` for none."""
    roles: dict[str, str] = field(default_factory=dict)
    """A party's id and its role."""


@dataclass
class Proposal:
    label: str
    props: dict[str, Any]
    mentions: list[Mention]
    parties: list[Party]

    @property
    def id(self) -> str:
        return str(self.props["id"])

    # -- into the graph ---------------------------------------------------------------------
    def write(self, batch: Batch, *, confidence: bool = True) -> None:
        """The node, once per sentence that states it, and each party's PARTICIPATED_IN."""
        for m in self.mentions:
            batch.add_node(self.label, self.props, m if confidence else replace(m, confidence=None))
        for p in self.parties:
            batch.add_rel(
                "PARTICIPATED_IN",
                from_label=p.label,
                from_id=p.id,
                to_label=self.label,
                to_id=self.id,
                props={
                    "evidence": p.evidence,
                    "offset": p.offset,
                    "role": p.role,
                    "wording": p.wording,
                    "confidence": p.confidence if confidence else None,
                },
            )

    # -- through the review queue -------------------------------------------------------------
    def to_json(self) -> str:
        props = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in self.props.items()}
        return json.dumps(
            {
                "label": self.label,
                "props": props,
                "mentions": [m.props() for m in self.mentions],
                "parties": [asdict(p) for p in self.parties],
            },
            ensure_ascii=False,
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str, *, model: Model) -> Proposal:
        """The proposal a review item holds, its node checked against ``model``."""
        data = json.loads(text)
        return cls(
            label=data["label"],
            props=model.validate_node(data["label"], data["props"]),
            mentions=[Mention(**m) for m in data["mentions"]],
            parties=[Party(**p) for p in data["parties"]],
        )

    def corrected(self, fix: Correction, *, model: Model) -> Proposal:
        """The proposal with the officer's corrections, checked against ``model``."""
        label = fix.label or self.label
        if label not in model.engagement_labels:
            raise ValidationError(
                f"{label!r} is not a kind of engagement; use {', '.join(model.engagement_labels)}"
            )
        schema = model.label(label).properties
        props = {k: v for k, v in self.props.items() if k in schema}
        if label != self.label:
            props.pop("cameo", None)
            props.pop("kind", None)
            props.pop("status", None)
            if label == "Agreement":
                props |= {"kind": "cooperation", "status": "signed", "cameo": "057"}
            elif label == "Event":
                props["kind"] = "meeting"
        if fix.name is not None:
            if not fix.name.strip():
                raise ValidationError("an engagement needs a name")
            props["name"] = fix.name.strip()
        if fix.date is not None:
            props.pop("date", None)
            props.pop("date_precision", None)
            props |= _date(fix.date)
        direction = fix.direction
        if direction is None and label == "Visit" and self.props.get("cameo") == "044":
            direction = THIRD_PLACE
        elif direction is None:
            direction = self.props.get("direction")
        props.pop("direction", None)
        if direction:
            if direction not in _CAMEO:
                raise ValidationError(
                    f"{direction!r} is not a direction; use incoming, outgoing or third-place"
                )
            if label == "Visit":
                props["cameo"] = _CAMEO[direction]
            if direction != THIRD_PLACE:
                props["direction"] = direction
        elif label == "Visit":
            props.pop("cameo", None)
        ids = {p.id for p in self.parties}
        if unknown := sorted(set(fix.roles) - ids):
            raise ValidationError(
                f"{', '.join(unknown)} did not take part in this engagement; its parties are "
                f"{', '.join(sorted(ids))}"
            )
        roles = model.enums["role"]
        for role in fix.roles.values():
            if role not in roles:
                raise ValidationError(f"{role!r} is not a role; use {', '.join(roles)}")
        # the id says the kind and the date, as the reader makes it: kept in step
        old_prefix = f"{slug(self.label)}-{_when(self.props)}-"
        rest = self.id[len(old_prefix) :] if self.id.startswith(old_prefix) else self.id
        props["id"] = f"{slug(label)}-{_when(props)}-{rest}"
        return Proposal(
            label=label,
            props=model.validate_node(label, props),
            mentions=self.mentions,
            parties=[replace(p, role=fix.roles.get(p.id, p.role)) for p in self.parties],
        )


def _when(props: dict[str, Any]) -> str:
    """The date part of an engagement's id: as precise as its date, or "undated"."""
    date = props.get("date")
    if not date:
        return "undated"
    size = {"year": 4, "month": 7}.get(props.get("date_precision") or "day", 10)
    return str(date)[:size]


def _date(text: str) -> dict[str, Any]:
    text = text.strip()
    if not text:
        return {}
    m = _DATE.match(text)
    if not m:
        raise ValidationError(f"{text!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = m.group(1), m.group(2), m.group(3)
    try:
        date = dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError as exc:
        raise ValidationError(f"{text!r} is not a date: {exc}") from None
    precision = "day" if day else "month" if month else "year"
    return {"date": date, "date_precision": precision}
