"""Unexplored partners: close to the home city in the graph, not yet engaged; each with why.

Signals, each explained by paths in the graph:

- ``shared_membership``: a fellow member of a network the home city belongs to;
- ``sister_of_partner``: a sister city of a partner (or of the home city's sister cities);
- ``top_investor``: a city, company or body of a country that ranks among the top investors;
- ``priority_sector``: a body or company in a sector the home city prioritises;
- ``adamic_adar``, ``resource_allocation``: link prediction over shared neighbours (networkx);
- ``pagerank``: personalised PageRank from the home node (networkx).

The score is a weighted sum; weights are in :data:`WEIGHTS`.
"""

from __future__ import annotations

import gc
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Set
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from graph import cypher
from graph.questions.home import find_home
from graph.questions.lookup import SearchHit, find_entity, side
from graph.schema import Model
from graph.stores.base import GraphStore
from graph.stores.view import paused_collector

if TYPE_CHECKING:  # networkx costs 20 MB, numpy 10 MB: imported where they are used
    import networkx as nx
    import numpy as np
    from numpy.typing import NDArray

    _Ints = NDArray[np.int64]
    """Node numbers (or counts by node number)."""
    _Floats = NDArray[np.float64]
    _Mask = NDArray[np.bool_]
    """One flag per node number."""

__all__ = ["WEIGHTS", "Reason", "Suggestion", "Via", "opportunities", "unexplored"]

WEIGHTS = {
    "shared_membership": 3.0,
    "sister_of_partner": 2.0,
    "top_investor": 2.0,
    "priority_sector": 1.5,
    "adamic_adar": 1.0,
    "resource_allocation": 2.0,
    "pagerank": 1.0,
}
# From a hub that has engaged more partner cities than this, the sister cities of the closest
# ones only (most engagements shared) are weighed: the rest add paths, not ranking (measured:
# 28,000 partner cities gave 120,000 paths and most of a 1.5 s answer).
PARTNER_CITY_CAP = 500


class _Evidence:
    """One signal for one candidate while ranking: its summed score, how many paths gave it,
    and the first few of those paths as raw ids (rendered only for the candidates shown)."""

    __slots__ = ("count", "examples", "score")

    def __init__(self) -> None:
        self.score = 0.0
        self.count = 0
        self.examples: list[tuple[Any, ...]] = []


_Render = Callable[..., tuple[str, list[str]]]


class _Paths:
    """One signal's paths while ranking: the candidate each reaches (its number), its score
    and what it goes through; gathered one by one (:meth:`_Reasons.add`) or given as arrays
    (:meth:`_Reasons.add_all`)."""

    __slots__ = ("_arrays", "nums", "scores", "vias")

    def __init__(
        self, vias: list[tuple[Any, ...]] | None = None, arrays: tuple[_Ints, _Floats] | None = None
    ) -> None:
        self.nums: list[int] = []
        self.scores: list[float] = []
        self.vias = vias if vias is not None else []
        self._arrays = arrays

    def arrays(self) -> tuple[_Ints, _Floats]:
        """The candidates reached and the scores, as arrays (made once)."""
        import numpy as np

        if self._arrays is None:
            self._arrays = (np.asarray(self.nums, dtype=np.int64), np.asarray(self.scores))
        return self._arrays


