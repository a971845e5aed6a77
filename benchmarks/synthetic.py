"""A synthetic partnership graph of about a million relationships, with hubs.

Deterministic (seeded). Shapes follow the real data: cities located in countries (one country
holds a quarter of them: a hub of degree ~25,000), cities in networks (one network with
20,000 members), companies, engagements with two to four parties (the home city takes part in
24,000 of them: the hub the issue measures from), sister cities, investors.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

HOME = "home-xx"


@dataclass
class Synthetic:
    nodes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    rels: list[tuple[str, str, str, str, str, dict[str, Any]]] = field(default_factory=list)

    def node_count(self) -> int:
        return sum(len(v) for v in self.nodes.values())


def build(scale: float = 1.0, seed: int = 7) -> Synthetic:
    rng = random.Random(seed)
    n_countries, n_cities = 200, int(100_000 * scale)
    n_networks, n_companies = 2_000, int(20_000 * scale)
    n_engagements, n_twins = int(100_000 * scale), int(250_000 * scale)
    g = Synthetic()
    g.nodes["Country"] = [{"id": f"k{i:03d}", "name": f"Country {i}"} for i in range(n_countries)]
    cities = [{"id": HOME, "name": "Home City", "country_code": "XX"}]
    cities += [{"id": f"city-{i}", "name": f"City {i}"} for i in range(n_cities)]
    g.nodes["City"] = cities
    g.nodes["Organisation"] = [
        {"id": f"net-{i}", "name": f"Network {i}", "kind": "network"} for i in range(n_networks)
    ]
    g.nodes["Company"] = [{"id": f"co-{i}", "name": f"Company {i}"} for i in range(n_companies)]

    # Relationships name their ends by the nodes' own id strings (one copy of each id, not
    # one per relationship: at scale 10 the copies were gigabytes).
    country_ids = [c["id"] for c in g.nodes["Country"]]
    city_ids = [c["id"] for c in cities[1:]]
    company_ids = [c["id"] for c in g.nodes["Company"]]

    def country() -> str:  # a quarter of everything sits in country 0
        return "k000" if rng.random() < 0.25 else country_ids[rng.randrange(1, n_countries)]

    for c in cities[1:]:
        g.rels.append(("LOCATED_IN", "City", c["id"], "Country", country(), {}))
    for c in g.nodes["Company"]:
        g.rels.append(("LOCATED_IN", "Company", c["id"], "Country", country(), {}))
    for c in cities:
        net = "net-0" if rng.random() < 0.2 else f"net-{rng.randrange(1, n_networks)}"
        g.rels.append(("MEMBER_OF", "City", c["id"], "Organisation", net, {}))
    kinds = ["Visit", "Event", "Agreement"]
    engagements: dict[str, list[dict[str, Any]]] = {k: [] for k in kinds}
    for i in range(n_engagements):
        kind = kinds[i % 3]
        year = 2000 + rng.randrange(25)
        eid = f"{kind.lower()}-{i}"
        engagements[kind].append(
            {
                "id": eid,
                "name": f"{kind} {i}",
                "date": dt.date(year, 1, 1),
                "date_precision": "year",
            }
        )
        parties = {HOME} if i % 4 == 0 else set()  # the home city is a hub of degree ~25,000
        while len(parties) < rng.randrange(2, 5):
            parties.add(
                rng.choice(cities)["id"]
                if rng.random() < 0.7
                else company_ids[rng.randrange(n_companies)]
            )
        for p in parties:
            label = "Company" if p.startswith("co-") else "City"
            g.rels.append(("PARTICIPATED_IN", label, p, kind, eid, {"role": "participant"}))
    g.nodes |= engagements
    for _ in range(n_twins):
        a, b = rng.sample(range(n_cities), 2)
        g.rels.append(("TWINNED_WITH", "City", city_ids[a], "City", city_ids[b], {}))
    for rank, i in enumerate(rng.sample(range(n_countries), 20), start=1):
        g.rels.append(("INVESTS_IN", "Country", country_ids[i], "City", HOME, {"rank": rank}))
    return g
