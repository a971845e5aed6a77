"""Search over the sample with the twin-city list: an index, so fast whatever the graph holds
(how fast is benchmarks.web's: a search and an entity page by name), with the same answers as
scoring every name (``lookup._score`` over the whole graph)."""

from __future__ import annotations

import random
import time
from typing import Any

import httpx
import pytest

from graph.errors import ValidationError
from graph.questions.lookup import MAX_SEARCH_TEXT, name_index, search
from graph.questions.names import _score
from graph.stores import LadybugStore
from graph.text import fold

QUERIES = [
    "dan mach", "Đan Mạch", "Denmark", "KOTRA", "hai phong", "Hải Phòng", "roterdam", "Rotterdam",
    "esbjerg", "han quoc", "Hàn Quốc", "nhat ban", "s", "an", "san", "saint", "lyon", "seoul",
    "busan", "xyzzy", "isarel", "port of", "committee", "berlin", "nova", "mach",
]  # fmt: skip


def test_a_search_finds_the_country_and_the_organisation_first(client: httpx.Client) -> None:
    for q in ("dan mach", "Đan Mạch", "DAN MACH"):
        assert client.get("/api/search", params={"q": q}).json()[0]["id"] == "dk"
    hits = client.get("/api/search", params={"q": "KOTRA"}).json()
    assert hits[0]["id"] == "kotra" and hits[0]["label"] == "Organisation"
    assert client.get("/api/search", params={"q": "hai phong"}).json()[0]["id"] == "haiphong-vn"


@pytest.mark.parametrize(
    ("q", "first", "absent"),
    [
        ("dan mach", "dk", "damascus-sy"),
        ("KOTRA", "kotra", "kotka-fi"),
        ("Roterdam", "rotterdam-nl", "rotherham-gb"),  # an alias, exactly
        ("esbj", "esbjerg-dk", None),  # a prefix
        ("Denmarc", "dk", None),  # a typo, when nothing has the name itself
    ],
)
def test_ranked_exact_alias_prefix_then_close(
    client: httpx.Client, q: str, first: str, absent: str | None
) -> None:
    hits = client.get("/api/search", params={"q": q}).json()
    assert hits[0]["id"] == first, hits[:3]
    assert absent not in {h["id"] for h in hits}, hits
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True), scores


def test_exact_name_before_alias_and_acronyms_to_organisations(full_store: LadybugStore) -> None:
    index = name_index(full_store)
    assert _score("roterdam", "roterdam", 1) < _score("rotterdam", "rotterdam", 0)
    for acronym in ("KOTRA", "JETRO", "KCCI"):
        hits = index.search(acronym, limit=5)
        assert hits and hits[0].label in {"Organisation", "Company"}, (acronym, hits[:2])


def test_each_hit_says_its_label_and_country(client: httpx.Client) -> None:
    hit = client.get("/api/search", params={"q": "Esbjerg"}).json()[0]
    assert hit["label"] == "City" and hit["country"] == "DK"
    assert hit["country_name"] == "Denmark" and hit["country_name_vi"] == "Đan Mạch"


def _full_scan(entities: list[Any], text: str) -> dict[str, float]:
    """Every entity's score, from every one of its names; close matches (typos) only when no
    name is exact, a prefix or contained."""
    key = fold(text)
    scores = {}
    for entity in entities:
        best = max(
            (s for f, _, kind in entity.names if (s := _score(key, f, kind)) is not None),
            default=None,
        )
        if best is not None:
            scores[entity.id] = round(best, 1)
    if any(s >= 76 for s in scores.values()):
        scores = {k: s for k, s in scores.items() if s >= 76}
    return scores


def _typo(rng: random.Random, word: str) -> str:
    i = rng.randrange(1, len(word) - 2)
    return [word[:i] + word[i + 1 :], word[:i] + word[i + 1] + word[i] + word[i + 2 :]][
        rng.randrange(2)
    ]


def test_search_finds_what_scoring_every_name_finds(full_store: LadybugStore) -> None:
    index = name_index(full_store)
    rng = random.Random(10)
    names = [folded for folded, _ in rng.sample(index.names, 12) if len(folded) >= 6]
    queries = QUERIES + names + [n[:4] for n in names] + [_typo(rng, n) for n in names]
    entities = list(index.entities)
    for q in queries:
        want = _full_scan(entities, q)
        got = index.search(q, limit=10)
        assert {h.id: h.score for h in got}.items() <= want.items(), q  # the same scores
        ranked = sorted(want.values(), reverse=True)
        assert [h.score for h in got][:1] == ranked[:1], q  # the best is found
        sure = [s for s in ranked[:10] if s >= 76]  # exact, prefix, contained: all of them
        assert [h.score for h in got][: len(sure)] == sure, q


def test_labels_filter_before_the_limit(full_store: LadybugStore) -> None:
    hits = search(full_store, "a", limit=5, labels=["Person", "Person"])
    assert hits and {h.label for h in hits} == {"Person"}
    assert search(full_store, "a", labels=["Source"]) == []


def test_a_search_text_is_bounded(client: httpx.Client, full_store: LadybugStore) -> None:
    r = client.get("/api/search", params={"q": "a" * (MAX_SEARCH_TEXT + 1)})
    assert r.status_code == 422 and "at most 200 characters" in r.json()["message"]
    with pytest.raises(ValidationError, match="at most 200 characters, this one has 201"):
        search(full_store, "x" * 201)
    start = time.perf_counter()
    r = client.get("/api/entities/" + "a" * 5000)
    assert r.status_code == 404 and time.perf_counter() - start < 2
    assert "a name is at most 200 characters" in r.json()["message"]