class _Reasons:
    """Every path of every signal, kept as numbers until the candidates shown are known: per
    signal, in the order gathered, the candidate each path reaches (its number in the view's
    :class:`_Numbered`), its score and what it goes through. Totals, ranking and counts are
    then sums over arrays, made in the order the paths came, so that each is the value a
    loop over the paths gives; only the candidates shown get their evidence."""

    def __init__(self, num: _Numbered, candidates: bytes) -> None:
        self.num, self.candidates = num, candidates
        self.paths: dict[str, _Paths] = {}
        self.sums: dict[str, _Floats] = {}
        self.by: dict[str, dict[str, _Evidence]] = {}

    def add(self, signal: str, xs: Iterable[str], score: float, *via: Any) -> None:
        """A path through ``via`` to each of ``xs`` that is a candidate, each of ``score``."""
        ok, nums = self.candidates, [i for i in map(self.num.index.__getitem__, xs)]
        nums = [i for i in nums if ok[i]]
        if not nums:
            return
        paths = self.paths.setdefault(signal, _Paths())  # in the order the signals came
        paths.nums.extend(nums)
        paths.scores.extend([score] * len(nums))
        paths.vias.extend([via] * len(nums))

    def add_all(self, signal: str, xs: _Ints, scores: _Floats, values: _Floats) -> None:
        """A path to each candidate numbered in ``xs``, one value each."""
        if len(xs):
            self.paths[signal] = _Paths([(v,) for v in values.tolist()], (xs, scores))

    def ranked(self, limit: int) -> list[str]:
        """The candidates by total, highest first, ties in the order first reached (as a
        stable sort of the candidates in that order), at most ``limit``."""
        import numpy as np

        size = len(self.num.ids)
        total: _Floats = np.zeros(size)
        reached = []
        for signal, paths in self.paths.items():
            xs, scores = paths.arrays()
            self.sums[signal] = _summed(xs, scores, size)
            total = total + self.sums[signal]  # the signals' sums added in the order they came
            reached.append(xs)
        self.total_of = total
        if not reached:
            return []
        seen, first = np.unique(np.concatenate(reached), return_index=True)
        top = seen[np.lexsort((first, -total[seen]))[:limit]]
        return [self.num.ids[i] for i in top.tolist()]

    def total(self, x: str) -> float:
        return float(self.total_of[self.num.index[x]])

    def evidence(self, x: str) -> dict[str, _Evidence]:
        """``x``'s evidence by signal, in the order the signals came."""
        import numpy as np

        if x not in self.by:
            i, out = self.num.index[x], {}
            for signal, paths in self.paths.items():
                xs, vias = paths.arrays()[0], paths.vias
                where = np.flatnonzero(xs == i)
                if len(where):
                    e = out[signal] = _Evidence()
                    e.score = float(self.sums[signal][i])
                    e.count = len(where)
                    e.examples = [vias[p] for p in where[:3].tolist()]
            self.by[x] = out
        return self.by[x]

    def explain(
        self, x: str, render: dict[str, _Render], through: Callable[..., list[Via]]
    ) -> list[Reason]:
        """``x``'s reasons, strongest first: each said in words with its first path, and the
        entities its shown examples go through (``through(signal, x, *example)``)."""
        out: list[Reason] = []
        for signal, e in sorted(self.evidence(x).items(), key=lambda kv: -kv[1].score):
            shown = [render[signal](x, *via) for via in e.examples]
            vias = {v.id: v for via in e.examples for v in through(signal, x, *via)}
            text = "; ".join(t for t, _ in shown)
            if e.count > len(shown):
                text += f" (and {e.count - len(shown)} more)"
            same = next((r for r in out if r.text == text), None)
            if same is not None:  # two measures of the same shared neighbours: said once
                same.score = round(same.score + e.score, 4)
                continue
            out.append(
                Reason(
                    signal=signal,
                    score=round(e.score, 4),
                    text=text,
                    path=shown[0][1],
                    via=list(vias.values()),
                )
            )
        return out


class Via(BaseModel):
    """An entity a reason goes through (a sister city, a network, a sector), with its names,
    so that a brief can say the reason in its own language."""

    id: str
    name: str
    name_vi: str | None = None
    country_code: str | None = None


class Reason(BaseModel):
    signal: str
    score: float
    text: str
    path: list[str]
    via: list[Via] = []


class Suggestion(BaseModel):
    id: str
    name: str
    name_vi: str | None = None
    label: str
    country_code: str | None = None
    population: int | None = None
    score: float
    reasons: list[Reason]


def unexplored(
    store: GraphStore,
    *,
    home: str,
    limit: int = 20,
    labels: set[str] | None = None,
    graph: nx.MultiDiGraph | None = None,
) -> list[Suggestion]:
    """Rank entities the home side has not engaged. ``graph`` may be passed to reuse a
    networkx view across calls (the web app and the benchmark do)."""
    hit = find_home(store, home)
    g = graph if graph is not None else store.to_networkx()
    ranking = _Ranking(g, hit, store, labels or store.model.candidate_labels)
    ranking.gather()
    return ranking.suggestions(limit)


