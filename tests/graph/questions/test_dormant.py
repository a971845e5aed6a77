"""Dormancy as of a date, counted from the end of the last contact's period."""

from __future__ import annotations

import datetime as dt

from graph.batch import Batch, Mention, NodeRow
from graph.questions import dormant, history
from graph.schema import MODEL
from graph.stores import LadybugStore

HOME = "haiphong-vn"


def test_by_default_quiet_is_measured_to_where_the_sources_reach(
    full_store: LadybugStore,
) -> None:
    d = dormant(full_store, home=HOME, months=12)
    assert d.as_of == d.sources_reach == "2022-12-31" and d.as_of_basis == "sources"
    # nobody whose last contact was in 2022 is quiet yet; only partners with undated records
    assert all(p.months_quiet is None for p in d.partners), d.partners
    assert "59 months" not in str(d)


def test_as_of_a_date_months_count_from_the_end_of_the_period(full_store: LadybugStore) -> None:
    d = dormant(full_store, home=HOME, months=3, as_of=dt.date(2023, 6, 30))
    assert d.as_of_basis == "given"
    dated = [p for p in d.partners if p.months_quiet is not None]
    japan = next(p for p in dated if p.id == "jp")
    assert japan.months_quiet == 6 and japan.last_shown == "2022", japan  # not 17 (from 1 Jan)
    assert japan.note == "no engagement since 2022"
    assert "2022-01-01" not in " ".join(p.note + p.last_shown for p in d.partners)


def test_the_longest_quiet_and_most_engaged_come_first(full_store: LadybugStore) -> None:
    d = dormant(full_store, home=HOME, months=3, as_of=dt.date(2024, 1, 1))
    dated = [p for p in d.partners if p.months_quiet is not None]
    order = [(-(p.months_quiet or 0), -p.engagements) for p in dated]
    assert dated and order == sorted(order)
    assert d.partners.index(dated[-1]) < len(d.partners)  # undated ones after the dated
    undated = [p for p in d.partners if p.months_quiet is None]
    assert all(d.partners.index(u) > d.partners.index(dated[-1]) for u in undated)


def test_a_planned_visit_is_not_a_contact(sample_store: LadybugStore) -> None:
    src = NodeRow("Source", MODEL.validate_node("Source", {"id": "plan-1", "name": "A plan"}))
    batch = Batch(source=src, model=MODEL)
    for status, day in (("planned", "2023-05-01"), ("happened", "2023-02-01")):
        visit = f"visit-{status}"
        batch.add_node(
            "Visit",
            {
                "id": visit,
                "name": f"A {status} visit",
                "date": day,
                "date_precision": "day",
                "direction": "outgoing",
                "status": status,
            },
            Mention(evidence=f"A {status} visit to Japan."),
        )
        for who, label, role in (("haiphong-vn", "City", "delegation"), ("jp", "Country", "host")):
            batch.add_rel(
                "PARTICIPATED_IN",
                from_label=label,
                from_id=who,
                to_label="Visit",
                to_id=visit,
                props={"role": role, "source": "plan-1", "evidence": "A visit."},
            )
    sample_store.write_batch(batch)
    d = dormant(sample_store, home=HOME, months=3, as_of=dt.date(2023, 12, 31))
    japan = next(p for p in d.partners if p.id == "jp")
    assert japan.last_activity == "2023-02-01" and japan.months_quiet == 10, japan
    assert d.sources_reach == "2023-02-01"  # a plan does not extend what the sources report
    h = history(sample_store, "jp", home=HOME, as_of=dt.date(2023, 3, 1))
    planned = [e for e in h.entries if e.status == "planned"]
    assert [e.id for e in planned] == ["visit-planned"]  # listed, after the date asked for
    assert h.summary.last_contact == "2023-02-01", h.summary  # but not counted as contact
