"""What the web app holds while it runs: settings, one store, and a networkx view of the graph
that is rebuilt only after an upload changes the graph. One graph may hold many localities: the
answers kept are keyed by the home each was asked for."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import networkx as nx

from graph.errors import PartnergraphError
from graph.questions import SearchHit, Suggestion, unexplored
from graph.questions.home import find_home
from graph.questions.lookup import keep_index, name_index, refresh_index
from graph.settings import Settings
from graph.stores import GraphStore

T = TypeVar("T")
log = logging.getLogger("partnergraph")


@dataclass
class AppState:
    settings: Settings
    store: GraphStore
    _graph: nx.MultiDiGraph | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _memo: dict[tuple[Any, ...], Any] = field(default_factory=dict)
    version: int = 0  # how many times the graph changed: an answer is kept for its version only

    def __post_init__(self) -> None:
        keep_index(self.store)  # one name index per graph version for every search and look-up

    @property
    def writable(self) -> bool:
        """Whether uploads are possible: a read-write store and a key to ask for."""
        return not self.store.read_only and self.settings.api_key is not None

    def graph(self) -> nx.MultiDiGraph:
        """The analytics view, built once (about a second with the twin-city list) and shared
        by every request until the graph changes."""
        with self._lock:
            if self._graph is None:
                self._graph = self.store.to_networkx()
            return self._graph

    def changed(self) -> None:
        with self._lock:
            self._graph = None
            self._memo.clear()
            self.version += 1
        refresh_index(self.store)

    def warm(self) -> None:
        """Build the name index, the networkx view and the home page's suggestions, and warm
        the briefs' PDF engine, ahead of the first visitor (about 5 s with the twin-city list);
        run in a background thread at start-up."""
        from graph.briefs.render import warm as warm_briefs

        try:
            name_index(self.store)
            self.unexplored(limit=10, labels=None)
            warm_briefs()
        except PartnergraphError as exc:  # the pages will show the same error when asked
            log.warning("could not prepare the graph view: %s", exc)

    def counts(self) -> dict[str, int]:
        return self._remember(("counts",), self.store.counts)

    def home(self, ref: str | None = None) -> SearchHit:
        """The home ``ref`` names (an id or a name; default the setting), found once per graph
        version; :class:`~graph.errors.UnknownHome` with the close matches otherwise."""
        return self._remember(
            ("home", ref or self.settings.home),
            lambda: find_home(self.store, ref or self.settings.home),
        )

    def unexplored(
        self, *, home: str | None = None, limit: int, labels: frozenset[str] | None
    ) -> list[Suggestion]:
        """Suggestions are the same until the graph changes: computed once per question and
        home (``home``: an id; default the setting)."""
        home_id = self.home(home).id
        return self._remember(
            ("unexplored", home_id, limit, labels),
            lambda: unexplored(
                self.store,
                home=home_id,
                limit=limit,
                labels=set(labels) if labels else None,
                graph=self.graph(),
            ),
        )

    def engagements(self) -> dict[str, int]:
        """How many engagements each node takes part in, in the whole graph (what the network
        view ranks labels by), counted once per graph version: an engagement's own parties only
        (an engagement counts none)."""
        return self._remember(("engagements",), self._count_engagements)

    def _count_engagements(self) -> dict[str, int]:
        g = self.graph()
        dated = set(self.store.model.engagement_labels)
        counts: dict[str, int] = {}
        for n, label in g.nodes(data="label"):
            if label not in dated:
                continue
            for m in set(g.successors(n)) | set(g.predecessors(n)):
                if g.nodes[m].get("label") not in dated:
                    counts[m] = counts.get(m, 0) + 1
        return counts

    def remember(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        """``compute()``'s answer for this graph version, kept for the next request that asks
        the same ``key`` (the routes' own kept answers: the network view's)."""
        return self._remember(key, compute)

    def _remember(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        """``compute()``'s answer, kept until the graph changes. It runs outside the lock (it may
        take seconds and build the networkx view, which takes the lock), so it is kept only if
        no upload changed the graph meanwhile: an answer about the old graph is never served
        for the new one."""
        with self._lock:
            if key in self._memo:
                kept: T = self._memo[key]
                return kept
            version = self.version
        value = compute()
        with self._lock:
            if self.version == version:
                if len(self._memo) > 256:  # many different questions: start afresh
                    self._memo.clear()
                self._memo[key] = value
        return value