class _Ranking:
    """One ranking: who may be suggested, the signals gathered for each candidate, and how each
    signal is said."""

    def __init__(
        self, g: nx.MultiDiGraph, home: SearchHit, store: GraphStore, allowed: Set[str]
    ) -> None:
        self.g, self.home_id, self.allowed = g, home.id, allowed
        # link prediction over the labels the model takes in (figures and documents left out)
        self.adj = _adjacency(g, {n for n, lab in store.model.labels.items() if not lab.analytics})
        self.home_side = {n for n in side(store, home.id, home.label) if n in g}
        self.t = _typed(g)
        self.num = num = _numbered(g, self.adj)
        self.engaged = _engaged(num, self.t, self.home_side)  # counts by node number
        # the candidates: of a label asked for, not engaged, not the home's, not domestic
        ok = num.of_labels(self.t, allowed)
        ok[self.engaged > 0] = False
        ok[[num.index[n] for n in self.home_side | _domestic(g, self.t, home.id)]] = False
        self.ok = ok
        self.reasons = _Reasons(num, ok.tobytes())

    def name(self, n: str) -> str:
        return str(self.g.nodes[n].get("name", n))

    def gather(self) -> None:
        """Every signal, for every candidate it reaches."""
        t, g, add = self.t, self.g, self.reasons.add
        for start in self.home_side:  # start -MEMBER_OF-> network <-MEMBER_OF- x
            for org in t.fwd(start, "MEMBER_OF"):
                add(
                    "shared_membership", t.back(org, "MEMBER_OF"), WEIGHTS["shared_membership"], org
                )
        for sector in t.fwd(self.home_id, "PRIORITISES"):
            add("priority_sector", t.back(sector, "CONCERNS"), WEIGHTS["priority_sector"], sector)
        home_twins = _twins(t, self.home_id)  # sister cities of partners and of home's sisters
        partner_cities = _most_engaged(self.num, t, self.engaged, "City", PARTNER_CITY_CAP)
        for p in partner_cities:
            via = "a sister city" if p in home_twins else "a partner"
            add("sister_of_partner", _twins(t, p), WEIGHTS["sister_of_partner"], p, via)
        for country, _, d in g.in_edges(self.home_id, data=True):  # the top investors' members
            if d["type"] == "INVESTS_IN" and g.nodes[country].get("label") == "Country":
                rank, weight = d.get("rank"), WEIGHTS["top_investor"] / (d.get("rank") or 3)
                members = _members_of_country(t, country)
                add("top_investor", members, weight, country, rank, d.get("period"))
        _link_prediction(self.num, self.home_id, self.ok, self.reasons)

    @cached_property
    def near(self) -> set[str]:
        """The home's neighbours (sources and figures left out)."""
        return set(self.adj.get(self.home_id, ()))

    def through(self, signal: str, x: str, *via: Any) -> list[Via]:
        """The entities one example of a signal goes through, with their names: the network,
        sector, partner city or investing country, or the home's neighbours it shares."""
        if signal in {"adamic_adar", "resource_allocation"}:
            ids = _common_neighbours(self.adj, self.near, x)
        elif signal == "pagerank":
            ids = _common_neighbours(self.adj, self.near, x, 1)
        else:
            ids = [via[0]]
        nodes = self.g.nodes
        return [
            Via(
                id=n,
                name=self.name(n),
                name_vi=nodes[n].get("name_vi"),
                country_code=nodes[n].get("country_code"),
            )
            for n in ids
        ]

    def renderers(self) -> dict[str, _Render]:
        """Each signal in plain words, with the path it goes by."""
        adj, name, near = self.adj, self.name, self.near
        home = name(self.home_id)

        def through(x: str) -> tuple[str, list[str]]:
            common = _common_neighbours(adj, near, x)
            shared = ", ".join(name(c) for c in common)
            return (
                f"linked to {shared}, as {home} is" if common else f"close to {home} in the graph",
                [home, "—", name(common[0]), "—", name(x)] if common else [home, "…", name(x)],
            )

        def steps(x: str) -> tuple[str, list[str]]:
            common = _common_neighbours(adj, near, x, 1)
            if not common:
                return f"within a few steps of {home} in the network", [home, "…", name(x)]
            return (
                f"within a few steps of {home} in the network, through {name(common[0])}",
                [home, "—", name(common[0]), "—", name(x)],
            )

        return {
            "shared_membership": lambda x, org: (
                f"a fellow member of {name(org)}",
                [home, "MEMBER_OF", name(org), "MEMBER_OF", name(x)],
            ),
            "priority_sector": lambda x, sector: (
                f"works in {name(sector)}, a priority sector of {home}",
                [home, "PRIORITISES", name(sector), "CONCERNS", name(x)],
            ),
            "sister_of_partner": lambda x, p, via: (
                f"sister city of {name(p)}, {via} of {home}",
                [home, "…", name(p), "TWINNED_WITH", name(x)],
            ),
            "top_investor": lambda x, country, rank, period: (
                f"in {name(country)}, "
                + (f"investor no. {rank}" if rank else "an investor")
                + f" in {home} ({period or 'period not given'})",
                [name(x), "LOCATED_IN", name(country), "INVESTS_IN", home],
            ),
            # link prediction in plain words: the measure's value stays in the reason's score
            "adamic_adar": lambda x, value: through(x),
            "resource_allocation": lambda x, value: through(x),
            "pagerank": lambda x, rank: steps(x),
        }

    def suggestions(self, limit: int) -> list[Suggestion]:
        """The ``limit`` best candidates, each with its reasons; ties settled by name."""
        reasons, g, name = self.reasons, self.g, self.name
        top = reasons.ranked(limit * 2)
        ranked = sorted(top, key=lambda n: (-reasons.total(n), name(n)))[:limit]
        render = self.renderers()
        return [
            Suggestion(
                id=n,
                name=name(n),
                label=g.nodes[n]["label"],
                country_code=g.nodes[n].get("country_code"),
                score=round(reasons.total(n), 4),
                reasons=reasons.explain(n, render, self.through),
            )
            for n in ranked
        ]


def _domestic(g: nx.MultiDiGraph, t: _Typed, home_id: str) -> set[str]:
    """The home's own country and everything in it: never an international partner."""
    node = g.nodes[home_id]
    code = str(node.get("country_code") or (home_id if node.get("label") == "Country" else ""))
    if not code:
        return set()
    out = set(t.by_country.get(code.lower(), ()))
    if t.label.get(code.lower()) == "Country":
        out.add(code.lower())
    return out


class _Typed:
    """Neighbours by relationship type and direction, built once per networkx view: the
    questions below walk typed edges of hubs, and networkx's filtered edge views cost ten
    times more than a dict look-up."""

    def __init__(self, g: nx.MultiDiGraph) -> None:
        self.out: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self.into: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self.by_country: dict[str, set[str]] = defaultdict(set)
        self.label: dict[str, str] = dict(g.nodes(data="label"))
        for a, b, t in g.edges(data="type"):
            self.out[t][a].append(b)
            self.into[t][b].append(a)
        for n, cc in g.nodes(data="country_code"):
            if cc:
                self.by_country[str(cc).lower()].add(n)

    def fwd(self, node: str, *types: str) -> list[str]:
        return [x for t in types for x in self.out[t].get(node, ())]

    def back(self, node: str, *types: str) -> list[str]:
        return [x for t in types for x in self.into[t].get(node, ())]


def _typed(g: nx.MultiDiGraph) -> _Typed:
    if "_typed" not in g.graph:
        g.graph["_typed"] = _Typed(g)
        gc.freeze()  # see _long_lived
    typed: _Typed = g.graph["_typed"]
    return typed


def _engaged(num: _Numbered, t: _Typed, home_side: set[str]) -> _Ints:
    """Everything the home side already deals with: how many engagements and direct
    relationships each node shares with the home side, by node number (numpy; a hub has
    25,000 engagements)."""
    import numpy as np

    index = num.index
    side = np.array([index[h] for h in home_side], dtype=np.int64)
    engagements = num.typed(t, "PARTICIPATED_IN").of(side)
    direct = [index[x] for h in home_side for x in t.fwd(h, "MEMBER_OF", "TWINNED_WITH")]
    direct += [index[x] for h in home_side for x in t.fwd(h, "WORKS_WITH")]
    direct += [
        index[x] for h in home_side for x in t.back(h, "TWINNED_WITH", "INVESTS_IN", "WORKS_WITH")
    ]
    met = [
        num.typed(t, "PARTICIPATED_IN", into=True).of(engagements),
        num.typed(t, "LOCATED_IN").of(engagements),
        np.array(direct, dtype=np.int64),
    ]
    counts = np.bincount(np.concatenate(met), minlength=len(num.ids))
    counts[side] = 0
    return counts


def _most_engaged(num: _Numbered, t: _Typed, engaged: _Ints, label: str, cap: int) -> list[str]:
    """The ``cap`` nodes of ``label`` most engaged, ties by id (as
    ``heapq.nsmallest(cap, nodes, key=lambda n: (-engaged[n], n))``)."""
    import numpy as np

    nodes = np.flatnonzero((engaged > 0) & num.of_labels(t, {label}))
    counts = engaged[nodes]
    if len(nodes) > cap:  # all above the cap-th count, and enough of those at it
        floor = np.partition(counts, len(counts) - cap)[len(counts) - cap]
        nodes, counts = nodes[counts >= floor], counts[counts >= floor]
    ids = num.ids
    ranked = sorted(zip((-counts).tolist(), (ids[i] for i in nodes.tolist()), strict=True))
    return [n for _, n in ranked[:cap]]


def _twins(t: _Typed, city: str) -> set[str]:
    return set(t.fwd(city, "TWINNED_WITH")) | set(t.back(city, "TWINNED_WITH"))


def _members_of_country(t: _Typed, country: str) -> set[str]:
    return set(t.back(country, "LOCATED_IN", "PART_OF")) | t.by_country.get(country, set())


def _link_prediction(num: _Numbered, home: str, ok: _Mask, reasons: _Reasons) -> None:
    """Adamic-Adar and resource allocation in one sweep over the paths home - c - n (the same
    sums networkx's adamic_adar_index and resource_allocation_index make, without visiting
    pairs that share nothing), and personalised PageRank by local push from home; for the
    candidates ``ok`` marks. Over the view's numbered neighbour lists
    (:class:`_Numbered`): the sums in numpy, in the order the paths were walked, so that
    every value is the one a loop over the paths gives."""
    if home not in num.index:
        return
    import numpy as np

    h = num.index[home]
    links = num.links
    mids = links.flat[links.indptr[h] : links.indptr[h + 1]]
    degrees = links.degree[mids]
    log_of = {d: 1 / math.log(d) if d > 1 else 0.0 for d in set(degrees.tolist())}
    aa_share = np.array([log_of[d] for d in degrees.tolist()], dtype=float)
    ra_share = 1 / degrees
    ns = links.of(mids)  # every path home - c - n, c in home's order and n in c's
    aa = _summed(ns, np.repeat(aa_share, degrees), len(num.ids))
    ra = _summed(ns, np.repeat(ra_share, degrees), len(num.ids))
    seen, first = np.unique(ns, return_index=True)
    walked = seen[np.argsort(first, kind="stable")]  # in the order first reached
    walked = walked[ok[walked]]  # every n with a path; Adamic-Adar skips degree-one middles
    values = ra[walked]
    reasons.add_all("resource_allocation", walked, WEIGHTS["resource_allocation"] * values, values)
    linked = walked[aa[walked] > 0]
    values = aa[linked]
    reasons.add_all("adamic_adar", linked, WEIGHTS["adamic_adar"] * values, values)
    pushed = _push(num, h)
    nodes = np.fromiter((v for v, _ in pushed), dtype=np.int64, count=len(pushed))
    ranks = np.fromiter((r for _, r in pushed), dtype=float, count=len(pushed))
    kept = ok[nodes]
    nodes, ranks = nodes[kept], ranks[kept]
    top = ranks.max() if len(ranks) else 0.0
    share = ranks / (top or 1.0)
    strong = share >= 0.01
    reasons.add_all(
        "pagerank", nodes[strong], WEIGHTS["pagerank"] * np.sqrt(share[strong]), ranks[strong]
    )


def _summed(xs: _Ints, weights: _Floats, size: int) -> _Floats:
    """``weights`` summed by the node each goes to, in their order (``numpy.bincount``, whose
    stubs say integers: with weights it gives floats)."""
    import numpy as np

    sums: _Floats = np.bincount(xs, weights=weights, minlength=size).astype(float, copy=False)
    return sums


class _Lists:
    """Lists of node numbers, one per node, flat in numpy: ``flat[indptr[i]:indptr[i + 1]]``."""

    def __init__(self, size: int, lists: Iterable[tuple[int, list[int]]]) -> None:
        """``lists``: (node, its list) in the order of the nodes' numbers; nodes left out
        have none."""
        import numpy as np

        with paused_collector():
            given = list(lists)
            self.degree: _Ints = np.zeros(size, dtype=np.int64)
            self.degree[[i for i, _ in given]] = [len(xs) for _, xs in given]
            self.indptr: _Ints = np.zeros(size + 1, dtype=np.int64)
            np.cumsum(self.degree, out=self.indptr[1:])
            self.flat: _Ints = np.fromiter(
                chain.from_iterable(xs for _, xs in given),
                dtype=np.int64,
                count=int(self.indptr[-1]),
            )

    def of(self, nodes: _Ints) -> _Ints:
        """The lists of ``nodes`` (numbers), one after the other, in order."""
        import numpy as np

        degrees: _Ints = self.degree[nodes]
        offsets = np.cumsum(degrees) - degrees
        steps = np.arange(int(degrees.sum())) - np.repeat(offsets, degrees)
        picked: _Ints = self.flat[np.repeat(self.indptr[nodes], degrees) + steps]
        return picked


class _Numbered:
    """The view's nodes numbered (those of the neighbour lists first), their neighbour lists
    as numbers (for the push) and flat in numpy (:class:`_Lists`), and, made when first
    asked, label masks and each relationship type's lists: built once per view, so that a
    ranking sums arrays instead of walking dicts."""

    def __init__(self, adj: dict[str, list[str]], others: Iterable[str] = ()) -> None:
        with paused_collector():
            self.ids = [*adj, *(n for n in others if n not in adj)]  # the others: no links
            self.index = index = {n: i for i, n in enumerate(self.ids)}
            self.nbrs = [[index[x] for x in xs] for xs in adj.values()]
            self.nbrs += [[] for _ in range(len(self.ids) - len(adj))]
        self.links = _Lists(len(self.ids), enumerate(self.nbrs))
        self.thresholds: dict[float, list[float]] = {}
        self._codes: _Ints | None = None
        self._labelled: dict[frozenset[str], _Mask] = {}
        self._label_codes: dict[str, int] = {}
        self._typed: dict[tuple[str, bool], _Lists] = {}

    def of_labels(self, t: _Typed, labels: Set[str]) -> _Mask:
        """A fresh boolean array: True for the nodes of ``labels``."""
        import numpy as np

        if self._codes is None:  # each node's label as a number, once
            codes = {label: i for i, label in enumerate(sorted(set(t.label.values())))}
            self._label_codes = codes
            label = t.label.get
            self._codes = np.fromiter(
                (codes.get(label(n, ""), -1) for n in self.ids), dtype=np.int64, count=len(self.ids)
            )
        key = frozenset(labels)
        if key not in self._labelled:
            wanted = [self._label_codes[lab] for lab in key if lab in self._label_codes]
            self._labelled[key] = np.isin(self._codes, wanted)
        return self._labelled[key].copy()

    def typed(self, t: _Typed, rel_type: str, *, into: bool = False) -> _Lists:
        """The numbered ends of one relationship type, from each node (``into``: to it)."""
        key = (rel_type, into)
        if key not in self._typed:
            ends, index = (t.into if into else t.out)[rel_type], self.index
            with paused_collector():
                lists = sorted((index[n], [index[x] for x in xs]) for n, xs in ends.items())
            self._typed[key] = _Lists(len(self.ids), lists)
        return self._typed[key]

    def threshold(self, epsilon: float) -> list[float]:
        """``epsilon`` times each node's degree: the residual from which it is pushed."""
        if epsilon not in self.thresholds:
            self.thresholds[epsilon] = [epsilon * len(ns) for ns in self.nbrs]
        return self.thresholds[epsilon]


def _push(
    num: _Numbered, seed: int, *, alpha: float = 0.15, epsilon: float = 1e-5
) -> list[tuple[int, float]]:
    """Personalised PageRank from node ``seed`` by local push (see
    :func:`personalised_pagerank`) over numbered lists: (node, rank) in the order each was
    first pushed."""
    nbrs, thr = num.nbrs, num.threshold(epsilon)
    rank = [0.0] * len(nbrs)
    residual = [0.0] * len(nbrs)
    residual[seed] = 1.0
    order: list[int] = []
    queue = [seed]
    pop, push, first = queue.pop, queue.append, order.append
    while queue:
        v = pop()
        ws = nbrs[v]
        degree = len(ws)
        mass = residual[v]
        if degree == 0 or mass < epsilon * degree:
            continue
        if not rank[v]:
            first(v)
        rank[v] += alpha * mass
        residual[v] = 0.0
        share = (1 - alpha) * mass / degree
        for w in ws:
            before = residual[w]
            after = residual[w] = before + share
            if before < thr[w] <= after:
                push(w)
    return [(v, rank[v]) for v in order]


def _common_neighbours(
    adj: dict[str, list[str]], near: set[str], x: str, limit: int = 3
) -> list[str]:
    """The first few neighbours ``x`` shares with the home node (whose neighbours are
    ``near``): the paths behind a link-prediction score, found only for the candidates shown."""
    return [c for c in adj.get(x, ()) if c in near][:limit]


def personalised_pagerank(
    adj: dict[str, list[str]], seed: str, *, alpha: float = 0.15, epsilon: float = 1e-5
) -> dict[str, float]:
    """Personalised PageRank from ``seed`` by local push (Andersen, Chung and Lang, 2006), the
    same walk as ``networkx.pagerank(alpha=1 - alpha)``, with work bounded by
    1 / (alpha * epsilon) whatever the size of the graph.

    >>> import networkx as nx
    >>> g = nx.path_graph(["a", "b", "c", "d"])
    >>> r = personalised_pagerank({n: list(g[n]) for n in g}, "a")
    >>> exact = nx.pagerank(g, personalization={"a": 1})
    >>> sorted(r, key=r.get, reverse=True) == sorted(exact, key=exact.get, reverse=True)
    True
    """
    num = _Numbered(adj)
    ranks = _push(num, num.index[seed], alpha=alpha, epsilon=epsilon)
    return {num.ids[v]: rank for v, rank in ranks}


# _long_lived: a view and its indexes hold millions of objects for the life of the process;
# gc.freeze() moves them out of the cyclic collector's reach, whose full passes over them
# stalled answers for 2-3 s at random (they hold no cycles: refcounts free them when dropped).


def _adjacency(g: nx.MultiDiGraph, skip_labels: set[str]) -> dict[str, list[str]]:
    """Undirected neighbour lists of the domain graph without the nodes of ``skip_labels``
    (figures and sources: a simple graph, each neighbour once), built once per view and set
    of labels. Plain lists: the push asks millions of times on a hub, and networkx's views
    cost a wrapper object per call; building them straight from the view took 1 s where an
    undirected networkx copy took 12 s."""
    key = ("_adjacency", frozenset(skip_labels))
    if key not in g.graph:
        skip = {n for n, label in g.nodes(data="label") if label in skip_labels}
        succ, pred = g.succ, g.pred
        g.graph[key] = {
            n: [x for x in dict.fromkeys(chain(succ[n], pred[n])) if x not in skip]
            for n in g
            if n not in skip
        }
        gc.freeze()  # see _long_lived
    adj: dict[str, list[str]] = g.graph[key]
    return adj


def _numbered(g: nx.MultiDiGraph, adj: dict[str, list[str]]) -> _Numbered:
    """The numbered neighbour lists of one of the view's adjacencies, built once."""
    key = ("_numbered", id(adj))
    if key not in g.graph:
        g.graph[key] = _Numbered(adj, g)
        gc.freeze()  # see _long_lived
    num: _Numbered = g.graph[key]
    return num


# -- opportunities about one partner ---------------------------------------------------------
# What ties a candidate to the home, strongest first. A sister city of one of the home's sister
# cities or a fellow member of its networks is a ready introduction; a sister city in a country
# the home works with says little on its own, so it counts per country and at most four times.
OPPORTUNITY_WEIGHTS = {
    "sister_of_home_twin": 3.0,
    "shared_membership": 3.0,
    "sister_of_partner": 2.5,
    "partner_theme": 2.0,
    "priority_sector": 2.0,
    "investor": 2.0,
    "sister_in_home_country": 2.0,
    "works_with_partner": 1.5,
    "sister_in_partner_countries": 0.5,
}
_PER_COUNTRY_CAP = 4


def opportunities(
    store: GraphStore,
    partner: str,
    *,
    home: str,
    themes: dict[str, str] | None = None,
    limit: int = 6,
) -> list[Suggestion]:
    """Whom the home might approach about ``partner``: for a country, its cities, companies and
    bodies that the home side has not engaged; for a city, its country's other actors and its
    own partners (sister cities, working relations). Ranked by what ties each to the home (see
    :data:`OPPORTUNITY_WEIGHTS`), the larger city first on a tie; never a domestic entity.
    ``themes`` (sector id → name): the sectors of the home's engagements with the partner.

    Each suggestion says why in plain words (``Reason.text``) and through what (``Reason.via``),
    with the weight behind it (``Reason.score``). A handful of anchored reads: no networkx."""
    hit = find_entity(store, partner)
    around = _home_around(store, find_home(store, home))
    about = _Partner(hit, _partner_country(store, hit))
    found = _candidates(store, about, around)
    by_label = _not_engaged(store, found, about, around)
    ties = _Ties()
    ties.of_twins(store, by_label.get("City", []), about, around)
    ties.of_networks_and_sectors(store, by_label, around, themes or {})
    ties.direct(found, about, around)
    ranked = sorted(
        (_suggestion(found.rows[x], signals, about, around) for x, signals in ties.by.items()),
        key=lambda s: (-s.score, -(s.population or 0), s.name),
    )
    return _in_turns(ranked, found.own, limit)


@dataclass(frozen=True)
class _HomeAround:
    """What the home already has, read once around its node: its side (id → label), its
    country's code, who it is tied to (its twins, networks, priority sectors, investors, all
    of its neighbours) and the cities and countries it shares an engagement with."""

    hit: SearchHit
    side: dict[str, str]
    country: str
    twins: set[str]
    networks: dict[str, dict[str, Any]]
    priorities: dict[str, dict[str, Any]]
    investors: set[str]
    tied: set[str]
    partner_cities: set[str]
    partner_countries: set[str]


def _home_around(store: GraphStore, hit: SearchHit) -> _HomeAround:
    node = store.read(cypher.node(hit.label), {"id": hit.id})[0]["n"]
    country = str(node.get("country_code") or (hit.id if hit.label == "Country" else "")).upper()
    near = store.read(cypher.neighbours_of(hit.label), {"id": hit.id})

    def around(kind: str, direction: str) -> dict[str, dict[str, Any]]:
        return {n["id"]: n for n in near if n["type"] == kind and n["direction"] == direction}

    def partners(label: str) -> list[dict[str, Any]]:
        return store.read(cypher.home_partners(hit.label, label), {"id": hit.id})

    return _HomeAround(
        hit=hit,
        side=side(store, hit.id, hit.label),
        country=country,
        twins={n["id"] for n in near if n["type"] == "TWINNED_WITH"},
        networks=around("MEMBER_OF", "out"),
        priorities=around("PRIORITISES", "out"),
        investors=set(around("INVESTS_IN", "in")),
        tied={n["id"] for n in near},
        partner_cities={r["id"] for r in partners("City")},
        partner_countries={
            r["country_code"] for r in partners("Country") if r["country_code"] != country
        },
    )


@dataclass(frozen=True)
class _Partner:
    """The partner asked about, and its country's code (none for a body of no country)."""

    hit: SearchHit
    country: str

    def cities(self, home: _HomeAround) -> set[str]:
        """The home's partner cities, with the partner itself when it is a city."""
        return home.partner_cities | ({self.hit.id} if self.hit.label == "City" else set())


def _partner_country(store: GraphStore, hit: SearchHit) -> str:
    if hit.label == "Country":
        return hit.id.upper()
    node = store.read(cypher.node(hit.label), {"id": hit.id})[0]["n"]
    return str(node.get("country_code") or "").upper()


@dataclass
class _Found:
    """The candidates as read (id → row, in the order read), the partner's own partners among
    them and those it works with."""

    rows: dict[str, dict[str, Any]] = field(default_factory=dict)
    own: set[str] = field(default_factory=set)
    works_with: set[str] = field(default_factory=set)


def _candidates(store: GraphStore, about: _Partner, home: _HomeAround) -> _Found:
    """The partner's country's cities, companies and bodies (of a country not the home's),
    then, for a city or a body, its own sister cities and those it works with."""
    found = _Found()
    coded = _coded_labels(store.model)
    if about.country and about.country != home.country:
        for label in coded:
            query = cypher.actors_in_country(store.model, label)
            for row in store.read(query, {"cc": about.country}):
                found.rows[row["id"]] = row
    if about.hit.label == "Country":
        return found
    own: dict[str, set[str]] = defaultdict(set)
    for n in store.read(cypher.neighbours_of(about.hit.label), {"id": about.hit.id}):
        if n["type"] in {"TWINNED_WITH", "WORKS_WITH"} and n["label"] in coded:
            own[n["label"]].add(n["id"])
            if n["type"] == "WORKS_WITH":
                found.works_with.add(n["id"])
    for label, wanted in own.items():
        found.own |= wanted
        query = cypher.actors_by_id(store.model, label)
        for row in store.read(query, {"ids": sorted(wanted - set(found.rows))}):
            found.rows[row["id"]] = row
    return found


def _coded_labels(model: Model) -> list[str]:
    """The candidate labels that carry a country's code: a country's cities, companies and
    bodies."""
    labels = model.labels.items()
    return [n for n, lab in labels if lab.candidate and "country_code" in lab.properties]


def _not_engaged(
    store: GraphStore, found: _Found, about: _Partner, home: _HomeAround
) -> dict[str, list[str]]:
    """Drops from ``found`` the partner, the home's side and neighbours, whatever is in the
    home's country and whatever shares an engagement with the home side; gives what is left
    by label, in the order read."""
    for n in [about.hit.id, *home.side, *home.tied]:
        found.rows.pop(n, None)
    rows = found.rows = {
        k: r for k, r in found.rows.items() if (r["country_code"] or "").upper() != home.country
    }
    by_label: dict[str, list[str]] = defaultdict(list)
    for k, r in rows.items():
        by_label[r["label"]].append(k)
    home_ids = sorted(home.side)
    for label, ids in by_label.items():
        for row in store.read(cypher.engaged_with_home(label), {"ids": ids, "home": home_ids}):
            rows.pop(row["id"], None)
    return {label: [k for k in ids if k in rows] for label, ids in by_label.items()}


class _Ties:
    """What ties each candidate to the home: candidate → signal → the entities it goes
    through, in the order found."""

    def __init__(self) -> None:
        self.by: dict[str, dict[str, list[Via]]] = defaultdict(lambda: defaultdict(list))

    def tie(self, x: str, signal: str, via: dict[str, Any]) -> None:
        self.by[x][signal].append(
            Via(
                id=via["id"],
                name=via.get("name") or via["id"],
                name_vi=via.get("name_vi"),
                country_code=via.get("country_code"),
            )
        )

    def of_twins(
        self, store: GraphStore, cities: list[str], about: _Partner, home: _HomeAround
    ) -> None:
        """Each candidate city's sister cities, the closest tie first: a sister city of the
        home's, a partner city of the home, a city in the home's country, a city in a
        country the home works with (other than the partner's)."""
        if not cities:
            return
        partner_cities = about.cities(home)
        for row in store.read(cypher.CITY_TWINS, {"ids": cities}):
            x, twin = row["id"], {**row, "id": row["twin"]}
            code = (row["country_code"] or "").upper()
            if row["twin"] in home.twins:
                self.tie(x, "sister_of_home_twin", twin)
            elif row["twin"] in partner_cities:
                self.tie(x, "sister_of_partner", twin)
            elif code == home.country:
                self.tie(x, "sister_in_home_country", twin)
            elif code in home.partner_countries and code != about.country:
                self.tie(x, "sister_in_partner_countries", twin)

    def of_networks_and_sectors(
        self,
        store: GraphStore,
        by_label: dict[str, list[str]],
        home: _HomeAround,
        themes: dict[str, str],
    ) -> None:
        """The home's networks each candidate belongs to, and (not for cities) the sectors it
        works in: a theme of the home's engagements with the partner, else a priority."""
        for label, ids in by_label.items():
            if not ids:
                continue
            for row in store.read(cypher.memberships_of(label), {"ids": ids}):
                if row["via"] in home.networks:
                    self.tie(row["id"], "shared_membership", home.networks[row["via"]])
            if label == "City":
                continue
            for row in store.read(cypher.concerns_of(label), {"ids": ids}):
                if row["via"] in themes:
                    theme = {"id": row["via"], "name": themes[row["via"]]}
                    self.tie(row["id"], "partner_theme", theme)
                elif row["via"] in home.priorities:
                    self.tie(row["id"], "priority_sector", home.priorities[row["via"]])

    def direct(self, found: _Found, about: _Partner, home: _HomeAround) -> None:
        """Who invests in the home, and who works with the partner."""
        for x in found.rows:
            if x in home.investors:
                self.tie(x, "investor", {"id": home.hit.id, "name": home.hit.name})
            if x in found.works_with:
                self.tie(x, "works_with_partner", {"id": about.hit.id, "name": about.hit.name})


def _suggestion(
    row: dict[str, Any], signals: dict[str, list[Via]], about: _Partner, home: _HomeAround
) -> Suggestion:
    """One candidate with its reasons, strongest first; its score is theirs summed."""
    reasons = sorted(
        (_reason(sig, via, about, home) for sig, via in signals.items()),
        key=lambda r: (-r.score, r.signal),
    )
    for why in reasons:
        why.path[-1] = row["name"]
    return Suggestion(
        id=row["id"],
        name=row["name"],
        name_vi=row["name_vi"],
        label=row["label"],
        country_code=row["country_code"],
        population=row["population"],
        score=round(sum(r.score for r in reasons), 4),
        reasons=reasons,
    )


def _reason(signal: str, via: list[Via], about: _Partner, home: _HomeAround) -> Reason:
    """One signal in plain words, weighed by how many it goes through: sister cities in the
    countries the home works with count once per country, at most :data:`_PER_COUNTRY_CAP`."""
    if signal == "sister_in_partner_countries":
        countries = len({v.country_code for v in via})
        score = OPPORTUNITY_WEIGHTS[signal] * min(countries, _PER_COUNTRY_CAP)
    else:
        score = OPPORTUNITY_WEIGHTS[signal] * len(via)
    names = ", ".join(v.name for v in via[:3]) + (
        f" (and {len(via) - 3} more)" if len(via) > 3 else ""
    )
    home_name, partner_name = home.hit.name, about.hit.name
    text = {
        "sister_of_home_twin": f"a sister city of {names}, as {home_name} is",
        "sister_of_partner": f"a sister city of {names}, which {home_name} has worked with",
        "sister_in_home_country": f"a sister city of {names}, in {home_name}'s country",
        "sister_in_partner_countries": (
            f"a sister city of {names}, in countries {home_name} works with"
        ),
        "shared_membership": f"a fellow member of {names}, as {home_name} is",
        "priority_sector": f"works in {names}, a priority of {home_name}",
        "partner_theme": f"works in {names}, a subject of {home_name}'s engagements with "
        f"{partner_name}",
        "investor": f"invests in {home_name}",
        "works_with_partner": f"works with {partner_name}",
    }[signal]
    return Reason(
        signal=signal,
        score=round(score, 4),
        text=text,
        path=[home_name, "…", via[0].name, "—", "…"],
        via=via,
    )


def _in_turns(ranked: list[Suggestion], own: set[str], limit: int) -> list[Suggestion]:
    """A city's own partners and its country's other actors, in turns, each in rank order;
    the first ``limit``."""
    if not own:
        return ranked[:limit]
    mine = [s for s in ranked if s.id in own]
    others = [s for s in ranked if s.id not in own]
    mixed = [s for pair in zip(mine, others, strict=False) for s in pair]
    rest = mine[len(others) :] + others[len(mine) :]
    return (mixed + rest)[:limit]
